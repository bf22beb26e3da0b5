//! The list tab: the task tree as an indented table, or filtered and sorted by a column, and
//! exported as CSV.
use leptos::prelude::*;

use std::collections::HashSet;

use super::board::with_task_board;
use crate::api::planning::reschedule_tasks;
use crate::api::tasks::bulk_update_tasks;
use crate::components::live_connection::WatchersOf;
use crate::components::offline::{save_task_edit, use_offline};
use crate::components::task_board::{Drawer, TaskBoard};
use crate::components::task_form::LabelChips;
use crate::components::ui::{
    format_date, parse_date, today, ErrorBox, ProgressBar, TaskStatusBadge,
};
use crate::domain::task_list::{to_csv, DueWindow, ListView, SortKey};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{BulkEdit, Id, Priority, Reschedule, TaskInput, TaskStatus};

#[component]
pub fn ListTab() -> impl IntoView {
    with_task_board(|board| view! { <TaskList board/> }.into_any())
}

/// The bar that edits every selected task at once: only the fields chosen change.
#[component]
fn BulkBar(board: TaskBoard, selected: RwSignal<HashSet<Id>>) -> impl IntoView {
    let i18n = use_i18n();
    let edit = RwSignal::new(BulkEdit::default());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(None::<usize>);
    let members = board.members.get_value();
    let label_options = move || {
        board.settings.with(|s| {
            s.labels
                .iter()
                .map(|l| view! { <option value=l.id.to_string()>{l.name.clone()}</option> })
                .collect_view()
        })
    };
    let apply = move |_| {
        let mut change = edit.get_untracked();
        change.project_id = board.project_id;
        change.task_ids = selected.with_untracked(|s| s.iter().copied().collect());
        change.due_date = parse_date(&due.get_untracked());
        let count = change.task_ids.len();
        leptos::task::spawn_local(async move {
            match bulk_update_tasks(change).await {
                Ok(tasks) => {
                    board.tasks.set(tasks);
                    error.set(None);
                    done.set(Some(count));
                    edit.set(BulkEdit::default());
                    due.set(String::new());
                    selected.set(HashSet::new());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        {move || done.get().map(|n| view! { <div class="alert alert-success bulk-done" role="status">{i18n.t(K::BulkUpdated).replace("{n}", &n.to_string())}</div> })}
        <Show when=move || selected.with(|s| !s.is_empty())>
            <div class="bulk-bar" role="region" aria-label=tr(K::BulkApply)>
                <strong class="bulk-count">{move || i18n.t(K::SelectedCount).replace("{n}", &selected.with(|s| s.len()).to_string())}</strong>
                <select id="bulk-status" aria-label=tr(K::Status) prop:value=move || edit.with(|e| e.status.map(|s| s.as_str()).unwrap_or(""))
                    on:change=move |ev| edit.update(|e| e.status = TaskStatus::parse(&event_target_value(&ev)))>
                    <option value="">{tr(K::Status)} " " {tr(K::Keep)}</option>
                    {TaskStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{tr(s.label())}</option> }).collect_view()}
                </select>
                <select id="bulk-owner" aria-label=tr(K::Owner) on:change=move |ev| {
                    let value = event_target_value(&ev);
                    edit.update(|e| {
                        e.unassign = value == "none";
                        e.owner_id = value.parse().ok();
                    });
                }>
                    <option value="" selected=move || edit.with(|e| e.owner_id.is_none() && !e.unassign)>{tr(K::Owner)} " " {tr(K::Keep)}</option>
                    <option value="none">{tr(K::Unassigned)}</option>
                    {members.iter().map(|m| view! { <option value=m.user.id.to_string()>{m.user.display_name.clone()}</option> }).collect_view()}
                </select>
                <select id="bulk-priority" aria-label=tr(K::Priority) prop:value=move || edit.with(|e| e.priority.map(|p| p.as_str()).unwrap_or(""))
                    on:change=move |ev| edit.update(|e| e.priority = Priority::parse(&event_target_value(&ev)))>
                    <option value="">{tr(K::Priority)} " " {tr(K::Keep)}</option>
                    {Priority::ALL.iter().map(|p| view! { <option value=p.as_str()>{tr(p.label())}</option> }).collect_view()}
                </select>
                <label class="bulk-due">
                    <span>{tr(K::DueDate)}</span>
                    <input id="bulk-due" type="date" prop:value=due on:input=move |ev| due.set(event_target_value(&ev))/>
                </label>
                <select id="bulk-add-label" aria-label=tr(K::AddLabel) prop:value=move || edit.with(|e| e.add_label.map(|l| l.to_string()).unwrap_or_default())
                    on:change=move |ev| edit.update(|e| e.add_label = event_target_value(&ev).parse().ok())>
                    <option value="">{tr(K::AddLabel)}</option>
                    {label_options}
                </select>
                <select id="bulk-remove-label" aria-label=tr(K::RemoveLabel) prop:value=move || edit.with(|e| e.remove_label.map(|l| l.to_string()).unwrap_or_default())
                    on:change=move |ev| edit.update(|e| e.remove_label = event_target_value(&ev).parse().ok())>
                    <option value="">{tr(K::RemoveLabel)}</option>
                    {label_options}
                </select>
                <button class="btn btn-primary bulk-apply" on:click=apply>{tr(K::BulkApply)}</button>
                <button class="btn btn-text" on:click=move |_| selected.set(HashSet::new())>{tr(K::ClearSelection)}</button>
            </div>
            <ErrorBox error=error/>
        </Show>
    }
}

#[component]
fn TaskList(board: TaskBoard) -> impl IntoView {
    let i18n = use_i18n();
    let today = today();
    let view_state = RwSignal::new(ListView::default());
    let selected = RwSignal::new(HashSet::<Id>::new());
    let rows = move || view_state.with(|v| board.tasks.with(|all| v.rows(all, today)));
    let error = RwSignal::new(None::<AppError>);
    let offline = use_offline();
    // Summary tasks take their dates and progress from their subtasks: not edited in a cell.
    let summaries = Memo::new(move |_| {
        board.tasks.with(|all| {
            all.iter()
                .filter_map(|t| t.input.parent_id)
                .collect::<HashSet<Id>>()
        })
    });
    // An edit in a cell: the task as it is, with one field changed, saved at once. New dates go
    // through the scheduler, so the tasks that depend on this one move in the list as well. What
    // a cell cannot read is sent as an impossible value, so the server's validation answers it
    // with its message and the cell is put back.
    let inline = move |id: Id, apply: fn(&mut TaskInput, &str), value: String| {
        let Some(task) = board
            .tasks
            .with_untracked(|all| all.iter().find(|t| t.id == id).cloned())
        else {
            return;
        };
        let mut input = task.input.clone();
        apply(&mut input, &value);
        if input == task.input {
            return;
        }
        let new_dates = (input.start_date, input.due_date);
        let rescheduled = match new_dates {
            (Some(start), Some(due))
                if new_dates != (task.input.start_date, task.input.due_date) =>
            {
                Some(Reschedule {
                    task_id: id,
                    version: task.version,
                    start,
                    due,
                })
            }
            _ => None,
        };
        leptos::task::spawn_local(async move {
            // Offline, the edit waits on this device (new dates then move dependents when it
            // is applied).
            let saved = match rescheduled {
                Some(request) => match reschedule_tasks(board.project_id, vec![request]).await {
                    Err(AppError::Transport(_)) if offline.is_some() => {
                        save_task_edit(offline, task.clone(), input)
                            .await
                            .map(|t| vec![t])
                    }
                    other => other.map(|change| change.tasks),
                },
                None => save_task_edit(offline, task.clone(), input)
                    .await
                    .map(|t| vec![t]),
            };
            match saved {
                Ok(tasks) => {
                    error.set(None);
                    for t in tasks {
                        board.replace(t);
                    }
                }
                Err(e) => {
                    error.set(Some(e));
                    // Put the cell back as it was.
                    board.replace(task);
                }
            }
        });
    };
    let export = move |_| {
        let csv = to_csv(&rows(), i18n.locale.get_untracked());
        crate::components::ui::download_text("tasks.csv", "text/csv;charset=utf-8", &csv);
    };
    // A header that sorts by its column: first ascending, then descending, then back to the tree.
    let header = move |key: SortKey, label: K, class: &'static str| {
        let state = move || view_state.with(|v| (v.sort == key).then_some(v.descending));
        view! {
            <th class=class aria-sort=move || match state() {
                Some(false) => "ascending",
                Some(true) => "descending",
                None => "none",
            }>
                <button class="sort-button" on:click=move |_| view_state.update(|v| {
                    match (v.sort == key, v.descending) {
                        (false, _) => { v.sort = key; v.descending = false; }
                        (true, false) => v.descending = true,
                        (true, true) => { v.sort = SortKey::Tree; v.descending = false; }
                    }
                })>
                    {tr(label)}
                    <span class="sort-mark" aria-hidden="true">{move || match state() {
                        Some(false) => "▲",
                        Some(true) => "▼",
                        None => "",
                    }}</span>
                </button>
            </th>
        }
    };
    let members = board.members.get_value();
    view! {
        <div class="toolbar">
            <Show when=move || board.can_edit>
                <button class="btn btn-primary" on:click=move |_| board.drawer.set(Some(Drawer::New { parent_id: None, status: TaskStatus::Todo }))>
                    "+ " {tr(K::NewTask)}
                </button>
            </Show>
            <select id="filter-status" aria-label=tr(K::Status) on:change=move |ev| view_state.update(|v| v.status = TaskStatus::parse(&event_target_value(&ev)))>
                <option value="">{tr(K::Status)} ": " {tr(K::All)}</option>
                {TaskStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{tr(s.label())}</option> }).collect_view()}
            </select>
            <select id="filter-owner" aria-label=tr(K::Owner) on:change=move |ev| view_state.update(|v| v.owner = event_target_value(&ev).parse().ok())>
                <option value="">{tr(K::Owner)} ": " {tr(K::All)}</option>
                {members.into_iter().map(|m| view! { <option value=m.user.id>{m.user.display_name}</option> }).collect_view()}
            </select>
            <select id="filter-due" aria-label=tr(K::DueWindowLabel) on:change=move |ev| view_state.update(|v| v.due = DueWindow::parse(&event_target_value(&ev)))>
                <option value="">{tr(K::DueWindowLabel)} ": " {tr(K::All)}</option>
                {DueWindow::ALL.iter().map(|w| view! { <option value=w.as_str()>{tr(w.label())}</option> }).collect_view()}
            </select>
            <button class="btn" on:click=export>{tr(K::ExportCsv)}</button>
        </div>
        <Show when=move || board.can_edit>
            <BulkBar board selected/>
        </Show>
        <ErrorBox error=error/>
        <div class="table-wrap">
            <table class="table responsive task-table">
                <thead>
                    <tr>
                        {board.can_edit.then(|| view! {
                            <th class="col-select">
                                <input type="checkbox" class="select-all" aria-label=tr(K::SelectAll)
                                    prop:checked=move || { let shown = rows(); !shown.is_empty() && selected.with(|s| shown.iter().all(|(t, _)| s.contains(&t.id))) }
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let shown: Vec<Id> = rows().iter().map(|(t, _)| t.id).collect();
                                        selected.update(|s| for id in shown { if on { s.insert(id); } else { s.remove(&id); } });
                                    }/>
                            </th>
                        })}
                        {header(SortKey::Title, K::TaskTitle, "")}
                        {header(SortKey::Owner, K::Owner, "")}
                        {header(SortKey::Status, K::Status, "")}
                        {header(SortKey::Priority, K::Priority, "")}
                        {header(SortKey::Start, K::StartDate, "")}
                        {header(SortKey::Due, K::DueDate, "")}
                        {header(SortKey::Progress, K::Progress, "col-progress")}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let rows = rows();
                        if rows.is_empty() {
                            return view! { <tr><td colspan="8" class="empty">{tr(K::NoTasks)}</td></tr> }.into_any();
                        }
                        rows.into_iter().map(|(t, depth)| {
                            let id = t.id;
                            let overdue = t.input.due_date.is_some_and(|d| d < today) && t.input.status != TaskStatus::Done;
                            view! {
                                <tr class="task-row" data-task-id=id class:selected=move || selected.with(|s| s.contains(&id))
                                    on:click=move |_| board.drawer.set(Some(Drawer::Edit(id)))>
                                    {board.can_edit.then(|| view! {
                                        <td class="col-select" on:click=|ev| ev.stop_propagation()>
                                            <input type="checkbox" class="select-task" aria-label=tr(K::SelectTask)
                                                prop:checked=move || selected.with(|s| s.contains(&id))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    selected.update(|s| if on { s.insert(id); } else { s.remove(&id); });
                                                }/>
                                        </td>
                                    })}
                                    <td data-label=move || i18n.t(K::TaskTitle)>
                                        <span class="tree-title" style=format!("padding-left:{}px", depth * 20)>
                                            {(depth > 0).then_some("└ ")}
                                            {t.input.milestone.then_some("◆ ")}
                                            <span class="task-title">{t.input.title.clone()}</span>
                                            <WatchersOf task=id/>
                                            <LabelChips board ids=t.input.labels.clone()/>
                                        </span>
                                    </td>
                                    {if board.can_edit {
                                        let (owner, status, priority) = (t.input.owner_id, t.input.status, t.input.priority);
                                        view! {
                                            <td data-label=move || i18n.t(K::Owner) on:click=|ev| ev.stop_propagation()>
                                                <select class="inline-owner" aria-label=tr(K::Owner) prop:value=owner.map(|o| o.to_string()).unwrap_or_default()
                                                    on:change=move |ev| inline(id, |i, v| i.owner_id = v.parse().ok(), event_target_value(&ev))>
                                                    <option value="" selected=owner.is_none()>{tr(K::Unassigned)}</option>
                                                    {board.members.get_value().into_iter().map(|m| view! {
                                                        <option value=m.user.id.to_string() selected=owner == Some(m.user.id)>{m.user.display_name}</option>
                                                    }).collect_view()}
                                                </select>
                                            </td>
                                            <td data-label=move || i18n.t(K::Status) on:click=|ev| ev.stop_propagation()>
                                                <select class=format!("inline-status task-{}", status.as_str()) aria-label=tr(K::Status) prop:value=status.as_str()
                                                    on:change=move |ev| inline(id, |i, v| if let Some(s) = TaskStatus::parse(v) { i.set_status(s) }, event_target_value(&ev))>
                                                    {TaskStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == status>{tr(s.label())}</option> }).collect_view()}
                                                </select>
                                            </td>
                                            <td data-label=move || i18n.t(K::Priority) on:click=|ev| ev.stop_propagation()>
                                                <select class=format!("inline-priority priority-{}", priority.as_str()) aria-label=tr(K::Priority) prop:value=priority.as_str()
                                                    on:change=move |ev| inline(id, |i, v| if let Some(p) = Priority::parse(v) { i.priority = p }, event_target_value(&ev))>
                                                    {Priority::ALL.iter().map(|p| view! { <option value=p.as_str() selected=*p == priority>{tr(p.label())}</option> }).collect_view()}
                                                </select>
                                            </td>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <td data-label=move || i18n.t(K::Owner)>{t.owner.clone().map(|o| o.display_name).unwrap_or_default()}</td>
                                            <td data-label=move || i18n.t(K::Status)><TaskStatusBadge status=t.input.status/></td>
                                            <td data-label=move || i18n.t(K::Priority)><span class=format!("chip priority-{}", t.input.priority.as_str())>{tr(t.input.priority.label())}</span></td>
                                        }.into_any()
                                    }}
                                    {if board.can_edit && !summaries.with_untracked(|s| s.contains(&id)) {
                                        let (start, due, progress) = (t.input.start_date, t.input.due_date, t.input.progress);
                                        view! {
                                            <td data-label=move || i18n.t(K::StartDate) on:click=|ev| ev.stop_propagation()>
                                                <input type="date" class="inline-date inline-start" aria-label=tr(K::StartDate) prop:value=format_date(start)
                                                    on:change=move |ev| inline(id, |i, v| i.start_date = parse_date(v), event_target_value(&ev))/>
                                            </td>
                                            <td data-label=move || i18n.t(K::DueDate) class:overdue=overdue on:click=|ev| ev.stop_propagation()>
                                                <input type="date" class="inline-date inline-due" aria-label=tr(K::DueDate) prop:value=format_date(due)
                                                    on:change=move |ev| inline(id, |i, v| i.due_date = parse_date(v), event_target_value(&ev))/>
                                                {overdue.then(|| view! { <span class="overdue-mark">{tr(K::Overdue)}</span> })}
                                            </td>
                                            <td data-label=move || i18n.t(K::Progress) class="col-progress" on:click=|ev| ev.stop_propagation()>
                                                <span class="inline-progress-cell">
                                                    <input type="number" class="inline-progress" min="0" max="100" step="5" inputmode="numeric" aria-label=tr(K::Progress)
                                                        prop:value=progress.to_string()
                                                        on:change=move |ev| inline(id, |i, v| i.progress = v.trim().trim_end_matches('%').parse().unwrap_or(u8::MAX), event_target_value(&ev))/>
                                                    "%"
                                                    <ProgressBar value=progress/>
                                                </span>
                                            </td>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <td data-label=move || i18n.t(K::StartDate)>{format_date(t.input.start_date)}</td>
                                            <td data-label=move || i18n.t(K::DueDate) class:overdue=overdue>
                                                {format_date(t.input.due_date)}
                                                {overdue.then(|| view! { " · " {tr(K::Overdue)} })}
                                            </td>
                                            <td data-label=move || i18n.t(K::Progress) class="col-progress"><ProgressBar value=t.input.progress/></td>
                                        }.into_any()
                                    }}
                                </tr>
                            }
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}
