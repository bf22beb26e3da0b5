//! The project's retrospective tab (复盘): what its records say — goals, schedule, money,
//! problems, suggestions — each figure leading to where it came from; the team's sections and
//! action items, edited while it is a draft; drafting it again, approving it, exporting it.
use leptos::prelude::*;

use super::cases::CasePublishing;
use super::project::{project_tab, use_project};
use crate::api::cases::get_case_draft;
use crate::api::retros::{approve_retro, draft_retro, get_retro, save_retro};
use crate::components::ui::{confirm, ErrorBox};
use crate::domain::retro::{percent, suggestion_text, tenths};
use crate::domain::weekly::{count, money};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    CaseDraft, FigureKind, GoalFact, Id, LateTask, RetroActionInput, RetroEdit, RetroPage,
    RetroSection, RetroSections, RetroState, RetroView, UserRef,
};

#[component]
pub fn RetroTab() -> impl IntoView {
    project_tab(|p| view! { <Retro project_id=p.id/> })
}

#[component]
fn Retro(project_id: Id) -> impl IntoView {
    let ctx = use_project();
    let i18n = use_i18n();
    // "Saved." outlives the retrospective's view, which is drawn again with what was saved.
    let saved = RwSignal::new(false);
    let page = RwSignal::new(None::<RetroPage>);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match get_retro(project_id).await {
                Ok(p) => page.set(Some(p)),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let shown = Callback::new(move |r: RetroView| {
        let approved = r.state == RetroState::Approved;
        page.update(|p| {
            if let Some(p) = p {
                p.can_draft = p.can_draft && !approved;
                p.retro = Some(r);
            }
        });
        if approved {
            ctx.reload.update(|n| *n += 1);
        }
    });
    let draft = move |_| {
        let again = page.with_untracked(|p| p.as_ref().is_some_and(|p| p.retro.is_some()));
        if again && !confirm(i18n.t(K::RetroConfirmRedraft)) {
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            match draft_retro(project_id).await {
                Ok(r) => {
                    error.set(None);
                    shown.run(r);
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    view! {
        <div class="retro-page">
            <ErrorBox error/>
            {move || page.get().map(|p| {
                let can_draft = p.can_draft;
                let has = p.retro.is_some();
                view! {
                    {(!has).then(|| view! {
                        <div class="card retro-empty">
                            <p class="muted">{tr(K::RetroNone)}</p>
                            {can_draft.then(|| view! {
                                <button type="button" class="btn btn-primary" data-test="draft-retro" disabled=pending on:click=draft>{tr(K::RetroDraftNow)}</button>
                            })}
                        </div>
                    })}
                    {p.retro.clone().map(|r| view! {
                        <RetroDoc r targets=p.targets.clone() people=p.people.clone() shown can_draft pending saved on_draft=Callback::new(draft)/>
                    })}
                    <CaseOffer project_id reload=page/>
                }
            })}
        </div>
    }
}

/// An action item as it is being edited.
#[derive(Clone, Debug, PartialEq)]
struct ActionRow {
    key: u32,
    text: RwSignal<String>,
    owner: RwSignal<Id>,
    due: RwSignal<String>,
    target: RwSignal<Option<Id>>,
}

#[component]
fn RetroDoc(
    r: RetroView,
    targets: Vec<(Id, String)>,
    people: Vec<UserRef>,
    shown: Callback<RetroView>,
    can_draft: bool,
    pending: RwSignal<bool>,
    saved: RwSignal<bool>,
    on_draft: Callback<leptos::ev::MouseEvent>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project_id = r.project_id;
    let version = r.version;
    let editing = r.can_edit;
    let sections = RwSignal::new(r.sections.clone());
    let error = RwSignal::new(None::<AppError>);
    let next_key = StoredValue::new(0u32);
    let row = move |text: String, owner: Id, due: Option<chrono::NaiveDate>, target: Option<Id>| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        ActionRow {
            key,
            text: RwSignal::new(text),
            owner: RwSignal::new(owner),
            due: RwSignal::new(due.map(|d| d.to_string()).unwrap_or_default()),
            target: RwSignal::new(target),
        }
    };
    let rows = RwSignal::new(
        r.actions
            .iter()
            .map(|a| {
                row(
                    a.text.clone(),
                    a.owner.id,
                    a.due_date,
                    a.target_project.as_ref().map(|t| t.0),
                )
            })
            .collect::<Vec<_>>(),
    );
    let first_person = people.first().map(|p| p.id).unwrap_or(0);
    let edit = move || RetroEdit {
        version,
        sections: sections.get_untracked(),
        actions: rows
            .get_untracked()
            .iter()
            .map(|a| RetroActionInput {
                text: a.text.get_untracked(),
                owner_id: a.owner.get_untracked(),
                due_date: crate::components::ui::parse_date(&a.due.get_untracked()),
                target_project_id: a.target.get_untracked(),
            })
            .collect(),
    };
    let save = move |then_approve: bool| {
        if then_approve && !confirm(i18n.t(K::RetroConfirmApprove)) {
            return;
        }
        pending.set(true);
        saved.set(false);
        leptos::task::spawn_local(async move {
            let result = match save_retro(project_id, edit()).await {
                Ok(r) if then_approve => approve_retro(project_id, r.version).await,
                other => other,
            };
            pending.set(false);
            match result {
                Ok(r) => {
                    error.set(None);
                    saved.set(!then_approve);
                    shown.run(r);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let approve_only = move |_| {
        if !confirm(i18n.t(K::RetroConfirmApprove)) {
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = approve_retro(project_id, version).await;
            pending.set(false);
            match result {
                Ok(r) => shown.run(r),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let f = r.facts.clone();
    let currency = f.currency.clone();
    let html = r.sections_html.clone();
    let note = move |section: RetroSection| {
        let text = html
            .get(
                RetroSection::ALL
                    .iter()
                    .position(|s| *s == section)
                    .unwrap_or(0),
            )
            .cloned()
            .unwrap_or_default();
        view! { <SectionNote section sections editing html=text/> }
    };
    let drafted = f.as_of.map(|d| d.to_string()).unwrap_or_default();
    let approved_line = r.approved_at.map(|at| {
        let who = r
            .approved_by
            .as_ref()
            .map(|p| p.display_name.clone())
            .unwrap_or_default();
        let when = at
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        view! { <p class="muted small" data-test="retro-approved">{move || i18n.t(K::RetroApprovedBy).replace("{who}", &who).replace("{when}", &when)}</p> }
    });
    let risks_happened = move |i: u32| sections.with(|s| s.risks_happened.contains(&i));
    let toggle_risk = move |i: u32, on: bool| {
        sections.update(|s| {
            s.risks_happened.retain(|x| *x != i);
            if on {
                s.risks_happened.push(i);
            }
        });
        saved.set(false);
    };
    let people = StoredValue::new(people);
    let targets = StoredValue::new(targets);
    view! {
        <article class="card retro" data-test="retro">
            <header class="report-head retro-head">
                <div>
                    <h2>{tr(K::Retro)} " · " {r.project_name.clone()}</h2>
                    <div class="muted small">{move || i18n.t(K::RetroDraftedOn).replace("{day}", &drafted)}</div>
                </div>
                {match r.state {
                    RetroState::Draft => view! { <span class="chip report-draft">{tr(K::ReportDraft)}</span> }.into_any(),
                    RetroState::Approved => view! { <span class="chip report-sent">{tr(K::RetroApproved)}</span> }.into_any(),
                }}
                <div class="button-row">
                    {(can_draft && r.state == RetroState::Draft).then(|| view! {
                        <button type="button" class="btn" data-test="redraft-retro" disabled=pending on:click=move |ev| on_draft.run(ev)>{tr(K::RetroRedraft)}</button>
                    })}
                    <a class="btn" data-test="export-retro" href=format!("/retro/{project_id}.docx") download="">{tr(K::RetroExport)}</a>
                </div>
            </header>
            {approved_line}

            {note(RetroSection::Summary)}

            <section class="report-section retro-goals">
                <h3>{tr(K::RetroGoals)}</h3>
                {if f.goals.is_empty() {
                    view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any()
                } else {
                    let rows = f.goals.iter().map(|g| goal_row(g, project_id, &currency, i18n)).collect_view();
                    view! {
                        <div class="table-scroll" tabindex="0">
                            <table class="table">
                                <thead><tr><th></th><th class="num">{tr(K::RetroTarget)}</th><th class="num">{tr(K::RetroActual)}</th><th class="num">{tr(K::RetroOfTarget)}</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
                {note(RetroSection::Goals)}
            </section>

            <section class="report-section retro-schedule">
                <h3>{tr(K::RetroSchedule)}</h3>
                {
                    let s = f.schedule.clone();
                    let cycle = s.cycle_days.map(|d| {
                        let planned = s.planned_days;
                        view! { <p data-test="retro-cycle">{move || i18n.t(K::RetroCycle).replace("{days}", &d.to_string()).replace("{planned}", &planned.to_string())}</p> }
                    });
                    let (late, tasks, rate, delay) = (s.late, s.tasks, s.late_rate, s.average_delay_tenths);
                    let phases: Vec<_> = s.project.iter().cloned().chain(s.phases.iter().cloned()).collect();
                    view! {
                        {cycle}
                        <p data-test="retro-late">{move || i18n.t(K::RetroLateRate).replace("{late}", &late.to_string()).replace("{tasks}", &tasks.to_string()).replace("{rate}", &percent(rate)).replace("{delay}", &tenths(delay))}</p>
                        <div class="table-scroll" tabindex="0">
                            <table class="table retro-phases">
                                <thead><tr><th>{tr(K::RetroPhase)}</th><th>{tr(K::RetroBaselineFinish)}</th><th>{tr(K::RetroPlannedFinish)}</th><th>{tr(K::RetroActualFinish)}</th><th class="num">{tr(K::RetroSlip)}</th></tr></thead>
                                <tbody>
                                    {phases.into_iter().map(|ph| {
                                        let name = match ph.task_id {
                                            Some(id) => view! { <a href=format!("/projects/{project_id}/board?task={id}")>{ph.title.clone()}</a> }.into_any(),
                                            None => view! { <strong>{tr(K::RetroWholeProject)}</strong> }.into_any(),
                                        };
                                        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
                                        let finished = ph.finished;
                                        view! {
                                            <tr>
                                                <th scope="row">{name}</th>
                                                <td>{date(ph.baseline_due)}</td>
                                                <td>{date(ph.planned_due)}</td>
                                                <td>{match finished { Some(d) => d.to_string().into_any(), None => tr(K::RetroNotFinished).into_any() }}</td>
                                                <td class="num" class:retro-late=ph.slip_days.is_some_and(|d| d > 0)>{ph.slip_days.map(signed).unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <h4>{tr(K::RetroSlipped)}</h4>
                        <LateList tasks=s.slipped.clone() project_id/>
                    }
                }
                {note(RetroSection::Schedule)}
            </section>

            <section class="report-section retro-money">
                <h3>{tr(K::RetroMoney)}</h3>
                {
                    let m = f.money.clone();
                    let c = currency.clone();
                    let lines = (!m.lines.is_empty()).then(|| {
                        let total = m.planned - m.committed - m.paid;
                        view! {
                            <div class="table-scroll" tabindex="0">
                                <table class="table retro-lines">
                                    <thead><tr><th>{tr(K::RetroLine)}</th><th class="num">{tr(K::RetroPlanned)}</th><th class="num">{tr(K::RetroCommitted)}</th><th class="num">{tr(K::RetroPaid)}</th><th class="num">{tr(K::RetroVariance)}</th></tr></thead>
                                    <tbody>
                                        {m.lines.iter().map(|l| view! {
                                            <tr>
                                                <th scope="row"><a href=format!("/projects/{project_id}/finance")>{l.name.clone()}</a></th>
                                                <td class="num">{money(l.planned, &c)}</td>
                                                <td class="num">{money(l.committed, &c)}</td>
                                                <td class="num">{money(l.paid, &c)}</td>
                                                <td class="num" class:retro-late={l.variance() < 0}>{money(l.variance(), &c)}</td>
                                            </tr>
                                        }).collect_view()}
                                        <tr class="retro-total">
                                            <th scope="row">{tr(K::RetroTotal)}</th>
                                            <td class="num">{money(m.planned, &c)}</td>
                                            <td class="num">{money(m.committed, &c)}</td>
                                            <td class="num">{money(m.paid, &c)}</td>
                                            <td class="num" class:retro-late={total < 0}>{money(total, &c)}</td>
                                        </tr>
                                    </tbody>
                                </table>
                            </div>
                        }
                    });
                    let channels = (!m.channels.is_empty()).then(|| {
                        let locale = i18n.locale.get_untracked();
                        let pct = |v: Option<i64>| v.map(percent).unwrap_or_else(|| "—".into());
                        view! {
                            <div class="table-scroll" tabindex="0">
                                <table class="table retro-channels">
                                    <thead><tr><th>{tr(K::RetroChannel)}</th><th class="num">{tr(K::ReportSpend)}</th><th class="num">{tr(K::ReportConversions)}</th><th class="num">{tr(K::RetroRevenue)}</th><th class="num">{tr(K::RetroRoi)}</th><th class="num">{tr(K::RetroRoas)}</th><th class="num">{tr(K::RetroCpa)}</th></tr></thead>
                                    <tbody>
                                        {m.channels.iter().map(|ch| view! {
                                            <tr>
                                                <th scope="row"><a href=format!("/projects/{project_id}/data")>{ch.channel.label().text(locale)}</a></th>
                                                <td class="num">{money(ch.spend, &c)}</td>
                                                <td class="num">{count(ch.conversions)}</td>
                                                <td class="num">{money(ch.revenue, &c)}</td>
                                                <td class="num" class:retro-late=ch.roi.is_some_and(|r| r < 0)>{pct(ch.roi)}</td>
                                                <td class="num">{pct(ch.roas)}</td>
                                                <td class="num">{ch.cpa.map(|v| money(v, &c)).unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                    });
                    let nothing = (m.lines.is_empty() && m.channels.is_empty()).then(|| view! { <p class="muted small">{tr(K::RetroNothing)}</p> });
                    view! { {lines} {channels} {nothing} }
                }
                {note(RetroSection::Money)}
            </section>

            <section class="report-section retro-problems">
                <h3>{tr(K::RetroProblems)}</h3>
                <h4>{tr(K::RetroOverdue)} " " <span class="muted small">{f.problems.late.len()}</span></h4>
                <LateList tasks=f.problems.late.clone() project_id/>
                <h4>{tr(K::RetroAlerts)} " " <span class="muted small">{f.problems.alerts.len()}</span></h4>
                {if f.problems.alerts.is_empty() {
                    view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="retro-list">
                            {f.problems.alerts.iter().map(|a| {
                                let href = match a.task_id {
                                    Some(t) => format!("/projects/{project_id}/board?task={t}"),
                                    None => format!("/projects/{project_id}/activity"),
                                };
                                view! { <li><span class="muted small">{a.raised_on.to_string()} " · " {tr(a.kind.label())}</span> " " <a href=href>{a.title.clone()}</a></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <h4>{tr(K::RetroRisks)}</h4>
                {if f.problems.risks.is_empty() {
                    view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="retro-list retro-risks">
                            {f.problems.risks.iter().enumerate().map(|(i, risk)| {
                                let i = i as u32;
                                view! {
                                    <li>
                                        <span>{risk.description.clone()}</span>
                                        " " <span class="muted small">{tr(risk.likelihood.label())} " / " {tr(risk.impact.label())}</span>
                                        <label class="check">
                                            <input type="checkbox" data-test="risk-happened" disabled=!editing prop:checked=move || risks_happened(i)
                                                on:change=move |ev| toggle_risk(i, event_target_checked(&ev))/>
                                            {tr(K::RetroRiskHappened)}
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <h4>{tr(K::RetroBlockers)} " " <span class="muted small">{f.problems.blockers.len()}</span></h4>
                {if f.problems.blockers.is_empty() {
                    view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="report-blockers">
                            {f.problems.blockers.iter().map(|b| view! {
                                <li><a class="muted small" href=format!("/projects/{project_id}/check-in")>{b.day.to_string()} " · " {b.who.display_name.clone()}</a><div class="pre">{b.text.clone()}</div></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <h4>{tr(K::RetroWaits)}</h4>
                {if f.problems.waits.is_empty() {
                    view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any()
                } else {
                    let average = f.problems.average_wait_tenths;
                    view! {
                        <p class="small">{move || i18n.t(K::RetroAverageWait).replace("{days}", &tenths(average))}</p>
                        <ul class="retro-list">
                            {f.problems.waits.iter().take(5).map(|w| {
                                let (flow, step, days, decided) = (w.flow_name.clone(), w.step, w.days, w.decided);
                                // A request no configured flow applied to went to the administrators.
                                let flow = move || if flow.is_empty() { i18n.t(K::NavApprovals).to_string() } else { flow.clone() };
                                view! {
                                    <li><a href="/approvals">{move || i18n.t(K::RetroStep).replace("{flow}", &flow()).replace("{step}", &step.to_string()).replace("{days}", &days.to_string())}</a>
                                        {(!decided).then(|| view! { " " <span class="chip chip-error">{tr(K::RetroWaiting)}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {note(RetroSection::Problems)}
            </section>

            <section class="report-section retro-suggestions">
                <h3>{tr(K::RetroSuggestions)}</h3>
                {if f.suggestions.is_empty() {
                    view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any()
                } else {
                    let list = f.suggestions.clone();
                    let c = currency.clone();
                    view! {
                        <ul class="retro-list" data-test="retro-suggestions">
                            {move || {
                                let locale = i18n.locale.get();
                                list.iter().map(|s| view! { <li>{suggestion_text(s, locale, &c)}</li> }).collect_view()
                            }}
                        </ul>
                    }.into_any()
                }}
            </section>

            {note(RetroSection::WentWell)}
            {note(RetroSection::WentBadly)}

            <section class="report-section retro-actions">
                <h3>{tr(K::RetroActions)}</h3>
                {if editing {
                    view! {
                        <div class="retro-action-rows">
                            <For each=move || rows.get() key=|a| a.key let:a>
                                <div class="retro-action" data-test="retro-action">
                                    <input type="text" maxlength="200" data-test="action-text" aria-label=move || i18n.t(K::RetroActionText) placeholder=move || i18n.t(K::RetroActionText)
                                        prop:value=a.text on:input=move |ev| { a.text.set(event_target_value(&ev)); saved.set(false); }/>
                                    <select data-test="action-owner" aria-label=move || i18n.t(K::RetroOwner) on:change=move |ev| {
                                        a.owner.set(event_target_value(&ev).parse().unwrap_or(0));
                                        saved.set(false);
                                    }>
                                        {people.get_value().into_iter().map(|p| {
                                            let id = p.id;
                                            view! { <option value=id.to_string() selected=move || a.owner.get() == id>{p.display_name}</option> }
                                        }).collect_view()}
                                    </select>
                                    <input type="date" data-test="action-due" aria-label=move || i18n.t(K::RetroDue) prop:value=a.due on:change=move |ev| { a.due.set(event_target_value(&ev)); saved.set(false); }/>
                                    <select data-test="action-target" aria-label=move || i18n.t(K::RetroCarryInto) on:change=move |ev| {
                                        a.target.set(event_target_value(&ev).parse().ok());
                                        saved.set(false);
                                    }>
                                        <option value="" selected=move || a.target.get().is_none()>{tr(K::RetroNoTarget)}</option>
                                        {targets.get_value().into_iter().map(|(id, name)| view! {
                                            <option value=id.to_string() selected=move || a.target.get() == Some(id)>{name}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="button" class="btn btn-small" aria-label=move || i18n.t(K::Remove) on:click=move |_| {
                                        rows.update(|r| r.retain(|x| x.key != a.key));
                                        saved.set(false);
                                    }>"×"</button>
                                </div>
                            </For>
                        </div>
                        <button type="button" class="btn" data-test="add-action" on:click=move |_| {
                            rows.update(|r| r.push(row(String::new(), first_person, None, None)));
                            saved.set(false);
                        }>{tr(K::RetroAddAction)}</button>
                    }.into_any()
                } else if r.actions.is_empty() {
                    view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="retro-list">
                            {r.actions.iter().map(|a| {
                                let carried = a.target_project.clone().map(|(pid, name)| {
                                    let href = match a.carried_task_id {
                                        Some(t) => format!("/projects/{pid}/board?task={t}"),
                                        None => format!("/projects/{pid}"),
                                    };
                                    view! { " · " <a href=href data-test="carried">{move || i18n.t(K::RetroCarried).replace("{project}", &name)}</a> }
                                });
                                view! {
                                    <li data-test="retro-action">
                                        <strong>{a.text.clone()}</strong>
                                        <span class="muted small">" · " {a.owner.display_name.clone()} {a.due_date.map(|d| format!(" · {d}"))}</span>
                                        {carried}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>

            <ErrorBox error/>
            <Show when=move || saved.get()>
                <div class="alert alert-success" role="status">{tr(K::ReportSaved)}</div>
            </Show>
            <div class="form-actions">
                {editing.then(|| view! {
                    <button type="button" class="btn" data-test="save-retro" disabled=pending on:click=move |_| save(false)>{tr(K::Save)}</button>
                })}
                {match (r.can_approve, editing) {
                    (true, true) => Some(view! {
                        <button type="button" class="btn btn-primary" data-test="approve-retro" disabled=pending on:click=move |_| save(true)>{tr(K::RetroApprove)}</button>
                    }.into_any()),
                    (true, false) => Some(view! {
                        <button type="button" class="btn btn-primary" data-test="approve-retro" disabled=pending on:click=approve_only>{tr(K::RetroApprove)}</button>
                    }.into_any()),
                    _ => None,
                }}
            </div>
        </article>
    }
}

/// A day count with its sign ("+3", "−2", "0").
fn signed(days: i64) -> String {
    match days {
        d if d > 0 => format!("+{d}"),
        0 => "0".into(),
        d => format!("−{}", -d),
    }
}

fn goal_row(
    g: &GoalFact,
    project_id: Id,
    currency: &str,
    i18n: crate::i18n::I18n,
) -> impl IntoView {
    let value = |v: i64| match g.kind {
        FigureKind::Money => money(v, currency),
        FigureKind::BasisPoints => percent(v),
        FigureKind::Count if g.unit.is_empty() => count(v),
        FigureKind::Count => format!("{} {}", count(v), g.unit),
    };
    let name = g.name.clone();
    let metric = g.metric;
    view! {
        <tr>
            <th scope="row"><a href=format!("/projects/{project_id}/finance")>{move || if name.is_empty() { i18n.t(metric.label()).to_string() } else { name.clone() }}</a></th>
            <td class="num">{value(g.target)}</td>
            <td class="num">{value(g.actual)}</td>
            <td class="num retro-attainment">{g.of_target.map(percent).unwrap_or_else(|| "—".into())} " "
                {if g.attained {
                    view! { <span class="chip chip-success">{tr(K::RetroAttained)}</span> }.into_any()
                } else {
                    view! { <span class="chip chip-error">{tr(K::RetroMissed)}</span> }.into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn LateList(tasks: Vec<LateTask>, project_id: Id) -> impl IntoView {
    let i18n = use_i18n();
    if tasks.is_empty() {
        return view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any();
    }
    view! {
        <ul class="report-tasks retro-late-tasks">
            {tasks.into_iter().map(|t| {
                let days = t.days_late;
                view! {
                    <li>
                        <a class="report-task-title" href=format!("/projects/{project_id}/board?task={}", t.task_id)>{t.title.clone()}</a>
                        <span class="muted small">
                            {t.owner.as_ref().map(|o| format!(" · {}", o.display_name))}
                            " · " {move || i18n.t(K::RetroDaysLate).replace("{days}", &days.to_string())}
                        </span>
                        {t.critical.then(|| view! { " " <span class="chip chip-error">{tr(K::RetroCritical)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A section the team writes: its Markdown while the retrospective is a draft they may edit,
/// else the HTML the server made of it.
#[component]
fn SectionNote(
    section: RetroSection,
    sections: RwSignal<RetroSections>,
    editing: bool,
    html: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let (heading, own) = match section {
        RetroSection::Summary => (K::RetroSummary, true),
        RetroSection::WentWell => (K::RetroWentWell, true),
        RetroSection::WentBadly => (K::RetroWentBadly, true),
        _ => (K::RetroNotes, false),
    };
    let field = format!("retro-{section:?}").to_lowercase();
    let body = if editing {
        let id = field.clone();
        view! {
            <textarea id=id rows=if own { "4" } else { "2" } data-test=field.clone() placeholder=move || i18n.t(K::RetroNoteHint)
                prop:value=move || sections.with(|s| section.text(s).to_string())
                on:input=move |ev| sections.update(|s| *section.text_mut(s) = event_target_value(&ev))></textarea>
        }
        .into_any()
    } else if html.trim().is_empty() {
        if own {
            view! { <p class="muted small">{tr(K::RetroNothing)}</p> }.into_any()
        } else {
            ().into_any()
        }
    } else {
        view! { <div class="markdown retro-note" data-test=field.clone() inner_html=html></div> }
            .into_any()
    };
    if own {
        view! {
            <section class="report-section">
                <h3><label for=field.clone()>{tr(heading)}</label></h3>
                {body}
            </section>
        }
        .into_any()
    } else {
        view! {
            <div class="retro-notes">
                {editing.then(|| view! { <label class="muted small" for=field.clone()>{tr(heading)}</label> })}
                {body}
            </div>
        }
        .into_any()
    }
}

/// Publishing the project as a case, offered to its managers once it is reviewed (read again
/// when the retrospective page is).
#[component]
fn CaseOffer(project_id: Id, reload: RwSignal<Option<RetroPage>>) -> impl IntoView {
    let draft = RwSignal::new(None::<CaseDraft>);
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            if let Ok(found) = get_case_draft(project_id).await {
                draft.set(found);
            }
        });
    });
    move || draft.get().map(|draft| view! { <CasePublishing draft/> })
}
