//! The board's set-up panel: columns (name, status, colour, WIP limit, order) for project managers,
//! and the project's labels for everyone who edits tasks.
use leptos::prelude::*;

use super::task_board::TaskBoard;
use super::ui::{confirm, ErrorBox};
use crate::api::board::{
    delete_board_column, delete_label, reorder_board_columns, save_board_column, save_label,
};
use crate::api::tasks::list_tasks;
use crate::components::dialog::Drawer;
use crate::domain::board::{leaves_every_status, ordered};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    BoardColumn, BoardSettings, Colour, ColumnInput, Id, Label, LabelInput, TaskStatus,
};

/// Applies a board change from the server; cards may have moved with it, so they are reloaded.
fn apply(
    board: TaskBoard,
    error: RwSignal<Option<AppError>>,
    result: Result<BoardSettings, AppError>,
    cards_moved: bool,
) {
    match result {
        Ok(settings) => {
            error.set(None);
            board.settings.set(settings);
            if cards_moved {
                leptos::task::spawn_local(async move {
                    match list_tasks(board.project_id).await {
                        Ok(tasks) => board.tasks.set(tasks),
                        Err(e) => error.set(Some(e)),
                    }
                });
            }
        }
        Err(e) => error.set(Some(e)),
    }
}

/// A choice of colour from the palette, each named.
#[component]
fn ColourSelect(value: RwSignal<Colour>, #[prop(into)] id: String) -> impl IntoView {
    view! {
        <select id=id class=move || format!("colour-select colour-{}", value.get().as_str())
            on:change=move |ev| if let Some(c) = Colour::parse(&event_target_value(&ev)) { value.set(c) }>
            {Colour::ALL.iter().map(|c| view! { <option value=c.as_str() selected=*c == value.get_untracked()>{tr(c.label())}</option> }).collect_view()}
        </select>
    }
}

#[component]
fn StatusSelect(value: RwSignal<TaskStatus>, #[prop(into)] id: String) -> impl IntoView {
    view! {
        <select id=id on:change=move |ev| if let Some(s) = TaskStatus::parse(&event_target_value(&ev)) { value.set(s) }>
            {TaskStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == value.get_untracked()>{tr(s.label())}</option> }).collect_view()}
        </select>
    }
}

fn parse_wip(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        None
    } else {
        // Anything unreadable becomes 0, which the server refuses with a clear message.
        Some(text.parse().unwrap_or(0))
    }
}

