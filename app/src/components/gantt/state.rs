//! The Gantt chart's state as plain Rust, tested without a browser: a drag of a bar (which end,
//! how far, the dates it asks for and the preview the scheduling engine gives), what undoing the
//! last change takes, where indenting puts a task, the dates the chart spans and the width of the
//! task-name column. The view parts only read and set these.
use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::rows::Row;
use crate::domain::schedule::calendar::WorkCalendar;
use crate::domain::schedule::{Change, LinkSpec, Mode, Plan, PlanTask};
use crate::model::{Id, LinkInput, Reschedule, ScheduleChange, TaskLink, TaskView};

/// What a drag on a bar does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grip {
    Move,
    Start,
    End,
    Link,
}

/// How far a mouse moves before a press is a drag rather than a click, in pixels.
const DRAG_FROM: f64 = 4.0;
/// How far a finger moves before the long press is over and it scrolls instead, in pixels.
const SCROLL_FROM: f64 = 8.0;
/// How long a finger rests on a bar before the bar follows it.
pub const LONG_PRESS_MS: u64 = 450;

/// A bar being dragged, from the press to the release.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drag {
    pub grip: Grip,
    pub task_id: Id,
    pub version: i32,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub from: (f64, f64),
    pub at: (f64, f64),
    /// Whole days the pointer has moved.
    pub days: i64,
    /// The dates the drag asks for so far.
    pub wanted: (NaiveDate, NaiveDate),
    /// Moved far enough to be a drag, not a click.
    pub active: bool,
    /// Ready to drag: at once for a mouse; for a finger only after a long press, so a swipe
    /// still scrolls the chart.
    pub armed: bool,
}

/// What a pointer's move means for a drag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// A finger moved before the long press was over: it is scrolling; the drag is dropped.
    Scroll,
    /// Not a drag yet: nothing to show.
    Held,
    /// It has just become a drag: take the engine as saved, for the preview.
    Started,
    /// A drag under way.
    Moving,
}

/// What a release ends a drag with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// Never moved: a click, which opens the task.
    Open(Id),
    /// A link drawn from the task to whatever is under the pointer.
    Link(Id),
    /// Moved back to where it was: nothing to save.
    Nothing,
    Reschedule(Reschedule),
}

impl Drag {
    /// A press on a row's bar (or one of its grips); `None` for a row without dates.
    pub fn press(row: &Row, grip: Grip, at: (f64, f64), touch: bool) -> Option<Drag> {
        let (start, due) = row.span()?;
        Some(Drag {
            grip,
            task_id: row.id,
            version: row.version,
            start,
            due,
            from: at,
            at,
            days: 0,
            wanted: (start, due),
            active: false,
            armed: !touch,
        })
    }

    /// The pointer is now at `at`.
    pub fn follow(&mut self, at: (f64, f64)) -> Follow {
        self.at = at;
        let moved = (at.0 - self.from.0).abs() + (at.1 - self.from.1).abs();
        if !self.armed {
            return if moved > SCROLL_FROM {
                Follow::Scroll
            } else {
                Follow::Held
            };
        }
        if !self.active && moved > DRAG_FROM {
            self.active = true;
            return Follow::Started;
        }
        if self.active {
            Follow::Moving
        } else {
            Follow::Held
        }
    }

    /// The drag has moved `days` days on the time scale: the dates it asks for, and where the
    /// engine (the plan as saved) puts every task that moves with it. `None` when the days have
    /// not changed since the last call, or for a link being drawn.
    pub fn preview(
        &mut self,
        days: i64,
        plan: Option<&mut Plan>,
    ) -> Option<HashMap<Id, (NaiveDate, NaiveDate)>> {
        if self.grip == Grip::Link || days == self.days {
            return None;
        }
        self.days = days;
        let (start, due) = self.dates(plan.as_deref());
        self.wanted = (start, due);
        let change = Change {
            task: self.task_id,
            start,
            due,
        };
        let moved = plan
            .map(|p| p.preview(&[change], Mode::PushOnly))
            .unwrap_or_default();
        let mut shown: HashMap<Id, (NaiveDate, NaiveDate)> = moved
            .into_iter()
            .map(|m| (m.task, (m.start, m.due)))
            .collect();
        shown.entry(self.task_id).or_insert((start, due));
        Some(shown)
    }

