//! Website events sent by the tracking snippet, conversions sent by a CRM, and what is read from
//! them: the funnel from a view to an order, conversions by kind, and conversions credited to
//! the channels that brought the buyer.
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use serde::Deserialize;

use super::books::currency_of;
use super::channel_data::json_text;
use super::channel_data::{count_rows, period};
use super::kernel::authz::{require_changeable_project, require_project};
use super::kernel::sql::Sql;
use super::kernel::{AppState, Caller};
use crate::domain::money::parse_amount;
use crate::domain::policy::Action;
use crate::domain::tracking::{
    channel_of, clean, read_conversion, valid_visitor, Attribution, Conversion, ConversionText,
    FieldProblem, Funnel, Utm,
};
use crate::error::AppResult;
use crate::live::ProjectChange;
use crate::model::{Channel, ConversionKind, EventKind, FunnelQuery, FunnelReport, Id};

/// Events taken in one beacon.
pub const EVENTS_MAX: usize = 20;
/// Conversions or metric rows taken in one API request.
pub const ITEMS_MAX: usize = 5_000;
/// How long before a conversion a visit still counts as one of its touches.
pub const LOOKBACK_DAYS: i64 = 30;
/// Rows per INSERT, within both databases' limits on bound values.
const BATCH: usize = 500;

/// What the snippet sends: its site's key, the visitor, the page's host and the events.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Beacon {
    pub site: String,
    pub visitor: String,
    #[serde(default)]
    pub host: String,
    pub events: Vec<BeaconEvent>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct BeaconEvent {
    pub kind: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub referrer: String,
    #[serde(default)]
    pub utm: Utm,
    #[serde(default)]
    pub dwell_ms: i64,
    /// An order's amount, as text or a number.
    #[serde(default)]
    pub value: serde_json::Value,
}

/// What became of a beacon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collected {
    /// The events kept, and those dropped as unreadable.
    Kept(usize, usize),
    /// From a robot: nothing kept.
    Robot,
    /// Over the rate limit: nothing kept.
    Limited,
    /// No such site.
    UnknownSite,
    /// Not a visitor id the snippet makes, or too many events.
    Malformed,
}

/// Records a beacon's events. Robots and senders over the limit are dropped; an event of a
/// kind Marquee does not know is dropped alone.
pub async fn collect(
    state: &AppState,
    beacon: Beacon,
    user_agent: &str,
    address: &str,
) -> AppResult<Collected> {
    if crate::domain::tracking::is_bot(user_agent) {
        return Ok(Collected::Robot);
    }
    if !valid_visitor(&beacon.visitor)
        || beacon.events.is_empty()
        || beacon.events.len() > EVENTS_MAX
    {
        return Ok(Collected::Malformed);
    }
    let Some((project_id, currency)) =
        super::connections::project_of_site(state, &beacon.site).await?
    else {
        return Ok(Collected::UnknownSite);
    };
    let n = beacon.events.len() as u32;
    if !state.events.take(
        &[&format!("a:{address}"), &format!("v:{}", beacon.visitor)],
        n,
    ) {
        return Ok(Collected::Limited);
    }
    let now = Utc::now();
    let today = now.date_naive();
    let held = || async move {
        let mut sql = Sql::new(state.db.get_database_backend());
        sql.push("SELECT COUNT(*) AS n FROM tracking_events WHERE project_id = ")
            .bind(project_id)
            .push(" AND day = ")
            .bind(today);
        let row = state.db.query_one_raw(sql.statement()).await?;
        Ok(row
            .map_or(0, |r| r.try_get::<i64>("", "n").unwrap_or(0))
            .max(0) as u64)
    };
    if !state
        .site_quota
        .take(project_id, u64::from(n), today, held)
        .await?
    {
        return Ok(Collected::Limited);
    }
    let host = clean(&beacon.host);
    let mut rows = Vec::new();
    let mut dropped = 0;
    for e in beacon.events {
        let Some(kind) = EventKind::parse(e.kind.trim()) else {
            dropped += 1;
            continue;
        };
        let utm = e.utm.cleaned();
        // A visit's arrival is its view: only a view names where it came from.
        let channel = match kind {
            EventKind::View => channel_of(&utm.source, &e.referrer, &host),
            _ => None,
        };
        let value = match (&e.value, kind) {
            (serde_json::Value::String(s), EventKind::Order) => {
                parse_amount(s, currency).unwrap_or(0).max(0)
            }
            (serde_json::Value::Number(v), EventKind::Order) => {
                parse_amount(&v.to_string(), currency).unwrap_or(0).max(0)
            }
            _ => 0,
        };
        rows.push(EventRow {
            kind,
            channel,
            utm,
            path: clean(&e.path),
            dwell_ms: e.dwell_ms.clamp(0, 24 * 3600 * 1000),
            value,
        });
    }
    if rows.is_empty() {
        return Ok(Collected::Kept(0, dropped));
    }
    let kept = rows.len();
    // Events of one beacon keep their order: a microsecond apart.
    let timed: Vec<(String, DateTime<Utc>, EventRow)> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            (
                beacon.visitor.clone(),
                now + Duration::microseconds(i as i64),
                r,
            )
        })
        .collect();
    write_events(&state.db, project_id, &timed).await?;
    Ok(Collected::Kept(kept, dropped))
}

