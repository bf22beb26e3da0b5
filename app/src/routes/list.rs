//! The list tab: the task tree as an indented table, or filtered and sorted by a column, and
//! exported as CSV.
use leptos::prelude::*;

use super::board::with_task_board;
use crate::components::task_form::{Drawer, TaskBoard};
use crate::components::ui::{format_date, today, ProgressBar, TaskStatusBadge};
use crate::domain::task_list::{to_csv, DueWindow, ListView, SortKey};
use crate::i18n::{tr, use_i18n, K};
use crate::model::TaskStatus;

/// Offers `text` to the browser as a file download.
fn download(name: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv;charset=utf-8");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        let link = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("a").ok())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(a) = link {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, text);
}

#[component]
pub fn ListTab() -> impl IntoView {
    with_task_board(|board| view! { <TaskList board/> }.into_any())
}

#[component]
fn TaskList(board: TaskBoard) -> impl IntoView {
    let i18n = use_i18n();
    let today = today();
    let view_state = RwSignal::new(ListView::default());
    let rows = move || view_state.with(|v| board.tasks.with(|all| v.rows(all, today)));
    let export = move |_| {
        let csv = to_csv(&rows(), i18n.locale.get_untracked());
        download("tasks.csv", &csv);
    };
    // A header that sorts by its column: first ascending, then descending, then back to the tree.
    let header = move |key: SortKey, label: K, class: &'static str| {
        let state = move || view_state.with(|v| (v.sort == key).then_some(v.descending));
        view! {
            <th class=class aria-sort=move || match state() {
                Some(false) => "ascending",
                Some(true) => "descending",
                None => "none",
            }>
                <button class="sort-button" on:click=move |_| view_state.update(|v| {
                    match (v.sort == key, v.descending) {
                        (false, _) => { v.sort = key; v.descending = false; }
                        (true, false) => v.descending = true,
                        (true, true) => { v.sort = SortKey::Tree; v.descending = false; }
                    }
                })>
                    {tr(label)}
                    <span class="sort-mark" aria-hidden="true">{move || match state() {
                        Some(false) => "▲",
                        Some(true) => "▼",
                        None => "",
                    }}</span>
                </button>
            </th>
        }
    };
    let members = board.members.get_value();
    view! {
        <div class="toolbar">
            <Show when=move || board.can_edit>
                <button class="btn btn-primary" on:click=move |_| board.drawer.set(Some(Drawer::New { parent_id: None, status: TaskStatus::Todo }))>
                    "+ " {tr(K::NewTask)}
                </button>
            </Show>
            <select id="filter-status" aria-label=tr(K::Status) on:change=move |ev| view_state.update(|v| v.status = TaskStatus::parse(&event_target_value(&ev)))>
                <option value="">{tr(K::Status)} ": " {tr(K::All)}</option>
                {TaskStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{tr(s.label())}</option> }).collect_view()}
            </select>
            <select id="filter-owner" aria-label=tr(K::Owner) on:change=move |ev| view_state.update(|v| v.owner = event_target_value(&ev).parse().ok())>
                <option value="">{tr(K::Owner)} ": " {tr(K::All)}</option>
                {members.into_iter().map(|m| view! { <option value=m.user.id>{m.user.display_name}</option> }).collect_view()}
            </select>
            <select id="filter-due" aria-label=tr(K::DueWindowLabel) on:change=move |ev| view_state.update(|v| v.due = DueWindow::parse(&event_target_value(&ev)))>
                <option value="">{tr(K::DueWindowLabel)} ": " {tr(K::All)}</option>
                {DueWindow::ALL.iter().map(|w| view! { <option value=w.as_str()>{tr(w.label())}</option> }).collect_view()}
            </select>
            <button class="btn" on:click=export>{tr(K::ExportCsv)}</button>
        </div>
        <div class="table-wrap">
            <table class="table responsive task-table">
                <thead>
                    <tr>
                        {header(SortKey::Title, K::TaskTitle, "")}
                        {header(SortKey::Owner, K::Owner, "")}
                        {header(SortKey::Status, K::Status, "")}
                        {header(SortKey::Priority, K::Priority, "")}
                        {header(SortKey::Start, K::StartDate, "")}
                        {header(SortKey::Due, K::DueDate, "")}
                        {header(SortKey::Progress, K::Progress, "col-progress")}
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
