//! Web Push: the server's VAPID key (made at first start, the private half sealed like the
//! budget), each person's devices (a browser subscription each), and the courier. A notice for
//! the push channel waits in the outbox like an email; when it is due it is written in its
//! person's language and handed out as one delivery per device they have then — unique per
//! notice and device, so however many processes look, a device gets it once. Each delivery is
//! encrypted for its browser (RFC 8291), sent to its push service with the VAPID signature, and
//! tried again later when the service is busy or away; a device the service says is gone (404,
//! 410) is forgotten.
use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use p256::ecdsa::SigningKey;
use sea_orm::sea_query::{Condition, Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use super::courier;
use super::kernel::crypto::{at, PUSH_KEY};
use super::kernel::entity::{mail_setting, outbox, push_delivery, push_key, push_subscription};
use super::kernel::notices::{self, backoff, FAILED, PENDING, SENT, SKIPPED};
use super::kernel::webpush::{self, Receiver};
use super::kernel::{clock, AppState, Caller};
use crate::domain::notices as words;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{
    Id, NotificationView, NotifyChannel, NotifyReason, PushDevice, PushSubscriptionInput,
};

/// The most devices one person has pushes sent to.
pub const MOST_DEVICES: u64 = 20;
/// Deliveries taken at a time, and batches at most per look.
const BATCH: u64 = 50;
const ROUNDS: usize = 40;
/// How long a process has to hand out or send what it took before another may.
const LEASE: Duration = Duration::from_secs(120);
const TIMEOUT: Duration = Duration::from_secs(20);
/// How long a push service keeps a message for a device that is off (RFC 8030 `TTL`).
const TTL_SECONDS: u32 = 86_400;
/// How long what was settled is kept.
const KEPT_DAYS: i64 = 30;
/// How often each process looks (or `MARQUEE_ALERT_SCAN_SECONDS`).
const EVERY: Duration = Duration::from_secs(10);
/// A notification's text in a push, at most (a push holds 4 KB, encrypted).
const MOST_BODY_CHARS: usize = 600;

/// The server's key pair: its signing half, and its public half as browsers take it.
pub struct Vapid {
    key: SigningKey,
    pub public: String,
}

/// The key pair, made and kept the first time it is asked for (at start); two processes
/// starting at once keep the first one written.
pub async fn key(state: &AppState) -> AppResult<Vapid> {
    if let Some(row) = push_key::Entity::find_by_id(1).one(&state.db).await? {
        return opened(state, &row);
    }
    let made = SigningKey::random(&mut rand::rngs::OsRng);
    let row = push_key::ActiveModel {
        id: Set(1),
        private_key: Set(state
            .sealer
            .seal(&at(PUSH_KEY, 1), made.to_bytes().as_slice())),
        public_key: Set(webpush::public_key(&made)),
        created_at: Set(Utc::now()),
    };
    push_key::Entity::insert(row)
        .on_conflict(
            OnConflict::column(push_key::Column::Id)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&state.db)
        .await?;
    let row = push_key::Entity::find_by_id(1)
        .one(&state.db)
        .await?
        .ok_or(AppError::Internal)?;
    opened(state, &row)
}

fn opened(state: &AppState, row: &push_key::Model) -> AppResult<Vapid> {
    let bytes = state
        .sealer
        .open(&at(PUSH_KEY, 1), &row.private_key)
        .map_err(|_| AppError::Internal)?;
    let key = SigningKey::from_slice(&bytes).map_err(|_| AppError::Internal)?;
    Ok(Vapid {
        public: webpush::public_key(&key),
        key,
    })
}

/// The public key a browser subscribes with (`applicationServerKey`).
pub async fn public_key(state: &AppState, _caller: &Caller) -> AppResult<String> {
    Ok(key(state).await?.public)
}

/// The caller's devices, newest first.
pub async fn devices(state: &AppState, caller: &Caller) -> AppResult<Vec<PushDevice>> {
    notices::devices(&state.db, caller.id).await
}

/// The subscription checked: its endpoint a push service's address (`https`; plain `http`
/// only to a host the outbound allow-list names), never an internal one; keys that encrypt.
fn checked(state: &AppState, input: &PushSubscriptionInput) -> AppResult<PushSubscriptionInput> {
    let endpoint = input.endpoint.trim().to_string();
    let url_ok = endpoint.len() <= 1_024
        && reqwest::Url::parse(&endpoint).is_ok_and(|u| {
            let scheme_ok =
                u.scheme() == "https" || (u.scheme() == "http" && state.outbound.names(&u));
            scheme_ok
                && u.username().is_empty()
                && u.password().is_none()
                && state.outbound.permits(&u)
        });
    if !url_ok {
        return Err(AppError::invalid("endpoint", K::ErrPushEndpoint));
    }
    let p256dh = input.p256dh.trim().to_string();
    let auth = input.auth.trim().to_string();
    if p256dh.len() > 200 || auth.len() > 100 || Receiver::parse(&p256dh, &auth).is_err() {
        return Err(AppError::invalid("keys", K::ErrPushKeys));
    }
    let agent: String = input
        .agent
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    Ok(PushSubscriptionInput {
        endpoint,
        p256dh,
        auth,
        agent: agent.trim().to_string(),
    })
}

/// Sends the caller's pushes to a browser too. A browser someone else had signed in on is now
/// the caller's: pushes follow whoever allowed them last.
pub async fn subscribe(
    state: &AppState,
    caller: &Caller,
    input: PushSubscriptionInput,
) -> AppResult<Vec<PushDevice>> {
    let input = checked(state, &input)?;
    let txn = state.begin_write().await?;
    let same = push_subscription::Entity::find()
        .filter(push_subscription::Column::Endpoint.eq(input.endpoint.as_str()))
        .one(&txn)
        .await?;
    let others = push_subscription::Entity::find()
        .filter(push_subscription::Column::UserId.eq(caller.id))
        .filter(push_subscription::Column::Endpoint.ne(input.endpoint.as_str()))
        .count(&txn)
        .await?;
    if others >= MOST_DEVICES {
        return Err(AppError::invalid("endpoint", K::ErrPushDevices));
    }
    let mut row = push_subscription::ActiveModel {
        user_id: Set(caller.id),
        endpoint: Set(input.endpoint),
        p256dh: Set(input.p256dh),
        auth: Set(input.auth),
        agent: Set(input.agent),
        created_at: Set(Utc::now()),
        last_ok_at: Set(None),
        ..Default::default()
    };
    match same {
        Some(before) => {
            row.id = Set(before.id);
            // What was waiting for the one signed in before is not the caller's to get.
            if before.user_id != caller.id {
                push_delivery::Entity::delete_many()
                    .filter(push_delivery::Column::SubscriptionId.eq(before.id))
                    .exec(&txn)
                    .await?;
            }
            row.update(&txn).await?;
        }
        None => {
            row.insert(&txn).await?;
        }
    }
    txn.commit().await?;
    devices(state, caller).await
}

/// Stops pushes to one of the caller's devices (another's is left alone; gone is gone).
pub async fn unsubscribe(state: &AppState, caller: &Caller, id: Id) -> AppResult<Vec<PushDevice>> {
    let txn = state.begin_write().await?;
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::Id.eq(id))
        .filter(push_subscription::Column::UserId.eq(caller.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    devices(state, caller).await
}

/// What the service worker shows.
#[derive(Serialize)]
struct Payload {
    title: String,
    body: String,
    /// Where tapping it leads (a path on this site).
    url: String,
    /// A later push with the same tag replaces this one on the device.
    tag: String,
}

impl Payload {
    fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn shortened(text: &str) -> String {
    if text.chars().count() <= MOST_BODY_CHARS {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MOST_BODY_CHARS - 1).collect();
    out.push('…');
    out
}

fn payload_of(n: &NotificationView, locale: Locale, outbox_id: Id) -> Payload {
    let tag = match n.task_id {
        Some(task) => format!("{}-{task}", n.reason.as_str()),
        None => format!("n-{outbox_id}"),
    };
    Payload {
        title: words::heading(n, locale),
        body: shortened(&words::text(n, locale)),
        url: words::link(n),
        tag,
    }
}

/// What asks something of the person goes out at once even to a phone saving its battery.
fn urgency(reason: NotifyReason) -> &'static str {
    match reason {
        NotifyReason::Mentioned | NotifyReason::ApprovalWaiting => "high",
        _ => "normal",
    }
}

/// Sends a test push to each of the caller's devices now; how many it goes to.
pub async fn test(state: &AppState, caller: &Caller, locale: Locale) -> AppResult<u32> {
    let mine = devices(state, caller).await?;
    if mine.is_empty() {
        return Ok(0);
    }
    let now = Utc::now();
    let payload = Payload {
        title: K::PushTestTitle.text(locale).to_string(),
        body: K::PushTestBody.text(locale).to_string(),
        url: "/account".into(),
        tag: "test".into(),
    }
    .json();
    let rows: Vec<push_delivery::ActiveModel> = mine
        .iter()
        .map(|d| delivery(None, d.id, payload.clone(), "normal", now))
        .collect();
    push_delivery::Entity::insert_many(rows)
        .exec_without_returning(&state.db)
        .await?;
    // Sent now rather than at the next look: the person is waiting for it.
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = deliver(&state, Utc::now()).await {
            tracing::warn!(error = ?e, "test push");
        }
    });
    Ok(u32::try_from(mine.len()).unwrap_or(u32::MAX))
}

