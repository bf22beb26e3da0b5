//! The case library's rules (案例库): what category a published project falls in — its budget
//! band from its planned budget, its season from its dates — and which cases are nearest to a
//! project (its type, industry, channels, budget and season), for showing a person the cases
//! that bear on their work.
use chrono::{Datelike, NaiveDate};

use crate::model::{BudgetBand, CaseCategory, Id, Season};

/// ¥100,000, ¥500,000 and ¥2,000,000 in fen: where the budget bands part.
const BAND_EDGES: [i64; 3] = [10_000_000, 50_000_000, 200_000_000];

/// The band a planned budget (minor units) falls in.
pub fn budget_band(planned: i64) -> BudgetBand {
    match BAND_EDGES.iter().filter(|edge| planned >= **edge).count() {
        0 => BudgetBand::Under100k,
        1 => BudgetBand::To500k,
        2 => BudgetBand::To2m,
        _ => BudgetBand::Over2m,
    }
}

/// The season a campaign ran in: the one its middle day falls in (spring March to May, summer
/// June to August, autumn September to November, winter December to February).
pub fn season(start: NaiveDate, end: NaiveDate) -> Season {
    let (from, to) = if start <= end {
        (start, end)
    } else {
        (end, start)
    };
    let middle = from + chrono::Duration::days((to - from).num_days() / 2);
    match middle.month() {
        3..=5 => Season::Spring,
        6..=8 => Season::Summer,
        9..=11 => Season::Autumn,
        _ => Season::Winter,
    }
}

fn band_place(b: BudgetBand) -> i32 {
    BudgetBand::ALL.iter().position(|x| *x == b).unwrap_or(0) as i32
}

/// How near a case is to a project, from 0 (nothing alike) up: the same type and industry
/// weigh most, then the channels they share (over those either uses), the budget band (the
/// same, or next to it) and the season.
pub fn nearness(case: &CaseCategory, project: &CaseCategory) -> u32 {
    let mut score = 0;
    if case.kind == project.kind {
        score += 30;
    }
    if case.industry.is_some() && case.industry == project.industry {
        score += 30;
    }
    let shared = case
        .channels
        .iter()
        .filter(|c| project.channels.contains(c))
        .count();
    let either = case.channels.len() + project.channels.len() - shared;
    score += (30 * shared).checked_div(either).unwrap_or(0) as u32;
    match (band_place(case.budget_band) - band_place(project.budget_band)).abs() {
        0 => score += 20,
        1 => score += 10,
        _ => {}
    }
    if case.season == project.season {
        score += 10;
    }
    score
}

/// The `n` cases nearest to `project`, nearest first (newest first among equals); cases with
/// nothing in common are left out.
pub fn nearest(cases: &[(Id, CaseCategory)], project: &CaseCategory, n: usize) -> Vec<Id> {
    let mut scored: Vec<(u32, Id)> = cases
        .iter()
        .map(|(id, c)| (nearness(c, project), *id))
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    scored.into_iter().take(n).map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Industry, ProjectKind};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn category(kind: ProjectKind, channels: &[Channel], band: BudgetBand) -> CaseCategory {
        CaseCategory {
            kind,
            industry: Some(Industry::Beauty),
            channels: channels.to_vec(),
            budget_band: band,
            season: Season::Autumn,
        }
    }

    #[test]
    fn budgets_fall_in_bands_at_their_edges() {
        assert_eq!(budget_band(0), BudgetBand::Under100k);
        assert_eq!(budget_band(9_999_999), BudgetBand::Under100k);
        assert_eq!(budget_band(10_000_000), BudgetBand::To500k);
        assert_eq!(budget_band(199_999_999), BudgetBand::To2m);
        assert_eq!(budget_band(200_000_000), BudgetBand::Over2m);
    }

    #[test]
    fn a_campaign_belongs_to_the_season_of_its_middle_day() {
        // Double 11's run-up: October to mid-November.
        assert_eq!(season(day(2026, 10, 20), day(2026, 11, 12)), Season::Autumn);
        // 618 across May and June.
        assert_eq!(season(day(2026, 5, 20), day(2026, 6, 20)), Season::Summer);
        // Spring Festival across the new year.
        assert_eq!(season(day(2026, 12, 20), day(2027, 2, 10)), Season::Winter);
        assert_eq!(season(day(2027, 2, 10), day(2026, 12, 20)), Season::Winter);
    }

    #[test]
    fn the_nearest_case_shares_the_most() {
        let project = category(
            ProjectKind::HolidayPromotion,
            &[Channel::Douyin, Channel::Tmall],
            BudgetBand::To500k,
        );
        let same = category(
            ProjectKind::HolidayPromotion,
            &[Channel::Douyin, Channel::Tmall],
            BudgetBand::To500k,
        );
        let near = category(
            ProjectKind::HolidayPromotion,
            &[Channel::Douyin],
            BudgetBand::To2m,
        );
        let far = CaseCategory {
            kind: ProjectKind::BrandCampaign,
            industry: None,
            channels: vec![Channel::Weibo],
            budget_band: BudgetBand::Over2m,
            season: Season::Spring,
        };
        assert_eq!(nearness(&same, &project), 120);
        assert!(nearness(&near, &project) < 120);
        assert_eq!(nearness(&far, &project), 0);
        assert_eq!(
            nearest(&[(1, far), (2, near), (3, same)], &project, 5),
            vec![3, 2]
        );
    }
}
