use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::session::setup;
use crate::components::layout::LanguageSwitch;
use crate::components::session::{hard_navigate, use_session};
use crate::components::ui::{form_level, ErrorBox, FieldError, Spinner};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{DemoAccount, SetupInput};

#[component]
pub fn SetupPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Suspense fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match session.0.await {
                    Ok(info) if !info.needs_setup => view! { <Redirect path="/"/> }.into_any(),
                    _ => view! { <SetupForm/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SetupForm() -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let load_demo = RwSignal::new(true);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let accounts = RwSignal::new(None::<Vec<DemoAccount>>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SetupInput {
            username: username.get_untracked().trim().to_lowercase(),
            display_name: display_name.get_untracked(),
            password: password.get_untracked(),
            load_demo: load_demo.get_untracked(),
        };
        if let Err(problems) = crate::domain::validate::setup(&input) {
            error.set(Some(AppError::Invalid(problems)));
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            match setup(input).await {
                Ok(demo) if demo.is_empty() => hard_navigate("/"),
                Ok(demo) => accounts.set(Some(demo)),
                Err(e) => {
                    pending.set(false);
                    error.set(Some(e));
                }
            }
        });
    };

    view! {
        <main class="centered auth-page">
            <Show
                when=move || accounts.with(|a| a.is_some())
                fallback=move || view! {
                    <form class="card narrow form" on:submit=submit novalidate>
                        <div class="auth-head">
                            <span class="brand-mark big">"M"</span>
                            <div>
                                <h1>{tr(K::SetupTitle)}</h1>
                                <p class="muted">{tr(K::SetupIntro)}</p>
                            </div>
                        </div>
                        <div class="field">
                            <label for="setup-username">{tr(K::Username)}</label>
                            <input id="setup-username" name="username" autocomplete="username" autocapitalize="none" prop:value=username on:input=move |ev| username.set(event_target_value(&ev))/>
                            <FieldError error=error field="username"/>
                        </div>
                        <div class="field">
                            <label for="setup-display-name">{tr(K::DisplayName)}</label>
                            <input id="setup-display-name" name="display_name" prop:value=display_name on:input=move |ev| display_name.set(event_target_value(&ev))/>
                            <FieldError error=error field="display_name"/>
                        </div>
                        <div class="field">
                            <label for="setup-password">{tr(K::Password)}</label>
                            <input id="setup-password" name="password" type="password" autocomplete="new-password" prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                            <FieldError error=error field="password"/>
                        </div>
                        <label class="checkbox">
                            <input id="setup-demo" type="checkbox" prop:checked=load_demo on:change=move |ev| load_demo.set(event_target_checked(&ev))/>
                            {tr(K::SetupDemo)}
                        </label>
                        <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
                        <div class="form-actions spread">
                            <LanguageSwitch/>
                            <button type="submit" class="btn btn-primary" disabled=pending>{tr(K::SetupSubmit)}</button>
                        </div>
                    </form>
                }
            >
                <div class="card narrow">
                    <h1>{tr(K::SetupDone)}</h1>
                    <p>{tr(K::SetupDemoAccounts)}</p>
                    <table class="table demo-accounts">
                        <thead><tr><th>{tr(K::DisplayName)}</th><th>{tr(K::Username)}</th><th>{tr(K::Role)}</th><th>{tr(K::Password)}</th></tr></thead>
                        <tbody>
                            {move || accounts.get().unwrap_or_default().into_iter().map(|a| view! {
                                <tr>
                                    <td>{a.display_name}</td>
                                    <td><code>{a.username}</code></td>
                                    <td>{move || i18n.t(a.role.label())}</td>
                                    <td><code>{a.password}</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="form-actions">
                        <button class="btn btn-primary" on:click=move |_| hard_navigate("/")>{tr(K::Continue)}</button>
                    </div>
                </div>
            </Show>
        </main>
    }
}
