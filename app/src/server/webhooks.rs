//! Outbound notifications of approval events as signed webhooks: DingTalk group robots
//! (markdown, signed with HMAC-SHA256 over the timestamp and secret), WeCom group robots
//! (markdown; the key is in the URL) and a generic JSON body for an in-house OA, signed in a
//! header. An event is queued in the transaction that makes it (one delivery per webhook), and
//! a worker in every server process sends what is due: a delivery is claimed by moving its
//! attempt count on, so two processes never send it twice; failures are retried with growing
//! pauses, then given up and shown as failed in the delivery log.
use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::books::open_change;
use super::kernel::authz::require;
use super::kernel::crypto::{at, Sealer, WEBHOOK_SECRET, WEBHOOK_URL};
use super::kernel::entity::{approval_request, project, webhook, webhook_delivery};
use super::kernel::outbound::{self, Outbound};
use super::kernel::records::{at_version, write_at_version};
use super::kernel::{audit, AppState, Caller};
use crate::domain::money::{format_amount, Currency};
use crate::domain::policy::Action;
use crate::domain::validate::{Problems, NAME_MAX};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{
    AuditAction, AuditEntity, DeliveryStatus, DeliveryView, Id, WebhookEvent, WebhookInput,
    WebhookKind, WebhookView,
};

pub const WEBHOOKS_MAX: usize = 50;
const URL_MAX: usize = 1000;
/// Deliveries shown per webhook in the log.
const LOG_ROWS: u64 = 20;
/// How long a claimed delivery is left alone before another process may try it.
const LEASE: Duration = Duration::from_secs(60);
const TIMEOUT: Duration = Duration::from_secs(10);

/// The pause before attempt `attempts + 1` after `attempts` failed ones; `None`: give up.
pub fn backoff(attempts: i32) -> Option<Duration> {
    const PAUSES: [u64; 5] = [30, 120, 600, 3600, 6 * 3600];
    usize::try_from(attempts - 1)
        .ok()
        .and_then(|i| PAUSES.get(i))
        .map(|s| Duration::from_secs(*s))
}

/// What happened, as every format tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub event: WebhookEvent,
    pub project_id: Id,
    pub project: String,
    /// The flow's name; empty for the default.
    pub flow: String,
    /// The step decided, for step events.
    pub step: String,
    pub actor: String,
    pub comment: String,
    pub at: DateTime<Utc>,
    /// What is asked, when it is not the project's submission: a budget change in words —
    /// without its amounts, which are added when a hook set to include them sends it.
    #[serde(default)]
    pub subject: String,
    /// The approval request it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<Id>,
}

fn headline(event: WebhookEvent) -> &'static str {
    match event {
        WebhookEvent::Submitted => "【待审批】",
        WebhookEvent::StepApproved => "【审批通过一步】",
        WebhookEvent::Approved => "【已批准】",
        WebhookEvent::Rejected => "【已驳回】",
        WebhookEvent::Test => "【测试消息】",
    }
}

/// The markdown text of a notice for a group robot, in Chinese as the groups read it.
fn markdown(n: &Notice) -> String {
    let mut text = format!("### {}{}\n\n", headline(n.event), n.project);
    if !n.subject.is_empty() {
        text.push_str(&format!("- 事项：{}\n", n.subject));
    }
    if !n.flow.is_empty() {
        text.push_str(&format!("- 审批流程：{}\n", n.flow));
    }
    if !n.step.is_empty() {
        text.push_str(&format!("- 审批步骤：{}\n", n.step));
    }
    text.push_str(&format!("- 操作人：{}\n", n.actor));
    if !n.comment.is_empty() {
        text.push_str(&format!("- 意见：{}\n", n.comment));
    }
    text.push_str(&format!(
        "- 时间：{}\n",
        n.at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
            .format("%Y-%m-%d %H:%M")
    ));
    text
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// DingTalk's signature of a request: base64 of HMAC-SHA256 over "timestamp\nsecret", keyed by
/// the secret; sent as `timestamp` and `sign` query parameters.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    let digest = hmac_sha256(
        secret.as_bytes(),
        format!("{timestamp_ms}\n{secret}").as_bytes(),
    );
    base64::engine::general_purpose::STANDARD.encode(digest)
}

