//! The PMO dashboard (项目管理办公室看板): the organisation's last twelve months — project cycle
//! time, task overdue rate, budget variance, approval lead time, ROI — as trends, and the
//! projects behind each month, each leading to its retrospective.
use leptos::prelude::*;

use crate::api::pmo::get_pmo_dashboard;
use crate::components::charts::{line_svg, Drawing, Series, SvgChart};
use crate::components::layout::Layout;
use crate::components::ui::{ErrorBox, Spinner};
use crate::domain::retro::{percent, tenths};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{PmoDashboard, PmoMonth};

/// The figures a month is drawn by: what, its value (as the chart plots it), as written.
/// A measure: its heading, its value in a month, how it is written, its scale on the chart
/// (tenths of a day as days, basis points as percent) and its export's name.
type Measure = (
    K,
    fn(&PmoMonth) -> Option<i64>,
    fn(i64) -> String,
    f64,
    &'static str,
);

const MEASURES: [Measure; 5] = [
    (K::PmoCycle, |m| m.cycle_days, tenths, 10.0, "cycle"),
    (K::PmoOverdue, |m| m.overdue_rate, percent, 100.0, "overdue"),
    (
        K::PmoVariance,
        |m| m.budget_variance,
        percent,
        100.0,
        "variance",
    ),
    (
        K::PmoApproval,
        |m| m.approval_days,
        tenths,
        10.0,
        "approvals",
    ),
    (K::RetroRoi, |m| m.roi, percent, 100.0, "roi"),
];

fn text(v: Option<i64>, format: fn(i64) -> String) -> String {
    v.map(format).unwrap_or_else(|| "—".into())
}

#[component]
fn Trend(data: StoredValue<PmoDashboard>, measure: Measure) -> impl IntoView {
    let i18n = use_i18n();
    let (key, of, format, scale, slug) = measure;
    let render = Callback::new(move |(width, height): (u32, u32)| -> Drawing {
        let _ = i18n.locale.get();
        data.with_value(|d| {
            let labels: Vec<String> = d.months.iter().map(|m| m.month[2..].to_string()).collect();
            let values: Vec<Option<f64>> = d
                .months
                .iter()
                .map(|m| of(m).map(|v| v as f64 / scale))
                .collect();
            let shown = move |v: f64| format((v * scale).round() as i64);
            line_svg(
                &Series {
                    labels: &labels,
                    values: &values,
                    format: &shown,
                },
                width,
                height,
            )
        })
    });
    let latest = data.with_value(|d| d.months.last().and_then(of));
    view! {
        <section class="card pmo-trend" data-test="pmo-trend">
            <div class="pmo-trend-head">
                <h2>{tr(key)}</h2>
                <span class="stat-value">{text(latest, format)}</span>
            </div>
            <SvgChart render label=i18n.t(key).to_string() height=180 export=format!("marquee-pmo-{slug}")/>
        </section>
    }
}

#[component]
pub fn PmoPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<PmoDashboard>);
    let error = RwSignal::new(None::<AppError>);
    // The month whose projects are listed; all months when none.
    let month = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match get_pmo_dashboard().await {
                Ok(d) => data.set(Some(d)),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    view! {
        <Layout>
            <div class="page-head"><h1>{tr(K::Pmo)}</h1></div>
            <p class="hint">{tr(K::PmoHint)}</p>
            <ErrorBox error/>
            {move || match data.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(d) => {
                let stored = StoredValue::new(d.clone());
                let rows = d.months.clone();
                view! {
                    <div class="pmo-trends">
                        {MEASURES.iter().map(|m| view! { <Trend data=stored measure=*m/> }).collect_view()}
                    </div>
                    <section class="card table-scroll" tabindex="0">
                        <table class="table pmo-table" data-test="pmo-months">
                            <thead><tr>
                                <th>{tr(K::PointsMonth)}</th>
                                <th class="num">{tr(K::PmoCompleted)}</th>
                                {MEASURES.iter().map(|(k, ..)| view! { <th class="num">{tr(*k)}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().rev().map(|m| {
                                    let name = m.month.clone();
                                    let picked = name.clone();
                                    view! {
                                        <tr class="pmo-month" data-test="pmo-month" data-month=name.clone() class:picked=move || month.get().as_deref() == Some(picked.as_str())>
                                            <td data-label=move || i18n.t(K::PointsMonth)>
                                                <button type="button" class="btn-link" on:click={
                                                    let name = name.clone();
                                                    move |_| month.update(|m| {
                                                        *m = if m.as_deref() == Some(name.as_str()) { None } else { Some(name.clone()) };
                                                    })
                                                }>{name.clone()}</button>
                                            </td>
                                            <td class="num" data-label=move || i18n.t(K::PmoCompleted)>{m.completed}</td>
                                            {MEASURES.iter().map(|(k, of, format, ..)| {
                                                let k = *k;
                                                view! { <td class="num" data-label=move || i18n.t(k)>{text(of(&m), *format)}</td> }
                                            }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                    <section class="card pmo-projects" data-test="pmo-projects">
                        <h2>{move || match month.get() {
                            Some(m) => i18n.t(K::PmoProjectsOf).replace("{month}", &m),
                            None => i18n.t(K::PmoProjects).to_string(),
                        }}</h2>
                        {move || {
                            let picked = month.get();
                            let list: Vec<_> = d.projects.iter().filter(|p| picked.as_ref().is_none_or(|m| *m == p.month)).cloned().collect();
                            if list.is_empty() {
                                return view! { <p class="muted">{tr(K::PmoNone)}</p> }.into_any();
                            }
                            view! {
                                <ul class="pmo-project-list">
                                    {list.into_iter().map(|p| view! {
                                        <li data-test="pmo-project">
                                            <a href=format!("/projects/{}/retro", p.id)>{p.name.clone()}</a>
                                            <span class="muted small">
                                                " · " {p.month.clone()}
                                                {p.cycle_days.map(|c| format!(" · {} {}/{}", i18n.t(K::PmoDays), c, p.planned_days))}
                                                {p.budget_variance.map(|v| format!(" · {} {}", i18n.t(K::PmoVariance), percent(v)))}
                                                {p.roi.map(|v| format!(" · ROI {}", percent(v)))}
                                            </span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }.into_any()
                }
            }}
        </Layout>
    }
}