fn delivery(
    outbox_id: Option<Id>,
    subscription: Id,
    payload: String,
    urgency: &str,
    now: DateTime<Utc>,
) -> push_delivery::ActiveModel {
    push_delivery::ActiveModel {
        outbox_id: Set(outbox_id),
        subscription_id: Set(subscription),
        payload: Set(payload),
        urgency: Set(urgency.into()),
        created_at: Set(now),
        send_after: Set(now),
        status: Set(PENDING.into()),
        attempts: Set(0),
        lease_until: Set(None),
        last_error: Set(String::new()),
        sent_at: Set(None),
        ..Default::default()
    }
}

/// Hands out the push notices due at `now`: one delivery per device of each person who may
/// still see what it is about; how many deliveries were made.
pub async fn hand_out(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let mut made = 0;
    for _ in 0..ROUNDS {
        let (taken, rows) = hand_out_batch(state, now).await?;
        made += rows;
        if taken < BATCH as usize {
            break;
        }
    }
    Ok(made)
}

async fn hand_out_batch(state: &AppState, now: DateTime<Utc>) -> AppResult<(usize, usize)> {
    let db = &state.db;
    let due = courier::due(state, NotifyChannel::Push, now, BATCH).await?;
    let mut devices: HashMap<Id, Vec<Id>> = HashMap::new();
    for (person, device) in push_subscription::Entity::find()
        .filter(push_subscription::Column::UserId.is_in(due.rows.iter().map(|r| r.user_id)))
        .select_only()
        .column(push_subscription::Column::UserId)
        .column(push_subscription::Column::Id)
        .into_tuple::<(Id, Id)>()
        .all(db)
        .await?
    {
        devices.entry(person).or_default().push(device);
    }
    let mut made = 0;
    for row in &due.rows {
        if !notices::claim(db, row, now, LEASE).await? {
            continue;
        }
        let reader = due.reader(state, row).await?;
        let (Some(reader), Some(theirs)) = (reader, devices.get(&row.user_id)) else {
            settle_notice(db, row, SKIPPED, now).await?;
            continue;
        };
        let payload = payload_of(reader.view, reader.locale, row.id).json();
        let rows: Vec<push_delivery::ActiveModel> = theirs
            .iter()
            .map(|d| {
                delivery(
                    Some(row.id),
                    *d,
                    payload.clone(),
                    urgency(reader.view.reason),
                    now,
                )
            })
            .collect();
        made += rows.len();
        // The deliveries and the notice settled together: handed out once, whatever happens.
        let txn = state.begin_write().await?;
        push_delivery::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    push_delivery::Column::OutboxId,
                    push_delivery::Column::SubscriptionId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        settle_notice(&txn, row, SENT, now).await?;
        txn.commit().await?;
    }
    Ok((due.rows.len(), made))
}

