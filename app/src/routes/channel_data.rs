//! The channel data tab: importing ad-platform exports (upload with progress, the columns chosen
//! when a file is not recognised, the rejected rows with their reasons) and the report — rows
//! by channel, campaign, ad, region, audience or period over a date range, every measure, the
//! totals, the period before, a chart of one measure, and the report as CSV or Excel.
use crate::loaded::load;
use leptos::prelude::*;

use super::project::use_project;
use crate::api::channel_data::{export_channel_report, get_channel_report, import_refused_rows};
use crate::components::charts::{bar_svg, line_svg, Drawing, Series, SvgChart};
use crate::components::charts::{
    colour, donut_svg, stacked_svg, Legend, Slice, Stack, StackSeries,
};
use crate::components::live_connection;
use crate::components::ui::{failed, format_date, parse_date, ErrorBox, Spinner};
use crate::domain::ingest::{Field, Mapping, RefusedRow};
use crate::domain::money::Currency;
use crate::domain::report::{change, key_label, Sums};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    Channel, ChannelReport, Dimension, Id, ImportOutcome, ImportView, Measure, ReportQuery,
};

/// Rows drawn in the bar chart at most.
const BARS: usize = 12;

/// The report's controls.
#[derive(Clone, Copy)]
struct Controls {
    dimension: RwSignal<Dimension>,
    from: RwSignal<Option<chrono::NaiveDate>>,
    to: RwSignal<Option<chrono::NaiveDate>>,
    channel: RwSignal<Option<Channel>>,
    compare: RwSignal<bool>,
    measure: RwSignal<Measure>,
    /// The chart cut by channel (stacked periods) or into slices (a donut) instead of plain
    /// bars or a line.
    split: RwSignal<bool>,
    /// Bump to read the report again (after an import, or another's).
    reload: RwSignal<u32>,
}

impl Controls {
    fn query(&self, project_id: Id) -> ReportQuery {
        ReportQuery {
            project_id,
            dimension: self.dimension.get(),
            from: self.from.get(),
            to: self.to.get(),
            channel: self.channel.get(),
            compare: self.compare.get(),
        }
    }
}

