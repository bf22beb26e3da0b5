//! The dependency graph of one project and the passes over it.
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::NaiveDate;

use super::calendar::{day_num, from_day_num, DayNum, WorkCalendar, WorkIndex};
use super::spec::{Change, LinkSpec, Mode, Moved, PlanError, PlanTask, SummaryValues, TaskFloat};
use crate::model::{Id, LinkKind};

/// Compressed adjacency lists: the items of node `i` are `items[offsets[i]..offsets[i + 1]]`.
#[derive(Clone, Debug, Default)]
struct Adjacency<T> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> Adjacency<T> {
    fn new(nodes: usize, pairs: &[(u32, T)]) -> Self {
        let mut offsets = vec![0u32; nodes + 1];
        for &(node, _) in pairs {
            offsets[node as usize + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut items = vec![T::default(); pairs.len()];
        for &(node, item) in pairs {
            let slot = &mut next[node as usize];
            items[*slot as usize] = item;
            *slot += 1;
        }
        Adjacency { offsets, items }
    }

    fn of(&self, node: u32) -> &[T] {
        let node = node as usize;
        &self.items[self.offsets[node] as usize..self.offsets[node + 1] as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A task without children that has dates.
    Leaf,
    /// A task with children, at least one of them dated; its dates follow from theirs.
    Summary,
    /// No dates: the engine neither reads nor moves it.
    Unscheduled,
}

/// A lower bound on a task's start, from one dependency.
#[derive(Clone, Copy, Debug)]
struct Constraint {
    predecessor: u32,
    kind: LinkKind,
    lag: i32,
}

impl Default for Constraint {
    fn default() -> Self {
        Constraint {
            predecessor: 0,
            kind: LinkKind::FinishToStart,
            lag: 0,
        }
    }
}

/// One project's tasks, dependencies and calendar, ready to schedule.
#[derive(Clone, Debug)]
pub struct Plan {
    ids: Vec<Id>,
    index: HashMap<Id, u32>,
    children: Adjacency<u32>,
    role: Vec<Role>,
    milestone: Vec<bool>,
    progress: Vec<u8>,
    /// Constraints on each task without children.
    incoming: Adjacency<Constraint>,
    /// Where a change of a task's dates flows: to the tasks it constrains and to its parent.
    outgoing: Adjacency<u32>,
    /// Tasks in an order where every task comes after all it depends on.
    order: Vec<u32>,
    rank: Vec<u32>,
    /// Working-day ordinals: a task occupies `[start, finish)`.
    start: Vec<i32>,
    finish: Vec<i32>,
    start_day: Vec<DayNum>,
    due_day: Vec<DayNum>,
    work: WorkIndex,
    /// Marks tasks already queued in the current pass (`== epoch`).
    stamp: Vec<u32>,
    epoch: u32,
    /// While previewing: each task's dates before the pass touched it, to put back after.
    journal: Option<Vec<Touched>>,
}

/// A task's dates as they were before a pass changed them.
#[derive(Clone, Copy, Debug)]
struct Touched {
    node: u32,
    begin: i32,
    finish: i32,
    start: DayNum,
    due: DayNum,
}

impl Plan {
    pub fn new(
        tasks: &[PlanTask],
        links: &[LinkSpec],
        calendar: &WorkCalendar,
    ) -> Result<Plan, PlanError> {
        calendar.check().map_err(PlanError::Calendar)?;
        let n = tasks.len();
        let ids: Vec<Id> = tasks.iter().map(|t| t.id).collect();
        let mut index = HashMap::with_capacity(n);
        for (i, t) in tasks.iter().enumerate() {
            index.insert(t.id, i as u32);
        }
        let parent = parents_without_loops(tasks, &index);
        let child_pairs: Vec<(u32, u32)> = parent
            .iter()
            .enumerate()
            .filter_map(|(child, p)| p.map(|p| (p, child as u32)))
            .collect();
        let children = Adjacency::new(n, &child_pairs);

        let mut constraint_pairs = Vec::with_capacity(links.len());
        let mut edge_pairs: Vec<(u32, u32)> = Vec::with_capacity(links.len() + n);
        for (child, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                edge_pairs.push((child as u32, *p));
            }
        }
        let mut targets = Vec::new();
        for link in links {
            let (Some(&pred), Some(&succ)) =
                (index.get(&link.predecessor), index.get(&link.successor))
            else {
                continue;
            };
            leaves_under(succ, &children, &mut targets);
            for &target in &targets {
                constraint_pairs.push((
                    target,
                    Constraint {
                        predecessor: pred,
                        kind: link.kind,
                        lag: link.lag,
                    },
                ));
                edge_pairs.push((pred, target));
            }
        }
        let incoming = Adjacency::new(n, &constraint_pairs);
        let outgoing = Adjacency::new(n, &edge_pairs);
        let order = topological_order(n, &outgoing).map_err(|rest| {
            PlanError::Cycle(
                find_cycle(n, &edge_pairs, &rest)
                    .into_iter()
                    .map(|i| ids[i as usize])
                    .collect(),
            )
        })?;
        let mut rank = vec![0u32; n];
        for (position, &node) in order.iter().enumerate() {
            rank[node as usize] = position as u32;
        }

        let dated = tasks
            .iter()
            .flat_map(|t| [t.start, t.due])
            .flatten()
            .map(day_num);
        let (low, high) = dated.fold((DayNum::MAX, DayNum::MIN), |(lo, hi), d| {
            (lo.min(d), hi.max(d))
        });
        let (low, high) = if low > high {
            let anchor = NaiveDate::from_ymd_opt(2026, 1, 1)
                .map(day_num)
                .unwrap_or(0);
            (anchor, anchor)
        } else {
            (low, high)
        };
        let work = WorkIndex::new(
            calendar,
            from_day_num(low.saturating_sub(62)),
            from_day_num(high.saturating_add(730)),
        );

        let mut plan = Plan {
            ids,
            index,
            children,
            role: vec![Role::Unscheduled; n],
            milestone: tasks.iter().map(|t| t.milestone).collect(),
            progress: tasks.iter().map(|t| t.progress.min(100)).collect(),
            incoming,
            outgoing,
            order,
            rank,
            start: vec![0; n],
            finish: vec![0; n],
            start_day: vec![0; n],
            due_day: vec![0; n],
            work,
            stamp: vec![0; n],
            epoch: 0,
            journal: None,
        };
        for position in 0..n {
            let node = plan.order[position];
            let i = node as usize;
            if !plan.children.of(node).is_empty() {
                plan.role[i] = if plan.recompute_summary(node) {
                    Role::Summary
                } else {
                    Role::Unscheduled
                };
                continue;
            }
            let t = &tasks[i];
            let dates = if t.milestone {
                t.due.or(t.start).map(|d| (d, d))
            } else {
                t.start.zip(t.due)
            };
            if let Some((start, due)) = dates {
                let (start, due) = (day_num(start), day_num(due).max(day_num(start)));
                plan.role[i] = Role::Leaf;
                plan.start_day[i] = start;
                plan.due_day[i] = due;
                plan.finish[i] = plan.work.ordinal(due + 1);
                plan.start[i] = if t.milestone {
                    plan.finish[i]
                } else {
                    plan.work.ordinal(start).min(plan.finish[i])
                };
            }
        }
        Ok(plan)
    }

    pub fn contains(&self, id: Id) -> bool {
        self.index.contains_key(&id)
    }

    /// A task's current dates, if it has any.
    pub fn dates(&self, id: Id) -> Option<(NaiveDate, NaiveDate)> {
        let i = *self.index.get(&id)? as usize;
        (self.role[i] != Role::Unscheduled).then(|| {
            (
                from_day_num(self.start_day[i]),
                from_day_num(self.due_day[i]),
            )
        })
    }

    /// Working days a task lasts (0 for a milestone).
    pub fn duration(&self, id: Id) -> Option<i32> {
        let i = *self.index.get(&id)? as usize;
        (self.role[i] != Role::Unscheduled).then(|| self.finish[i] - self.start[i])
    }

    /// The dates of a task moved to start on `start` (or, for a milestone, to fall on it), keeping
    /// its length in working days. A start on a day off moves to the next working day.
    pub fn shifted(&self, id: Id, start: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let node = *self.index.get(&id)?;
        let i = node as usize;
        match self.role[i] {
            Role::Unscheduled => None,
            Role::Summary => Some((start, start)),
            Role::Leaf => {
                let length = self.finish[i] - self.start[i];
                let (begin, finish) = if self.milestone[i] {
                    let at = self.work.ordinal(day_num(start) + 1);
                    (at, at)
                } else {
                    let begin = self.work.ordinal(day_num(start));
                    (begin, begin + length)
                };
                let (first, last) = self.days_for(node, begin, finish);
                Some((from_day_num(first), from_day_num(last)))
            }
        }
    }

    /// Moves or resizes tasks and reschedules what depends on them. A task asked to start before
    /// its own dependencies allow is held at the earliest allowed start; moving a summary task
    /// moves everything under it. Returns every task whose dates changed, summaries included.
    pub fn apply(&mut self, changes: &[Change], mode: Mode) -> Vec<Moved> {
        let mut requested: HashMap<u32, (i32, i32, DayNum, DayNum)> = HashMap::new();
        for change in changes {
            let Some(&node) = self.index.get(&change.task) else {
                continue;
            };
            let (start, due) = (
                day_num(change.start),
                day_num(change.due).max(day_num(change.start)),
            );
            match self.role[node as usize] {
                Role::Leaf => {
                    let i = node as usize;
                    let finish = self.work.ordinal(due + 1);
                    let begin = if self.milestone[i] {
                        finish
                    } else {
                        self.work.ordinal(start).min(finish)
                    };
                    let start = if self.milestone[i] { due } else { start };
                    requested.insert(node, (begin, finish, start, due));
                }
                Role::Summary => {
                    let delta = self.work.ordinal(start) - self.start[node as usize];
                    let mut leaves = Vec::new();
                    leaves_under(node, &self.children, &mut leaves);
                    for leaf in leaves {
                        let i = leaf as usize;
                        if self.role[i] == Role::Leaf {
                            let (begin, finish) = (self.start[i] + delta, self.finish[i] + delta);
                            let (start, due) = self.days_for(leaf, begin, finish);
                            requested.insert(leaf, (begin, finish, start, due));
                        }
                    }
                }
                Role::Unscheduled => {}
            }
        }
        let seeds: Vec<u32> = requested.keys().copied().collect();
        self.propagate(&seeds, &requested, mode)
    }

    /// What [`Plan::apply`] would move, leaving the plan as it was: for previews while a bar is
    /// dragged, at the cost of the tasks the change reaches instead of a copy of the whole plan.
    pub fn preview(&mut self, changes: &[Change], mode: Mode) -> Vec<Moved> {
        self.journal = Some(Vec::new());
        let moved = self.apply(changes, mode);
        for t in self.journal.take().unwrap_or_default().into_iter().rev() {
            let i = t.node as usize;
            self.start[i] = t.begin;
            self.finish[i] = t.finish;
            self.start_day[i] = t.start;
            self.due_day[i] = t.due;
        }
        moved
    }

    /// Enforces the dependencies of the given tasks and of everything downstream of them, as they
    /// stand: used after adding a link or giving a task dates.
    pub fn settle(&mut self, tasks: &[Id], mode: Mode) -> Vec<Moved> {
        let seeds: Vec<u32> = tasks
            .iter()
            .filter_map(|id| self.index.get(id).copied())
            .collect();
        self.propagate(&seeds, &HashMap::new(), mode)
    }

    fn propagate(
        &mut self,
        seeds: &[u32],
        requested: &HashMap<u32, (i32, i32, DayNum, DayNum)>,
        mode: Mode,
    ) -> Vec<Moved> {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.fill(0);
            self.epoch = 1;
        }
        let forced: std::collections::HashSet<u32> = seeds.iter().copied().collect();
        let mut queue = BinaryHeap::new();
        for &node in seeds {
            self.enqueue(node, &mut queue);
        }
        let mut before: Vec<(u32, DayNum, DayNum)> = Vec::new();
        while let Some(Reverse((_, node))) = queue.pop() {
            let i = node as usize;
            let (old_start, old_due) = (self.start_day[i], self.due_day[i]);
            let (old_begin, old_finish) = (self.start[i], self.finish[i]);
            if let Some(journal) = self.journal.as_mut() {
                journal.push(Touched {
                    node,
                    begin: old_begin,
                    finish: old_finish,
                    start: old_start,
                    due: old_due,
                });
            }
            match self.role[i] {
                Role::Unscheduled => continue,
                Role::Summary => {
                    self.recompute_summary(node);
                }
                Role::Leaf => {
                    let wanted = requested.get(&node);
                    let (base, length) = match wanted {
                        Some(&(begin, finish, _, _)) => (begin, finish - begin),
                        None => (self.start[i], self.finish[i] - self.start[i]),
                    };
                    let bound = self.earliest_start(node, length);
                    let begin = match (bound, wanted, mode) {
                        (Some(bound), None, Mode::Pull) => bound,
                        (Some(bound), _, _) => base.max(bound),
                        (None, _, _) => base,
                    };
                    let (start, due) = match wanted {
                        Some(&(asked, _, start, due)) if asked == begin => (start, due),
                        _ if begin == self.start[i] && length == self.finish[i] - self.start[i] => {
                            (old_start, old_due)
                        }
                        _ => self.days_for(node, begin, begin + length),
                    };
                    self.start[i] = begin;
                    self.finish[i] = begin + length;
                    self.start_day[i] = start;
                    self.due_day[i] = due;
                }
            }
            if (self.start_day[i], self.due_day[i]) != (old_start, old_due) {
                before.push((node, old_start, old_due));
            }
            // A seed's dates may have changed before the engine saw them: its dependents are
            // always checked.
            if (self.start[i], self.finish[i]) != (old_begin, old_finish) || forced.contains(&node)
            {
                for k in 0..self.outgoing.of(node).len() {
                    let next = self.outgoing.of(node)[k];
                    self.enqueue(next, &mut queue);
                }
            }
        }
        before
            .into_iter()
            .map(|(node, _, _)| {
                let i = node as usize;
                Moved {
                    task: self.ids[i],
                    start: from_day_num(self.start_day[i]),
                    due: from_day_num(self.due_day[i]),
                }
            })
            .collect()
    }

    fn enqueue(&mut self, node: u32, queue: &mut BinaryHeap<Reverse<(u32, u32)>>) {
        let i = node as usize;
        if self.stamp[i] != self.epoch {
            self.stamp[i] = self.epoch;
            queue.push(Reverse((self.rank[i], node)));
        }
    }

    /// The earliest start a task of `length` working days may have under its dependencies.
    fn earliest_start(&self, node: u32, length: i32) -> Option<i32> {
        self.incoming
            .of(node)
            .iter()
            .filter(|c| self.role[c.predecessor as usize] != Role::Unscheduled)
            .map(|c| self.earliest_one(c, length))
            .max()
    }

    /// Calendar dates of a leaf occupying `[begin, finish)`.
    fn days_for(&self, node: u32, begin: i32, finish: i32) -> (DayNum, DayNum) {
        if self.milestone[node as usize] {
            let day = self.work.working_day(finish - 1);
            (day, day)
        } else {
            let start = self.work.working_day(begin);
            let due = if finish > begin {
                self.work.working_day(finish - 1)
            } else {
                start
            };
            (start, due)
        }
    }

    /// Sets a summary's dates from its dated children; false when none is dated.
    fn recompute_summary(&mut self, node: u32) -> bool {
        let mut any = false;
        let (mut begin, mut finish) = (i32::MAX, i32::MIN);
        let (mut start, mut due) = (DayNum::MAX, DayNum::MIN);
        for &child in self.children.of(node) {
            let c = child as usize;
            if self.role[c] == Role::Unscheduled {
                continue;
            }
            any = true;
            begin = begin.min(self.start[c]);
            finish = finish.max(self.finish[c]);
            start = start.min(self.start_day[c]);
            due = due.max(self.due_day[c]);
        }
        if any {
            let i = node as usize;
            self.start[i] = begin;
            self.finish[i] = finish;
            self.start_day[i] = start;
            self.due_day[i] = due;
        }
        any
    }

    /// The loop that adding `link` would close, if any: the tasks in order, the first repeated
    /// at the end.
    pub fn cycle_with(&self, link: &LinkSpec) -> Option<Vec<Id>> {
        let pred = *self.index.get(&link.predecessor)?;
        let succ = *self.index.get(&link.successor)?;
        let mut targets = Vec::new();
        leaves_under(succ, &self.children, &mut targets);
        // Breadth-first from the constrained tasks; reaching the predecessor closes a loop.
        let mut came_from: HashMap<u32, u32> = HashMap::new();
        let mut frontier: Vec<u32> = Vec::new();
        for &t in &targets {
            if t == pred {
                return Some(vec![link.predecessor, link.successor, link.predecessor]);
            }
            came_from.insert(t, u32::MAX);
            frontier.push(t);
        }
        let mut next = 0;
        while next < frontier.len() {
            let node = frontier[next];
            next += 1;
            for &to in self.outgoing.of(node) {
                if came_from.contains_key(&to) {
                    continue;
                }
                came_from.insert(to, node);
                if to == pred {
                    // Walk back to the constrained task the search started from.
                    let mut chain = Vec::new();
                    let mut at = node;
                    while at != u32::MAX {
                        chain.push(at);
                        at = came_from.get(&at).copied().unwrap_or(u32::MAX);
                    }
                    chain.reverse();
                    let mut cycle = vec![link.predecessor];
                    if chain.first() != Some(&succ) {
                        cycle.push(link.successor);
                    }
                    cycle.extend(chain.iter().map(|&i| self.ids[i as usize]));
                    cycle.push(link.predecessor);
                    return Some(cycle);
                }
                frontier.push(to);
            }
        }
        None
    }

    /// Every dependency a task currently breaks, as (predecessor, successor) pairs.
    pub fn violations(&self) -> Vec<(Id, Id)> {
        let mut found = Vec::new();
        for node in 0..self.ids.len() as u32 {
            let i = node as usize;
            if self.role[i] != Role::Leaf {
                continue;
            }
            let length = self.finish[i] - self.start[i];
            for c in self.incoming.of(node) {
                if self.role[c.predecessor as usize] == Role::Unscheduled {
                    continue;
                }
                if self.earliest_one(c, length) > self.start[i] {
                    found.push((self.ids[c.predecessor as usize], self.ids[i]));
                }
            }
        }
        found
    }

    /// Working days a dated task could start earlier without breaking a dependency; `None` when
    /// nothing constrains it.
    pub fn slack(&self, id: Id) -> Option<i32> {
        let node = *self.index.get(&id)?;
        let i = node as usize;
        if self.role[i] != Role::Leaf {
            return None;
        }
        let bound = self.earliest_start(node, self.finish[i] - self.start[i])?;
        Some(self.start[i] - bound)
    }

    /// The earliest start one dependency allows a task of `length` working days.
    fn earliest_one(&self, c: &Constraint, length: i32) -> i32 {
        let p = c.predecessor as usize;
        match c.kind {
            LinkKind::FinishToStart => self.finish[p] + c.lag,
            LinkKind::StartToStart => self.start[p] + c.lag,
            LinkKind::FinishToFinish => self.finish[p] + c.lag - length,
            LinkKind::StartToFinish => self.start[p] + c.lag - length,
        }
    }

    /// Late dates and total float of every dated task, against the current end of the project.
    pub fn critical_path(&self) -> Vec<TaskFloat> {
        let n = self.ids.len();
        let end = (0..n)
            .filter(|&i| self.role[i] != Role::Unscheduled)
            .map(|i| self.finish[i])
            .max();
        let Some(end) = end else {
            return Vec::new();
        };
        // Upper bounds on each task's finish and start, filled from the end backwards.
        let mut late_finish = vec![end; n];
        let mut late_start = vec![i32::MAX; n];
        let mut float = vec![i32::MAX; n];
        for &node in self.order.iter().rev() {
            let i = node as usize;
            match self.role[i] {
                Role::Unscheduled => {}
                Role::Summary => {
                    for &child in self.children.of(node) {
                        let c = child as usize;
                        late_finish[c] = late_finish[c].min(late_finish[i]);
                        late_start[c] = late_start[c].min(late_start[i]);
                    }
                }
                Role::Leaf => {
                    let length = self.finish[i] - self.start[i];
                    let finish = late_finish[i].min(late_start[i].saturating_add(length));
                    let start = finish - length;
                    late_finish[i] = finish;
                    late_start[i] = start;
                    float[i] = start - self.start[i];
                    for c in self.incoming.of(node) {
                        let p = c.predecessor as usize;
                        match c.kind {
                            LinkKind::FinishToStart => {
                                late_finish[p] = late_finish[p].min(start - c.lag)
                            }
                            LinkKind::StartToStart => {
                                late_start[p] = late_start[p].min(start - c.lag)
                            }
                            LinkKind::FinishToFinish => {
                                late_finish[p] = late_finish[p].min(finish - c.lag)
                            }
                            LinkKind::StartToFinish => {
                                late_start[p] = late_start[p].min(finish - c.lag)
                            }
                        }
                    }
                }
            }
        }
        // A summary is as tight as its tightest child.
        for &node in &self.order {
            let i = node as usize;
            if self.role[i] == Role::Summary {
                let children = self.children.of(node);
                float[i] = children
                    .iter()
                    .map(|&c| float[c as usize])
                    .min()
                    .unwrap_or(0);
                late_start[i] = children
                    .iter()
                    .filter(|&&c| self.role[c as usize] != Role::Unscheduled)
                    .map(|&c| late_start[c as usize])
                    .min()
                    .unwrap_or(self.start[i]);
                late_finish[i] = children
                    .iter()
                    .filter(|&&c| self.role[c as usize] != Role::Unscheduled)
                    .map(|&c| late_finish[c as usize])
                    .max()
                    .unwrap_or(self.finish[i]);
            }
        }
        (0..n)
            .filter(|&i| self.role[i] != Role::Unscheduled)
            .map(|i| {
                let (late_start_day, late_due_day) =
                    self.days_for(i as u32, late_start[i], late_finish[i]);
                TaskFloat {
                    task: self.ids[i],
                    late_start: from_day_num(late_start_day),
                    late_finish: from_day_num(late_due_day),
                    total_float: float[i],
                    critical: float[i] <= 0,
                }
            })
            .collect()
    }

    /// Dates and progress of every summary task, as its children give them. Progress is weighted
    /// by working days (an undated or zero-length task weighs one day).
    pub fn summaries(&self) -> Vec<SummaryValues> {
        let n = self.ids.len();
        let mut weight = vec![0u64; n];
        let mut done = vec![0u64; n];
        let mut out = Vec::new();
        for &node in &self.order {
            let i = node as usize;
            let children = self.children.of(node);
            if children.is_empty() {
                let days = if self.role[i] == Role::Leaf {
                    (self.finish[i] - self.start[i]).max(1) as u64
                } else {
                    1
                };
                weight[i] = days;
                done[i] = days * u64::from(self.progress[i]);
                continue;
            }
            weight[i] = children.iter().map(|&c| weight[c as usize]).sum();
            done[i] = children.iter().map(|&c| done[c as usize]).sum();
            if self.role[i] == Role::Summary {
                out.push(SummaryValues {
                    task: self.ids[i],
                    start: from_day_num(self.start_day[i]),
                    due: from_day_num(self.due_day[i]),
                    progress: (done[i] / weight[i].max(1)) as u8,
                });
            }
        }
        out
    }
}

/// Each task's parent as an index, with any loop in the parent chain cut (a loop cannot be saved,
/// but a damaged tree must not hang the engine).
fn parents_without_loops(tasks: &[PlanTask], index: &HashMap<Id, u32>) -> Vec<Option<u32>> {
    let mut parent: Vec<Option<u32>> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.parent
                .and_then(|p| index.get(&p).copied())
                .filter(|&p| p as usize != i)
        })
        .collect();
    // 0 = not seen, 1 = on the current walk, 2 = known to reach a root.
    let mut state = vec![0u8; tasks.len()];
    let mut walk = Vec::new();
    for first in 0..tasks.len() {
        let mut at = first;
        while state[at] == 0 {
            state[at] = 1;
            walk.push(at);
            match parent[at] {
                Some(p) if state[p as usize] == 1 => {
                    parent[at] = None;
                    break;
                }
                Some(p) => at = p as usize,
                None => break,
            }
        }
        for &i in &walk {
            state[i] = 2;
        }
        walk.clear();
    }
    parent
}

