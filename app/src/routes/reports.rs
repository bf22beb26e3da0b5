//! The project's weekly reports tab: the reports by week (the project's and each person's),
//! one open — what the week's records say, the author's summary —, edited, refreshed, sent and
//! exported as Markdown.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::project::project_tab;
use crate::api::reports::{
    draft_reports, get_report, list_reports, refresh_report, save_report, send_report,
};
use crate::api::settings::get_org_settings;
use crate::components::ui::{confirm, download_text, ErrorBox};
use crate::domain::weekly::{change, count, figure_name, figure_value, markdown, money};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    Id, ReportList, ReportState, ReportSummary, ReportTask, TaskStatus, WeeklyReportView,
};

#[component]
pub fn ReportsTab() -> impl IntoView {
    project_tab(|p| view! { <Reports project_id=p.id/> })
}

#[component]
fn Reports(project_id: Id) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let list = RwSignal::new(None::<ReportList>);
    let chosen = RwSignal::new(None::<Id>);
    let open = RwSignal::new(None::<WeeklyReportView>);
    let error = RwSignal::new(None::<AppError>);
    let moment = RwSignal::new(None::<(u32, String)>);
    let drafting = RwSignal::new(false);
    // "Saved." outlives the report's view, which is drawn again with what was saved.
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match list_reports(project_id).await {
                Ok(found) => {
                    let wanted = query
                        .with_untracked(|q| q.get("report").and_then(|r| r.parse::<Id>().ok()));
                    let first = wanted
                        .filter(|w| found.reports.iter().any(|r| r.id == *w))
                        .or_else(|| found.reports.first().map(|r| r.id));
                    list.set(Some(found));
                    chosen.set(first);
                }
                Err(e) => error.set(Some(e)),
            }
            if let Ok(s) = get_org_settings().await {
                moment.set(Some((s.report_weekday, s.report_at)));
            }
        });
    });
    Effect::new(move |_| {
        saved.set(false);
        let Some(id) = chosen.get() else {
            open.set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            match get_report(id).await {
                Ok(r) => open.set(Some(r)),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let draft_now = move |_| {
        drafting.set(true);
        leptos::task::spawn_local(async move {
            match draft_reports(project_id).await {
                Ok(found) => {
                    if chosen.get_untracked().is_none() {
                        chosen.set(found.reports.first().map(|r| r.id));
                    }
                    list.set(Some(found));
                }
                Err(e) => error.set(Some(e)),
            }
            drafting.set(false);
        });
    };
    let updated = Callback::new(move |r: WeeklyReportView| {
        list.update(|l| {
            if let Some(l) = l {
                for s in l.reports.iter_mut().filter(|s| s.id == r.id) {
                    s.state = r.state;
                    s.sent_at = r.sent_at;
                }
            }
        });
        open.set(Some(r));
    });
    view! {
        <div class="reports-page">
            <aside class="card report-list">
                <h3>{tr(K::WeeklyReports)}</h3>
                {move || list.get().map(|l| {
                    let can_draft = l.can_draft;
                    view! {
                        {l.reports.is_empty().then(|| view! {
                            <p class="muted small no-reports">{move || {
                                let (day, at) = moment.get().unwrap_or((5, "17:00".into()));
                                let day = crate::routes::settings::WEEKDAYS.get(day.saturating_sub(1) as usize).copied().unwrap_or(K::Friday);
                                i18n.t(K::ReportNoReports).replace("{day}", i18n.t(day)).replace("{time}", &at)
                            }}</p>
                        })}
                        <ReportWeeks reports=l.reports chosen/>
                        {can_draft.then(|| view! {
                            <button type="button" class="btn" data-test="draft-reports" disabled=drafting on:click=draft_now>{tr(K::ReportDraftNow)}</button>
                        })}
                    }
                })}
            </aside>
            <div class="report-body">
                <ErrorBox error/>
                {move || open.get().map(|r| view! { <ReportView r updated saved/> })}
            </div>
        </div>
    }
}

/// The reports, a group per week.
#[component]
fn ReportWeeks(reports: Vec<ReportSummary>, chosen: RwSignal<Option<Id>>) -> impl IntoView {
    let mut weeks: Vec<(chrono::NaiveDate, Vec<ReportSummary>)> = Vec::new();
    for r in reports {
        match weeks.last_mut() {
            Some((week, list)) if *week == r.week_start => list.push(r),
            _ => weeks.push((r.week_start, vec![r])),
        }
    }
    view! {
        <div class="report-weeks">
            {weeks.into_iter().map(|(week, list)| view! {
                <div class="report-week">
                    <div class="muted small">{format!("{week} – {}", week + chrono::Duration::days(6))}</div>
                    <ul>
                        {list.into_iter().map(|r| {
                            let id = r.id;
                            let who = r.person.as_ref().map(|p| p.display_name.clone());
                            view! {
                                <li>
                                    <button type="button" class="report-pick" class:chosen=move || chosen.get() == Some(id)
                                        aria-pressed=move || (chosen.get() == Some(id)).to_string()
                                        on:click=move |_| chosen.set(Some(id))>
                                        <span>{match who { Some(w) => w.into_any(), None => tr(K::ReportProject).into_any() }}</span>
                                        <StateChip state=r.state/>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }).collect_view()}
        </div>
    }
}

#[component]
fn StateChip(state: ReportState) -> impl IntoView {
    match state {
        ReportState::Draft => {
            view! { <span class="chip report-draft">{tr(K::ReportDraft)}</span> }.into_any()
        }
        ReportState::Sent => {
            view! { <span class="chip report-sent">{tr(K::ReportSent)}</span> }.into_any()
        }
    }
}

#[component]
fn ReportView(
    r: WeeklyReportView,
    updated: Callback<WeeklyReportView>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = r.id;
    let summary = RwSignal::new(r.summary.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let report = StoredValue::new(r.clone());
    let act = move |which: u8| {
        if which == 2 && !confirm(i18n.t(K::ReportConfirmSend)) {
            return;
        }
        pending.set(true);
        saved.set(false);
        leptos::task::spawn_local(async move {
            let text = summary.get_untracked();
            // What was written is kept before the figures are read again or the report goes.
            let result = match save_report(id, text).await {
                Ok(r) => match which {
                    1 => refresh_report(id).await,
                    2 => send_report(id).await,
                    _ => Ok(r),
                },
                Err(e) => Err(e),
            };
            pending.set(false);
            match result {
                Ok(r) => {
                    error.set(None);
                    saved.set(which == 0);
                    updated.run(r);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let export = move |_| {
        let r = report.get_value();
        let text = markdown(&r, i18n.locale.get_untracked());
        let whose = r
            .person
            .as_ref()
            .map(|p| format!("-{}", p.display_name))
            .unwrap_or_default();
        download_text(
            &format!("{}{whose}-{}.md", r.project_name, r.week_start),
            "text/markdown;charset=utf-8",
            &text,
        );
    };
    let person = r.person.as_ref().map(|p| p.display_name.clone());
    let title = move || match &person {
        Some(p) => format!("{} · {p}", i18n.t(K::WeeklyReport)),
        None => i18n.t(K::ReportProject).to_string(),
    };
    let f = r.facts.clone();
    let currency = f.currency.clone();
    let figures: Vec<_> = f.kpis.iter().chain(f.spend.as_ref()).cloned().collect();
    let locale = i18n.locale.get_untracked();
    view! {
        <article class="card weekly-report" data-test="weekly-report">
            <header class="report-head">
                <div>
                    <h2>{title}</h2>
                    <div class="muted small">{format!("{} – {}", r.week_start, r.week_end)}</div>
                </div>
                <StateChip state=r.state/>
                <button type="button" class="btn" data-test="export-report" on:click=export>{tr(K::ReportExport)}</button>
            </header>
            {r.sent_at.map(|at| {
                let who = r.sent_by.as_ref().map(|p| p.display_name.clone()).unwrap_or_default();
                let when = at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
                view! { <p class="muted small">{move || i18n.t(K::ReportSentBy).replace("{who}", &who).replace("{when}", &when)}</p> }
            })}
            <section class="report-summary">
                <h3>{tr(K::ReportSummary)}</h3>
                {if r.can_edit {
                    view! {
                        <textarea rows="5" data-test="report-summary" placeholder=move || i18n.t(K::ReportSummaryHint)
                            prop:value=summary on:input=move |ev| { summary.set(event_target_value(&ev)); saved.set(false); }></textarea>
                        <ErrorBox error/>
                        <Show when=move || saved.get()>
                            <div class="alert alert-success" role="status">{tr(K::ReportSaved)}</div>
                        </Show>
                        <div class="form-actions">
                            <button type="button" class="btn" disabled=pending on:click=move |_| act(0)>{tr(K::ReportSave)}</button>
                            <button type="button" class="btn" disabled=pending data-test="refresh-report" on:click=move |_| act(1)>{tr(K::ReportRefresh)}</button>
                            <button type="button" class="btn btn-primary" disabled=pending data-test="send-report" on:click=move |_| act(2)>{tr(K::ReportSend)}</button>
                        </div>
                    }.into_any()
                } else if r.summary.is_empty() {
                    view! { <p class="muted">{tr(K::ReportNone)}</p> }.into_any()
                } else {
                    view! { <p class="pre">{r.summary.clone()}</p> }.into_any()
                }}
            </section>
            <TaskSection heading=K::ReportFinished tasks=f.finished.clone()/>
            <TaskSection heading=K::ReportInProgress tasks=f.in_progress.clone()/>
            <TaskSection heading=K::ReportOverdue tasks=f.overdue.clone()/>
            <TaskSection heading=K::ReportDueNextWeek tasks=f.due_next_week.clone()/>
            <section class="report-section">
                <h3>{tr(K::ReportBlockers)} " " <span class="muted small">{f.blockers.len()}</span></h3>
                {if f.blockers.is_empty() {
                    view! { <p class="muted small">{tr(K::ReportNone)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="report-blockers">
                            {f.blockers.iter().map(|b| view! {
                                <li><span class="muted small">{b.day.to_string()} " · " {b.who.display_name.clone()}</span><div class="pre">{b.text.clone()}</div></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            {(!figures.is_empty() || !f.channels.is_empty()).then(|| view! {
                <section class="report-section">
                    <h3>{tr(K::ReportFigures)}</h3>
                    <div class="table-scroll">
                        <table class="table report-figures">
                            <thead><tr><th></th><th class="num">{tr(K::ReportThisWeek)}</th><th class="num">{tr(K::ReportLastWeek)}</th><th class="num">{tr(K::ReportChange)}</th></tr></thead>
                            <tbody>
                                {figures.iter().map(|fig| view! {
                                    <tr>
                                        <th scope="row">{figure_name(fig, locale)}</th>
                                        <td class="num">{figure_value(fig, fig.this_week, &currency)}</td>
                                        <td class="num">{figure_value(fig, fig.last_week, &currency)}</td>
                                        <td class="num">{change(fig.this_week, fig.last_week)}</td>
                                    </tr>
                                }).collect_view()}
                                {f.channels.iter().map(|c| {
                                    let name = c.channel.label().text(locale);
                                    view! {
                                        <tr>
                                            <th scope="row">{name} " · " {tr(K::ReportSpend)}</th>
                                            <td class="num">{money(c.spend.0, &currency)}</td>
                                            <td class="num">{money(c.spend.1, &currency)}</td>
                                            <td class="num">{change(c.spend.0, c.spend.1)}</td>
                                        </tr>
                                        <tr>
                                            <th scope="row">{name} " · " {tr(K::ReportConversions)}</th>
                                            <td class="num">{count(c.conversions.0)}</td>
                                            <td class="num">{count(c.conversions.1)}</td>
                                            <td class="num">{change(c.conversions.0, c.conversions.1)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            })}
        </article>
    }
}

#[component]
fn TaskSection(heading: K, tasks: Vec<ReportTask>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="report-section">
            <h3>{tr(heading)} " " <span class="muted small">{tasks.len()}</span></h3>
            {if tasks.is_empty() {
                view! { <p class="muted small">{tr(K::ReportNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="report-tasks">
                        {tasks.into_iter().map(|t| view! {
                            <li>
                                <span class="report-task-title">{t.title.clone()}</span>
                                <span class="muted small">
                                    {t.owner.as_ref().map(|o| format!(" · {}", o.display_name))}
                                    {t.due_date.map(|d| move || format!(" · {} {d}", i18n.t(K::ReportDue)))}
                                    {(t.status != TaskStatus::Done).then(|| format!(" · {}%", t.progress))}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
