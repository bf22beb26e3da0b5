//! The portfolio: every project the caller may see, with status, owner, dates, progress and
//! health; filtered by status and health, sorted by start date or worst health first.
use crate::loaded::load;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::projects::list_projects;
use crate::components::health::HealthBadge;
use crate::components::layout::Layout;
use crate::components::session::use_session;
use crate::components::ui::{failed, lowercase, ProgressBar, ProjectStatusBadge, Spinner};
use crate::domain::health::HealthStatus;
use crate::domain::policy::Action;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{ProjectStatus, ProjectSummary};

#[component]
pub fn PortfolioPage() -> impl IntoView {
    view! {
        <Layout>
            <Portfolio/>
        </Layout>
    }
}

#[component]
fn Portfolio() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let show_archived = RwSignal::new(false);
    let status_filter = RwSignal::new(None::<ProjectStatus>);
    let health_filter = RwSignal::new(None::<HealthStatus>);
    // Worst health first, lowest score first within it; otherwise by start date as read.
    let by_health = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let projects = load(move || show_archived.get(), list_projects);

    let matches = move |p: &ProjectSummary| {
        let needle = lowercase(search.get().trim());
        status_filter.get().is_none_or(|s| p.status == s)
            && health_filter.get().is_none_or(|h| p.health.status == h)
            && (needle.is_empty() || lowercase(&p.name).contains(&needle))
    };

    view! {
        <div class="page-head">
            <h1>{tr(K::PortfolioTitle)}</h1>
            <Show when=move || session.can(Action::CreateProject)>
                <div class="head-actions">
                    <A href="/templates" attr:class="btn">{tr(K::NavTemplates)}</A>
                    <A href="/projects/new" attr:class="btn btn-primary">"+ " {tr(K::NewProject)}</A>
                </div>
            </Show>
        </div>
        <div class="toolbar">
            <input class="search" type="search" placeholder=tr(K::Search) prop:value=search on:input=move |ev| search.set(event_target_value(&ev))/>
            <select aria-label=tr(K::Status) on:change=move |ev| status_filter.set(ProjectStatus::parse(&event_target_value(&ev)))>
                <option value="">{tr(K::All)}</option>
                {ProjectStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{tr(s.label())}</option> }).collect_view()}
            </select>
            <select class="health-filter" aria-label=tr(K::Health) on:change=move |ev| health_filter.set(HealthStatus::parse(&event_target_value(&ev)))>
                <option value="">{move || format!("{}: {}", i18n.t(K::Health), i18n.t(K::All))}</option>
                {HealthStatus::ALL.iter().map(|h| view! { <option value=h.as_str()>{move || format!("{}: {}", i18n.t(K::Health), i18n.t(h.label()))}</option> }).collect_view()}
            </select>
            <label class="checkbox">
                <input type="checkbox" class="sort-health" prop:checked=by_health on:change=move |ev| by_health.set(event_target_checked(&ev))/>
                {tr(K::WorstHealthFirst)}
            </label>
            <label class="checkbox">
                <input type="checkbox" prop:checked=show_archived on:change=move |ev| show_archived.set(event_target_checked(&ev))/>
                {tr(K::ShowArchived)}
            </label>
        </div>
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match projects.await {
                    Err(e) => failed(e),
                    Ok(list) => {
                        let list = StoredValue::new(list);
                        view! {
                            <div class="table-wrap">
                                <table class="table responsive projects-table">
                                    <thead>
                                        <tr>
                                            <th>{tr(K::ProjectName)}</th>
                                            <th>{tr(K::Status)}</th>
                                            <th>{tr(K::Owner)}</th>
                                            <th>{tr(K::StartDate)}</th>
                                            <th>{tr(K::EndDate)}</th>
                                            <th>{tr(K::Tasks)}</th>
                                            <th class="col-progress">{tr(K::Progress)}</th>
                                            <th>{tr(K::Health)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {move || {
                                            let mut rows: Vec<ProjectSummary> = list.with_value(|l| l.iter().filter(|p| matches(p)).cloned().collect());
                                            if by_health.get() {
                                                rows.sort_by_key(|p| (std::cmp::Reverse(p.health.status), p.health.score));
                                            }
                                            if rows.is_empty() {
                                                return view! { <tr><td colspan="8" class="empty">{tr(K::NoProjects)}</td></tr> }.into_any();
                                            }
                                            rows.into_iter().map(|p| view! {
                                                <tr class="project-row">
                                                    <td data-label=move || i18n.t(K::ProjectName)>
                                                        <A href=format!("/projects/{}", p.id) attr:class="project-link">{p.name.clone()}</A>
                                                        <div class="muted small">{tr(p.kind.label())}</div>
                                                    </td>
                                                    <td data-label=move || i18n.t(K::Status)><ProjectStatusBadge status=p.status/></td>
                                                    <td data-label=move || i18n.t(K::Owner)>{p.owner.display_name.clone()}</td>
                                                    <td data-label=move || i18n.t(K::StartDate)>{p.start_date.to_string()}</td>
                                                    <td data-label=move || i18n.t(K::EndDate)>{p.end_date.to_string()}</td>
                                                    <td data-label=move || i18n.t(K::Tasks)>{format!("{}/{}", p.done_count, p.task_count)}</td>
                                                    <td data-label=move || i18n.t(K::Progress) class="col-progress"><ProgressBar value=p.progress/></td>
                                                    <td data-label=move || i18n.t(K::Health)><HealthBadge health=p.health.clone()/></td>
                                                </tr>
                                            }).collect_view().into_any()
                                        }}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
