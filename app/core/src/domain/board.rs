//! The kanban board's rules: which column a card sits in and in what order, swimlanes, filters
//! and work-in-progress limits. The board uses them to draw and preview; the server uses the same
//! ones to decide a move.
use chrono::NaiveDate;

use crate::domain::task_list::DueWindow;
use crate::i18n::K;
use crate::model::{BoardColumn, Colour, Id, LaneChange, Priority, TaskStatus, TaskView};

/// The column a task shows in: the one it was put in while that column still holds the task's
/// status, else the first column of its status.
pub fn column_of(status: TaskStatus, column_id: Option<Id>, columns: &[BoardColumn]) -> Option<Id> {
    column_id
        .filter(|id| columns.iter().any(|c| c.id == *id && c.category == status))
        .or_else(|| {
            columns
                .iter()
                .filter(|c| c.category == status)
                .min_by_key(|c| (c.position, c.id))
                .map(|c| c.id)
        })
}

/// The cards of one column, top to bottom.
pub fn cards_in<'a>(
    column: Id,
    tasks: &'a [TaskView],
    columns: &[BoardColumn],
) -> Vec<&'a TaskView> {
    let mut cards: Vec<&TaskView> = tasks
        .iter()
        .filter(|t| column_of(t.input.status, t.input.column_id, columns) == Some(column))
        .collect();
    cards.sort_by_key(|t| (t.sort_order, t.id));
    cards
}

/// The columns in board order.
pub fn ordered(columns: &[BoardColumn]) -> Vec<BoardColumn> {
    let mut sorted = columns.to_vec();
    sorted.sort_by_key(|c| (c.position, c.id));
    sorted
}

/// The columns a new board starts with: one per status, named after it.
pub fn default_columns() -> [(TaskStatus, Colour); 4] {
    [
        (TaskStatus::Todo, Colour::Grey),
        (TaskStatus::InProgress, Colour::Blue),
        (TaskStatus::Review, Colour::Gold),
        (TaskStatus::Done, Colour::Green),
    ]
}

/// A column's name as shown: the team's own, or its status's.
pub fn column_title(column: &BoardColumn) -> Result<String, K> {
    if column.name.trim().is_empty() {
        Err(column.category.label())
    } else {
        Ok(column.name.clone())
    }
}

/// How full a column is against its work-in-progress limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wip {
    Free,
    /// Exactly at the limit: one more card would break it.
    Full,
    Over,
}

pub fn wip(cards: usize, limit: Option<u32>) -> Wip {
    match limit.map(|l| l as usize) {
        Some(l) if cards > l => Wip::Over,
        Some(l) if cards == l => Wip::Full,
        _ => Wip::Free,
    }
}

/// Whether removing (or re-purposing) `column` keeps a column for every status on the board.
pub fn leaves_every_status(columns: &[BoardColumn], column: Id) -> bool {
    let Some(gone) = columns.iter().find(|c| c.id == column) else {
        return false;
    };
    columns
        .iter()
        .any(|c| c.id != column && c.category == gone.category)
}

/// How the board is split into horizontal lanes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Swimlanes {
    #[default]
    None,
    Owner,
    Priority,
}

impl Swimlanes {
    pub const ALL: [Swimlanes; 3] = [Swimlanes::None, Swimlanes::Owner, Swimlanes::Priority];

    pub fn as_str(self) -> &'static str {
        match self {
            Swimlanes::None => "none",
            Swimlanes::Owner => "owner",
            Swimlanes::Priority => "priority",
        }
    }

    pub fn parse(text: &str) -> Option<Swimlanes> {
        Swimlanes::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> K {
        match self {
            Swimlanes::None => K::LanesNone,
            Swimlanes::Owner => K::LanesOwner,
            Swimlanes::Priority => K::LanesPriority,
        }
    }
}

/// One lane of the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    All,
    Owner(Option<Id>),
    Priority(Priority),
}

impl Lane {
    pub fn of(task: &TaskView, mode: Swimlanes) -> Lane {
        match mode {
            Swimlanes::None => Lane::All,
            Swimlanes::Owner => Lane::Owner(task.input.owner_id),
            Swimlanes::Priority => Lane::Priority(task.input.priority),
        }
    }

