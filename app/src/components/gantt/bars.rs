//! One row of the chart, in its two halves: the task's name in the tree (fold, open, indent,
//! outdent) and its bar on the time scale (progress, baseline, slip against it, grips to move,
//! resize and link).
use chrono::NaiveDate;
use leptos::prelude::*;

use super::chart::Chart;
use super::pointer::begin_drag;
use super::rows::{Row, ROW_HEIGHT};
use super::state::Grip;
use crate::components::live_connection::WatchersOf;
use crate::components::task_board::Drawer;
use crate::i18n::{tr, K};

/// The task's name in the tree.
pub fn task_label(chart: Chart, (index, row): (usize, Row)) -> impl IntoView {
    let Chart {
        board,
        collapsed,
        critical,
        actions,
        rows,
        ..
    } = chart;
    let id = row.id;
    let top = index as f64 * ROW_HEIGHT;
    let folded = move || collapsed.with(|c| c.contains(&id));
    let toggle = move |_| {
        collapsed.update(|c| {
            if !c.remove(&id) {
                c.insert(id);
            }
        })
    };
    let is_critical = move || critical.with(|c| c.contains(&id));
    let reparent = move |indent: bool| rows.with_untracked(|r| actions.reparent(r, id, indent));
    view! {
        <div
            class="gantt-label"
            class:summary=row.has_children
            class:critical=is_critical
            style=format!("top:{top}px;padding-left:{}px", 8 + row.depth * 16)
            data-gantt-row=id
        >
            {if row.has_children {
                view! {
                    <button class="tree-toggle" aria-expanded=move || (!folded()).to_string() aria-label=tr(K::ToggleSubtasks) on:click=toggle>
                        {move || if folded() { "▸" } else { "▾" }}
                    </button>
                }.into_any()
            } else {
                view! { <span class="tree-toggle-space"></span> }.into_any()
            }}
            <button class="gantt-title link-button" on:click=move |_| board.drawer.set(Some(Drawer::Edit(id)))>
                {row.title.clone()}
            </button>
            <WatchersOf task=id/>
            <Show when=is_critical>
                <span class="critical-mark" title=tr(K::CriticalPath)>"!"</span>
            </Show>
            {board.can_edit.then(|| view! {
                <span class="row-tools">
                    <button class="icon-button" title=tr(K::Outdent) aria-label=tr(K::Outdent) disabled=row.parent_id.is_none() on:click=move |_| reparent(false)>"⇤"</button>
                    <button class="icon-button" title=tr(K::Indent) aria-label=tr(K::Indent) on:click=move |_| reparent(true)>"⇥"</button>
                </span>
            })}
        </div>
    }
}

/// The task's bar, its baseline and its label.
pub fn task_bar(chart: Chart, (index, row): (usize, Row)) -> impl IntoView {
    let Chart {
        board,
        scale,
        critical,
        show_baseline,
        baseline_of,
        ..
    } = chart;
    let id = row.id;
    let top = index as f64 * ROW_HEIGHT;
    let shown = row.clone();
    let geometry = move || {
        let s = scale.get();
        chart.span_of(&shown).map(|(start, due)| {
            let left = s.x(start);
            let width = s.x(due) + s.ppd() - left;
            (left, width.max(s.ppd()), s.ppd(), due)
        })
    };
    let is_critical = move || critical.with(|c| c.contains(&id));
    let base = move || {
        if !show_baseline.get() {
            return None;
        }
        let s = scale.get();
        baseline_of
            .with(|b| b.get(&id).copied())
            .map(|(start, due)| {
                let left = s.x(start);
                (left, s.x(due) + s.ppd() - left)
            })
    };
    // Days later (+) or earlier (−) than the baseline's finish.
    let slip = move |due: NaiveDate| {
        if !show_baseline.get() {
            return None;
        }
        let (_, planned) = baseline_of.with(|b| b.get(&id).copied())?;
        let days = (due - planned).num_days();
        (days != 0).then(|| {
            if days > 0 {
                format!("+{days}")
            } else {
                days.to_string()
            }
        })
    };
    let title = row.title.clone();
    let progress = if row.done { 100 } else { row.progress };
    let (milestone, summary) = (row.milestone, !row.milestone && row.has_children);
    let kind_class = if milestone {
        "gantt-bar milestone"
    } else if summary {
        "gantt-bar summary"
    } else {
        "gantt-bar"
    };
    let grip = move |grip: Grip| {
        let row = row.clone();
        move |e| begin_drag(chart, &row, grip, e)
    };
    view! {
        <div class="gantt-row" style=format!("top:{top}px")>
            {move || base().map(|(left, width)| view! {
                <div class="gantt-baseline" style=format!("left:{left:.1}px;width:{width:.1}px")></div>
            })}
            {move || geometry().map(|(left, width, ppd, due)| {
                let style = if milestone {
                    format!("left:{:.1}px", left + ppd - 9.0)
                } else {
                    format!("left:{left:.1}px;width:{width:.1}px")
                };
                view! {
                    <div
                        class=kind_class
                        class:critical=is_critical
                        class:editable=board.can_edit
                        style=style
                        data-gantt-task=id
                        title=title.clone()
                        on:pointerdown=grip(Grip::Move)
                    >
                        <div class="gantt-progress" style=format!("width:{progress}%")></div>
                        // Whether the person may edit is fixed for the page: plain branches,
                        // not reactive ones, for rows made on every scrolled frame.
                        {(board.can_edit && !milestone && !summary).then(|| view! {
                            <span class="gantt-grip start" on:pointerdown=grip(Grip::Start)></span>
                            <span class="gantt-grip end" on:pointerdown=grip(Grip::End)></span>
                        })}
                        {board.can_edit.then(|| view! {
                            <span class="gantt-link-handle" title=tr(K::LinkHint) on:pointerdown=grip(Grip::Link)></span>
                        })}
                    </div>
                    <span class="gantt-bar-label" style=format!("left:{:.1}px", left + width + 8.0)>
                        {title.clone()}
                        {move || slip(due).map(|s| view! { <span class="slip">{s} {tr(K::DaysShort)}</span> })}
                    </span>
                }
            })}
        </div>
    }
}
