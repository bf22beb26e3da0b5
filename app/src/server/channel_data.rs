//! A project's channel data: exports imported (every row written under its natural key, so the
//! same data imported again replaces itself; the day's sums per channel and per campaign, region
//! and audience rebuilt for the days the import touched, in the same transaction; KPI figures
//! of counts and revenue fed from them), the imports with the rows they refused, and reports
//! read from those sums.

use base64::Engine;
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde::Serialize;

use super::books::currency_of;
use super::ingest::{read_file, Format};
use super::kernel::authz::{require_changeable_project, require_project};
use super::kernel::entity::{channel_import, kpi_target};
use super::kernel::records;
use super::kernel::sql::Sql;
use super::kernel::{audit, AppState, Caller};
use crate::domain::csv::inert;
use crate::domain::ingest::{Field, Mapping, MetricRow, Platform};
use crate::domain::money::Currency;
use crate::domain::policy::{allows, Action};
use crate::domain::report::{
    day_sums, fill_periods, key_label, period_key, pivot, previous_period, Sums, SUMMED_BY,
};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AuditAction, AuditEntity, Channel, ChannelReport, Dimension, Id, ImportOutcome, ImportView,
    KpiMetric, ReportQuery,
};

/// The largest file taken, in MiB.
pub const FILE_MAX_MIB: usize = 50;
/// Rows per INSERT: at most 11 bound values each stays under both SQLite's and PostgreSQL's
/// limits.
const BATCH: usize = 1000;
/// Rows from which a file's rows are sorted in two halves at once.
const PAIRED_SORT_FROM: usize = 20_000;
/// Imports listed with a report.
const IMPORTS_LISTED: u64 = 10;
const FILE_NAME_MAX: usize = 200;
/// Rows this process imported and committed, for `/metrics`.
static IMPORTED_ROWS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn imported_rows() -> u64 {
    IMPORTED_ROWS.load(std::sync::atomic::Ordering::Relaxed)
}

/// How many imported files are read at once.
const READING_AT_ONCE: usize = 2;
static READING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(READING_AT_ONCE);
/// Days a report covers when no dates are given.
const DEFAULT_DAYS: i64 = 30;
/// The longest period a report covers.
const MAX_DAYS: i64 = 3 * 366;

/// What the audit log keeps of an import.
#[derive(Serialize)]
struct ImportRecord<'a> {
    file_name: &'a str,
    rows_read: i64,
    rows_added: i64,
    rows_updated: i64,
    rows_refused: i64,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
}

fn view_of(m: channel_import::Model, names: &std::collections::HashMap<Id, String>) -> ImportView {
    ImportView {
        id: m.id,
        platform: Platform::parse(&m.platform),
        created_by: records::user_ref(names, m.created_by),
        file_name: m.file_name,
        format: m.format,
        encoding: m.encoding,
        rows_read: m.rows_read,
        rows_added: m.rows_added,
        rows_updated: m.rows_updated,
        rows_refused: m.rows_refused,
        rows_skipped: m.rows_skipped,
        first_day: m.first_day,
        last_day: m.last_day,
        created_at: m.created_at,
    }
}

/// The rows of a file with the same key added together (an export split by something Marquee
/// does not keep, hours or ages, is one row a day), in the order of the key's index, so that
/// writing them walks the index instead of jumping about it.
fn merged(rows: Vec<(u64, MetricRow)>) -> Vec<MetricRow> {
    fn order(r: &MetricRow) -> (NaiveDate, &str, &str, &str, &str, &str) {
        (
            r.day,
            r.channel.as_str(),
            &r.campaign,
            &r.ad,
            &r.region,
            &r.audience,
        )
    }
    let by_key = |a: &MetricRow, b: &MetricRow| order(a).cmp(&order(b));
    let mut rows: Vec<MetricRow> = rows.into_iter().map(|(_, row)| row).collect();
    if rows.len() < PAIRED_SORT_FROM {
        rows.sort_unstable_by(by_key);
    } else {
        // Each half on its own thread; the stable sort then only merges the two runs.
        let half = rows.len() / 2;
        let (first, second) = rows.split_at_mut(half);
        std::thread::scope(|scope| {
            scope.spawn(|| second.sort_unstable_by(by_key));
            first.sort_unstable_by(by_key);
        });
        rows.sort_by(by_key);
    }
    let mut out: Vec<MetricRow> = Vec::with_capacity(rows.len());
    for row in rows {
        match out.last_mut() {
            Some(r) if order(r) == order(&row) => {
                r.spend = r.spend.saturating_add(row.spend);
                r.impressions = r.impressions.saturating_add(row.impressions);
                r.clicks = r.clicks.saturating_add(row.clicks);
                r.conversions = r.conversions.saturating_add(row.conversions);
                r.revenue = r.revenue.saturating_add(row.revenue);
            }
            _ => out.push(row),
        }
    }
    out
}

