use chrono::NaiveDate;
use proptest::prelude::*;

use super::calendar::WorkCalendar;
use super::*;
use crate::model::Id;
use crate::model::LinkKind::{self, *};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn task(id: Id, start: NaiveDate, due: NaiveDate) -> PlanTask {
    PlanTask {
        id,
        parent: None,
        start: Some(start),
        due: Some(due),
        milestone: false,
        progress: 0,
    }
}

fn link(predecessor: Id, successor: Id, kind: LinkKind, lag: i32) -> LinkSpec {
    LinkSpec {
        predecessor,
        successor,
        kind,
        lag,
    }
}

fn plan(tasks: &[PlanTask], links: &[LinkSpec]) -> Plan {
    Plan::new(tasks, links, &WorkCalendar::weekdays()).expect("a valid plan")
}

fn moved(list: &[Moved], id: Id) -> Option<(NaiveDate, NaiveDate)> {
    list.iter().find(|m| m.task == id).map(|m| (m.start, m.due))
}

/// A (Mon 2 – Fri 6 March) → B (Mon 9 – Wed 11) → C (Thu 12 – Fri 13), finish to start.
fn chain() -> Plan {
    plan(
        &[
            task(1, d(3, 2), d(3, 6)),
            task(2, d(3, 9), d(3, 11)),
            task(3, d(3, 12), d(3, 13)),
        ],
        &[link(1, 2, FinishToStart, 0), link(2, 3, FinishToStart, 0)],
    )
}

#[test]
fn moving_a_task_later_pushes_its_chain_over_the_weekend() {
    let mut p = chain();
    // A slips two working days: now Wed 4 – Tue 10.
    let out = p.apply(
        &[Change {
            task: 1,
            start: d(3, 4),
            due: d(3, 10),
        }],
        Mode::PushOnly,
    );
    assert_eq!(moved(&out, 1), Some((d(3, 4), d(3, 10))));
    assert_eq!(moved(&out, 2), Some((d(3, 11), d(3, 13))));
    assert_eq!(moved(&out, 3), Some((d(3, 16), d(3, 17))));
    assert!(p.violations().is_empty());
}

#[test]
fn moving_a_task_earlier_leaves_dependents_unless_asked() {
    let mut p = chain();
    let earlier = Change {
        task: 2,
        start: d(3, 2),
        due: d(3, 4),
    };
    // B cannot start before A finishes: it is held at Monday 9.
    let out = p.apply(&[earlier], Mode::PushOnly);
    assert!(out.is_empty(), "{out:?}");

    let mut p = chain();
    p.apply(
        &[Change {
            task: 1,
            start: d(3, 2),
            due: d(3, 3),
        }],
        Mode::PushOnly,
    );
    assert_eq!(p.dates(2), Some((d(3, 9), d(3, 11))), "B stays put");
    let mut p = chain();
    let out = p.apply(
        &[Change {
            task: 1,
            start: d(3, 2),
            due: d(3, 3),
        }],
        Mode::Pull,
    );
    assert_eq!(moved(&out, 2), Some((d(3, 4), d(3, 6))));
    assert_eq!(moved(&out, 3), Some((d(3, 9), d(3, 10))));
}

#[test]
fn settling_a_task_whose_dates_changed_elsewhere_pushes_its_dependents() {
    // A was lengthened outside the engine (a form edit) and now overlaps B.
    let mut p = plan(
        &[task(1, d(3, 2), d(3, 10)), task(2, d(3, 9), d(3, 11))],
        &[link(1, 2, FinishToStart, 0)],
    );
    let out = p.settle(&[1], Mode::PushOnly);
    assert_eq!(moved(&out, 2), Some((d(3, 11), d(3, 13))));
}

#[test]
fn a_moved_task_keeps_its_working_days() {
    let p = chain();
    // A (five working days) moved to start Wednesday ends the next Tuesday, not on Sunday.
    assert_eq!(p.shifted(1, d(3, 4)), Some((d(3, 4), d(3, 10))));
    // Dropped on a Saturday, it starts on Monday.
    assert_eq!(p.shifted(3, d(3, 7)), Some((d(3, 9), d(3, 10))));
}

#[test]
fn each_link_kind_and_lag_constrains_the_right_ends() {
    let a = task(1, d(3, 2), d(3, 6));
    let b = task(2, d(3, 2), d(3, 3));
    let cases = [
        // FS + 2: B starts two working days after A's finish (Fri 6) → Wed 11.
        (FinishToStart, 2, (d(3, 11), d(3, 12))),
        // FS − 1: overlap one day → Fri 6.
        (FinishToStart, -1, (d(3, 6), d(3, 9))),
        // SS + 1: B starts a day after A starts → Tue 3.
        (StartToStart, 1, (d(3, 3), d(3, 4))),
        // FF: B finishes no earlier than A (Fri 6) → Thu 5 – Fri 6.
        (FinishToFinish, 0, (d(3, 5), d(3, 6))),
        // SF + 3: B finishes no earlier than three days after A starts → finish Wed 4.
        (StartToFinish, 3, (d(3, 3), d(3, 4))),
    ];
    for (kind, lag, expected) in cases {
        let mut p = plan(&[a.clone(), b.clone()], &[link(1, 2, kind, lag)]);
        p.settle(&[2], Mode::PushOnly);
        assert_eq!(p.dates(2), Some(expected), "{kind:?} {lag}");
        assert!(p.violations().is_empty());
    }
}

