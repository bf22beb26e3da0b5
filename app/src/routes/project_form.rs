//! Creating a project, and the edit tab of an existing one.
use crate::loaded::load;
use chrono::Days;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::project::use_project;
use crate::api::cases::case_template;
use crate::api::templates::list_templates;
use crate::api::users::list_users;
use crate::components::layout::Layout;
use crate::components::project_form::{parse_template_value, ProjectForm, ProjectFormMode};
use crate::components::session::use_session;
use crate::components::ui::{failed, today, Spinner};
use crate::i18n::{tr, K};
use crate::model::{Id, ProjectInput, ProjectKind, TemplateRef};

#[component]
pub fn NewProjectPage() -> impl IntoView {
    let session = use_session();
    // `?template=b:product_launch`, `?template=s:12` or `?template=c:3` (a case of the case
    // library) opens the form with that template chosen.
    let query = use_query_map();
    let chosen = move || {
        query
            .with_untracked(|q| q.get("template"))
            .as_deref()
            .and_then(parse_template_value)
    };
    let loaded = load(
        || (),
        move |_| async move {
            let (users, templates, case) = futures::join!(list_users(), list_templates(), async {
                match chosen() {
                    Some(TemplateRef::Case(id)) => Some(case_template(id).await),
                    _ => None,
                }
            });
            // The case chosen goes with the templates; a case that cannot be started from
            // (withdrawn, or without a plan) says why.
            let templates = match (templates, case) {
                (Ok(mut all), Some(Ok(case))) => {
                    all.push(case);
                    Ok(all)
                }
                (Ok(_), Some(Err(e))) => Err(e),
                (templates, _) => templates,
            };
            (users, templates)
        },
    );
    let navigate = use_navigate();
    let on_saved =
        Callback::new(move |id: Id| navigate(&format!("/projects/{id}"), Default::default()));
    view! {
        <Layout>
            <div class="page-head"><h1>{tr(K::NewProject)}</h1></div>
            <Transition fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        (Err(e), _) | (_, Err(e)) => failed(e),
                        (Ok(users), Ok(templates)) => {
                            let start = today();
                            let initial = ProjectInput {
                                name: String::new(),
                                kind: ProjectKind::HolidayPromotion,
                                background: String::new(),
                                objectives: String::new(),
                                expected_benefit: String::new(),
                                risks: Vec::new(),
                                owner_id: session.user().map(|u| u.id).unwrap_or_default(),
                                start_date: start,
                                end_date: start.checked_add_days(Days::new(30)).unwrap_or(start),
                                observers_comment: true,
                            };
                            let chosen = chosen();
                            view! { <ProjectForm initial users mode=ProjectFormMode::New on_saved templates chosen/> }.into_any()
                        }
                    }
                })}
            </Transition>
        </Layout>
    }
}

#[component]
pub fn EditProjectTab() -> impl IntoView {
    let ctx = use_project();
    let users = load(|| (), |_| list_users());
    let navigate = use_navigate();
    let on_saved = Callback::new(move |id: Id| {
        ctx.reload.update(|n| *n += 1);
        navigate(&format!("/projects/{id}"), Default::default());
    });
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match (ctx.detail.await, users.await) {
                    (Err(_), _) => ().into_any(),
                    (_, Err(e)) => failed(e),
                    (Ok(p), Ok(users)) => {
                        let mode = ProjectFormMode::Edit { id: p.id, version: p.version };
                        view! { <ProjectForm initial=p.input users mode on_saved/> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