/// How many rows of a project `table` holds, on `days` (`from`..=`to`) when given.
pub(crate) async fn count_rows<C: ConnectionTrait>(
    db: &C,
    table: &str,
    project_id: Id,
    days: Option<(NaiveDate, NaiveDate)>,
) -> AppResult<i64> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT COUNT(*) AS n FROM {table} WHERE project_id = "
    ))
    .bind(project_id);
    if let Some((from, to)) = days {
        sql.days(from, to);
    }
    let row = db.query_one_raw(sql.statement()).await?;
    Ok(row.map_or(Ok(0), |r| r.try_get::<i64>("", "n"))?)
}

/// Writes rows under their natural keys: a key already there takes the new figures. Each
/// statement is built while the database runs the one before it.
pub async fn upsert<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    import_id: Id,
    rows: &[MetricRow],
) -> AppResult<()> {
    let backend = db.get_database_backend();
    let mut chunks = rows.chunks(BATCH);
    let mut next = chunks
        .next()
        .map(|chunk| upsert_statement(backend, project_id, import_id, chunk));
    while let Some(statement) = next.take() {
        // `join` polls in order: the statement is under way before the next one is built.
        let (done, following) = futures::future::join(db.execute_raw(statement), async {
            chunks
                .next()
                .map(|chunk| upsert_statement(backend, project_id, import_id, chunk))
        })
        .await;
        done?;
        next = following;
    }
    Ok(())
}

/// One `INSERT … ON CONFLICT DO UPDATE` of `rows`.
fn upsert_statement(
    backend: DbBackend,
    project_id: Id,
    import_id: Id,
    rows: &[MetricRow],
) -> Statement {
    let mut sql = Sql::new(backend);
    sql.push(
        "INSERT INTO channel_metrics (project_id, day, channel, campaign, ad, region, audience, \
         spend, impressions, clicks, conversions, revenue, import_id) VALUES ",
    );
    // The ids are numbers the server holds, written in place: fewer values to bind.
    let (open, close) = (format!("({project_id}, "), format!(", {import_id})"));
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push(&open)
            .bind(r.day)
            .push(", ")
            .bind(r.channel.as_str())
            .push(", ")
            .bind(r.campaign.as_str())
            .push(", ")
            .bind(r.ad.as_str())
            .push(", ")
            .bind(r.region.as_str())
            .push(", ")
            .bind(r.audience.as_str())
            .push(", ")
            .bind(r.spend)
            .push(", ")
            .bind(r.impressions)
            .push(", ")
            .bind(r.clicks)
            .push(", ")
            .bind(r.conversions)
            .push(", ")
            .bind(r.revenue)
            .push(&close);
    }
    sql.push(
        " ON CONFLICT (project_id, day, channel, campaign, ad, region, audience) DO UPDATE SET \
         spend = excluded.spend, impressions = excluded.impressions, clicks = excluded.clicks, \
         conversions = excluded.conversions, revenue = excluded.revenue, \
         import_id = excluded.import_id",
    );
    sql.statement()
}

/// Rebuilds the sums of `from`..=`to` from the rows.
pub async fn roll_up<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<()> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    sql.push("DELETE FROM channel_rollups WHERE project_id = ")
        .bind(project_id)
        .days(from, to);
    db.execute_raw(sql.statement()).await?;
    for dimension in SUMMED_BY {
        let (column, group) = match dimension {
            "all" => ("''", String::new()),
            _ => (dimension, format!(", {dimension}")),
        };
        let mut sql = Sql::new(backend);
        sql.push(&format!(
            "INSERT INTO channel_rollups (project_id, dimension, day, channel, value, spend, \
             impressions, clicks, conversions, revenue) SELECT project_id, '{dimension}', day, \
             channel, {column}, SUM(spend), SUM(impressions), SUM(clicks), SUM(conversions), \
             SUM(revenue) FROM channel_metrics WHERE project_id = "
        ))
        .bind(project_id)
        .days(from, to)
        .push(&format!(" GROUP BY project_id, day, channel{group}"));
        db.execute_raw(sql.statement()).await?;
    }
    Ok(())
}

