//! The case library (案例库): every published case, filtered by type, industry, channel, budget
//! band, season and words, those nearest to the reader's own projects first, and how much the
//! library is used; and one case — its category, outcome, lessons and files.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::cases::{get_case, list_cases, withdraw_case};
use crate::components::layout::Layout;
use crate::components::ui::{confirm, ErrorBox, Spinner};
use crate::domain::retro::percent;
use crate::domain::weekly::money;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    BudgetBand, CaseCategory, CaseFilter, CaseLibrary, CaseSummary, CaseView, Channel, Id,
    Industry, ProjectKind, Season,
};

/// A select over a closed set, "All" for none.
fn choose<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    label: K,
    all: &'static [T],
    text: fn(T) -> &'static str,
    name: fn(T) -> K,
    value: RwSignal<Option<T>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <select id=id on:change=move |ev| {
                let v = event_target_value(&ev);
                value.set(all.iter().copied().find(|x| text(*x) == v));
            }>
                <option value="" selected=move || value.get().is_none()>{tr(K::All)}</option>
                {all.iter().copied().map(|x| view! {
                    <option value=text(x) selected=move || value.get() == Some(x)>{tr(name(x))}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn CasesPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(None::<ProjectKind>);
    let industry = RwSignal::new(None::<Industry>);
    let channel = RwSignal::new(None::<Channel>);
    let band = RwSignal::new(None::<BudgetBand>);
    let season = RwSignal::new(None::<Season>);
    let text = RwSignal::new(String::new());
    let library = RwSignal::new(None::<CaseLibrary>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        let filter = CaseFilter {
            kind: kind.get(),
            industry: industry.get(),
            channel: channel.get(),
            budget_band: band.get(),
            season: season.get(),
            text: text.get(),
        };
        leptos::task::spawn_local(async move {
            match list_cases(filter).await {
                Ok(l) => {
                    error.set(None);
                    library.set(Some(l));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    view! {
        <Layout>
            <div class="page-head"><h1>{tr(K::CaseLibrary)}</h1></div>
            <div class="card case-filters">
                {choose("case-kind", K::ProjectKind, ProjectKind::ALL, ProjectKind::as_str, ProjectKind::label, kind)}
                {choose("case-industry", K::CaseIndustry, Industry::ALL, Industry::as_str, Industry::label, industry)}
                {choose("case-channel", K::RetroChannel, Channel::ALL, Channel::as_str, Channel::label, channel)}
                {choose("case-band", K::CaseBudget, BudgetBand::ALL, BudgetBand::as_str, BudgetBand::label, band)}
                {choose("case-season", K::CaseSeason, Season::ALL, Season::as_str, Season::label, season)}
                <div class="field">
                    <label for="case-text">{tr(K::Search)}</label>
                    <input id="case-text" type="search" prop:value=text on:change=move |ev| text.set(event_target_value(&ev))/>
                </div>
            </div>
            <ErrorBox error/>
            {move || match library.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(l) => {
                    let usage = i18n.t(K::CaseUsage)
                        .replace("{readers}", &l.readers.to_string())
                        .replace("{people}", &l.people.to_string())
                        .replace("{reads}", &l.reads.to_string())
                        .replace("{reuses}", &l.reuses.to_string());
                    let both = !l.for_you.is_empty() && !l.cases.is_empty();
                    view! {
                        <p class="muted small" data-test="case-usage">{usage}</p>
                        {(!l.for_you.is_empty()).then(|| view! {
                            <h2 class="case-heading">{tr(K::CaseForYou)}</h2>
                            <div class="case-grid" data-test="for-you">
                                {l.for_you.into_iter().map(|c| view! { <CaseCard c/> }).collect_view()}
                            </div>
                        })}
                        {both.then(|| view! {
                            <h2 class="case-heading">{tr(K::CaseAll)}</h2>
                        })}
                        {if l.cases.is_empty() {
                            view! { <p class="muted">{tr(K::CaseNone)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="case-grid" data-test="cases">
                                    {l.cases.into_iter().map(|c| view! { <CaseCard c/> }).collect_view()}
                                </div>
                            }.into_any()
                        }}
                    }.into_any()
                }
            }}
        </Layout>
    }
}

#[component]
fn Chips(category: CaseCategory) -> impl IntoView {
    view! {
        <div class="case-chips">
            <span class="chip">{tr(category.kind.label())}</span>
            {category.industry.map(|i| view! { <span class="chip">{tr(i.label())}</span> })}
            {category.channels.iter().map(|c| view! { <span class="chip">{tr(c.label())}</span> }).collect_view()}
            <span class="chip">{tr(category.budget_band.label())}</span>
            <span class="chip">{tr(category.season.label())}</span>
        </div>
    }
}

#[component]
fn CaseCard(c: CaseSummary) -> impl IntoView {
    let i18n = use_i18n();
    let (attained, goals, reads) = (c.goals_attained, c.goals, c.reads);
    view! {
        <a class="card case-card" href=format!("/cases/{}", c.id) data-test="case-card">
            <h3>{c.title.clone()}</h3>
            <Chips category=c.category.clone()/>
            <p class="muted small">
                {(goals > 0).then(|| view! {
                    {move || i18n.t(K::CaseGoals).replace("{attained}", &attained.to_string()).replace("{goals}", &goals.to_string())}
                    " · "
                })}
                {c.roi.map(|r| format!("ROI {} · ", percent(r)))}
                {move || i18n.t(K::CaseReads).replace("{reads}", &reads.to_string())}
            </p>
        </a>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Id>().ok());
    let case = RwSignal::new(None::<CaseView>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        let Some(id) = id() else {
            error.set(Some(AppError::NotFound));
            return;
        };
        leptos::task::spawn_local(async move {
            match get_case(id).await {
                Ok(c) => case.set(Some(c)),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    view! {
        <Layout>
            <ErrorBox error/>
            {move || case.get().map(|c| view! { <CaseDoc c error/> })}
        </Layout>
    }
}

#[component]
fn CaseDoc(c: CaseView, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let o = c.outcome.clone();
    let currency = o.currency.clone();
    let id = c.summary.id;
    let withdraw = move |_| {
        if !confirm(i18n.t(K::CaseConfirmWithdraw)) {
            return;
        }
        leptos::task::spawn_local(async move {
            match withdraw_case(id).await {
                Ok(()) => {
                    let _ = web_sys::window().map(|w| w.location().set_href("/cases"));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let (reads, readers) = (c.summary.reads, c.readers);
    view! {
        <article class="card case" data-test="case">
            <header class="report-head">
                <div>
                    <h1>{c.summary.title.clone()}</h1>
                    <div class="muted small">
                        <a href=format!("/projects/{}/retro", c.summary.project_id)>{c.project_name.clone()}</a>
                        " · " {c.published_by.display_name.clone()} " · " {c.summary.published_at.format("%Y-%m-%d").to_string()}
                        " · " {move || i18n.t(K::CaseReadBy).replace("{reads}", &reads.to_string()).replace("{readers}", &readers.to_string())}
                    </div>
                </div>
                {c.can_edit.then(|| view! { <button type="button" class="btn btn-danger" data-test="withdraw-case" on:click=withdraw>{tr(K::CaseWithdraw)}</button> })}
            </header>
            <Chips category=c.summary.category.clone()/>
            <section class="report-section">
                <h3>{tr(K::CaseOutcomeHeading)}</h3>
                <div class="report-tiles">
                    <div class="report-tile"><span class="muted small">{tr(K::RetroRoi)}</span><span class="stat-value">{o.roi.map(percent).unwrap_or_else(|| "—".into())}</span></div>
                    <div class="report-tile"><span class="muted small">{tr(K::RetroPlanned)}</span><span class="stat-value">{money(o.planned, &currency)}</span></div>
                    <div class="report-tile"><span class="muted small">{tr(K::ReportMoneySpent)}</span><span class="stat-value">{money(o.spent, &currency)}</span></div>
                    <div class="report-tile"><span class="muted small">{tr(K::RetroOfTarget)}</span><span class="stat-value">{format!("{}/{}", c.summary.goals_attained, c.summary.goals)}</span></div>
                </div>
                <ul class="retro-list">
                    {o.goals.iter().map(|g| {
                        let name = if g.name.is_empty() { i18n.t(g.metric.label()).to_string() } else { g.name.clone() };
                        view! { <li>{name} " · " {g.of_target.map(percent).unwrap_or_else(|| "—".into())}</li> }
                    }).collect_view()}
                </ul>
            </section>
            <section class="report-section">
                <h3>{tr(K::CaseLessons)}</h3>
                <div class="markdown" inner_html=c.lessons_html.clone()></div>
            </section>
            {(!c.files.is_empty()).then(|| view! {
                <section class="report-section">
                    <h3>{tr(K::Files)}</h3>
                    <ul class="retro-list">
                        {c.files.iter().map(|(_, name)| view! { <li><a href=format!("/projects/{}/files", c.summary.project_id)>{name.clone()}</a></li> }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}
