//! The case library (案例库): every published case, filtered by type, industry, channel, budget
//! band, season and words, those nearest to the reader's own projects first, and how much the
//! library is used; and one case — its category, outcome, lessons and files.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::cases::{cases_like_project, get_case, list_cases, publish_case, withdraw_case};
use crate::components::layout::Layout;
use crate::components::session::use_session;
use crate::components::ui::{confirm, form_level, ErrorBox, FieldError, Spinner};
use crate::domain::policy::Action;
use crate::domain::retro::percent;
use crate::domain::weekly::money;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    BudgetBand, CaseCategory, CaseDraft, CaseFilter, CaseInput, CaseLibrary, CaseSummary, CaseView,
    Channel, Id, Industry, ProjectKind, Season,
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
    let session = use_session();
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
            {c.template.clone().filter(|_| session.can(Action::CreateProject)).map(|t| {
                let what = i18n.t(K::CaseStartWhat)
                    .replace("{tasks}", &t.tasks.to_string())
                    .replace("{kpis}", &t.kpis.to_string())
                    .replace("{lines}", &t.budget_lines.to_string());
                view! {
                    <section class="report-section case-start" data-test="case-start">
                        <h3>{tr(K::CaseStart)}</h3>
                        <p class="muted small">{what}</p>
                        <a class="btn btn-primary" href=format!("/projects/new?template=c:{id}")>{tr(K::CaseStart)}</a>
                    </section>
                }
            })}
            {(!c.files.is_empty()).then(|| view! {
                <section class="report-section">
                    <h3>{tr(K::Files)}</h3>
                    <ul class="retro-list">
                        {c.files.iter().map(|f| view! { <li><a href=f.href.clone() rel="noopener" data-test="case-file">{f.name.clone()}</a></li> }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// Publishing a reviewed project as a case, on its retrospective page (its managers): the
/// title, industry, lessons and the project's files to go with it; changed the same way later.
#[component]
pub fn CasePublishing(draft: CaseDraft) -> impl IntoView {
    let i18n = use_i18n();
    let project_id = draft.input.project_id;
    let case_id = RwSignal::new(draft.case_id);
    let title = RwSignal::new(draft.input.title);
    let industry = RwSignal::new(draft.input.industry);
    let lessons = RwSignal::new(draft.input.lessons);
    let files = RwSignal::new(draft.input.files);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CaseInput {
            project_id,
            title: title.get_untracked(),
            industry: industry.get_untracked(),
            lessons: lessons.get_untracked(),
            files: files.get_untracked(),
        };
        pending.set(true);
        done.set(false);
        leptos::task::spawn_local(async move {
            match publish_case(input).await {
                Ok(c) => {
                    error.set(None);
                    case_id.set(Some(c.summary.id));
                    done.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    let label = move || {
        if case_id.get().is_some() {
            K::CaseUpdate
        } else {
            K::CasePublish
        }
    };
    view! {
        <form class="card form case-publish" data-test="case-publish" on:submit=submit novalidate>
            <h2>{move || i18n.t(label())}</h2>
            <p class="hint">{tr(K::CasePublishHint)}</p>
            {move || case_id.get().map(|id| view! {
                <p class="case-published">
                    <span class="chip chip-success">{tr(K::CasePublished)}</span>
                    " "
                    <a href=format!("/cases/{id}") data-test="open-case">{tr(K::CaseView)}</a>
                </p>
            })}
            <div class="field-row">
                <div class="field">
                    <label for="case-title">{tr(K::CaseTitle)}</label>
                    <input id="case-title" maxlength="200" prop:value=title on:input=move |ev| title.set(event_target_value(&ev))/>
                    <FieldError error field="title"/>
                </div>
                <div class="field">
                    <label for="case-industry-pick">{tr(K::CaseIndustry)}</label>
                    <select id="case-industry-pick" on:change=move |ev| industry.set(Industry::parse(&event_target_value(&ev)))>
                        <option value="" selected=move || industry.get().is_none()>"—"</option>
                        {Industry::ALL.iter().copied().map(|x| view! {
                            <option value=x.as_str() selected=move || industry.get() == Some(x)>{tr(x.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="case-lessons">{tr(K::CaseLessons)}</label>
                <textarea id="case-lessons" rows="6" placeholder=move || i18n.t(K::RetroNoteHint) prop:value=lessons on:input=move |ev| lessons.set(event_target_value(&ev))></textarea>
                <FieldError error field="lessons"/>
            </div>
            {(!draft.choices.is_empty()).then(|| view! {
                <fieldset class="field case-files">
                    <legend>{tr(K::CaseFiles)}</legend>
                    {draft.choices.iter().map(|(id, name)| {
                        let id = *id;
                        view! {
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    prop:checked=move || files.with(|f| f.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        files.update(|f| {
                                            f.retain(|x| *x != id);
                                            if on {
                                                f.push(id);
                                            }
                                        });
                                    }
                                />
                                {name.clone()}
                            </label>
                        }
                    }).collect_view()}
                    <FieldError error field="files"/>
                </fieldset>
            })}
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <Show when=move || done.get()>
                <div class="alert alert-success" role="status">{tr(K::ReportSaved)}</div>
            </Show>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-test="publish-case" disabled=pending>{move || i18n.t(label())}</button>
            </div>
        </form>
    }
}

/// The cases nearest to a project, on its overview; nothing when there are none.
#[component]
pub fn CasesLike(project_id: Id) -> impl IntoView {
    let cases = RwSignal::new(Vec::<CaseSummary>::new());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(found) = cases_like_project(project_id).await {
                cases.set(found);
            }
        });
    });
    move || {
        let found = cases.get();
        (!found.is_empty()).then(|| {
            view! {
                <section class="cases-like" data-test="cases-like">
                    <h2 class="case-heading">{tr(K::CaseLike)}</h2>
                    <div class="case-grid">
                        {found.into_iter().map(|c| view! { <CaseCard c/> }).collect_view()}
                    </div>
                </section>
            }
        })
    }
}