    /// The dates the drag asks for; a moved bar keeps its working days (see `Plan::shifted`).
    pub fn dates(&self, plan: Option<&Plan>) -> (NaiveDate, NaiveDate) {
        let shift = |d: NaiveDate, days: i64| {
            if days >= 0 {
                d.checked_add_days(Days::new(days as u64)).unwrap_or(d)
            } else {
                d.checked_sub_days(Days::new(days.unsigned_abs()))
                    .unwrap_or(d)
            }
        };
        match self.grip {
            Grip::Move => {
                let start = shift(self.start, self.days);
                plan.and_then(|p| p.shifted(self.task_id, start))
                    .unwrap_or((start, shift(self.due, self.days)))
            }
            Grip::Start => (shift(self.start, self.days).min(self.due), self.due),
            Grip::End => (self.start, shift(self.due, self.days).max(self.start)),
            Grip::Link => (self.start, self.due),
        }
    }

    /// What letting go ends the drag with.
    pub fn release(&self) -> Release {
        if !self.active {
            return Release::Open(self.task_id);
        }
        match self.grip {
            Grip::Link => Release::Link(self.task_id),
            _ if self.wanted == (self.start, self.due) => Release::Nothing,
            _ => Release::Reschedule(Reschedule {
                task_id: self.task_id,
                version: self.version,
                start: self.wanted.0,
                due: self.wanted.1,
            }),
        }
    }
}

/// Each task's start and due date, by task.
pub type Dates = HashMap<Id, (Option<NaiveDate>, Option<NaiveDate>)>;

/// Every task's dates, taken before a change is sent: the change's own live event may reach the
/// board before its answer does.
pub fn dates_of(tasks: &[TaskView]) -> Dates {
    tasks
        .iter()
        .map(|t| (t.id, (t.input.start_date, t.input.due_date)))
        .collect()
}

/// How to take back the last change.
#[derive(Clone, Debug, PartialEq)]
pub enum Undo {
    /// Put these tasks back on these dates.
    Dates(Vec<Reschedule>),
    /// Remove the link that was added, then put the tasks it pushed back.
    Unlink(Id, Vec<Reschedule>),
    /// Add back the link that was removed.
    Relink(LinkInput),
}

/// What undoing `change` takes: the tasks it moved, back to where they were `before`.
pub fn restore_for(before: &Dates, change: &ScheduleChange) -> Vec<Reschedule> {
    change
        .tasks
        .iter()
        .filter_map(|new| {
            let &(old_start, old_due) = before.get(&new.id)?;
            let (start, due) = (old_start?, old_due?);
            let moved = (new.input.start_date, new.input.due_date) != (old_start, old_due);
            moved.then_some(Reschedule {
                task_id: new.id,
                version: new.version,
                start,
                due,
            })
        })
        .collect()
}

/// The parent task `id` gets when indented (under the nearest task above it at its depth) or
/// outdented (beside its parent); `None` when there is no such move, `Some(None)` for the top.
pub fn new_parent(rows: &[Row], tasks: &[TaskView], id: Id, indent: bool) -> Option<Option<Id>> {
    if indent {
        let at = rows.iter().position(|row| row.id == id)?;
        let depth = rows[at].depth;
        rows[..at]
            .iter()
            .rev()
            .take_while(|row| row.depth >= depth)
            .find(|row| row.depth == depth)
            .map(|row| Some(row.id))
    } else {
        let parent = tasks.iter().find(|t| t.id == id)?.input.parent_id?;
        Some(
            tasks
                .iter()
                .find(|t| t.id == parent)
                .and_then(|t| t.input.parent_id),
        )
    }
}

