//! Points (积分): what each rule is worth until admins change it, and who is a month's star (项目之星) from points and nominations. The ledger itself
//! is append-only: totals are its sums, so replaying it gives them again.
use crate::model::{Id, PointReason};

/// What one nomination weighs against points when the month's star is chosen.
pub const NOMINATION_POINTS: i64 = 20;
/// The most points one rule or adjustment gives or takes.
pub const POINTS_MAX: i32 = 1_000;

/// The rules admins set (every reason but an adjustment).
pub const RULES: [PointReason; 6] = [
    PointReason::TaskOnTime,
    PointReason::DeliverableAccepted,
    PointReason::CheckInStreak,
    PointReason::CasePublished,
    PointReason::Helped,
    PointReason::TaskLate,
];

/// A rule's worth and whether it counts, before an admin sets it: deductions are off until
/// chosen.
pub fn default_rule(rule: PointReason) -> (i32, bool) {
    match rule {
        PointReason::TaskOnTime => (10, true),
        PointReason::DeliverableAccepted => (5, true),
        PointReason::CheckInStreak => (10, true),
        PointReason::CasePublished => (20, true),
        PointReason::Helped => (3, true),
        PointReason::TaskLate => (-5, false),
        PointReason::Adjustment => (0, false),
    }
}

/// Whether `points` may be what `rule` is worth: a deduction takes, the others give.
pub fn fits(rule: PointReason, points: i32) -> bool {
    let within = points.unsigned_abs() <= POINTS_MAX.unsigned_abs();
    within
        && match rule {
            PointReason::TaskLate => points <= 0,
            PointReason::Adjustment => points != 0,
            _ => points >= 0,
        }
}

/// One person's month: points earned and nominations received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthScore {
    pub user: Id,
    pub points: i64,
    pub nominations: i64,
}

impl MonthScore {
    pub fn score(&self) -> i64 {
        self.points
            .saturating_add(self.nominations.saturating_mul(NOMINATION_POINTS))
    }
}

/// The month's star: the highest score of points and nominations; among equals, more
/// nominations, then more points, then the earlier account. Nobody without a positive score.
pub fn star(scores: &[MonthScore]) -> Option<Id> {
    scores
        .iter()
        .filter(|s| s.score() > 0)
        .max_by(|a, b| {
            a.score()
                .cmp(&b.score())
                .then(a.nominations.cmp(&b.nominations))
                .then(a.points.cmp(&b.points))
                .then(b.user.cmp(&a.user))
        })
        .map(|s| s.user)
}

/// Ranks by points, highest first: equal points share a rank (1, 2, 2, 4).
pub fn ranks(points: &[i64]) -> Vec<u32> {
    points
        .iter()
        .map(|p| 1 + points.iter().filter(|q| *q > p).count() as u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_star_weighs_points_and_nominations() {
        let s = |user, points, nominations| MonthScore {
            user,
            points,
            nominations,
        };
        // 50 points against 30 points and two nominations (30 + 40).
        assert_eq!(star(&[s(1, 50, 0), s(2, 30, 2)]), Some(2));
        // Equal scores: more nominations, then more points, then the earlier account.
        assert_eq!(star(&[s(1, 40, 0), s(2, 20, 1)]), Some(2));
        assert_eq!(star(&[s(3, 20, 1), s(2, 20, 1)]), Some(2));
        assert_eq!(star(&[s(1, -10, 0), s(2, 0, 0)]), None);
        assert_eq!(star(&[]), None);
    }

    #[test]
    fn equal_points_share_a_rank() {
        assert_eq!(ranks(&[90, 70, 70, 10]), vec![1, 2, 2, 4]);
        assert_eq!(ranks(&[]), Vec::<u32>::new());
    }

    #[test]
    fn rules_give_and_deductions_take_within_bounds() {
        assert!(fits(PointReason::TaskOnTime, 10));
        assert!(!fits(PointReason::TaskOnTime, -1));
        assert!(fits(PointReason::TaskLate, -5));
        assert!(!fits(PointReason::TaskLate, 5));
        assert!(!fits(PointReason::Helped, 1_001));
        assert!(fits(PointReason::Adjustment, -1_000));
        assert!(!fits(PointReason::Adjustment, 0));
        for rule in RULES {
            let (points, _) = default_rule(rule);
            assert!(fits(rule, points), "{rule:?}");
        }
    }
}