#[test]
fn holidays_and_make_up_days_of_the_china_calendar_are_respected() {
    // A ends Friday 13 February 2026; Saturday 14 is a make-up working day, 15–23 are Spring
    // Festival. A three-day successor works Saturday 14, then Tuesday 24 and Wednesday 25.
    let tasks = [
        task(
            1,
            NaiveDate::from_ymd_opt(2026, 2, 9).unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 13).unwrap(),
        ),
        task(
            2,
            NaiveDate::from_ymd_opt(2026, 2, 2).unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 4).unwrap(),
        ),
    ];
    let mut p = Plan::new(
        &tasks,
        &[link(1, 2, FinishToStart, 0)],
        &WorkCalendar::china(),
    )
    .unwrap();
    let out = p.settle(&[2], Mode::PushOnly);
    assert_eq!(
        moved(&out, 2),
        Some((
            NaiveDate::from_ymd_opt(2026, 2, 14).unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 25).unwrap()
        ))
    );
}

#[test]
fn milestones_are_zero_length_at_the_end_of_their_day() {
    let mut launch = task(2, d(3, 2), d(3, 2));
    launch.milestone = true;
    let tasks = [task(1, d(3, 2), d(3, 6)), launch, task(3, d(3, 2), d(3, 3))];
    let mut p = plan(
        &tasks,
        &[link(1, 2, FinishToStart, 0), link(2, 3, FinishToStart, 0)],
    );
    let out = p.settle(&[2], Mode::PushOnly);
    // The milestone falls on A's last day; what follows it starts the next working day.
    assert_eq!(moved(&out, 2), Some((d(3, 6), d(3, 6))));
    assert_eq!(moved(&out, 3), Some((d(3, 9), d(3, 10))));
    assert_eq!(p.duration(2), Some(0));
}

#[test]
fn summaries_follow_their_children_and_links_to_them_reach_every_child() {
    let mut parent = task(10, d(1, 1), d(1, 1));
    parent.start = None;
    parent.due = None;
    let mut c1 = task(11, d(3, 9), d(3, 10));
    c1.parent = Some(10);
    c1.progress = 100;
    let mut c2 = task(12, d(3, 11), d(3, 16));
    c2.parent = Some(10);
    let a = task(1, d(3, 2), d(3, 11));
    let mut p = plan(&[parent, c1, c2, a], &[link(1, 10, FinishToStart, 0)]);
    // Before settling, the summary spans its children and its progress is weighted by days.
    let summary = p.summaries();
    assert_eq!(summary.len(), 1);
    assert_eq!((summary[0].start, summary[0].due), (d(3, 9), d(3, 16)));
    assert_eq!(summary[0].progress, 33);
    // A finishes Wed 11: both children must start after it; the second only needs a nudge.
    let out = p.settle(&[10, 11, 12], Mode::PushOnly);
    assert_eq!(moved(&out, 11), Some((d(3, 12), d(3, 13))));
    assert_eq!(moved(&out, 12), Some((d(3, 12), d(3, 17))));
    assert_eq!(moved(&out, 10), Some((d(3, 12), d(3, 17))));
    // Moving the summary moves everything under it by the same working days.
    let out = p.apply(
        &[Change {
            task: 10,
            start: d(3, 16),
            due: d(3, 16),
        }],
        Mode::PushOnly,
    );
    assert_eq!(moved(&out, 11), Some((d(3, 16), d(3, 17))));
    assert_eq!(moved(&out, 12), Some((d(3, 16), d(3, 19))));
}

#[test]
fn a_link_that_closes_a_loop_is_named() {
    let p = chain();
    assert_eq!(
        p.cycle_with(&link(3, 1, FinishToStart, 0)),
        Some(vec![3, 1, 2, 3])
    );
    assert_eq!(
        p.cycle_with(&link(1, 1, StartToStart, 0)),
        Some(vec![1, 1, 1])
    );
    assert_eq!(p.cycle_with(&link(1, 3, FinishToStart, 0)), None);
    // Loaded data with a loop is refused the same way.
    let tasks = [task(1, d(3, 2), d(3, 3)), task(2, d(3, 4), d(3, 5))];
    let looped = [link(1, 2, FinishToStart, 0), link(2, 1, StartToStart, 0)];
    match Plan::new(&tasks, &looped, &WorkCalendar::weekdays()) {
        Err(PlanError::Cycle(ids)) => {
            assert_eq!(ids.first(), ids.last());
            assert_eq!(ids.len(), 3);
        }
        other => panic!("expected a cycle, got {other:?}"),
    }
}

