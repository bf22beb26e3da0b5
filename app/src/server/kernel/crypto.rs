//! Sealing sensitive fields at rest (budget amounts, expenses): AES-256-GCM under the key from
//! configuration (`MARQUEE_SECRET_KEY`). A sealed value names the key it was sealed with, so
//! after a key change the previous keys still open old values, and [`reseal`] rewrites them
//! under the new one at start-up. Each value is bound to its field: a sealed amount copied into
//! another column does not open.
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::entity::{
    alert, approval_request, approved_budget, budget_line, case, expense, mail_setting,
    project_template, push_key, webhook,
};
use crate::error::{AppError, AppResult};

/// What a value is sealed as: `v2` binds it to its row (the associated data is `field#row`) and
/// pads it, so that its length says nothing of it; `v1` (bound to its column only, unpadded)
/// is still read, and `reseal` rewrites it as `v2` at start.
const FORMAT: &str = "v2";
const LEGACY: &str = "v1";
const NONCE_LEN: usize = 12;
/// Sealed values are padded to a multiple of this many bytes.
const PAD: usize = 32;

/// The field of one row, as values are bound to it: `budget_lines.planned#42`.
pub fn at(field: &str, row: impl std::fmt::Display) -> String {
    format!("{field}#{row}")
}

/// The sealed fields, as `table.column`: what a value is bound to.
pub const BUDGET_PLANNED: &str = "budget_lines.planned";
pub const EXPENSE_AMOUNT: &str = "expenses.amount";
pub const WEBHOOK_SECRET: &str = "webhooks.secret";
pub const TEMPLATE_BUDGET: &str = "project_templates.budget";
pub const CASE_BUDGET: &str = "cases.budget";
pub const APPROVAL_CHANGE: &str = "approval_requests.change";
pub const APPROVED_BUDGET: &str = "approved_budgets.amount";
pub const WEBHOOK_URL: &str = "webhooks.url";
pub const ALERT_DETAIL: &str = "alerts.detail";
pub const MAIL_PASSWORD: &str = "mail_settings.password";
pub const PUSH_KEY: &str = "push_keys.private_key";

pub struct Sealer {
    /// The current key first, then the previous ones; each with its id.
    keys: Vec<(String, Aes256Gcm)>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Sealer").field("key_ids", &ids).finish()
    }
}

/// A key from configuration: 64 hex digits are the key's 32 bytes; any other text is a
/// passphrase, stretched into a key by argon2id (64 MiB, three passes), so that guessing it
/// from a stolen database costs what guessing a password does.
fn key_bytes(text: &str) -> Result<[u8; 32], String> {
    let text = text.trim();
    let mut key = [0u8; 32];
    if text.len() == 64 && hex::decode_to_slice(text, &mut key).is_ok() {
        return Ok(key);
    }
    let params = argon2::Params::new(64 * 1024, 3, 1, Some(32)).map_err(|e| e.to_string())?;
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(text.as_bytes(), b"marquee secret key, 2026", &mut key)
        .map_err(|e| e.to_string())?;
    Ok(key)
}

/// The key a passphrase gave before it was stretched (one SHA-256), still read so that values
/// sealed under it open and are sealed again under the stretched key at start.
fn legacy_passphrase_key(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    let mut key = [0u8; 32];
    if text.len() == 64 && hex::decode_to_slice(text, &mut key).is_ok() {
        return None;
    }
    key.copy_from_slice(&Sha256::digest(text.as_bytes()));
    Some(key)
}

fn key_id(key: &[u8; 32]) -> String {
    let mut h = Sha256::new();
    h.update(b"marquee key id\0");
    h.update(key);
    hex::encode(&h.finalize()[..4])
}

#[derive(Debug, PartialEq, Eq)]
pub enum SealError {
    /// Not a sealed value at all.
    Malformed,
    /// Sealed with a key that is not configured.
    UnknownKey(String),
    /// The key is known but the value does not open: altered, or moved from another field.
    Tampered,
}

