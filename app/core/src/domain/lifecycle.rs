//! The campaign status lifecycle: which transitions exist and which permission each needs.
use crate::domain::policy::Action;
use crate::model::ProjectStatus::{self, *};

impl ProjectStatus {
    /// The statuses of a project still being prepared or run (not yet over).
    pub const LIVE: [ProjectStatus; 4] = [Draft, PendingApproval, Approved, InProgress];

    /// Statuses reachable from this one in a single step.
    pub fn next(self) -> &'static [ProjectStatus] {
        match self {
            Draft => &[PendingApproval, Archived],
            // Approve, or reject back to draft (also used to withdraw a submission).
            PendingApproval => &[Approved, Draft],
            Approved => &[InProgress, Archived],
            InProgress => &[Completed],
            Completed => &[Reviewed, InProgress],
            Reviewed => &[Archived],
            Archived => &[],
        }
    }

    pub fn can_become(self, to: ProjectStatus) -> bool {
        self.next().contains(&to)
    }

    /// Whether the project's plan (fields and tasks) may still be edited in this status.
    pub fn is_editable(self) -> bool {
        !matches!(self, Archived)
    }
}

/// The permission a transition needs: deciding on a pending project is an approver's call.
pub fn transition_action(from: ProjectStatus, to: ProjectStatus) -> Action {
    match (from, to) {
        (PendingApproval, Approved) | (PendingApproval, Draft) => Action::ApproveProject,
        _ => Action::ChangeProjectStatus,
    }
}

/// Rejections must say why.
pub fn needs_comment(from: ProjectStatus, to: ProjectStatus) -> bool {
    from == PendingApproval && to == Draft
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_is_walkable() {
        let path = [
            Draft,
            PendingApproval,
            Approved,
            InProgress,
            Completed,
            Reviewed,
            Archived,
        ];
        for pair in path.windows(2) {
            assert!(
                pair[0].can_become(pair[1]),
                "{:?} -> {:?}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn shortcuts_are_refused() {
        assert!(!Draft.can_become(Approved));
        assert!(!Draft.can_become(InProgress));
        assert!(!InProgress.can_become(Archived));
        assert!(Archived.next().is_empty());
    }

    #[test]
    fn rejection_needs_an_approver_and_a_comment() {
        assert_eq!(
            transition_action(PendingApproval, Draft),
            Action::ApproveProject
        );
        assert!(needs_comment(PendingApproval, Draft));
        assert!(!needs_comment(Draft, PendingApproval));
        assert_eq!(
            transition_action(Draft, PendingApproval),
            Action::ChangeProjectStatus
        );
    }
}
