use leptos::prelude::*;

use crate::api::session::login;
use crate::components::layout::LanguageSwitch;
use crate::components::session::hard_navigate;
use crate::components::ui::ErrorBox;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        leptos::task::spawn_local(async move {
            match login(username.get_untracked(), password.get_untracked()).await {
                Ok(()) => hard_navigate("/"),
                Err(e) => {
                    pending.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <main class="centered auth-page">
            <form class="card narrow form" on:submit=submit>
                <div class="auth-head">
                    <span class="brand-mark big">"M"</span>
                    <div>
                        <h1>{tr(K::SignIn)}</h1>
                        <p class="muted">{tr(K::Tagline)}</p>
                    </div>
                </div>
                <div class="field">
                    <label for="login-username">{tr(K::Username)}</label>
                    <input id="login-username" name="username" autocomplete="username" autocapitalize="none" prop:value=username on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="login-password">{tr(K::Password)}</label>
                    <input id="login-password" name="password" type="password" autocomplete="current-password" prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <ErrorBox error=error/>
                <div class="form-actions spread">
                    <LanguageSwitch/>
                    <button type="submit" class="btn btn-primary" disabled=pending>
                        {move || if pending.get() { i18n.t(K::SigningIn) } else { i18n.t(K::SignIn) }}
                    </button>
                </div>
            </form>
        </main>
    }
}
