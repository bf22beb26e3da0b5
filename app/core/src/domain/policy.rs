//! Who may do what: the one table of permissions. Every server function asks [`allows`].
use crate::model::{OrgRole, ProjectRole};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the list of people (to pick an owner or a member).
    ListUsers,
    /// Create, edit, deactivate people and set their roles.
    ManageUsers,
    /// Browse the audit log.
    ViewAudit,
    CreateProject,
    ViewProject,
    EditProject,
    ManageMembers,
    /// Submit for approval, start, complete, review, archive.
    ChangeProjectStatus,
    /// Approve or reject a project waiting for approval.
    ApproveProject,
    /// Create, edit, move and delete tasks, and the project's labels.
    EditTasks,
    /// Add, rename, reorder and delete the board's columns and set their WIP limits.
    ConfigureBoard,
    /// Set the project's KPI targets and their phasing.
    EditKpis,
    /// Plan the budget: lines, their amounts, the currency.
    EditBudget,
    /// Enter KPI figures and record expenses.
    RecordActuals,
    /// See the approval flows (to pick one when submitting).
    ViewApprovalFlows,
    /// Create, change and delete approval flows.
    ManageApprovalFlows,
    /// Configure outbound webhooks and read their delivery log.
    ManageWebhooks,
    /// Make and revoke a project's API tokens and its site's tracking key.
    ManageConnections,
    /// Save a project as a new template.
    SaveTemplate,
    /// Rename and delete saved templates.
    ManageTemplates,
    /// Comment on the project and its tasks (observers only where the project allows).
    Comment,
    /// Change the organisation's settings (its time zone).
    ManageSettings,
    /// Check in daily on a project (its managers and contributors).
    CheckIn,
    /// Add files and links to the project and its tasks, and restore their versions.
    Attach,
    /// Write a retrospective's sections and action items (its team); drafting it is
    /// `EditProject`, approving it `ChangeProjectStatus`.
    WriteRetro,
    /// Browse and read the case library (everyone in the organisation).
    ReadCases,
    /// See the leaderboards, the month's star and one's own points (everyone).
    ReadPoints,
    /// Nominate a colleague for the month's star (everyone but viewers).
    Nominate,
    /// Set the point rules and adjust a person's points (admins).
    ManagePoints,
    /// Read and export everyone's performance figures (admins; a project's managers read its
    /// people's for that project through `EditProject`, everyone their own).
    ReviewPerformance,
    /// Read the organisation's PMO dashboard (admins, project managers, viewers: those who see
    /// every project).
    ReadPmo,
}

/// One row of the table: an action is allowed to the organisation roles in `org`, and to project
/// members whose project role is in `member` provided their organisation role is in `member_org`.
pub struct Rule {
    pub action: Action,
    pub org: &'static [OrgRole],
    pub member: &'static [ProjectRole],
    pub member_org: &'static [OrgRole],
}

use OrgRole::{Admin, Member, ProjectManager, Viewer};
use ProjectRole::{Contributor, Manager, Observer};

const EVERYONE: &[OrgRole] = &[Admin, ProjectManager, Member, Viewer];
const NOBODY_ORG: &[OrgRole] = &[];
const NO_MEMBER: &[ProjectRole] = &[];
const WRITERS: &[OrgRole] = &[ProjectManager, Member];

