//! A project: its header and tabs, and the overview tab (details, members, status lifecycle).
use crate::loaded::{load, Loaded};
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_params_map};

use super::cases::CasesLike;
use crate::api::finance::get_finance;
use crate::api::notifications::set_alert_days;
use crate::api::projects::{change_project_status, get_project, set_project_member};
use crate::api::templates::save_project_as_template;
use crate::api::users::list_users;
use crate::components::approval_trail::RequestSteps;
use crate::components::health::HealthBadge;
use crate::components::layout::Layout;
use crate::components::live_connection::{self, PresenceBar, ProjectLive};
use crate::components::ui::{
    failed, ErrorBox, FieldError, FormFooter, ProgressBar, ProjectStatusBadge, Spinner,
};
use crate::domain::lifecycle::{needs_comment, transition_action};
use crate::domain::money::format_amount;
use crate::domain::policy::Action;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    Id, MemberInput, ProjectDetail, ProjectRole, ProjectStatus, SaveTemplateInput, StatusRequest,
};

/// The open project, shared by its tabs.
#[derive(Clone, Copy)]
pub struct ProjectCtx {
    pub id: Memo<Option<Id>>,
    pub detail: Loaded<Result<ProjectDetail, AppError>>,
    /// Bump to load the project again after a change.
    pub reload: RwSignal<u32>,
}

pub fn use_project() -> ProjectCtx {
    expect_context::<ProjectCtx>()
}

