//! Dragging cards in the browser: a press (a mouse anywhere on a card, a finger on its grip so
//! the board still scrolls) begins it, the window's pointer events follow it — reading the drop
//! target from the board's `data-` attributes and scrolling near an edge — and a release drops it.
use leptos::prelude::*;

use super::board_view::BoardView;
use super::state::Drag;
use crate::model::Id;

pub fn start_drag(kanban: BoardView, task_id: Id, e: leptos::ev::PointerEvent) {
    if e.button() != 0 {
        return;
    }
    kanban.dragged_recently.set_value(false);
    kanban
        .drag
        .set(Some(Drag::press(task_id, (e.client_x(), e.client_y()))));
}

/// The drop target under (x, y), read from the board's `data-` attributes.
#[cfg(feature = "hydrate")]
fn drop_target(x: i32, y: i32, dragged: Id) -> Option<super::state::Target> {
    use super::state::Target;
    use crate::domain::board::Lane;
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

/// Listens to the window for as long as the board lives.
#[cfg(feature = "hydrate")]
pub fn follow(kanban: BoardView) {
    use super::state::edge_scroll;
    let BoardView {
        drag,
        scroller,
        dragged_recently,
        ..
    } = kanban;
    let on_move = window_event_listener(leptos::ev::pointermove, move |e| {
        let Some(mut d) = drag.get_untracked() else {
            return;
        };
        if d.follow((e.client_x(), e.client_y())) {
            e.prevent_default();
            d.target = drop_target(d.at.0, d.at.1, d.task_id);
            // Near the edge of a scrolled board (phones), scroll it so other columns come into
            // reach; near the top or bottom of the window, scroll the page to other lanes.
            if let Some(el) = scroller.get_untracked() {
                let rect = el.get_bounding_client_rect();
                let dx = edge_scroll(f64::from(d.at.0), rect.left(), rect.right(), 40.0);
                if dx != 0.0 {
                    el.set_scroll_left(el.scroll_left() + dx as i32);
                }
            }
            if let Some(window) = web_sys::window() {
                let height = window
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                if height > 0.0 {
                    let dy = edge_scroll(f64::from(d.at.1), 0.0, height, 72.0);
                    if dy != 0.0 {
                        window.scroll_by_with_x_and_y(0.0, dy);
                    }
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
                kanban.drop_card(d.task_id, target);
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

/// On the server nothing listens.
#[cfg(not(feature = "hydrate"))]
pub fn follow(_kanban: BoardView) {}
