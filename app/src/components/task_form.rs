//! The task drawer: view, create and edit a task, from the board and the list alike.
use leptos::prelude::*;

use super::attachments::Attachments;
use super::comments::Comments;
use super::dependencies::Dependencies;
use super::offline::{owner_named, use_offline, Saved};
use super::task_board::{Drawer, TaskBoard};
use super::ui::{confirm, form_level, format_date, parse_date, ErrorBox, FieldError};
use crate::api::tasks::{create_task, delete_task, update_task};
use crate::components::dialog::Drawer;
use crate::domain::tree::subtree;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{Id, Place, Priority, TaskInput, TaskStatus, TaskView, Thread, UserRef};

/// A task's labels as coloured chips, by the project's label names.
#[component]
pub fn LabelChips(board: TaskBoard, ids: Vec<Id>) -> impl IntoView {
    board.settings.with_untracked(|s| {
        ids.iter()
            .filter_map(|id| s.labels.iter().find(|l| l.id == *id))
            .map(|l| view! { <span class=format!("label-chip colour-{}", l.colour.as_str())>{l.name.clone()}</span> })
            .collect_view()
    })
}

#[component]
pub fn TaskDrawer(board: TaskBoard) -> impl IntoView {
    move || {
        board.drawer.get().map(|mode| {
            let existing = match &mode {
                Drawer::Edit(id) => board
                    .tasks
                    .with_untracked(|all| all.iter().find(|t| t.id == *id).cloned()),
                Drawer::New { .. } => None,
            };
            let initial = match (&mode, &existing) {
                (_, Some(task)) => task.input.clone(),
                (Drawer::New { parent_id, status }, None) => TaskInput {
                    parent_id: *parent_id,
                    status: *status,
                    ..TaskInput::titled("")
                },
                (Drawer::Edit(_), None) => return view! { <div></div> }.into_any(),
            };
            view! { <TaskForm board initial existing/> }.into_any()
        })
    }
}