/// Adds the sums of rows that are the only ones on their days (see [`day_sums`]): the same
/// sums [`roll_up`] would write, without reading the rows back.
async fn add_day_sums<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    rows: &[MetricRow],
) -> AppResult<()> {
    for chunk in day_sums(rows).chunks(BATCH) {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(
            "INSERT INTO channel_rollups (project_id, dimension, day, channel, value, spend, \
             impressions, clicks, conversions, revenue) VALUES ",
        );
        for (i, d) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(project_id)
                .push(", ")
                .bind(d.dimension)
                .push(", ")
                .bind(d.day)
                .push(", ")
                .bind(d.channel.as_str())
                .push(", ")
                .bind(d.value)
                .push(", ")
                .bind(d.sums.spend)
                .push(", ")
                .bind(d.sums.impressions)
                .push(", ")
                .bind(d.sums.clicks)
                .push(", ")
                .bind(d.sums.conversions)
                .push(", ")
                .bind(d.sums.revenue)
                .push(")");
        }
        db.execute_raw(sql.statement()).await?;
    }
    Ok(())
}

/// The KPIs fed from channel data, and which sum feeds each.
fn fed_by(metric: KpiMetric) -> Option<&'static str> {
    match metric {
        KpiMetric::Impressions => Some("impressions"),
        KpiMetric::Clicks => Some("clicks"),
        KpiMetric::Conversions => Some("conversions"),
        KpiMetric::Revenue => Some("revenue"),
        _ => None,
    }
}

/// The project's KPIs of counts and revenue take each day's figure per channel from the data
/// over `from`..=`to`: a figure entered for that day and channel is replaced, others stay.
async fn feed_kpis<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    project_id: Id,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<()> {
    let backend = db.get_database_backend();
    let kpis = kpi_target::Entity::find()
        .filter(kpi_target::Column::ProjectId.eq(project_id))
        .all(db)
        .await?;
    for kpi in kpis {
        let Some(column) = KpiMetric::parse(&kpi.metric).and_then(fed_by) else {
            continue;
        };
        let mut sql = Sql::new(backend);
        sql.push("DELETE FROM kpi_actuals WHERE kpi_id = ")
            .bind(kpi.id)
            .days(from, to)
            .push(
                " AND channel IN (SELECT DISTINCT channel FROM channel_rollups WHERE \
                 dimension = 'all' AND project_id = ",
            )
            .bind(project_id)
            .days(from, to)
            .push(")");
        db.execute_raw(sql.statement()).await?;
        let mut sql = Sql::new(backend);
        sql.push(
            "INSERT INTO kpi_actuals (kpi_id, day, channel, value, entered_by, entered_at) SELECT ",
        )
        .bind(kpi.id)
        .push(&format!(", day, channel, {column}, "))
        .bind(caller.id)
        .push(", ")
        .bind(Utc::now())
        .push(" FROM channel_rollups WHERE dimension = 'all' AND project_id = ")
        .bind(project_id)
        .days(from, to);
        db.execute_raw(sql.statement()).await?;
    }
    Ok(())
}

