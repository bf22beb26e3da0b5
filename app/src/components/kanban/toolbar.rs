//! The board's toolbar: swimlanes, the filters (owner, label, due date) with how many cards they
//! hide, and the board's settings.
use leptos::prelude::*;

use super::board_view::BoardView;
use crate::domain::board::{BoardFilter, Swimlanes};
use crate::domain::task_list::DueWindow;
use crate::i18n::{tr, K};

#[component]
pub fn Toolbar(kanban: BoardView) -> impl IntoView {
    let BoardView {
        board,
        swimlanes,
        filter,
        settings_open,
        i18n,
        ..
    } = kanban;
    let owners = board.members.get_value();
    view! {
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
                <span class="muted small filtered-out">{move || i18n.t(K::FilteredOut).replace("{n}", &kanban.hidden().to_string())}</span>
            </Show>
            <Show when=move || board.can_edit || board.can_configure>
                <button class="btn board-settings-open" on:click=move |_| settings_open.set(true)>"⚙ " {tr(K::BoardSettings)}</button>
            </Show>
        </div>
        <Show when=move || board.can_edit>
            <p class="hint">{tr(K::DragHint)}</p>
        </Show>
    }
}
