//! The kanban board: the project's columns (each counting as a task status, with an optional WIP
//! limit), optional swimlanes by owner or priority, filters, and cards dragged with mouse or touch
//! (from the grip) to another place, column or lane; each move is saved at once.
use leptos::prelude::*;

use super::board_settings::BoardSettingsPanel;
use super::live_connection::WatchersOf;
use super::task_board::{Drawer, TaskBoard};
use super::task_form::LabelChips;
use super::ui::{today, when_near, ErrorBox};
use crate::api::tasks::{create_task, move_task};
use crate::domain::board::{
    cards_in, column_title, lanes, ordered, wip, BoardFilter, Lane, Swimlanes, Wip,
};
use crate::domain::ordering::slot_at;
use crate::domain::task_list::DueWindow;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{BoardColumn, Id, LaneChange, TaskInput, TaskMove, TaskStatus, TaskView};

/// Cards a column draws before "show more".
const CARDS_PER_PAGE: usize = 50;

/// Where a dragged card would land: a column of a lane, before a card or at the end.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Target {
    column: Id,
    lane: Lane,
    before: Option<Id>,
}

/// A card being dragged: where the pointer is and where the card would land.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    task_id: Id,
    start: (i32, i32),
    at: (i32, i32),
    /// Moved far enough to count as a drag rather than a click.
    active: bool,
    target: Option<Target>,
}

/// The drop target under (x, y), read from the board's `data-` attributes.
#[cfg(feature = "hydrate")]
fn drop_target(x: i32, y: i32, dragged: Id) -> Option<Target> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    let hit = document.element_from_point(x as f32, y as f32)?;
    let cell = hit.closest("[data-column]").ok()??;
    let column = cell.get_attribute("data-column")?.parse::<Id>().ok()?;
    let lane = Lane::parse(&cell.get_attribute("data-lane")?)?;
    let cards = cell.query_selector_all("[data-task-id]").ok()?;
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
            return Some(Target {
                column,
                lane,
                before: Some(id),
            });
        }
    }
    Some(Target {
        column,
        lane,
        before: None,
    })
}

/// The card as it looks right after a move, before the server answers.
fn moved_locally(
    previous: &TaskView,
    target: Target,
    columns: &[BoardColumn],
    tasks: &[TaskView],
) -> Option<TaskView> {
    let column = columns.iter().find(|c| c.id == target.column)?;
    let others: Vec<&TaskView> = cards_in(column.id, tasks, columns)
        .into_iter()
        .filter(|t| t.id != previous.id)
        .collect();
    let index = target
        .before
        .and_then(|b| others.iter().position(|t| t.id == b))
        .unwrap_or(others.len());
    let positions: Vec<i64> = others.iter().map(|t| t.sort_order).collect();
    let mut moved = previous.clone();
    moved.input.status = column.category;
    moved.input.column_id = Some(column.id);
    moved.sort_order = slot_at(&positions, index).unwrap_or(previous.sort_order);
    match target.lane.change() {
        Some(LaneChange::Priority(p)) => moved.input.priority = p,
        Some(LaneChange::Owner(o)) => moved.input.owner_id = o,
        None => {}
    }
    Some(moved)
}