/// Forgets the tracking events older than the retention (`MARQUEE_EVENT_RETENTION_DAYS`);
/// how many.
pub async fn purge_events(state: &AppState) -> AppResult<u64> {
    let cutoff = Utc::now().date_naive() - Duration::days(i64::from(state.event_retention_days));
    let mut sql = Sql::new(state.db.get_database_backend());
    sql.push("DELETE FROM tracking_events WHERE day < ")
        .bind(cutoff);
    Ok(state.db.execute_raw(sql.statement()).await?.rows_affected())
}

/// Purges old events every hour, for as long as the server runs.
pub async fn run_retention(state: AppState) {
    loop {
        match purge_events(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(events = n, "tracking events past their retention purged"),
            Err(e) => tracing::warn!(error = ?e, "purging tracking events"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// Writes events, each with its visitor and moment.
pub(crate) async fn write_events<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    events: &[(String, DateTime<Utc>, EventRow)],
) -> AppResult<()> {
    for chunk in events.chunks(BATCH) {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(
            "INSERT INTO tracking_events (project_id, visitor_id, kind, occurred_at, day, channel, \
             utm_source, utm_medium, utm_campaign, utm_content, utm_term, path, dwell_ms, value) \
             VALUES ",
        );
        for (i, (visitor, at, r)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(project_id)
                .push(", ")
                .bind(visitor.as_str())
                .push(", ")
                .bind(r.kind.as_str())
                .push(", ")
                .bind(*at)
                .push(", ")
                .bind(at.date_naive())
                .push(", ")
                .bind(r.channel.map(|c| c.as_str().to_string()))
                .push(", ")
                .bind(r.utm.source.as_str())
                .push(", ")
                .bind(r.utm.medium.as_str())
                .push(", ")
                .bind(r.utm.campaign.as_str())
                .push(", ")
                .bind(r.utm.content.as_str())
                .push(", ")
                .bind(r.utm.term.as_str())
                .push(", ")
                .bind(r.path.as_str())
                .push(", ")
                .bind(r.dwell_ms)
                .push(", ")
                .bind(r.value)
                .push(")");
        }
        db.execute_raw(sql.statement()).await?;
    }
    Ok(())
}

/// One event as kept.
pub(crate) struct EventRow {
    pub kind: EventKind,
    /// Where the visit came from: only on a view.
    pub channel: Option<Channel>,
    pub utm: Utm,
    pub path: String,
    pub dwell_ms: i64,
    /// An order's amount, in minor units.
    pub value: i64,
}

/// What became of conversions sent to the API.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConversionsWritten {
    pub added: i64,
    pub updated: i64,
    /// Refused conversions, by their place in the request (from 0), with every reason.
    pub rejected: Vec<(usize, Vec<FieldProblem>)>,
}

/// Writes conversions under their kind and the CRM's id: one sent again replaces itself (a
/// lead that became a customer is a new conversion of another kind). Refused ones change
/// nothing; the rest land together or not at all.
pub async fn post_conversions(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    items: Vec<ConversionText>,
) -> AppResult<ConversionsWritten> {
    let p =
        require_changeable_project(&state.db, caller, project_id, Action::RecordActuals).await?;
    let currency = currency_of(&p);
    let mut rejected = Vec::new();
    // The last of the same key in one request wins.
    let mut read: Vec<Conversion> = Vec::with_capacity(items.len());
    let mut index: HashMap<(ConversionKind, String), usize> = HashMap::new();
    for (i, text) in items.iter().enumerate() {
        match read_conversion(text, currency) {
            Ok(c) => match index.get(&(c.kind, c.external_id.clone())) {
                Some(&at) => read[at] = c,
                None => {
                    index.insert((c.kind, c.external_id.clone()), read.len());
                    read.push(c);
                }
            },
            Err(problems) => rejected.push((i, problems)),
        }
    }
    if read.is_empty() {
        return Ok(ConversionsWritten {
            rejected,
            ..Default::default()
        });
    }
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, p.id, Action::RecordActuals).await?;
    let before = count_rows(&txn, "conversions", p.id, None).await?;
    write_conversions(&txn, p.id, &read, Utc::now()).await?;
    let added = count_rows(&txn, "conversions", p.id, None).await? - before;
    state
        .commit_change(
            txn,
            p.id,
            caller,
            ProjectChange {
                channel_data: true,
                ..Default::default()
            },
        )
        .await?;
    Ok(ConversionsWritten {
        added,
        updated: read.len() as i64 - added,
        rejected,
    })
}

/// Writes conversions under their keys, a key already there taking the new fields.
pub(crate) async fn write_conversions<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    read: &[Conversion],
    now: DateTime<Utc>,
) -> AppResult<()> {
    for chunk in read.chunks(BATCH) {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(
            "INSERT INTO conversions (project_id, kind, external_id, occurred_at, day, channel, \
             campaign, utm_source, utm_medium, utm_campaign, utm_content, utm_term, visitor_id, \
             value, updated_at) VALUES ",
        );
        for (i, c) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(project_id)
                .push(", ")
                .bind(c.kind.as_str())
                .push(", ")
                .bind(c.external_id.as_str())
                .push(", ")
                .bind(c.occurred_at)
                .push(", ")
                .bind(c.day)
                .push(", ")
                .bind(c.channel.map(|c| c.as_str()).unwrap_or(""))
                .push(", ")
                .bind(c.campaign.as_str())
                .push(", ")
                .bind(c.utm.source.as_str())
                .push(", ")
                .bind(c.utm.medium.as_str())
                .push(", ")
                .bind(c.utm.campaign.as_str())
                .push(", ")
                .bind(c.utm.content.as_str())
                .push(", ")
                .bind(c.utm.term.as_str())
                .push(", ")
                .bind(c.visitor_id.as_str())
                .push(", ")
                .bind(c.value)
                .push(", ")
                .bind(now)
                .push(")");
        }
        sql.push(
            " ON CONFLICT (project_id, kind, external_id) DO UPDATE SET \
             occurred_at = excluded.occurred_at, day = excluded.day, channel = excluded.channel, \
             campaign = excluded.campaign, utm_source = excluded.utm_source, \
             utm_medium = excluded.utm_medium, utm_campaign = excluded.utm_campaign, \
             utm_content = excluded.utm_content, utm_term = excluded.utm_term, \
             visitor_id = excluded.visitor_id, value = excluded.value, \
             updated_at = excluded.updated_at",
        );
        db.execute_raw(sql.statement()).await?;
    }
    Ok(())
}

