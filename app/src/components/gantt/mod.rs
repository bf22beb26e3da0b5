//! The Gantt chart: the task tree on the left, bars on a time scale on the right. Rows and the
//! time axis are virtualised (only what the viewport shows is in the page), drags are previewed
//! with the shared scheduling engine and saved through the server, which has the last word.
//!
//! The parts: `state` (drags, undo, indenting — plain Rust, unit-tested), `chart` (the signals
//! and what is worked out from them), `actions` (what is asked of the server), `pointer` (the
//! window's pointer and key events), `rows` and `scale` (which rows, which dates, where), and
//! the view parts `toolbar`, `bars`, `arrows`, `column` and `calendar_editor`.
// Dragging happens only in the browser: the server renders the chart without it.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]
mod actions;
mod arrows;
mod bars;
mod calendar_editor;
mod chart;
mod column;
pub mod label_width;
mod pointer;
mod rows;
mod scale;
mod state;
mod toolbar;

use leptos::prelude::*;

use self::arrows::{links_by_stretch, stretch_view, stretches_of, Layout, Stretch};
use self::bars::{task_bar, task_label};
use self::calendar_editor::CalendarEditor;
use self::chart::Chart;
use self::column::{restore_width, ColumnEdge};
use self::rows::ROW_HEIGHT;
use self::toolbar::Toolbar;
use super::task_board::TaskBoard;
use super::ui::{today, ErrorBox};
use crate::domain::schedule::calendar::WorkCalendar;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{BaselineDates, ScheduleChange, TaskLink};

const HEADER_HEIGHT: f64 = 48.0;

