//! Approvals: the projects waiting for my decision (approve, or reject with a comment), and for
//! admins the approval flows — ordered steps with their approvers, and when each flow applies.
use crate::loaded::load;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::approvals::{
    delete_approval_flow, list_approval_flows, my_approvals, save_approval_flow,
};
use crate::api::finance::decide_budget_change;
use crate::api::projects::change_project_status;
use crate::api::users::list_users;
use crate::api::webhooks::{delete_webhook, list_webhooks, save_webhook, test_webhook};
use crate::components::approval_trail::{ChangeLine, RequestSteps};
use crate::components::layout::Layout;
use crate::components::session::use_session;
use crate::components::ui::{
    confirm, failed, form_level, ErrorBox, FieldError, FormFooter, Spinner,
};
use crate::domain::approval::StepRule;
use crate::domain::money::{format_amount, Currency};
use crate::domain::policy::Action;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    ApprovalFlow, ApprovalFlowInput, ApprovalMode, ApprovalTask, FlowPurpose, OrgRole, ProjectKind,
    ProjectStatus, StatusRequest, UserView, WebhookEvent, WebhookInput, WebhookKind, WebhookView,
};

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let session = use_session();
    let is_admin = move || session.can(Action::ManageApprovalFlows);
    view! {
        <Layout>
            <div class="page-head"><h1>{tr(K::NavApprovals)}</h1></div>
            <Inbox/>
            <Show when=is_admin>
                <FlowsAdmin/>
                <WebhooksAdmin/>
            </Show>
        </Layout>
    }
}

