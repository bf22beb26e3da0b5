//! Approval flows: ordered steps, each decided by named people or by everyone of some roles,
//! "any one" or "all" of them; a flow applies to projects of a type or above a budget. Where a
//! request stands follows from its decisions alone, so the server and the page agree.
use serde::{Deserialize, Serialize};

use crate::model::values::{ApprovalMode, Id, OrgRole, ProjectKind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRule {
    pub name: String,
    pub mode: ApprovalMode,
    /// People named as approvers.
    pub users: Vec<Id>,
    /// Everyone active in these organisation roles approves too.
    pub roles: Vec<OrgRole>,
}

/// When a flow applies; no condition applies to every project.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub kind: Option<ProjectKind>,
    /// The project's total budget, in its currency's minor units, above this.
    pub budget_above: Option<i64>,
}

impl Condition {
    pub fn holds(&self, kind: ProjectKind, budget: i64) -> bool {
        self.kind.is_none_or(|k| k == kind) && self.budget_above.is_none_or(|above| budget > above)
    }
}

/// The steps a project goes through when no flow is configured: one admin approves.
pub fn default_steps() -> Vec<StepRule> {
    vec![StepRule {
        name: String::new(),
        mode: ApprovalMode::Any,
        users: Vec::new(),
        roles: vec![OrgRole::Admin],
    }]
}

/// One decision on a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub step: usize,
    pub by: Id,
    pub approve: bool,
}

/// Who decides at `step`: the people named and the active people of its roles — never the one
/// who asked. A step with nobody else passes on to the other administrators; only an
/// organisation's sole administrator decides on their own request (they could change the flows
/// anyway), so that it is never stuck.
pub fn approvers(step: &StepRule, people: &[(Id, OrgRole)], submitter: Id) -> Vec<Id> {
    let active = |id: &Id| people.iter().any(|(p, _)| p == id);
    let mut found: Vec<Id> = step.users.iter().copied().filter(active).collect();
    for (id, role) in people {
        if step.roles.contains(role) && !found.contains(id) {
            found.push(*id);
        }
    }
    let holding = |role: OrgRole| -> Vec<Id> {
        people
            .iter()
            .filter(|(id, r)| *r == role && *id != submitter)
            .map(|(id, _)| *id)
            .collect()
    };
    let others: Vec<Id> = found
        .iter()
        .copied()
        .filter(|id| *id != submitter)
        .collect();
    let sole_admin = people
        .iter()
        .any(|(id, r)| *id == submitter && *r == OrgRole::Admin);
    let mut chosen = [others, holding(OrgRole::Admin)]
        .into_iter()
        .find(|ids| !ids.is_empty())
        .unwrap_or_else(|| {
            if sole_admin {
                vec![submitter]
            } else {
                Vec::new()
            }
        });
    chosen.sort_unstable();
    chosen
}