async fn settle_notice<C: ConnectionTrait>(
    db: &C,
    row: &outbox::Model,
    status: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(status))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::SentAt,
            Expr::value((status == SENT).then_some(now)),
        )
        .filter(outbox::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

/// How a push service answered.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Taken,
    /// The subscription is no more (404, 410): forget the device.
    Gone,
    /// Busy or away (429, 5xx, no answer): try again later.
    Later(String),
    /// Refused for good (a malformed message, a wrong signature).
    Refused(String),
}

/// The VAPID contact: the site's address, else the sender of its email, else a placeholder a
/// push service accepts.
async fn contact(state: &AppState) -> AppResult<String> {
    let mail = mail_setting::Entity::find_by_id(1).one(&state.db).await?;
    Ok(match mail {
        Some(m) if m.site_url.starts_with("https://") => m.site_url,
        Some(m) if !m.from_address.is_empty() => {
            let address = m
                .from_address
                .parse::<lettre::message::Mailbox>()
                .map(|b| b.email.to_string())
                .unwrap_or_default();
            if address.is_empty() {
                "mailto:marquee@localhost".into()
            } else {
                format!("mailto:{address}")
            }
        }
        _ => "mailto:marquee@localhost".into(),
    })
}

async fn post(
    client: &reqwest::Client,
    vapid: &Vapid,
    contact: &str,
    to: &push_subscription::Model,
    payload: &str,
    urgency: &str,
) -> Answer {
    let Ok(receiver) = Receiver::parse(&to.p256dh, &to.auth) else {
        return Answer::Refused("the subscription's keys are not valid".into());
    };
    let body = match webpush::seal(&receiver, payload.as_bytes()) {
        Ok(body) => body,
        Err(e) => return Answer::Refused(format!("{e:?}")),
    };
    let Ok(url) = reqwest::Url::parse(&to.endpoint) else {
        return Answer::Gone;
    };
    let audience = url.origin().ascii_serialization();
    let expires = Utc::now().timestamp() + 12 * 3_600;
    let authorization = webpush::vapid(&vapid.key, &audience, contact, expires);
    let sent = client
        .post(url)
        .header("TTL", TTL_SECONDS.to_string())
        .header("Content-Encoding", "aes128gcm")
        .header("Content-Type", "application/octet-stream")
        .header("Urgency", urgency)
        .header("Authorization", authorization)
        .body(body)
        .send()
        .await;
    let response = match sent {
        Ok(r) => r,
        Err(e) => return Answer::Later(e.to_string()),
    };
    let status = response.status();
    let said: String = response
        .text()
        .await
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    match status.as_u16() {
        200..=299 => Answer::Taken,
        404 | 410 => Answer::Gone,
        429 | 500..=599 => Answer::Later(format!("{status} {said}")),
        _ => Answer::Refused(format!("{status} {said}")),
    }
}

