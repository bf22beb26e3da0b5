//! The conversions tab: the funnel of the campaign's website from a view to an order, the CRM's
//! conversions by kind and credited to the channels that brought them (first touch, last touch
//! or shared), and how data gets in without a file — API tokens and the tracking snippet.
use crate::loaded::load;
use leptos::prelude::*;

use super::project::use_project;
use crate::api::conversions::{
    create_api_token, get_connections, get_funnel, get_site_key, revoke_api_token,
};
use crate::components::charts::{bar_svg, funnel_svg, group_digits, FunnelStep, Series, SvgChart};
use crate::components::live_connection;
use crate::components::ui::{failed, format_date, parse_date, ErrorBox, Spinner};
use crate::domain::tracking::{step_rates, STEPS};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    ApiTokenInput, ApiTokenView, AttributionModel, Connections, ConversionKind, FunnelQuery,
    FunnelReport, Id, TokenScope,
};

#[derive(Clone, Copy)]
struct Controls {
    from: RwSignal<Option<chrono::NaiveDate>>,
    to: RwSignal<Option<chrono::NaiveDate>>,
    model: RwSignal<AttributionModel>,
    kind: RwSignal<ConversionKind>,
    reload: RwSignal<u32>,
}

/// What the token form holds. It lives with the tab, not the card: the card is drawn again
/// whenever the token list reloads (after this form's own creation, or someone else's), and a
/// secret shown only once must not vanish with it.
#[derive(Clone, Copy)]
struct TokenDraft {
    name: RwSignal<String>,
    scopes: RwSignal<Vec<TokenScope>>,
    created: RwSignal<Option<String>>,
}

impl TokenDraft {
    fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            scopes: RwSignal::new(vec![TokenScope::Metrics, TokenScope::Conversions]),
            created: RwSignal::new(None),
        }
    }
}

