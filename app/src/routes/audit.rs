//! The audit log, for administrators: filter by record type, action and person.
use crate::loaded::load;
use leptos::prelude::*;

use crate::api::audit::{list_audit, verify_audit};
use crate::api::users::list_users;
use crate::components::layout::Layout;
use crate::components::ui::{failed, Spinner};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{AuditAction, AuditChain, AuditEntity, AuditFilter};

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Layout>
            <Audit/>
        </Layout>
    }
}

#[component]
fn Audit() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(AuditFilter::default());
    let entries = load(move || filter.get(), list_audit);
    let users = load(|| (), |_| list_users());
    view! {
        <div class="page-head">
            <h1>{tr(K::AuditTitle)}</h1>
            <ChainCheck/>
        </div>
        <div class="toolbar">
            <select aria-label=tr(K::AuditEntity) on:change=move |ev| filter.update(|f| { f.entity = AuditEntity::parse(&event_target_value(&ev)); f.page = 0; })>
                <option value="">{tr(K::AuditEntity)} ": " {tr(K::All)}</option>
                {AuditEntity::ALL.iter().map(|e| view! { <option value=e.as_str()>{tr(e.label())}</option> }).collect_view()}
            </select>
            <select aria-label=tr(K::AuditAction) on:change=move |ev| filter.update(|f| { f.action = AuditAction::parse(&event_target_value(&ev)); f.page = 0; })>
                <option value="">{tr(K::AuditAction)} ": " {tr(K::All)}</option>
                {AuditAction::ALL.iter().map(|a| view! { <option value=a.as_str()>{tr(a.label())}</option> }).collect_view()}
            </select>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let people = users.await.unwrap_or_default();
                    view! {
                        <select aria-label=tr(K::AuditWho) on:change=move |ev| filter.update(|f| { f.actor_id = event_target_value(&ev).parse().ok(); f.page = 0; })>
                            <option value="">{tr(K::AuditWho)} ": " {tr(K::All)}</option>
                            {people.into_iter().map(|u| view! { <option value=u.id>{u.display_name}</option> }).collect_view()}
                        </select>
                    }
                })}
            </Transition>
        </div>
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(e) => failed(e),
                    Ok(page) => {
                        let pages = page.total.div_ceil(u64::from(page.page_size)).max(1);
                        let current = u64::from(filter.get_untracked().page);
                        view! {
                            <div class="table-wrap">
                                <table class="table responsive audit-table">
                                    <thead><tr><th>{tr(K::AuditWhen)}</th><th>{tr(K::AuditWho)}</th><th>{tr(K::AuditEntity)}</th><th>{tr(K::AuditAction)}</th><th>{tr(K::AuditChange)}</th></tr></thead>
                                    <tbody>
                                        {if page.entries.is_empty() {
                                            view! { <tr><td colspan="5" class="empty">{tr(K::AuditEmpty)}</td></tr> }.into_any()
                                        } else {
                                            page.entries.into_iter().map(|e| view! {
                                                <tr class="audit-row">
                                                    <td data-label=move || i18n.t(K::AuditWhen)>{e.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                                    <td data-label=move || i18n.t(K::AuditWho)>{match e.actor { Some(a) => a.display_name.into_any(), None => tr(K::System).into_any() }}</td>
                                                    <td data-label=move || i18n.t(K::AuditEntity)><span>{tr(e.entity.label())} " " <code>{format!("#{}", e.entity_id)}</code></span></td>
                                                    <td data-label=move || i18n.t(K::AuditAction)>
                                                        <span class="chip">{tr(e.action.label())}</span>
                                                        {e.address.map(|address| view! {
                                                            <div class="muted small audit-from" title=e.agent.unwrap_or_default()>{tr(K::AuditFrom)} " " {address}</div>
                                                        })}
                                                    </td>
                                                    <td data-label=move || i18n.t(K::AuditChange)>
                                                        {if e.before.is_none() && e.after.is_none() {
                                                            view! { <span class="muted">"—"</span> }.into_any()
                                                        } else {
                                                            view! {
                                                                <details>
                                                                    <summary>{tr(K::AuditChange)}</summary>
                                                                    {e.before.map(|b| view! { <div class="diff"><strong>{tr(K::AuditBefore)}</strong><pre>{b}</pre></div> })}
                                                                    {e.after.map(|a| view! { <div class="diff"><strong>{tr(K::AuditAfter)}</strong><pre>{a}</pre></div> })}
                                                                </details>
                                                            }.into_any()
                                                        }}
                                                    </td>
                                                </tr>
                                            }).collect_view().into_any()
                                        }}
                                    </tbody>
                                </table>
                            </div>
                            <div class="pager">
                                <button class="btn" disabled={current == 0} on:click=move |_| filter.update(|f| f.page = f.page.saturating_sub(1))>{tr(K::Previous)}</button>
                                <span>{format!("{} / {}", current + 1, pages)}</span>
                                <button class="btn" disabled={current + 1 >= pages} on:click=move |_| filter.update(|f| f.page += 1)>{tr(K::Next)}</button>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Checks the log's chain on demand and says what it found.
#[component]
fn ChainCheck() -> impl IntoView {
    let i18n = use_i18n();
    let result = RwSignal::new(None::<Result<AuditChain, AppError>>);
    let busy = RwSignal::new(false);
    let check = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            result.set(Some(verify_audit().await));
            busy.set(false);
        });
    };
    view! {
        <div class="chain-check">
            <button class="btn" data-test="verify-audit" disabled=move || busy.get() on:click=check>{tr(K::AuditChainVerify)}</button>
            {move || result.get().map(|r| match r {
                Ok(chain) => {
                    let (class, text) = match (chain.broken_at, chain.truncated) {
                        (Some(id), _) => ("alert alert-error", i18n.t(K::AuditChainBroken).replace("{n}", &id.to_string())),
                        (None, true) => ("alert alert-error", i18n.t(K::AuditChainTruncated).to_string()),
                        (None, false) => ("alert alert-success", i18n.t(K::AuditChainWhole).replace("{n}", &chain.checked.to_string())),
                    };
                    let head: String = chain.head.chars().take(16).collect();
                    view! {
                        <div class=class role="status" data-test="audit-chain">
                            <span>{text}</span>
                            <span class="muted small">{tr(K::AuditChainHead)} ": " <code>{head}</code></span>
                        </div>
                    }.into_any()
                }
                Err(e) => view! { <div class="alert alert-error" role="alert">{move || e.message(i18n.locale.get())}</div> }.into_any(),
            })}
        </div>
    }
}
