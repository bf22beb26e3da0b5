//! A column of the board: its head (name, count against the WIP limit, flagged when full or
//! over) and, in each swimlane, its cards — the first fifty, more as the reader scrolls — with
//! the drop indicator and the quick-add field.
use leptos::prelude::*;

use super::board_view::BoardView;
use super::card::task_card;
use super::state::Target;
use crate::api::tasks::create_task;
use crate::components::ui::when_near;
use crate::domain::board::{cards_in, column_title, wip, Lane, Swimlanes, Wip};
use crate::i18n::{tr, K};
use crate::model::{BoardColumn, TaskInput};

/// What tells a card's drawing apart: a saved change (version, place), or an edit shown before
/// it is saved (one made offline keeps the version it was made on).
fn card_key(t: &crate::model::TaskView) -> (crate::model::Id, i32, i64, u64) {
    use std::hash::{Hash, Hasher};
    let mut shown = std::collections::hash_map::DefaultHasher::new();
    t.input.hash(&mut shown);
    (t.id, t.version, t.sort_order, shown.finish())
}

/// Cards a column draws before "show more".
const CARDS_PER_PAGE: usize = 50;

/// A column's cards in one swimlane.
pub fn column_cell(kanban: BoardView, column: BoardColumn, lane: Lane) -> impl IntoView {
    let BoardView {
        columns,
        visible,
        swimlanes,
        i18n,
        ..
    } = kanban;
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
    let at_end = move || {
        kanban.is_over(Target {
            column: column_id,
            lane,
            before: None,
        })
    };
    // A long column draws its first cards and more as the reader scrolls towards its end (or
    // presses the button), so a board of thousands of cards stays quick to draw and to drag on.
    // (`content-visibility: auto` on cards was tried: it made scrolling slower, every card
    // entering or leaving the screen being laid out and painted again.)
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
                    key=|(t, _, _)| card_key(t)
                    children=move |item| task_card(kanban, item)
                />
                <Show when=at_end>
                    <div class="drop-indicator"></div>
                </Show>
                {more}
            </div>
            {quick_add(kanban, column)}
        </section>
    }
}

/// A field at the foot of a column that adds a card to it with a title and Enter.
fn quick_add(kanban: BoardView, column: BoardColumn) -> impl IntoView {
    let BoardView {
        board,
        swimlanes,
        error,
        ..
    } = kanban;
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
}

/// A column's head.
pub fn column_head(kanban: BoardView, column: BoardColumn) -> impl IntoView {
    let BoardView { board, columns, .. } = kanban;
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
}
