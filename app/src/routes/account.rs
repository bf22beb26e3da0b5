//! The signed-in person's account: language, theme, notifications and devices, installing the
//! app, password, sign-out.
use crate::loaded::load;
use leptos::prelude::*;

use crate::api::session::change_password;
use crate::api::settings::{
    my_notify_prefs, push_public_key, set_notify_prefs, subscribe_push, test_push, unsubscribe_push,
};
use crate::components::install::InstallCard;
use crate::components::layout::{LanguageSwitch, Layout, ThemeSwitch};
use crate::components::push_device::{self, Refusal};
use crate::components::session::use_session;
use crate::components::ui::{form_level, ErrorBox, FieldError};
use crate::domain::policy::Action;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{NotifyChannel, NotifyPrefs, NotifyTopic, PasswordChange, PushDevice};
use leptos_router::components::A;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Layout>
            <Account/>
        </Layout>
    }
}

#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        leptos::task::spawn_local(async move {
            match change_password(PasswordChange {
                current: current.get_untracked(),
                new: new.get_untracked(),
            })
            .await
            {
                Ok(()) => {
                    error.set(None);
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="page-head"><h1>{tr(K::AccountTitle)}</h1></div>
        <div class="card narrow-left account-card">
            {move || session.user().map(|u| view! {
                <dl class="facts">
                    <dt>{tr(K::DisplayName)}</dt><dd>{u.display_name}</dd>
                    <dt>{tr(K::Username)}</dt><dd><code>{u.username}</code></dd>
                    <dt>{tr(K::Role)}</dt><dd>{move || i18n.t(u.role.label())}</dd>
                </dl>
            })}
            <div class="field">
                <label>{tr(K::Language)}</label>
                <LanguageSwitch/>
            </div>
            <div class="field">
                <label>{tr(K::Appearance)}</label>
                <ThemeSwitch/>
                <p class="muted small">{tr(K::ThemeHint)}</p>
            </div>
        </div>
        <NotifyPrefsCard/>
        <InstallCard/>
        <nav class="card narrow-left admin-links more-links" aria-label=move || i18n.t(K::MoreLinks)>
            <h3>{tr(K::MoreLinks)}</h3>
            <A href="/performance">{tr(K::Performance)}</A>
            <Show when=move || session.can(Action::ReadPmo)>
                <A href="/pmo">{tr(K::Pmo)}</A>
            </Show>
            <Show when=move || session.can(Action::CreateProject)>
                <A href="/templates">{tr(K::NavTemplates)}</A>
            </Show>
        </nav>
        <Show when=move || session.can(Action::ManageUsers)>
            <nav class="card narrow-left admin-links" aria-label=move || i18n.t(K::Administration)>
                <h3>{tr(K::Administration)}</h3>
                <A href="/admin/users">{tr(K::NavUsers)}</A>
                <A href="/admin/audit">{tr(K::NavAudit)}</A>
                <A href="/admin/settings">{tr(K::NavSettings)}</A>
            </nav>
        </Show>
        <form class="card form narrow-left" on:submit=submit novalidate>
            <h3>{tr(K::ChangePassword)}</h3>
            <div class="field">
                <label for="current-password">{tr(K::CurrentPassword)}</label>
                <input id="current-password" type="password" autocomplete="current-password" prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
                <FieldError error=error field="current"/>
            </div>
            <div class="field">
                <label for="new-password">{tr(K::NewPassword)}</label>
                <input id="new-password" type="password" autocomplete="new-password" prop:value=new on:input=move |ev| new.set(event_target_value(&ev))/>
                <FieldError error=error field="new"/>
            </div>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <Show when=move || done.get()>
                <div class="alert alert-success">{tr(K::PasswordChanged)}</div>
            </Show>
            <div class="form-actions"><button type="submit" class="btn btn-primary">{tr(K::ChangePassword)}</button></div>
        </form>
    }
}

/// Which topics reach the person's notifications: each on until turned off, saved as it changes.
#[component]
fn NotifyPrefsCard() -> impl IntoView {
    let loaded = load(|| (), |_| my_notify_prefs());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded.await.ok().map(|prefs| view! { <PrefsForm prefs/> })
            })}
        </Transition>
    }
}

