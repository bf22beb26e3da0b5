//! Email: the organisation's SMTP server (an admin's settings, the password sealed at rest), a
//! test message, and the courier that sends what the outbox holds for the email channel — in
//! each recipient's language, with a link to the item, only while they may still see it. A
//! message that fails is tried again later (a pause that grows), and given up when the server
//! refuses it for good or after the last try; several processes never send one twice at once.
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use super::courier;
use super::kernel::authz::require;
use super::kernel::crypto::{at, Sealer, MAIL_PASSWORD};
use super::kernel::entity::{mail_setting, outbox};
use super::kernel::notices::{backoff, claim, FAILED, PENDING, SENT, SKIPPED};
use super::kernel::{audit, clock, AppState, Caller};
use super::reports;
use crate::domain::notices;
use crate::domain::policy::Action;
use crate::domain::weekly;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{
    AuditAction, AuditEntity, MailSettings, MailSettingsInput, MailTestOutcome, NotificationView,
    NotifyChannel, NotifyReason, SmtpSecurity,
};

/// Messages taken at a time, and batches at most per look.
const BATCH: u64 = 50;
const ROUNDS: usize = 40;
/// How long a process has to send a message it took before another may.
const LEASE: Duration = Duration::from_secs(120);
const TIMEOUT: Duration = Duration::from_secs(20);
/// How long what was settled stays in the outbox (its counts on the settings page).
const KEPT_DAYS: i64 = 30;
/// How often each process looks (or `MARQUEE_ALERT_SCAN_SECONDS`).
const EVERY: Duration = Duration::from_secs(30);

/// The settings as they are used: the password open.
#[derive(Clone)]
struct Smtp {
    enabled: bool,
    host: String,
    port: u16,
    security: SmtpSecurity,
    username: String,
    password: String,
    from: String,
    site_url: String,
}

impl Smtp {
    fn unset() -> Smtp {
        Smtp {
            enabled: false,
            host: String::new(),
            port: 587,
            security: SmtpSecurity::Starttls,
            username: String::new(),
            password: String::new(),
            from: String::new(),
            site_url: String::new(),
        }
    }

    async fn read<C: ConnectionTrait>(db: &C, sealer: &Sealer) -> AppResult<Smtp> {
        let Some(row) = mail_setting::Entity::find_by_id(1).one(db).await? else {
            return Ok(Smtp::unset());
        };
        let password = if row.password.is_empty() {
            String::new()
        } else {
            let plain = sealer
                .open(&at(MAIL_PASSWORD, 1), &row.password)
                .map_err(|_| AppError::Internal)?;
            String::from_utf8(plain).map_err(|_| AppError::Internal)?
        };
        Ok(Smtp {
            enabled: row.enabled,
            host: row.host,
            port: u16::try_from(row.port).unwrap_or(587),
            security: SmtpSecurity::parse(&row.security).unwrap_or(SmtpSecurity::Starttls),
            username: row.username,
            password,
            from: row.from_address,
            site_url: row.site_url,
        })
    }

    fn transport(&self) -> Transport {
        type T = AsyncSmtpTransport<Tokio1Executor>;
        let builder = match self.security {
            SmtpSecurity::Starttls => T::starttls_relay(&self.host).map_err(|e| e.to_string())?,
            SmtpSecurity::Tls => T::relay(&self.host).map_err(|e| e.to_string())?,
            SmtpSecurity::None => T::builder_dangerous(&self.host),
        };
        let mut builder = builder.port(self.port).timeout(Some(TIMEOUT));
        if !self.username.is_empty() {
            builder = builder.credentials(Credentials::new(
                self.username.clone(),
                self.password.clone(),
            ));
        }
        Ok(builder.build())
    }

    fn sender(&self) -> Result<Mailbox, String> {
        self.from.parse::<Mailbox>().map_err(|e| e.to_string())
    }

    /// `path` on this site.
    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.site_url.trim_end_matches('/'))
    }
}