#[component]
fn TaskForm(board: TaskBoard, initial: TaskInput, existing: Option<TaskView>) -> impl IntoView {
    let i18n = use_i18n();
    let offline = use_offline();
    let editable = board.can_edit;
    let task_id = existing.as_ref().map(|t| t.id);
    // The task as this edit began: saved over someone else's change, only what was changed here
    // is laid over theirs.
    let version = StoredValue::new(existing.as_ref().map(|t| t.version).unwrap_or(0));
    let base = StoredValue::new(initial.clone());
    let title = RwSignal::new(initial.title.clone());
    let description = RwSignal::new(initial.description.clone());
    let deliverable = RwSignal::new(initial.deliverable.clone());
    let owner = RwSignal::new(initial.owner_id);
    let parent = RwSignal::new(initial.parent_id);
    let start = RwSignal::new(format_date(initial.start_date));
    let due = RwSignal::new(format_date(initial.due_date));
    let status = RwSignal::new(initial.status);
    let priority = RwSignal::new(initial.priority);
    let progress = RwSignal::new(initial.progress);
    let milestone = RwSignal::new(initial.milestone);
    let labels = RwSignal::new(initial.labels.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);

    // A task cannot be moved under itself or its own subtasks: leave those out of the choices.
    let (initial_status, initial_column) = (initial.status, initial.column_id);
    let parent_choices = board.tasks.with_untracked(|all| {
        let excluded: Vec<Id> = task_id
            .map(|id| subtree(id, all, |t| t.id, |t| t.input.parent_id))
            .unwrap_or_default();
        all.iter()
            .filter(|t| !excluded.contains(&t.id))
            .map(|t| (t.id, t.input.title.clone()))
            .collect::<Vec<_>>()
    });

    let close = move || board.drawer.set(None);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parse_optional = |text: String| -> Result<Option<chrono::NaiveDate>, ()> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                parse_date(&text).map(Some).ok_or(())
            }
        };
        let (Ok(start_date), Ok(due_date)) =
            (parse_optional(start.get()), parse_optional(due.get()))
        else {
            error.set(Some(AppError::invalid("due_date", K::ErrDate)));
            return;
        };
        let input = TaskInput {
            parent_id: parent.get(),
            title: title.get(),
            description: description.get(),
            deliverable: deliverable.get(),
            owner_id: owner.get(),
            start_date,
            due_date,
            status: status.get(),
            priority: priority.get(),
            progress: progress.get(),
            milestone: milestone.get(),
            labels: labels.get(),
            // A card keeps its column while its status stays; a new status takes the status's
            // first column.
            column_id: initial_column.filter(|_| status.get() == initial_status),
        };
        if let Err(problems) = crate::domain::validate::task(&input) {
            error.set(Some(AppError::Invalid(problems)));
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = match task_id {
                Some(id) => {
                    let shown = board
                        .tasks
                        .with_untracked(|all| all.iter().find(|t| t.id == id).cloned());
                    match (offline, shown) {
                        // Kept on the device and sent later when the server cannot be reached.
                        (Some(offline), Some(task)) => {
                            let task = TaskView {
                                version: version.get_value(),
                                ..task
                            };
                            match offline.save_task(task, input, base.get_value()).await {
                                Ok(Saved::Now(saved)) => Ok(saved),
                                Ok(Saved::Later(mut shown)) => {
                                    let people: Vec<UserRef> = board
                                        .members
                                        .with_value(|m| m.iter().map(|m| m.user.clone()).collect());
                                    owner_named(&mut shown, &people);
                                    Ok(shown)
                                }
                                Err(e) => Err(e),
                            }
                        }
                        _ => {
                            update_task(
                                id,
                                version.get_value(),
                                input,
                                Some(base.get_value()),
                                None,
                            )
                            .await
                        }
                    }
                }
                None => create_task(board.project_id, input).await,
            };
            pending.set(false);
            match result {
                Ok(saved) => {
                    board.replace(saved);
                    board.drawer.set(None);
                }
                Err(AppError::EditConflict { fields, current }) => {
                    // Show the other person's values where both changed the same field; keep
                    // this person's other changes, now based on the task as it is.
                    let now = &current.input;
                    for field in &fields {
                        match field {
                            K::TaskTitle => title.set(now.title.clone()),
                            K::Description => description.set(now.description.clone()),
                            K::Deliverable => deliverable.set(now.deliverable.clone()),
                            K::Owner => owner.set(now.owner_id),
                            K::Parent => parent.set(now.parent_id),
                            K::StartDate => start.set(format_date(now.start_date)),
                            K::DueDate => due.set(format_date(now.due_date)),
                            K::Status => status.set(now.status),
                            K::Priority => priority.set(now.priority),
                            K::Progress => progress.set(now.progress),
                            K::Milestone => milestone.set(now.milestone),
                            K::Labels => labels.set(now.labels.clone()),
                            _ => {}
                        }
                    }
                    base.set_value(now.clone());
                    version.set_value(current.version);
                    board.replace((*current).clone());
                    error.set(Some(AppError::EditConflict { fields, current }));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let remove = move |_| {
        let Some(id) = task_id else { return };
        if !confirm(i18n.t(K::ConfirmDelete)) {
            return;
        }
        leptos::task::spawn_local(async move {
            match delete_task(id).await {
                Ok(()) => {
                    board.remove_tree(id);
                    board.drawer.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let members = board.members.get_value();
    let heading = if task_id.is_some() {
        K::TaskDetail
    } else {
        K::NewTask
    };

    view! {
        <Drawer label=heading on_close=move |()| close()>
            <form class="form" on:submit=save novalidate>
                <div class="drawer-head">
                    <h2>{tr(heading)}</h2>
                    <button type="button" class="btn btn-text" aria-label=tr(K::Close) on:click=move |_| close()>"✕"</button>
                </div>
                <fieldset disabled=!editable class="plain">
                    <div class="field">
                        <label for="task-title">{tr(K::TaskTitle)}</label>
                        <input id="task-title" name="title" maxlength="200" prop:value=title on:input=move |ev| title.set(event_target_value(&ev))/>
                        <FieldError error=error field="title"/>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="task-status">{tr(K::Status)}</label>
                            <select id="task-status" on:change=move |ev| if let Some(s) = TaskStatus::parse(&event_target_value(&ev)) { status.set(s) }>
                                {TaskStatus::ALL.iter().map(|s| { let s = *s; view! { <option value=s.as_str() selected=s == initial.status prop:selected=move || status.get() == s>{tr(s.label())}</option> } }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="task-priority">{tr(K::Priority)}</label>
                            <select id="task-priority" on:change=move |ev| if let Some(p) = Priority::parse(&event_target_value(&ev)) { priority.set(p) }>
                                {Priority::ALL.iter().map(|p| { let p = *p; view! { <option value=p.as_str() selected=p == initial.priority prop:selected=move || priority.get() == p>{tr(p.label())}</option> } }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="task-owner">{tr(K::Owner)}</label>
                            <select id="task-owner" on:change=move |ev| owner.set(event_target_value(&ev).parse().ok())>
                                <option value="" selected=initial.owner_id.is_none() prop:selected=move || owner.get().is_none()>{tr(K::Unassigned)}</option>
                                {members.iter().map(|m| { let id = m.user.id; view! { <option value=id selected=Some(id) == initial.owner_id prop:selected=move || owner.get() == Some(id)>{m.user.display_name.clone()}</option> } }).collect_view()}
                            </select>
                            <FieldError error=error field="owner_id"/>
                        </div>
                        <div class="field">
                            <label for="task-parent">{tr(K::Parent)}</label>
                            <select id="task-parent" on:change=move |ev| parent.set(event_target_value(&ev).parse().ok())>
                                <option value="" selected=initial.parent_id.is_none() prop:selected=move || parent.get().is_none()>{tr(K::NoParent)}</option>
                                {parent_choices.iter().map(|(id, name)| { let id = *id; view! { <option value=id selected=Some(id) == initial.parent_id prop:selected=move || parent.get() == Some(id)>{name.clone()}</option> } }).collect_view()}
                            </select>
                            <FieldError error=error field="parent_id"/>
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="task-start">{tr(K::StartDate)}</label>
                            <input id="task-start" type="date" prop:value=start on:input=move |ev| start.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for="task-due">{tr(K::DueDate)}</label>
                            <input id="task-due" type="date" prop:value=due on:input=move |ev| due.set(event_target_value(&ev))/>
                            <FieldError error=error field="due_date"/>
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="task-progress">{tr(K::Progress)} " " {move || format!("{}%", progress.get())}</label>
                            <input id="task-progress" type="range" min="0" max="100" step="5" prop:value=move || progress.get().to_string()
                                on:input=move |ev| progress.set(event_target_value(&ev).parse().unwrap_or(0))/>
                            <FieldError error=error field="progress"/>
                        </div>
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=milestone on:change=move |ev| milestone.set(event_target_checked(&ev))/>
                            {tr(K::Milestone)}
                        </label>
                    </div>
                    <div class="field">
                        <span class="field-label">{tr(K::Labels)}</span>
                        <div class="label-picker" role="group" aria-label=tr(K::Labels)>
                            {move || board.settings.with(|s| {
                                if s.labels.is_empty() {
                                    return view! { <span class="muted small">{tr(K::NoLabels)}</span> }.into_any();
                                }
                                s.labels.iter().map(|l| {
                                    let id = l.id;
                                    let on = move || labels.with(|ls| ls.contains(&id));
                                    view! {
                                        <button type="button" class=format!("label-chip toggle colour-{}", l.colour.as_str())
                                            class:on=on aria-pressed=move || on().to_string()
                                            on:click=move |_| labels.update(|ls| if ls.contains(&id) { ls.retain(|x| *x != id) } else { ls.push(id) })>
                                            {move || if on() { "✓ " } else { "" }} {l.name.clone()}
                                        </button>
                                    }
                                }).collect_view().into_any()
                            })}
                        </div>
                        <FieldError error=error field="labels"/>
                    </div>
                    <div class="field">
                        <label for="task-deliverable">{tr(K::Deliverable)}</label>
                        <textarea id="task-deliverable" rows="2" prop:value=deliverable on:input=move |ev| deliverable.set(event_target_value(&ev))></textarea>
                        <FieldError error=error field="deliverable"/>
                    </div>
                    <div class="field">
                        <label for="task-description">{tr(K::Description)}</label>
                        <textarea id="task-description" rows="4" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                        <FieldError error=error field="description"/>
                    </div>
                </fieldset>
                <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
                <Show when=move || editable>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=pending>
                            {move || if pending.get() { i18n.t(K::Saving) } else { i18n.t(K::Save) }}
                        </button>
                        {task_id.map(|id| view! {
                            <button type="button" class="btn" on:click=move |_| board.drawer.set(Some(Drawer::New { parent_id: Some(id), status: TaskStatus::Todo }))>
                                {tr(K::AddSubtask)}
                            </button>
                            <button type="button" class="btn btn-danger" on:click=remove>{tr(K::Delete)}</button>
                        })}
                    </div>
                </Show>
            </form>
            {task_id.filter(|_| board.links.is_some()).map(|id| view! { <Dependencies board task_id=id/> })}
            {task_id.map(|id| view! {
                <Attachments project_id=board.project_id place=Place::Task(id) heading=true/>
            })}
            {task_id.map(|id| {
                let thread = Thread { project_id: board.project_id, task_id: Some(id) };
                let on = board.tasks.with_untracked(|all| {
                    all.iter().find(|t| t.id == id).map(|t| t.input.title.clone()).unwrap_or_default()
                });
                view! { <Comments thread can_comment=board.can_comment moderate=board.can_configure on/> }
            })}
        </Drawer>
    }
}
