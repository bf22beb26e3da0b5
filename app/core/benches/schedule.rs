//! The scheduling engine at the sizes a large programme reaches: one move propagated through
//! 10,000 tasks and 15,000 links, and the critical path of 50,000 tasks.
use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use marquee_core::domain::schedule::calendar::WorkCalendar;
use marquee_core::domain::schedule::{Change, LinkSpec, Mode, Plan, PlanTask};
use marquee_core::model::LinkKind;

/// `streams` workstreams of chained tasks, plus cross links to earlier tasks, 1.5 links per task.
fn programme(tasks: usize) -> (Vec<PlanTask>, Vec<LinkSpec>) {
    let base = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a date");
    let per_stream = 100;
    // A small deterministic generator, so every run measures the same project.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below as u64) as usize
    };
    let list: Vec<PlanTask> = (0..tasks)
        .map(|i| {
            let start = base + Days::new(((i % per_stream) * 3) as u64);
            PlanTask {
                id: i as i64 + 1,
                parent: None,
                start: Some(start),
                due: Some(start + Days::new(2)),
                milestone: i % 37 == 0,
                progress: 0,
            }
        })
        .collect();
    let kinds = [
        LinkKind::FinishToStart,
        LinkKind::StartToStart,
        LinkKind::FinishToFinish,
        LinkKind::StartToFinish,
    ];
    let mut links = Vec::with_capacity(tasks * 3 / 2);
    for i in 1..tasks {
        if i % per_stream != 0 {
            links.push(LinkSpec {
                predecessor: i as i64,
                successor: i as i64 + 1,
                kind: LinkKind::FinishToStart,
                lag: 0,
            });
        }
    }
    while links.len() < tasks * 3 / 2 {
        let to = 1 + next(tasks - 1);
        let from = next(to);
        links.push(LinkSpec {
            predecessor: from as i64 + 1,
            successor: to as i64 + 1,
            kind: kinds[next(4)],
            lag: next(5) as i32 - 1,
        });
    }
    (list, links)
}

fn settled(tasks: usize) -> Plan {
    let (list, links) = programme(tasks);
    let mut plan = Plan::new(&list, &links, &WorkCalendar::china()).expect("no loops");
    let all: Vec<i64> = list.iter().map(|t| t.id).collect();
    plan.settle(&all, Mode::PushOnly);
    plan
}

fn benches(c: &mut Criterion) {
    let plan = settled(10_000);
    let (start, due) = plan.dates(1).expect("dated");
    let change = Change {
        task: 1,
        start: start + Days::new(10),
        due: due + Days::new(10),
    };
    let moved = plan.clone().apply(&[change], Mode::PushOnly).len();
    println!("one move of the first task reschedules {moved} of 10,000 tasks");
    c.bench_function("move 1 task, 10k tasks / 15k links", |b| {
        b.iter_batched(
            || plan.clone(),
            |mut plan| black_box(plan.apply(&[change], Mode::PushOnly)),
            BatchSize::LargeInput,
        )
    });
    // A drag's preview step: what a move would do, the plan left as it was (before `preview`
    // the browser copied the whole plan for each step). Both for the move above, which reaches
    // nearly every task, and for a move late in the plan, which reaches a few, as most do.
    let late = {
        let (start, due) = plan.dates(9_950).expect("dated");
        Change {
            task: 9_950,
            start: start + Days::new(3),
            due: due + Days::new(3),
        }
    };
    let reach = plan.clone().apply(&[late], Mode::PushOnly).len();
    println!("a move of task 9,950 reschedules {reach} tasks");
    for (what, change) in [("the first task", change), ("task 9,950", late)] {
        c.bench_function(&format!("preview a move of {what}, 10k tasks"), |b| {
            let mut plan = plan.clone();
            b.iter(|| black_box(plan.preview(&[change], Mode::PushOnly)))
        });
        c.bench_function(&format!("copy the plan and move {what}, 10k tasks"), |b| {
            b.iter(|| black_box(plan.clone().apply(&[change], Mode::PushOnly)))
        });
    }
    let (list, links) = programme(10_000);
    c.bench_function("build plan, 10k tasks / 15k links", |b| {
        b.iter(|| black_box(Plan::new(&list, &links, &WorkCalendar::china())))
    });

    let big = settled(50_000);
    c.bench_function("critical path, 50k tasks / 75k links", |b| {
        b.iter(|| black_box(big.critical_path()))
    });
}

criterion_group!(schedule, benches);
criterion_main!(schedule);