#[component]
pub fn DataTab() -> impl IntoView {
    let ctx = use_project();
    let controls = Controls {
        dimension: RwSignal::new(Dimension::Channel),
        from: RwSignal::new(None),
        to: RwSignal::new(None),
        channel: RwSignal::new(None),
        compare: RwSignal::new(true),
        measure: RwSignal::new(Measure::Spend),
        split: RwSignal::new(false),
        reload: RwSignal::new(0),
    };
    let import = ImportState::new();
    let report = load(
        move || (ctx.id.get(), controls.query(0), controls.reload.get()),
        move |(id, query, _)| async move {
            match id {
                Some(project_id) => {
                    get_channel_report(ReportQuery {
                        project_id,
                        ..query
                    })
                    .await
                }
                None => Err(AppError::NotFound),
            }
        },
    );
    if let Some(live) = live_connection::use_live() {
        live.on_event(move |event| {
            if event.change.channel_data {
                controls.reload.update(|n| *n += 1);
            }
        });
    }
    view! {
        <div class="channel-data">
            <Transition fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Err(e) => failed(e),
                        Ok(r) => view! { <DataBody r controls import/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn DataBody(r: ChannelReport, controls: Controls, import: ImportState) -> impl IntoView {
    let project_id = r.project_id;
    let has_data = r.data_from.is_some();
    let imports = r.imports.clone();
    view! {
        {r.can_import.then(|| view! { <ImportCard project_id controls state=import/> })}
        {if has_data {
            view! { <ReportCard r controls/> }.into_any()
        } else {
            view! { <div class="card empty-state"><p>{tr(K::NoChannelData)}</p></div> }.into_any()
        }}
        {(!imports.is_empty()).then(|| view! { <ImportsCard imports/> })}
    }
}

/// A file being imported: its name and bytes, kept to send again with a mapping.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, Default)]
struct Upload {
    name: String,
    bytes: Vec<u8>,
}

/// What the import panel shows. It lives with the tab, not the report: the report is read again
/// after an import, and the import's result stays in view.
#[derive(Clone, Copy)]
struct ImportState {
    progress: RwSignal<Option<u32>>,
    error: RwSignal<Option<AppError>>,
    outcome: RwSignal<Option<ImportOutcome>>,
    file: StoredValue<Upload>,
}

impl ImportState {
    fn new() -> Self {
        ImportState {
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            outcome: RwSignal::new(None),
            file: StoredValue::new(Upload::default()),
        }
    }
}

#[component]
fn ImportCard(project_id: Id, controls: Controls, state: ImportState) -> impl IntoView {
    let ImportState {
        progress,
        error,
        outcome,
        file,
    } = state;
    let send = move |mapping: Option<Mapping>| {
        let upload = file.get_value();
        error.set(None);
        progress.set(Some(0));
        let done = move |result: Result<ImportOutcome, AppError>| {
            progress.set(None);
            match result {
                Ok(o) => {
                    if matches!(o, ImportOutcome::Imported { .. }) {
                        controls.reload.update(|n| *n += 1);
                    }
                    outcome.set(Some(o));
                }
                Err(e) => error.set(Some(e)),
            }
        };
        post_import(project_id, upload, mapping, progress, done);
    };
    let on_file = move |ev: leptos::ev::Event| {
        outcome.set(None);
        read_file(ev, progress, error, move |upload| {
            file.set_value(upload);
            send(None);
        });
    };
    let i18n = use_i18n();
    view! {
        <section class="card import-card">
            <h3>{tr(K::ImportData)}</h3>
            <p class="hint">{tr(K::ImportHint)}</p>
            <label class="btn btn-primary file-button">
                {tr(K::ChooseFile)}
                <input type="file" class="visually-hidden" data-test="import-file"
                    accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    disabled=move || progress.get().is_some()
                    on:change=on_file/>
            </label>
            {move || progress.get().map(|p| {
                let text = if p >= 100 { i18n.t(K::ReadingFile).to_string() } else { i18n.t(K::Uploading).replace("{n}", &p.to_string()) };
                let label = text.clone();
                view! {
                    <div class="upload-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=p aria-label=label>
                        <div class="upload-bar"><span style=format!("width:{p}%")></span></div>
                        <span class="upload-text">{text}</span>
                    </div>
                }
            })}
            <ErrorBox error/>
            {move || outcome.get().map(|o| match o {
                ImportOutcome::NeedsMapping { headers, guess, missing, sample } => view! {
                    <MappingForm headers guess missing sample send=Callback::new(move |m| send(Some(m)))/>
                }.into_any(),
                ImportOutcome::Imported { import, refused } => view! {
                    <ImportResult import refused/>
                }.into_any(),
            })}
        </section>
    }
}

/// Reads the chosen file's bytes, then hands them on.
fn read_file(
    ev: leptos::ev::Event,
    progress: RwSignal<Option<u32>>,
    error: RwSignal<Option<AppError>>,
    then: impl FnOnce(Upload) + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(f) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        // The same file may be chosen again after a fix.
        input.set_value("");
        let name = f.name();
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        progress.set(Some(0));
        let r = reader.clone();
        let onload = Closure::once_into_js(move || {
            let bytes = r
                .result()
                .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
                .unwrap_or_default();
            then(Upload { name, bytes });
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        let onerror = Closure::once_into_js(move || {
            progress.set(None);
            error.set(Some(AppError::invalid("file", K::ErrUnreadableFile)));
        });
        reader.set_onerror(Some(onerror.unchecked_ref()));
        let _ = reader.read_as_array_buffer(&f);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, progress, error, then);
}

/// Sends a file's bytes to the upload route (not base64 in JSON), showing the upload's progress.
fn post_import(
    project_id: Id,
    upload: Upload,
    mapping: Option<Mapping>,
    progress: RwSignal<Option<u32>>,
    done: impl FnOnce(Result<ImportOutcome, AppError>) + 'static,
) {
    let name = String::from(js_sys::encode_uri_component(&upload.name));
    let mut headers = Vec::new();
    if let Some(text) = mapping.and_then(|m| serde_json::to_string(&m).ok()) {
        headers.push(("x-marquee-mapping", text));
    }
    crate::components::upload::send(
        &format!("/api/upload/channel-data/{project_id}?name={name}"),
        &headers,
        crate::components::upload::Payload::Bytes(upload.bytes),
        progress,
        done,
    );
}

#[component]
fn MappingForm(
    headers: Vec<String>,
    guess: Mapping,
    missing: Vec<Field>,
    sample: Vec<Vec<String>>,
    send: Callback<Mapping>,
) -> impl IntoView {
    let mapping = RwSignal::new(guess);
    let headers = StoredValue::new(headers);
    let sample = StoredValue::new(sample);
    let i18n = use_i18n();
    // A column's name with what its first row holds, to choose by.
    let option_text = move |i: usize| {
        let name = headers.with_value(|h| h.get(i).cloned().unwrap_or_default());
        let first = sample.with_value(|s| {
            s.first()
                .and_then(|r| r.get(i))
                .cloned()
                .unwrap_or_default()
        });
        if first.is_empty() {
            name
        } else {
            format!("{name} ({})", first.chars().take(24).collect::<String>())
        }
    };
    let field_row = move |field: Field| {
        let chosen = move || mapping.with(|m| m.column(field));
        let count = headers.with_value(Vec::len);
        let id = format!(
            "map-{}",
            serde_json::to_string(&field)
                .unwrap_or_default()
                .trim_matches('"')
        );
        view! {
            <div class="field mapping-field">
                <label for=id.clone()>{tr(field.label())}</label>
                <select id=id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    mapping.update(|m| {
                        m.columns.retain(|(f, _)| *f != field);
                        if let Ok(c) = v.parse::<usize>() {
                            m.columns.retain(|(_, col)| *col != c);
                            m.columns.push((field, c));
                        }
                    });
                }>
                    <option value="" selected=move || chosen().is_none()>{tr(K::NoColumn)}</option>
                    {(0..count).map(|i| view! {
                        <option value=i.to_string() selected=move || chosen() == Some(i)>{option_text(i)}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let needs_channel = move || mapping.with(|m| m.column(Field::Channel).is_none());
    view! {
        <div class="mapping" data-test="mapping">
            <h4>{tr(K::MappingTitle)}</h4>
            <p class="hint">{tr(K::MappingHint)}</p>
            <p class="hint mapping-missing">{move || {
                let names: Vec<&str> = missing.iter().map(|f| i18n.t(f.label())).collect();
                i18n.t(K::MappingMissing).replace("{fields}", &names.join(if i18n.locale.get() == crate::i18n::Locale::Zh { "、" } else { ", " }))
            }}</p>
            <div class="mapping-grid">
                {Field::ALL.into_iter().map(field_row).collect_view()}
                {move || needs_channel().then(|| view! {
                    <div class="field mapping-field">
                        <label for="map-fixed-channel">{tr(K::EveryRowFrom)}</label>
                        <select id="map-fixed-channel" on:change=move |ev| {
                            let c = Channel::parse(&event_target_value(&ev));
                            mapping.update(|m| m.channel = c);
                        }>
                            <option value="" selected=move || mapping.with(|m| m.channel.is_none())>{tr(K::NoColumn)}</option>
                            {Channel::ALL.iter().map(|c| { let c = *c; view! {
                                <option value=c.as_str() selected=move || mapping.with(|m| m.channel == Some(c))>{tr(c.label())}</option>
                            }}).collect_view()}
                        </select>
                    </div>
                })}
            </div>
            <button class="btn btn-primary" disabled=move || !mapping.with(|m| m.missing().is_empty())
                on:click=move |_| send.run(mapping.get_untracked())>
                {tr(K::ImportWithMapping)}
            </button>
        </div>
    }
}

#[component]
fn ImportResult(import: ImportView, refused: Vec<RefusedRow>) -> impl IntoView {
    let i18n = use_i18n();
    let stat = move |label: K, n: i64, class: &'static str| {
        view! {
            <div class=format!("import-stat {class}")>
                <span class="stat-value">{n}</span>
                <span class="stat-label">{tr(label)}</span>
            </div>
        }
    };
    let refused_total = import.rows_refused;
    view! {
        <div class="import-result" data-test="import-result">
            <p class="import-summary">
                <strong>{move || i18n.t(K::ImportedRows).replace("{n}", &import.rows_read.to_string())}</strong>
                {import.platform.map(|p| view! { " · " {tr(K::FromPlatform)} " " <span class="badge">{tr(p.label())}</span> })}
                {(!import.encoding.is_empty()).then(|| view! { " · " {tr(K::FileEncoding)} " " {encoding_name(&import.encoding)} })}
            </p>
            <div class="import-stats">
                {stat(K::RowsAdded, import.rows_added, "")}
                {stat(K::RowsUpdated, import.rows_updated, "")}
                {stat(K::RowsRefused, import.rows_refused, if import.rows_refused > 0 { "bad" } else { "" })}
                {stat(K::RowsSkipped, import.rows_skipped, "")}
            </div>
            {(!refused.is_empty()).then(|| view! { <RefusedTable rows=refused total=refused_total/> })}
        </div>
    }
}

fn encoding_name(code: &str) -> &'static str {
    match code {
        "utf8" => "UTF-8",
        "utf16" => "UTF-16",
        "gb18030" => "GBK / GB18030",
        _ => "",
    }
}

#[component]
fn RefusedTable(rows: Vec<RefusedRow>, total: i64) -> impl IntoView {
    let i18n = use_i18n();
    let shown = rows.len() as i64;
    view! {
        <h4>{tr(K::RefusedRows)} " (" {total} ")"</h4>
        {(total > shown).then(|| view! { <p class="hint">{move || i18n.t(K::RefusedMore).replace("{n}", &shown.to_string())}</p> })}
        <div class="table-scroll">
            <table class="table refused-table" data-test="refused-rows">
                <thead><tr><th>{tr(K::LineNo)}</th><th>{tr(K::Reasons)}</th><th>{tr(K::Content)}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let problems = r.problems.clone();
                        let reasons = move || {
                            let locale = i18n.locale.get();
                            let colon = if locale == crate::i18n::Locale::Zh { "：" } else { ": " };
                            problems.iter().map(|p| {
                                let text = match p.field {
                                    Some(f) => format!("{}{colon}{}", f.label().text(locale), p.key.text(locale)),
                                    None => p.key.text(locale).to_string(),
                                };
                                view! { <div>{text}</div> }
                            }).collect_view()
                        };
                        view! {
                            <tr>
                                <td class="num">{r.line}</td>
                                <td class="reason">{reasons}</td>
                                <td class="cells">{r.cells.join(" | ")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ImportsCard(imports: Vec<ImportView>) -> impl IntoView {
    let open = RwSignal::new(None::<(Id, Result<Vec<RefusedRow>, AppError>)>);
    view! {
        <section class="card imports-card">
            <h3>{tr(K::RecentImports)}</h3>
            <ul class="import-list">
                {imports.into_iter().map(|i| {
                    let id = i.id;
                    let refused = i.rows_refused;
                    view! {
                        <li>
                            <div class="import-file">
                                <span class="import-name">{i.file_name.clone()}</span>
                                <small class="muted">{i.created_by.display_name.clone()} " · " {i.created_at.format("%Y-%m-%d %H:%M").to_string()}</small>
                            </div>
                            <div class="import-facts">
                                {i.platform.map(|p| view! { <span class="badge">{tr(p.label())}</span> })}
                                <span class="num">{i.rows_read} " " {tr(K::RowsRead)}</span>
                                {(refused > 0).then(|| view! {
                                    <button class="btn btn-link" on:click=move |_| {
                                        leptos::task::spawn_local(async move {
                                            open.set(Some((id, import_refused_rows(id).await)));
                                        });
                                    }>{refused} " " {tr(K::RowsRefused)}</button>
                                })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || open.get().map(|(_, rows)| match rows {
                Ok(rows) => { let total = rows.len() as i64; view! { <RefusedTable rows total/> }.into_any() }
                Err(e) => failed(e),
            })}
        </section>
    }
}

/// Where a figure went against the period before: "+12.3%" and whether that is good news.
fn delta(measure: Measure, now: &Sums, before: &Sums) -> Option<(String, bool)> {
    let c = change(measure.of(now), measure.of(before))?;
    let good = if measure.lower_is_better() {
        c < 0.0
    } else {
        c > 0.0
    };
    Some((format!("{:+.1}%", c * 100.0), good))
}

#[component]
fn ReportCard(r: ChannelReport, controls: Controls) -> impl IntoView {
    let i18n = use_i18n();
    let currency = r.currency;
    let dimension = r.dimension;
    let report = StoredValue::new(r.clone());
    let export_error = RwSignal::new(None::<AppError>);
    let export = move |xlsx: bool| {
        let query = report.with_value(|r| ReportQuery {
            project_id: r.project_id,
            dimension: r.dimension,
            from: Some(r.from),
            to: Some(r.to),
            channel: r.channel,
            compare: false,
        });
        leptos::task::spawn_local(async move {
            match export_channel_report(query, xlsx).await {
                Ok(f) => {
                    export_error.set(None);
                    crate::components::ui::download_base64(&f.file_name, &f.mime, &f.content);
                }
                Err(e) => export_error.set(Some(e)),
            }
        });
    };
    let channels = r.channels.clone();
    let (from, to) = (r.from, r.to);
    let previous = r.previous;
    let data_range = (r.data_from, r.data_to);
    let total = r.pivot.total;
    let previous_total = r.pivot.previous_total;
    let tiles = [
        Measure::Spend,
        Measure::Impressions,
        Measure::Clicks,
        Measure::Conversions,
        Measure::Revenue,
        Measure::Roas,
    ];
    let rows = r.pivot.rows.clone();
    let chart_rows = rows.clone();
    let by_channel = r.by_channel.clone();
    // Series or slices left out of the chart by the legend.
    let hidden = RwSignal::new(Vec::<usize>::new());
    // A cut chart only for sums, whose parts add up.
    let split = move || controls.split.get() && controls.measure.get().is_additive();
    // The legend's entries: the channels stacked, or the slices of the donut.
    let legend_rows = rows.clone();
    let legend_channels: Vec<Channel> = by_channel.iter().map(|(c, _)| *c).collect();
    let legend = move || {
        let locale = i18n.locale.get();
        if dimension.is_period() {
            legend_channels
                .iter()
                .enumerate()
                .map(|(i, c)| (c.label().text(locale).to_string(), colour(i)))
                .collect::<Vec<_>>()
        } else {
            slices_of(&legend_rows, dimension, controls.measure.get(), locale)
                .into_iter()
                .map(|s| (s.name, s.colour))
                .collect()
        }
    };
    let render = Callback::new(move |(width, height): (u32, u32)| -> Drawing {
        let measure = controls.measure.get();
        let locale = i18n.locale.get();
        let format = move |v: f64| axis_value(measure, v, currency);
        let off = hidden.get();
        if split() {
            if dimension.is_period() {
                let periods: Vec<String> = chart_rows
                    .iter()
                    .map(|row| key_label(dimension, &row.key, locale))
                    .collect();
                let series: Vec<StackSeries> = by_channel
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !off.contains(i))
                    .map(|(i, (c, sums))| StackSeries {
                        name: c.label().text(locale).to_string(),
                        colour: colour(i),
                        values: sums.iter().map(|s| measure.of(s).unwrap_or(0.0)).collect(),
                    })
                    .collect();
                return stacked_svg(
                    &Stack {
                        periods: &periods,
                        series: &series,
                        format: &format,
                    },
                    width,
                    height,
                );
            }
            let slices: Vec<Slice> = slices_of(&chart_rows, dimension, measure, locale)
                .into_iter()
                .enumerate()
                .filter(|(i, _)| !off.contains(i))
                .map(|(_, s)| s)
                .collect();
            let exact = move |v: f64| measure.format(Some(v), currency);
            return donut_svg(&slices, K::ChartTotal.text(locale), &exact, width, height);
        }
        let mut shown: Vec<(String, Option<f64>)> = chart_rows
            .iter()
            .map(|row| {
                (
                    key_label(dimension, &row.key, locale),
                    measure.of(&row.sums),
                )
            })
            .collect();
        if dimension.is_period() {
            let (labels, values): (Vec<String>, Vec<Option<f64>>) = shown.into_iter().unzip();
            line_svg(
                &Series {
                    labels: &labels,
                    values: &values,
                    format: &format,
                },
                width,
                height,
            )
        } else {
            shown.sort_by(|a, b| b.1.unwrap_or(f64::MIN).total_cmp(&a.1.unwrap_or(f64::MIN)));
            shown.truncate(BARS);
            let (labels, values): (Vec<String>, Vec<Option<f64>>) = shown.into_iter().unzip();
            bar_svg(
                &Series {
                    labels: &labels,
                    values: &values,
                    format: &format,
                },
                width,
                height,
            )
        }
    });
    let row_count = rows.len();
    let chart_height = move || {
        if dimension.is_period() {
            280
        } else if split() {
            300
        } else {
            (row_count.min(BARS) as u32 * 30 + 50).max(160)
        }
    };
    let compare = previous.is_some();
    view! {
        <section class="card report-card">
            <div class="report-head">
                <h3>{tr(K::ReportTitle)}</h3>
                {data_range.0.zip(data_range.1).map(|(a, b)| view! {
                    <span class="muted">{move || i18n.t(K::DataRange).replace("{from}", &a.to_string()).replace("{to}", &b.to_string())}</span>
                })}
            </div>
            <div class="report-controls">
                <label class="field">
                    <span>{tr(K::RowsBy)}</span>
                    <select data-test="dimension" on:change=move |ev| if let Some(d) = Dimension::parse(&event_target_value(&ev)) { controls.dimension.set(d) }>
                        {Dimension::ALL.iter().map(|d| { let d = *d; view! { <option value=d.as_str() selected=d == dimension>{tr(d.label())}</option> } }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr(K::DateFrom)}</span>
                    <input type="date" data-test="from" prop:value=format_date(Some(from)) on:change=move |ev| controls.from.set(parse_date(&event_target_value(&ev)))/>
                </label>
                <label class="field">
                    <span>{tr(K::DateTo)}</span>
                    <input type="date" data-test="to" prop:value=format_date(Some(to)) on:change=move |ev| controls.to.set(parse_date(&event_target_value(&ev)))/>
                </label>
                <label class="field">
                    <span>{tr(K::Channel)}</span>
                    <select data-test="channel" on:change=move |ev| controls.channel.set(Channel::parse(&event_target_value(&ev)))>
                        <option value="" selected=r.channel.is_none()>{tr(K::AllChannels)}</option>
                        {channels.iter().map(|c| { let c = *c; view! { <option value=c.as_str() selected=r.channel == Some(c)>{tr(c.label())}</option> } }).collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=compare on:change=move |ev| controls.compare.set(event_target_checked(&ev))/>
                    {tr(K::CompareWithPrevious)}
                </label>
                <div class="report-export">
                    <button class="btn" data-test="export-csv" on:click=move |_| export(false)>{tr(K::ExportCsv)}</button>
                    <button class="btn" data-test="export-xlsx" on:click=move |_| export(true)>{tr(K::ExportXlsx)}</button>
                </div>
            </div>
            <ErrorBox error=export_error/>
            {previous.map(|(a, b)| view! {
                <p class="muted compare-note">{move || i18n.t(K::PreviousPeriod).replace("{from}", &a.to_string()).replace("{to}", &b.to_string())}</p>
            })}
            <div class="report-tiles">
                {tiles.into_iter().map(|m| {
                    let d = previous_total.and_then(|p| delta(m, &total, &p));
                    view! {
                        <div class="report-tile">
                            <span class="stat-label">{tr(m.label())}</span>
                            <span class="stat-value">{m.format(m.of(&total), currency)}</span>
                            {d.map(|(text, good)| view! { <span class=if good { "delta good" } else { "delta bad" }>{text}</span> })}
                        </div>
                    }
                }).collect_view()}
            </div>
            {if rows.is_empty() {
                view! { <p class="empty-state">{tr(K::NoRowsInRange)}</p> }.into_any()
            } else {
                view! {
                    <div class="report-chart">
                        <label class="field chart-measure">
                            <span>{tr(K::ChartOf)}</span>
                            <select data-test="measure" on:change=move |ev| if let Some(m) = Measure::parse(&event_target_value(&ev)) { controls.measure.set(m) }>
                                {Measure::ALL.iter().map(|m| { let m = *m; view! { <option value=m.as_str() selected=move || controls.measure.get() == m>{tr(m.label())}</option> } }).collect_view()}
                            </select>
                        </label>
                        <label class="field chart-measure">
                            <span>{tr(K::ChartKind)}</span>
                            <select data-test="chart-kind" on:change=move |ev| { hidden.set(Vec::new()); controls.split.set(event_target_value(&ev) == "split") }>
                                <option value="plain" selected=move || !split()>{tr(if dimension.is_period() { K::ChartLine } else { K::ChartBars })}</option>
                                <option value="split" selected=split disabled=move || !controls.measure.get().is_additive()>{tr(if dimension.is_period() { K::ChartStacked } else { K::ChartDonut })}</option>
                            </select>
                        </label>
                        {move || split().then(|| view! { <Legend items=legend() hidden/> })}
                        {move || view! { <SvgChart render label=i18n.t(K::ReportTitle) class="report-svg" height=chart_height() export=format!("marquee-{}", dimension.as_str())/> }}
                    </div>
                    <PivotTable rows total previous_total dimension currency/>
                }.into_any()
            }}
        </section>
    }
}

/// Slices shown at most in a donut; the rest are one slice, "Others".
const SLICES: usize = 7;

/// A donut's slices: the rows with the most of `measure`, the rest together.
fn slices_of(
    rows: &[crate::domain::report::PivotRow],
    dimension: Dimension,
    measure: Measure,
    locale: crate::i18n::Locale,
) -> Vec<Slice> {
    let mut values: Vec<(String, f64)> = rows
        .iter()
        .map(|row| {
            (
                key_label(dimension, &row.key, locale),
                measure.of(&row.sums).unwrap_or(0.0),
            )
        })
        .filter(|(_, v)| *v > 0.0)
        .collect();
    values.sort_by(|a, b| b.1.total_cmp(&a.1));
    let rest: f64 = values.iter().skip(SLICES).map(|(_, v)| v).sum();
    values.truncate(SLICES);
    if rest > 0.0 {
        values.push((K::ChartOthers.text(locale).to_string(), rest));
    }
    values
        .into_iter()
        .enumerate()
        .map(|(i, (name, value))| Slice {
            name,
            colour: colour(i),
            value,
        })
        .collect()
}

/// A value on a chart's axis: money in whole units, rates as percentages.
fn axis_value(measure: Measure, v: f64, currency: Currency) -> String {
    if measure.is_money() {
        crate::components::charts::axis_amount(v.round() as i64, currency)
    } else if measure == Measure::Roas {
        format!("{v:.1}")
    } else if measure.is_rate() {
        format!("{:.1}%", v * 100.0)
    } else if v.abs() >= 1_000_000.0 {
        format!("{:.1}M", v / 1_000_000.0)
    } else if v.abs() >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else {
        format!("{v:.0}")
    }
}

#[component]
fn PivotTable(
    rows: Vec<crate::domain::report::PivotRow>,
    total: Sums,
    previous_total: Option<Sums>,
    dimension: Dimension,
    currency: Currency,
) -> impl IntoView {
    let i18n = use_i18n();
    let cells = move |sums: Sums, previous: Option<Sums>| {
        Measure::ALL
            .iter()
            .map(|m| {
                let m = *m;
                let d = previous.and_then(|p| delta(m, &sums, &p));
                view! {
                    <td class="num">
                        {m.format(m.of(&sums), currency)}
                        {d.map(|(text, good)| view! { <small class=if good { "delta good" } else { "delta bad" }>{text}</small> })}
                    </td>
                }
            })
            .collect_view()
    };
    view! {
        <div class="table-scroll">
            <table class="table pivot-table" data-test="pivot">
                <thead>
                    <tr>
                        <th class="sticky">{tr(dimension.label())}</th>
                        {Measure::ALL.iter().map(|m| view! { <th class="num">{tr(m.label())}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let key = row.key.clone();
                        view! {
                            <tr>
                                <th class="sticky" scope="row">{move || key_label(dimension, &key, i18n.locale.get())}</th>
                                {cells(row.sums, row.previous)}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th class="sticky" scope="row">{tr(K::Total)}</th>
                        {cells(total, previous_total)}
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}
