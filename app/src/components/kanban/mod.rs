//! The kanban board: the project's columns (each counting as a task status, with an optional WIP
//! limit), optional swimlanes by owner or priority, filters, and cards dragged with mouse or touch
//! (from the grip) to another place, column or lane, or moved with the keyboard; each move is
//! saved at once.
//!
//! The parts: `state` (the drag and where a drop lands — plain Rust, unit-tested), `keyboard`
//! (where the arrow keys take a held card — plain Rust, unit-tested), `board_view`
//! (the signals and the drop saved), `pointer` (the window's pointer events), and the view parts
//! `toolbar`, `column` and `card`.
// Dragging happens only in the browser: the server renders the board without it.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod board_view;
mod card;
mod column;
#[cfg(test)]
mod fixtures;
mod keyboard;
mod pointer;
mod state;
mod toolbar;

use leptos::prelude::*;

use self::board_view::BoardView;
use self::column::{column_cell, column_head};
use self::toolbar::Toolbar;
use super::board_settings::BoardSettingsPanel;
use super::task_board::TaskBoard;
use super::ui::{today, ErrorBox};
use crate::domain::board::{lanes, Lane};
use crate::i18n::{tr, use_i18n, K};

#[component]
pub fn Kanban(board: TaskBoard) -> impl IntoView {
    let kanban = BoardView::new(use_i18n(), board, today());
    pointer::follow(kanban);
    let BoardView {
        drag,
        said,
        error,
        swimlanes,
        settings_open,
        scroller,
        columns,
        visible,
        ..
    } = kanban;

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
        <p id="kanban-keys" class="sr-only">{tr(K::KanbanKeys)}</p>
        <div class="sr-only kanban-said" role="status" aria-live="assertive">{move || said.get()}</div>
        <Toolbar kanban/>
        <div class="kanban" node_ref=scroller class:is-dragging=move || drag.with(|d| d.is_some_and(|d| d.active))
            style=move || format!("--columns:{}", columns.with(|c| c.len()).max(1))>
            <div class="kanban-heads">
                <For each=move || columns.get() key=|c| c.clone() children=move |c| column_head(kanban, c)/>
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
                                <span>{move || kanban.lane_title(lane)}</span>
                                <span class="count">{move || visible.with(|all| all.iter().filter(|t| Lane::of(t, swimlanes.get()) == lane).count())}</span>
                            </div>
                        })}
                        <div class="lane-row">
                            <For each=move || columns.get() key=|c| c.clone() children=move |c| column_cell(kanban, c, lane)/>
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
