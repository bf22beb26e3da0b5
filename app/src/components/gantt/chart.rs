//! `Chart`: the Gantt chart's signals and what is worked out from them (rows in view, the time
//! scale, the critical path, the baseline), made once per chart and handed to each view part.
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use leptos::prelude::*;

use super::actions::Actions;
use super::rows::{visible_rows, window, Row};
use super::scale::{Scale, Zoom};
use super::state::{extent, plan_of, Drag, Undo};
use crate::components::task_board::TaskBoard;
use crate::components::ui::today;
use crate::domain::schedule::calendar::WorkCalendar;
use crate::domain::schedule::Plan;
use crate::error::AppError;
use crate::i18n::I18n;
use crate::model::{BaselineDates, Id, TaskLink};

#[derive(Clone, Copy)]
pub struct Chart {
    pub board: TaskBoard,
    pub links: RwSignal<Vec<TaskLink>>,
    pub calendar: RwSignal<WorkCalendar>,
    /// May change the working calendar (the project's managers).
    pub can_edit_calendar: bool,
    pub editing_calendar: RwSignal<bool>,
    pub baseline_count: RwSignal<usize>,
    pub zoom: RwSignal<Zoom>,
    pub collapsed: RwSignal<HashSet<Id>>,
    pub show_critical: RwSignal<bool>,
    pub show_baseline: RwSignal<bool>,
    /// Dates a drag is previewing, by task.
    pub preview: RwSignal<HashMap<Id, (NaiveDate, NaiveDate)>>,
    pub drag: RwSignal<Option<Drag>>,
    pub error: RwSignal<Option<AppError>>,
    pub undo: RwSignal<Option<Undo>>,
    pub busy: RwSignal<bool>,
    /// Scroll offsets, kept apart so a vertical scroll does not redraw the time axis.
    pub scroll_left: RwSignal<f64>,
    pub scroll_top: RwSignal<f64>,
    pub viewport: RwSignal<(f64, f64)>,
    pub scroller: NodeRef<leptos::html::Div>,
    /// The task-name column's width when the reader has dragged its edge (kept in the browser),
    /// and the drag of the edge under way: where the pointer went down and the width then.
    pub label_width: RwSignal<Option<f64>>,
    pub resizing: RwSignal<Option<(f64, f64)>>,
    /// The engine as of the last saved state, for previews while dragging.
    pub engine: StoredValue<Option<Plan>>,
    pub rows: Memo<Vec<Row>>,
    /// A row's position, by task.
    pub row_of: Memo<HashMap<Id, usize>>,
    pub scale: Memo<Scale>,
    pub critical: Memo<HashSet<Id>>,
    pub baseline_of: Memo<HashMap<Id, (NaiveDate, NaiveDate)>>,
    /// The rows `[first, last)` drawn.
    pub visible: Memo<(usize, usize)>,
    pub actions: Actions,
}

impl Chart {
    pub fn new(
        i18n: I18n,
        board: TaskBoard,
        calendar: WorkCalendar,
        baseline: Vec<BaselineDates>,
        baseline_count: usize,
        can_edit_calendar: bool,
    ) -> Chart {
        let links = board.links.unwrap_or_else(|| RwSignal::new(Vec::new()));
        let calendar = RwSignal::new(calendar);
        let baseline = RwSignal::new(baseline);
        let baseline_count = RwSignal::new(baseline_count);
        let zoom = RwSignal::new(Zoom::Week);
        let collapsed = RwSignal::new(HashSet::<Id>::new());
        let show_critical = RwSignal::new(true);
        let show_baseline = RwSignal::new(true);
        let preview = RwSignal::new(HashMap::new());
        let error = RwSignal::new(None::<AppError>);
        let undo = RwSignal::new(None::<Undo>);
        let busy = RwSignal::new(false);
        let scroll_top = RwSignal::new(0.0f64);
        let viewport = RwSignal::new((1200.0f64, 640.0f64));

        let rows = Memo::new(move |_| {
            let folded = collapsed.get();
            board.tasks.with(|all| visible_rows(all, &folded))
        });
        let row_of = Memo::new(move |_| {
            rows.with(|r| {
                r.iter()
                    .enumerate()
                    .map(|(i, row)| (row.id, i))
                    .collect::<HashMap<Id, usize>>()
            })
        });
        let scale = Memo::new(move |_| {
            let (first, last) = board.tasks.with(|all| extent(all, today()));
            Scale::new(zoom.get(), first, last)
        });
        let critical = Memo::new(move |_| {
            if !show_critical.get() {
                return HashSet::new();
            }
            let plan = board
                .tasks
                .with(|all| links.with(|l| calendar.with(|c| plan_of(all, l, c))));
            plan.map(|p| {
                p.critical_path()
                    .into_iter()
                    .filter(|f| f.critical)
                    .map(|f| f.task)
                    .collect::<HashSet<Id>>()
            })
            .unwrap_or_default()
        });
        let baseline_of = Memo::new(move |_| {
            baseline.with(|b| {
                b.iter()
                    .map(|d| (d.task_id, (d.start, d.due)))
                    .collect::<HashMap<Id, (NaiveDate, NaiveDate)>>()
            })
        });
        let visible = Memo::new(move |_| {
            let top = scroll_top.get();
            let (_, height) = viewport.get();
            window(rows.with(|r| r.len()), top, height)
        });
        Chart {
            board,
            links,
            calendar,
            can_edit_calendar,
            editing_calendar: RwSignal::new(false),
            baseline_count,
            zoom,
            collapsed,
            show_critical,
            show_baseline,
            preview,
            drag: RwSignal::new(None),
            error,
            undo,
            busy,
            scroll_left: RwSignal::new(0.0),
            scroll_top,
            viewport,
            scroller: NodeRef::new(),
            label_width: RwSignal::new(super::label_width::kept_width()),
            resizing: RwSignal::new(None),
            engine: StoredValue::new(None),
            rows,
            row_of,
            scale,
            critical,
            baseline_of,
            visible,
            actions: Actions {
                i18n,
                board,
                links,
                undo,
                error,
                busy,
                preview,
                baseline,
                baseline_count,
                show_baseline,
                offline: crate::components::offline::use_offline(),
            },
        }
    }

    /// Where a row's bar is, with a drag's preview applied.
    pub fn span_of(self, row: &Row) -> Option<(NaiveDate, NaiveDate)> {
        self.preview
            .with(|p| p.get(&row.id).copied())
            .or_else(|| row.span())
    }

    /// The rows drawn now, with their positions.
    pub fn rows_in_view(self) -> Vec<(usize, Row)> {
        let (first, last) = self.visible.get();
        self.rows.with(|r| {
            r[first.min(r.len())..last.min(r.len())]
                .iter()
                .enumerate()
                .map(|(k, row)| (first + k, row.clone()))
                .collect()
        })
    }

    /// Takes the engine as saved, for the preview of a drag that has just begun.
    pub fn snapshot_engine(self) {
        let plan = self.board.tasks.with_untracked(|all| {
            self.links
                .with_untracked(|l| self.calendar.with_untracked(|c| plan_of(all, l, c)))
        });
        self.engine.set_value(plan);
    }
}