/// Events read a page at a time for the funnel.
const FUNNEL_PAGE: usize = 20_000;

/// Events of the period in funnel order (visitor, time), as (visitor, kind, dwell): a page of
/// those of visitors after `after`, or every one of visitor `only`.
async fn events_page<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    (from, to): (NaiveDate, NaiveDate),
    after: Option<&str>,
    only: Option<&str>,
) -> AppResult<Vec<(String, EventKind, i64)>> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT visitor_id, kind, dwell_ms FROM tracking_events WHERE project_id = ")
        .bind(project_id)
        .days(from, to);
    if let Some(after) = after {
        sql.push(" AND visitor_id > ").bind(after);
    }
    if let Some(only) = only {
        sql.push(" AND visitor_id = ").bind(only);
    }
    sql.push(" ORDER BY visitor_id, occurred_at, id");
    if only.is_none() {
        sql.push(&format!(" LIMIT {FUNNEL_PAGE}"));
    }
    let mut out = Vec::new();
    for row in db.query_all_raw(sql.statement()).await? {
        let kind: String = row.try_get("", "kind")?;
        // Unknown kinds never reach the table; one that did counts as no event.
        if let Some(kind) = EventKind::parse(&kind) {
            out.push((
                row.try_get("", "visitor_id")?,
                kind,
                row.try_get("", "dwell_ms")?,
            ));
        }
    }
    Ok(out)
}