#[component]
pub fn Gantt(
    /// The tasks, and the links (`board.links`, which the chart needs).
    board: TaskBoard,
    calendar: WorkCalendar,
    /// Dates of the newest baseline, and how many baselines there are.
    baseline: Vec<BaselineDates>,
    baseline_count: usize,
    /// May change the working calendar (the project's managers).
    can_edit_calendar: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let chart = Chart::new(
        i18n,
        board,
        calendar,
        baseline,
        baseline_count,
        can_edit_calendar,
    );
    let Chart {
        scroller,
        drag,
        resizing,
        label_width,
        rows,
        scale,
        links,
        error,
        ..
    } = chart;
    restore_width(chart);
    pointer::follow(chart);
    // On the server the chart is drawn once, as the browser first shows it: scrolled to the date
    // the browser scrolls it to (the page's styles shift it there: a page cannot be scrolled
    // before its scripts run), with rows for a tall window.
    #[cfg(feature = "ssr")]
    let first_left = {
        let focus = board
            .tasks
            .with_untracked(|all| state::focus_date(all, today()));
        let left = (scale.get_untracked().x(focus) - 120.0).max(0.0);
        chart.scroll_left.set(left);
        chart.viewport.set((1600.0, 1000.0));
        left
    };

    // For each stretch of rows, the links with an end in it.
    let by_stretch = Memo::new(move |_| {
        let count = rows.with(|r| r.len());
        chart
            .row_of
            .with(|index| links.with(|all| links_by_stretch(count, index, all)))
    });
    // The stretches the drawn rows fall in; changes only when the scroll crosses into another.
    let stretches_shown = Memo::new(move |_| stretches_of(chart.visible.get()));
    // The arrows of each stretch in view, in chart coordinates.
    let arrows = Memo::new(move |_| {
        let s = scale.get();
        let (from, to) = stretches_shown.get();
        rows.with(|rows| {
            chart.row_of.with(|index| {
                chart.preview.with(|preview| {
                    chart.critical.with(|critical| {
                        let layout = Layout {
                            rows,
                            index,
                            scale: &s,
                            preview,
                            critical,
                        };
                        by_stretch.with(|by_stretch| {
                            links.with(|all| {
                                (from..to)
                                    .map(|k| layout.stretch(k, by_stretch, all))
                                    .collect::<Vec<_>>()
                            })
                        })
                    })
                })
            })
        })
    });
    let remove_link = board
        .can_edit
        .then(|| Callback::new(move |l: TaskLink| chart.actions.unlink(l)));

    // Weekends and holidays in the visible stretch, shaded; only where days are wide enough.
    let days_off = move || {
        let s = scale.get();
        if s.ppd() < 6.0 {
            return Vec::new();
        }
        let left = chart.scroll_left.get();
        let (width, _) = chart.viewport.get();
        let from = s.date_at(left - 100.0);
        let to = s.date_at(left + width + 100.0);
        chart.calendar.with(|c| {
            from.iter_days()
                .take_while(|d| *d <= to)
                .filter(|d| !c.is_working(*d))
                .map(|d| {
                    view! { <div class="gantt-off" style=format!("left:{:.1}px;width:{:.1}px", s.x(d), s.ppd())></div> }
                })
                .collect::<Vec<_>>()
        })
    };

    let header = move || {
        let s = scale.get();
        let left = chart.scroll_left.get();
        let (width, _) = chart.viewport.get();
        let (major, minor) = s.ticks(left - 200.0, left + width + 200.0, i18n.locale.get());
        let cell = |class: &'static str, t: scale::Tick| {
            view! { <div class=class style=format!("left:{:.1}px;width:{:.1}px", t.x, t.width)>{t.label}</div> }
        };
        view! {
            <div class="gantt-scale-row major">{major.into_iter().map(|t| cell("gantt-tick", t)).collect_view()}</div>
            <div class="gantt-scale-row minor">{minor.into_iter().map(|t| cell("gantt-tick", t)).collect_view()}</div>
        }
    };

    let rubber_band = move || {
        drag.get()
            .filter(|d| d.active && d.grip == state::Grip::Link)
            .map(|d| {
                view! {
                    <svg class="gantt-rubber" aria-hidden="true">
                        <line x1=d.from.0.to_string() y1=d.from.1.to_string() x2=d.at.0.to_string() y2=d.at.1.to_string()></line>
                    </svg>
                }
            })
    };

    let today_x = move || scale.get().x(today());
    let chart_width = move || scale.get().width();
    let body_height = move || rows.with(|r| r.len()) as f64 * ROW_HEIGHT;
    let rows_in_view = move || chart.rows_in_view();

    view! {
        <ErrorBox error=error/>
        <Toolbar chart/>
        <div
            class="gantt"
            node_ref=scroller
            on:scroll=move |_| pointer::on_scroll(chart)
            class:is-dragging=move || drag.with(|d| d.is_some_and(|d| d.active)) || resizing.with(Option::is_some)
            style=move || {
                let width = label_width.get().map(|w| format!("--gantt-label-w:{w:.0}px"));
                #[cfg(feature = "ssr")]
                let width = Some(format!("{};--gantt-first-left:{first_left:.0}px", width.unwrap_or_default()));
                width
            }
        >
            <div class="gantt-head" style=move || format!("width:calc(var(--gantt-label-w) + {:.0}px);height:{HEADER_HEIGHT}px", chart_width())>
                <div class="gantt-corner">
                    {tr(K::Task)}
                    <ColumnEdge chart/>
                </div>
                <div class="gantt-scale" style=move || format!("width:{:.0}px", chart_width())>{header}</div>
            </div>
            <div class="gantt-body" style=move || format!("width:calc(var(--gantt-label-w) + {:.0}px);height:{:.0}px", chart_width(), body_height())>
                <div class="gantt-labels" style=move || format!("height:{:.0}px", body_height())>
                    <For each=rows_in_view key=|(i, row)| (*i, row.id, row.version, row.depth, row.has_children, row.title.clone()) children=move |item| task_label(chart, item)/>
                </div>
                <div class="gantt-chart" style=move || format!("width:{:.0}px;height:{:.0}px", chart_width(), body_height())>
                    {days_off}
                    <div class="gantt-today" style=move || format!("left:{:.1}px", today_x()) title=tr(K::Today)></div>
                    <For each=rows_in_view key=|(i, row)| (*i, row.id, row.version, row.start, row.due, row.progress, row.has_children) children=move |item| task_bar(chart, item)/>
                    <svg class="gantt-defs" width="0" height="0" aria-hidden="true">
                        <defs>
                            <marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M0 0L8 4L0 8z"></path>
                            </marker>
                        </defs>
                    </svg>
                    <For each=move || arrows.get() key=Stretch::fingerprint children=move |s| stretch_view(s, remove_link)/>
                </div>
            </div>
            {move || rows.with(|r| r.is_empty()).then(|| view! { <div class="empty-state">{tr(K::GanttEmpty)}</div> })}
        </div>
        {rubber_band}
        <Show when=move || chart.editing_calendar.get()>
            <CalendarEditor
                project_id=board.project_id
                calendar=chart.calendar
                open=chart.editing_calendar
                on_saved=Callback::new(move |change: ScheduleChange| chart.actions.apply(change))
            />
        </Show>
    }
}
