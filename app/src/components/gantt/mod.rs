//! The Gantt chart: the task tree on the left, bars on a time scale on the right. Rows and the
//! time axis are virtualised (only what the viewport shows is in the page), drags are previewed
//! with the shared scheduling engine and saved through the server, which has the last word.
mod calendar_editor;
mod rows;
mod scale;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use leptos::prelude::*;

use self::calendar_editor::CalendarEditor;
use self::rows::{visible_rows, window, Row, ROW_HEIGHT};
pub use self::scale::{Scale, Zoom};
use super::task_board::{Drawer, TaskBoard};
use super::ui::{confirm, today, ErrorBox};
use crate::api::planning::{create_link, delete_link, reschedule_tasks, save_baseline};
use crate::api::tasks::update_task;
use crate::components::live_connection::WatchersOf;
use crate::domain::schedule::calendar::WorkCalendar;
use crate::domain::schedule::{LinkSpec, Plan, PlanTask};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    BaselineDates, Id, LinkInput, LinkKind, Reschedule, ScheduleChange, TaskLink, TaskView,
};

const HEADER_HEIGHT: f64 = 48.0;

/// What a drag on a bar does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grip {
    Move,
    Start,
    End,
    Link,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    grip: Grip,
    task_id: Id,
    version: i32,
    start: NaiveDate,
    due: NaiveDate,
    from: (f64, f64),
    at: (f64, f64),
    days: i64,
    /// The dates the drag asks for so far.
    wanted: (NaiveDate, NaiveDate),
    /// Moved far enough to be a drag, not a click.
    active: bool,
    /// Ready to drag: at once for a mouse; for a finger only after a long press, so a swipe
    /// still scrolls the chart.
    armed: bool,
}

/// How long a finger rests on a bar before the bar follows it.
#[cfg(feature = "hydrate")]
const LONG_PRESS_MS: u64 = 450;

#[cfg(feature = "hydrate")]
impl Drag {
    /// The dates the drag asks for; a moved bar keeps its working days (see `Plan::shifted`).
    fn dates(&self, plan: Option<&Plan>) -> (NaiveDate, NaiveDate) {
        use chrono::Days;
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
}

/// Each task's start and due date, by task.
type Dates = HashMap<Id, (Option<NaiveDate>, Option<NaiveDate>)>;

/// How to take back the last change.
#[derive(Clone, Debug, PartialEq)]
enum Undo {
    /// Put these tasks back on these dates.
    Dates(Vec<Reschedule>),
    /// Remove the link that was added, then put the tasks it pushed back.
    Unlink(Id, Vec<Reschedule>),
    /// Add back the link that was removed.
    Relink(LinkInput),
}

fn plan_of(tasks: &[TaskView], links: &[TaskLink], calendar: &WorkCalendar) -> Option<Plan> {
    let items: Vec<PlanTask> = tasks.iter().map(PlanTask::from).collect();
    let specs: Vec<LinkSpec> = links.iter().map(LinkSpec::from).collect();
    Plan::new(&items, &specs, calendar).ok()
}

/// The dates the chart spans.
fn extent(tasks: &[TaskView]) -> (NaiveDate, NaiveDate) {
    let now = today();
    let dates = tasks
        .iter()
        .flat_map(|t| [t.input.start_date, t.input.due_date])
        .flatten();
    dates.fold((now, now), |(lo, hi), d| (lo.min(d), hi.max(d)))
}

/// Where the chart opens: today while the work is under way, else where the work starts.
#[cfg(feature = "hydrate")]
fn focus_date(tasks: &[TaskView]) -> NaiveDate {
    let now = today();
    let dates = tasks
        .iter()
        .flat_map(|t| [t.input.start_date, t.input.due_date])
        .flatten();
    match dates.fold(None, |span: Option<(NaiveDate, NaiveDate)>, d| {
        Some(span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
    }) {
        Some((first, last)) if now < first || now > last => first,
        _ => now,
    }
}

/// An elbowed arrow from one bar end to another, as its corner points. `out` and `into` are +1
/// when the line leaves to the right / enters moving right (at a bar's start), -1 otherwise.
fn arrow_points(from: (f64, f64), out: f64, to: (f64, f64), into: f64) -> Vec<(f64, f64)> {
    let a = from.0 + 10.0 * out;
    let b = to.0 - 10.0 * into;
    if out > 0.0 && into > 0.0 && b >= a {
        vec![from, (a, from.1), (a, to.1), to]
    } else {
        let between = if to.1 >= from.1 {
            to.1 - ROW_HEIGHT / 2.0
        } else {
            to.1 + ROW_HEIGHT / 2.0
        };
        vec![from, (a, from.1), (a, between), (b, between), (b, to.1), to]
    }
}

/// The SVG path of an arrow, only as far as it runs between `lo` and `hi` vertically, and how
/// far along the whole arrow that part begins (so a dashed line keeps its rhythm where one
/// stretch of rows meets the next). A link to a task thousands of rows away would otherwise be a
/// line hundreds of thousands of pixels long, which the browser dashes and rasterises again for
/// every tile of every scrolled frame. The arrows are elbows that only ever run one way
/// vertically, so the part drawn is one piece.
fn arrow_path(points: &[(f64, f64)], lo: f64, hi: f64) -> (String, f64) {
    let mut d = String::new();
    let mut pen: Option<(f64, f64)> = None;
    // Length of the arrow before the drawn part.
    let mut before = 0.0;
    let mut skipped = 0.0;
    for pair in points.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        let length = (q.0 - p.0).abs() + (q.1 - p.1).abs();
        let (top, bottom) = (p.1.min(q.1), p.1.max(q.1));
        if bottom < lo || top > hi {
            if pen.is_none() {
                skipped += length;
            }
            continue;
        }
        let clamp = |y: f64| y.clamp(lo, hi);
        let (cp, cq) = ((p.0, clamp(p.1)), (q.0, clamp(q.1)));
        if pen.is_none() {
            before = skipped + (cp.1 - p.1).abs();
        }
        if pen != Some(cp) {
            d.push_str(&format!("M{:.1} {:.1}", cp.0, cp.1));
        }
        d.push_str(&format!("L{:.1} {:.1}", cq.0, cq.1));
        pen = Some(cq);
    }
    (d, before)
}

/// One dependency arrow as drawn within a stretch of rows.
#[derive(Clone, Debug, PartialEq)]
struct Arrow {
    link: TaskLink,
    path: String,
    /// Length of the arrow above this stretch, where its dashes continue from.
    dash_offset: f64,
    /// On the critical path.
    tight: bool,
    /// The arrow's head (its end at the successor) is in this stretch.
    head: bool,
}

/// The arrows within rows `[first, first + ARROW_STRETCH)`: a picture of its own that stays in
/// the page unchanged while it is in view, so scrolling adds and drops whole stretches instead of
/// redrawing every arrow on each frame.
#[derive(Clone, Debug, PartialEq)]
struct Stretch {
    index: usize,
    top: f64,
    height: f64,
    width: f64,
    arrows: Vec<Arrow>,
}

impl Stretch {
    /// Changes whenever anything drawn in the stretch does: the key it is kept in the page by.
    fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.index, self.height.to_bits(), self.width.to_bits()).hash(&mut h);
        for a in &self.arrows {
            (a.link.id, &a.path, a.tight, a.head).hash(&mut h);
        }
        h.finish()
    }
}

