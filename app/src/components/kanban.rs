//! The kanban board: one column per task status; cards are dragged with mouse or touch (from the
//! grip) to another column or another place in the same column, and the move is saved at once.
use leptos::prelude::*;

use super::task_form::{Drawer, TaskBoard};
use super::ui::{today, ErrorBox};
use crate::api::tasks::{create_task, move_task};
use crate::domain::ordering::slot_at;
use crate::error::AppError;
use crate::i18n::{tr, K};
use crate::model::{Id, TaskInput, TaskMove, TaskStatus, TaskView};

/// A card being dragged: where the pointer is and where the card would land.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    task_id: Id,
    start: (i32, i32),
    at: (i32, i32),
    /// Moved far enough to count as a drag rather than a click.
    active: bool,
    target: Option<(TaskStatus, Option<Id>)>,
}

fn column_of(tasks: &[TaskView], status: TaskStatus) -> Vec<TaskView> {
    let mut cards: Vec<TaskView> = tasks
        .iter()
        .filter(|t| t.input.status == status)
        .cloned()
        .collect();
    cards.sort_by_key(|t| (t.sort_order, t.id));
    cards
}

/// The column and the card before which a card dropped at (x, y) lands.
#[cfg(feature = "hydrate")]
fn drop_target(x: i32, y: i32, dragged: Id) -> Option<(TaskStatus, Option<Id>)> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    let hit = document.element_from_point(x as f32, y as f32)?;
    let column = hit.closest("[data-column]").ok()??;
    let status = TaskStatus::parse(&column.get_attribute("data-column")?)?;
    let cards = column.query_selector_all("[data-task-id]").ok()?;
    for i in 0..cards.length() {
        let Some(card) = cards
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Some(id) = card
            .get_attribute("data-task-id")
            .and_then(|v| v.parse::<Id>().ok())
        else {
            continue;
        };
        if id == dragged {
            continue;
        }
        let rect = card.get_bounding_client_rect();
        if f64::from(y) < rect.top() + rect.height() / 2.0 {
            return Some((status, Some(id)));
        }
    }
    Some((status, None))
}

