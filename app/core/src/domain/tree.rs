//! The task breakdown tree.
use std::collections::HashMap;

use crate::model::Id;

/// Whether making `parent` the parent of `task` would put `task` above itself. `parents` maps every
/// task of the project to its current parent.
pub fn would_cycle(task: Id, parent: Id, parents: &HashMap<Id, Option<Id>>) -> bool {
    let mut current = Some(parent);
    // A corrupt tree could loop forever; the walk is bounded by the number of tasks.
    let mut steps = 0usize;
    while let Some(id) = current {
        if id == task {
            return true;
        }
        steps += 1;
        if steps > parents.len() {
            return true;
        }
        current = parents.get(&id).copied().flatten();
    }
    false
}

/// `root` and every task below it, each parent before its children.
pub fn subtree<T>(
    root: Id,
    items: &[T],
    id: impl Fn(&T) -> Id,
    parent: impl Fn(&T) -> Option<Id>,
) -> Vec<Id> {
    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let current = found[next];
        // A corrupt loop would revisit a task; each is taken once.
        let children: Vec<Id> = items
            .iter()
            .filter(|t| parent(t) == Some(current))
            .map(&id)
            .filter(|c| !found.contains(c))
            .collect();
        found.extend(children);
        next += 1;
    }
    found
}

/// Orders tasks depth-first (parents before their children, siblings by `order`) and returns each
/// with its depth, for indented lists.
pub fn flatten<T>(
    items: &[T],
    id: impl Fn(&T) -> Id,
    parent: impl Fn(&T) -> Option<Id>,
) -> Vec<(usize, usize)> {
    let ids: std::collections::HashSet<Id> = items.iter().map(&id).collect();
    let mut children: HashMap<Option<Id>, Vec<usize>> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        // An orphan (its parent is not in the list) is shown at the top level.
        let key = parent(item).filter(|p| ids.contains(p));
        children.entry(key).or_default().push(index);
    }
    let mut out = Vec::with_capacity(items.len());
    let mut stack: Vec<(usize, usize)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|&i| (i, 0)).collect())
        .unwrap_or_default();
    while let Some((index, depth)) = stack.pop() {
        out.push((index, depth));
        if let Some(kids) = children.get(&Some(id(&items[index]))) {
            stack.extend(kids.iter().rev().map(|&i| (i, depth + 1)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> HashMap<Id, Option<Id>> {
        // 1 ─ 2 ─ 3, and 4 alone
        HashMap::from([(1, None), (2, Some(1)), (3, Some(2)), (4, None)])
    }

    #[test]
    fn a_descendant_cannot_become_the_parent() {
        assert!(would_cycle(1, 3, &tree()));
        assert!(would_cycle(2, 2, &tree()));
        assert!(!would_cycle(3, 4, &tree()));
        assert!(!would_cycle(4, 3, &tree()));
    }

    #[test]
    fn a_corrupt_loop_is_treated_as_a_cycle() {
        let looped = HashMap::from([(1, Some(2)), (2, Some(1)), (3, None)]);
        assert!(would_cycle(3, 1, &looped));
    }

    #[test]
    fn a_subtree_lists_the_root_and_everything_below_it() {
        let items = vec![
            (1, None),
            (2, Some(1)),
            (3, Some(2)),
            (4, None),
            (5, Some(1)),
        ];
        assert_eq!(subtree(1, &items, |t| t.0, |t| t.1), vec![1, 2, 5, 3]);
        assert_eq!(subtree(4, &items, |t| t.0, |t| t.1), vec![4]);
    }

    #[test]
    fn flatten_puts_children_under_their_parent() {
        let items = vec![(3, Some(2)), (4, None), (1, None), (2, Some(1))];
        let order: Vec<(Id, usize)> = flatten(&items, |t| t.0, |t| t.1)
            .into_iter()
            .map(|(i, d)| (items[i].0, d))
            .collect();
        assert_eq!(order, vec![(4, 0), (1, 0), (2, 1), (3, 2)]);
    }
}

/// Task counts and overall progress of a project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rollup {
    pub tasks: u32,
    pub done: u32,
    pub progress: u8,
}

/// One task as the roll-up sees it.
pub struct RollupItem {
    pub id: Id,
    pub parent: Option<Id>,
    pub done: bool,
    pub progress: u8,
}

/// Progress is measured on leaf tasks (a parent's work is its children's), each weighted equally;
/// a finished leaf counts as 100 % whatever its progress field says.
pub fn rollup(items: &[RollupItem]) -> Rollup {
    let parents: std::collections::HashSet<Id> = items.iter().filter_map(|t| t.parent).collect();
    let leaves: Vec<&RollupItem> = items.iter().filter(|t| !parents.contains(&t.id)).collect();
    let total: u32 = leaves
        .iter()
        .map(|t| {
            if t.done {
                100
            } else {
                u32::from(t.progress.min(100))
            }
        })
        .sum();
    Rollup {
        tasks: items.len() as u32,
        done: items.iter().filter(|t| t.done).count() as u32,
        progress: if leaves.is_empty() {
            0
        } else {
            (total / leaves.len() as u32) as u8
        },
    }
}

#[cfg(test)]
mod rollup_tests {
    use super::*;

    fn item(id: Id, parent: Option<Id>, done: bool, progress: u8) -> RollupItem {
        RollupItem {
            id,
            parent,
            done,
            progress,
        }
    }

    #[test]
    fn progress_comes_from_leaves() {
        // The parent's own 0 % is ignored; its two children average 50 %; the lone task is done.
        let items = [
            item(1, None, false, 0),
            item(2, Some(1), false, 20),
            item(3, Some(1), false, 80),
            item(4, None, true, 10),
        ];
        let r = rollup(&items);
        assert_eq!(
            r,
            Rollup {
                tasks: 4,
                done: 1,
                progress: 66
            }
        );
    }

    #[test]
    fn an_empty_project_has_no_progress() {
        assert_eq!(rollup(&[]), Rollup::default());
    }
}