/// The generic format's signature header value: `sha256=` and the hex HMAC of
/// "timestamp.body".
pub fn generic_signature(secret: &str, timestamp: i64, body: &str) -> String {
    format!(
        "sha256={}",
        hex::encode(hmac_sha256(
            secret.as_bytes(),
            format!("{timestamp}.{body}").as_bytes()
        ))
    )
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A request ready to send: where, the body and its extra headers.
#[derive(Debug, PartialEq, Eq)]
pub struct Outgoing {
    pub url: String,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
}

pub fn outgoing(
    kind: WebhookKind,
    url: &str,
    secret: &str,
    delivery_id: Id,
    notice: &Notice,
    now: DateTime<Utc>,
) -> Outgoing {
    match kind {
        WebhookKind::Dingtalk => {
            let body = serde_json::json!({
                "msgtype": "markdown",
                "markdown": { "title": format!("{}{}", headline(notice.event), notice.project), "text": markdown(notice) },
            })
            .to_string();
            let mut url = url.to_string();
            if !secret.is_empty() {
                let ts = now.timestamp_millis();
                let sep = if url.contains('?') { '&' } else { '?' };
                url = format!(
                    "{url}{sep}timestamp={ts}&sign={}",
                    percent_encode(&dingtalk_sign(secret, ts))
                );
            }
            Outgoing {
                url,
                body,
                headers: Vec::new(),
            }
        }
        WebhookKind::Wecom => Outgoing {
            url: url.to_string(),
            body: serde_json::json!({ "msgtype": "markdown", "markdown": { "content": markdown(notice) } })
                .to_string(),
            headers: Vec::new(),
        },
        WebhookKind::Generic => {
            let body = serde_json::to_string(notice).unwrap_or_default();
            let ts = now.timestamp();
            let mut headers = vec![
                ("x-marquee-event", notice.event.as_str().to_string()),
                ("x-marquee-delivery", delivery_id.to_string()),
                ("x-marquee-timestamp", ts.to_string()),
            ];
            if !secret.is_empty() {
                headers.push(("x-marquee-signature", generic_signature(secret, ts, &body)));
            }
            Outgoing {
                url: url.to_string(),
                body,
                headers,
            }
        }
    }
}

/// Sends one request; `Ok(status)` when the receiver took it, else what went wrong. Group
/// robots answer 200 with an error code when they refuse (a bad signature, say).
async fn send(
    client: &reqwest::Client,
    outbound: &Outbound,
    out: &Outgoing,
) -> (Option<i32>, Result<(), String>) {
    let permitted = reqwest::Url::parse(&out.url).is_ok_and(|u| outbound.permits(&u));
    if !permitted {
        return (None, Err(outbound::REFUSED.to_string()));
    }
    let mut request = client
        .post(&out.url)
        .header("content-type", "application/json")
        .body(out.body.clone());
    for (name, value) in &out.headers {
        request = request.header(*name, value);
    }
    match request.send().await {
        // Without the address: it may carry a robot's key.
        Err(e) => (None, Err(e.without_url().to_string())),
        Ok(response) => {
            let status = i32::from(response.status().as_u16());
            // The status line, never what the receiver wrote: an internal page must not be
            // read back through the delivery log.
            if !response.status().is_success() {
                return (Some(status), Err(format!("HTTP {}", response.status())));
            }
            let text = response.text().await.unwrap_or_default();
            let refused = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| {
                    let code = v.get("errcode")?.as_i64()?;
                    (code != 0).then(|| {
                        let message: String = v
                            .get("errmsg")
                            .and_then(|m| m.as_str())
                            .unwrap_or("")
                            .chars()
                            .take(120)
                            .collect();
                        format!("errcode {code}: {message}")
                    })
                });
            match refused {
                Some(message) => (Some(status), Err(message)),
                None => (Some(status), Ok(())),
            }
        }
    }
}