#[component]
pub fn Kanban(board: TaskBoard) -> impl IntoView {
    let drag = RwSignal::new(None::<Drag>);
    let error = RwSignal::new(None::<AppError>);
    // A drag ends with a click on whatever is under the pointer; that click must not open a card.
    let dragged_recently = StoredValue::new(false);
    let scroller = NodeRef::<leptos::html::Div>::new();

    let commit = move |task_id: Id, status: TaskStatus, before_id: Option<Id>| {
        let Some(previous) = board
            .tasks
            .with_untracked(|all| all.iter().find(|t| t.id == task_id).cloned())
        else {
            return;
        };
        // Show the move at once; the server's answer replaces it, or the card goes back.
        let column = board.tasks.with_untracked(|all| column_of(all, status));
        let others: Vec<&TaskView> = column.iter().filter(|t| t.id != task_id).collect();
        let index = before_id
            .and_then(|b| others.iter().position(|t| t.id == b))
            .unwrap_or(others.len());
        if previous.input.status == status && others.get(index).map(|t| t.id) == before_id {
            let current_index = column.iter().position(|t| t.id == task_id);
            if current_index == Some(index) {
                return;
            }
        }
        let positions: Vec<i64> = others.iter().map(|t| t.sort_order).collect();
        let mut moved = previous.clone();
        moved.input.status = status;
        moved.sort_order = slot_at(&positions, index).unwrap_or(previous.sort_order);
        board.replace(moved);
        leptos::task::spawn_local(async move {
            match move_task(TaskMove {
                task_id,
                status,
                before_id,
            })
            .await
            {
                Ok(saved) => {
                    error.set(None);
                    board.replace(saved);
                }
                Err(e) => {
                    board.replace(previous);
                    error.set(Some(e));
                }
            }
        });
    };

    #[cfg(feature = "hydrate")]
    {
        let on_move = window_event_listener(leptos::ev::pointermove, move |e| {
            let Some(mut d) = drag.get_untracked() else {
                return;
            };
            d.at = (e.client_x(), e.client_y());
            if !d.active && ((d.at.0 - d.start.0).abs() + (d.at.1 - d.start.1).abs()) > 6 {
                d.active = true;
            }
            if d.active {
                e.prevent_default();
                d.target = drop_target(d.at.0, d.at.1, d.task_id);
                // Near the edge of a scrolled board (phones), scroll it so other columns come into reach.
                if let Some(el) = scroller.get_untracked() {
                    let rect = el.get_bounding_client_rect();
                    let x = f64::from(d.at.0);
                    if x > rect.right() - 40.0 {
                        el.set_scroll_left(el.scroll_left() + 16);
                    } else if x < rect.left() + 40.0 {
                        el.set_scroll_left(el.scroll_left() - 16);
                    }
                }
            }
            drag.set(Some(d));
        });
        let on_up = window_event_listener(leptos::ev::pointerup, move |_| {
            let Some(d) = drag.get_untracked() else {
                return;
            };
            drag.set(None);
            if d.active {
                dragged_recently.set_value(true);
                if let Some((status, before)) = d.target {
                    commit(d.task_id, status, before);
                }
            }
        });
        let on_cancel = window_event_listener(leptos::ev::pointercancel, move |_| drag.set(None));
        on_cleanup(move || {
            on_move.remove();
            on_up.remove();
            on_cancel.remove();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = commit;

    let start_drag = move |task_id: Id, e: leptos::ev::PointerEvent| {
        if e.button() != 0 {
            return;
        }
        dragged_recently.set_value(false);
        let at = (e.client_x(), e.client_y());
        drag.set(Some(Drag {
            task_id,
            start: at,
            at,
            active: false,
            target: None,
        }));
    };

    let today = today();
    let card = move |task: TaskView| {
        let id = task.id;
        let status = task.input.status;
        let overdue = task.input.due_date.is_some_and(|d| d < today) && status != TaskStatus::Done;
        let subtasks = board.child_count(id);
        let indicator = move || {
            drag.with(|d| d.is_some_and(|d| d.active && d.target == Some((status, Some(id)))))
        };
        let dragging = move || drag.with(|d| d.is_some_and(|d| d.active && d.task_id == id));
        let priority_class = format!("chip priority-{}", task.input.priority.as_str());
        view! {
            <Show when=indicator>
                <div class="drop-indicator"></div>
            </Show>
            <article
                class="card task-card"
                class:dragging=dragging
                class:overdue=overdue
                data-task-id=id
                tabindex="0"
                on:pointerdown=move |e| {
                    // Mouse drags from anywhere on the card; touch only from the grip, so the board still scrolls.
                    if e.pointer_type() == "mouse" && board.can_edit {
                        start_drag(id, e);
                    }
                }
                on:keydown=move |e| if e.key() == "Enter" { board.drawer.set(Some(Drawer::Edit(id))) }
                on:click=move |_| {
                    if !dragged_recently.get_value() {
                        board.drawer.set(Some(Drawer::Edit(id)));
                    }
                    dragged_recently.set_value(false);
                }
            >
                <div class="task-card-head">
                    <span class="task-title">{task.input.title.clone()}</span>
                    <Show when=move || board.can_edit>
                        <span
                            class="grip"
                            aria-hidden="true"
                            on:pointerdown=move |e| {
                                e.stop_propagation();
                                e.prevent_default();
                                start_drag(id, e);
                            }
                        >
                            "⠿"
                        </span>
                    </Show>
                </div>
                <div class="task-meta">
                    <span class=priority_class>{tr(task.input.priority.label())}</span>
                    {task.input.milestone.then(|| view! { <span class="chip milestone">"◆ " {tr(K::Milestone)}</span> })}
                    {(subtasks > 0).then(|| view! { <span class="chip" title=tr(K::Subtasks)>"⧉ " {subtasks}</span> })}
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
                <div class="mini-progress" aria-label=tr(K::Progress)>
                    <div style=format!("width:{}%", task.input.progress)></div>
                </div>
            </article>
        }
    };

    let quick_add = move |status: TaskStatus| {
        let title = RwSignal::new(String::new());
        view! {
            <Show when=move || board.can_edit>
                <input
                    class="quick-add"
                    placeholder=tr(K::QuickAddPlaceholder)
                    prop:value=title
                    on:input=move |ev| title.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() != "Enter" {
                            return;
                        }
                        ev.prevent_default();
                        let text = title.get_untracked();
                        if text.trim().is_empty() {
                            return;
                        }
                        title.set(String::new());
                        leptos::task::spawn_local(async move {
                            let input = TaskInput { status, ..TaskInput::titled(text) };
                            match create_task(board.project_id, input).await {
                                Ok(task) => board.replace(task),
                                Err(e) => error.set(Some(e)),
                            }
                        });
                    }
                />
            </Show>
        }
    };

    let ghost = move || {
        drag.get().filter(|d| d.active).and_then(|d| {
            let title = board.tasks.with(|all| all.iter().find(|t| t.id == d.task_id).map(|t| t.input.title.clone()))?;
            Some(view! {
                <div class="card task-card ghost" style=format!("left:{}px;top:{}px", d.at.0 + 8, d.at.1 + 8)>{title}</div>
            })
        })
    };

    view! {
        <ErrorBox error=error/>
        <Show when=move || board.can_edit>
            <p class="hint">{tr(K::DragHint)}</p>
        </Show>
        <div class="kanban" node_ref=scroller class:is-dragging=move || drag.with(|d| d.is_some_and(|d| d.active))>
            {TaskStatus::ALL
                .iter()
                .map(|&status| {
                    let cards = Memo::new(move |_| board.tasks.with(|all| column_of(all, status)));
                    let end_indicator = move || drag.with(|d| d.is_some_and(|d| d.active && d.target == Some((status, None))));
                    view! {
                        <section class="column" data-column=status.as_str() aria-label=tr(status.label())>
                            <header class="column-head">
                                <span class=format!("dot task-{}", status.as_str())></span>
                                <span class="column-title">{tr(status.label())}</span>
                                <span class="count">{move || cards.with(|c| c.len())}</span>
                            </header>
                            <div class="cards">
                                <For each=move || cards.get() key=|t| (t.id, t.version, t.sort_order, t.input.status) children=card/>
                                <Show when=end_indicator>
                                    <div class="drop-indicator"></div>
                                </Show>
                            </div>
                            {quick_add(status)}
                        </section>
                    }
                })
                .collect_view()}
        </div>
        {ghost}
    }
}