#[component]
fn ColumnRow(
    board: TaskBoard,
    column: BoardColumn,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = column.id;
    let name = RwSignal::new(column.name.clone());
    let category = RwSignal::new(column.category);
    let colour = RwSignal::new(column.colour);
    let limit = RwSignal::new(column.wip_limit.map(|l| l.to_string()).unwrap_or_default());
    let deleting = RwSignal::new(false);
    let move_to = RwSignal::new(None::<Id>);
    let original = column.category;

    let save = move |_| {
        let input = ColumnInput {
            project_id: board.project_id,
            id: Some(id),
            name: name.get_untracked(),
            category: category.get_untracked(),
            colour: colour.get_untracked(),
            wip_limit: parse_wip(&limit.get_untracked()),
        };
        let moved = input.category != original;
        leptos::task::spawn_local(async move {
            apply(board, error, save_board_column(input).await, moved);
        });
    };
    let shift = move |by: isize| {
        let mut order: Vec<Id> = board
            .settings
            .with_untracked(|s| ordered(&s.columns).iter().map(|c| c.id).collect());
        let Some(at) = order.iter().position(|c| *c == id) else {
            return;
        };
        let to = at as isize + by;
        if to < 0 || to as usize >= order.len() {
            return;
        }
        order.swap(at, to as usize);
        leptos::task::spawn_local(async move {
            apply(
                board,
                error,
                reorder_board_columns(board.project_id, order).await,
                false,
            );
        });
    };
    let remove = move |_| {
        let Some(target) = move_to.get_untracked() else {
            return;
        };
        if !confirm(i18n.t(K::ConfirmDelete)) {
            return;
        }
        leptos::task::spawn_local(async move {
            apply(board, error, delete_board_column(id, target).await, true);
        });
    };
    let others: Vec<BoardColumn> = board.settings.with_untracked(|s| {
        ordered(&s.columns)
            .into_iter()
            .filter(|c| c.id != id)
            .collect()
    });
    let deletable = board
        .settings
        .with_untracked(|s| leaves_every_status(&s.columns, id));
    let column_label = move |c: &BoardColumn| {
        if c.name.trim().is_empty() {
            i18n.t(c.category.label()).to_string()
        } else {
            c.name.clone()
        }
    };
    view! {
        <div class="settings-row column-row" data-column-settings=id>
            <div class="field-row">
                <div class="field">
                    <label for=format!("column-name-{id}")>{tr(K::ColumnName)}</label>
                    <input id=format!("column-name-{id}") class="column-name" maxlength="40"
                        placeholder=move || i18n.t(category.get().label())
                        prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=format!("column-status-{id}")>{tr(K::ColumnStatus)}</label>
                    <StatusSelect value=category id=format!("column-status-{id}")/>
                </div>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for=format!("column-colour-{id}")>{tr(K::Colour)}</label>
                    <ColourSelect value=colour id=format!("column-colour-{id}")/>
                </div>
                <div class="field">
                    <label for=format!("column-wip-{id}")>{tr(K::WipLimit)}</label>
                    <input id=format!("column-wip-{id}") class="column-wip" type="number" min="1" max="999" inputmode="numeric"
                        placeholder=tr(K::NoLimit) prop:value=limit on:input=move |ev| limit.set(event_target_value(&ev))/>
                </div>
            </div>
            <div class="row-actions">
                <button type="button" class="btn btn-primary save-column" on:click=save>{tr(K::Save)}</button>
                <button type="button" class="btn" aria-label=tr(K::MoveLeft) title=tr(K::MoveLeft) on:click=move |_| shift(-1)>"←"</button>
                <button type="button" class="btn" aria-label=tr(K::MoveRight) title=tr(K::MoveRight) on:click=move |_| shift(1)>"→"</button>
                {deletable.then(|| view! {
                    <button type="button" class="btn btn-danger delete-column" on:click=move |_| deleting.update(|d| *d = !*d)>{tr(K::DeleteColumn)}</button>
                })}
            </div>
            <Show when=move || deleting.get()>
                <div class="field-row delete-column-row">
                    <div class="field">
                        <label for=format!("column-move-{id}")>{tr(K::DeleteColumnMoveTo)}</label>
                        <select id=format!("column-move-{id}") on:change=move |ev| move_to.set(event_target_value(&ev).parse().ok())>
                            <option value="">"—"</option>
                            {others.iter().map(|c| view! { <option value=c.id.to_string()>{column_label(c)}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="button" class="btn btn-danger confirm-delete-column" disabled=move || move_to.get().is_none() on:click=remove>{tr(K::Delete)}</button>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn NewColumn(board: TaskBoard, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let category = RwSignal::new(TaskStatus::InProgress);
    let colour = RwSignal::new(Colour::Cyan);
    let limit = RwSignal::new(String::new());
    let add = move |_| {
        let input = ColumnInput {
            project_id: board.project_id,
            id: None,
            name: name.get_untracked(),
            category: category.get_untracked(),
            colour: colour.get_untracked(),
            wip_limit: parse_wip(&limit.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            let result = save_board_column(input).await;
            if result.is_ok() {
                name.set(String::new());
                limit.set(String::new());
            }
            apply(board, error, result, false);
        });
    };
    view! {
        <div class="settings-row new-column">
            <div class="field-row">
                <div class="field">
                    <label for="new-column-name">{tr(K::ColumnName)}</label>
                    <input id="new-column-name" maxlength="40" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="new-column-status">{tr(K::ColumnStatus)}</label>
                    <StatusSelect value=category id="new-column-status"/>
                </div>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="new-column-colour">{tr(K::Colour)}</label>
                    <ColourSelect value=colour id="new-column-colour"/>
                </div>
                <div class="field">
                    <label for="new-column-wip">{tr(K::WipLimit)}</label>
                    <input id="new-column-wip" type="number" min="1" max="999" inputmode="numeric" placeholder=tr(K::NoLimit)
                        prop:value=limit on:input=move |ev| limit.set(event_target_value(&ev))/>
                </div>
            </div>
            <button type="button" class="btn add-column" on:click=add>"+ " {tr(K::AddColumn)}</button>
        </div>
    }
}

#[component]
fn LabelRow(board: TaskBoard, label: Label, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = label.id;
    let name = RwSignal::new(label.name.clone());
    let colour = RwSignal::new(label.colour);
    let save = move |_| {
        let input = LabelInput {
            project_id: board.project_id,
            id: Some(id),
            name: name.get_untracked(),
            colour: colour.get_untracked(),
        };
        leptos::task::spawn_local(
            async move { apply(board, error, save_label(input).await, false) },
        );
    };
    let remove = move |_| {
        if !confirm(i18n.t(K::ConfirmDelete)) {
            return;
        }
        leptos::task::spawn_local(async move {
            let result = delete_label(id).await;
            if result.is_ok() {
                board.tasks.update(|all| {
                    for t in all.iter_mut() {
                        t.input.labels.retain(|l| *l != id);
                    }
                });
            }
            apply(board, error, result, false);
        });
    };
    view! {
        <div class="settings-row label-row" data-label-settings=id>
            <input aria-label=tr(K::LabelName) class="label-name" maxlength="30" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
            <ColourSelect value=colour id=format!("label-colour-{id}")/>
            <button type="button" class="btn" on:click=save>{tr(K::Save)}</button>
            <button type="button" class="btn btn-danger" aria-label=tr(K::Delete) on:click=remove>"✕"</button>
        </div>
    }
}

#[component]
fn NewLabel(board: TaskBoard, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let colour = RwSignal::new(Colour::Blue);
    let add = move || {
        let input = LabelInput {
            project_id: board.project_id,
            id: None,
            name: name.get_untracked(),
            colour: colour.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result = save_label(input).await;
            if result.is_ok() {
                name.set(String::new());
            }
            apply(board, error, result, false);
        });
    };
    view! {
        <div class="settings-row label-row new-label">
            <input id="new-label-name" aria-label=tr(K::NewLabel) placeholder=tr(K::NewLabel) maxlength="30" prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add() }/>
            <ColourSelect value=colour id="new-label-colour"/>
            <button type="button" class="btn add-label" on:click=move |_| add()>"+ " {tr(K::Add)}</button>
        </div>
    }
}

#[component]
pub fn BoardSettingsPanel(
    board: TaskBoard,
    on_close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let columns = Memo::new(move |_| board.settings.with(|s| ordered(&s.columns)));
    let labels = Memo::new(move |_| board.settings.with(|s| s.labels.clone()));
    view! {
        <Drawer label=K::BoardSettings class="board-settings" on_close=move |()| on_close()>
            <div class="drawer-head">
                <h2>{tr(K::BoardSettings)}</h2>
                <button type="button" class="btn btn-text" aria-label=tr(K::Close) on:click=move |_| on_close()>"✕"</button>
            </div>
            <ErrorBox error=error/>
            <div class="form">
                <Show when=move || board.can_configure>
                    <h3>{tr(K::Columns)}</h3>
                    <p class="muted small">{tr(K::ColumnNameHint)}</p>
                    // Keyed by the whole column, so a row shows the saved values after each change.
                    <For each=move || columns.get() key=|c| c.clone() children=move |c| view! { <ColumnRow board column=c error/> }/>
                    <NewColumn board error/>
                </Show>
                <h3>{tr(K::Labels)}</h3>
                <Show when=move || labels.with(|l| l.is_empty())>
                    <p class="muted">{tr(K::NoLabels)}</p>
                </Show>
                <For each=move || labels.get() key=|l| l.clone() children=move |l| view! { <LabelRow board label=l error/> }/>
                <NewLabel board error/>
            </div>
        </Drawer>
    }
}