pub const RULES: &[Rule] = &[
    Rule {
        action: Action::ListUsers,
        org: EVERYONE,
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ManageUsers,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ViewAudit,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::CreateProject,
        org: &[Admin, ProjectManager],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ViewProject,
        org: &[Admin, ProjectManager, Viewer],
        member: &[Manager, Contributor, Observer],
        member_org: EVERYONE,
    },
    Rule {
        action: Action::EditProject,
        org: &[Admin],
        member: &[Manager],
        member_org: WRITERS,
    },
    Rule {
        action: Action::ManageMembers,
        org: &[Admin],
        member: &[Manager],
        member_org: WRITERS,
    },
    Rule {
        action: Action::ChangeProjectStatus,
        org: &[Admin],
        member: &[Manager],
        member_org: WRITERS,
    },
    Rule {
        action: Action::ApproveProject,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::EditTasks,
        org: &[Admin],
        member: &[Manager, Contributor],
        member_org: WRITERS,
    },
    Rule {
        action: Action::ConfigureBoard,
        org: &[Admin],
        member: &[Manager],
        member_org: WRITERS,
    },
    Rule {
        action: Action::EditKpis,
        org: &[Admin],
        member: &[Manager],
        member_org: WRITERS,
    },
    Rule {
        action: Action::EditBudget,
        org: &[Admin],
        member: &[Manager],
        member_org: WRITERS,
    },
    Rule {
        action: Action::RecordActuals,
        org: &[Admin],
        member: &[Manager, Contributor],
        member_org: WRITERS,
    },
    Rule {
        action: Action::ViewApprovalFlows,
        org: EVERYONE,
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ManageApprovalFlows,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ManageWebhooks,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ManageConnections,
        org: &[Admin],
        member: &[Manager],
        member_org: WRITERS,
    },
    Rule {
        action: Action::SaveTemplate,
        org: &[Admin],
        member: &[Manager],
        member_org: &[ProjectManager],
    },
    Rule {
        action: Action::ManageTemplates,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::CheckIn,
        org: NOBODY_ORG,
        member: &[Manager, Contributor],
        member_org: &[Admin, ProjectManager, Member],
    },
    Rule {
        action: Action::ManageSettings,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::Attach,
        org: &[Admin],
        member: &[Manager, Contributor],
        member_org: WRITERS,
    },
    Rule {
        action: Action::Comment,
        org: &[Admin],
        member: &[Manager, Contributor, Observer],
        member_org: EVERYONE,
    },
    Rule {
        action: Action::WriteRetro,
        org: &[Admin],
        member: &[Manager, Contributor],
        member_org: WRITERS,
    },
    Rule {
        action: Action::ReadCases,
        org: EVERYONE,
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ReadPoints,
        org: EVERYONE,
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::Nominate,
        org: &[Admin, ProjectManager, Member],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ManagePoints,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ReviewPerformance,
        org: &[Admin],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
    Rule {
        action: Action::ReadPmo,
        org: &[Admin, ProjectManager, Viewer],
        member: NO_MEMBER,
        member_org: NOBODY_ORG,
    },
];

pub fn rule(action: Action) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.action == action)
        .expect("every action has a row in RULES")
}

/// Whether a person with `role` in the organisation and `membership` in the project (if the action
/// concerns one) may perform `action`.
pub fn allows(role: OrgRole, membership: Option<ProjectRole>, action: Action) -> bool {
    let rule = rule(action);
    rule.org.contains(&role)
        || membership.is_some_and(|m| rule.member.contains(&m) && rule.member_org.contains(&role))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: &[Action] = &[
        Action::ListUsers,
        Action::ManageUsers,
        Action::ViewAudit,
        Action::CreateProject,
        Action::ViewProject,
        Action::EditProject,
        Action::ManageMembers,
        Action::ChangeProjectStatus,
        Action::ApproveProject,
        Action::EditTasks,
        Action::ConfigureBoard,
        Action::EditKpis,
        Action::EditBudget,
        Action::RecordActuals,
        Action::ViewApprovalFlows,
        Action::ManageApprovalFlows,
        Action::ManageWebhooks,
        Action::ManageConnections,
        Action::SaveTemplate,
        Action::ManageTemplates,
        Action::Comment,
        Action::ManageSettings,
        Action::CheckIn,
        Action::Attach,
        Action::WriteRetro,
        Action::ReadCases,
        Action::ReadPoints,
        Action::Nominate,
        Action::ManagePoints,
        Action::ReviewPerformance,
        Action::ReadPmo,
    ];

    #[test]
    fn every_action_has_exactly_one_rule() {
        for a in ACTIONS {
            assert_eq!(RULES.iter().filter(|r| r.action == *a).count(), 1, "{a:?}");
        }
        assert_eq!(RULES.len(), ACTIONS.len());
    }

    #[test]
    fn viewers_never_write_even_as_project_managers() {
        for a in ACTIONS {
            if matches!(
                a,
                Action::ListUsers
                    | Action::ViewProject
                    | Action::ReadCases
                    | Action::ReadPoints
                    | Action::ReadPmo
                    | Action::ViewApprovalFlows
                    // Saying something is not changing the project's records.
                    | Action::Comment
            ) {
                continue;
            }
            assert!(!allows(Viewer, Some(Manager), *a), "{a:?}");
        }
        assert!(allows(Viewer, None, Action::ViewProject));
    }

    #[test]
    fn members_see_and_edit_only_their_projects() {
        assert!(!allows(Member, None, Action::ViewProject));
        assert!(!allows(Member, None, Action::EditTasks));
        assert!(allows(Member, Some(Contributor), Action::EditTasks));
        assert!(!allows(Member, Some(Observer), Action::EditTasks));
        assert!(!allows(Member, Some(Contributor), Action::EditProject));
        assert!(allows(Member, Some(Manager), Action::EditProject));
    }

    #[test]
    fn only_admins_approve_and_manage_people() {
        for role in [ProjectManager, Member, Viewer] {
            assert!(!allows(role, Some(Manager), Action::ApproveProject));
            assert!(!allows(role, None, Action::ManageUsers));
            assert!(!allows(role, None, Action::ViewAudit));
        }
        assert!(allows(Admin, None, Action::ApproveProject));
    }
}