impl Sealer {
    pub fn new(current: &str, previous: &[String]) -> Result<Sealer, String> {
        if current.trim().is_empty() {
            return Err("MARQUEE_SECRET_KEY is empty".into());
        }
        let mut keys: Vec<(String, Aes256Gcm)> = Vec::new();
        let texts: Vec<&str> = std::iter::once(current)
            .chain(previous.iter().map(String::as_str))
            .filter(|t| !t.trim().is_empty())
            .collect();
        let stretched = texts.iter().map(|t| key_bytes(t));
        let legacy = texts
            .iter()
            .filter_map(|t| legacy_passphrase_key(t))
            .map(Ok);
        for key in stretched.chain(legacy) {
            let key = key?;
            let id = key_id(&key);
            if keys.iter().any(|(known, _)| *known == id) {
                continue;
            }
            let cipher = Aes256Gcm::new_from_slice(&key).map_err(|e| e.to_string())?;
            keys.push((id, cipher));
        }
        Ok(Sealer { keys })
    }

    fn current(&self) -> &(String, Aes256Gcm) {
        &self.keys[0]
    }

    /// Seals `plain` for `field` — a column, or one row of it (`at`): it opens only there.
    pub fn seal(&self, field: &str, plain: &[u8]) -> String {
        let (id, cipher) = self.current();
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        // Its length first, then the value, then zeros to the next multiple of PAD.
        let length = u32::try_from(plain.len()).unwrap_or(u32::MAX);
        let mut padded = Vec::with_capacity((plain.len() + 4).div_ceil(PAD) * PAD);
        padded.extend_from_slice(&length.to_le_bytes());
        padded.extend_from_slice(plain);
        padded.resize(padded.len().div_ceil(PAD) * PAD, 0);
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &padded,
                    aad: field.as_bytes(),
                },
            )
            .expect("AES-GCM encrypts any message of this size");
        format!(
            "{FORMAT}:{id}:{}{}",
            hex::encode(nonce),
            hex::encode(sealed)
        )
    }

    pub fn open(&self, field: &str, sealed: &str) -> Result<Vec<u8>, SealError> {
        let mut parts = sealed.splitn(3, ':');
        let (Some(format), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(SealError::Malformed);
        };
        // A value sealed before rows were bound names its column alone.
        let aad = match format {
            FORMAT => field,
            LEGACY => field.split('#').next().unwrap_or(field),
            _ => return Err(SealError::Malformed),
        };
        let bytes = hex::decode(body).map_err(|_| SealError::Malformed)?;
        if bytes.len() < NONCE_LEN {
            return Err(SealError::Malformed);
        }
        let (_, cipher) = self
            .keys
            .iter()
            .find(|(known, _)| known == id)
            .ok_or_else(|| SealError::UnknownKey(id.to_string()))?;
        let (nonce, message) = bytes.split_at(NONCE_LEN);
        let plain = cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: message,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SealError::Tampered)?;
        if format == LEGACY {
            return Ok(plain);
        }
        let length = plain
            .get(..4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(|b| u32::from_le_bytes(b) as usize)
            .ok_or(SealError::Malformed)?;
        plain
            .get(4..4 + length)
            .map(<[u8]>::to_vec)
            .ok_or(SealError::Malformed)
    }

    /// Whether `text` is a sealed value at all (an older version kept some fields plain).
    pub fn is_sealed(text: &str) -> bool {
        [FORMAT, LEGACY].iter().any(|f| {
            text.strip_prefix(f)
                .is_some_and(|rest| rest.starts_with(':'))
        })
    }

    /// Whether `sealed` is sealed as values are now: under the current key, bound to its row.
    pub fn is_current(&self, sealed: &str) -> bool {
        sealed
            .strip_prefix(FORMAT)
            .and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|rest| rest.starts_with(&format!("{}:", self.current().0)))
    }

    pub fn seal_amount(&self, field: &str, minor: i64) -> String {
        self.seal(field, minor.to_string().as_bytes())
    }

    /// An amount sealed by [`Sealer::seal_amount`]. A value that does not open is a fault of
    /// the installation (a missing key, an altered row), logged and never shown as a number.
    pub fn open_amount(&self, field: &str, sealed: &str) -> AppResult<i64> {
        let plain = self.open(field, sealed).map_err(|e| {
            tracing::error!(field, error = ?e, "a sealed amount does not open");
            AppError::Internal
        })?;
        std::str::from_utf8(&plain)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| {
                tracing::error!(field, "a sealed amount is not a number");
                AppError::Internal
            })
    }

    /// Opens a value sealed under any configured key and seals it again under the current one.
    fn reseal_value(&self, field: &str, sealed: &str) -> Result<String, String> {
        let plain = self.open(field, sealed).map_err(|e| match e {
            SealError::UnknownKey(id) => format!(
                "{field} holds values sealed with key {id}, which is not configured: \
                 add the old key to MARQUEE_PREVIOUS_SECRET_KEYS"
            ),
            other => format!("{field} holds a value that does not open: {other:?}"),
        })?;
        Ok(self.seal(field, &plain))
    }
}

