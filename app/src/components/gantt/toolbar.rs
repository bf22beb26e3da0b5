//! The chart's toolbar: zoom, today, the critical path and the baseline shown or not, the working
//! calendar, a new baseline and undo; and the hints on how to drag.
use leptos::prelude::*;

use super::chart::Chart;
use super::pointer::scroll_to;
use super::scale::Zoom;
use crate::components::ui::today;
use crate::i18n::{tr, K};

#[component]
pub fn Toolbar(chart: Chart) -> impl IntoView {
    let Chart {
        zoom,
        show_critical,
        show_baseline,
        baseline_count,
        editing_calendar,
        can_edit_calendar,
        board,
        undo,
        busy,
        actions,
        ..
    } = chart;
    view! {
        <div class="gantt-toolbar toolbar">
            <div class="segmented" role="group" aria-label=tr(K::Zoom)>
                {Zoom::ALL.iter().map(|&z| view! {
                    <button class="btn" class:active=move || zoom.get() == z aria-pressed=move || (zoom.get() == z).to_string() on:click=move |_| zoom.set(z)>{tr(z.label())}</button>
                }).collect_view()}
            </div>
            <button class="btn" on:click=move |_| scroll_to(chart, today())>{tr(K::Today)}</button>
            <label class="checkbox inline">
                <input type="checkbox" checked=show_critical prop:checked=show_critical on:change=move |ev| show_critical.set(event_target_checked(&ev))/>
                {tr(K::CriticalPath)}
            </label>
            <label class="checkbox inline">
                <input type="checkbox" checked=show_baseline prop:checked=show_baseline on:change=move |ev| show_baseline.set(event_target_checked(&ev))/>
                {tr(K::Baseline)}
                {move || (baseline_count.get() == 0).then(|| view! { <span class="muted">" (" {tr(K::NoBaseline)} ")"</span> })}
            </label>
            <Show when=move || can_edit_calendar>
                <button class="btn" on:click=move |_| editing_calendar.set(true)>{tr(K::WorkingCalendar)}</button>
            </Show>
            <Show when=move || board.can_edit>
                <button class="btn" on:click=move |_| actions.save_baseline()>{tr(K::SaveBaseline)}</button>
                <button class="btn" disabled=move || undo.with(|u| u.is_none()) || busy.get() on:click=move |_| actions.take_back()>
                    "↶ " {tr(K::Undo)}
                </button>
            </Show>
        </div>
        <Show when=move || board.can_edit>
            <p class="hint pointer-fine">{tr(K::GanttHint)}</p>
            <p class="hint pointer-coarse">{tr(K::GanttHintTouch)}</p>
        </Show>
    }
}
