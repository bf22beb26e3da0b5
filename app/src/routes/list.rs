//! The list tab: the task tree as an indented table.
use leptos::prelude::*;

use super::board::with_task_board;
use crate::components::task_form::{Drawer, TaskBoard};
use crate::components::ui::{format_date, today, ProgressBar, TaskStatusBadge};
use crate::domain::tree::flatten;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{TaskStatus, TaskView};

#[component]
pub fn ListTab() -> impl IntoView {
    with_task_board(|board| view! { <TaskList board/> }.into_any())
}

#[component]
fn TaskList(board: TaskBoard) -> impl IntoView {
    let i18n = use_i18n();
    let today = today();
    let rows = move || {
        board.tasks.with(|all| {
            let mut sorted: Vec<TaskView> = all.clone();
            sorted.sort_by_key(|t| (t.input.start_date, t.sort_order, t.id));
            flatten(&sorted, |t| t.id, |t| t.input.parent_id)
                .into_iter()
                .map(|(index, depth)| (sorted[index].clone(), depth))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="toolbar">
            <Show when=move || board.can_edit>
                <button class="btn btn-primary" on:click=move |_| board.drawer.set(Some(Drawer::New { parent_id: None, status: TaskStatus::Todo }))>
                    "+ " {tr(K::NewTask)}
                </button>
            </Show>
        </div>
        <div class="table-wrap">
            <table class="table responsive task-table">
                <thead>
                    <tr>
                        <th>{tr(K::TaskTitle)}</th>
                        <th>{tr(K::Owner)}</th>
                        <th>{tr(K::Status)}</th>
                        <th>{tr(K::Priority)}</th>
                        <th>{tr(K::StartDate)}</th>
                        <th>{tr(K::DueDate)}</th>
                        <th class="col-progress">{tr(K::Progress)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let rows = rows();
                        if rows.is_empty() {
                            return view! { <tr><td colspan="7" class="empty">{tr(K::NoTasks)}</td></tr> }.into_any();
                        }
                        rows.into_iter().map(|(t, depth)| {
                            let id = t.id;
                            let overdue = t.input.due_date.is_some_and(|d| d < today) && t.input.status != TaskStatus::Done;
                            view! {
                                <tr class="task-row" data-task-id=id on:click=move |_| board.drawer.set(Some(Drawer::Edit(id)))>
                                    <td data-label=move || i18n.t(K::TaskTitle)>
                                        <span class="tree-title" style=format!("padding-left:{}px", depth * 20)>
                                            {(depth > 0).then_some("└ ")}
                                            {t.input.milestone.then_some("◆ ")}
                                            <span class="task-title">{t.input.title.clone()}</span>
                                        </span>
                                    </td>
                                    <td data-label=move || i18n.t(K::Owner)>{t.owner.map(|o| o.display_name).unwrap_or_default()}</td>
                                    <td data-label=move || i18n.t(K::Status)><TaskStatusBadge status=t.input.status/></td>
                                    <td data-label=move || i18n.t(K::Priority)><span class=format!("chip priority-{}", t.input.priority.as_str())>{tr(t.input.priority.label())}</span></td>
                                    <td data-label=move || i18n.t(K::StartDate)>{format_date(t.input.start_date)}</td>
                                    <td data-label=move || i18n.t(K::DueDate) class:overdue=overdue>
                                        {format_date(t.input.due_date)}
                                        {overdue.then(|| view! { " · " {tr(K::Overdue)} })}
                                    </td>
                                    <td data-label=move || i18n.t(K::Progress) class="col-progress"><ProgressBar value=t.input.progress/></td>
                                </tr>
                            }
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}
