//! Retrospectives (复盘): what a project's records say once it is over — goals, schedule, money,
//! problems and the suggestions drawn from them, each figure naming where it came from — the
//! team's own sections in Markdown, and the action items carried into a next project.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::reports::{FigureKind, ReportBlocker};
use super::values::{AlertKind, Channel, Id, KpiMetric, RiskLevel};

/// A KPI's target against what was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalFact {
    pub kpi_id: Id,
    /// The KPI's name ("" when it has none: the metric says what it is).
    pub name: String,
    pub metric: KpiMetric,
    /// A custom KPI's unit.
    pub unit: String,
    pub kind: FigureKind,
    pub target: i64,
    pub actual: i64,
    /// Actual over target in basis points (10,000 is the target reached); none without a target.
    pub of_target: Option<i64>,
    pub attained: bool,
}

/// A phase (a top-level task with tasks under it) or the project: planned against actual finish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseFact {
    /// The phase's task; none for the whole project.
    pub task_id: Option<Id>,
    pub title: String,
    /// Its finish as the baseline has it, when there is a baseline.
    pub baseline_due: Option<NaiveDate>,
    /// Its finish as the plan had it at the end.
    pub planned_due: Option<NaiveDate>,
    /// The day its last task was done; none while some of it is not.
    pub finished: Option<NaiveDate>,
    /// Days finished after the baseline's finish (or the plan's, without a baseline); for
    /// work not finished, days past that finish so far. Negative: early.
    pub slip_days: Option<i64>,
}

/// A task finished late, or not finished and past its due date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateTask {
    pub task_id: Id,
    pub title: String,
    pub owner: Option<UserRef>,
    pub due: NaiveDate,
    /// The day it was done; none: not done yet.
    pub finished: Option<NaiveDate>,
    pub days_late: i64,
    /// Whether it was on the critical path.
    pub critical: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleFacts {
    pub project: Option<PhaseFact>,
    pub phases: Vec<PhaseFact>,
    /// Calendar days from the project's start to its last task's finish, when all is done.
    pub cycle_days: Option<i64>,
    pub planned_days: i64,
    pub tasks: u32,
    pub done: u32,
    /// Tasks (with a due date, not summaries) finished late or still late.
    pub late: u32,
    /// `late` over the tasks with a due date, in basis points.
    pub late_rate: i64,
    /// Average days late of the late tasks, in tenths of a day.
    pub average_delay_tenths: i64,
    /// The tasks that slipped most, worst first.
    pub slipped: Vec<LateTask>,
}

/// A budget line: planned, committed and paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineFact {
    pub line_id: Id,
    pub name: String,
    pub channel: Option<Channel>,
    pub planned: i64,
    pub committed: i64,
    pub paid: i64,
}

impl LineFact {
    /// Planned less committed and paid: negative when the line is over.
    pub fn variance(&self) -> i64 {
        self.planned
            .saturating_sub(self.committed)
            .saturating_sub(self.paid)
    }
}

/// A channel's whole campaign: spend and what it brought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelFact {
    pub channel: Channel,
    pub spend: i64,
    pub conversions: i64,
    pub revenue: i64,
    /// (revenue − spend) / spend in basis points; none without spend.
    pub roi: Option<i64>,
    /// revenue / spend in basis points; none without spend.
    pub roas: Option<i64>,
    /// spend per conversion in minor units; none without conversions.
    pub cpa: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyFacts {
    pub lines: Vec<LineFact>,
    pub planned: i64,
    pub committed: i64,
    pub paid: i64,
    pub channels: Vec<ChannelFact>,
    /// The whole campaign's ROI (all channels' revenue against their spend), basis points.
    pub roi: Option<i64>,
}

/// An alert raised on the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertFact {
    pub alert_id: Id,
    pub kind: AlertKind,
    pub title: String,
    pub raised_on: NaiveDate,
    /// The task it was about, if any.
    pub task_id: Option<Id>,
}

/// A risk the project named when it was proposed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFact {
    pub description: String,
    pub likelihood: RiskLevel,
    pub impact: RiskLevel,
    pub mitigation: String,
}

/// An approval step and how long it waited for its decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitFact {
    pub request_id: Id,
    pub flow_name: String,
    /// The step's number, from 1.
    pub step: u32,
    /// Whole days it waited (from submission or the step before); to now, while undecided.
    pub days: i64,
    pub decided: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemFacts {
    pub late: Vec<LateTask>,
    pub alerts: Vec<AlertFact>,
    pub risks: Vec<RiskFact>,
    pub blockers: Vec<ReportBlocker>,
    /// The approval steps that waited longest, longest first.
    pub waits: Vec<WaitFact>,
    /// The average wait of all steps, in tenths of a day.
    pub average_wait_tenths: i64,
}