/// The steps a request goes through when several flows apply: all of them, one after the
/// other in the flows' order, so that the strictest is never skipped — the submitter does not
/// choose. Named by the flows' names joined.
pub fn combined(flows: &[(String, Vec<StepRule>)]) -> (String, Vec<StepRule>) {
    if flows.is_empty() {
        return (String::new(), default_steps());
    }
    let name = flows
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    // The same step twice (same people, same roles, same mode) asks the same question twice:
    // it is asked once.
    let same = |a: &StepRule, b: &StepRule| {
        let sorted = |s: &StepRule| {
            let mut users = s.users.clone();
            users.sort_unstable();
            let mut roles: Vec<&str> = s.roles.iter().map(|r| r.as_str()).collect();
            roles.sort_unstable();
            (users, roles, s.mode)
        };
        sorted(a) == sorted(b)
    };
    let mut steps: Vec<StepRule> = Vec::new();
    for step in flows.iter().flat_map(|(_, s)| s.iter()) {
        if !steps.iter().any(|kept| same(kept, step)) {
            steps.push(step.clone());
        }
    }
    (name, steps)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Outcome {
    /// Waiting at `step` on these people.
    Pending {
        step: usize,
        waiting_on: Vec<Id>,
    },
    Approved,
    Rejected {
        step: usize,
    },
}

/// Where a request stands after `decisions` (in the order made).
pub fn outcome(
    steps: &[StepRule],
    people: &[(Id, OrgRole)],
    submitter: Id,
    decisions: &[Decision],
) -> Outcome {
    for (index, step) in steps.iter().enumerate() {
        let here: Vec<&Decision> = decisions.iter().filter(|d| d.step == index).collect();
        if here.iter().any(|d| !d.approve) {
            return Outcome::Rejected { step: index };
        }
        let who = approvers(step, people, submitter);
        let approved: Vec<Id> = here.iter().map(|d| d.by).collect();
        let done = match step.mode {
            ApprovalMode::Any => !approved.is_empty(),
            ApprovalMode::All => who.iter().all(|id| approved.contains(id)),
        };
        if !done {
            return Outcome::Pending {
                step: index,
                waiting_on: who
                    .into_iter()
                    .filter(|id| !approved.contains(id))
                    .collect(),
            };
        }
    }
    Outcome::Approved
}

/// The step `user` may decide now, if any.
pub fn may_decide(
    steps: &[StepRule],
    people: &[(Id, OrgRole)],
    submitter: Id,
    decisions: &[Decision],
    user: Id,
) -> Option<usize> {
    match outcome(steps, people, submitter, decisions) {
        Outcome::Pending { step, waiting_on } if waiting_on.contains(&user) => Some(step),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrgRole::*;

    const PEOPLE: &[(Id, OrgRole)] = &[(1, Admin), (2, ProjectManager), (3, Member), (4, Member)];

    fn step(mode: ApprovalMode, users: &[Id], roles: &[OrgRole]) -> StepRule {
        StepRule {
            name: String::new(),
            mode,
            users: users.to_vec(),
            roles: roles.to_vec(),
        }
    }

    fn yes(step: usize, by: Id) -> Decision {
        Decision {
            step,
            by,
            approve: true,
        }
    }

    #[test]
    fn steps_are_passed_in_order_any_one_or_all() {
        let steps = [
            step(ApprovalMode::Any, &[], &[ProjectManager, Admin]),
            step(ApprovalMode::All, &[3, 4], &[]),
        ];
        let submitter = 2;
        // The submitter is not their own approver: the admin decides the first step.
        assert_eq!(
            outcome(&steps, PEOPLE, submitter, &[]),
            Outcome::Pending {
                step: 0,
                waiting_on: vec![1]
            }
        );
        assert_eq!(may_decide(&steps, PEOPLE, submitter, &[], 2), None);
        assert_eq!(may_decide(&steps, PEOPLE, submitter, &[], 1), Some(0));
        let after_one = [yes(0, 1), yes(1, 3)];
        assert_eq!(
            outcome(&steps, PEOPLE, submitter, &after_one),
            Outcome::Pending {
                step: 1,
                waiting_on: vec![4]
            }
        );
        assert_eq!(may_decide(&steps, PEOPLE, submitter, &after_one, 3), None);
        assert_eq!(
            outcome(
                &steps,
                PEOPLE,
                submitter,
                &[yes(0, 1), yes(1, 3), yes(1, 4)]
            ),
            Outcome::Approved
        );
    }

    #[test]
    fn one_rejection_ends_the_request() {
        let steps = [step(ApprovalMode::All, &[3, 4], &[])];
        let no = Decision {
            step: 0,
            by: 4,
            approve: false,
        };
        assert_eq!(
            outcome(&steps, PEOPLE, 1, &[yes(0, 3), no]),
            Outcome::Rejected { step: 0 }
        );
    }

    #[test]
    fn nobody_left_to_approve_falls_back_to_the_admins_or_the_submitter() {
        // Person 9 has left; nobody holds the viewer role here.
        let steps = [step(ApprovalMode::Any, &[9], &[Viewer])];
        assert_eq!(approvers(&steps[0], PEOPLE, 3), vec![1]);
        // An organisation of one admin approves its own projects.
        assert_eq!(approvers(&default_steps()[0], &[(1, Admin)], 1), vec![1]);
    }

    #[test]
    fn nobody_approves_their_own_request() {
        // The project manager named alone on a step submits: it passes to the admin.
        let named = step(ApprovalMode::Any, &[2], &[]);
        assert_eq!(approvers(&named, PEOPLE, 2), vec![1]);
        assert_eq!(
            may_decide(std::slice::from_ref(&named), PEOPLE, 2, &[], 2),
            None
        );
        // A second admin takes an admin's own request.
        let two_admins = [(1, Admin), (5, Admin), (3, Member)];
        assert_eq!(approvers(&default_steps()[0], &two_admins, 1), vec![5]);
        // The organisation's sole admin decides on their own (nobody else could).
        assert_eq!(approvers(&default_steps()[0], PEOPLE, 1), vec![1]);
        // An "all of them" step does not wait on the submitter.
        let all = step(ApprovalMode::All, &[1, 3], &[]);
        assert_eq!(approvers(&all, PEOPLE, 3), vec![1]);
    }

    #[test]
    fn every_flow_that_applies_is_gone_through_in_turn() {
        let a = (
            "Launch review".to_string(),
            vec![step(ApprovalMode::Any, &[2], &[])],
        );
        let b = (
            "Big budgets".to_string(),
            vec![
                step(ApprovalMode::All, &[1], &[]),
                step(ApprovalMode::Any, &[3], &[]),
            ],
        );
        let (name, steps) = combined(&[a.clone(), b]);
        assert_eq!(name, "Launch review + Big budgets");
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[0].users, vec![2]);
        assert_eq!(combined(std::slice::from_ref(&a)), a);
        // A step both flows have is asked once.
        let c = (
            "Also the lead".to_string(),
            vec![step(ApprovalMode::Any, &[2], &[])],
        );
        assert_eq!(combined(&[a.clone(), c]).1.len(), 1);
        assert_eq!(combined(&[]), (String::new(), default_steps()));
    }

    #[test]
    fn a_flow_applies_by_type_and_budget() {
        let big_launches = Condition {
            kind: Some(ProjectKind::ProductLaunch),
            budget_above: Some(10_000_000),
        };
        assert!(big_launches.holds(ProjectKind::ProductLaunch, 10_000_001));
        assert!(!big_launches.holds(ProjectKind::ProductLaunch, 10_000_000));
        assert!(!big_launches.holds(ProjectKind::BrandCampaign, 99_000_000));
        assert!(Condition::default().holds(ProjectKind::Other, 0));
    }
}
