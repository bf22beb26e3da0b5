//! A card on the board: its labels, title, who is looking at it, priority, milestone, subtasks,
//! owner, due date (marked when overdue, in words as well as colour) and progress; dragged, or
//! moved with the keyboard (Space, the arrow keys, Space or Escape).
use leptos::prelude::*;

use super::board_view::BoardView;
use super::keyboard::Arrow;
use super::pointer::start_drag;
use super::state::Target;
use crate::components::live_connection::WatchersOf;
use crate::components::task_board::Drawer;
use crate::components::task_form::LabelChips;
use crate::domain::board::Lane;
use crate::i18n::{tr, K};
use crate::model::{Id, TaskStatus, TaskView};

pub fn task_card(kanban: BoardView, (task, column, lane): (TaskView, Id, Lane)) -> impl IntoView {
    let BoardView {
        board,
        drag,
        held,
        keep_focus,
        dragged_recently,
        child_counts,
        today,
        ..
    } = kanban;
    let id = task.id;
    let done = task.input.status == TaskStatus::Done;
    let overdue = task.input.due_date.is_some_and(|d| d < today) && !done;
    let subtasks = child_counts.with_untracked(|c| c.get(&id).copied().unwrap_or(0));
    let here = move || {
        kanban.is_over(Target {
            column,
            lane,
            before: Some(id),
        })
    };
    let dragging = move || drag.with(|d| d.is_some_and(|d| d.active && d.task_id == id));
    let lifted = move || held.with(|h| h.is_some_and(|h| h.task_id == id));
    // Moved with the keyboard, the card is drawn anew in its place: focus follows it there.
    let node = NodeRef::<leptos::html::Article>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            if keep_focus.get_value() == Some(id) {
                // Once the card is in the page, not only built.
                request_animation_frame(move || {
                    let _ = el.focus();
                });
            }
        }
    });
    let on_key = move |e: leptos::ev::KeyboardEvent| {
        let key = e.key();
        if key == "Enter" && !lifted() {
            board.drawer.set(Some(Drawer::Edit(id)));
        } else if key == " " {
            e.prevent_default();
            kanban.space(id);
        } else if key == "Escape" && lifted() {
            e.prevent_default();
            kanban.put_back();
        } else if let Some(arrow) = Arrow::from_key(&key) {
            if lifted() && kanban.arrow(arrow) {
                e.prevent_default();
            }
        }
    };
    // Focus gone elsewhere: the held card stays where it was. A card drawn anew loses focus as
    // its old element leaves the page — known a moment later, when that element is gone.
    let on_blur = move |_| {
        let Some(el) = node.get_untracked() else {
            return;
        };
        set_timeout(
            move || {
                if el.is_connected() {
                    keep_focus.set_value(None);
                    if held.with_untracked(|h| h.is_some_and(|h| h.task_id == id)) {
                        kanban.put_back();
                    }
                }
            },
            std::time::Duration::ZERO,
        );
    };
    let priority_class = format!("chip priority-{}", task.input.priority.as_str());
    let labels = task.input.labels.clone();
    view! {
        <Show when=here>
            <div class="drop-indicator"></div>
        </Show>
        <article
            class="card task-card"
            class:dragging=dragging
            class:held=lifted
            class:overdue=overdue
            data-task-id=id
            tabindex="0"
            node_ref=node
            aria-describedby=board.can_edit.then_some("kanban-keys")
            on:pointerdown=move |e| {
                // Mouse drags from anywhere on the card; touch only from the grip, so the board still scrolls.
                if e.pointer_type() == "mouse" && board.can_edit {
                    start_drag(kanban, id, e);
                }
            }
            on:keydown=on_key
            on:blur=on_blur
            on:click=move |_| {
                if !dragged_recently.get_value() {
                    board.drawer.set(Some(Drawer::Edit(id)));
                }
                dragged_recently.set_value(false);
            }
        >
            {(!labels.is_empty()).then(|| view! {
                <div class="card-labels"><LabelChips board ids=labels/></div>
            })}
            <div class="task-card-head">
                <span class="task-title">{task.input.title.clone()}</span>
                <WatchersOf task=id/>
                <Show when=move || board.can_edit>
                    <span
                        class="grip"
                        aria-hidden="true"
                        on:pointerdown=move |e| {
                            e.stop_propagation();
                            e.prevent_default();
                            start_drag(kanban, id, e);
                        }
                    >
                        "⠿"
                    </span>
                </Show>
            </div>
            <div class="task-meta">
                <span class=priority_class>{tr(task.input.priority.label())}</span>
                {task.input.milestone.then(|| view! { <span class="chip milestone">"◆ " {tr(K::Milestone)}</span> })}
                {(subtasks > 0).then(|| view! { <span class="chip subtask-count" title=tr(K::Subtasks)>"⧉ " {subtasks}</span> })}
            </div>
            <div class="task-foot">
                <span class="owner">
                    {match task.owner.clone() {
                        Some(o) => view! {
                            <span class="avatar" aria-hidden="true">{o.display_name.chars().next().map(String::from).unwrap_or_default()}</span>
                            <span>{o.display_name}</span>
                        }.into_any(),
                        None => view! { <span class="muted">{tr(K::Unassigned)}</span> }.into_any(),
                    }}
                </span>
                {task.input.due_date.map(|d| view! {
                    <span class="due" class:overdue=overdue>
                        {d.format("%m-%d").to_string()}
                        {overdue.then(|| view! { " · " {tr(K::Overdue)} })}
                    </span>
                })}
            </div>
            <div class="mini-progress" role="progressbar" aria-label=tr(K::Progress)
                aria-valuenow=task.input.progress aria-valuemin="0" aria-valuemax="100">
                <div style=format!("width:{}%", task.input.progress)></div>
            </div>
        </article>
    }
}