/// Rows in one stretch of arrows.
const ARROW_STRETCH: usize = 16;
/// A link is drawn in the stretches up to this many away from those its ends are in: far enough
/// that an arrow runs out of the screen before it is cut.
const ARROW_REACH: usize = 3;

/// Where the browser keeps the task-name column's width.
#[cfg(feature = "hydrate")]
const LABEL_WIDTH_KEY: &str = "marquee.gantt.label-width";
/// Narrowest the task-name column can be made.
const LABEL_WIDTH_MIN: f64 = 96.0;

/// The task-name column's width for `wanted` pixels in a chart `viewport` pixels wide: never so
/// narrow that nothing of a name shows, never so wide that no timeline is left.
fn label_width_within(wanted: f64, viewport: f64) -> f64 {
    let widest = (viewport * 0.75).max(LABEL_WIDTH_MIN);
    wanted.clamp(LABEL_WIDTH_MIN, widest).round()
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

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
    let project_id = board.project_id;
    let links = board.links.unwrap_or_else(|| RwSignal::new(Vec::new()));
    let calendar = RwSignal::new(calendar);
    let editing_calendar = RwSignal::new(false);
    let baseline = RwSignal::new(baseline);
    let baseline_count = RwSignal::new(baseline_count);
    let zoom = RwSignal::new(Zoom::Week);
    let collapsed = RwSignal::new(HashSet::<Id>::new());
    let show_critical = RwSignal::new(true);
    let show_baseline = RwSignal::new(true);
    let preview = RwSignal::new(HashMap::<Id, (NaiveDate, NaiveDate)>::new());
    let drag = RwSignal::new(None::<Drag>);
    let error = RwSignal::new(None::<AppError>);
    let undo = RwSignal::new(None::<Undo>);
    let busy = RwSignal::new(false);
    // Scroll offsets, kept apart so a vertical scroll does not redraw the time axis.
    let scroll_left = RwSignal::new(0.0f64);
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new((1200.0f64, 640.0f64));
    let scroller = NodeRef::<leptos::html::Div>::new();
    // The task-name column's width when the reader has dragged its edge (kept in the browser),
    // and the drag under way: where the pointer went down and the width then.
    let label_width = RwSignal::new(None::<f64>);
    let resizing = RwSignal::new(None::<(f64, f64)>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(w) = storage().and_then(|s| s.get_item(LABEL_WIDTH_KEY).ok().flatten()) {
            label_width.set(w.parse::<f64>().ok().filter(|w| w.is_finite()));
        }
    });
    // The engine as of the last saved state, for previews while dragging.
    let engine = StoredValue::new(None::<Plan>);

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
        let (first, last) = board.tasks.with(|all| extent(all));
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

    // Where a row's bar is, with a drag's preview applied.
    let span_of = move |row: &Row| -> Option<(NaiveDate, NaiveDate)> {
        preview
            .with(|p| p.get(&row.id).copied())
            .or_else(|| row.span())
    };

    let apply_change = move |change: ScheduleChange| {
        for task in change.tasks {
            board.replace(task);
        }
        links.set(change.links);
    };

    // Every task's dates, taken before a change is sent: the change's own live event may reach
    // the board before its answer does.
    let dates_now = move || -> Dates {
        board.tasks.with_untracked(|all| {
            all.iter()
                .map(|t| (t.id, (t.input.start_date, t.input.due_date)))
                .collect()
        })
    };
    // What undoing `change` takes: the tasks it moved back to where they were `before`.
    let restore_for = move |before: &Dates, change: &ScheduleChange| -> Vec<Reschedule> {
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
    };

    let reschedule = move |request: Reschedule| {
        busy.set(true);
        let before = dates_now();
        leptos::task::spawn_local(async move {
            match reschedule_tasks(project_id, vec![request]).await {
                Ok(change) => {
                    let back = restore_for(&before, &change);
                    undo.set((!back.is_empty()).then_some(Undo::Dates(back)));
                    apply_change(change);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            preview.set(HashMap::new());
            busy.set(false);
        });
    };

    let link = move |predecessor_id: Id, successor_id: Id| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let input = LinkInput {
                project_id,
                predecessor_id,
                successor_id,
                kind: LinkKind::FinishToStart,
                lag_days: 0,
            };
            let known: HashSet<Id> = links.with_untracked(|l| l.iter().map(|l| l.id).collect());
            let before = dates_now();
            match create_link(input).await {
                Ok(change) => {
                    let added = change
                        .links
                        .iter()
                        .find(|l| !known.contains(&l.id))
                        .map(|l| l.id);
                    let back = restore_for(&before, &change);
                    undo.set(added.map(|id| Undo::Unlink(id, back)));
                    apply_change(change);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let unlink = move |l: TaskLink| {
        let title = |id: Id| {
            board.tasks.with_untracked(|all| {
                all.iter()
                    .find(|t| t.id == id)
                    .map(|t| t.input.title.clone())
                    .unwrap_or_default()
            })
        };
        let question = i18n
            .t(K::RemoveLinkConfirm)
            .replace("{a}", &title(l.predecessor_id))
            .replace("{b}", &title(l.successor_id));
        if !confirm(&question) {
            return;
        }
        leptos::task::spawn_local(async move {
            match delete_link(l.id).await {
                Ok(change) => {
                    apply_change(change);
                    undo.set(Some(Undo::Relink(LinkInput {
                        project_id,
                        predecessor_id: l.predecessor_id,
                        successor_id: l.successor_id,
                        kind: l.kind,
                        lag_days: l.lag_days,
                    })));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let take_back = move |_| {
        let Some(step) = undo.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match step {
                Undo::Dates(back) => reschedule_tasks(project_id, back).await,
                Undo::Unlink(id, back) => match delete_link(id).await {
                    Ok(change) if back.is_empty() => Ok(change),
                    Ok(change) => {
                        apply_change(change);
                        reschedule_tasks(project_id, back).await
                    }
                    Err(e) => Err(e),
                },
                Undo::Relink(input) => create_link(input).await,
            };
            match result {
                Ok(change) => {
                    apply_change(change);
                    undo.set(None);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    // Moves a task under the task above it (indent) or beside its parent (outdent).
    let reparent = move |id: Id, indent: bool| {
        let (task, new_parent) = board.tasks.with_untracked(|all| {
            let task = all.iter().find(|t| t.id == id).cloned();
            let parent = task.as_ref().and_then(|t| t.input.parent_id);
            let new_parent = if indent {
                rows.with_untracked(|r| {
                    let at = r.iter().position(|row| row.id == id)?;
                    let depth = r[at].depth;
                    r[..at]
                        .iter()
                        .rev()
                        .take_while(|row| row.depth >= depth)
                        .find(|row| row.depth == depth)
                        .map(|row| Some(row.id))
                })
            } else {
                parent.map(|p| {
                    all.iter()
                        .find(|t| t.id == p)
                        .and_then(|t| t.input.parent_id)
                })
            };
            (task, new_parent)
        });
        let (Some(task), Some(new_parent)) = (task, new_parent) else {
            return;
        };
        let mut input = task.input.clone();
        input.parent_id = new_parent;
        leptos::task::spawn_local(async move {
            match update_task(task.id, task.version, input, Some(task.input.clone())).await {
                Ok(saved) => {
                    board.replace(saved);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    #[cfg(feature = "hydrate")]
    {
        use crate::domain::schedule::{Change, Mode};
        use wasm_bindgen::JsCast;

        let measure = move || {
            if let Some(el) = scroller.get_untracked() {
                viewport.set((f64::from(el.client_width()), f64::from(el.client_height())));
            }
        };
        Effect::new(move |_| {
            if scroller.get().is_some() {
                // After the first layout, so the sizes are real.
                request_animation_frame(move || {
                    measure();
                    if let Some(el) = scroller.get_untracked() {
                        let focus = board.tasks.with_untracked(|all| focus_date(all));
                        let x = scale.get_untracked().x(focus) - 120.0;
                        el.set_scroll_left(x.max(0.0) as i32);
                    }
                });
            }
        });
        let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
        // An edit in the task drawer may have moved dependents and summaries on the server:
        // when the drawer closes, take the project's tasks afresh.
        Effect::new(move |was_open: Option<bool>| {
            let open = board.drawer.with(|d| d.is_some());
            if was_open == Some(true) && !open {
                leptos::task::spawn_local(async move {
                    if let Ok(tasks) = crate::api::tasks::list_tasks(project_id).await {
                        board.tasks.set(tasks);
                    }
                });
            }
            open
        });
        // A new zoom keeps the date in the middle of the chart where it was.
        Effect::new(move |previous: Option<Zoom>| {
            let now = zoom.get();
            if let (Some(el), Some(previous)) = (scroller.get_untracked(), previous) {
                if previous != now {
                    let left = scroll_left.get_untracked();
                    let (width, _) = viewport.get_untracked();
                    let s = scale.get_untracked();
                    let old = Scale {
                        zoom: previous,
                        ..s
                    };
                    let middle = old.date_at(left + width / 2.0);
                    el.set_scroll_left((s.x(middle) - width / 2.0).max(0.0) as i32);
                }
            }
            now
        });

        let on_move = window_event_listener(leptos::ev::pointermove, move |e| {
            let Some(mut d) = drag.get_untracked() else {
                return;
            };
            d.at = (f64::from(e.client_x()), f64::from(e.client_y()));
            let moved = (d.at.0 - d.from.0).abs() + (d.at.1 - d.from.1).abs();
            if !d.armed {
                // A finger that moves before the long press is over is scrolling.
                if moved > 8.0 {
                    drag.set(None);
                }
                return;
            }
            if !d.active && moved > 4.0 {
                d.active = true;
                // The engine as saved, for the preview.
                let plan = board.tasks.with_untracked(|all| {
                    links.with_untracked(|l| calendar.with_untracked(|c| plan_of(all, l, c)))
                });
                engine.set_value(plan);
            }
            if d.active {
                e.prevent_default();
                let days = scale.get_untracked().days_in(d.at.0 - d.from.0);
                if d.grip != Grip::Link && days != d.days {
                    d.days = days;
                    let (start, due) = engine.with_value(|plan| d.dates(plan.as_ref()));
                    d.wanted = (start, due);
                    let change = Change {
                        task: d.task_id,
                        start,
                        due,
                    };
                    let moved = engine
                        .try_update_value(|plan| {
                            plan.as_mut().map(|p| p.preview(&[change], Mode::PushOnly))
                        })
                        .flatten()
                        .unwrap_or_default();
                    let mut shown: HashMap<Id, (NaiveDate, NaiveDate)> = moved
                        .into_iter()
                        .map(|m| (m.task, (m.start, m.due)))
                        .collect();
                    shown.entry(d.task_id).or_insert((start, due));
                    preview.set(shown);
                }
            }
            drag.set(Some(d));
        });
        let on_up = window_event_listener(leptos::ev::pointerup, move |e| {
            let Some(d) = drag.get_untracked() else {
                return;
            };
            drag.set(None);
            if !d.active {
                board.drawer.set(Some(Drawer::Edit(d.task_id)));
                return;
            }
            match d.grip {
                Grip::Link => {
                    let target = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|doc| {
                            doc.element_from_point(e.client_x() as f32, e.client_y() as f32)
                        })
                        .and_then(|el| el.closest("[data-gantt-task]").ok().flatten())
                        .and_then(|el| el.get_attribute("data-gantt-task"))
                        .and_then(|v| v.parse::<Id>().ok());
                    if let Some(target) = target.filter(|t| *t != d.task_id) {
                        link(d.task_id, target);
                    }
                }
                _ if d.wanted == (d.start, d.due) => preview.set(HashMap::new()),
                _ => {
                    let (start, due) = d.wanted;
                    reschedule(Reschedule {
                        task_id: d.task_id,
                        version: d.version,
                        start,
                        due,
                    });
                }
            }
        });
        let on_cancel = window_event_listener(leptos::ev::pointercancel, move |_| {
            drag.set(None);
            preview.set(HashMap::new());
        });
        let on_key = window_event_listener(leptos::ev::keydown, move |e| {
            let target_is_field = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
            if (e.ctrl_key() || e.meta_key()) && e.key() == "z" && !target_is_field {
                e.prevent_default();
                take_back(());
            }
        });
        // While a finger drags a bar the page must not scroll: a touchmove listener that is not
        // passive can say so.
        let hold = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::TouchEvent)>::new(
            move |e: web_sys::TouchEvent| {
                if drag.with_untracked(|d| d.is_some_and(|d| d.armed)) {
                    e.prevent_default();
                }
            },
        );
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
                "touchmove",
                hold.as_ref().unchecked_ref(),
                &options,
            );
        }
        let hold = StoredValue::new_local(hold);
        on_cleanup(move || {
            hold.try_with_value(|hold| {
                if let Some(w) = web_sys::window() {
                    let _ = w.remove_event_listener_with_callback(
                        "touchmove",
                        hold.as_ref().unchecked_ref(),
                    );
                }
            });
            on_resize.remove();
            on_move.remove();
            on_up.remove();
            on_cancel.remove();
            on_key.remove();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (reschedule, link, engine);

    let begin_drag = move |row: &Row, grip: Grip, e: leptos::ev::PointerEvent| {
        if e.button() != 0 || !board.can_edit {
            return;
        }
        let Some((start, due)) = row.span() else {
            return;
        };
        e.stop_propagation();
        if e.pointer_type() == "mouse" {
            e.prevent_default();
        }
        let at = (f64::from(e.client_x()), f64::from(e.client_y()));
        let touch = e.pointer_type() != "mouse";
        #[cfg(feature = "hydrate")]
        if touch {
            let task_id = row.id;
            set_timeout(
                move || {
                    let still = drag
                        .get_untracked()
                        .filter(|d| d.task_id == task_id && !d.armed);
                    if let Some(mut d) = still {
                        d.armed = true;
                        drag.set(Some(d));
                        if let Some(w) = web_sys::window() {
                            let _ = w.navigator().vibrate_with_duration(20);
                        }
                    }
                },
                std::time::Duration::from_millis(LONG_PRESS_MS),
            );
        }
        drag.set(Some(Drag {
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
        }));
    };

    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            let (left, top) = (f64::from(el.scroll_left()), f64::from(el.scroll_top()));
            if scroll_left.get_untracked() != left {
                scroll_left.set(left);
            }
            if scroll_top.get_untracked() != top {
                scroll_top.set(top);
            }
            let size = (f64::from(el.client_width()), f64::from(el.client_height()));
            if viewport.get_untracked() != size {
                viewport.set(size);
            }
        }
    };

    let visible_rows_list = move || {
        let (first, last) = visible.get();
        rows.with(|r| {
            r[first.min(r.len())..last.min(r.len())]
                .iter()
                .enumerate()
                .map(|(k, row)| (first + k, row.clone()))
                .collect::<Vec<_>>()
        })
    };

    let label = move |(index, row): (usize, Row)| {
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
                        <button class="icon-button" title=tr(K::Outdent) aria-label=tr(K::Outdent) disabled=row.parent_id.is_none() on:click=move |_| reparent(id, false)>"⇤"</button>
                        <button class="icon-button" title=tr(K::Indent) aria-label=tr(K::Indent) on:click=move |_| reparent(id, true)>"⇥"</button>
                    </span>
                })}
            </div>
        }
    };

    let bar = move |(index, row): (usize, Row)| {
        let id = row.id;
        let top = index as f64 * ROW_HEIGHT;
        let shown = row.clone();
        let geometry = move || {
            let s = scale.get();
            span_of(&shown).map(|(start, due)| {
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
        let row_for_move = row.clone();
        let row_for_start = row.clone();
        let row_for_end = row.clone();
        let row_for_link = row.clone();
        let title = row.title.clone();
        let progress = if row.done { 100 } else { row.progress };
        let kind_class = if row.milestone {
            "gantt-bar milestone"
        } else if row.has_children {
            "gantt-bar summary"
        } else {
            "gantt-bar"
        };
        view! {
            <div class="gantt-row" style=format!("top:{top}px")>
                {move || base().map(|(left, width)| view! {
                    <div class="gantt-baseline" style=format!("left:{left:.1}px;width:{width:.1}px")></div>
                })}
                {move || geometry().map(|(left, width, ppd, due)| {
                    let row_for_move = row_for_move.clone();
                    let row_for_start = row_for_start.clone();
                    let row_for_end = row_for_end.clone();
                    let row_for_link = row_for_link.clone();
                    let style = if kind_class.contains("milestone") {
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
                            on:pointerdown=move |e| begin_drag(&row_for_move, Grip::Move, e)
                        >
                            <div class="gantt-progress" style=format!("width:{progress}%")></div>
                            // Whether the person may edit is fixed for the page: plain branches,
                            // not reactive ones, for rows made on every scrolled frame.
                            {(board.can_edit && !kind_class.contains("milestone") && !kind_class.contains("summary")).then(|| view! {
                                <span class="gantt-grip start" on:pointerdown=move |e| begin_drag(&row_for_start, Grip::Start, e)></span>
                                <span class="gantt-grip end" on:pointerdown=move |e| begin_drag(&row_for_end, Grip::End, e)></span>
                            })}
                            {board.can_edit.then(|| view! {
                                <span class="gantt-link-handle" title=tr(K::LinkHint) on:pointerdown=move |e| begin_drag(&row_for_link, Grip::Link, e)></span>
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
    };

    // For each stretch of rows, the links with an end in it (positions in `links`).
    let links_by_stretch = Memo::new(move |_| {
        let count = rows.with(|r| r.len()).div_ceil(ARROW_STRETCH);
        row_of.with(|index| {
            links.with(|all| {
                let mut by_stretch = vec![Vec::new(); count];
                for (k, l) in all.iter().enumerate() {
                    for id in [l.predecessor_id, l.successor_id] {
                        if let Some(&i) = index.get(&id) {
                            let bucket = &mut by_stretch[i / ARROW_STRETCH];
                            if bucket.last() != Some(&k) {
                                bucket.push(k);
                            }
                        }
                    }
                }
                by_stretch
            })
        })
    });
    // The stretches the drawn rows fall in; changes only when the scroll crosses into another.
    let stretches_shown = Memo::new(move |_| {
        let (first, last) = visible.get();
        if first >= last {
            return (0, 0);
        }
        (first / ARROW_STRETCH, (last - 1) / ARROW_STRETCH + 1)
    });
    // The arrows of each stretch in view, in chart coordinates.
    let arrows = Memo::new(move |_| {
        let s = scale.get();
        let (from_stretch, to_stretch) = stretches_shown.get();
        let count = rows.with(|r| r.len());
        row_of.with(|index| {
            let ends = |id: Id| -> Option<(f64, f64, f64)> {
                let i = *index.get(&id)?;
                let row = rows.with(|r| r.get(i).cloned())?;
                let (start, due) = span_of(&row)?;
                let y = i as f64 * ROW_HEIGHT + ROW_HEIGHT / 2.0;
                if row.milestone {
                    let centre = s.x(due) + s.ppd();
                    Some((centre - 8.0, centre + 8.0, y))
                } else {
                    Some((s.x(start), s.x(due) + s.ppd(), y))
                }
            };
            links_by_stretch.with(|by_stretch| {
                (from_stretch..to_stretch)
                    .map(|k| {
                        let first_row = k * ARROW_STRETCH;
                        let rows_in = (first_row + ARROW_STRETCH).min(count) - first_row;
                        let (lo, hi) = (
                            first_row as f64 * ROW_HEIGHT,
                            (first_row + rows_in) as f64 * ROW_HEIGHT,
                        );
                        let near = k.saturating_sub(ARROW_REACH)
                            ..(k + ARROW_REACH + 1).min(by_stretch.len());
                        let mut wanted: Vec<usize> =
                            by_stretch[near].iter().flatten().copied().collect();
                        wanted.sort_unstable();
                        wanted.dedup();
                        let arrows = links.with(|all| {
                            wanted
                                .iter()
                                .filter_map(|&position| all.get(position))
                                .filter_map(|l| {
                                    let (p_left, p_right, py) = ends(l.predecessor_id)?;
                                    let (s_left, s_right, sy) = ends(l.successor_id)?;
                                    let (from, out) = match l.kind {
                                        LinkKind::FinishToStart | LinkKind::FinishToFinish => {
                                            ((p_right, py), 1.0)
                                        }
                                        LinkKind::StartToStart | LinkKind::StartToFinish => {
                                            ((p_left, py), -1.0)
                                        }
                                    };
                                    let (to, into) = match l.kind {
                                        LinkKind::FinishToStart | LinkKind::StartToStart => {
                                            ((s_left, sy), 1.0)
                                        }
                                        LinkKind::FinishToFinish | LinkKind::StartToFinish => {
                                            ((s_right, sy), -1.0)
                                        }
                                    };
                                    let (path, dash_offset) =
                                        arrow_path(&arrow_points(from, out, to, into), lo, hi);
                                    if path.is_empty() {
                                        return None;
                                    }
                                    let tight = critical.with(|c| {
                                        c.contains(&l.predecessor_id) && c.contains(&l.successor_id)
                                    });
                                    Some(Arrow {
                                        link: *l,
                                        path,
                                        dash_offset,
                                        tight,
                                        head: (lo..hi).contains(&to.1),
                                    })
                                })
                                .collect::<Vec<_>>()
                        });
                        Stretch {
                            index: k,
                            top: lo,
                            height: hi - lo,
                            width: s.width(),
                            arrows,
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let arrow = move |a: Arrow| {
        let l = a.link;
        view! {
            <g class="gantt-link" class:critical=a.tight data-link=l.id>
                <path class="hit" d=a.path.clone() on:click=move |_| if board.can_edit { unlink(l) }></path>
                <path
                    class="line"
                    d=a.path
                    stroke-dashoffset=a.tight.then(|| format!("{:.1}", a.dash_offset))
                    marker-end=a.head.then_some("url(#gantt-arrow)")
                ></path>
            </g>
        }
    };
    let stretch = move |s: Stretch| {
        view! {
            <svg
                class="gantt-links"
                style=format!("top:{:.0}px", s.top)
                width=format!("{:.0}", s.width)
                height=format!("{:.0}", s.height)
                viewBox=format!("0 {:.0} {:.0} {:.0}", s.top, s.width, s.height)
            >
                {s.arrows.into_iter().map(arrow).collect_view()}
            </svg>
        }
    };

    // Weekends and holidays in the visible stretch, shaded; only where days are wide enough.
    let days_off = move || {
        let s = scale.get();
        if s.ppd() < 6.0 {
            return Vec::new();
        }
        let left = scroll_left.get();
        let (width, _) = viewport.get();
        let from = s.date_at(left - 100.0);
        let to = s.date_at(left + width + 100.0);
        calendar.with(|c| {
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
        let left = scroll_left.get();
        let (width, _) = viewport.get();
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
        drag.get().filter(|d| d.active && d.grip == Grip::Link).map(|d| {
            view! {
                <svg class="gantt-rubber" aria-hidden="true">
                    <line x1=d.from.0.to_string() y1=d.from.1.to_string() x2=d.at.0.to_string() y2=d.at.1.to_string()></line>
                </svg>
            }
        })
    };

    let save_current_baseline = move |_| {
        let name = i18n
            .t(K::BaselineDefaultName)
            .replace("{date}", &today().format("%Y-%m-%d").to_string());
        leptos::task::spawn_local(async move {
            match save_baseline(project_id, name).await {
                Ok(_) => {
                    let snapshot: Vec<BaselineDates> = board.tasks.with_untracked(|all| {
                        all.iter()
                            .filter_map(|t| {
                                Some(BaselineDates {
                                    task_id: t.id,
                                    start: t.input.start_date.or(t.input.due_date)?,
                                    due: t.input.due_date.or(t.input.start_date)?,
                                })
                            })
                            .collect()
                    });
                    baseline.set(snapshot);
                    baseline_count.update(|n| *n += 1);
                    show_baseline.set(true);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let scroll_to_today = move |_| {
        if let Some(el) = scroller.get_untracked() {
            let x = scale.get_untracked().x(today()) - 120.0;
            el.set_scroll_left(x.max(0.0) as i32);
        }
    };

    // The column's edge, dragged with a mouse or a finger, or moved with the arrow keys.
    let label_width_now = move || -> f64 {
        scroller
            .get_untracked()
            .and_then(|el| el.query_selector(".gantt-corner").ok().flatten())
            .map(|corner| corner.get_bounding_client_rect().width())
            .unwrap_or(280.0)
    };
    let set_label_width = move |wanted: f64| {
        let (width, _) = viewport.get_untracked();
        let w = label_width_within(wanted, width);
        label_width.set(Some(w));
        #[cfg(feature = "hydrate")]
        if let Some(s) = storage() {
            let _ = s.set_item(LABEL_WIDTH_KEY, &w.to_string());
        }
    };
    let resize_start = move |e: leptos::ev::PointerEvent| {
        if e.button() != 0 {
            return;
        }
        e.prevent_default();
        e.stop_propagation();
        if let Some(handle) = e
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            let _ = handle.set_pointer_capture(e.pointer_id());
        }
        resizing.set(Some((f64::from(e.client_x()), label_width_now())));
    };
    let resize_move = move |e: leptos::ev::PointerEvent| {
        if let Some((from, width)) = resizing.get_untracked() {
            set_label_width(width + f64::from(e.client_x()) - from);
        }
    };
    let resize_end = move |_: leptos::ev::PointerEvent| resizing.set(None);
    let resize_key = move |e: leptos::ev::KeyboardEvent| {
        let step = match e.key().as_str() {
            "ArrowLeft" => -16.0,
            "ArrowRight" => 16.0,
            _ => return,
        };
        e.prevent_default();
        set_label_width(label_width_now() + step);
    };

    let today_x = move || scale.get().x(today());
    let chart_width = move || scale.get().width();
    let body_height = move || rows.with(|r| r.len()) as f64 * ROW_HEIGHT;

    view! {
        <ErrorBox error=error/>
        <div class="gantt-toolbar toolbar">
            <div class="segmented" role="group" aria-label=tr(K::Zoom)>
                {Zoom::ALL.iter().map(|&z| view! {
                    <button class="btn" class:active=move || zoom.get() == z aria-pressed=move || (zoom.get() == z).to_string() on:click=move |_| zoom.set(z)>{tr(z.label())}</button>
                }).collect_view()}
            </div>
            <button class="btn" on:click=scroll_to_today>{tr(K::Today)}</button>
            <label class="checkbox inline">
                <input type="checkbox" prop:checked=show_critical on:change=move |ev| show_critical.set(event_target_checked(&ev))/>
                {tr(K::CriticalPath)}
            </label>
            <label class="checkbox inline">
                <input type="checkbox" prop:checked=show_baseline on:change=move |ev| show_baseline.set(event_target_checked(&ev))/>
                {tr(K::Baseline)}
                {move || (baseline_count.get() == 0).then(|| view! { <span class="muted">" (" {tr(K::NoBaseline)} ")"</span> })}
            </label>
            <Show when=move || can_edit_calendar>
                <button class="btn" on:click=move |_| editing_calendar.set(true)>{tr(K::WorkingCalendar)}</button>
            </Show>
            <Show when=move || board.can_edit>
                <button class="btn" on:click=save_current_baseline>{tr(K::SaveBaseline)}</button>
                <button class="btn" disabled=move || undo.with(|u| u.is_none()) || busy.get() on:click=move |_| take_back(())>
                    "↶ " {tr(K::Undo)}
                </button>
            </Show>
        </div>
        <Show when=move || board.can_edit>
            <p class="hint pointer-fine">{tr(K::GanttHint)}</p>
            <p class="hint pointer-coarse">{tr(K::GanttHintTouch)}</p>
        </Show>
        <div
            class="gantt"
            node_ref=scroller
            on:scroll=on_scroll
            class:is-dragging=move || drag.with(|d| d.is_some_and(|d| d.active)) || resizing.with(Option::is_some)
            style=move || label_width.get().map(|w| format!("--gantt-label-w:{w:.0}px"))
        >
            <div class="gantt-head" style=move || format!("width:calc(var(--gantt-label-w) + {:.0}px);height:{HEADER_HEIGHT}px", chart_width())>
                <div class="gantt-corner">
                    {tr(K::Task)}
                    <span
                        class="gantt-resize"
                        role="separator"
                        aria-orientation="vertical"
                        tabindex="0"
                        title=tr(K::ResizeTaskColumn)
                        aria-label=tr(K::ResizeTaskColumn)
                        on:pointerdown=resize_start
                        on:pointermove=resize_move
                        on:pointerup=resize_end
                        on:pointercancel=resize_end
                        on:keydown=resize_key
                    ></span>
                </div>
                <div class="gantt-scale" style=move || format!("width:{:.0}px", chart_width())>{header}</div>
            </div>
            <div class="gantt-body" style=move || format!("width:calc(var(--gantt-label-w) + {:.0}px);height:{:.0}px", chart_width(), body_height())>
                <div class="gantt-labels" style=move || format!("height:{:.0}px", body_height())>
                    <For each=visible_rows_list key=|(i, row)| (*i, row.clone().id, row.version, row.depth, row.has_children, row.title.clone()) children=label/>
                </div>
                <div class="gantt-chart" style=move || format!("width:{:.0}px;height:{:.0}px", chart_width(), body_height())>
                    {days_off}
                    <div class="gantt-today" style=move || format!("left:{:.1}px", today_x()) title=tr(K::Today)></div>
                    <For each=visible_rows_list key=|(i, row)| (*i, row.id, row.version, row.start, row.due, row.progress, row.has_children) children=bar/>
                    <svg class="gantt-defs" width="0" height="0" aria-hidden="true">
                        <defs>
                            <marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M0 0L8 4L0 8z"></path>
                            </marker>
                        </defs>
                    </svg>
                    <For each=move || arrows.get() key=Stretch::fingerprint children=stretch/>
                </div>
            </div>
            {move || rows.with(|r| r.is_empty()).then(|| view! { <div class="empty-state">{tr(K::GanttEmpty)}</div> })}
        </div>
        {rubber_band}
        <Show when=move || editing_calendar.get()>
            <CalendarEditor
                project_id
                calendar
                open=editing_calendar
                on_saved=Callback::new(move |change: ScheduleChange| apply_change(change))
            />
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::{arrow_path, arrow_points, label_width_within, LABEL_WIDTH_MIN};

    #[test]
    fn an_arrow_inside_the_band_is_drawn_whole() {
        let points = arrow_points((100.0, 18.0), 1.0, (200.0, 90.0), 1.0);
        assert_eq!(
            arrow_path(&points, 0.0, 1000.0),
            (
                "M100.0 18.0L110.0 18.0L110.0 90.0L200.0 90.0".to_string(),
                0.0
            )
        );
    }

    #[test]
    fn an_arrow_to_a_far_row_stops_at_the_edge_of_the_band() {
        // To a task 10,000 rows below: only the part down to the band's edge is drawn.
        let points = arrow_points((100.0, 18.0), 1.0, (200.0, 360_018.0), 1.0);
        assert_eq!(
            arrow_path(&points, 0.0, 1000.0).0,
            "M100.0 18.0L110.0 18.0L110.0 1000.0"
        );
        // From a task far above: the line enters at the band's top edge.
        let points = arrow_points((100.0, -50_000.0), 1.0, (200.0, 90.0), 1.0);
        assert_eq!(
            arrow_path(&points, 0.0, 1000.0).0,
            "M110.0 0.0L110.0 90.0L200.0 90.0"
        );
        // Passing by entirely: nothing.
        let points = arrow_points((100.0, 5_000.0), 1.0, (200.0, 9_000.0), 1.0);
        assert_eq!(arrow_path(&points, 0.0, 1000.0).0, "");
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

    #[test]
    fn an_arrow_cut_into_stretches_joins_up_and_keeps_its_dashes() {
        // From row 0 to row 40, drawn in stretches of 576 px (16 rows).
        let points = arrow_points((100.0, 18.0), 1.0, (200.0, 1458.0), 1.0);
        let (upper, upper_offset) = arrow_path(&points, 0.0, 576.0);
        let (middle, middle_offset) = arrow_path(&points, 576.0, 1152.0);
        let (lower, lower_offset) = arrow_path(&points, 1152.0, 1728.0);
        assert_eq!(upper, "M100.0 18.0L110.0 18.0L110.0 576.0");
        assert_eq!(middle, "M110.0 576.0L110.0 1152.0");
        assert_eq!(lower, "M110.0 1152.0L110.0 1458.0L200.0 1458.0");
        // Each part's dashes go on from the length drawn above it: 10 across, then down.
        assert_eq!(upper_offset, 0.0);
        assert_eq!(middle_offset, 10.0 + 558.0);
        assert_eq!(lower_offset, 10.0 + 558.0 + 576.0);
    }
}