#[component]
fn PrefsForm(prefs: NotifyPrefs) -> impl IntoView {
    let i18n = use_i18n();
    let address = prefs.email_address.clone();
    let ready = prefs.email_ready;
    let prefs = RwSignal::new(prefs);
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let toggle = move |topic: NotifyTopic, channel: NotifyChannel, on: bool| {
        prefs.update(|p| {
            let list = match channel {
                NotifyChannel::Email => &mut p.email,
                NotifyChannel::Push => p.push.get_or_insert_with(Vec::new),
                NotifyChannel::InApp => &mut p.muted,
            };
            list.retain(|t| *t != topic);
            // In the app the list is of topics turned off; by email and push, of topics wanted.
            if on == (channel != NotifyChannel::InApp) {
                list.push(topic);
            }
        });
        saved.set(false);
        leptos::task::spawn_local(async move {
            match set_notify_prefs(prefs.get_untracked()).await {
                Ok(now) => {
                    prefs.set(now);
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let wants = move |topic: NotifyTopic, channel: NotifyChannel| {
        prefs.with(|p| match channel {
            NotifyChannel::Email => p.email.contains(&topic),
            NotifyChannel::Push => p.push.as_ref().is_some_and(|l| l.contains(&topic)),
            NotifyChannel::InApp => !p.muted.contains(&topic),
        })
    };
    let email_note = if !ready {
        i18n.t(K::PrefsEmailOff).to_string()
    } else if address.is_empty() {
        i18n.t(K::PrefsNoAddress).to_string()
    } else {
        i18n.t(K::PrefsEmailTo).replace("{addr}", &address)
    };
    let channels = [
        NotifyChannel::InApp,
        NotifyChannel::Email,
        NotifyChannel::Push,
    ];
    let devices = RwSignal::new(prefs.get_untracked().devices);
    view! {
        <section class="card narrow-left notify-prefs">
            <h3>{tr(K::NotifyPrefsTitle)}</h3>
            <p class="muted small">{tr(K::NotifyPrefsHint)}</p>
            <p class="muted small email-note">{email_note}</p>
            <table class="prefs-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(K::NotifyTopicColumn)}</th>
                        {channels.iter().map(|c| view! { <th scope="col" class="prefs-channel">{tr(c.label())}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {NotifyTopic::ALL.iter().map(|topic| {
                        let topic = *topic;
                        view! {
                            <tr class="pref" data-topic=topic.as_str()>
                                <th scope="row">{tr(topic.label())}</th>
                                {channels.iter().map(|channel| {
                                    let channel = *channel;
                                    let off = channel == NotifyChannel::Email && !ready;
                                    view! {
                                        <td class="prefs-channel">
                                            <input type="checkbox" data-channel=channel.as_str()
                                                disabled=off
                                                aria-label=move || format!("{} · {}", i18n.t(topic.label()), i18n.t(channel.label()))
                                                prop:checked=move || wants(topic, channel)
                                                on:change=move |ev| toggle(topic, channel, event_target_checked(&ev))/>
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <ErrorBox error/>
            <Show when=move || saved.get()>
                <p class="muted small prefs-saved" role="status">{tr(K::PrefsSaved)}</p>
            </Show>
            <PushDevices devices/>
        </section>
    }
}

/// The devices that get pushes: this one allowed or not, the others removable, a test push.
#[component]
fn PushDevices(devices: RwSignal<Vec<PushDevice>>) -> impl IntoView {
    let i18n = use_i18n();
    // This browser's subscription, known once the page runs in it.
    let here = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let note = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            here.set(push_device::current_endpoint().await);
        });
    });
    let this_one = move || {
        here.get()
            .is_some_and(|e| devices.with(|d| d.iter().any(|x| x.endpoint == e)))
    };
    let allow = move |_| {
        busy.set(true);
        note.set(None);
        error.set(None);
        leptos::task::spawn_local(async move {
            let outcome = async {
                let key = push_public_key().await.map_err(Err)?;
                let input = push_device::subscribe(&key).await.map_err(Ok)?;
                let endpoint = input.endpoint.clone();
                let now = subscribe_push(input).await.map_err(Err)?;
                Ok::<_, Result<Refusal, AppError>>((endpoint, now))
            }
            .await;
            match outcome {
                Ok((endpoint, now)) => {
                    here.set(Some(endpoint));
                    devices.set(now);
                }
                Err(Ok(refusal)) => note.set(Some(match refusal {
                    Refusal::Unsupported => i18n.t(K::PushUnsupported).to_string(),
                    Refusal::Denied => i18n.t(K::PushDenied).to_string(),
                    Refusal::Failed(reason) => i18n.t(K::PushFailed).replace("{reason}", &reason),
                })),
                Err(Err(e)) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let remove = move |device: PushDevice| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match unsubscribe_push(device.id).await {
                Ok(now) => {
                    if here.get_untracked().as_deref() == Some(device.endpoint.as_str()) {
                        push_device::unsubscribe_here().await;
                        here.set(None);
                    }
                    devices.set(now);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let test = move |_| {
        note.set(None);
        error.set(None);
        leptos::task::spawn_local(async move {
            match test_push().await {
                Ok(n) => note.set(Some(
                    i18n.t(K::PushTestQueued).replace("{n}", &n.to_string()),
                )),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="push-devices">
            <h4>{tr(K::PushDevices)}</h4>
            <Show when=move || devices.with(Vec::is_empty)>
                <p class="muted small">{tr(K::PushNone)}</p>
            </Show>
            <ul class="device-list">
                <For each=move || devices.get() key=|d| (d.id, d.last_ok_at) let:device>
                    {
                        let endpoint = device.endpoint.clone();
                        let mine = move || here.get().as_deref() == Some(endpoint.as_str());
                        let reached = device.last_ok_at;
                        let shown = device.clone();
                        view! {
                            <li class="device" data-device=device.id>
                                <span class="device-name">{device.agent.clone()}</span>
                                <Show when=mine.clone()>
                                    <span class="device-here">{tr(K::PushThisDevice)}</span>
                                </Show>
                                <span class="muted small">{move || match reached {
                                    Some(at) => i18n.t(K::PushLastOk).replace("{when}", &at.format("%Y-%m-%d %H:%M").to_string()),
                                    None => i18n.t(K::PushNever).to_string(),
                                }}</span>
                                <button type="button" class="btn btn-text small danger device-remove"
                                    on:click=move |_| remove(shown.clone())>
                                    {tr(K::PushRemove)}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="form-actions">
                <Show when=move || !this_one()>
                    <button type="button" class="btn push-allow" disabled=move || busy.get() on:click=allow>
                        {tr(K::PushAllow)}
                    </button>
                </Show>
                <Show when=move || !devices.with(Vec::is_empty)>
                    <button type="button" class="btn push-test" on:click=test>{tr(K::PushTest)}</button>
                </Show>
            </div>
            {move || note.get().map(|n| view! { <p class="muted small push-note" role="status">{n}</p> })}
            <ErrorBox error/>
        </div>
    }
}