/// The engine over the tasks and links as they are.
pub fn plan_of(tasks: &[TaskView], links: &[TaskLink], calendar: &WorkCalendar) -> Option<Plan> {
    let items: Vec<PlanTask> = tasks.iter().map(PlanTask::from).collect();
    let specs: Vec<LinkSpec> = links.iter().map(LinkSpec::from).collect();
    Plan::new(&items, &specs, calendar).ok()
}

/// The dates the chart spans: every task's, and today.
pub fn extent(tasks: &[TaskView], today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let dates = tasks
        .iter()
        .flat_map(|t| [t.input.start_date, t.input.due_date])
        .flatten();
    dates.fold((today, today), |(lo, hi), d| (lo.min(d), hi.max(d)))
}

/// Where the chart opens: today while the work is under way, else where the work starts.
pub fn focus_date(tasks: &[TaskView], today: NaiveDate) -> NaiveDate {
    let dates = tasks
        .iter()
        .flat_map(|t| [t.input.start_date, t.input.due_date])
        .flatten();
    match dates.fold(None, |span: Option<(NaiveDate, NaiveDate)>, d| {
        Some(span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
    }) {
        Some((first, last)) if today < first || today > last => first,
        _ => today,
    }
}

/// Narrowest the task-name column can be made.
pub const LABEL_WIDTH_MIN: f64 = 96.0;

/// The task-name column's width for `wanted` pixels in a chart `viewport` pixels wide: never so
/// narrow that nothing of a name shows, never so wide that no timeline is left.
pub fn label_width_within(wanted: f64, viewport: f64) -> f64 {
    let widest = (viewport * 0.75).max(LABEL_WIDTH_MIN);
    wanted.clamp(LABEL_WIDTH_MIN, widest).round()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::gantt::rows::visible_rows;
    use crate::model::{LinkKind, TaskInput};

    fn d(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn task(id: Id, parent: Option<Id>, start: NaiveDate, due: NaiveDate) -> TaskView {
        TaskView {
            id,
            project_id: 1,
            input: TaskInput {
                parent_id: parent,
                start_date: Some(start),
                due_date: Some(due),
                ..TaskInput::titled(format!("T{id}"))
            },
            owner: None,
            sort_order: id,
            version: 3,
        }
    }

    fn link(id: Id, predecessor_id: Id, successor_id: Id) -> TaskLink {
        TaskLink {
            id,
            predecessor_id,
            successor_id,
            kind: LinkKind::FinishToStart,
            lag_days: 0,
        }
    }

    fn row(tasks: &[TaskView], id: Id) -> Row {
        let rows = visible_rows(tasks, &Default::default());
        rows.into_iter().find(|r| r.id == id).unwrap()
    }

    #[test]
    fn a_mouse_press_that_moves_a_little_is_a_click_then_a_drag() {
        let tasks = [task(1, None, d(12, 7), d(12, 9))];
        let mut drag = Drag::press(&row(&tasks, 1), Grip::Move, (100.0, 50.0), false).unwrap();
        assert_eq!(drag.follow((102.0, 51.0)), Follow::Held);
        assert_eq!(drag.release(), Release::Open(1));
        assert_eq!(drag.follow((110.0, 51.0)), Follow::Started);
        assert_eq!(drag.follow((130.0, 51.0)), Follow::Moving);
        // Dragged back to where it began: nothing to save.
        assert_eq!(drag.release(), Release::Nothing);
    }

    #[test]
    fn a_finger_scrolls_unless_it_rested_first() {
        let tasks = [task(1, None, d(12, 7), d(12, 9))];
        let mut swipe = Drag::press(&row(&tasks, 1), Grip::Move, (100.0, 50.0), true).unwrap();
        assert_eq!(swipe.follow((104.0, 52.0)), Follow::Held);
        assert_eq!(swipe.follow((100.0, 80.0)), Follow::Scroll);
        let mut held = Drag::press(&row(&tasks, 1), Grip::Move, (100.0, 50.0), true).unwrap();
        held.armed = true;
        assert_eq!(held.follow((100.0, 80.0)), Follow::Started);
    }

    #[test]
    fn a_drag_previews_its_dependents_and_asks_for_its_dates() {
        // 2026-12-07 is a Monday; B waits for A.
        let tasks = [
            task(1, None, d(12, 7), d(12, 8)),
            task(2, None, d(12, 9), d(12, 10)),
        ];
        let links = [link(10, 1, 2)];
        let mut plan = plan_of(&tasks, &links, &WorkCalendar::weekdays());
        let mut drag = Drag::press(&row(&tasks, 1), Grip::End, (0.0, 0.0), false).unwrap();
        drag.follow((50.0, 0.0));
        let shown = drag.preview(2, plan.as_mut()).unwrap();
        // A now ends on Thursday, so B starts on Friday and, two working days long, ends on
        // the Monday after the weekend.
        assert_eq!(shown[&1], (d(12, 7), d(12, 10)));
        assert_eq!(shown[&2], (d(12, 11), d(12, 14)));
        // The same number of days again changes nothing.
        assert_eq!(drag.preview(2, plan.as_mut()), None);
        assert_eq!(
            drag.release(),
            Release::Reschedule(Reschedule {
                task_id: 1,
                version: 3,
                start: d(12, 7),
                due: d(12, 10),
            })
        );
    }

    #[test]
    fn dragging_an_end_past_the_other_stops_at_it() {
        let tasks = [task(1, None, d(12, 7), d(12, 9))];
        let mut drag = Drag::press(&row(&tasks, 1), Grip::Start, (0.0, 0.0), false).unwrap();
        drag.follow((90.0, 0.0));
        drag.preview(5, None);
        assert_eq!(drag.wanted, (d(12, 9), d(12, 9)));
    }

    #[test]
    fn undo_puts_back_only_the_tasks_that_moved() {
        let before = dates_of(&[
            task(1, None, d(12, 7), d(12, 8)),
            task(2, None, d(12, 9), d(12, 10)),
        ]);
        let change = ScheduleChange {
            tasks: vec![
                task(1, None, d(12, 7), d(12, 8)),
                task(2, None, d(12, 11), d(12, 14)),
            ],
            links: Vec::new(),
        };
        assert_eq!(
            restore_for(&before, &change),
            [Reschedule {
                task_id: 2,
                version: 3,
                start: d(12, 9),
                due: d(12, 10),
            }]
        );
    }

    #[test]
    fn indenting_goes_under_the_task_above_and_outdenting_beside_the_parent() {
        let tasks = [
            task(1, None, d(12, 7), d(12, 8)),
            task(2, Some(1), d(12, 7), d(12, 8)),
            task(3, Some(1), d(12, 7), d(12, 8)),
            task(4, None, d(12, 7), d(12, 8)),
        ];
        let rows = visible_rows(&tasks, &Default::default());
        assert_eq!(new_parent(&rows, &tasks, 3, true), Some(Some(2)));
        assert_eq!(new_parent(&rows, &tasks, 4, true), Some(Some(1)));
        // The first child has nothing above it at its depth.
        assert_eq!(new_parent(&rows, &tasks, 2, true), None);
        assert_eq!(new_parent(&rows, &tasks, 3, false), Some(None));
        assert_eq!(new_parent(&rows, &tasks, 4, false), None);
    }

    #[test]
    fn the_chart_opens_on_today_during_the_work_else_at_its_start() {
        let tasks = [task(1, None, d(12, 7), d(12, 18))];
        assert_eq!(focus_date(&tasks, d(12, 10)), d(12, 10));
        assert_eq!(focus_date(&tasks, d(11, 1)), d(12, 7));
        assert_eq!(extent(&tasks, d(11, 1)), (d(11, 1), d(12, 18)));
    }

    #[test]
    fn the_task_column_keeps_within_the_chart() {
        assert_eq!(label_width_within(300.4, 1280.0), 300.0);
        assert_eq!(label_width_within(20.0, 1280.0), LABEL_WIDTH_MIN);
        // A phone 390 px wide keeps a quarter of its width for the timeline.
        assert_eq!(label_width_within(1000.0, 390.0), 293.0);
        assert_eq!(
            label_width_within(f64::NAN.max(0.0), 390.0),
            LABEL_WIDTH_MIN
        );
    }
}