/// Imports a file into a project's channel data. Nothing is written when the columns must
/// still be chosen, or when anything fails: an import lands whole or not at all.
pub async fn import_file(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    file_name: &str,
    bytes: Vec<u8>,
    mapping: Option<Mapping>,
) -> AppResult<ImportOutcome> {
    // Refuse early, before the file is read.
    let p =
        require_changeable_project(&state.db, caller, project_id, Action::RecordActuals).await?;
    let file_name: String = {
        let name = file_name.trim();
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let name = if name.is_empty() { "import" } else { name };
        name.chars().take(FILE_NAME_MAX).collect()
    };
    if bytes.len() > FILE_MAX_MIB << 20 {
        return Err(AppError::invalid_with(
            "file",
            K::ErrFileTooLarge,
            FILE_MAX_MIB as i64,
        ));
    }
    if bytes.is_empty() {
        return Err(AppError::invalid("file", K::ErrNoRows));
    }
    let currency = currency_of(&p);
    if let Some(m) = &mapping {
        if m.columns.len() > Field::ALL.len()
            || m.columns
                .iter()
                .enumerate()
                .any(|(i, (f, _))| m.columns[..i].iter().any(|(g, _)| g == f))
        {
            return Err(AppError::invalid("mapping", K::ErrMappingColumn));
        }
    }
    let format = Format::of(&bytes);
    // Reading and ordering are CPU work and memory: off the threads that serve requests, and
    // only a few files at a time — the others wait their turn.
    let _turn = READING.acquire().await.map_err(|_| AppError::Internal)?;
    let (parsed, rows, rows_read) = tokio::task::spawn_blocking(move || {
        read_file(&bytes, mapping, currency).map(|mut parsed| {
            let rows = std::mem::take(&mut parsed.rows);
            let read = rows.len();
            (parsed, merged(rows), read)
        })
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|key| AppError::invalid("file", key))?;
    if parsed.headers.iter().all(|h| h.is_empty()) {
        return Err(AppError::invalid("file", K::ErrNoRows));
    }
    if parsed
        .mapping
        .columns
        .iter()
        .any(|(_, c)| *c >= parsed.headers.len())
    {
        return Err(AppError::invalid("mapping", K::ErrMappingColumn));
    }
    if !parsed.missing.is_empty() {
        return Ok(ImportOutcome::NeedsMapping {
            headers: parsed.headers,
            guess: parsed.mapping,
            missing: parsed.missing,
            sample: parsed.sample,
        });
    }
    if rows.is_empty() && parsed.refused_count == 0 {
        return Err(AppError::invalid("file", K::ErrNoRows));
    }
    let platform = parsed
        .platform
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    // Only text has an encoding.
    let encoding = parsed
        .encoding
        .map(|e| e.as_str().to_string())
        .unwrap_or_default();
    let batch = Batch {
        file_name,
        format: format.as_str(),
        platform,
        encoding,
        rows_read: rows_read as i64,
        refused_count: parsed.refused_count as i64,
        skipped: parsed.skipped as i64,
        refused: parsed.refused,
        rows,
    };
    let (import, refused) = land(state, caller, p.id, batch).await?;
    Ok(ImportOutcome::Imported { import, refused })
}

/// Rows read from a file or sent to the API, ready to be written.
pub struct Batch {
    pub file_name: String,
    /// `csv`, `xlsx` or `api`.
    pub format: &'static str,
    pub platform: String,
    pub encoding: String,
    pub rows_read: i64,
    pub refused_count: i64,
    pub skipped: i64,
    pub refused: Vec<crate::domain::ingest::RefusedRow>,
    /// One row per key.
    pub rows: Vec<MetricRow>,
}

/// Writes a batch of rows in one transaction, with its record, the sums of the days it touched,
/// the KPIs fed from them and its audit entry: all of it or, on any failure, none.
pub async fn land(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    batch: Batch,
) -> AppResult<(ImportView, Vec<crate::domain::ingest::RefusedRow>)> {
    let Batch {
        file_name,
        format,
        platform,
        encoding,
        rows_read,
        refused_count,
        skipped,
        refused,
        rows,
    } = batch;
    let first_day = rows.iter().map(|r| r.day).min();
    let last_day = rows.iter().map(|r| r.day).max();
    let days = first_day.zip(last_day);
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::RecordActuals).await?;
    // Rows already on the import's days (none when it has no rows).
    let before = match days {
        Some(_) => count_rows(&txn, "channel_metrics", p.id, days).await?,
        None => 0,
    };
    let record = channel_import::ActiveModel {
        project_id: Set(p.id),
        file_name: Set(file_name.clone()),
        format: Set(format.to_string()),
        platform: Set(platform),
        encoding: Set(encoding),
        rows_read: Set(rows_read),
        rows_added: Set(0),
        rows_updated: Set(0),
        rows_refused: Set(refused_count),
        rows_skipped: Set(skipped),
        first_day: Set(first_day),
        last_day: Set(last_day),
        refused: Set(serde_json::to_string(&refused).unwrap_or_else(|_| "[]".into())),
        created_by: Set(caller.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    upsert(&txn, p.id, record.id, &rows).await?;
    if let Some((from, to)) = days {
        // Days that held no rows before hold only these: their sums are these rows' alone.
        if before == 0 {
            add_day_sums(&txn, p.id, &rows).await?;
        } else {
            roll_up(&txn, p.id, from, to).await?;
        }
        feed_kpis(&txn, caller, p.id, from, to).await?;
    }
    let added = match days {
        Some(_) if before > 0 => count_rows(&txn, "channel_metrics", p.id, days).await? - before,
        _ => rows.len() as i64,
    };
    let updated = rows.len() as i64 - added;
    let mut record: channel_import::ActiveModel = record.into();
    record.rows_added = Set(added);
    record.rows_updated = Set(updated);
    let record = record.update(&txn).await?;
    audit::Entry::new(AuditEntity::ChannelImport, record.id, AuditAction::Create)
        .in_project(p.id)
        .by(caller.id)
        .after(&ImportRecord {
            file_name: &file_name,
            rows_read,
            rows_added: added,
            rows_updated: updated,
            rows_refused: refused_count,
            first_day,
            last_day,
        })
        .write(&txn)
        .await?;
    state
        .commit_change(
            txn,
            p.id,
            caller,
            ProjectChange {
                channel_data: true,
                finance: true,
                ..Default::default()
            },
        )
        .await?;
    IMPORTED_ROWS.fetch_add(rows.len() as u64, std::sync::atomic::Ordering::Relaxed);
    let names = records::names(&state.db, [caller.id]).await?;
    Ok((view_of(record, &names), refused))
}

/// Rows sent to the API, as JSON objects whose members are named after the fields (`date`,
/// `channel`, `campaign`, `ad`, `region`, `audience`, `spend`, `impressions`, `clicks`,
/// `conversions`, `revenue`), numbers as numbers or as exports write them. Each row is read as
/// a row of a file would be; refused ones are numbered from 0 in the order sent.
pub async fn post_metrics(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    source: &str,
    items: Vec<serde_json::Map<String, serde_json::Value>>,
) -> AppResult<(ImportView, Vec<crate::domain::ingest::RefusedRow>)> {
    use crate::domain::ingest::{read_row, Mapping, RefusedRow, RowOutcome};
    let p =
        require_changeable_project(&state.db, caller, project_id, Action::RecordActuals).await?;
    let currency = currency_of(&p);
    let mapping = Mapping {
        columns: Field::ALL
            .iter()
            .enumerate()
            .map(|(i, f)| (*f, i))
            .collect(),
        channel: None,
    };
    let mut rows = Vec::with_capacity(items.len());
    let mut refused = Vec::new();
    let mut skipped = 0;
    for (i, item) in items.iter().enumerate() {
        let cells: Vec<String> = Field::ALL
            .iter()
            .map(|f| json_text(item, f.as_str()))
            .collect();
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        match read_row(&refs, &mapping, currency) {
            RowOutcome::Row(r) => rows.push((i as u64, r)),
            RowOutcome::Skipped => skipped += 1,
            RowOutcome::Refused(problems) => refused.push(RefusedRow {
                line: i as u64,
                cells,
                problems,
            }),
        }
    }
    let batch = Batch {
        file_name: source.chars().take(FILE_NAME_MAX).collect(),
        format: "api",
        platform: String::new(),
        encoding: String::new(),
        rows_read: rows.len() as i64,
        refused_count: refused.len() as i64,
        skipped,
        refused,
        rows: merged(rows),
    };
    land(state, caller, p.id, batch).await
}

/// The rows an import refused, with their reasons.
pub async fn refused_rows(
    state: &AppState,
    caller: &Caller,
    import_id: Id,
) -> AppResult<Vec<crate::domain::ingest::RefusedRow>> {
    let record = channel_import::Entity::find_by_id(import_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    require_project(&state.db, caller, record.project_id, Action::ViewProject).await?;
    Ok(serde_json::from_str(&record.refused).unwrap_or_default())
}

/// A day's sums on one channel.
type DayOnChannel = (NaiveDate, String, Sums);

/// Each day's sums per channel over `from`..=`to` (the day's channel totals kept on import).
async fn days_by_channel<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    (from, to): (NaiveDate, NaiveDate),
    channel: Option<Channel>,
) -> AppResult<Vec<DayOnChannel>> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT day, channel, spend, impressions, clicks, conversions, revenue \
         FROM channel_rollups WHERE dimension = 'all' AND project_id = ",
    )
    .bind(project_id)
    .days(from, to);
    if let Some(c) = channel {
        sql.push(" AND channel = ").bind(c.as_str());
    }
    let mut out = Vec::new();
    for row in db.query_all_raw(sql.statement()).await? {
        out.push((
            row.try_get("", "day")?,
            row.try_get("", "channel")?,
            sums_of(&row)?,
        ));
    }
    Ok(out)
}