/// The tasks without children at or under `node`.
fn leaves_under(node: u32, children: &Adjacency<u32>, out: &mut Vec<u32>) {
    out.clear();
    let mut stack = vec![node];
    while let Some(at) = stack.pop() {
        let kids = children.of(at);
        if kids.is_empty() {
            out.push(at);
        } else {
            stack.extend_from_slice(kids);
        }
    }
}

/// Kahn's algorithm; on a loop, the nodes that could not be ordered.
fn topological_order(n: usize, outgoing: &Adjacency<u32>) -> Result<Vec<u32>, Vec<bool>> {
    let mut indegree = vec![0u32; n];
    for &to in &outgoing.items {
        indegree[to as usize] += 1;
    }
    let mut order: Vec<u32> = (0..n as u32)
        .filter(|&i| indegree[i as usize] == 0)
        .collect();
    let mut next = 0;
    while next < order.len() {
        let node = order[next];
        next += 1;
        for &to in outgoing.of(node) {
            indegree[to as usize] -= 1;
            if indegree[to as usize] == 0 {
                order.push(to);
            }
        }
    }
    if order.len() == n {
        Ok(order)
    } else {
        Err(indegree.iter().map(|&d| d > 0).collect())
    }
}

/// A loop among the nodes left over by the topological sort. Every such node has a predecessor
/// that is also left over, so walking predecessors must come back to a node already seen.
fn find_cycle(n: usize, edges: &[(u32, u32)], left: &[bool]) -> Vec<u32> {
    let reverse_pairs: Vec<(u32, u32)> = edges
        .iter()
        .filter(|(from, to)| left[*from as usize] && left[*to as usize])
        .map(|&(from, to)| (to, from))
        .collect();
    let before = Adjacency::new(n, &reverse_pairs);
    let Some(first) = (0..n).find(|&i| left[i]) else {
        return Vec::new();
    };
    let mut seen_at = vec![usize::MAX; n];
    let mut walk: Vec<u32> = Vec::new();
    let mut at = first as u32;
    while seen_at[at as usize] == usize::MAX {
        seen_at[at as usize] = walk.len();
        walk.push(at);
        match before.of(at).first() {
            Some(&p) => at = p,
            None => return walk,
        }
    }
    let mut cycle: Vec<u32> = walk[seen_at[at as usize]..].to_vec();
    // The walk went against the arrows; turn it around and close the loop.
    cycle.reverse();
    cycle.push(cycle[0]);
    cycle
}