/// Queues `notice` for every active webhook that wants its event, in the caller's transaction.
pub async fn enqueue<C: ConnectionTrait>(db: &C, notice: &Notice) -> AppResult<()> {
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::Active.eq(true))
        .all(db)
        .await?;
    let payload = serde_json::to_string(notice).map_err(|_| AppError::Internal)?;
    let now = Utc::now();
    for hook in hooks {
        let events: Vec<WebhookEvent> = serde_json::from_str(&hook.events).unwrap_or_default();
        if !events.contains(&notice.event) {
            continue;
        }
        webhook_delivery::ActiveModel {
            webhook_id: Set(hook.id),
            event: Set(notice.event.as_str().to_string()),
            payload: Set(payload.clone()),
            status: Set(DeliveryStatus::Pending.as_str().to_string()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_status: Set(None),
            last_error: Set(String::new()),
            created_at: Set(now),
            delivered_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Tries one claimed delivery and records the outcome.
async fn attempt(
    state: &AppState,
    client: &reqwest::Client,
    delivery: webhook_delivery::Model,
) -> AppResult<()> {
    let Some(hook) = webhook::Entity::find_by_id(delivery.webhook_id)
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    let secret = if hook.secret.is_empty() {
        String::new()
    } else {
        let bytes = state
            .sealer
            .open(&at(WEBHOOK_SECRET, hook.id), &hook.secret)
            .map_err(|_| AppError::Internal)?;
        String::from_utf8(bytes).unwrap_or_default()
    };
    let mut notice: Notice =
        serde_json::from_str(&delivery.payload).map_err(|_| AppError::Internal)?;
    // The amounts travel only to a hook an administrator set to carry them; they are never
    // kept in the queued payload.
    if hook.include_amounts {
        if let Some(id) = notice.request_id {
            if let Some(request) = approval_request::Entity::find_by_id(id)
                .one(&state.db)
                .await?
            {
                let currency = project::Entity::find_by_id(request.project_id)
                    .one(&state.db)
                    .await?
                    .and_then(|p| Currency::parse(&p.currency))
                    .unwrap_or_default();
                if let Some(change) = open_change(&state.sealer, &request)? {
                    notice.subject = format!(
                        "{}：{} → {}",
                        notice.subject,
                        format_amount(change.before, currency),
                        format_amount(change.after, currency)
                    );
                }
            }
        }
    }
    let kind = WebhookKind::parse(&hook.kind).unwrap_or(WebhookKind::Generic);
    let url = plain_url(&state.sealer, hook.id, &hook.url)?;
    let out = outgoing(kind, &url, &secret, delivery.id, &notice, Utc::now());
    let (status, result) = send(client, &state.outbound, &out).await;
    let now = Utc::now();
    let mut changed: webhook_delivery::ActiveModel = delivery.clone().into();
    changed.last_status = Set(status);
    match result {
        Ok(()) => {
            changed.status = Set(DeliveryStatus::Delivered.as_str().to_string());
            changed.last_error = Set(String::new());
            changed.delivered_at = Set(Some(now));
        }
        Err(message) => {
            changed.last_error = Set(message);
            let retry = (delivery.event != WebhookEvent::Test.as_str())
                .then(|| backoff(delivery.attempts))
                .flatten();
            match retry {
                Some(pause) => {
                    changed.next_attempt_at =
                        Set(now + chrono::Duration::from_std(pause).unwrap_or_default());
                }
                None => changed.status = Set(DeliveryStatus::Failed.as_str().to_string()),
            }
        }
    }
    changed.update(&state.db).await?;
    Ok(())
}

/// Claims a due delivery for this process: its attempt count moves on and it is leased, only
/// if nobody else did so first.
async fn claim(
    state: &AppState,
    d: &webhook_delivery::Model,
) -> AppResult<Option<webhook_delivery::Model>> {
    let lease_end = Utc::now() + chrono::Duration::from_std(LEASE).unwrap_or_default();
    let result = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Attempts,
            Expr::value(d.attempts + 1),
        )
        .col_expr(
            webhook_delivery::Column::NextAttemptAt,
            Expr::value(lease_end),
        )
        .filter(webhook_delivery::Column::Id.eq(d.id))
        .filter(webhook_delivery::Column::Attempts.eq(d.attempts))
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .exec(&state.db)
        .await?;
    Ok(
        (result.rows_affected == 1).then(|| webhook_delivery::Model {
            attempts: d.attempts + 1,
            next_attempt_at: lease_end,
            ..d.clone()
        }),
    )
}

/// Sends what is due, now and then, for as long as the server runs.
pub async fn run(state: AppState) {
    let client = state.outbound.client(TIMEOUT);
    loop {
        if let Err(e) = deliver_due(&state, &client).await {
            tracing::warn!(error = ?e, "webhook deliveries");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Sends every delivery that is due; how many were tried.
pub async fn deliver_due(state: &AppState, client: &reqwest::Client) -> AppResult<usize> {
    let due = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .filter(webhook_delivery::Column::NextAttemptAt.lte(Utc::now()))
        .order_by_asc(webhook_delivery::Column::Id)
        .limit(20)
        .all(&state.db)
        .await?;
    let mut tried = 0;
    for d in due {
        if let Some(claimed) = claim(state, &d).await? {
            attempt(state, client, claimed).await?;
            tried += 1;
        }
    }
    Ok(tried)
}

fn delivery_view(d: &webhook_delivery::Model) -> DeliveryView {
    DeliveryView {
        id: d.id,
        event: WebhookEvent::parse(&d.event).unwrap_or(WebhookEvent::Test),
        status: DeliveryStatus::parse(&d.status).unwrap_or(DeliveryStatus::Pending),
        attempts: d.attempts,
        last_status: d.last_status,
        last_error: d.last_error.clone(),
        created_at: d.created_at,
        delivered_at: d.delivered_at,
        next_attempt_at: (d.status == DeliveryStatus::Pending.as_str())
            .then_some(d.next_attempt_at),
    }
}

async fn views(state: &AppState) -> AppResult<Vec<WebhookView>> {
    let hooks = webhook::Entity::find()
        .order_by_asc(webhook::Column::Id)
        .all(&state.db)
        .await?;
    let mut out = Vec::with_capacity(hooks.len());
    for h in hooks {
        let deliveries = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::WebhookId.eq(h.id))
            .order_by_desc(webhook_delivery::Column::Id)
            .limit(LOG_ROWS)
            .all(&state.db)
            .await?;
        out.push(WebhookView {
            id: h.id,
            name: h.name.clone(),
            kind: WebhookKind::parse(&h.kind).unwrap_or(WebhookKind::Generic),
            url: masked(&plain_url(&state.sealer, h.id, &h.url)?),
            has_secret: !h.secret.is_empty(),
            events: serde_json::from_str(&h.events).unwrap_or_default(),
            active: h.active,
            include_amounts: h.include_amounts,
            version: h.version,
            deliveries: deliveries.iter().map(delivery_view).collect(),
        });
    }
    Ok(out)
}

pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<WebhookView>> {
    require(caller, Action::ManageWebhooks)?;
    views(state).await
}

/// The audit log's record of a webhook: never its secret.
#[derive(Serialize)]
struct HookRecord<'a> {
    name: &'a str,
    kind: &'a str,
    /// Masked: the audit log never holds a robot's key.
    url: String,
    events: &'a str,
    active: bool,
    include_amounts: bool,
}

/// A hook's address as stored: sealed (an older version kept it plain).
fn plain_url(sealer: &Sealer, hook: Id, stored: &str) -> AppResult<String> {
    if !Sealer::is_sealed(stored) {
        return Ok(stored.to_string());
    }
    let bytes = sealer
        .open(&at(WEBHOOK_URL, hook), stored)
        .map_err(|_| AppError::Internal)?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

/// An address as people see it: the keys DingTalk and WeCom put in it (every value of its
/// query, and any long part of its path) shown by their last four characters only.
pub fn masked(url: &str) -> String {
    let Ok(mut parsed) = reqwest::Url::parse(url) else {
        return "••••".to_string();
    };
    let hide = |value: &str| -> String {
        let chars: Vec<char> = value.chars().collect();
        if chars.len() <= 4 {
            "••••".to_string()
        } else {
            format!(
                "••••{}",
                chars[chars.len() - 4..].iter().collect::<String>()
            )
        }
    };
    let path: Vec<String> = parsed
        .path_segments()
        .map(|segments| {
            segments
                .map(|s| {
                    if s.len() >= 20 {
                        hide(s)
                    } else {
                        s.to_string()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    if !path.is_empty() {
        parsed.set_path(&path.join("/"));
    }
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| (k.to_string(), hide(&v)))
        .collect();
    if pairs.is_empty() {
        parsed.set_query(None);
    } else {
        let query = pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        parsed.set_query(Some(&query));
    }
    // Shown as written: the dots are not to be percent-encoded for people to read.
    parsed.to_string().replace("%E2%80%A2", "•")
}

pub async fn save(
    state: &AppState,
    caller: &Caller,
    input: WebhookInput,
) -> AppResult<Vec<WebhookView>> {
    require(caller, Action::ManageWebhooks)?;
    let mut p = Problems::default();
    p.required("name", &input.name, NAME_MAX);
    p.required("url", &input.url, URL_MAX);
    let url = input.url.trim();
    if !url.is_empty()
        && reqwest::Url::parse(url).map_or(true, |u| !matches!(u.scheme(), "http" | "https"))
    {
        p.add("url", K::ErrWebhookUrl, None);
    }
    p.at_most("secret", &input.secret, 200);
    if input.events.is_empty() {
        p.add("events", K::ErrRequired, None);
    }
    p.finish().map_err(AppError::Invalid)?;
    let mut events = input.events.clone();
    events.dedup();
    let events = serde_json::to_string(&events).map_err(|_| AppError::Internal)?;
    let txn = state.begin_write().await?;
    let now = Utc::now();
    // Both are sealed bound to the hook: a new one is inserted first, to have its id.
    let secret = input.secret.trim();
    let sealed_secret = |id: Id| {
        (!secret.is_empty()).then(|| {
            state
                .sealer
                .seal(&at(WEBHOOK_SECRET, id), secret.as_bytes())
        })
    };
    let existing = webhook::Entity::find().all(&txn).await?;
    // The address as the form showed it (masked) keeps the one stored; anything else replaces it.
    let stored_url = match input.id.and_then(|id| existing.iter().find(|h| h.id == id)) {
        Some(h) => {
            let plain = plain_url(&state.sealer, h.id, &h.url)?;
            (masked(&plain) == url).then_some(plain)
        }
        None => None,
    };
    let plain = stored_url.unwrap_or_else(|| url.to_string());
    let sealed_url = |id: Id| state.sealer.seal(&at(WEBHOOK_URL, id), plain.as_bytes());
    let after = HookRecord {
        name: input.name.trim(),
        kind: input.kind.as_str(),
        url: masked(&plain),
        events: &events,
        active: input.active,
        include_amounts: input.include_amounts,
    };
    match input.id {
        None => {
            if existing.len() >= WEBHOOKS_MAX {
                return Err(AppError::invalid_with(
                    "name",
                    K::ErrTooMany,
                    WEBHOOKS_MAX as i64,
                ));
            }
            let created = webhook::ActiveModel {
                name: Set(input.name.trim().to_string()),
                kind: Set(input.kind.as_str().to_string()),
                url: Set(String::new()),
                secret: Set(String::new()),
                events: Set(events.clone()),
                active: Set(input.active),
                include_amounts: Set(input.include_amounts),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let mut sealed: webhook::ActiveModel = created.clone().into();
            sealed.url = Set(sealed_url(created.id));
            sealed.secret = Set(sealed_secret(created.id).unwrap_or_default());
            sealed.update(&txn).await?;
            audit::Entry::new(AuditEntity::Webhook, created.id, AuditAction::Create)
                .by(caller.id)
                .after(&after)
                .write(&txn)
                .await?;
        }
        Some(id) => {
            let current = existing
                .into_iter()
                .find(|h| h.id == id)
                .ok_or(AppError::NotFound)?;
            let current = at_version(current, input.version)?;
            audit::Entry::new(AuditEntity::Webhook, id, AuditAction::Update)
                .by(caller.id)
                .before(&HookRecord {
                    name: &current.name,
                    kind: &current.kind,
                    url: masked(&plain_url(&state.sealer, current.id, &current.url)?),
                    events: &current.events,
                    active: current.active,
                    include_amounts: current.include_amounts,
                })
                .after(&after)
                .write(&txn)
                .await?;
            let version = current.version;
            let mut changed: webhook::ActiveModel = current.into();
            changed.name = Set(input.name.trim().to_string());
            changed.kind = Set(input.kind.as_str().to_string());
            changed.url = Set(sealed_url(id));
            changed.include_amounts = Set(input.include_amounts);
            // An empty secret on an edit keeps the one set before.
            if let Some(secret) = sealed_secret(id) {
                changed.secret = Set(secret);
            }
            changed.events = Set(events.clone());
            changed.active = Set(input.active);
            changed.version = Set(version + 1);
            changed.updated_at = Set(now);
            write_at_version(&txn, id, version, changed).await?;
        }
    }
    txn.commit().await?;
    views(state).await
}

pub async fn delete(
    state: &AppState,
    caller: &Caller,
    webhook_id: Id,
) -> AppResult<Vec<WebhookView>> {
    require(caller, Action::ManageWebhooks)?;
    let txn = state.begin_write().await?;
    let hook = webhook::Entity::find_by_id(webhook_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::WebhookId.eq(hook.id))
        .exec(&txn)
        .await?;
    webhook::Entity::delete_by_id(hook.id).exec(&txn).await?;
    audit::Entry::new(AuditEntity::Webhook, hook.id, AuditAction::Delete)
        .by(caller.id)
        .before(&HookRecord {
            name: &hook.name,
            kind: &hook.kind,
            url: masked(&plain_url(&state.sealer, hook.id, &hook.url)?),
            events: &hook.events,
            active: hook.active,
            include_amounts: hook.include_amounts,
        })
        .write(&txn)
        .await?;
    txn.commit().await?;
    views(state).await
}

/// Sends a test message to one webhook now (once, no retries) and logs it like any delivery.
pub async fn test(
    state: &AppState,
    caller: &Caller,
    webhook_id: Id,
) -> AppResult<Vec<WebhookView>> {
    require(caller, Action::ManageWebhooks)?;
    let hook = webhook::Entity::find_by_id(webhook_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let notice = Notice {
        subject: String::new(),
        request_id: None,
        event: WebhookEvent::Test,
        project_id: 0,
        project: "Marquee".into(),
        flow: String::new(),
        step: String::new(),
        actor: caller.display_name.clone(),
        comment: String::new(),
        at: now,
    };
    let delivery = webhook_delivery::ActiveModel {
        webhook_id: Set(hook.id),
        event: Set(WebhookEvent::Test.as_str().to_string()),
        payload: Set(serde_json::to_string(&notice).map_err(|_| AppError::Internal)?),
        status: Set(DeliveryStatus::Pending.as_str().to_string()),
        // Sent now, once: a failed test is not retried (see `attempt`).
        attempts: Set(1),
        next_attempt_at: Set(now + chrono::Duration::from_std(LEASE).unwrap_or_default()),
        last_status: Set(None),
        last_error: Set(String::new()),
        created_at: Set(now),
        delivered_at: Set(None),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    attempt(state, &state.outbound.client(TIMEOUT), delivery).await?;
    views(state).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(event: WebhookEvent) -> Notice {
        Notice {
            subject: String::new(),
            request_id: None,
            event,
            project_id: 7,
            project: "双十一大促".into(),
            flow: "Launch review".into(),
            step: String::new(),
            actor: "王芳".into(),
            comment: "预算合理".into(),
            at: DateTime::parse_from_rfc3339("2026-11-01T02:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    #[test]
    fn dingtalk_requests_carry_the_timestamp_and_signature_dingtalk_checks() {
        // DingTalk's own example: secret and timestamp give this signature.
        let secret = "SEC000000000000000000000";
        let ts = 1_700_000_000_000;
        let sign = dingtalk_sign(secret, ts);
        let expected = base64::engine::general_purpose::STANDARD.encode(hmac_sha256(
            secret.as_bytes(),
            format!("{ts}\n{secret}").as_bytes(),
        ));
        assert_eq!(sign, expected);
        let now = DateTime::from_timestamp_millis(ts).unwrap();
        let out = outgoing(
            WebhookKind::Dingtalk,
            "https://oapi.dingtalk.com/robot/send?access_token=abc",
            secret,
            1,
            &notice(WebhookEvent::Submitted),
            now,
        );
        let (head, sign) = out.url.split_once("&sign=").unwrap();
        assert_eq!(
            head,
            "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000"
        );
        // The base64 signature travels percent-encoded.
        assert!(!sign.contains(['+', '/', '=']), "{sign}");
        let body: serde_json::Value = serde_json::from_str(&out.body).unwrap();
        assert_eq!(body["msgtype"], "markdown");
        assert!(body["markdown"]["text"]
            .as_str()
            .unwrap()
            .contains("【待审批】双十一大促"));
        // Shown in China's time.
        assert!(body["markdown"]["text"]
            .as_str()
            .unwrap()
            .contains("2026-11-01 10:00"));
    }

    #[test]
    fn the_generic_format_signs_timestamp_and_body() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let out = outgoing(
            WebhookKind::Generic,
            "http://oa.local/hook",
            "s3cret",
            42,
            &notice(WebhookEvent::Approved),
            now,
        );
        let header = |name: &str| {
            out.headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(header("x-marquee-event").as_deref(), Some("approved"));
        assert_eq!(header("x-marquee-delivery").as_deref(), Some("42"));
        assert_eq!(
            header("x-marquee-signature"),
            Some(generic_signature("s3cret", 1_800_000_000, &out.body))
        );
        let body: Notice = serde_json::from_str(&out.body).unwrap();
        assert_eq!(body, notice(WebhookEvent::Approved));
        // WeCom: markdown content, the key stays in the URL.
        let wecom = outgoing(
            WebhookKind::Wecom,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            "",
            1,
            &notice(WebhookEvent::Rejected),
            now,
        );
        assert!(wecom.body.contains("【已驳回】"));
        assert_eq!(
            wecom.url,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
        );
    }

    #[test]
    fn a_budget_change_says_what_it_asks() {
        let mut n = notice(WebhookEvent::Submitted);
        n.subject = "预算调整 KOL 种草：¥130,000.00 → ¥250,000.00".into();
        let text = markdown(&n);
        assert!(text.contains("- 事项：预算调整 KOL 种草：¥130,000.00 → ¥250,000.00\n"));
        // A project's own submission has no such line.
        assert!(!markdown(&notice(WebhookEvent::Submitted)).contains("事项"));
        // The generic body carries it as a field, and reads back without it for older records.
        let body: serde_json::Value = serde_json::to_value(&n).unwrap();
        assert_eq!(body["subject"], n.subject);
        let mut old = body.clone();
        old.as_object_mut().unwrap().remove("subject");
        let read: Notice = serde_json::from_value(old).unwrap();
        assert_eq!(read.subject, "");
    }

    #[test]
    fn failures_are_retried_with_growing_pauses_then_given_up() {
        assert_eq!(backoff(1), Some(Duration::from_secs(30)));
        assert_eq!(backoff(2), Some(Duration::from_secs(120)));
        assert_eq!(backoff(5), Some(Duration::from_secs(6 * 3600)));
        assert_eq!(backoff(6), None);
        assert_eq!(backoff(i32::MAX), None);
    }
}