/// Each channel's sums over `span` (for a weekly report).
pub async fn by_channel<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    span: (NaiveDate, NaiveDate),
) -> AppResult<Vec<(String, Sums)>> {
    let mut per: std::collections::BTreeMap<String, Sums> = Default::default();
    for (_, channel, sums) in days_by_channel(db, project_id, span, None).await? {
        per.entry(channel).or_default().add(&sums);
    }
    Ok(per.into_iter().collect())
}

fn sums_of(row: &sea_orm::QueryResult) -> AppResult<Sums> {
    Ok(Sums {
        spend: row.try_get("", "spend")?,
        impressions: row.try_get("", "impressions")?,
        clicks: row.try_get("", "clicks")?,
        conversions: row.try_get("", "conversions")?,
        revenue: row.try_get("", "revenue")?,
    })
}

/// The sums of each period the days fall in (one entry per day: the pivot adds up a period's).
fn by_period(days: &[DayOnChannel], dimension: Dimension) -> Vec<(String, Sums)> {
    let mut per_day: std::collections::BTreeMap<NaiveDate, Sums> = Default::default();
    for (day, _, sums) in days {
        per_day.entry(*day).or_default().add(sums);
    }
    per_day
        .into_iter()
        .map(|(day, sums)| (period_key(day, dimension), sums))
        .collect()
}

