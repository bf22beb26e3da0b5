//! Performance figures (绩效) over a period: one's own, a managed project's people for that
//! project, or everyone's (admins); exported as XLSX for a performance review.
use chrono::Datelike;
use leptos::prelude::*;

use crate::api::performance::{export_performance, get_performance};
use crate::components::layout::Layout;
use crate::components::ui::{
    download_base64, form_level, format_date, parse_date, today, ErrorBox, FieldError, Spinner,
};
use crate::domain::performance::TaskFigures;
use crate::domain::retro::{percent, tenths};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{PerformanceQuery, PerformanceRow, PerformanceView};

fn rate(v: Option<i64>) -> String {
    v.map(percent).unwrap_or_else(|| "—".into())
}

fn task_cells(t: TaskFigures) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <td class="num" data-label=move || i18n.t(K::PerfDone)>{t.done}</td>
        <td class="num" data-label=move || i18n.t(K::PerfOnTime)>{rate(t.on_time_rate())}</td>
        <td class="num" data-label=move || i18n.t(K::PerfOverdue)>{rate(t.overdue_rate())}</td>
        <td class="num" data-label=move || i18n.t(K::PerfDelay)>{t.average_delay().map(tenths).unwrap_or_else(|| "—".into())}</td>
    }
}

fn row_view(r: PerformanceRow) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <tr data-test="perf-row">
            <td class="strong" data-label=move || i18n.t(K::PointsPerson)>{r.person.display_name.clone()}</td>
            {task_cells(r.tasks)}
            <td data-label=move || i18n.t(K::PerfLed)>
                {r.led.iter().map(|p| view! {
                    <div class="perf-led">
                        <a href=format!("/projects/{}", p.id)>{p.name.clone()}</a>
                        <span class="muted small">
                            {(p.goals > 0).then(|| format!(" · KPI {}/{}", p.goals_attained, p.goals))}
                            {p.roi.map(|v| format!(" · ROI {}", percent(v)))}
                        </span>
                    </div>
                }).collect_view()}
            </td>
            <td class="num" data-label=move || i18n.t(K::Points)>{r.points}</td>
        </tr>
    }
}

#[component]
pub fn PerformancePage() -> impl IntoView {
    let now = today();
    let first = now.with_day(1).unwrap_or(now);
    let from = RwSignal::new(format_date(Some(first)));
    let to = RwSignal::new(format_date(Some(now)));
    // "me", "all" (admins) or a project's id.
    let scope = RwSignal::new(String::from("me"));
    let view_data = RwSignal::new(None::<PerformanceView>);
    let error = RwSignal::new(None::<AppError>);
    let query = move || {
        let (Some(from), Some(to)) = (parse_date(&from.get()), parse_date(&to.get())) else {
            return Err(AppError::invalid("to", K::ErrDate));
        };
        let s = scope.get();
        Ok(PerformanceQuery {
            from,
            to,
            project_id: s.parse().ok(),
            everyone: s == "all",
        })
    };
    Effect::new(move |_| {
        let asked = query();
        leptos::task::spawn_local(async move {
            let q = match asked {
                Ok(q) => q,
                Err(e) => {
                    error.set(Some(e));
                    return;
                }
            };
            match get_performance(q).await {
                Ok(v) => {
                    error.set(None);
                    view_data.set(Some(v));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let export = move |_| {
        let Ok(q) = query() else { return };
        leptos::task::spawn_local(async move {
            match export_performance(q).await {
                Ok(f) => download_base64(&f.file_name, &f.mime, &f.content),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Layout>
            <div class="page-head">
                <h1>{tr(K::Performance)}</h1>
                <button type="button" class="btn" data-test="export-performance" on:click=export>{tr(K::PerfExport)}</button>
            </div>
            <div class="card perf-filters">
                <div class="field">
                    <label for="perf-from">{tr(K::PerfFrom)}</label>
                    <input id="perf-from" type="date" prop:value=from on:change=move |ev| from.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="perf-to">{tr(K::PerfTo)}</label>
                    <input id="perf-to" type="date" prop:value=to on:change=move |ev| to.set(event_target_value(&ev))/>
                    <FieldError error field="to"/>
                </div>
                <div class="field">
                    <label for="perf-scope">{tr(K::PerfScope)}</label>
                    <select id="perf-scope" on:change=move |ev| scope.set(event_target_value(&ev))>
                        <option value="me" selected=move || scope.get() == "me">{tr(K::PerfMine)}</option>
                        {move || view_data.get().map(|v| {
                            let everyone = v.everyone;
                            view! {
                                {everyone.then(|| view! { <option value="all" selected=move || scope.get() == "all">{tr(K::PerfEveryone)}</option> })}
                                {v.projects.into_iter().map(|(id, name)| {
                                    let value = id.to_string();
                                    let is = value.clone();
                                    view! { <option value=value selected=move || scope.get() == is>{name}</option> }
                                }).collect_view()}
                            }
                        })}
                    </select>
                </div>
            </div>
            <p class="hint">{tr(K::PerfHint)}</p>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            {move || match view_data.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(v) if v.rows.is_empty() => view! { <p class="muted">{tr(K::PerfNone)}</p> }.into_any(),
                Some(v) => {
                    let many = v.rows.len() > 1;
                    let total = v.total;
                    view! {
                        <div class="card">
                            <table class="table responsive perf-table" data-test="performance">
                                <thead><tr>
                                    <th>{tr(K::PointsPerson)}</th>
                                    <th class="num">{tr(K::PerfDone)}</th>
                                    <th class="num">{tr(K::PerfOnTime)}</th>
                                    <th class="num">{tr(K::PerfOverdue)}</th>
                                    <th class="num">{tr(K::PerfDelay)}</th>
                                    <th>{tr(K::PerfLed)}</th>
                                    <th class="num">{tr(K::Points)}</th>
                                </tr></thead>
                                <tbody>
                                    {v.rows.into_iter().map(row_view).collect_view()}
                                    {many.then(|| view! {
                                        <tr class="perf-total" data-test="perf-total">
                                            <td class="strong">{tr(K::PerfTotal)}</td>
                                            {task_cells(total)}
                                            <td></td>
                                            <td></td>
                                        </tr>
                                    })}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </Layout>
    }
}