/// Sends the deliveries due at `now`; how many the push services took.
pub async fn deliver(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let mut sent = 0;
    let mut ready = None;
    for _ in 0..ROUNDS {
        let due = due_deliveries(state, now).await?;
        if due.is_empty() {
            break;
        }
        if ready.is_none() {
            ready = Some((
                key(state).await?,
                contact(state).await?,
                state.outbound.client(TIMEOUT),
            ));
        }
        let Some((vapid, contact, client)) = &ready else {
            break;
        };
        let taken = due.len();
        sent += send_batch(state, vapid, contact, client, due, now).await?;
        if taken < BATCH as usize {
            break;
        }
    }
    Ok(sent)
}

async fn due_deliveries(
    state: &AppState,
    now: DateTime<Utc>,
) -> AppResult<Vec<push_delivery::Model>> {
    Ok(push_delivery::Entity::find()
        .filter(push_delivery::Column::Status.eq(PENDING))
        .filter(push_delivery::Column::SendAfter.lte(now))
        .filter(
            Condition::any()
                .add(push_delivery::Column::LeaseUntil.is_null())
                .add(push_delivery::Column::LeaseUntil.lt(now)),
        )
        .order_by_asc(push_delivery::Column::Id)
        .limit(BATCH)
        .all(&state.db)
        .await?)
}

/// Takes a delivery for this process unless another has it; whether it did.
async fn claim(
    state: &AppState,
    row: &push_delivery::Model,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let until = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
    let taken = push_delivery::Entity::update_many()
        .col_expr(push_delivery::Column::LeaseUntil, Expr::value(Some(until)))
        .filter(push_delivery::Column::Id.eq(row.id))
        .filter(push_delivery::Column::Status.eq(PENDING))
        .filter(push_delivery::Column::Attempts.eq(row.attempts))
        .filter(
            Condition::any()
                .add(push_delivery::Column::LeaseUntil.is_null())
                .add(push_delivery::Column::LeaseUntil.lt(now)),
        )
        .exec(&state.db)
        .await?;
    Ok(taken.rows_affected == 1)
}