/// Sums per key over `from`..=`to`: the key is what `dimension` groups by (a period's day).
async fn sums_by<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    dimension: Dimension,
    (from, to): (NaiveDate, NaiveDate),
    channel: Option<Channel>,
) -> AppResult<Vec<(String, Sums)>> {
    let backend = db.get_database_backend();
    let (table, rollup, key) = match dimension {
        Dimension::Channel => ("channel_rollups", Some("all"), "channel"),
        Dimension::Day | Dimension::Week | Dimension::Month => {
            ("channel_rollups", Some("all"), "day")
        }
        Dimension::Campaign => ("channel_rollups", Some("campaign"), "value"),
        Dimension::Region => ("channel_rollups", Some("region"), "value"),
        Dimension::Audience => ("channel_rollups", Some("audience"), "value"),
        // Ads are many: they are summed from the rows themselves.
        Dimension::Ad => ("channel_metrics", None, "ad"),
    };
    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "SELECT {key} AS k, CAST(SUM(spend) AS BIGINT) AS spend, \
         CAST(SUM(impressions) AS BIGINT) AS impressions, CAST(SUM(clicks) AS BIGINT) AS clicks, \
         CAST(SUM(conversions) AS BIGINT) AS conversions, CAST(SUM(revenue) AS BIGINT) AS revenue \
         FROM {table} WHERE project_id = "
    ))
    .bind(project_id);
    if let Some(rollup) = rollup {
        sql.push(" AND dimension = ").bind(rollup);
    }
    sql.days(from, to);
    if let Some(c) = channel {
        sql.push(" AND channel = ").bind(c.as_str());
    }
    sql.push(&format!(" GROUP BY {key}"));
    let rows = db.query_all_raw(sql.statement()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let key = if dimension.is_period() {
            period_key(row.try_get("", "k")?, dimension)
        } else {
            row.try_get::<String>("", "k")?
        };
        out.push((key, sums_of(&row)?));
    }
    Ok(out)
}

/// The first and last day with data, and the channels that have any.
async fn extent<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
) -> AppResult<(Option<NaiveDate>, Option<NaiveDate>, Vec<Channel>)> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT channel, MIN(day) AS first_day, MAX(day) AS last_day FROM channel_rollups \
         WHERE dimension = 'all' AND project_id = ",
    )
    .bind(project_id)
    .push(" GROUP BY channel");
    let rows = db.query_all_raw(sql.statement()).await?;
    let (mut first, mut last, mut channels) = (None::<NaiveDate>, None::<NaiveDate>, Vec::new());
    for row in rows {
        let f: NaiveDate = row.try_get("", "first_day")?;
        let l: NaiveDate = row.try_get("", "last_day")?;
        first = Some(first.map_or(f, |x| x.min(f)));
        last = Some(last.map_or(l, |x| x.max(l)));
        if let Some(c) = Channel::parse(&row.try_get::<String>("", "channel")?) {
            channels.push(c);
        }
    }
    channels.sort_by_key(|c| Channel::ALL.iter().position(|x| x == c));
    Ok((first, last, channels))
}

/// The period a report covers: the days asked for; without an end, up to `last_day` (the last
/// day with data, else today); without a start, the [`DEFAULT_DAYS`] up to the end.
pub(crate) fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
) -> AppResult<(NaiveDate, NaiveDate)> {
    let to = to.or(last_day).unwrap_or_else(|| Utc::now().date_naive());
    let from = from.unwrap_or_else(|| to - Duration::days(DEFAULT_DAYS - 1));
    if from > to {
        return Err(AppError::invalid("to", K::ErrEndBeforeStart));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::invalid_with("to", K::ErrRangeTooLong, MAX_DAYS));
    }
    Ok((from, to))
}