#[component]
pub fn Kanban(board: TaskBoard) -> impl IntoView {
    let i18n = use_i18n();
    let drag = RwSignal::new(None::<Drag>);
    let error = RwSignal::new(None::<AppError>);
    let swimlanes = RwSignal::new(Swimlanes::None);
    let filter = RwSignal::new(BoardFilter::default());
    let settings_open = RwSignal::new(false);
    // A drag ends with a click on whatever is under the pointer; that click must not open a card.
    let dragged_recently = StoredValue::new(false);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let today = today();

    let columns = Memo::new(move |_| board.settings.with(|s| ordered(&s.columns)));
    let visible = Memo::new(move |_| {
        let f = filter.get();
        board.tasks.with(|all| {
            all.iter()
                .filter(|t| f.keeps(t, today))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let hidden = move || board.tasks.with(|all| all.len()) - visible.with(|v| v.len());
    // Subtasks per task, counted once per change rather than once per card.
    let child_counts = Memo::new(move |_| {
        board.tasks.with(|all| {
            let mut counts = std::collections::HashMap::<Id, usize>::new();
            for parent in all.iter().filter_map(|t| t.input.parent_id) {
                *counts.entry(parent).or_default() += 1;
            }
            counts
        })
    });

    let commit = move |task_id: Id, target: Target| {
        let Some(previous) = board
            .tasks
            .with_untracked(|all| all.iter().find(|t| t.id == task_id).cloned())
        else {
            return;
        };
        let Some(moved) = columns.with_untracked(|cols| {
            board
                .tasks
                .with_untracked(|all| moved_locally(&previous, target, cols, all))
        }) else {
            return;
        };
        let lane_changed = moved.input.owner_id != previous.input.owner_id
            || moved.input.priority != previous.input.priority;
        if moved.input.column_id == previous.input.column_id
            && moved.sort_order == previous.sort_order
            && !lane_changed
        {
            return;
        }
        let lane = if lane_changed {
            target.lane.change()
        } else {
            None
        };
        // Show the move at once; the server's answer replaces it, or the card goes back.
        board.replace(moved);
        leptos::task::spawn_local(async move {
            match move_task(TaskMove {
                task_id,
                column_id: target.column,
                before_id: target.before,
                lane,
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
                // Near the edge of a scrolled board (phones), scroll it so other columns come into
                // reach; near the top or bottom of the window, scroll the page to other lanes.
                if let Some(el) = scroller.get_untracked() {
                    let rect = el.get_bounding_client_rect();
                    let x = f64::from(d.at.0);
                    if x > rect.right() - 40.0 {
                        el.set_scroll_left(el.scroll_left() + 16);
                    } else if x < rect.left() + 40.0 {
                        el.set_scroll_left(el.scroll_left() - 16);
                    }
                }
                if let Some(window) = web_sys::window() {
                    let height = window
                        .inner_height()
                        .ok()
                        .and_then(|h| h.as_f64())
                        .unwrap_or(0.0);
                    let y = f64::from(d.at.1);
                    if y < 72.0 {
                        window.scroll_by_with_x_and_y(0.0, -16.0);
                    } else if height > 0.0 && y > height - 72.0 {
                        window.scroll_by_with_x_and_y(0.0, 16.0);
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
                if let Some(target) = d.target {
                    commit(d.task_id, target);
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

    let card = move |(task, column, lane): (TaskView, Id, Lane)| {
        let id = task.id;
        let done = task.input.status == TaskStatus::Done;
        let overdue = task.input.due_date.is_some_and(|d| d < today) && !done;
        let subtasks = child_counts.with_untracked(|c| c.get(&id).copied().unwrap_or(0));
        let here = move |before: Option<Id>| {
            drag.with(|d| {
                d.is_some_and(|d| {
                    d.active
                        && d.target
                            == Some(Target {
                                column,
                                lane,
                                before,
                            })
                })
            })
        };
        let dragging = move || drag.with(|d| d.is_some_and(|d| d.active && d.task_id == id));
        let priority_class = format!("chip priority-{}", task.input.priority.as_str());
        let labels = task.input.labels.clone();
        view! {
            <Show when=move || here(Some(id))>
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
                <div class="mini-progress" aria-label=tr(K::Progress)>
                    <div style=format!("width:{}%", task.input.progress)></div>
                </div>
            </article>
        }
    };

    let quick_add = move |column: BoardColumn| {
        let (category, column_id) = (column.category, column.id);
        let title = RwSignal::new(String::new());
        view! {
            <Show when=move || board.can_edit && swimlanes.get() == Swimlanes::None>
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
                            let input = TaskInput {
                                status: category,
                                column_id: Some(column_id),
                                ..TaskInput::titled(text)
                            };
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

    let lane_title = move |lane: Lane| -> String {
        match lane {
            Lane::All => String::new(),
            Lane::Priority(p) => i18n.t(p.label()).to_string(),
            Lane::Owner(None) => i18n.t(K::Unassigned).to_string(),
            Lane::Owner(Some(id)) => board.tasks.with_untracked(|all| {
                all.iter()
                    .find_map(|t| t.owner.as_ref().filter(|o| o.id == id))
                    .map(|o| o.display_name.clone())
                    .unwrap_or_default()
            }),
        }
    };

    let cell = move |column: BoardColumn, lane: Lane| {
        let column_id = column.id;
        let (colour_class, category) = (
            format!("column colour-{}", column.colour.as_str()),
            column.category.as_str(),
        );
        let cards = Memo::new(move |_| {
            let mode = swimlanes.get();
            columns.with(|cols| {
                visible.with(|all| {
                    cards_in(column_id, all, cols)
                        .into_iter()
                        .filter(|t| Lane::of(t, mode) == lane)
                        .map(|t| (t.clone(), column_id, lane))
                        .collect::<Vec<_>>()
                })
            })
        });
        let end_indicator = move || {
            drag.with(|d| {
                d.is_some_and(|d| {
                    d.active
                        && d.target
                            == Some(Target {
                                column: column_id,
                                lane,
                                before: None,
                            })
                })
            })
        };
        // A long column draws its first cards and more as the reader scrolls towards its end
        // (or presses the button), so a board of thousands of cards stays quick to draw and to
        // drag on. (`content-visibility: auto` on cards was tried: it made scrolling slower,
        // every card entering or leaving the screen being laid out and painted again.)
        let shown = RwSignal::new(CARDS_PER_PAGE);
        let more_button = NodeRef::<leptos::html::Button>::new();
        let draw_more = move || shown.update(|s| *s += CARDS_PER_PAGE);
        when_near(more_button, "600px", draw_more);
        let more = move || {
            let (total, n) = (cards.with(|c| c.len()), shown.get());
            (total > n).then(|| {
                view! {
                    <button type="button" class="btn btn-text show-more" node_ref=more_button on:click=move |_| draw_more()>
                        {move || i18n.t(K::ShowMore).replace("{n}", &(total - n).to_string())}
                    </button>
                }
            })
        };
        view! {
            <section
                class=colour_class
                data-column=column_id
                data-category=category
                data-lane=lane.key()
            >
                <div class="cards">
                    <For
                        each=move || {
                            let n = shown.get();
                            cards.with(|c| c.iter().take(n).cloned().collect::<Vec<_>>())
                        }
                        key=|(t, _, _)| (t.id, t.version, t.sort_order)
                        children=card
                    />
                    <Show when=end_indicator>
                        <div class="drop-indicator"></div>
                    </Show>
                    {more}
                </div>
                {quick_add(column)}
            </section>
        }
    };

    let head = move |column: BoardColumn| {
        let column_id = column.id;
        let limit = column.wip_limit;
        let count = Memo::new(move |_| {
            columns.with(|cols| board.tasks.with(|all| cards_in(column_id, all, cols).len()))
        });
        let state = move || wip(count.get(), limit);
        let title = column_title(&column);
        view! {
            <header
                class=format!("column-head colour-{}", column.colour.as_str())
                class:wip-over=move || state() == Wip::Over
                class:wip-full=move || state() == Wip::Full
                data-column-head=column_id
            >
                <span class="dot" aria-hidden="true"></span>
                <span class="column-title">
                    {match title {
                        Ok(name) => name.into_any(),
                        Err(key) => tr(key).into_any(),
                    }}
                </span>
                <span class="count">
                    {move || match limit {
                        Some(l) => format!("{} / {}", count.get(), l),
                        None => count.get().to_string(),
                    }}
                </span>
                {move || match state() {
                    Wip::Over => Some(view! { <span class="wip-flag" role="status">"▲ " {tr(K::WipOver)}</span> }.into_any()),
                    Wip::Full => Some(view! { <span class="wip-flag full">{tr(K::WipFull)}</span> }.into_any()),
                    Wip::Free => None,
                }}
            </header>
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

    let owners = board.members.get_value();
    view! {
        <ErrorBox error=error/>
        <div class="toolbar board-toolbar">
            <select aria-label=tr(K::Swimlanes) class="lanes-select" on:change=move |ev| {
                if let Some(s) = Swimlanes::parse(&event_target_value(&ev)) { swimlanes.set(s) }
            }>
                {Swimlanes::ALL.iter().map(|s| view! { <option value=s.as_str()>{tr(s.label())}</option> }).collect_view()}
            </select>
            <select aria-label=tr(K::Owner) class="owner-filter" prop:value=move || match filter.get().owner {
                None => String::new(),
                Some(None) => "none".into(),
                Some(Some(id)) => id.to_string(),
            } on:change=move |ev| {
                let value = event_target_value(&ev);
                filter.update(|f| f.owner = match value.as_str() {
                    "" => None,
                    "none" => Some(None),
                    id => id.parse().ok().map(Some),
                });
            }>
                <option value="">{tr(K::Owner)} ": " {tr(K::All)}</option>
                <option value="none">{tr(K::Unassigned)}</option>
                {owners.iter().map(|m| view! { <option value=m.user.id.to_string()>{m.user.display_name.clone()}</option> }).collect_view()}
            </select>
            <select aria-label=tr(K::Label) class="label-filter" prop:value=move || filter.get().label.map(|l| l.to_string()).unwrap_or_default() on:change=move |ev| {
                let value = event_target_value(&ev);
                filter.update(|f| f.label = value.parse().ok());
            }>
                <option value="">{tr(K::Label)} ": " {tr(K::All)}</option>
                {move || board.settings.with(|s| s.labels.iter().map(|l| view! { <option value=l.id.to_string()>{l.name.clone()}</option> }).collect_view())}
            </select>
            <select aria-label=tr(K::DueWindowLabel) class="due-filter" prop:value=move || filter.get().due.map(|d| d.as_str()).unwrap_or("") on:change=move |ev| {
                let value = event_target_value(&ev);
                filter.update(|f| f.due = DueWindow::parse(&value));
            }>
                <option value="">{tr(K::DueWindowLabel)} ": " {tr(K::All)}</option>
                {DueWindow::ALL.iter().map(|w| view! { <option value=w.as_str()>{tr(w.label())}</option> }).collect_view()}
            </select>
            <Show when=move || filter.get().is_active()>
                <button class="btn btn-text clear-filters" on:click=move |_| filter.set(BoardFilter::default())>{tr(K::ClearFilters)}</button>
                <span class="muted small filtered-out">{move || i18n.t(K::FilteredOut).replace("{n}", &hidden().to_string())}</span>
            </Show>
            <Show when=move || board.can_edit || board.can_configure>
                <button class="btn board-settings-open" on:click=move |_| settings_open.set(true)>"⚙ " {tr(K::BoardSettings)}</button>
            </Show>
        </div>
        <Show when=move || board.can_edit>
            <p class="hint">{tr(K::DragHint)}</p>
        </Show>
        <div class="kanban" node_ref=scroller class:is-dragging=move || drag.with(|d| d.is_some_and(|d| d.active))
            style=move || format!("--columns:{}", columns.with(|c| c.len()).max(1))>
            <div class="kanban-heads">
                <For each=move || columns.get() key=|c| c.clone() children=head/>
            </div>
            <For
                each=move || {
                    let mode = swimlanes.get();
                    visible.with(|all| lanes(all, mode))
                }
                key=|lane| *lane
                children=move |lane| view! {
                    <div class="lane" data-lane=lane.key() class:lane-all=lane == Lane::All>
                        {(lane != Lane::All).then(|| view! {
                            <div class="lane-head">
                                <span>{move || lane_title(lane)}</span>
                                <span class="count">{move || visible.with(|all| all.iter().filter(|t| Lane::of(t, swimlanes.get()) == lane).count())}</span>
                            </div>
                        })}
                        <div class="lane-row">
                            <For each=move || columns.get() key=|c| c.clone() children=move |c| cell(c, lane)/>
                        </div>
                    </div>
                }
            />
        </div>
        {ghost}
        <Show when=move || settings_open.get()>
            <BoardSettingsPanel board on_close=move || settings_open.set(false)/>
        </Show>
    }
}
