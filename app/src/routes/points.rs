//! Points (积分) and the month's star (项目之星): a month's leaderboard for the organisation or
//! a project's team, the reader's own points line by line, the stars and nominations, the rules
//! (set by admins, who also adjust points with a reason).
use leptos::prelude::*;

use crate::api::points::{
    adjust_points, get_points, leave_leaderboard, nominate_star, save_point_rule,
};
use crate::components::layout::Layout;
use crate::components::ui::{form_level, ErrorBox, FieldError, Spinner};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    Id, Nomination, PointAdjustment, PointEntryView, PointRuleView, PointsPage as Page,
    PointsQuery, StarView,
};

fn signed(points: i64) -> String {
    if points > 0 {
        format!("+{points}")
    } else {
        points.to_string()
    }
}

#[component]
pub fn PointsPage() -> impl IntoView {
    let month = RwSignal::new(None::<String>);
    let team = RwSignal::new(None::<Id>);
    let page = RwSignal::new(None::<Page>);
    let error = RwSignal::new(None::<AppError>);
    // Bumped after a change, to read the page again.
    let reload = RwSignal::new(0u32);
    Effect::new(move |_| {
        reload.track();
        let query = PointsQuery {
            month: month.get(),
            project_id: team.get(),
        };
        leptos::task::spawn_local(async move {
            match get_points(query).await {
                Ok(p) => {
                    error.set(None);
                    page.set(Some(p));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    view! {
        <Layout>
            <div class="page-head">
                <h1>{tr(K::Points)}</h1>
            </div>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            {move || match page.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(p) => {
                    let shown_month = p.month.clone();
                    let projects = p.projects.clone();
                    let chosen = p.project_id;
                    view! {
                        <div class="card points-filters">
                            <div class="field">
                                <label for="points-month">{tr(K::PointsMonth)}</label>
                                <input id="points-month" type="month" max=p.current_month.clone() prop:value=shown_month on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    month.set((!v.is_empty()).then_some(v));
                                }/>
                                <FieldError error field="month"/>
                            </div>
                            <div class="field">
                                <label for="points-team">{tr(K::PointsTeam)}</label>
                                <select id="points-team" on:change=move |ev| team.set(event_target_value(&ev).parse().ok())>
                                    <option value="" selected=chosen.is_none()>{tr(K::PointsOrganisation)}</option>
                                    {projects.into_iter().map(|(id, name)| view! {
                                        <option value=id selected=chosen == Some(id)>{name}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        </div>
                        <div class="points-layout">
                            <div class="points-main">
                                <Board p=p.clone()/>
                                <Mine p=p.clone() reload/>
                            </div>
                            <div class="points-side">
                                <Stars p=p.clone() reload/>
                                <Rules p=p.clone()/>
                                {p.can_manage.then(|| view! { <Adjust p=p.clone() reload/> })}
                            </div>
                        </div>
                    }.into_any()
                }
            }}
        </Layout>
    }
}

#[component]
fn Board(p: Page) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card points-board" data-test="leaderboard">
            <h2>{tr(K::PointsBoard)}</h2>
            {if p.board.is_empty() {
                view! { <p class="muted">{tr(K::PointsNone)}</p> }.into_any()
            } else {
                view! {
                    <table class="table points-table">
                        <thead><tr>
                            <th class="num">"#"</th>
                            <th>{tr(K::PointsPerson)}</th>
                            <th class="num">{tr(K::Points)}</th>
                            <th class="num">{tr(K::PointsNominations)}</th>
                        </tr></thead>
                        <tbody>
                            {p.board.iter().map(|r| view! {
                                <tr data-test="leader-row">
                                    <td class="num">{r.rank}</td>
                                    <td>{r.user.display_name.clone()}</td>
                                    <td class="num strong">{r.points}</td>
                                    <td class="num" title=move || i18n.t(K::PointsNominations)>{(r.nominations > 0).then(|| format!("★ {}", r.nominations))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

fn entry_row(e: PointEntryView) -> impl IntoView {
    let class = if e.points < 0 {
        "points-delta minus"
    } else {
        "points-delta plus"
    };
    let what = e.note.clone();
    view! {
        <li class="points-entry" data-test="point-entry">
            <span class=class>{signed(i64::from(e.points))}</span>
            <span class="points-why">
                <span class="strong">{tr(e.reason.label())}</span>
                {(!what.is_empty()).then(|| match e.href.clone() {
                    Some(href) => view! { " · " <a href=href>{what.clone()}</a> }.into_any(),
                    None => view! { " · " <span>{what.clone()}</span> }.into_any(),
                })}
                {e.project.clone().map(|(id, name)| view! { " · " <a class="muted" href=format!("/projects/{id}")>{name}</a> })}
                {e.by.clone().map(|by| view! { " · " <span class="muted">{by.display_name}</span> })}
            </span>
            <span class="muted small">{e.happened_at.format("%m-%d").to_string()}</span>
        </li>
    }
}

#[component]
fn Mine(p: Page, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let hidden = p.hidden;
    let toggle = move |ev: leptos::ev::Event| {
        let hide = event_target_checked(&ev);
        leptos::task::spawn_local(async move {
            match leave_leaderboard(hide).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let (month_total, total) = (p.my_month, p.my_total);
    view! {
        <section class="card points-mine" data-test="my-points">
            <h2>{tr(K::PointsMine)}</h2>
            <div class="report-tiles">
                <div class="report-tile"><span class="muted small">{tr(K::PointsThisMonth)}</span><span class="stat-value" data-test="my-month">{signed(month_total)}</span></div>
                <div class="report-tile"><span class="muted small">{tr(K::PointsAllTime)}</span><span class="stat-value">{total}</span></div>
            </div>
            {if p.my_entries.is_empty() {
                view! { <p class="muted">{tr(K::PointsNoneMine)}</p> }.into_any()
            } else {
                view! { <ul class="points-entries">{p.my_entries.into_iter().map(entry_row).collect_view()}</ul> }.into_any()
            }}
            <label class="checkbox">
                <input type="checkbox" data-test="leave-leaderboard" prop:checked=hidden on:change=toggle/>
                {move || i18n.t(K::PointsHide)}
            </label>
            {hidden.then(|| view! { <p class="hint">{tr(K::PointsHiddenNote)}</p> })}
            <ErrorBox error/>
        </section>
    }
}

fn star_line(s: &StarView, i18n: crate::i18n::I18n) -> String {
    i18n.t(K::PointsStarLine)
        .replace("{points}", &s.points.to_string())
        .replace("{nominations}", &s.nominations.to_string())
}

#[component]
fn Stars(p: Page, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let nominee = RwSignal::new(p.nominated.or_else(|| p.nominees.first().map(|u| u.id)));
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(nominee_id) = nominee.get_untracked() else {
            return;
        };
        let input = Nomination {
            nominee_id,
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match nominate_star(input).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let last = p.last_star.clone();
    let leading = p.leading.clone();
    let nominated = p.nominated.and_then(|id| {
        p.nominees
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.display_name.clone())
    });
    view! {
        <section class="card points-stars" data-test="stars">
            <h2>{tr(K::PointsStar)}</h2>
            {last.map(|s| {
                let line = {
                    let s = s.clone();
                    move || star_line(&s, i18n)
                };
                view! {
                    <div class="star" data-test="last-star">
                        <span class="star-mark" aria-hidden="true">"★"</span>
                        <div>
                            <div class="muted small">{move || i18n.t(K::PointsStarOf).replace("{month}", &s.month)}</div>
                            <div class="strong">{s.user.display_name.clone()}</div>
                            <div class="muted small">{line}</div>
                        </div>
                    </div>
                }
            })}
            {match leading {
                Some(s) => {
                    let line = {
                        let s = s.clone();
                        move || star_line(&s, i18n)
                    };
                    view! {
                        <div class="star leading" data-test="leading">
                            <span class="star-mark" aria-hidden="true">"☆"</span>
                            <div>
                                <div class="muted small">{tr(K::PointsLeading)}</div>
                                <div class="strong">{s.user.display_name.clone()}</div>
                                <div class="muted small">{line}</div>
                            </div>
                        </div>
                    }.into_any()
                }
                None => view! { <p class="muted">{tr(K::PointsNoStar)}</p> }.into_any(),
            }}
            {p.can_nominate.then(|| view! {
                <form class="form points-nominate" on:submit=submit novalidate>
                    <h3>{tr(K::PointsNominate)}</h3>
                    {nominated.map(|name| view! { <p class="muted small" data-test="nominated">{move || i18n.t(K::PointsNominated).replace("{name}", &name)}</p> })}
                    <div class="field">
                        <label for="nominee">{tr(K::PointsNominee)}</label>
                        <select id="nominee" on:change=move |ev| nominee.set(event_target_value(&ev).parse().ok())>
                            {p.nominees.iter().map(|u| {
                                let id = u.id;
                                view! { <option value=id selected=move || nominee.get() == Some(id)>{u.display_name.clone()}</option> }
                            }).collect_view()}
                        </select>
                        <FieldError error field="nominee_id"/>
                    </div>
                    <div class="field">
                        <label for="nominate-reason">{tr(K::PointsWhy)}</label>
                        <input id="nominate-reason" maxlength="500" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                        <FieldError error field="reason"/>
                    </div>
                    <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
                    <button type="submit" class="btn btn-primary" data-test="nominate">{tr(K::PointsNominate)}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn Rules(p: Page) -> impl IntoView {
    let rules = RwSignal::new(p.rules.clone());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let manage = p.can_manage;
    let save = move |rule: PointRuleView| {
        saved.set(false);
        leptos::task::spawn_local(async move {
            match save_point_rule(rule).await {
                Ok(all) => {
                    error.set(None);
                    rules.set(all);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card points-rules" data-test="point-rules">
            <h2>{tr(K::PointRules)}</h2>
            <p class="hint">{tr(K::PointsRulesHint)}</p>
            <ul class="points-rule-list">
                {move || rules.get().into_iter().map(|r| {
                    let points = RwSignal::new(r.points.to_string());
                    let active = RwSignal::new(r.active);
                    let id = format!("rule-{}", r.rule.as_str());
                    view! {
                        <li class="points-rule" data-rule=r.rule.as_str() class:inactive=!r.active>
                            <span class="points-rule-name">{tr(r.rule.label())}</span>
                            {if manage {
                                view! {
                                    <span class="points-rule-edit">
                                        <input id=id.clone() type="number" inputmode="numeric" aria-label=move || use_i18n().t(r.rule.label()) prop:value=points on:input=move |ev| points.set(event_target_value(&ev))/>
                                        <label class="checkbox">
                                            <input type="checkbox" prop:checked=active on:change=move |ev| active.set(event_target_checked(&ev))/>
                                            {tr(K::PointsActive)}
                                        </label>
                                        <button type="button" class="btn btn-small" on:click=move |_| {
                                            let Ok(n) = points.get_untracked().trim().parse::<i32>() else {
                                                error.set(Some(AppError::invalid("points", K::ErrAmount)));
                                                return;
                                            };
                                            save(PointRuleView { rule: r.rule, points: n, active: active.get_untracked() });
                                        }>{tr(K::Save)}</button>
                                    </span>
                                }.into_any()
                            } else {
                                view! {
                                    <span class="points-rule-value">
                                        {if r.active { signed(i64::from(r.points)) } else { "—".to_string() }}
                                    </span>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <FieldError error field="points"/>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <Show when=move || saved.get()>
                <div class="alert alert-success" role="status">{tr(K::ReportSaved)}</div>
            </Show>
        </section>
    }
}

#[component]
fn Adjust(p: Page, reload: RwSignal<u32>) -> impl IntoView {
    let person = RwSignal::new(p.nominees.first().map(|u| u.id));
    let points = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user_id) = person.get_untracked() else {
            return;
        };
        let Ok(n) = points.get_untracked().trim().parse::<i32>() else {
            error.set(Some(AppError::invalid("points", K::ErrAmount)));
            return;
        };
        let input = PointAdjustment {
            user_id,
            points: n,
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match adjust_points(input).await {
                Ok(()) => {
                    error.set(None);
                    points.set(String::new());
                    reason.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="card form points-adjust" data-test="adjust-points" on:submit=submit novalidate>
            <h2>{tr(K::PointsAdjust)}</h2>
            <div class="field">
                <label for="adjust-person">{tr(K::PointsPerson)}</label>
                <select id="adjust-person" on:change=move |ev| person.set(event_target_value(&ev).parse().ok())>
                    {p.nominees.iter().map(|u| view! { <option value=u.id>{u.display_name.clone()}</option> }).collect_view()}
                </select>
                <FieldError error field="user_id"/>
            </div>
            <div class="field">
                <label for="adjust-points">{tr(K::PointsAdjustPoints)}</label>
                <input id="adjust-points" type="number" inputmode="numeric" prop:value=points on:input=move |ev| points.set(event_target_value(&ev))/>
                <FieldError error field="points"/>
            </div>
            <div class="field">
                <label for="adjust-reason">{tr(K::PointsReason)}</label>
                <input id="adjust-reason" maxlength="500" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                <FieldError error field="reason"/>
            </div>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <button type="submit" class="btn btn-primary">{tr(K::PointsAdjust)}</button>
        </form>
    }
}