/// A report's table: its period, the period before when asked for, and its rows.
struct Table {
    from: NaiveDate,
    to: NaiveDate,
    previous: Option<(NaiveDate, NaiveDate)>,
    pivot: crate::domain::report::Pivot,
    /// For a report by period, the days it sums, per channel; empty otherwise.
    days: Vec<DayOnChannel>,
}

/// The table `query` asks for; without dates, the last [`DEFAULT_DAYS`] up to `last_day` (the
/// last day with data, else today).
async fn table<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    query: &ReportQuery,
    last_day: Option<NaiveDate>,
) -> AppResult<Table> {
    let (from, to) = period(query.from, query.to, last_day)?;
    let (current, days) = if query.dimension.is_period() {
        let days = days_by_channel(db, project_id, (from, to), query.channel).await?;
        (by_period(&days, query.dimension), days)
    } else {
        let rows = sums_by(db, project_id, query.dimension, (from, to), query.channel).await?;
        (rows, Vec::new())
    };
    let (previous, previous_rows) = if query.compare {
        let period = previous_period(from, to);
        let rows = sums_by(db, project_id, query.dimension, period, query.channel).await?;
        (Some(period), Some(rows))
    } else {
        (None, None)
    };
    let mut pivot = pivot(query.dimension, current, previous_rows);
    fill_periods(&mut pivot, query.dimension, from, to);
    Ok(Table {
        from,
        to,
        previous,
        pivot,
        days,
    })
}

/// A project's channel report, with the latest imports.
pub async fn report(
    state: &AppState,
    caller: &Caller,
    query: ReportQuery,
) -> AppResult<ChannelReport> {
    let (p, role) =
        require_project(&state.db, caller, query.project_id, Action::ViewProject).await?;
    let (data_from, data_to, channels) = extent(&state.db, p.id).await?;
    let table = table(&state.db, p.id, &query, data_to).await?;
    let by_channel = periods_by_channel(&table.days, query.dimension, &table.pivot.rows);
    let imports = channel_import::Entity::find()
        .filter(channel_import::Column::ProjectId.eq(p.id))
        .order_by_desc(channel_import::Column::Id)
        .limit(IMPORTS_LISTED)
        .all(&state.db)
        .await?;
    let names = records::names(&state.db, imports.iter().map(|i| i.created_by)).await?;
    let can_import =
        allows(caller.role, role, Action::RecordActuals) && records::status_of(&p).is_editable();
    Ok(ChannelReport {
        project_id: p.id,
        dimension: query.dimension,
        from: table.from,
        to: table.to,
        channel: query.channel,
        previous: table.previous,
        currency: currency_of(&p),
        pivot: table.pivot,
        data_from,
        data_to,
        channels,
        by_channel,
        can_import,
        imports: imports.into_iter().map(|m| view_of(m, &names)).collect(),
    })
}

/// Each channel's sums per period of a report by period, in the order of `periods` (the
/// report's rows), the channel with the most spend first.
fn periods_by_channel(
    days: &[DayOnChannel],
    dimension: Dimension,
    periods: &[crate::domain::report::PivotRow],
) -> Vec<(Channel, Vec<Sums>)> {
    let place: std::collections::HashMap<&str, usize> = periods
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), i))
        .collect();
    let mut out: Vec<(Channel, Vec<Sums>)> = Vec::new();
    for (day, channel, sums) in days {
        let Some(channel) = Channel::parse(channel) else {
            continue;
        };
        let Some(&at) = place.get(period_key(*day, dimension).as_str()) else {
            continue;
        };
        let i = match out.iter().position(|(c, _)| *c == channel) {
            Some(i) => i,
            None => {
                out.push((channel, vec![Sums::default(); periods.len()]));
                out.len() - 1
            }
        };
        out[i].1[at].add(sums);
    }
    let spend = |v: &[Sums]| v.iter().map(|s| s.spend).sum::<i64>();
    out.sort_by(|a, b| {
        spend(&b.1)
            .cmp(&spend(&a.1))
            .then(a.0.as_str().cmp(b.0.as_str()))
    });
    out
}