/// The settings, for admins: never the password, with the outbox's counts.
pub async fn get(state: &AppState, caller: &Caller) -> AppResult<MailSettings> {
    require(caller, Action::ManageSettings)?;
    let db = &state.db;
    let smtp = Smtp::read(db, &state.sealer).await?;
    let count = |status: &'static str| {
        outbox::Entity::find()
            .filter(outbox::Column::Channel.eq(NotifyChannel::Email.as_str()))
            .filter(outbox::Column::Status.eq(status))
            .count(db)
    };
    Ok(MailSettings {
        enabled: smtp.enabled,
        host: smtp.host,
        port: smtp.port,
        security: smtp.security,
        username: smtp.username,
        has_password: !smtp.password.is_empty(),
        from_address: smtp.from,
        site_url: smtp.site_url,
        pending: u32::try_from(count(PENDING).await?).unwrap_or(u32::MAX),
        sent: u32::try_from(count(SENT).await?).unwrap_or(u32::MAX),
        failed: u32::try_from(count(FAILED).await?).unwrap_or(u32::MAX),
    })
}

/// The input checked and cleaned: what would be stored (the password still to decide).
fn checked(input: &MailSettingsInput) -> AppResult<MailSettingsInput> {
    let host = input.host.trim().to_string();
    let from = input.from_address.trim().to_string();
    let site = input.site_url.trim().trim_end_matches('/').to_string();
    let mut errors = Vec::new();
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if (input.enabled || !host.is_empty()) && !host_ok {
        errors.push(("host", K::ErrMailHost));
    }
    if input.port == 0 {
        errors.push(("port", K::ErrMailPort));
    }
    if (input.enabled || !from.is_empty()) && from.parse::<Mailbox>().is_err() {
        errors.push(("from_address", K::ErrMailFrom));
    }
    let site_ok = reqwest::Url::parse(&site).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some() && u.query().is_none()
    });
    if (input.enabled || !site.is_empty()) && !site_ok {
        errors.push(("site_url", K::ErrSiteUrl));
    }
    if input.username.chars().count() > 320 {
        errors.push(("username", K::ErrMailUsername));
    }
    if input.password.chars().count() > 1_000 {
        errors.push(("password", K::ErrMailPassword));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(
            errors
                .into_iter()
                .map(|(field, key)| crate::error::FieldError {
                    field: field.into(),
                    key,
                    arg: None,
                })
                .collect(),
        ));
    }
    Ok(MailSettingsInput {
        host,
        from_address: from,
        site_url: site,
        username: input.username.trim().to_string(),
        ..input.clone()
    })
}

