//! The project form, for creating a project and for editing one.
use leptos::prelude::*;

use super::ui::{form_level, format_date, parse_date, ErrorBox, FieldError};
use crate::api::projects::{create_project, update_project};
use crate::domain::money::{format_amount, parse_amount};
use crate::domain::schedule::default_calendar;
use crate::domain::templates::working_day;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    Id, ProjectInput, ProjectKind, Risk, RiskLevel, TemplateRef, TemplateSummary, UserView,
};

/// A template as the select names it: `b:<kind>`, `s:<id>` or `c:<case id>`.
pub fn template_value(t: TemplateRef) -> String {
    match t {
        TemplateRef::BuiltIn(k) => format!("b:{}", k.as_str()),
        TemplateRef::Saved(id) => format!("s:{id}"),
        TemplateRef::Case(id) => format!("c:{id}"),
    }
}

pub fn parse_template_value(text: &str) -> Option<TemplateRef> {
    match text.split_once(':')? {
        ("b", k) => ProjectKind::parse(k).map(TemplateRef::BuiltIn),
        ("s", id) => id.parse().ok().map(TemplateRef::Saved),
        ("c", id) => id.parse().ok().map(TemplateRef::Case),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ProjectFormMode {
    New,
    Edit { id: Id, version: i32 },
}

fn level_select(value: RiskLevel, on_pick: impl Fn(RiskLevel) + 'static) -> impl IntoView {
    view! {
        <select on:change=move |ev| {
            if let Some(level) = RiskLevel::parse(&event_target_value(&ev)) {
                on_pick(level);
            }
        }>
            {RiskLevel::ALL
                .iter()
                .map(|l| view! { <option value=l.as_str() selected=*l == value>{tr(l.label())}</option> })
                .collect_view()}
        </select>
    }
}

#[component]
pub fn ProjectForm(
    initial: ProjectInput,
    users: Vec<UserView>,
    mode: ProjectFormMode,
    /// Called with the project's id once saved.
    on_saved: Callback<Id>,
    /// The templates to start from (only when creating).
    #[prop(optional)]
    templates: Vec<TemplateSummary>,
    /// The template chosen when the form opens.
    #[prop(default = None)]
    chosen: Option<TemplateRef>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(initial.name.clone());
    let kind = RwSignal::new(initial.kind);
    // A template to lay the new project's tasks out from (only when creating).
    let chosen = chosen.filter(|c| templates.iter().any(|t| t.template == *c));
    let template = RwSignal::new(chosen);
    let templates = StoredValue::new(templates);
    // A template's type and length in working days, by its reference.
    let summary_of = move |c: TemplateRef| {
        templates.with_value(|all| {
            all.iter()
                .find(|t| t.template == c)
                .map(|t| (t.kind, t.span))
        })
    };
    // A template's budget: its currency and total, when it has budget lines.
    let budget_of = move |c: Option<TemplateRef>| {
        templates.with_value(|all| {
            all.iter()
                .find(|t| Some(t.template) == c && t.budget_lines > 0)
                .map(|t| (t.currency, t.budget_total))
        })
    };
    if let Some((k, _)) = chosen.and_then(summary_of) {
        kind.set(k);
    }
    // The budget to plan over the template's lines in their proportions, as written.
    let budget = RwSignal::new(
        budget_of(chosen)
            .map(|(c, total)| format_amount(total, c))
            .unwrap_or_default(),
    );
    let owner = RwSignal::new(initial.owner_id);
    let start = RwSignal::new(format_date(Some(initial.start_date)));
    let end = RwSignal::new(format_date(Some(initial.end_date)));
    let background = RwSignal::new(initial.background.clone());
    let objectives = RwSignal::new(initial.objectives.clone());
    let benefit = RwSignal::new(initial.expected_benefit.clone());
    let risks = RwSignal::new(initial.risks.clone());
    let observers_comment = RwSignal::new(initial.observers_comment);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    // With a template chosen, the project ends when the template's plan does (the same
    // calendar the server will lay it out on); the end date can still be changed after.
    let fit_end = move || {
        let Some((_, span)) = template.get_untracked().and_then(summary_of) else {
            return;
        };
        let Some(first) = parse_date(&start.get_untracked()) else {
            return;
        };
        let calendar = default_calendar(i18n.locale.get_untracked());
        if let Some(last) = working_day(&calendar, first, span.max(1) - 1) {
            end.set(format_date(Some(last)));
        }
    };

    if chosen.is_some() {
        fit_end();
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(start_date), Some(end_date)) = (parse_date(&start.get()), parse_date(&end.get()))
        else {
            error.set(Some(AppError::invalid("end_date", K::ErrDate)));
            return;
        };
        let input = ProjectInput {
            name: name.get(),
            kind: kind.get(),
            background: background.get(),
            objectives: objectives.get(),
            expected_benefit: benefit.get(),
            risks: risks.get(),
            owner_id: owner.get(),
            start_date,
            end_date,
            observers_comment: observers_comment.get(),
        };
        // Check in the browser first: the same rules the server applies.
        if let Err(problems) = crate::domain::validate::project(&input) {
            error.set(Some(AppError::Invalid(problems)));
            return;
        }
        // The budget asked for, when it differs from the template's own.
        let budget_total = match budget_of(template.get_untracked()) {
            Some((currency, total)) => match parse_amount(&budget.get(), currency) {
                Ok(asked) if asked < 0 => {
                    error.set(Some(AppError::invalid("budget_total", K::ErrNegative)));
                    return;
                }
                Ok(asked) => (asked != total).then_some(asked),
                Err(_) => {
                    error.set(Some(AppError::invalid("budget_total", K::ErrAmount)));
                    return;
                }
            },
            None => None,
        };
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = match mode {
                ProjectFormMode::New => {
                    let (built_in, saved, case) = match template.get_untracked() {
                        Some(TemplateRef::BuiltIn(k)) => (Some(k), None, None),
                        Some(TemplateRef::Saved(id)) => (None, Some(id), None),
                        Some(TemplateRef::Case(id)) => (None, None, Some(id)),
                        None => (None, None, None),
                    };
                    create_project(input, built_in, saved, case, budget_total).await
                }
                ProjectFormMode::Edit { id, version } => {
                    update_project(id, version, input).await.map(|_| id)
                }
            };
            pending.set(false);
            match result {
                Ok(id) => {
                    error.set(None);
                    on_saved.run(id);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let risk_row = move |index: usize| {
        let get =
            move |f: fn(&Risk) -> String| risks.with(|r| r.get(index).map(f).unwrap_or_default());
        let edit = move |f: Box<dyn Fn(&mut Risk)>| {
            risks.update(|r| {
                if let Some(risk) = r.get_mut(index) {
                    f(risk)
                }
            })
        };
        let likelihood = risks.with_untracked(|r| {
            r.get(index)
                .map(|x| x.likelihood)
                .unwrap_or(RiskLevel::Medium)
        });
        let impact =
            risks.with_untracked(|r| r.get(index).map(|x| x.impact).unwrap_or(RiskLevel::Medium));
        view! {
            <div class="risk-row">
                <input
                    class="risk-description"
                    placeholder=tr(K::RiskDescription)
                    prop:value=move || get(|r| r.description.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        edit(Box::new(move |r| r.description = v.clone()))
                    }
                />
                <label class="inline">
                    {tr(K::Likelihood)}
                    {level_select(likelihood, move |l| edit(Box::new(move |r| r.likelihood = l)))}
                </label>
                <label class="inline">
                    {tr(K::Impact)}
                    {level_select(impact, move |l| edit(Box::new(move |r| r.impact = l)))}
                </label>
                <input
                    class="risk-mitigation"
                    placeholder=tr(K::Mitigation)
                    prop:value=move || get(|r| r.mitigation.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        edit(Box::new(move |r| r.mitigation = v.clone()))
                    }
                />
                <button type="button" class="btn btn-text" on:click=move |_| risks.update(|r| { if index < r.len() { r.remove(index); } })>
                    {tr(K::Remove)}
                </button>
                <FieldError error=error field=format!("risks.{index}.description")/>
            </div>
        }
    };

    view! {
        <form class="card form project-form" on:submit=submit novalidate>
            <div class="field">
                <label for="project-name">{tr(K::ProjectName)}</label>
                <input id="project-name" name="name" required maxlength="120" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <FieldError error=error field="name"/>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="project-kind">{tr(K::ProjectKind)}</label>
                    <select id="project-kind" on:change=move |ev| if let Some(k) = ProjectKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {ProjectKind::ALL
                            .iter()
                            .map(|k| view! { <option value=k.as_str() prop:selected=move || kind.get() == *k>{tr(k.label())}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="project-owner">{tr(K::Owner)}</label>
                    <select id="project-owner" on:change=move |ev| if let Ok(id) = event_target_value(&ev).parse() { owner.set(id) }>
                        {users
                            .iter()
                            .filter(|u| u.active)
                            .map(|u| view! { <option value=u.id selected=u.id == initial.owner_id>{u.display_name.clone()}</option> })
                            .collect_view()}
                    </select>
                    <FieldError error=error field="owner_id"/>
                </div>
            </div>
            {matches!(mode, ProjectFormMode::New).then(|| view! {
                <div class="field">
                    <label for="project-template">{tr(K::Template)}</label>
                    <select
                        id="project-template"
                        on:change=move |ev| {
                            let picked = parse_template_value(&event_target_value(&ev));
                            template.set(picked);
                            budget.set(
                                budget_of(picked)
                                    .map(|(c, total)| format_amount(total, c))
                                    .unwrap_or_default(),
                            );
                            // A template is for its kind of project.
                            if let Some((k, _)) = picked.and_then(summary_of) {
                                kind.set(k);
                            }
                            fit_end();
                        }
                    >
                        <option value="" selected=chosen.is_none()>{tr(K::BlankProject)}</option>
                        {templates.with_value(|all| {
                            let option = |t: &TemplateSummary| {
                                let (name, n, value) = (t.name.clone(), t.tasks, template_value(t.template));
                                let selected = chosen == Some(t.template);
                                let label = move || {
                                    i18n.t(K::TemplateOption)
                                        .replace("{name}", &name)
                                        .replace("{n}", &n.to_string())
                                };
                                view! { <option value=value selected=selected>{label}</option> }
                            };
                            let built: Vec<_> = all.iter().filter(|t| matches!(t.template, TemplateRef::BuiltIn(_))).map(option).collect();
                            let saved: Vec<_> = all.iter().filter(|t| matches!(t.template, TemplateRef::Saved(_))).map(option).collect();
                            let cases: Vec<_> = all.iter().filter(|t| matches!(t.template, TemplateRef::Case(_))).map(option).collect();
                            let has_saved = !saved.is_empty();
                            let has_cases = !cases.is_empty();
                            view! {
                                <optgroup label=move || i18n.t(K::BuiltInTemplatesGroup)>{built}</optgroup>
                                {has_saved.then(|| view! { <optgroup label=move || i18n.t(K::SavedTemplatesGroup)>{saved}</optgroup> })}
                                {has_cases.then(|| view! { <optgroup label=move || i18n.t(K::CaseTemplatesGroup)>{cases}</optgroup> })}
                            }
                        })}
                    </select>
                    <p class="hint">{tr(K::TemplateHint)}</p>
                    <FieldError error=error field="template"/>
                </div>
                <Show when=move || budget_of(template.get()).is_some()>
                    <div class="field">
                        <label for="project-budget">{tr(K::TemplateBudget)}</label>
                        <input
                            id="project-budget"
                            inputmode="decimal"
                            prop:value=budget
                            on:input=move |ev| budget.set(event_target_value(&ev))
                        />
                        <p class="hint">{tr(K::TemplateBudgetHint)}</p>
                        <FieldError error=error field="budget_total"/>
                    </div>
                </Show>
            })}
            <div class="field-row">
                <div class="field">
                    <label for="project-start">{tr(K::StartDate)}</label>
                    <input id="project-start" type="date" prop:value=start on:input=move |ev| { start.set(event_target_value(&ev)); fit_end(); }/>
                </div>
                <div class="field">
                    <label for="project-end">{tr(K::EndDate)}</label>
                    <input id="project-end" type="date" prop:value=end on:input=move |ev| end.set(event_target_value(&ev))/>
                    <FieldError error=error field="end_date"/>
                </div>
            </div>
            <div class="field">
                <label for="project-background">{tr(K::Background)}</label>
                <textarea id="project-background" rows="3" prop:value=background on:input=move |ev| background.set(event_target_value(&ev))></textarea>
                <FieldError error=error field="background"/>
            </div>
            <div class="field">
                <label for="project-objectives">{tr(K::Objectives)}</label>
                <textarea id="project-objectives" rows="3" prop:value=objectives on:input=move |ev| objectives.set(event_target_value(&ev))></textarea>
                <FieldError error=error field="objectives"/>
            </div>
            <div class="field">
                <label for="project-benefit">{tr(K::ExpectedBenefit)}</label>
                <textarea id="project-benefit" rows="2" prop:value=benefit on:input=move |ev| benefit.set(event_target_value(&ev))></textarea>
                <FieldError error=error field="expected_benefit"/>
            </div>
            <fieldset class="field risks">
                <legend>{tr(K::Risks)}</legend>
                <For each=move || 0..risks.with(|r| r.len()) key=|i| *i children=risk_row/>
                <button
                    type="button"
                    class="btn"
                    on:click=move |_| risks.update(|r| r.push(Risk {
                        description: String::new(),
                        likelihood: RiskLevel::Medium,
                        impact: RiskLevel::Medium,
                        mitigation: String::new(),
                    }))
                >
                    {tr(K::AddRisk)}
                </button>
            </fieldset>
            <label class="checkbox">
                <input type="checkbox" name="observers_comment" prop:checked=observers_comment on:change=move |ev| observers_comment.set(event_target_checked(&ev))/>
                {tr(K::ObserversComment)}
            </label>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=pending>
                    {move || if pending.get() { i18n.t(K::Saving) } else { i18n.t(K::Save) }}
                </button>
            </div>
        </form>
    }
}