async fn send_batch(
    state: &AppState,
    vapid: &Vapid,
    contact: &str,
    client: &reqwest::Client,
    due: Vec<push_delivery::Model>,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let subscriptions: HashMap<Id, push_subscription::Model> = push_subscription::Entity::find()
        .filter(push_subscription::Column::Id.is_in(due.iter().map(|d| d.subscription_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut mine = Vec::new();
    for row in due {
        if claim(state, &row, now).await? {
            mine.push(row);
        }
    }
    // The push services are asked side by side: one slow service does not hold up the rest.
    let answers = futures::future::join_all(mine.iter().map(|row| async {
        match subscriptions.get(&row.subscription_id) {
            Some(to) => post(client, vapid, contact, to, &row.payload, &row.urgency).await,
            None => Answer::Gone,
        }
    }))
    .await;
    let mut sent = 0;
    for (row, answer) in mine.iter().zip(answers) {
        sent += usize::from(answer == Answer::Taken);
        settle(state, row, answer, now).await?;
    }
    Ok(sent)
}

async fn settle(
    state: &AppState,
    row: &push_delivery::Model,
    answer: Answer,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let db = &state.db;
    let update = push_delivery::Entity::update_many()
        .col_expr(
            push_delivery::Column::Attempts,
            Expr::value(row.attempts + 1),
        )
        .col_expr(
            push_delivery::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(push_delivery::Column::Id.eq(row.id));
    match answer {
        Answer::Taken => {
            update
                .col_expr(push_delivery::Column::Status, Expr::value(SENT))
                .col_expr(push_delivery::Column::SentAt, Expr::value(Some(now)))
                .col_expr(push_delivery::Column::LastError, Expr::value(String::new()))
                .exec(db)
                .await?;
            push_subscription::Entity::update_many()
                .col_expr(push_subscription::Column::LastOkAt, Expr::value(Some(now)))
                .filter(push_subscription::Column::Id.eq(row.subscription_id))
                .exec(db)
                .await?;
        }
        // Its deliveries go with it.
        Answer::Gone => {
            push_subscription::Entity::delete_many()
                .filter(push_subscription::Column::Id.eq(row.subscription_id))
                .exec(db)
                .await?;
        }
        Answer::Later(reason) => {
            tracing::warn!(delivery = row.id, %reason, "push not taken; trying again later");
            let update = update.col_expr(
                push_delivery::Column::LastError,
                Expr::value(reason.chars().take(500).collect::<String>()),
            );
            match backoff(row.attempts + 1) {
                Some(pause) => update.col_expr(
                    push_delivery::Column::SendAfter,
                    Expr::value(now + chrono::Duration::from_std(pause).unwrap_or_default()),
                ),
                None => update.col_expr(push_delivery::Column::Status, Expr::value(FAILED)),
            }
            .exec(db)
            .await?;
        }
        Answer::Refused(reason) => {
            tracing::warn!(delivery = row.id, %reason, "push refused");
            update
                .col_expr(push_delivery::Column::Status, Expr::value(FAILED))
                .col_expr(
                    push_delivery::Column::LastError,
                    Expr::value(reason.chars().take(500).collect::<String>()),
                )
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Forgets deliveries settled more than [`KEPT_DAYS`] ago.
pub async fn forget(state: &AppState, now: DateTime<Utc>) -> AppResult<u64> {
    Ok(push_delivery::Entity::delete_many()
        .filter(push_delivery::Column::Status.ne(PENDING))
        .filter(push_delivery::Column::CreatedAt.lt(now - chrono::Duration::days(KEPT_DAYS)))
        .exec(&state.db)
        .await?
        .rows_affected)
}

/// Looks every ten seconds (or `MARQUEE_ALERT_SCAN_SECONDS`) for as long as the server runs.
pub async fn run(state: AppState) {
    let every = clock::scan_interval(EVERY);
    loop {
        tokio::time::sleep(every).await;
        let now = Utc::now();
        if let Err(e) = hand_out(&state, now).await {
            tracing::warn!(error = ?e, "push notices");
        }
        if let Err(e) = deliver(&state, now).await {
            tracing::warn!(error = ?e, "push");
        }
        if let Err(e) = forget(&state, now).await {
            tracing::warn!(error = ?e, "push log");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_to_fit_a_push() {
        let long = "很".repeat(2_000);
        let cut = shortened(&long);
        assert_eq!(cut.chars().count(), MOST_BODY_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(shortened("short"), "short");
        // Even cut in Chinese at its most, with a title and a link, a push holds it.
        let payload = Payload {
            title: "[Marquee] ".to_string() + &"很".repeat(100),
            body: cut,
            url: "/projects/1/tasks/2".into(),
            tag: "mentioned-2".into(),
        };
        assert!(payload.json().len() + 103 <= webpush::MOST_BODY);
    }
}
