//! Project templates: the built-in ones and those saved from projects, each with what it lays
//! out (tasks, KPIs, budget lines, working days) and a way to start a project from it; admins
//! rename, re-describe and delete the saved ones.
use crate::loaded::load;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::templates::{delete_template, list_templates, update_template};
use crate::components::dialog::Drawer;
use crate::components::layout::Layout;
use crate::components::project_form::template_value;
use crate::components::ui::{confirm, failed, ErrorBox, FieldError, FormFooter, Spinner};
use crate::domain::money::format_amount;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{ProjectKind, TemplateEdit, TemplateRef, TemplateSummary};

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let loaded = load(|| (), |_| list_templates());
    view! {
        <Layout>
            <div class="page-head"><h1>{tr(K::NavTemplates)}</h1></div>
            <p class="muted intro">{tr(K::TemplatesIntro)}</p>
            <Transition fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(e) => failed(e),
                        Ok(list) => view! { <TemplateList list=RwSignal::new(list)/> }.into_any(),
                    }
                })}
            </Transition>
        </Layout>
    }
}

#[component]
fn TemplateList(list: RwSignal<Vec<TemplateSummary>>) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let editing = RwSignal::new(None::<TemplateSummary>);
    let group = move |saved: bool| {
        list.get()
            .into_iter()
            .filter(move |t| matches!(t.template, TemplateRef::Saved(_)) == saved)
            .map(|t| view! { <TemplateCard t list editing error/> })
            .collect_view()
    };
    view! {
        <ErrorBox error/>
        <section class="template-group built-in-templates">
            <h2>{tr(K::BuiltInTemplatesGroup)}</h2>
            <div class="template-grid">{move || group(false)}</div>
        </section>
        <section class="template-group saved-templates">
            <h2>{tr(K::SavedTemplatesGroup)}</h2>
            {move || {
                let none = list.with(|l| !l.iter().any(|t| matches!(t.template, TemplateRef::Saved(_))));
                if none {
                    view! { <p class="muted no-saved-templates">{tr(K::NoSavedTemplates)}</p> }.into_any()
                } else {
                    view! { <div class="template-grid">{move || group(true)}</div> }.into_any()
                }
            }}
        </section>
        {move || editing.get().map(|t| view! { <TemplateForm t list editing/> })}
    }
}

#[component]
fn TemplateCard(
    t: TemplateSummary,
    list: RwSignal<Vec<TemplateSummary>>,
    editing: RwSignal<Option<TemplateSummary>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let facts = {
        let t = t.clone();
        move || {
            i18n.t(K::TemplateFacts)
                .replace("{tasks}", &t.tasks.to_string())
                .replace("{kpis}", &t.kpis.to_string())
                .replace("{lines}", &t.budget_lines.to_string())
                .replace("{days}", &t.span.to_string())
        }
    };
    let saved_by = t.created_by.clone().map(|u| {
        let date = t
            .created_at
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        move || {
            i18n.t(K::SavedByOn)
                .replace("{name}", &u.display_name)
                .replace("{date}", &date)
        }
    });
    let source = t.source_project.clone().map(|(id, name)| {
        view! {
            <p class="small">
                <span class="muted">{tr(K::FromProject)} ": "</span>
                <A href=format!("/projects/{id}")>{name}</A>
            </p>
        }
    });
    let saved_id = match t.template {
        TemplateRef::Saved(id) => Some(id),
        TemplateRef::BuiltIn(_) | TemplateRef::Case(_) => None,
    };
    let for_edit = t.clone();
    let manage = (t.manageable && saved_id.is_some()).then(|| {
        let id = saved_id.unwrap_or_default();
        view! {
            <button class="btn btn-text small edit-template" on:click=move |_| editing.set(Some(for_edit.clone()))>{tr(K::Edit)}</button>
            <button class="btn btn-text small danger delete-template" on:click=move |_| {
                if confirm(i18n.t(K::ConfirmDelete)) {
                    leptos::task::spawn_local(async move {
                        match delete_template(id).await {
                            Ok(l) => list.set(l),
                            Err(e) => error.set(Some(e)),
                        }
                    });
                }
            }>{tr(K::Delete)}</button>
        }
    });
    let budget = (t.budget_total > 0).then(|| {
        view! { <p class="template-budget"><span class="muted">{tr(K::Budget)} ": "</span>{format_amount(t.budget_total, t.currency)}</p> }
    });
    view! {
        <article class="card template-card" data-template=template_value(t.template)>
            <div class="template-head">
                <h3>{t.name.clone()}</h3>
                // A built-in template is named after its type already.
                {saved_id.is_some().then(|| view! { <span class="chip">{tr(t.kind.label())}</span> })}
                <span class="chip" class:chip-success=saved_id.is_some()>
                    {if saved_id.is_some() { tr(K::SavedTemplate) } else { tr(K::BuiltInTemplate) }}
                </span>
            </div>
            <p class="template-facts">{facts}</p>
            {budget}
            {(!t.description.is_empty()).then(|| view! { <p class="pre template-description">{t.description.clone()}</p> })}
            {source}
            {saved_by.map(|text| view! { <p class="muted small">{text}</p> })}
            <div class="button-row template-actions">
                <A href=format!("/projects/new?template={}", template_value(t.template)) attr:class="btn btn-primary new-from-template">{tr(K::NewFromTemplate)}</A>
                {manage}
            </div>
        </article>
    }
}

#[component]
fn TemplateForm(
    t: TemplateSummary,
    list: RwSignal<Vec<TemplateSummary>>,
    editing: RwSignal<Option<TemplateSummary>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let name = RwSignal::new(t.name.clone());
    let description = RwSignal::new(t.description.clone());
    let kind = RwSignal::new(t.kind);
    let id = match t.template {
        TemplateRef::Saved(id) => id,
        TemplateRef::BuiltIn(_) | TemplateRef::Case(_) => 0,
    };
    let version = t.version;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = TemplateEdit {
            id,
            version,
            name: name.get_untracked(),
            description: description.get_untracked(),
            kind: kind.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match update_template(edit).await {
                Ok(l) => {
                    list.set(l);
                    editing.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let initial_kind = t.kind;
    view! {
        <Drawer label=K::EditTemplate class="template-drawer" on_close=move |()| editing.set(None)>
            <form class="form" on:submit=save novalidate>
                <h2>{tr(K::EditTemplate)}</h2>
                <div class="field">
                    <label for="edit-template-name">{tr(K::TemplateName)}</label>
                    <input id="edit-template-name" maxlength="120" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    <FieldError error field="name"/>
                </div>
                <div class="field">
                    <label for="edit-template-kind">{tr(K::ProjectKind)}</label>
                    <select id="edit-template-kind" on:change=move |ev| if let Some(k) = ProjectKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {ProjectKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=*k == initial_kind>{tr(k.label())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="edit-template-description">{tr(K::Description)}</label>
                    <textarea id="edit-template-description" rows="4" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    <FieldError error field="description"/>
                </div>
                <FormFooter error on_cancel=Callback::new(move |_| editing.set(None)) save_class="save-template-edit"/>
            </form>
        </Drawer>
    }
}
