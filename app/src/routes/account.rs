//! The signed-in person's account: language, password, sign-out.
use leptos::prelude::*;

use crate::api::session::change_password;
use crate::api::settings::{my_notify_prefs, set_notify_prefs};
use crate::components::layout::{LanguageSwitch, Layout};
use crate::components::session::use_session;
use crate::components::ui::{form_level, ErrorBox, FieldError};
use crate::domain::policy::Action;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{NotifyChannel, NotifyPrefs, NotifyTopic, PasswordChange};
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
        <div class="card narrow-left">
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
        </div>
        <NotifyPrefsCard/>
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
    let loaded = Resource::new(|| (), |_| my_notify_prefs());
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
                _ => &mut p.muted,
            };
            list.retain(|t| *t != topic);
            // In the app the list is of topics turned off; by email, of topics wanted.
            if on == (channel == NotifyChannel::Email) {
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
            _ => !p.muted.contains(&topic),
        })
    };
    let email_note = if !ready {
        i18n.t(K::PrefsEmailOff).to_string()
    } else if address.is_empty() {
        i18n.t(K::PrefsNoAddress).to_string()
    } else {
        i18n.t(K::PrefsEmailTo).replace("{addr}", &address)
    };
    let channels = [NotifyChannel::InApp, NotifyChannel::Email];
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
        </section>
    }
}