#[component]
pub fn ConversionsTab() -> impl IntoView {
    let ctx = use_project();
    let controls = Controls {
        from: RwSignal::new(None),
        to: RwSignal::new(None),
        model: RwSignal::new(AttributionModel::LastTouch),
        kind: RwSignal::new(ConversionKind::Order),
        reload: RwSignal::new(0),
    };
    let connections_reload = RwSignal::new(0u32);
    let draft = TokenDraft::new();
    let funnel = load(
        move || {
            (
                ctx.id.get(),
                controls.from.get(),
                controls.to.get(),
                controls.model.get(),
                controls.kind.get(),
                controls.reload.get(),
            )
        },
        move |(id, from, to, model, kind, _)| async move {
            match id {
                Some(project_id) => {
                    get_funnel(FunnelQuery {
                        project_id,
                        from,
                        to,
                        model,
                        kind,
                    })
                    .await
                }
                None => Err(AppError::NotFound),
            }
        },
    );
    let connections = load(
        move || (ctx.id.get(), connections_reload.get()),
        move |(id, _)| async move {
            match id {
                Some(project_id) => get_connections(project_id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    if let Some(live) = live_connection::use_live() {
        live.on_event(move |event| {
            if event.change.channel_data {
                controls.reload.update(|n| *n += 1);
            }
            if event.change.connections {
                connections_reload.update(|n| *n += 1);
            }
        });
    }
    view! {
        <div class="conversions">
            <Transition fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match funnel.await {
                        Err(e) => failed(e),
                        Ok(r) => view! { <FunnelCard r=r.clone() controls/> <AttributionCard r controls/> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match connections.await {
                        Err(e) => failed(e),
                        Ok(c) => view! { <ConnectCard c reload=connections_reload draft/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// A credited count: whole when it is (first and last touch), else to two places (linear).
fn count_text(n: f64) -> String {
    if n.fract().abs() < 1e-9 {
        format!("{n:.0}")
    } else {
        format!("{n:.2}")
    }
}

#[component]
fn FunnelCard(r: FunnelReport, controls: Controls) -> impl IntoView {
    let i18n = use_i18n();
    let steps = r.steps.clone();
    let rates = step_rates(&steps);
    let percent = |rate: Option<f64>| rate.map(|r| format!("{r:.1}%")).unwrap_or_default();
    let chart_steps = steps.clone();
    let chart_rates = rates.clone();
    let render = Callback::new(move |(width, height): (u32, u32)| {
        let locale = i18n.locale.get();
        let drawn: Vec<FunnelStep> = STEPS
            .iter()
            .zip(&chart_steps)
            .zip(&chart_rates)
            .map(|((kind, count), rate)| FunnelStep {
                label: kind.label().text(locale).to_string(),
                count: *count,
                note: percent(*rate),
            })
            .collect();
        funnel_svg(&drawn, width, height)
    });
    let empty = steps.first().copied().unwrap_or(0) == 0;
    view! {
        <section class="card funnel-card">
            <div class="report-head">
                <h3>{tr(K::FunnelTitle)}</h3>
                <span class="muted">{format!("{} → {}", r.from, r.to)}</span>
            </div>
            <div class="report-controls">
                <label class="field">
                    <span>{tr(K::DateFrom)}</span>
                    <input type="date" data-test="funnel-from" prop:value=format_date(Some(r.from)) on:change=move |ev| controls.from.set(parse_date(&event_target_value(&ev)))/>
                </label>
                <label class="field">
                    <span>{tr(K::DateTo)}</span>
                    <input type="date" data-test="funnel-to" prop:value=format_date(Some(r.to)) on:change=move |ev| controls.to.set(parse_date(&event_target_value(&ev)))/>
                </label>
            </div>
            {if empty {
                view! { <p class="empty-state">{tr(K::NoEvents)}</p> }.into_any()
            } else {
                view! {
                    <SvgChart render label=i18n.t(K::FunnelTitle) class="funnel-svg" height=230 export="marquee-funnel"/>
                    <div class="table-scroll">
                        <table class="table funnel-table" data-test="funnel">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(K::FunnelStepHead)}</th>
                                    <th scope="col" class="num">{tr(K::FunnelVisitors)}</th>
                                    <th scope="col" class="num">{tr(K::OfStepBefore)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {STEPS.iter().zip(steps).zip(rates).map(|((kind, count), rate)| view! {
                                    <tr>
                                        <th scope="row">{tr(kind.label())}</th>
                                        <td class="num">{group_digits(count)}</td>
                                        <td class="num muted">{percent(rate)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn AttributionCard(r: FunnelReport, controls: Controls) -> impl IntoView {
    let i18n = use_i18n();
    let currency = r.currency;
    let total: f64 = r.credits.iter().map(|c| c.conversions).sum();
    let credits = r.credits.clone();
    let chart_credits = credits.clone();
    let channel_name = move |c: Option<crate::model::Channel>| -> &'static str {
        i18n.t(c.map(|c| c.label()).unwrap_or(K::Unattributed))
    };
    let render = Callback::new(move |(width, height): (u32, u32)| {
        let labels: Vec<String> = chart_credits
            .iter()
            .map(|c| channel_name(c.channel).to_string())
            .collect();
        let values: Vec<Option<f64>> = chart_credits.iter().map(|c| Some(c.conversions)).collect();
        let format = |v: f64| format!("{v:.1}");
        bar_svg(
            &Series {
                labels: &labels,
                values: &values,
                format: &format,
            },
            width,
            height,
        )
    });
    let chart_height = (credits.len() as u32 * 30 + 50).max(140);
    let money =
        move |minor: f64| crate::domain::money::format_amount(minor.round() as i64, currency);
    view! {
        <section class="card attribution-card">
            <h3>{tr(K::AttributionTitle)}</h3>
            <div class="report-tiles">
                {ConversionKind::ALL.iter().map(|k| {
                    let (n, v) = r.conversions.iter().find(|(kind, _, _)| kind == k).map(|(_, n, v)| (*n, *v)).unwrap_or((0, 0));
                    view! {
                        <div class="report-tile" data-test=format!("conversions-{}", k.as_str())>
                            <span class="stat-label">{tr(k.label())}</span>
                            <span class="stat-value">{group_digits(n)}</span>
                            <span class="muted">{crate::domain::money::format_amount(v, currency)}</span>
                        </div>
                    }
                }).collect_view()}
                <div class="report-tile unconfirmed" data-test="browser-orders" title=move || i18n.t(K::BrowserOrdersHint)>
                    <span class="stat-label">{tr(K::BrowserOrders)}</span>
                    <span class="stat-value">{group_digits(r.browser_orders.0)}</span>
                    <span class="muted">{crate::domain::money::format_amount(r.browser_orders.1, currency)} " · " {tr(K::Unconfirmed)}</span>
                </div>
            </div>
            <div class="report-controls">
                <label class="field">
                    <span>{tr(K::ConversionKindLabel)}</span>
                    <select data-test="conversion-kind" on:change=move |ev| if let Some(k) = ConversionKind::parse(&event_target_value(&ev)) { controls.kind.set(k) }>
                        {ConversionKind::ALL.iter().map(|k| { let k = *k; view! { <option value=k.as_str() selected=k == r.kind>{tr(k.label())}</option> } }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr(K::AttributionModelLabel)}</span>
                    <select data-test="attribution-model" on:change=move |ev| if let Some(m) = AttributionModel::parse(&event_target_value(&ev)) { controls.model.set(m) }>
                        {AttributionModel::ALL.iter().map(|m| { let m = *m; view! { <option value=m.as_str() selected=m == r.model>{tr(m.label())}</option> } }).collect_view()}
                    </select>
                </label>
            </div>
            {if credits.is_empty() {
                view! { <p class="empty-state">{tr(K::NoConversions)}</p> }.into_any()
            } else {
                view! {
                    <SvgChart render label=i18n.t(K::AttributionTitle) class="report-svg" height=chart_height export="marquee-attribution"/>
                    <div class="table-scroll">
                        <table class="table" data-test="attribution">
                            <thead>
                                <tr>
                                    <th>{tr(K::Channel)}</th>
                                    <th class="num">{tr(K::CreditedConversions)}</th>
                                    <th class="num">{tr(K::CreditedValue)}</th>
                                    <th class="num">{tr(K::ShareOfTotal)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {credits.into_iter().map(|c| {
                                    let share = if total > 0.0 { c.conversions * 100.0 / total } else { 0.0 };
                                    view! {
                                        <tr>
                                            <th scope="row">{move || channel_name(c.channel)}</th>
                                            <td class="num">{count_text(c.conversions)}</td>
                                            <td class="num">{money(c.value)}</td>
                                            <td class="num">{format!("{share:.1}%")}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Puts text on the clipboard, then says so on the button for a moment.
fn copy(text: String, copied: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
            copied.set(true);
            set_timeout(
                move || copied.set(false),
                std::time::Duration::from_millis(1500),
            );
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (text, copied);
}

#[component]
fn CopyButton(#[prop(into)] text: Signal<String>, #[prop(into)] test: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    view! {
        <button class="btn small" data-test=test on:click=move |_| copy(text.get(), copied)>
            {move || if copied.get() { tr(K::Copied) } else { tr(K::CopyText) }}
        </button>
    }
}

#[component]
fn ConnectCard(c: Connections, reload: RwSignal<u32>, draft: TokenDraft) -> impl IntoView {
    let project_id = c.project_id;
    let can_manage = c.can_manage;
    // The address this page came from, for the snippet and the examples.
    let origin = RwSignal::new(String::new());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(o) = web_sys::window().and_then(|w| w.location().origin().ok()) {
            origin.set(o);
        }
    });
    let site_key = RwSignal::new(c.site_key.clone());
    let key_error = RwSignal::new(None::<AppError>);
    let show_snippet = move |_| {
        leptos::task::spawn_local(async move {
            match get_site_key(project_id).await {
                Ok(k) => site_key.set(Some(k)),
                Err(e) => key_error.set(Some(e)),
            }
        });
    };
    let snippet = Signal::derive(move || {
        site_key
            .get()
            .map(|k| {
                format!(
                    "<script async src=\"{}/api/v1/track.js\" data-site=\"{k}\"></script>",
                    origin.get()
                )
            })
            .unwrap_or_default()
    });
    let example = Signal::derive(move || {
        format!(
            "curl -X POST {}/api/v1/projects/{project_id}/conversions \\\n  -H 'Authorization: Bearer mq_…' -H 'Content-Type: application/json' \\\n  -d '{{\"conversions\": [{{\"kind\": \"order\", \"id\": \"SO-1001\", \"occurred_at\": \"2026-11-03T10:15:00+08:00\", \"value\": \"1,299.00\", \"utm_source\": \"douyin\"}}]}}'",
            origin.get()
        )
    });
    view! {
        <section class="card connect-card">
            <h3>{tr(K::ConnectTitle)}</h3>
            <h4>{tr(K::ApiTokens)}</h4>
            <p class="hint">{tr(K::ApiTokensHint)}</p>
            {can_manage.then(|| view! { <TokenForm project_id reload draft/> })}
            {if c.tokens.is_empty() {
                (can_manage).then(|| view! { <p class="muted">{tr(K::NoTokens)}</p> }).into_any()
            } else {
                view! { <TokenTable tokens=c.tokens.clone() can_manage reload/> }.into_any()
            }}
            <p>
                <a href="/api/v1/openapi.json" target="_blank" rel="noopener" data-test="openapi-link">{tr(K::ApiReference)}</a>
            </p>
            <pre class="code-block" data-test="api-example">{move || example.get()}</pre>
            <h4>{tr(K::TrackingTitle)}</h4>
            <p class="hint">{tr(K::TrackingHint)}</p>
            {move || match site_key.get() {
                Some(_) => view! {
                    <div class="snippet">
                        <pre class="code-block" data-test="snippet">{move || snippet.get()}</pre>
                        <CopyButton text=snippet test="copy-snippet"/>
                        <p class="hint">{tr(K::TrackingCalls)}</p>
                    </div>
                }.into_any(),
                None if can_manage => view! {
                    <button class="btn" data-test="show-snippet" on:click=show_snippet>{tr(K::GetSnippet)}</button>
                }.into_any(),
                None => ().into_any(),
            }}
            <ErrorBox error=key_error/>
        </section>
    }
}

#[component]
fn TokenForm(project_id: Id, reload: RwSignal<u32>, draft: TokenDraft) -> impl IntoView {
    let TokenDraft {
        name,
        scopes,
        created,
    } = draft;
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let i18n = use_i18n();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let input = ApiTokenInput {
            project_id,
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match create_api_token(input).await {
                Ok(t) => {
                    error.set(None);
                    name.set(String::new());
                    created.set(Some(t.secret));
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let secret = Signal::derive(move || created.get().unwrap_or_default());
    view! {
        <form class="token-form" on:submit=submit>
            <label class="field">
                <span>{tr(K::TokenName)}</span>
                <input type="text" data-test="token-name" maxlength="80" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                {move || error.with(|e| e.as_ref().and_then(|e| e.field_message("name", i18n.locale.get()))).map(|m| view! { <span class="field-error">{m}</span> })}
            </label>
            <fieldset class="field scopes">
                <legend>{tr(K::TokenScopes)}</legend>
                {TokenScope::ALL.iter().map(|s| { let s = *s; view! {
                    <label class="check">
                        <input type="checkbox" data-test=format!("scope-{}", s.as_str())
                            prop:checked=move || scopes.with(|v| v.contains(&s))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                scopes.update(|v| { v.retain(|x| *x != s); if on { v.push(s); } });
                            }/>
                        {tr(s.label())}
                    </label>
                }}).collect_view()}
                {move || error.with(|e| e.as_ref().and_then(|e| e.field_message("scopes", i18n.locale.get()))).map(|m| view! { <span class="field-error">{m}</span> })}
            </fieldset>
            <button type="submit" class="btn btn-primary" data-test="create-token" disabled=move || busy.get()>{tr(K::CreateToken)}</button>
        </form>
        {move || error.with(|e| e.as_ref().is_some_and(|e| !matches!(e, AppError::Invalid(_)))).then(|| view! { <ErrorBox error/> })}
        {move || created.get().map(|s| view! {
            <div class="alert alert-info new-token" role="status">
                <p>{tr(K::TokenCreated)}</p>
                <code data-test="token-secret">{s}</code>
                <CopyButton text=secret test="copy-token"/>
            </div>
        })}
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiTokenView>, can_manage: bool, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let revoke = move |id: Id| {
        leptos::task::spawn_local(async move {
            match revoke_api_token(id).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let when = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d %H:%M").to_string();
    view! {
        <ErrorBox error/>
        <div class="table-scroll">
            <table class="table token-table" data-test="tokens">
                <thead>
                    <tr>
                        <th>{tr(K::TokenName)}</th>
                        <th>{tr(K::TokenScopes)}</th>
                        <th>{tr(K::LastUsed)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {tokens.into_iter().map(|t| {
                        let revoked = t.revoked_at.is_some();
                        let scopes = t.scopes.clone();
                        let id = t.id;
                        view! {
                            <tr class:revoked=revoked>
                                <td>
                                    <div>{t.name.clone()}</div>
                                    <small class="muted"><code>{format!("{}…", t.prefix)}</code>" · "{t.created_by.display_name.clone()}" · "{when(t.created_at)}</small>
                                </td>
                                <td>{move || scopes.iter().map(|s| i18n.t(s.label())).collect::<Vec<_>>().join(" · ")}</td>
                                <td>{match t.last_used_at { Some(at) => when(at).into_any(), None => tr(K::NeverUsed).into_any() }}</td>
                                <td class="num">
                                    {if revoked {
                                        view! { <span class="badge">{tr(K::TokenRevoked)}</span> }.into_any()
                                    } else if can_manage {
                                        view! { <button class="btn small btn-danger" data-test="revoke-token" on:click=move |_| revoke(id)>{tr(K::RevokeToken)}</button> }.into_any()
                                    } else {
                                        ().into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