#[test]
fn a_summary_cannot_depend_on_its_own_child() {
    let mut child = task(2, d(3, 2), d(3, 3));
    child.parent = Some(1);
    let p = plan(&[task(1, d(3, 2), d(3, 3)), child], &[]);
    assert!(p.cycle_with(&link(2, 1, FinishToStart, 0)).is_some());
    assert!(p.cycle_with(&link(1, 2, FinishToStart, 0)).is_some());
}

#[test]
fn the_critical_path_has_no_float() {
    // A (5 days) → B (3 days) is the long path; C (2 days) runs beside it.
    let p = plan(
        &[
            task(1, d(3, 2), d(3, 6)),
            task(2, d(3, 9), d(3, 11)),
            task(3, d(3, 2), d(3, 3)),
        ],
        &[link(1, 2, FinishToStart, 0)],
    );
    let floats = p.critical_path();
    let of = |id| floats.iter().find(|f| f.task == id).copied().unwrap();
    assert!(of(1).critical && of(2).critical);
    assert!(!of(3).critical);
    assert_eq!(of(3).total_float, 6);
    assert_eq!((of(3).late_start, of(3).late_finish), (d(3, 10), d(3, 11)));
}

#[test]
fn undated_tasks_neither_constrain_nor_move() {
    let mut loose = task(2, d(3, 2), d(3, 2));
    loose.start = None;
    loose.due = None;
    let mut p = plan(
        &[task(1, d(3, 2), d(3, 6)), loose, task(3, d(3, 2), d(3, 3))],
        &[link(1, 2, FinishToStart, 0), link(2, 3, FinishToStart, 0)],
    );
    assert!(p.settle(&[1, 2, 3], Mode::PushOnly).is_empty());
    assert_eq!(p.dates(2), None);
}

/// Random projects: task `i` may depend only on lower-numbered tasks, so there is no loop.
fn project() -> impl Strategy<Value = (Vec<PlanTask>, Vec<LinkSpec>)> {
    (2usize..30).prop_flat_map(|n| {
        let tasks = proptest::collection::vec((0u64..40, 0u64..8, any::<bool>()), n);
        let links = proptest::collection::vec((0..n, 0..n, 0usize..4, -3i32..5), 0..n * 2);
        (tasks, links).prop_map(|(tasks, links)| {
            let base = d(3, 2);
            let tasks: Vec<PlanTask> = tasks
                .into_iter()
                .enumerate()
                .map(|(i, (offset, length, milestone))| {
                    let start = base + chrono::Days::new(offset);
                    PlanTask {
                        id: i as Id + 1,
                        parent: None,
                        start: Some(start),
                        due: Some(start + chrono::Days::new(if milestone { 0 } else { length })),
                        milestone,
                        progress: 0,
                    }
                })
                .collect();
            let kinds = [FinishToStart, StartToStart, FinishToFinish, StartToFinish];
            let links = links
                .into_iter()
                .filter(|(a, b, _, _)| a < b)
                .map(|(a, b, k, lag)| link(a as Id + 1, b as Id + 1, kinds[k], lag))
                .collect();
            (tasks, links)
        })
    })
}

proptest! {
    #[test]
    fn after_any_moves_no_link_is_broken_and_only_what_had_to_moved(
        (tasks, links) in project(),
        moves in proptest::collection::vec((0usize..30, -15i64..15), 1..6),
    ) {
        let mut p = plan(&tasks, &links);
        let all: Vec<Id> = tasks.iter().map(|t| t.id).collect();
        p.settle(&all, Mode::PushOnly);
        prop_assert!(p.violations().is_empty());
        for (which, shift) in moves {
            let id = tasks[which % tasks.len()].id;
            let (start, due) = p.dates(id).unwrap();
            let shift = |day: NaiveDate| {
                if shift >= 0 { day + chrono::Days::new(shift as u64) } else { day - chrono::Days::new((-shift) as u64) }
            };
            let before: Vec<(Id, Option<(NaiveDate, NaiveDate)>)> =
                all.iter().map(|&t| (t, p.dates(t))).collect();
            let change = Change { task: id, start: shift(start), due: shift(due) };
            // A preview tells what the move will do and changes nothing.
            let previewed = p.preview(&[change], Mode::PushOnly);
            for (t, old) in &before {
                prop_assert_eq!(p.dates(*t), *old, "task {} changed by a preview", t);
            }
            let out = p.apply(&[change], Mode::PushOnly);
            prop_assert_eq!(&previewed, &out);
            prop_assert!(p.violations().is_empty(), "violations after moving {}", id);
            for m in &out {
                if m.task == id {
                    continue;
                }
                let old = before.iter().find(|(t, _)| *t == m.task).unwrap().1.unwrap();
                // A dependent only ever moves later, and only as far as its links require.
                prop_assert!(m.start > old.0, "task {} moved earlier", m.task);
                prop_assert_eq!(p.slack(m.task), Some(0), "task {} moved further than needed", m.task);
            }
            for (t, old) in before {
                if t != id && out.iter().all(|m| m.task != t) {
                    prop_assert_eq!(p.dates(t), old);
                }
            }
        }
    }
}
