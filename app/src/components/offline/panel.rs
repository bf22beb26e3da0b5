//! What the top bar shows of waiting edits: "offline" while the browser is, the number of edits
//! waiting (or needing a choice), and the list of them in a drawer — each edit's task and
//! changed fields; where someone changed the same field meanwhile, both values, to keep one.
use leptos::prelude::*;

use super::queue::{use_offline, PendingEdit, PendingState, Waiting};
use crate::components::dialog::Drawer;
use crate::components::ui::format_date;
use crate::domain::merge::changed;
use crate::i18n::{tr, use_i18n, I18n, K};
use crate::model::{TaskInput, TaskView};

/// A field's value as the person reads it.
fn value_text(i18n: I18n, field: K, input: &TaskInput, owner: Option<&str>) -> String {
    let none = || i18n.t(K::NotSet).to_string();
    match field {
        K::TaskTitle => input.title.clone(),
        K::Description => input.description.clone(),
        K::Deliverable => input.deliverable.clone(),
        K::Owner => owner.map(str::to_string).unwrap_or_else(none),
        K::StartDate => input
            .start_date
            .map(|d| format_date(Some(d)))
            .unwrap_or_else(none),
        K::DueDate => input
            .due_date
            .map(|d| format_date(Some(d)))
            .unwrap_or_else(none),
        K::Status => i18n.t(input.status.label()).to_string(),
        K::Priority => i18n.t(input.priority.label()).to_string(),
        K::Progress => format!("{}%", input.progress),
        K::Milestone => i18n
            .t(if input.milestone { K::Yes } else { K::No })
            .to_string(),
        _ => String::new(),
    }
}

/// The owner's name an edit shows: the task's, when the edit kept its owner.
fn owner_of<'a>(task: &'a TaskView, input: &TaskInput) -> Option<&'a str> {
    task.owner
        .as_ref()
        .filter(|o| Some(o.id) == input.owner_id)
        .map(|o| o.display_name.as_str())
}

#[component]
pub fn PendingBadge() -> impl IntoView {
    let Some(offline) = use_offline() else {
        return ().into_any();
    };
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    // Conflicts and refusals ask for a choice; notes only to be read. Counted once per change
    // of the list, for the text, the title and the label alike.
    let counts = Memo::new(move |_| {
        offline.pending.with(|p| {
            p.iter().fold((0, 0), |(decide, read), e| match e.state {
                PendingState::Waiting => (decide, read),
                PendingState::Noted { .. } => (decide, read + 1),
                _ => (decide + 1, read),
            })
        })
    });
    let needs_choice = move || counts.with(|(decide, read)| decide + read);
    let label = Memo::new(move |_| {
        let mut parts = Vec::new();
        if !offline.online.get() {
            parts.push(i18n.t(K::OfflineNow).to_string());
        }
        let waiting = offline.waiting();
        if waiting > 0 {
            parts.push(i18n.t(K::EditsWaiting).replace("{n}", &waiting.to_string()));
        }
        let (decide, read) = counts.get();
        for (n, key) in [(decide, K::EditsToDecide), (read, K::EditsToRead)] {
            if n > 0 {
                parts.push(i18n.t(key).replace("{n}", &n.to_string()));
            }
        }
        parts.join(" · ")
    });
    view! {
        <Show when=move || label.with(|l| !l.is_empty())>
            <button type="button" class="pending-badge" class:attention=move || { needs_choice() > 0 }
                class:offline=move || !offline.online.get()
                data-pending=move || offline.pending.with(|p| p.len())
                title=label aria-label=label on:click=move |_| open.set(true)>
                <span aria-hidden="true">{move || if offline.online.get() { "⟳" } else { "⚡" }}</span>
                <span class="pending-text" aria-hidden="true">{label}</span>
                // On a phone the count alone.
                <span class="pending-count" aria-hidden="true">{move || offline.pending.with(|p| p.len())}</span>
            </button>
        </Show>
        <Show when=move || open.get()>
            <PendingPanel on_close=move || open.set(false)/>
        </Show>
    }
    .into_any()
}