/// A report written as CSV (UTF-8 with a byte-order mark, which spreadsheet programs need to
/// read Chinese) or as a workbook; the columns are the dimension and every measure, the last
/// row the totals.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    query: ReportQuery,
    xlsx: bool,
    locale: crate::i18n::Locale,
) -> AppResult<crate::model::ExportFile> {
    use crate::model::Measure;
    let (p, _) = require_project(&state.db, caller, query.project_id, Action::ViewProject).await?;
    // The last day with data matters only when the period is not given.
    let last_day = match query.to {
        Some(_) => None,
        None => extent(&state.db, p.id).await?.1,
    };
    let report = table(&state.db, p.id, &query, last_day).await?;
    let currency = currency_of(&p);
    let dimension = query.dimension;
    let mut header = vec![dimension.label().text(locale).to_string()];
    header.extend(
        Measure::ALL
            .iter()
            .map(|m| m.label().text(locale).to_string()),
    );
    let total_label = K::Total.text(locale).to_string();
    let lines: Vec<(String, Sums)> = report
        .pivot
        .rows
        .iter()
        .map(|r| (key_label(dimension, &r.key, locale), r.sums))
        .chain(std::iter::once((total_label, report.pivot.total)))
        .collect();
    let stem = format!(
        "channels-{}-{}-{}",
        dimension.as_str(),
        report.from.format("%Y%m%d"),
        report.to.format("%Y%m%d")
    );
    let (bytes, file_name, mime) = if xlsx {
        let bytes = workbook(&header, &lines, currency).map_err(|e| {
            tracing::error!(error = %e, "writing a workbook");
            AppError::Internal
        })?;
        (
            bytes,
            format!("{stem}.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        let mut out = vec![0xEF, 0xBB, 0xBF];
        let mut writer = csv::Writer::from_writer(&mut out);
        let mut write = || -> Result<(), csv::Error> {
            writer.write_record(&header)?;
            for (label, sums) in &lines {
                let mut record = vec![inert(label).into_owned()];
                record.extend(Measure::ALL.iter().map(|m| plain(*m, sums, currency)));
                writer.write_record(&record)?;
            }
            writer.flush()?;
            Ok(())
        };
        write().map_err(|_| AppError::Internal)?;
        drop(writer);
        (out, format!("{stem}.csv"), "text/csv; charset=utf-8")
    };
    Ok(crate::model::ExportFile {
        file_name,
        mime: mime.to_string(),
        content: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

/// A measure as a plain number for a sheet: money in major units, rates as fractions.
fn number(measure: crate::model::Measure, sums: &Sums, currency: Currency) -> Option<f64> {
    let v = measure.of(sums)?;
    Some(if measure.is_money() {
        v / currency.minor_per_major() as f64
    } else {
        v
    })
}

fn plain(measure: crate::model::Measure, sums: &Sums, currency: Currency) -> String {
    match number(measure, sums, currency) {
        None => String::new(),
        Some(v) if measure.is_money() => {
            format!("{v:.prec$}", prec = currency.minor_digits() as usize)
        }
        Some(v) if measure.is_rate() => format!("{v:.6}"),
        Some(v) => format!("{v:.0}"),
    }
}

fn workbook(
    header: &[String],
    lines: &[(String, Sums)],
    currency: Currency,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use crate::model::Measure;
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = CellFormat::new().set_bold();
    let money = CellFormat::new().set_num_format(if currency.minor_digits() == 0 {
        "#,##0"
    } else {
        "#,##0.00"
    });
    let percent = CellFormat::new().set_num_format("0.00%");
    let ratio = CellFormat::new().set_num_format("0.00");
    let count = CellFormat::new().set_num_format("#,##0");
    for (c, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title, &bold)?;
    }
    for (i, (label, sums)) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        let last = i + 1 == lines.len();
        if last {
            sheet.write_string_with_format(row, 0, label, &bold)?;
        } else {
            sheet.write_string(row, 0, label)?;
        }
        for (j, m) in Measure::ALL.iter().enumerate() {
            let col = j as u16 + 1;
            let Some(v) = number(*m, sums, currency) else {
                continue;
            };
            let format = match m {
                Measure::Roas => &ratio,
                m if m.is_rate() => &percent,
                m if m.is_money() => &money,
                _ => &count,
            };
            sheet.write_number_with_format(row, col, v, format)?;
        }
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_range_width(1, Measure::ALL.len() as u16, 14)?;
    sheet.set_freeze_panes(1, 1)?;
    book.save_to_buffer()
}

/// A member of a JSON object as the text a file would hold: a string as it is, a number
/// written out, nothing for null or absent (anything else as its JSON, to be refused).
pub fn json_text(item: &serde_json::Map<String, serde_json::Value>, name: &str) -> String {
    match item.get(name) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}
