//! People administration: create accounts, change roles, deactivate.
use crate::loaded::load;
use leptos::prelude::*;

use crate::api::users::{create_user, list_users, update_user};
use crate::components::layout::Layout;
use crate::components::ui::{failed, form_level, ErrorBox, FieldError, Spinner};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{NewUserInput, OrgRole, UserUpdate, UserView};

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <Layout>
            <Users/>
        </Layout>
    }
}

#[component]
fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let users = load(move || reload.get(), |_| list_users());
    let error = RwSignal::new(None::<AppError>);
    let change = move |update: UserUpdate| {
        leptos::task::spawn_local(async move {
            match update_user(update).await {
                Ok(_) => {
                    error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="page-head"><h1>{tr(K::UsersTitle)}</h1></div>
        <NewUserForm on_created=Callback::new(move |_| reload.update(|n| *n += 1))/>
        <ErrorBox error=error/>
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match users.await {
                    Err(e) => failed(e),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table responsive users-table">
                                <thead><tr><th>{tr(K::DisplayName)}</th><th>{tr(K::Username)}</th><th>{tr(K::Email)}</th><th>{tr(K::Role)}</th><th>{tr(K::Active)}</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|u: UserView| {
                                        let (id, role, active) = (u.id, u.role, u.active);
                                        view! {
                                            <tr class:inactive=!active data-username=u.username.clone()>
                                                <td data-label=move || i18n.t(K::DisplayName)>{u.display_name.clone()}</td>
                                                <td data-label=move || i18n.t(K::Username)><code>{u.username.clone()}</code></td>
                                                <td data-label=move || i18n.t(K::Email)>{u.email.clone()}</td>
                                                <td data-label=move || i18n.t(K::Role)>
                                                    <select aria-label=tr(K::Role) on:change=move |ev| if let Some(r) = OrgRole::parse(&event_target_value(&ev)) { change(UserUpdate { id, role: r, active }) }>
                                                        {OrgRole::ALL.iter().map(|r| view! { <option value=r.as_str() selected=*r == role>{tr(r.label())}</option> }).collect_view()}
                                                    </select>
                                                </td>
                                                <td data-label=move || i18n.t(K::Active)>
                                                    <label class="checkbox">
                                                        <input type="checkbox" prop:checked=active on:change=move |ev| change(UserUpdate { id, role, active: event_target_checked(&ev) })/>
                                                        {move || if active { i18n.t(K::Active) } else { i18n.t(K::Inactive) }}
                                                    </label>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NewUserForm(on_created: Callback<()>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(OrgRole::Member);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewUserInput {
            username: username.get_untracked().trim().to_lowercase(),
            display_name: display_name.get_untracked(),
            email: email.get_untracked(),
            role: Some(role.get_untracked()),
            password: password.get_untracked(),
        };
        if let Err(problems) = crate::domain::validate::new_user(&input) {
            error.set(Some(AppError::Invalid(problems)));
            return;
        }
        leptos::task::spawn_local(async move {
            match create_user(input).await {
                Ok(_) => {
                    error.set(None);
                    for field in [username, display_name, email, password] {
                        field.set(String::new());
                    }
                    on_created.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <details class="card collapsible">
            <summary>"+ " {tr(K::NewUser)}</summary>
            <form class="form" on:submit=submit novalidate>
                <div class="field-row">
                    <div class="field">
                        <label for="new-username">{tr(K::Username)}</label>
                        <input id="new-username" autocapitalize="none" prop:value=username on:input=move |ev| username.set(event_target_value(&ev))/>
                        <FieldError error=error field="username"/>
                    </div>
                    <div class="field">
                        <label for="new-display-name">{tr(K::DisplayName)}</label>
                        <input id="new-display-name" prop:value=display_name on:input=move |ev| display_name.set(event_target_value(&ev))/>
                        <FieldError error=error field="display_name"/>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="new-email">{tr(K::Email)}</label>
                        <input id="new-email" type="email" prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                        <FieldError error=error field="email"/>
                    </div>
                    <div class="field">
                        <label for="new-role">{tr(K::Role)}</label>
                        <select id="new-role" on:change=move |ev| if let Some(r) = OrgRole::parse(&event_target_value(&ev)) { role.set(r) }>
                            {OrgRole::ALL.iter().map(|r| view! { <option value=r.as_str() selected=*r == OrgRole::Member>{tr(r.label())}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field">
                    <label for="new-password">{tr(K::InitialPassword)}</label>
                    <input id="new-password" type="password" autocomplete="new-password" prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                    <FieldError error=error field="password"/>
                </div>
                <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
                <div class="form-actions"><button type="submit" class="btn btn-primary">{tr(K::Create)}</button></div>
            </form>
        </details>
    }
}