/// A suggestion drafted by a rule from the facts; shown in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Suggestion {
    /// Approval steps waited this long on average (tenths of a day).
    ApprovalsSlow { average_tenths: i64 },
    /// A channel's CPA was this many times the others' (tenths).
    ChannelCpaHigh { channel: Channel, times_tenths: i64 },
    /// A channel spent more than it brought back.
    ChannelLoss { channel: Channel, roi: i64 },
    /// This share of tasks finished late (basis points).
    LateRateHigh { rate: i64 },
    /// A KPI was missed: reached this share of its target (basis points). Its name, or "" and
    /// the metric says what it is.
    KpiMissed {
        name: String,
        metric: KpiMetric,
        of_target: i64,
    },
    /// A budget line went over by this much (minor units).
    LineOver { name: String, over: i64 },
    /// Tasks on the critical path slipped: how many, and the most days.
    CriticalSlipped { count: u32, days: i64 },
    /// The project finished this many days after its planned finish.
    ProjectLate { days: i64 },
    /// Check-ins named blockers this many times.
    BlockersRepeated { count: u32 },
}

/// What the records say, as found when the retrospective was drafted (or drafted again).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetroFacts {
    pub currency: String,
    /// The day the facts were read.
    pub as_of: Option<NaiveDate>,
    pub goals: Vec<GoalFact>,
    pub schedule: ScheduleFacts,
    pub money: MoneyFacts,
    pub problems: ProblemFacts,
    pub suggestions: Vec<Suggestion>,
}

/// What the team writes, section by section, in Markdown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetroSections {
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub schedule: String,
    #[serde(default)]
    pub money: String,
    #[serde(default)]
    pub problems: String,
    #[serde(default)]
    pub went_well: String,
    #[serde(default)]
    pub went_badly: String,
    /// Which of the project's risks happened (their places in `ProblemFacts::risks`).
    #[serde(default)]
    pub risks_happened: Vec<u32>,
}

/// The sections, as the retrospective's page and its export show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetroSection {
    Summary,
    Goals,
    Schedule,
    Money,
    Problems,
    WentWell,
    WentBadly,
}

impl RetroSection {
    pub const ALL: [RetroSection; 7] = [
        RetroSection::Summary,
        RetroSection::Goals,
        RetroSection::Schedule,
        RetroSection::Money,
        RetroSection::Problems,
        RetroSection::WentWell,
        RetroSection::WentBadly,
    ];

    pub fn text(self, s: &RetroSections) -> &str {
        match self {
            RetroSection::Summary => &s.summary,
            RetroSection::Goals => &s.goals,
            RetroSection::Schedule => &s.schedule,
            RetroSection::Money => &s.money,
            RetroSection::Problems => &s.problems,
            RetroSection::WentWell => &s.went_well,
            RetroSection::WentBadly => &s.went_badly,
        }
    }

    pub fn text_mut(self, s: &mut RetroSections) -> &mut String {
        match self {
            RetroSection::Summary => &mut s.summary,
            RetroSection::Goals => &mut s.goals,
            RetroSection::Schedule => &mut s.schedule,
            RetroSection::Money => &mut s.money,
            RetroSection::Problems => &mut s.problems,
            RetroSection::WentWell => &mut s.went_well,
            RetroSection::WentBadly => &mut s.went_badly,
        }
    }
}

/// An action item: what is to be done, by whom, and the project it is carried into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetroAction {
    pub id: Id,
    pub text: String,
    pub owner: UserRef,
    pub due_date: Option<NaiveDate>,
    pub target_project: Option<(Id, String)>,
    /// The task it became in that project, once the retrospective was approved.
    pub carried_task_id: Option<Id>,
}

/// An action item as the team writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetroActionInput {
    pub text: String,
    pub owner_id: Id,
    pub due_date: Option<NaiveDate>,
    pub target_project_id: Option<Id>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetroState {
    Draft,
    Approved,
}

/// A project's retrospective as the caller sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetroView {
    pub id: Id,
    pub project_id: Id,
    pub project_name: String,
    pub state: RetroState,
    pub facts: RetroFacts,
    pub sections: RetroSections,
    /// Each section's Markdown made HTML on the server and sanitised, in `RetroSection::ALL`'s order.
    pub sections_html: Vec<String>,
    pub actions: Vec<RetroAction>,
    pub version: i32,
    pub drafted_at: DateTime<Utc>,
    pub drafted_by: UserRef,
    pub approved_at: Option<DateTime<Utc>>,
    pub approved_by: Option<UserRef>,
    /// The caller may edit its sections and actions and draft its facts again.
    pub can_edit: bool,
    /// The caller may approve it (the project is completed and the retrospective a draft).
    pub can_approve: bool,
}

/// A project's retrospective page: the retrospective if there is one, and what the caller may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetroPage {
    pub retro: Option<RetroView>,
    /// The caller may draft it (a manager; there is none yet, or it is a draft).
    pub can_draft: bool,
    /// The projects an action may be carried into (those the caller may add tasks to).
    pub targets: Vec<(Id, String)>,
    /// The project's people, who may own an action.
    pub people: Vec<UserRef>,
}

/// A change of the team's part: the sections, the actions, at the version it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetroEdit {
    pub version: i32,
    pub sections: RetroSections,
    pub actions: Vec<RetroActionInput>,
}