/// Rewrites every sealed value not under the current key, in one transaction; how many. Run at
/// start-up, so a key change is finished before the first request. A value sealed with a key
/// that is not configured stops the start with a message naming it: nothing is lost.
pub async fn reseal(db: &sea_orm::DatabaseConnection, sealer: &Sealer) -> Result<u64, String> {
    let txn = db.begin().await.map_err(|e| e.to_string())?;
    let mut count = 0;
    for line in budget_line::Entity::find()
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        if sealer.is_current(&line.planned) {
            continue;
        }
        let planned = sealer.reseal_value(&at(BUDGET_PLANNED, line.id), &line.planned)?;
        let mut changed: budget_line::ActiveModel = line.into();
        changed.planned = Set(planned);
        changed.update(&txn).await.map_err(|e| e.to_string())?;
        count += 1;
    }
    for row in expense::Entity::find()
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        if sealer.is_current(&row.amount) {
            continue;
        }
        let amount = sealer.reseal_value(&at(EXPENSE_AMOUNT, row.id), &row.amount)?;
        let mut changed: expense::ActiveModel = row.into();
        changed.amount = Set(amount);
        changed.update(&txn).await.map_err(|e| e.to_string())?;
        count += 1;
    }
    for row in alert::Entity::find()
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        if !Sealer::is_sealed(&row.detail) || sealer.is_current(&row.detail) {
            continue;
        }
        let detail = sealer.reseal_value(&at(ALERT_DETAIL, &row.key), &row.detail)?;
        let mut changed: alert::ActiveModel = row.into();
        changed.detail = Set(detail);
        changed.update(&txn).await.map_err(|e| e.to_string())?;
        count += 1;
    }
    for row in approved_budget::Entity::find()
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        if sealer.is_current(&row.amount) {
            continue;
        }
        let amount = sealer.reseal_value(&at(APPROVED_BUDGET, row.project_id), &row.amount)?;
        let mut changed: approved_budget::ActiveModel = row.into();
        changed.amount = Set(amount);
        changed.update(&txn).await.map_err(|e| e.to_string())?;
        count += 1;
    }
    for row in webhook::Entity::find()
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        // Addresses carry robot keys: kept sealed (plain in an older version).
        if !Sealer::is_sealed(&row.url) || !sealer.is_current(&row.url) {
            let url = if Sealer::is_sealed(&row.url) {
                sealer.reseal_value(&at(WEBHOOK_URL, row.id), &row.url)?
            } else {
                sealer.seal(&at(WEBHOOK_URL, row.id), row.url.as_bytes())
            };
            let mut changed: webhook::ActiveModel = row.clone().into();
            changed.url = Set(url);
            changed.update(&txn).await.map_err(|e| e.to_string())?;
            count += 1;
        }
        let row = webhook::Entity::find_by_id(row.id)
            .one(&txn)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("a webhook vanished while resealing")?;
        if row.secret.is_empty() || sealer.is_current(&row.secret) {
            continue;
        }
        let secret = sealer.reseal_value(&at(WEBHOOK_SECRET, row.id), &row.secret)?;
        let mut changed: webhook::ActiveModel = row.into();
        changed.secret = Set(secret);
        changed.update(&txn).await.map_err(|e| e.to_string())?;
        count += 1;
    }
    for row in project_template::Entity::find()
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        if sealer.is_current(&row.budget) {
            continue;
        }
        let budget = sealer.reseal_value(&at(TEMPLATE_BUDGET, row.id), &row.budget)?;
        let mut changed: project_template::ActiveModel = row.into();
        changed.budget = Set(budget);
        changed.update(&txn).await.map_err(|e| e.to_string())?;
        count += 1;
    }
    for row in case::Entity::find()
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        if row.budget.is_empty() || sealer.is_current(&row.budget) {
            continue;
        }
        let budget = sealer.reseal_value(&at(CASE_BUDGET, row.id), &row.budget)?;
        let mut changed: case::ActiveModel = row.into();
        changed.budget = Set(budget);
        changed.update(&txn).await.map_err(|e| e.to_string())?;
        count += 1;
    }
    for row in approval_request::Entity::find()
        .filter(approval_request::Column::Change.is_not_null())
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        let Some(sealed) = row.change.clone() else {
            continue;
        };
        if sealer.is_current(&sealed) {
            continue;
        }
        let change = sealer.reseal_value(&at(APPROVAL_CHANGE, row.id), &sealed)?;
        let mut changed: approval_request::ActiveModel = row.into();
        changed.change = Set(Some(change));
        changed.update(&txn).await.map_err(|e| e.to_string())?;
        count += 1;
    }
    // One row each: the SMTP password (when set) and the VAPID key.
    if let Some(row) = mail_setting::Entity::find_by_id(1)
        .one(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        if !row.password.is_empty() && !sealer.is_current(&row.password) {
            let password = sealer.reseal_value(&at(MAIL_PASSWORD, 1), &row.password)?;
            let mut changed: mail_setting::ActiveModel = row.into();
            changed.password = Set(password);
            changed.update(&txn).await.map_err(|e| e.to_string())?;
            count += 1;
        }
    }
    if let Some(row) = push_key::Entity::find_by_id(1)
        .one(&txn)
        .await
        .map_err(|e| e.to_string())?
    {
        if !sealer.is_current(&row.private_key) {
            let key = sealer.reseal_value(&at(PUSH_KEY, 1), &row.private_key)?;
            let mut changed: push_key::ActiveModel = row.into();
            changed.private_key = Set(key);
            changed.update(&txn).await.map_err(|e| e.to_string())?;
            count += 1;
        }
    }
    txn.commit().await.map_err(|e| e.to_string())?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_amount_opens_only_with_its_key_and_in_its_field() {
        let sealer = Sealer::new(&"ab".repeat(32), &[]).unwrap();
        let sealed = sealer.seal_amount(BUDGET_PLANNED, 1_234_500);
        assert!(!sealed.contains("1234500"));
        assert_eq!(sealer.open_amount(BUDGET_PLANNED, &sealed), Ok(1_234_500));
        // The same amount twice seals differently (a fresh nonce each time).
        assert_ne!(sealed, sealer.seal_amount(BUDGET_PLANNED, 1_234_500));
        assert_eq!(
            sealer.open(EXPENSE_AMOUNT, &sealed),
            Err(SealError::Tampered)
        );
        let mut altered = sealed.clone();
        let last = altered.pop().unwrap();
        altered.push(if last == '0' { '1' } else { '0' });
        assert_eq!(
            sealer.open(BUDGET_PLANNED, &altered),
            Err(SealError::Tampered)
        );
        assert_eq!(
            sealer.open(BUDGET_PLANNED, "123"),
            Err(SealError::Malformed)
        );
        let other = Sealer::new("another passphrase", &[]).unwrap();
        assert!(matches!(
            other.open(BUDGET_PLANNED, &sealed),
            Err(SealError::UnknownKey(_))
        ));
    }

    #[test]
    fn after_a_key_change_old_values_open_and_are_sealed_anew() {
        let old = Sealer::new("old key", &[]).unwrap();
        let sealed = old.seal_amount(EXPENSE_AMOUNT, -42);
        let new = Sealer::new("new key", &["old key".to_string()]).unwrap();
        assert!(!new.is_current(&sealed));
        assert_eq!(new.open_amount(EXPENSE_AMOUNT, &sealed), Ok(-42));
        let resealed = new.reseal_value(EXPENSE_AMOUNT, &sealed).unwrap();
        assert!(new.is_current(&resealed));
        let only_new = Sealer::new("new key", &[]).unwrap();
        assert_eq!(only_new.open_amount(EXPENSE_AMOUNT, &resealed), Ok(-42));
        assert!(only_new
            .reseal_value(EXPENSE_AMOUNT, &sealed)
            .unwrap_err()
            .contains("MARQUEE_PREVIOUS_SECRET_KEYS"));
    }

    #[test]
    fn a_passphrase_is_stretched_and_values_under_its_old_key_still_open() {
        // A value sealed when a passphrase was hashed once, as Marquee did before.
        let legacy = legacy_passphrase_key("team passphrase").unwrap();
        let mut old = Sealer::new(&hex::encode(legacy), &[]).unwrap();
        let sealed = old.seal_amount(BUDGET_PLANNED, 5_000_000);
        let now = Sealer::new("team passphrase", &[]).unwrap();
        // The stretched key is current; the old one still opens, and the value is resealed.
        assert_ne!(now.current().0, old.keys.remove(0).0);
        assert!(!now.is_current(&sealed));
        assert_eq!(now.open_amount(BUDGET_PLANNED, &sealed), Ok(5_000_000));
        assert!(now.is_current(&now.reseal_value(BUDGET_PLANNED, &sealed).unwrap()));
        // 64 hex digits are a key as they are: nothing stretched, nothing extra.
        assert_eq!(Sealer::new(&"ab".repeat(32), &[]).unwrap().keys.len(), 1);
    }

    /// A value as the previous format sealed it: bound to its column, unpadded.
    fn sealed_v1(sealer: &Sealer, field: &str, plain: &[u8]) -> String {
        let (id, cipher) = sealer.current();
        let nonce = [7u8; NONCE_LEN];
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: field.as_bytes(),
                },
            )
            .unwrap();
        format!(
            "{LEGACY}:{id}:{}{}",
            hex::encode(nonce),
            hex::encode(sealed)
        )
    }

    #[test]
    fn a_value_opens_only_in_its_own_row_and_its_length_says_nothing() {
        let sealer = Sealer::new(&"cd".repeat(32), &[]).unwrap();
        let small = sealer.seal_amount(&at(BUDGET_PLANNED, 1), 5);
        let large = sealer.seal_amount(&at(BUDGET_PLANNED, 1), 987_654_321_000);
        assert_eq!(small.len(), large.len());
        assert_eq!(
            sealer.open_amount(&at(BUDGET_PLANNED, 1), &large),
            Ok(987_654_321_000)
        );
        // Moved to another row (or another column), it does not open.
        assert_eq!(
            sealer.open(&at(BUDGET_PLANNED, 2), &large),
            Err(SealError::Tampered)
        );
        assert_eq!(
            sealer.open(&at(EXPENSE_AMOUNT, 1), &large),
            Err(SealError::Tampered)
        );
        // A value of the previous format opens in any row of its column, is not current, and
        // is sealed anew bound to its row.
        let old = sealed_v1(&sealer, BUDGET_PLANNED, b"1200");
        assert_eq!(sealer.open_amount(&at(BUDGET_PLANNED, 9), &old), Ok(1200));
        assert!(Sealer::is_sealed(&old) && !sealer.is_current(&old));
        let anew = sealer.reseal_value(&at(BUDGET_PLANNED, 9), &old).unwrap();
        assert!(sealer.is_current(&anew));
        assert_eq!(
            sealer.open(&at(BUDGET_PLANNED, 8), &anew),
            Err(SealError::Tampered)
        );
    }
}