/// Changes the settings (admins): an empty password keeps the one set before.
pub async fn save(
    state: &AppState,
    caller: &Caller,
    input: MailSettingsInput,
) -> AppResult<MailSettings> {
    require(caller, Action::ManageSettings)?;
    let input = checked(&input)?;
    let txn = state.begin_write().await?;
    let before = mail_setting::Entity::find_by_id(1).one(&txn).await?;
    let password = if input.clear_password {
        String::new()
    } else if input.password.is_empty() {
        before
            .as_ref()
            .map(|b| b.password.clone())
            .unwrap_or_default()
    } else {
        state
            .sealer
            .seal(&at(MAIL_PASSWORD, 1), input.password.as_bytes())
    };
    let shown = |enabled: bool, host: &str, port: i32, security: &str, user: &str, from: &str| {
        serde_json::json!({
            "enabled": enabled, "host": host, "port": port, "security": security,
            "username": user, "from_address": from,
        })
    };
    let after = shown(
        input.enabled,
        &input.host,
        i32::from(input.port),
        input.security.as_str(),
        &input.username,
        &input.from_address,
    );
    let mut entry = audit::Entry::new(AuditEntity::Settings, 1, AuditAction::Update)
        .by(caller.id)
        .after(&after);
    if let Some(b) = &before {
        entry = entry.before(&shown(
            b.enabled,
            &b.host,
            b.port,
            &b.security,
            &b.username,
            &b.from_address,
        ));
    }
    entry.write(&txn).await?;
    let row = mail_setting::ActiveModel {
        id: Set(1),
        enabled: Set(input.enabled),
        host: Set(input.host),
        port: Set(i32::from(input.port)),
        security: Set(input.security.as_str().into()),
        username: Set(input.username),
        password: Set(password),
        from_address: Set(input.from_address),
        site_url: Set(input.site_url),
        updated_at: Set(Some(Utc::now())),
    };
    if before.is_some() {
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    txn.commit().await?;
    get(state, caller).await
}

/// Sends a test message to `to` with the settings given (an empty password: the saved one),
/// before they are saved; what the server said when it did not go.
pub async fn test(
    state: &AppState,
    caller: &Caller,
    input: MailSettingsInput,
    to: String,
    locale: Locale,
) -> AppResult<MailTestOutcome> {
    require(caller, Action::ManageSettings)?;
    let input = checked(&MailSettingsInput {
        enabled: true,
        ..input
    })?;
    let to = to.trim().to_string();
    let Ok(address) = to.parse::<lettre::Address>() else {
        return Err(AppError::invalid("to", K::ErrEmailAddress));
    };
    let saved = Smtp::read(&state.db, &state.sealer).await?;
    let smtp = Smtp {
        enabled: true,
        host: input.host,
        port: input.port,
        security: input.security,
        username: input.username,
        password: if input.password.is_empty() && !input.clear_password {
            saved.password
        } else {
            input.password
        },
        from: input.from_address,
        site_url: input.site_url,
    };
    let letter = Letter {
        subject: K::MailTestSubject.text(locale).to_string(),
        text: K::MailTestBody.text(locale).to_string(),
        html: format!("<p>{}</p>", escape(K::MailTestBody.text(locale))),
        link: smtp.link("/admin/settings"),
        locale,
    };
    let outcome = match send(
        &smtp,
        &smtp.transport(),
        Mailbox::new(None, address),
        &letter,
    )
    .await
    {
        Ok(()) => MailTestOutcome {
            sent: true,
            reason: String::new(),
        },
        Err(failure) => MailTestOutcome {
            sent: false,
            reason: failure.reason,
        },
    };
    Ok(outcome)
}

/// A message in one language.
struct Letter {
    subject: String,
    text: String,
    /// The body as HTML (escaped; only what this module writes).
    html: String,
    link: String,
    locale: Locale,
}

struct Failure {
    reason: String,
    /// The server refused it for good (5xx): trying again would not help.
    permanent: bool,
}

async fn send(
    smtp: &Smtp,
    transport: &Transport,
    to: Mailbox,
    letter: &Letter,
) -> Result<(), Failure> {
    let fail = |reason: String| Failure {
        reason,
        permanent: false,
    };
    let from = smtp.sender().map_err(fail)?;
    let t = |k: K| k.text(letter.locale);
    let settings = smtp.link("/account");
    let why = t(K::MailWhy).replace("{url}", &settings);
    let text = format!(
        "{}\n\n{}: {}\n\n-- \n{why}\n",
        letter.text,
        t(K::MailOpen),
        letter.link
    );
    let html = format!(
        "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5;color:#1f2937\">\
         {}<p><a href=\"{link}\" style=\"display:inline-block;padding:8px 14px;background:#4f46e5;\
         color:#fff;border-radius:6px;text-decoration:none\">{open}</a></p>\
         <hr style=\"border:0;border-top:1px solid #e5e7eb\"><p style=\"color:#6b7280;font-size:12px\">{why}</p>\
         </body></html>",
        letter.html,
        link = escape(&letter.link),
        open = escape(t(K::MailOpen)),
        why = escape(&why),
    );
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(letter.subject.clone())
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html),
                ),
        )
        .map_err(|e| fail(e.to_string()))?;
    let transport = transport.as_ref().map_err(|e| fail(e.clone()))?;
    match transport.send(message).await {
        Ok(_) => Ok(()),
        Err(e) => Err(Failure {
            permanent: e.is_permanent(),
            reason: e.to_string(),
        }),
    }
}

/// What an outbox message says to its person.
async fn letter_of(
    state: &AppState,
    smtp: &Smtp,
    person: &Caller,
    n: &NotificationView,
    locale: Locale,
) -> AppResult<Letter> {
    let mut text = notices::text(n, locale);
    let mut html = format!("<p>{}</p>", escape(&text));
    // A weekly report that was sent arrives whole.
    if let (NotifyReason::ReportSent, Some(id)) = (n.reason, n.report_id) {
        if let Ok(report) = reports::get(state, person, id).await {
            let body = weekly::markdown(&report, locale);
            text = format!("{text}\n\n{body}");
            html = format!(
                "{html}<pre style=\"white-space:pre-wrap;font-family:inherit\">{}</pre>",
                escape(&body)
            );
        }
    }
    Ok(Letter {
        subject: format!("[Marquee] {}", notices::heading(n, locale)),
        text,
        html,
        link: smtp.link(&notices::link(n)),
        locale,
    })
}