    /// What a card dropped into this lane takes from it.
    pub fn change(self) -> Option<LaneChange> {
        match self {
            Lane::All => None,
            Lane::Owner(owner) => Some(LaneChange::Owner(owner)),
            Lane::Priority(p) => Some(LaneChange::Priority(p)),
        }
    }

    /// A stable text form, for `data-` attributes.
    pub fn key(self) -> String {
        match self {
            Lane::All => "all".into(),
            Lane::Owner(Some(id)) => format!("owner-{id}"),
            Lane::Owner(None) => "owner-none".into(),
            Lane::Priority(p) => format!("priority-{}", p.as_str()),
        }
    }

    pub fn parse(text: &str) -> Option<Lane> {
        match text {
            "all" => Some(Lane::All),
            "owner-none" => Some(Lane::Owner(None)),
            _ => {
                if let Some(id) = text.strip_prefix("owner-") {
                    id.parse().ok().map(|id| Lane::Owner(Some(id)))
                } else {
                    text.strip_prefix("priority-")
                        .and_then(Priority::parse)
                        .map(Lane::Priority)
                }
            }
        }
    }
}

/// The lanes to draw: every priority from urgent down; or the owners with cards, by name, with
/// "unassigned" last (always there, so a card can be unassigned by a drag).
pub fn lanes(tasks: &[TaskView], mode: Swimlanes) -> Vec<Lane> {
    match mode {
        Swimlanes::None => vec![Lane::All],
        Swimlanes::Priority => Priority::ALL
            .iter()
            .rev()
            .map(|p| Lane::Priority(*p))
            .collect(),
        Swimlanes::Owner => {
            let mut owners: Vec<(String, Id)> = tasks
                .iter()
                .filter_map(|t| t.owner.as_ref())
                .map(|o| (o.display_name.to_lowercase(), o.id))
                .collect();
            owners.sort();
            owners.dedup_by_key(|o| o.1);
            owners
                .into_iter()
                .map(|(_, id)| Lane::Owner(Some(id)))
                .chain([Lane::Owner(None)])
                .collect()
        }
    }
}

/// What the board shows: everything, or the cards of one owner, with one label, due in one window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoardFilter {
    /// `Some(None)` keeps unassigned cards.
    pub owner: Option<Option<Id>>,
    pub label: Option<Id>,
    pub due: Option<DueWindow>,
}

impl BoardFilter {
    pub fn keeps(&self, t: &TaskView, today: NaiveDate) -> bool {
        self.owner.is_none_or(|o| t.input.owner_id == o)
            && self.label.is_none_or(|l| t.input.labels.contains(&l))
            && self.due.is_none_or(|w| DueWindow::of_task(t, today) == w)
    }

    pub fn is_active(&self) -> bool {
        *self != BoardFilter::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TaskInput, UserRef};

    fn column(id: Id, category: TaskStatus, position: i64) -> BoardColumn {
        BoardColumn {
            id,
            name: String::new(),
            category,
            colour: Colour::Grey,
            wip_limit: None,
            position,
        }
    }

    fn task(id: Id, status: TaskStatus, column_id: Option<Id>, order: i64) -> TaskView {
        TaskView {
            id,
            project_id: 1,
            input: TaskInput {
                status,
                column_id,
                ..TaskInput::titled(format!("t{id}"))
            },
            owner: None,
            sort_order: order,
            version: 1,
        }
    }

    fn board() -> Vec<BoardColumn> {
        vec![
            column(10, TaskStatus::Todo, 1),
            column(11, TaskStatus::InProgress, 3),
            // A second "in progress" column placed before the first one.
            column(12, TaskStatus::InProgress, 2),
            column(13, TaskStatus::Done, 4),
        ]
    }

    #[test]
    fn a_card_without_a_column_sits_in_the_first_column_of_its_status() {
        let columns = board();
        assert_eq!(column_of(TaskStatus::InProgress, None, &columns), Some(12));
        assert_eq!(
            column_of(TaskStatus::InProgress, Some(11), &columns),
            Some(11)
        );
        // A column of another status (the card's status changed since) is ignored.
        assert_eq!(column_of(TaskStatus::Done, Some(11), &columns), Some(13));
        // A deleted column too.
        assert_eq!(column_of(TaskStatus::Todo, Some(99), &columns), Some(10));
        assert_eq!(column_of(TaskStatus::Review, None, &columns), None);
    }