/// The funnel, conversions by kind and the attribution of one kind of conversion over a period
/// (without dates, the last 30 days up to today).
pub async fn funnel(
    state: &AppState,
    caller: &Caller,
    query: FunnelQuery,
) -> AppResult<FunnelReport> {
    let (p, _) = require_project(&state.db, caller, query.project_id, Action::ViewProject).await?;
    let (from, to) = period(query.from, query.to, None)?;
    let db = &state.db;
    let backend = db.get_database_backend();

    // The period's events, visitor by visitor, a page at a time, so memory stays bounded
    // however many there are. A full page may end inside its last visitor: their events are
    // read whole instead, and the next page starts after them.
    let mut events = 0i64;
    let mut walk = Funnel::default();
    let mut after: Option<String> = None;
    loop {
        let page = events_page(db, p.id, (from, to), after.as_deref(), None).await?;
        let last = (page.len() >= FUNNEL_PAGE).then(|| page[page.len() - 1].0.clone());
        let mut take = page;
        if let Some(last) = &last {
            take.retain(|(v, _, _)| v != last);
            take.extend(events_page(db, p.id, (from, to), None, Some(last)).await?);
        }
        events += take.len() as i64;
        for (visitor, kind, dwell) in &take {
            walk.push(visitor, *kind, *dwell);
        }
        match last {
            Some(last) => after = Some(last),
            None => break,
        }
    }
    let steps = walk.counts().to_vec();

    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT kind, COUNT(*) AS n, CAST(COALESCE(SUM(value), 0) AS BIGINT) AS v \
         FROM conversions WHERE project_id = ",
    )
    .bind(p.id)
    .days(from, to)
    .push(" GROUP BY kind");
    let mut conversions: Vec<(ConversionKind, i64, i64)> = Vec::new();
    for row in db.query_all_raw(sql.statement()).await? {
        if let Some(kind) = ConversionKind::parse(&row.try_get::<String>("", "kind")?) {
            conversions.push((kind, row.try_get("", "n")?, row.try_get("", "v")?));
        }
    }
    conversions.sort_by_key(|(k, _, _)| ConversionKind::ALL.iter().position(|x| x == k));

    // Orders the shop's pages reported themselves: kept apart, never added to what the CRM
    // confirmed.
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(value), 0) AS BIGINT) AS v \
         FROM tracking_events WHERE kind = 'order' AND project_id = ",
    )
    .bind(p.id)
    .days(from, to);
    let browser_orders = match db.query_one_raw(sql.statement()).await? {
        Some(row) => (row.try_get("", "n")?, row.try_get("", "v")?),
        None => (0, 0),
    };

    // The conversions of the kind asked for, and the visits of their visitors before them.
    let mut sql = Sql::new(backend);
    sql.push("SELECT occurred_at, visitor_id, channel, value FROM conversions WHERE project_id = ")
        .bind(p.id)
        .push(" AND kind = ")
        .bind(query.kind.as_str())
        .days(from, to);
    let mut sold: Vec<(DateTime<Utc>, String, Option<Channel>, i64)> = Vec::new();
    for row in db.query_all_raw(sql.statement()).await? {
        sold.push((
            row.try_get("", "occurred_at")?,
            row.try_get("", "visitor_id")?,
            Channel::parse(&row.try_get::<String>("", "channel")?),
            row.try_get("", "value")?,
        ));
    }
    let touches = touches_of(
        db,
        p.id,
        sold.iter().map(|(_, v, _, _)| v.as_str()),
        from,
        to,
    )
    .await?;
    let mut attribution = Attribution::default();
    for (at, visitor, channel, value) in &sold {
        let mut path: Vec<Channel> = touches
            .get(visitor.as_str())
            .map(|visits| {
                visits
                    .iter()
                    .filter(|(t, _)| t <= at && *t >= *at - Duration::days(LOOKBACK_DAYS))
                    .map(|(_, c)| *c)
                    .collect()
            })
            .unwrap_or_default();
        // The channel the CRM names is where the buyer last came from.
        if let Some(c) = channel {
            if path.last() != Some(c) {
                path.push(*c);
            }
        }
        attribution.add(&path, *value, query.model);
    }
    Ok(FunnelReport {
        from,
        to,
        model: query.model,
        kind: query.kind,
        currency: currency_of(&p),
        steps,
        events,
        conversions,
        browser_orders,
        credits: attribution.ranked(),
    })
}

