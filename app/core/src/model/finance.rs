//! KPI targets and their figures, budget lines, expenses and the KPIs and budget tab's view.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::approvals::ApprovalRequestView;
use super::values::{BudgetCategory, BudgetPhase, Channel, ExpenseState, Id, KpiMetric};

/// A KPI target as a person types it; values are text in the metric's unit ("1.2万",
/// "2.5%", "¥30,000"), read on the server in the project's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiInput {
    pub project_id: Id,
    /// `None` creates a KPI.
    pub id: Option<Id>,
    pub version: i32,
    pub metric: KpiMetric,
    /// The KPI's own name; required for a custom metric, else optional.
    pub name: String,
    /// What a custom metric counts ("sign-ups", "store visits").
    pub unit: String,
    pub target: String,
    pub phasing: crate::domain::kpi::Phasing,
    /// Optional targets per channel; for counts and money they add up to the target.
    pub splits: Vec<ChannelTargetInput>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelTargetInput {
    pub channel: Channel,
    pub target: String,
}

/// One channel's share of a KPI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiSplit {
    pub channel: Channel,
    pub target: i64,
    pub actual: i64,
    pub attainment: crate::domain::kpi::Attainment,
}

/// A value entered for a KPI: the figure of one day (for one channel, or the whole campaign).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiEntry {
    pub id: Id,
    pub day: NaiveDate,
    pub channel: Option<Channel>,
    pub value: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiView {
    pub id: Id,
    pub metric: KpiMetric,
    pub name: String,
    pub unit: String,
    pub target: i64,
    pub phasing: crate::domain::kpi::Phasing,
    /// What the plan expects by today.
    pub planned: i64,
    pub actual: i64,
    pub attainment: crate::domain::kpi::Attainment,
    pub splits: Vec<KpiSplit>,
    /// Newest first.
    pub entries: Vec<KpiEntry>,
    pub version: i32,
}

/// A KPI's figure for a day; entering the same day and channel again replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiActualInput {
    pub kpi_id: Id,
    pub day: NaiveDate,
    pub channel: Option<Channel>,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLineInput {
    pub project_id: Id,
    /// `None` creates a line.
    pub id: Option<Id>,
    pub version: i32,
    pub name: String,
    pub channel: Option<Channel>,
    pub category: BudgetCategory,
    pub phase: BudgetPhase,
    /// The planned amount as typed ("5万", "12,000.50").
    pub planned: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLineView {
    pub id: Id,
    pub name: String,
    pub channel: Option<Channel>,
    pub category: BudgetCategory,
    pub phase: BudgetPhase,
    pub standing: crate::domain::budget::Standing,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpenseInput {
    pub project_id: Id,
    /// `None` records a new expense.
    pub id: Option<Id>,
    pub version: i32,
    pub line_id: Id,
    pub day: NaiveDate,
    pub vendor: String,
    pub amount: String,
    pub state: ExpenseState,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpenseView {
    pub id: Id,
    pub line_id: Id,
    pub day: NaiveDate,
    pub vendor: String,
    pub amount: i64,
    pub state: ExpenseState,
    pub note: String,
    pub version: i32,
}

/// What the caller may change on the KPIs and budget page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancePermissions {
    pub edit_kpis: bool,
    pub edit_budget: bool,
    /// Enter KPI figures and record expenses.
    pub record: bool,
}

/// A project's KPIs and budget, with everything worked out from them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFinance {
    pub project_id: Id,
    pub currency: crate::domain::money::Currency,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// The day "so far" means.
    pub today: NaiveDate,
    pub kpis: Vec<KpiView>,
    pub lines: Vec<BudgetLineView>,
    /// Newest first.
    pub expenses: Vec<ExpenseView>,
    pub totals: crate::domain::budget::Standing,
    pub burn: Vec<crate::domain::budget::BurnPoint>,
    /// Present when the project has a revenue KPI.
    pub roi: Option<crate::domain::budget::RoiForecast>,
    pub permissions: FinancePermissions,
    /// The currency can change only while nothing is recorded in it.
    pub currency_locked: bool,
    /// Budget changes sent for approval, newest first.
    #[serde(default)]
    pub budget_changes: Vec<ApprovalRequestView>,
}