/// Records how a try ended.
async fn settle(
    state: &AppState,
    row: &outbox::Model,
    now: DateTime<Utc>,
    result: Result<(), Failure>,
    skipped: bool,
) -> AppResult<()> {
    let attempts = row.attempts + i32::from(!skipped);
    let mut update = outbox::Entity::update_many()
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match result {
        Ok(()) if skipped => update.col_expr(outbox::Column::Status, Expr::value(SKIPPED)),
        Ok(()) => update
            .col_expr(outbox::Column::Status, Expr::value(SENT))
            .col_expr(outbox::Column::SentAt, Expr::value(Some(now)))
            .col_expr(outbox::Column::LastError, Expr::value(String::new())),
        Err(failure) => {
            let reason: String = failure.reason.chars().take(500).collect();
            let update = update.col_expr(outbox::Column::LastError, Expr::value(reason));
            match backoff(attempts).filter(|_| !failure.permanent) {
                Some(pause) => update.col_expr(
                    outbox::Column::SendAfter,
                    Expr::value(now + chrono::Duration::from_std(pause).unwrap_or_default()),
                ),
                None => update.col_expr(outbox::Column::Status, Expr::value(FAILED)),
            }
        }
    };
    update
        .filter(outbox::Column::Id.eq(row.id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Sends the email that is due at `now`; how many messages went.
pub async fn deliver(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let smtp = Smtp::read(&state.db, &state.sealer).await?;
    if !smtp.enabled {
        return Ok(0);
    }
    // One transport for the look: its connections are kept and reused from message to message.
    let transport = smtp.transport();
    let mut sent = 0;
    // Batch after batch while a whole one was due (a report to a thousand people goes in one
    // look, not in twenty), within a bound.
    for _ in 0..ROUNDS {
        let (taken, went) = batch(state, &smtp, &transport, now).await?;
        sent += went;
        if taken < BATCH as usize {
            break;
        }
    }
    Ok(sent)
}

type Transport = Result<AsyncSmtpTransport<Tokio1Executor>, String>;

/// One batch of due messages: how many were due, and how many went.
async fn batch(
    state: &AppState,
    smtp: &Smtp,
    transport: &Transport,
    now: DateTime<Utc>,
) -> AppResult<(usize, usize)> {
    let due = courier::due(state, NotifyChannel::Email, now, BATCH).await?;
    let mut sent = 0;
    for row in &due.rows {
        if !claim(&state.db, row, now, LEASE).await? {
            continue;
        }
        // Nowhere to send it, or nothing left to tell: no one to read it, or no address.
        let reader = due.reader(state, row).await?;
        let address = reader
            .as_ref()
            .and_then(|r| r.person.email.trim().parse::<lettre::Address>().ok());
        let (Some(reader), Some(address)) = (reader, address) else {
            settle(state, row, now, Ok(()), true).await?;
            continue;
        };
        let letter = letter_of(state, smtp, &reader.caller, reader.view, reader.locale).await?;
        let to = Mailbox::new(Some(reader.person.display_name.clone()), address);
        let result = send(smtp, transport, to, &letter).await;
        if result.is_ok() {
            sent += 1;
        } else if let Err(f) = &result {
            tracing::warn!(outbox = row.id, reason = %f.reason, "email not sent");
        }
        settle(state, row, now, result, false).await?;
    }
    Ok((due.rows.len(), sent))
}

/// Forgets what was settled (sent, skipped, given up) more than [`KEPT_DAYS`] ago.
pub async fn forget(state: &AppState, now: DateTime<Utc>) -> AppResult<u64> {
    Ok(outbox::Entity::delete_many()
        .filter(outbox::Column::Status.ne(PENDING))
        .filter(outbox::Column::CreatedAt.lt(now - chrono::Duration::days(KEPT_DAYS)))
        .exec(&state.db)
        .await?
        .rows_affected)
}

/// Looks every half minute (or `MARQUEE_ALERT_SCAN_SECONDS`), for as long as the server runs.
pub async fn run(state: AppState) {
    let every = clock::scan_interval(EVERY);
    loop {
        tokio::time::sleep(every).await;
        let now = Utc::now();
        if let Err(e) = deliver(&state, now).await {
            tracing::warn!(error = ?e, "email");
        }
        if let Err(e) = forget(&state, now).await {
            tracing::warn!(error = ?e, "email log");
        }
    }
}

/// `text` safe inside HTML text and quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_cannot_open_a_tag_or_leave_an_attribute() {
        assert_eq!(
            escape("<a href=\"x\" onclick='y'>&"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;"
        );
        assert_eq!(escape("张伟 提到了你"), "张伟 提到了你");
    }
}