/// The visits with a channel of these visitors, from [`LOOKBACK_DAYS`] before `from` to `to`,
/// in time order per visitor.
async fn touches_of<'a, C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    visitors: impl Iterator<Item = &'a str>,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<HashMap<String, Vec<(DateTime<Utc>, Channel)>>> {
    let mut ids: Vec<&str> = visitors.filter(|v| !v.is_empty()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out: HashMap<String, Vec<(DateTime<Utc>, Channel)>> = HashMap::new();
    for chunk in ids.chunks(BATCH) {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(
            "SELECT visitor_id, occurred_at, channel FROM tracking_events WHERE project_id = ",
        )
        .bind(project_id)
        .push(" AND channel IS NOT NULL")
        .days(from - Duration::days(LOOKBACK_DAYS), to)
        .push(" AND visitor_id IN (");
        for (i, id) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(*id);
        }
        sql.push(") ORDER BY visitor_id, occurred_at, id");
        for row in db.query_all_raw(sql.statement()).await? {
            let channel: String = row.try_get("", "channel")?;
            if let Some(c) = Channel::parse(&channel) {
                out.entry(row.try_get("", "visitor_id")?)
                    .or_default()
                    .push((row.try_get("", "occurred_at")?, c));
            }
        }
    }
    Ok(out)
}

/// A conversion sent as JSON, as text fields.
pub fn conversion_text(item: &serde_json::Map<String, serde_json::Value>) -> ConversionText {
    let text = |name: &str| json_text(item, name);
    ConversionText {
        kind: text("kind"),
        id: text("id"),
        occurred_at: text("occurred_at"),
        value: text("value"),
        channel: text("channel"),
        campaign: text("campaign"),
        utm: Utm {
            source: text("utm_source"),
            medium: text("utm_medium"),
            campaign: text("utm_campaign"),
            content: text("utm_content"),
            term: text("utm_term"),
        },
        visitor_id: text("visitor_id"),
    }
}