/// A request's steps: each with its approvers and their decisions, the current one marked.
#[component]
fn Inbox() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let tasks = load(move || reload.get(), |_| my_approvals());
    view! {
        <section class="card inbox">
            <h3>{tr(K::ApprovalInbox)}</h3>
            <Transition fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match tasks.await {
                        Err(e) => failed(e),
                        Ok(list) if list.is_empty() => view! { <p class="muted empty-inbox">{tr(K::NoApprovalTasks)}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|t| view! { <InboxItem t reload/> }).collect_view().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn InboxItem(t: ApprovalTask, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let project_id = t.project_id;
    let request_id = t.request.id;
    let change = t.request.change.clone();
    let is_change = change.is_some();
    let decide = move |approve: bool| {
        leptos::task::spawn_local(async move {
            let result = if is_change {
                decide_budget_change(request_id, approve, comment.get_untracked()).await
            } else {
                let request = StatusRequest {
                    project_id,
                    to: if approve {
                        ProjectStatus::Approved
                    } else {
                        ProjectStatus::Draft
                    },
                    comment: comment.get_untracked(),
                };
                change_project_status(request).await
            };
            match result {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let submitted = i18n
        .t(K::SubmittedBy)
        .replace("{name}", &t.request.submitted_by.display_name);
    let flow = if t.request.flow_name.is_empty() {
        i18n.t(K::DefaultFlow).to_string()
    } else {
        t.request.flow_name.clone()
    };
    view! {
        <article class="inbox-item" class:budget-change=is_change data-project=project_id data-request=request_id>
            <div class="inbox-head">
                <A href=if is_change { format!("/projects/{project_id}/finance") } else { format!("/projects/{project_id}") } attr:class="inbox-project">{t.project_name.clone()}</A>
                {if is_change {
                    view! { <span class="chip chip-warn">{tr(K::BudgetChange)}</span> }.into_any()
                } else {
                    view! { <span class="chip">{tr(t.kind.label())}</span> }.into_any()
                }}
                <span class="muted small">{tr(K::Budget)} ": " {format_amount(t.budget, t.currency)}</span>
            </div>
            {change.map(|c| view! { <ChangeLine change=c currency=t.currency/> })}
            <div class="muted small">{flow} " · " {submitted} " · " {t.request.submitted_at.format("%Y-%m-%d %H:%M").to_string()}</div>
            <RequestSteps request=t.request.clone()/>
            <div class="field">
                <label for=format!("decision-comment-{request_id}")>{tr(K::Comment)}</label>
                <textarea id=format!("decision-comment-{request_id}") class="decision-comment" rows="2" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <FieldError error field="comment"/>
            </div>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <div class="button-row">
                <button class="btn btn-primary approve" on:click=move |_| decide(true)>{if is_change { tr(K::ApproveChange) } else { tr(K::ActApprove) }}</button>
                <button class="btn btn-danger reject" on:click=move |_| decide(false)>{if is_change { tr(K::RejectChange) } else { tr(K::ActReject) }}</button>
            </div>
        </article>
    }
}

/// A budget change in one line: the line, its amount before and after, and the difference.
#[component]
fn FlowsAdmin() -> impl IntoView {
    let loaded = load(
        || (),
        |_| async { futures::join!(list_approval_flows(), list_users()) },
    );
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    (Ok(flows), Ok(users)) => view! { <FlowsEditor flows=RwSignal::new(flows) people=users/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => failed(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn FlowsEditor(flows: RwSignal<Vec<ApprovalFlow>>, people: Vec<UserView>) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(None::<Option<ApprovalFlow>>);
    let error = RwSignal::new(None::<AppError>);
    let people = Signal::stored(people);
    let condition_text = move |f: &ApprovalFlow| {
        let kind = f
            .condition
            .kind
            .map(|k| i18n.t(k.label()).to_string())
            .unwrap_or_else(|| i18n.t(K::AnyKind).to_string());
        let budget = f
            .condition
            .budget_above
            .map(|b| {
                format!(
                    "{} > {}",
                    i18n.t(K::Budget),
                    format_amount(b, Currency::Cny)
                )
            })
            .unwrap_or_else(|| i18n.t(K::AnyBudget).to_string());
        let budget = match f.purpose {
            FlowPurpose::Project => budget,
            FlowPurpose::Budget => f
                .condition
                .budget_above
                .map(|b| {
                    format!(
                        "{} {}",
                        i18n.t(K::RaiseAbove),
                        format_amount(b, Currency::Cny)
                    )
                })
                .unwrap_or_else(|| i18n.t(K::AnyRaise).to_string()),
        };
        format!("{} · {kind} · {budget}", i18n.t(f.purpose.label()))
    };
    view! {
        <section class="card flows-admin">
            <div class="card-head">
                <h3>{tr(K::ApprovalFlows)}</h3>
                <button class="btn btn-primary add-flow" on:click=move |_| editing.set(Some(None))>"+ " {tr(K::AddFlow)}</button>
            </div>
            <ErrorBox error/>
            {move || {
                let list = flows.get();
                if list.is_empty() {
                    return view! { <p class="muted">{tr(K::NoFlows)}</p> }.into_any();
                }
                list.into_iter().map(|f| {
                    let (for_edit, flow_id) = (f.clone(), f.id);
                    let steps = f.steps.iter().enumerate().map(|(i, s)| {
                        let name = if s.name.is_empty() { i18n.t(K::StepN).replace("{n}", &(i + 1).to_string()) } else { s.name.clone() };
                        view! { <li>{name} " · " <span class="muted">{tr(s.mode.label())}</span></li> }
                    }).collect_view();
                    view! {
                        <article class="flow" data-flow=f.name.clone()>
                            <div class="flow-head">
                                <strong>{f.name.clone()}</strong>
                                <span class="muted small">{condition_text(&f)}</span>
                                <span class="row-actions">
                                    <button class="btn btn-text small" on:click=move |_| editing.set(Some(Some(for_edit.clone())))>{tr(K::Edit)}</button>
                                    <button class="btn btn-text small danger" on:click=move |_| {
                                        if confirm(i18n.t(K::ConfirmDelete)) {
                                            leptos::task::spawn_local(async move {
                                                match delete_approval_flow(flow_id).await {
                                                    Ok(list) => flows.set(list),
                                                    Err(e) => error.set(Some(e)),
                                                }
                                            });
                                        }
                                    }>{tr(K::Delete)}</button>
                                </span>
                            </div>
                            <ol class="flow-steps">{steps}</ol>
                        </article>
                    }
                }).collect_view().into_any()
            }}
            {move || editing.get().map(|flow| view! { <FlowForm flow flows editing people/> })}
        </section>
    }
}

#[component]
fn FlowForm(
    flow: Option<ApprovalFlow>,
    flows: RwSignal<Vec<ApprovalFlow>>,
    editing: RwSignal<Option<Option<ApprovalFlow>>>,
    people: Signal<Vec<UserView>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let (id, version) = (
        flow.as_ref().map(|f| f.id),
        flow.as_ref().map_or(0, |f| f.version),
    );
    let name = RwSignal::new(flow.as_ref().map(|f| f.name.clone()).unwrap_or_default());
    let purpose = RwSignal::new(flow.as_ref().map(|f| f.purpose).unwrap_or_default());
    let i18n = use_i18n();
    let kind = RwSignal::new(flow.as_ref().and_then(|f| f.condition.kind));
    let budget = RwSignal::new(
        flow.as_ref()
            .and_then(|f| f.condition.budget_above)
            .map(|b| format_amount(b, Currency::Cny))
            .unwrap_or_default(),
    );
    // Each step edits its own signal; the list changes only when a step is added or removed,
    // so typing in one step never redraws the others.
    let next_key = StoredValue::new(0u32);
    let keyed = move |step: StepRule| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        (key, RwSignal::new(step))
    };
    let blank = || StepRule {
        name: String::new(),
        mode: ApprovalMode::Any,
        users: Vec::new(),
        roles: Vec::new(),
    };
    let initial: Vec<StepRule> = flow
        .as_ref()
        .map(|f| f.steps.clone())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| vec![blank()]);
    let steps = RwSignal::new(initial.into_iter().map(keyed).collect::<Vec<_>>());
    let initial_kind = kind.get_untracked();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ApprovalFlowInput {
            id,
            version,
            name: name.get_untracked(),
            purpose: purpose.get_untracked(),
            kind: kind.get_untracked(),
            budget_above: budget.get_untracked(),
            steps: steps.with_untracked(|all| all.iter().map(|(_, s)| s.get_untracked()).collect()),
        };
        leptos::task::spawn_local(async move {
            match save_approval_flow(input).await {
                Ok(list) => {
                    flows.set(list);
                    editing.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let position =
        move |key: u32| steps.with(|all| all.iter().position(|(k, _)| *k == key).unwrap_or(0));
    let step_row = move |(key, step): (u32, RwSignal<StepRule>)| {
        let initial = step.get_untracked();
        let people_list = move || {
            people
                .get()
                .into_iter()
                .filter(|u| u.active)
                .map(|u| {
                    let uid = u.id;
                    view! {
                        <label class="check">
                            <input type="checkbox" class="step-user" data-user=u.username.clone() prop:checked=move || step.with(|s| s.users.contains(&uid)) on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                step.update(|s| {
                                    s.users.retain(|x| *x != uid);
                                    if on { s.users.push(uid); }
                                });
                            }/>
                            {u.display_name.clone()}
                        </label>
                    }
                })
                .collect_view()
        };
        let roles = OrgRole::ALL.iter().map(|r| {
            let r = *r;
            view! {
                <label class="check">
                    <input type="checkbox" class="step-role" data-role=r.as_str() prop:checked=move || step.with(|s| s.roles.contains(&r)) on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        step.update(|s| {
                            s.roles.retain(|x| *x != r);
                            if on { s.roles.push(r); }
                        });
                    }/>
                    {tr(r.label())}
                </label>
            }
        }).collect_view();
        view! {
            <fieldset class="step-edit plain" data-step=move || position(key)>
                <legend>{move || use_i18n().t(K::StepN).replace("{n}", &(position(key) + 1).to_string())}</legend>
                <div class="field-row">
                    <div class="field">
                        <label>{tr(K::StepName)}</label>
                        <input class="step-name" maxlength="60" prop:value=initial.name.clone() on:input=move |ev| {
                            let v = event_target_value(&ev);
                            step.update(|s| s.name = v);
                        }/>
                    </div>
                    <div class="field">
                        <label>{tr(K::ApprovalModeLabel)}</label>
                        <select class="step-mode" on:change=move |ev| if let Some(m) = ApprovalMode::parse(&event_target_value(&ev)) { step.update(|s| s.mode = m) }>
                            {ApprovalMode::ALL.iter().map(|m| view! { <option value=m.as_str() selected=*m == initial.mode>{tr(m.label())}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field">
                    <span class="label">{tr(K::Approvers)}</span>
                    <div class="checks">{people_list}</div>
                </div>
                <div class="field">
                    <span class="label">{tr(K::ApproverRoles)}</span>
                    <div class="checks">{roles}</div>
                </div>
                <FieldError error field=format!("steps.{}", steps.with_untracked(|all| all.iter().position(|(k, _)| *k == key).unwrap_or(0)))/>
                <button type="button" class="btn btn-text small danger" on:click=move |_| steps.update(|all| all.retain(|(k, _)| *k != key))>{tr(K::Remove)}</button>
            </fieldset>
        }
    };
    view! {
        <form class="form flow-form" on:submit=save novalidate>
            <h4>{if id.is_some() { tr(K::EditFlow) } else { tr(K::AddFlow) }}</h4>
            <div class="field">
                <label for="flow-name">{tr(K::FlowName)}</label>
                <input id="flow-name" maxlength="120" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <FieldError error field="name"/>
            </div>
            <div class="field">
                <label for="flow-purpose">{tr(K::FlowApproves)}</label>
                <select id="flow-purpose" on:change=move |ev| if let Some(p) = FlowPurpose::parse(&event_target_value(&ev)) { purpose.set(p) }>
                    {FlowPurpose::ALL.iter().map(|p| view! { <option value=p.as_str() selected=*p == purpose.get_untracked()>{tr(p.label())}</option> }).collect_view()}
                </select>
                <Show when=move || purpose.get() == FlowPurpose::Budget>
                    <p class="hint">{tr(K::BudgetFlowHint)}</p>
                </Show>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="flow-kind">{tr(K::AppliesTo)}</label>
                    <select id="flow-kind" on:change=move |ev| kind.set(ProjectKind::parse(&event_target_value(&ev)))>
                        <option value="">{tr(K::AnyKind)}</option>
                        {ProjectKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=Some(*k) == initial_kind>{tr(k.label())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="flow-budget">
                        {move || i18n.t(if purpose.get() == FlowPurpose::Budget { K::RaiseAbove } else { K::BudgetAbove })}
                        " (CNY)"
                    </label>
                    <input id="flow-budget" inputmode="decimal" placeholder=move || i18n.t(if purpose.get() == FlowPurpose::Budget { K::AnyRaise } else { K::AnyBudget }) prop:value=budget on:input=move |ev| budget.set(event_target_value(&ev))/>
                    <FieldError error field="budget_above"/>
                </div>
            </div>
            <h4>{tr(K::Steps)}</h4>
            <For each=move || steps.get() key=|(key, _)| *key children=step_row/>
            <FieldError error field="steps"/>
            <button type="button" class="btn small add-step" on:click=move |_| {
                let added = keyed(blank());
                steps.update(|all| all.push(added));
            }>"+ " {tr(K::AddStep)}</button>
            <FormFooter error on_cancel=Callback::new(move |_| editing.set(None)) save_class="save-flow"/>
        </form>
    }
}

#[component]
fn WebhooksAdmin() -> impl IntoView {
    let loaded = load(|| (), |_| list_webhooks());
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(hooks) => view! { <WebhooksEditor hooks=RwSignal::new(hooks)/> }.into_any(),
                    Err(e) => failed(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn WebhooksEditor(hooks: RwSignal<Vec<WebhookView>>) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(None::<Option<WebhookView>>);
    let error = RwSignal::new(None::<AppError>);
    let answer = move |result: Result<Vec<WebhookView>, AppError>| match result {
        Ok(list) => {
            hooks.set(list);
            error.set(None);
        }
        Err(e) => error.set(Some(e)),
    };
    view! {
        <section class="card webhooks-admin">
            <div class="card-head">
                <h3>{tr(K::Webhooks)}</h3>
                <button class="btn btn-primary add-webhook" on:click=move |_| editing.set(Some(None))>"+ " {tr(K::AddWebhook)}</button>
            </div>
            <ErrorBox error/>
            {move || {
                let list = hooks.get();
                if list.is_empty() {
                    return view! { <p class="muted">{tr(K::NoWebhooks)}</p> }.into_any();
                }
                list.into_iter().map(|hook| {
                    let (for_edit, hook_id) = (hook.clone(), hook.id);
                    let events = hook.events.iter().map(|e| view! { <span class="chip">{tr(e.label())}</span> }).collect_view();
                    let log = if hook.deliveries.is_empty() {
                        view! { <p class="muted small">{tr(K::NoDeliveries)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table responsive delivery-log">
                                <thead><tr><th>{tr(K::Day)}</th><th>{tr(K::WebhookEvents)}</th><th>{tr(K::Status)}</th><th>"HTTP"</th><th></th></tr></thead>
                                <tbody>
                                    {hook.deliveries.iter().map(|d| {
                                        let attempts = i18n.t(K::Attempts).replace("{n}", &d.attempts.min(99).to_string());
                                        let next = d.next_attempt_at.map(|t| format!("{} {}", i18n.t(K::NextAttempt), t.format("%m-%d %H:%M:%S")));
                                        view! {
                                            <tr class="delivery" data-status=d.status.as_str()>
                                                <td data-label=move || i18n.t(K::Day)>{d.created_at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                                <td data-label=move || i18n.t(K::WebhookEvents)>{tr(d.event.label())}</td>
                                                <td data-label=move || i18n.t(K::Status)><span class=format!("chip delivery-{}", d.status.as_str())>{tr(d.status.label())}</span></td>
                                                <td data-label="HTTP">{d.last_status.map(|s| s.to_string()).unwrap_or_else(|| "–".into())}</td>
                                                <td class="muted small">{attempts} {next.map(|n| format!(" · {n}"))} {(!d.last_error.is_empty()).then(|| format!(" · {}", d.last_error))}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    };
                    view! {
                        <article class="webhook" data-webhook=hook.name.clone()>
                            <div class="flow-head">
                                <strong>{hook.name.clone()}</strong>
                                <span class="chip">{tr(hook.kind.label())}</span>
                                {(!hook.active).then(|| view! { <span class="chip">{tr(K::Active)} ": " {tr(K::No)}</span> })}
                                <span class="row-actions">
                                    <button class="btn small send-test" on:click=move |_| {
                                        leptos::task::spawn_local(async move { answer(test_webhook(hook_id).await) });
                                    }>{tr(K::SendTest)}</button>
                                    <button class="btn btn-text small" on:click=move |_| editing.set(Some(Some(for_edit.clone())))>{tr(K::Edit)}</button>
                                    <button class="btn btn-text small danger" on:click=move |_| {
                                        if confirm(i18n.t(K::ConfirmDelete)) {
                                            leptos::task::spawn_local(async move { answer(delete_webhook(hook_id).await) });
                                        }
                                    }>{tr(K::Delete)}</button>
                                </span>
                            </div>
                            <div class="muted small webhook-url">{hook.url.clone()}</div>
                            <div class="chips">{events}</div>
                            <h4>{tr(K::Deliveries)}</h4>
                            {log}
                        </article>
                    }
                }).collect_view().into_any()
            }}
            {move || editing.get().map(|hook| view! { <WebhookForm hook hooks editing/> })}
        </section>
    }
}

#[component]
fn WebhookForm(
    hook: Option<WebhookView>,
    hooks: RwSignal<Vec<WebhookView>>,
    editing: RwSignal<Option<Option<WebhookView>>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let (id, version) = (
        hook.as_ref().map(|h| h.id),
        hook.as_ref().map_or(0, |h| h.version),
    );
    let has_secret = hook.as_ref().is_some_and(|h| h.has_secret);
    let name = RwSignal::new(hook.as_ref().map(|h| h.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(hook.as_ref().map_or(WebhookKind::Dingtalk, |h| h.kind));
    let url = RwSignal::new(hook.as_ref().map(|h| h.url.clone()).unwrap_or_default());
    let secret = RwSignal::new(String::new());
    let events = RwSignal::new(hook.as_ref().map(|h| h.events.clone()).unwrap_or_else(|| {
        vec![
            WebhookEvent::Submitted,
            WebhookEvent::Approved,
            WebhookEvent::Rejected,
        ]
    }));
    let active = RwSignal::new(hook.as_ref().is_none_or(|h| h.active));
    let include_amounts = RwSignal::new(hook.as_ref().is_some_and(|h| h.include_amounts));
    let initial_kind = kind.get_untracked();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = WebhookInput {
            id,
            version,
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            url: url.get_untracked(),
            secret: secret.get_untracked(),
            events: events.get_untracked(),
            active: active.get_untracked(),
            include_amounts: include_amounts.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_webhook(input).await {
                Ok(list) => {
                    hooks.set(list);
                    editing.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let choosable = [
        WebhookEvent::Submitted,
        WebhookEvent::StepApproved,
        WebhookEvent::Approved,
        WebhookEvent::Rejected,
    ];
    view! {
        <form class="form flow-form webhook-form" on:submit=save novalidate>
            <h4>{if id.is_some() { tr(K::EditWebhook) } else { tr(K::AddWebhook) }}</h4>
            <div class="field-row">
                <div class="field">
                    <label for="webhook-name">{tr(K::KpiName)}</label>
                    <input id="webhook-name" maxlength="120" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    <FieldError error field="name"/>
                </div>
                <div class="field">
                    <label for="webhook-kind">{tr(K::WebhookFormat)}</label>
                    <select id="webhook-kind" on:change=move |ev| if let Some(k) = WebhookKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {WebhookKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=*k == initial_kind>{tr(k.label())}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="webhook-url">{tr(K::WebhookUrl)}</label>
                <input id="webhook-url" type="url" placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" prop:value=url on:input=move |ev| url.set(event_target_value(&ev))/>
                <FieldError error field="url"/>
            </div>
            <div class="field">
                <label for="webhook-secret">{tr(K::WebhookSecret)}</label>
                <input id="webhook-secret" type="password" autocomplete="off" prop:value=secret on:input=move |ev| secret.set(event_target_value(&ev))/>
                {has_secret.then(|| view! { <div class="muted small">{tr(K::WebhookSecretKept)}</div> })}
            </div>
            <div class="field">
                <span class="label">{tr(K::WebhookEvents)}</span>
                <div class="checks">
                    {choosable.into_iter().map(|e| view! {
                        <label class="check">
                            <input type="checkbox" class="webhook-event" data-event=e.as_str() prop:checked=move || events.with(|all| all.contains(&e)) on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                events.update(|all| {
                                    all.retain(|x| *x != e);
                                    if on { all.push(e); }
                                });
                            }/>
                            {tr(e.label())}
                        </label>
                    }).collect_view()}
                </div>
                <FieldError error field="events"/>
            </div>
            <label class="check">
                <input type="checkbox" id="webhook-amounts" prop:checked=include_amounts on:change=move |ev| include_amounts.set(event_target_checked(&ev))/>
                {tr(K::WebhookIncludeAmounts)}
            </label>
            <div class="muted small">{tr(K::WebhookIncludeAmountsHint)}</div>
            <label class="check"><input type="checkbox" prop:checked=active on:change=move |ev| active.set(event_target_checked(&ev))/>{tr(K::Active)}</label>
            <FormFooter error on_cancel=Callback::new(move |_| editing.set(None)) save_class="save-webhook"/>
        </form>
    }
}