#[component]
fn PendingPanel(on_close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let offline = use_offline().expect("the badge opens the panel only with waiting edits");
    view! {
        <Drawer label=K::EditsTitle class="pending-panel" on_close=move |()| on_close()>
            <div class="drawer-head">
                <h2>{tr(K::EditsTitle)}</h2>
                <button type="button" class="btn btn-text" aria-label=tr(K::Close) on:click=move |_| on_close()>"✕"</button>
            </div>
            <p class="muted">
                {move || if offline.online.get() { i18n.t(K::EditsOnlineHint) } else { i18n.t(K::EditsOfflineHint) }}
            </p>
            <Show when=move || { offline.online.get() && offline.waiting() > 0 }>
                <button type="button" class="btn btn-primary" on:click=move |_| offline.send(i18n)>{tr(K::EditsSendNow)}</button>
            </Show>
            <ul class="pending-list">
                <For each=move || offline.pending.get() key=|e| (e.id.clone(), format!("{:?}", e.state)) let:edit>
                    <PendingItem edit/>
                </For>
            </ul>
            <Show when=move || offline.pending.with(|p| p.is_empty())>
                <p class="muted">{tr(K::EditsNone)}</p>
            </Show>
        </Drawer>
    }
}

/// What an edit is, in a line: the task and the fields changed; the comment and what it is on;
/// the check-in and its day.
fn headline(i18n: I18n, edit: &PendingEdit) -> (String, String) {
    match &edit.what {
        Waiting::Task {
            task, input, base, ..
        } => {
            let fields = changed(base, input)
                .iter()
                .map(|f| i18n.t(*f))
                .collect::<Vec<_>>()
                .join(i18n.t(K::ListSeparator));
            (task.input.title.clone(), fields)
        }
        Waiting::Comment { body, on, .. } => {
            let excerpt: String = body.chars().take(80).collect();
            (i18n.t(K::EditCommentOn).replace("{what}", on), excerpt)
        }
        Waiting::CheckIn { check_in, project } => {
            let day = check_in
                .day
                .map(|d| format_date(Some(d)))
                .unwrap_or_default();
            (
                project.clone(),
                i18n.t(K::EditCheckInOf).replace("{day}", &day),
            )
        }
    }
}

#[component]
fn PendingItem(edit: PendingEdit) -> impl IntoView {
    let i18n = use_i18n();
    let offline = use_offline().expect("inside the panel");
    let id = edit.id.clone();
    let state = match edit.state.clone() {
        PendingState::Waiting => {
            view! { <p class="muted small">{tr(K::EditWaiting)}</p> }.into_any()
        }
        PendingState::Refused { message } => {
            let id = id.clone();
            view! {
                <p class="field-error">{message}</p>
                <button type="button" class="btn small" on:click=move |_| offline.drop_edit(&id)>{tr(K::EditDiscard)}</button>
            }
            .into_any()
        }
        PendingState::Noted { message } => {
            let id = id.clone();
            view! {
                <p class="warning">{message}</p>
                <button type="button" class="btn small seen" on:click=move |_| offline.drop_edit(&id)>{tr(K::EditSeen)}</button>
            }
            .into_any()
        }
        PendingState::Conflict { fields, current } => {
            let Waiting::Task { task, input, .. } = &edit.what else {
                return ().into_any();
            };
            let rows = fields
                .iter()
                .map(|field| {
                    let mine = value_text(i18n, *field, input, owner_of(task, input));
                    let theirs = value_text(
                        i18n,
                        *field,
                        &current.input,
                        current.owner.as_ref().map(|o| o.display_name.as_str()),
                    );
                    view! {
                        <tr>
                            <th scope="row">{tr(*field)}</th>
                            <td class="mine">{mine}</td>
                            <td class="theirs">{theirs}</td>
                        </tr>
                    }
                })
                .collect_view();
            let (keep, give_up) = (id.clone(), id.clone());
            view! {
                <p class="warning">{tr(K::EditConflictHint)}</p>
                <table class="table conflict-table">
                    <thead><tr><th></th><th scope="col">{tr(K::EditMine)}</th><th scope="col">{tr(K::EditTheirs)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <div class="head-actions">
                    <button type="button" class="btn btn-primary keep-mine" on:click=move |_| offline.keep_mine(&keep, i18n)>{tr(K::EditKeepMine)}</button>
                    <button type="button" class="btn keep-theirs" on:click=move |_| offline.drop_edit(&give_up)>{tr(K::EditKeepTheirs)}</button>
                </div>
            }
            .into_any()
        }
    };
    let (title, what) = headline(i18n, &edit);
    view! {
        <li class="pending-item card">
            <strong>{title}</strong>
            <span class="muted small">" · " {what}</span>
            {state}
        </li>
    }
    .into_any()
}