    #[test]
    fn cards_are_ordered_within_their_column() {
        let columns = board();
        let tasks = vec![
            task(1, TaskStatus::InProgress, Some(11), 300),
            task(2, TaskStatus::InProgress, None, 100),
            task(3, TaskStatus::InProgress, Some(11), 200),
            task(4, TaskStatus::Todo, None, 50),
        ];
        let ids = |c| {
            cards_in(c, &tasks, &columns)
                .iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(11), vec![3, 1]);
        assert_eq!(ids(12), vec![2]);
        assert_eq!(ids(10), vec![4]);
        assert_eq!(
            ordered(&columns).iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![10, 12, 11, 13]
        );
    }

    #[test]
    fn wip_limits_warn_at_and_over_the_limit() {
        assert_eq!(wip(3, None), Wip::Free);
        assert_eq!(wip(2, Some(3)), Wip::Free);
        assert_eq!(wip(3, Some(3)), Wip::Full);
        assert_eq!(wip(4, Some(3)), Wip::Over);
    }

    #[test]
    fn every_status_keeps_a_column() {
        let columns = board();
        assert!(leaves_every_status(&columns, 11));
        assert!(!leaves_every_status(&columns, 10));
        assert!(!leaves_every_status(&columns, 13));
        assert!(!leaves_every_status(&columns, 99));
    }

    #[test]
    fn owner_lanes_are_sorted_by_name_with_unassigned_last() {
        let mut a = task(1, TaskStatus::Todo, None, 1);
        a.input.owner_id = Some(7);
        a.owner = Some(UserRef {
            id: 7,
            display_name: "Zhou".into(),
        });
        let mut b = task(2, TaskStatus::Todo, None, 2);
        b.input.owner_id = Some(3);
        b.owner = Some(UserRef {
            id: 3,
            display_name: "li".into(),
        });
        let c = a.clone();
        let tasks = vec![a, b, c];
        assert_eq!(
            lanes(&tasks, Swimlanes::Owner),
            vec![
                Lane::Owner(Some(3)),
                Lane::Owner(Some(7)),
                Lane::Owner(None)
            ]
        );
        assert_eq!(
            lanes(&tasks, Swimlanes::Priority)[0],
            Lane::Priority(Priority::Urgent)
        );
        assert_eq!(lanes(&tasks, Swimlanes::None), vec![Lane::All]);
    }

    #[test]
    fn lane_keys_read_back() {
        for lane in [
            Lane::All,
            Lane::Owner(None),
            Lane::Owner(Some(42)),
            Lane::Priority(Priority::High),
        ] {
            assert_eq!(Lane::parse(&lane.key()), Some(lane));
        }
        assert_eq!(Lane::parse("owner-x"), None);
        assert_eq!(
            Lane::Owner(Some(4)).change(),
            Some(LaneChange::Owner(Some(4)))
        );
    }

    #[test]
    fn filters_keep_only_matching_cards() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut t = task(1, TaskStatus::Todo, None, 1);
        t.input.labels = vec![5];
        t.input.owner_id = Some(2);
        t.input.due_date = NaiveDate::from_ymd_opt(2026, 11, 20);
        assert!(BoardFilter::default().keeps(&t, today));
        assert!(!BoardFilter::default().is_active());
        let by_label = BoardFilter {
            label: Some(5),
            ..Default::default()
        };
        assert!(by_label.keeps(&t, today));
        assert!(!BoardFilter {
            label: Some(6),
            ..Default::default()
        }
        .keeps(&t, today));
        assert!(!BoardFilter {
            owner: Some(None),
            ..Default::default()
        }
        .keeps(&t, today));
        assert!(BoardFilter {
            due: Some(DueWindow::Overdue),
            ..Default::default()
        }
        .keeps(&t, today));
        t.input.status = TaskStatus::Done;
        assert!(!BoardFilter {
            due: Some(DueWindow::Overdue),
            ..Default::default()
        }
        .keeps(&t, today));
    }
}