/// A tab of the project, drawn by `draw` once the project's details are in (nothing when they
/// fail: the project page says why).
pub fn project_tab<V: IntoView + 'static>(
    draw: impl Fn(ProjectDetail) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = use_project();
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match ctx.detail.await {
                    Err(_) => ().into_any(),
                    Ok(p) => draw(p).into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ProjectPage() -> impl IntoView {
    crate::components::offline::prepare_project_edits();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<Id>().ok()));
    let reload = RwSignal::new(0u32);
    let detail = load(
        move || (id.get(), reload.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_project(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    provide_context(ProjectCtx { id, detail, reload });
    // Changes by others arrive over the project's live connection, from the change the project
    // was read at.
    let live = ProjectLive::new(reload);
    provide_context(live);
    let start = Signal::derive(move || detail.get().and_then(Result::ok).map(|p| p.revision));
    live_connection::connect(live, id, start);
    let location = use_location();

    // On a phone the tabs scroll sideways: keep the open one in view.
    let tabs = NodeRef::<leptos::html::Nav>::new();
    Effect::new(move |_| {
        let path = location.pathname.get();
        // After the page has settled: a navigation lays the page out again.
        request_animation_frame(move || {
            let Some(nav) = tabs.get_untracked() else {
                return;
            };
            let selector = format!("a[href=\"{path}\"]");
            if let Ok(Some(tab)) = nav.query_selector(&selector) {
                use wasm_bindgen::JsCast;
                if let Ok(tab) = tab.dyn_into::<web_sys::HtmlElement>() {
                    nav.set_scroll_left(tab.offset_left() - nav.offset_left() - 16);
                }
            }
        });
    });
    view! {
        <Layout>
            <Transition fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => failed(e),
                        Ok(p) => {
                            let base = format!("/projects/{}", p.id);
                            let tab = move |suffix: &'static str, label: K| {
                                let href = format!("{base}{suffix}");
                                let target = href.clone();
                                let active = move || location.pathname.get() == target;
                                view! {
                                    <A href=href attr:class=move || if active() { "tab active" } else { "tab" }>{tr(label)}</A>
                                }
                            };
                            view! {
                                <div class="page-head project-head">
                                    <div>
                                        <h1 class="project-title">{p.input.name.clone()}</h1>
                                        <div class="muted">
                                            {tr(p.input.kind.label())} " · " {p.owner.display_name.clone()} " · "
                                            {format!("{} → {}", p.input.start_date, p.input.end_date)}
                                        </div>
                                    </div>
                                    <div class="head-actions">
                                        <PresenceBar live/>
                                        <ProjectStatusBadge status=p.status/>
                                        {(p.permissions.edit_project && p.status.is_editable()).then(|| view! {
                                            <A href=format!("/projects/{}/edit", p.id) attr:class="btn">{tr(K::Edit)}</A>
                                        })}
                                    </div>
                                </div>
                                <nav class="tabs" node_ref=tabs>
                                    {tab("", K::TabOverview)}
                                    {tab("/board", K::TabBoard)}
                                    {tab("/gantt", K::TabGantt)}
                                    {tab("/list", K::TabList)}
                                    {tab("/finance", K::TabFinance)}
                                    {tab("/data", K::TabData)}
                                    {tab("/conversions", K::TabConversions)}
                                    {tab("/check-in", K::TabCheckIn)}
                                    {tab("/reports", K::WeeklyReports)}
                                    {tab("/retro", K::Retro)}
                                    {tab("/files", K::Files)}
                                    {tab("/activity", K::Activity)}
                                </nav>
                                {(!p.permissions.edit_tasks).then(|| view! { <div class="alert alert-info">{tr(K::ReadOnly)}</div> })}
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
            <Outlet/>
        </Layout>
    }
}

#[component]
pub fn Overview() -> impl IntoView {
    let ctx = use_project();
    // The overview counts tasks and progress and shows health: read the project again when
    // others change tasks, KPIs or the budget.
    if let Some(live) = live_connection::use_live() {
        live.on_event(move |event| {
            let change = &event.change;
            if !change.tasks.is_empty() || !change.removed_tasks.is_empty() || change.finance {
                ctx.reload.update(|n| *n += 1);
            }
        });
    }
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match ctx.detail.await {
                    Err(_) => ().into_any(),
                    Ok(p) => view! { <OverviewBody p/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OverviewBody(p: ProjectDetail) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_project();
    let text_block = |label: K, text: String| {
        (!text.trim().is_empty()).then(|| {
            view! {
                <section class="text-block">
                    <h3>{tr(label)}</h3>
                    <p class="pre">{text}</p>
                </section>
            }
        })
    };
    view! {
        <div class="overview">
            <div class="overview-main">
                <div class="card">
                    <div class="stats">
                        <div class="stat"><span class="stat-label">{tr(K::Progress)}</span><ProgressBar value=p.progress/></div>
                        <div class="stat"><span class="stat-label">{tr(K::Tasks)}</span><span class="stat-value">{format!("{}/{}", p.done_count, p.task_count)}</span></div>
                        <div class="stat"><span class="stat-label">{tr(K::Owner)}</span><span class="stat-value">{p.owner.display_name.clone()}</span></div>
                        <div class="stat stat-health"><span class="stat-label">{tr(K::Health)}</span><HealthBadge health=p.health.clone()/></div>
                    </div>
                    {text_block(K::Background, p.input.background.clone())}
                    {text_block(K::Objectives, p.input.objectives.clone())}
                    {text_block(K::ExpectedBenefit, p.input.expected_benefit.clone())}
                </div>
                <div class="card">
                    <h3>{tr(K::Risks)}</h3>
                    {if p.input.risks.is_empty() {
                        view! { <p class="muted">{tr(K::NoRisks)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table responsive">
                                <thead><tr><th>{tr(K::RiskDescription)}</th><th>{tr(K::Likelihood)}</th><th>{tr(K::Impact)}</th><th>{tr(K::Mitigation)}</th></tr></thead>
                                <tbody>
                                    {p.input.risks.iter().map(|r| view! {
                                        <tr>
                                            <td data-label=move || i18n.t(K::RiskDescription)>{r.description.clone()}</td>
                                            <td data-label=move || i18n.t(K::Likelihood)><span class=format!("chip level-{}", r.likelihood.as_str())>{tr(r.likelihood.label())}</span></td>
                                            <td data-label=move || i18n.t(K::Impact)><span class=format!("chip level-{}", r.impact.as_str())>{tr(r.impact.label())}</span></td>
                                            <td data-label=move || i18n.t(K::Mitigation)>{r.mitigation.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </div>
                <CasesLike project_id=p.id/>
            </div>
            <div class="overview-side">
                <StatusCard p=p.clone() reload=ctx.reload/>
                <FinanceCard project_id=p.id reload=ctx.reload/>
                <MembersCard p=p.clone() reload=ctx.reload/>
                {p.permissions.save_template.then(|| view! { <SaveTemplateCard p=p.clone()/> })}
            </div>
        </div>
    }
}

/// Saves the project as a template: its name and description, with or without its KPIs and
/// budget.
#[component]
fn SaveTemplateCard(p: ProjectDetail) -> impl IntoView {
    let open = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let name = RwSignal::new(p.input.name.clone());
    let description = RwSignal::new(String::new());
    let with_kpis = RwSignal::new(true);
    let with_budget = RwSignal::new(true);
    let error = RwSignal::new(None::<AppError>);
    let project_id = p.id;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SaveTemplateInput {
            project_id,
            name: name.get_untracked(),
            description: description.get_untracked(),
            with_kpis: with_kpis.get_untracked(),
            with_budget: with_budget.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_project_as_template(input).await {
                Ok(_) => {
                    error.set(None);
                    open.set(false);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card save-template">
            <h3>{tr(K::NavTemplates)}</h3>
            <Show when=move || saved.get()>
                <p class="template-saved">
                    {tr(K::TemplateSaved)} " " <A href="/templates">{tr(K::NavTemplates)} " →"</A>
                </p>
            </Show>
            <Show
                when=move || open.get()
                fallback=move || view! {
                    <button class="btn save-as-template" on:click=move |_| { saved.set(false); open.set(true); }>{tr(K::SaveAsTemplate)}</button>
                }
            >
                <form class="form template-form" on:submit=save novalidate>
                    <div class="field">
                        <label for="template-name">{tr(K::TemplateName)}</label>
                        <input id="template-name" maxlength="120" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                        <FieldError error field="name"/>
                    </div>
                    <div class="field">
                        <label for="template-description">{tr(K::Description)}</label>
                        <textarea id="template-description" rows="2" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                        <FieldError error field="description"/>
                    </div>
                    <label class="check"><input type="checkbox" id="template-kpis" prop:checked=with_kpis on:change=move |ev| with_kpis.set(event_target_checked(&ev))/>{tr(K::WithKpis)}</label>
                    <label class="check"><input type="checkbox" id="template-budget" prop:checked=with_budget on:change=move |ev| with_budget.set(event_target_checked(&ev))/>{tr(K::WithBudget)}</label>
                    <p class="hint">{tr(K::SaveAsTemplateHint)}</p>
                    <FieldError error field="project_id"/>
                    <FormFooter error on_cancel=Callback::new(move |_| open.set(false)) save_class="save-template-submit"/>
                </form>
            </Show>
        </div>
    }
}

/// The KPIs' attainment and the money left, at a glance, with the way to the whole tab.
#[component]
fn FinanceCard(project_id: Id, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    // Asked for by the browser only, like the member picker's people (see `MembersCard`).
    let finance = LocalResource::new(move || {
        reload.track();
        get_finance(project_id)
    });
    view! {
        <div class="card finance-summary">
            <h3>{tr(K::TabFinance)}</h3>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(f) = finance.await else {
                        return ().into_any();
                    };
                    let left = f.totals.remaining();
                    let budget = (f.totals.planned > 0 || f.totals.spent() > 0).then(|| view! {
                        <p class="finance-left" class:overrun={left < 0}>
                            {format_amount(left, f.currency)} " / " {format_amount(f.totals.planned, f.currency)}
                            " " <span class="muted small">{tr(K::Remaining)}</span>
                        </p>
                    });
                    let kpis = f.kpis.iter().map(|k| {
                        let name = if k.name.trim().is_empty() { i18n.t(k.metric.label()).to_string() } else { k.name.clone() };
                        let share = k.attainment.of_target.map(|p| format!("{}%", p / 10)).unwrap_or_else(|| "–".into());
                        view! {
                            <li>
                                <span>{name}</span>
                                <span class="muted">{share}</span>
                                {k.attainment.behind.then(|| view! { <span class="chip chip-error">"▼ " {tr(K::BehindPlan)}</span> })}
                            </li>
                        }
                    }).collect_view();
                    let nothing = (budget.is_none() && f.kpis.is_empty())
                        .then(|| view! { <p class="muted">{tr(K::NoKpis)} " " {tr(K::NoBudgetLines)}</p> });
                    view! {
                        {budget}
                        {nothing}
                        <ul class="kpi-glance">{kpis}</ul>
                        <A href=format!("/projects/{project_id}/finance")>{tr(K::TabFinance)} " →"</A>
                    }.into_any()
                })}
            </Transition>
        </div>
    }
}

fn action_label(from: ProjectStatus, to: ProjectStatus) -> K {
    use ProjectStatus::*;
    match (from, to) {
        (_, PendingApproval) => K::ActSubmit,
        (PendingApproval, Approved) => K::ActApprove,
        (PendingApproval, Draft) => K::ActReject,
        (Completed, InProgress) => K::ActReopen,
        (_, InProgress) => K::ActStart,
        (_, Completed) => K::ActComplete,
        (_, Reviewed) => K::ActReview,
        (_, Archived) => K::ActArchive,
        _ => K::Save,
    }
}

#[component]
fn StatusCard(p: ProjectDetail, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let comment = RwSignal::new(String::new());
    // Every flow that applies is gone through, one after the other: said, not chosen.
    let through = p
        .flows
        .iter()
        .map(|f| f.name.clone())
        .collect::<Vec<_>>()
        .join(" → ");
    let error = RwSignal::new(None::<AppError>);
    let from = p.status;
    let allowed: Vec<ProjectStatus> = from
        .next()
        .iter()
        .copied()
        .filter(|to| match transition_action(from, *to) {
            Action::ApproveProject => p.permissions.approve,
            _ => p.permissions.change_status,
        })
        // A completed project is reviewed by approving its retrospective, on its own tab.
        .filter(|to| *to != ProjectStatus::Reviewed)
        .collect();
    let has_actions = !allowed.is_empty();
    let project_id = p.id;
    let act = move |to: ProjectStatus| {
        if needs_comment(from, to) && comment.get_untracked().trim().is_empty() {
            error.set(Some(AppError::invalid("comment", K::RejectNeedsComment)));
            return;
        }
        leptos::task::spawn_local(async move {
            match change_project_status(StatusRequest {
                project_id,
                to,
                comment: comment.get_untracked(),
            })
            .await
            {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card status-card">
            <h3>{tr(K::Status)}</h3>
            <p><ProjectStatusBadge status=from/></p>
            {(has_actions && allowed.contains(&ProjectStatus::PendingApproval) && !through.is_empty()).then(|| view! {
                <p class="submit-flow">
                    <span class="muted">{tr(K::ApprovalGoesThrough)}</span>
                    " "
                    <strong id="submit-flow">{through}</strong>
                </p>
            })}
            {has_actions.then(|| view! {
                <div class="field">
                    <label for="status-comment">{tr(K::Comment)}</label>
                    <textarea id="status-comment" rows="2" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <div class="button-row">
                    {allowed.iter().map(|to| {
                        let to = *to;
                        let class = if to == ProjectStatus::Draft { "btn btn-danger" } else { "btn btn-primary" };
                        view! { <button class=class data-to=to.as_str() on:click=move |_| act(to)>{tr(action_label(from, to))}</button> }
                    }).collect_view()}
                </div>
            })}
            {(from == ProjectStatus::Completed).then(|| view! {
                <p><A href=format!("/projects/{project_id}/retro") attr:class="btn" attr:data-test="to-retro">{tr(K::Retro)} " →"</A></p>
            })}
            <ErrorBox error=error/>
            {(p.permissions.edit_project && p.status.is_editable()).then(|| {
                let days = p.alert_days;
                view! {
                    <div class="alert-days">
                        <label for="alert-days">{tr(K::AlertDays)}</label>
                        <input id="alert-days" type="number" min="1" max="90" value=days on:change=move |ev| {
                            let value: i32 = event_target_value(&ev).trim().parse().unwrap_or(0);
                            leptos::task::spawn_local(async move {
                                match set_alert_days(project_id, value).await {
                                    Ok(()) => reload.update(|n| *n += 1),
                                    Err(e) => error.set(Some(e)),
                                }
                            });
                        }/>
                    </div>
                    <p class="muted small">{tr(K::AlertDaysHint)}</p>
                }
            })}
            {(!p.approvals.is_empty()).then(|| view! {
                <h4>{tr(K::ApprovalTrail)}</h4>
                <ol class="approval-trail">
                    {p.approvals.iter().map(|r| {
                        let flow_name = if r.flow_name.is_empty() { i18n.t(K::DefaultFlow).to_string() } else { r.flow_name.clone() };
                        let waiting = (!r.waiting_on.is_empty()).then(|| {
                            let names = r.waiting_on.iter().map(|u| u.display_name.clone()).collect::<Vec<_>>().join(", ");
                            view! { <div class="waiting-on small">{i18n.t(K::WaitingOn).replace("{names}", &names)}</div> }
                        });
                        view! {
                            <li class="approval-request" data-status=r.status.as_str()>
                                <div class="request-head">
                                    <span class=format!("chip request-{}", r.status.as_str())>{tr(r.status.label())}</span>
                                    <span>{flow_name}</span>
                                </div>
                                <div class="muted small">{i18n.t(K::SubmittedBy).replace("{name}", &r.submitted_by.display_name)} " · " {r.submitted_at.format("%Y-%m-%d %H:%M").to_string()}</div>
                                {waiting}
                                <RequestSteps request=r.clone()/>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
            <h4>{tr(K::History)}</h4>
            {if p.history.is_empty() {
                view! { <p class="muted">{tr(K::NoHistory)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {p.history.iter().rev().map(|h| view! {
                            <li>
                                <div><ProjectStatusBadge status=h.from/> " → " <ProjectStatusBadge status=h.to/></div>
                                <div class="muted small">{h.by.display_name.clone()} " · " {h.at.format("%Y-%m-%d %H:%M").to_string()}</div>
                                {(!h.comment.is_empty()).then(|| view! { <div class="comment">{h.comment.clone()}</div> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn MembersCard(p: ProjectDetail, reload: RwSignal<u32>) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let project_id = p.id;
    let owner_id = p.owner.id;
    let can_manage = p.permissions.manage_members && p.status.is_editable();
    // Asked for by the browser only: a resource created this deep inside the page's streamed
    // parts could resolve in a different order on the server than during hydration, and the
    // page would then fail to hydrate.
    let users = LocalResource::new(list_users);
    let picked_user = RwSignal::new(None::<Id>);
    let picked_role = RwSignal::new(ProjectRole::Contributor);
    let member_ids: Vec<Id> = p.members.iter().map(|m| m.user.id).collect();
    let send = move |input: MemberInput| {
        leptos::task::spawn_local(async move {
            match set_project_member(input).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card members-card">
            <h3>{tr(K::Members)}</h3>
            <ul class="member-list">
                {p.members.iter().map(|m| {
                    let user_id = m.user.id;
                    view! {
                        <li>
                            <span class="avatar" aria-hidden="true">{m.user.display_name.chars().next().map(String::from).unwrap_or_default()}</span>
                            <span class="member-name">{m.user.display_name.clone()}</span>
                            <span class="chip">{tr(m.role.label())}</span>
                            {(can_manage && user_id != owner_id).then(|| view! {
                                <button class="btn btn-text small" on:click=move |_| send(MemberInput { project_id, user_id, role: None })>{tr(K::Remove)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {can_manage.then(|| view! {
                <Transition fallback=|| ()>
                    {move || {
                        let member_ids = member_ids.clone();
                        Suspend::new(async move {
                            let candidates: Vec<_> = users.await.unwrap_or_default().into_iter().filter(|u| u.active && !member_ids.contains(&u.id)).collect();
                            view! {
                                <div class="add-member">
                                    <select aria-label=tr(K::AddMember) on:change=move |ev| picked_user.set(event_target_value(&ev).parse().ok())>
                                        <option value="">{tr(K::AddMember)}</option>
                                        {candidates.into_iter().map(|u| view! { <option value=u.id>{u.display_name}</option> }).collect_view()}
                                    </select>
                                    <select aria-label=tr(K::Role) on:change=move |ev| if let Some(r) = ProjectRole::parse(&event_target_value(&ev)) { picked_role.set(r) }>
                                        {ProjectRole::ALL.iter().map(|r| view! { <option value=r.as_str() selected=*r == ProjectRole::Contributor>{tr(r.label())}</option> }).collect_view()}
                                    </select>
                                    <button class="btn" on:click=move |_| {
                                        if let Some(user_id) = picked_user.get_untracked() {
                                            send(MemberInput { project_id, user_id, role: Some(picked_role.get_untracked()) });
                                        }
                                    }>{tr(K::Add)}</button>
                                </div>
                            }
                        })
                    }}
                </Transition>
            })}
            <ErrorBox error=error/>
        </div>
    }
}
