//! Typed models shared by the browser and the server. The server never hands the browser a
//! database entity: it converts to these.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::K;

pub type Id = i64;

/// Declares a closed set of values stored as snake_case strings, with a translated label each.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal => $label:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn label(self) -> K {
                match self { $($name::$variant => K::$label),+ }
            }
        }
    };
}

string_enum!(
    /// Organisation-level role.
    OrgRole {
        Admin = "admin" => RoleAdmin,
        ProjectManager = "project_manager" => RoleProjectManager,
        Member = "member" => RoleMember,
        Viewer = "viewer" => RoleViewer,
    }
);

string_enum!(
    /// A person's role inside one project.
    ProjectRole {
        Manager = "manager" => ProjectRoleManager,
        Contributor = "contributor" => ProjectRoleContributor,
        Observer = "observer" => ProjectRoleObserver,
    }
);

string_enum!(
    ProjectStatus {
        Draft = "draft" => StatusDraft,
        PendingApproval = "pending_approval" => StatusPendingApproval,
        Approved = "approved" => StatusApproved,
        InProgress = "in_progress" => StatusInProgress,
        Completed = "completed" => StatusCompleted,
        Reviewed = "reviewed" => StatusReviewed,
        Archived = "archived" => StatusArchived,
    }
);

string_enum!(
    /// A project's health at a glance; ordered from best to worst.
    #[derive(PartialOrd, Ord)]
    HealthStatus {
        Green = "green" => HealthGreen,
        Amber = "amber" => HealthAmber,
        Red = "red" => HealthRed,
    }
);

string_enum!(
    /// What a KPI target measures (units in `domain::kpi`).
    KpiMetric {
        Impressions = "impressions" => KpiImpressions,
        Clicks = "clicks" => KpiClicks,
        Ctr = "ctr" => KpiCtr,
        Conversions = "conversions" => KpiConversions,
        ConversionRate = "conversion_rate" => KpiConversionRate,
        AverageOrderValue = "average_order_value" => KpiAverageOrderValue,
        Revenue = "revenue" => KpiRevenue,
        Leads = "leads" => KpiLeads,
        Roi = "roi" => KpiRoi,
        Custom = "custom" => KpiCustom,
    }
);

string_enum!(
    ProjectKind {
        ProductLaunch = "product_launch" => KindProductLaunch,
        HolidayPromotion = "holiday_promotion" => KindHolidayPromotion,
        BrandCampaign = "brand_campaign" => KindBrandCampaign,
        Other = "other" => KindOther,
    }
);

string_enum!(
    TaskStatus {
        Todo = "todo" => TaskTodo,
        InProgress = "in_progress" => TaskInProgress,
        Review = "review" => TaskReview,
        Done = "done" => TaskDone,
    }
);

string_enum!(
    /// How a dependency ties two tasks: which end of the predecessor constrains which end of the
    /// successor.
    LinkKind {
        FinishToStart = "finish_to_start" => LinkFinishToStart,
        StartToStart = "start_to_start" => LinkStartToStart,
        FinishToFinish = "finish_to_finish" => LinkFinishToFinish,
        StartToFinish = "start_to_finish" => LinkStartToFinish,
    }
);

string_enum!(
    Priority {
        Low = "low" => PriorityLow,
        Medium = "medium" => PriorityMedium,
        High = "high" => PriorityHigh,
        Urgent = "urgent" => PriorityUrgent,
    }
);

string_enum!(
    RiskLevel {
        Low = "low" => LevelLow,
        Medium = "medium" => LevelMedium,
        High = "high" => LevelHigh,
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: Id,
    pub display_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: OrgRole,
    pub active: bool,
}

impl UserView {
    pub fn as_ref(&self) -> UserRef {
        UserRef {
            id: self.id,
            display_name: self.display_name.clone(),
        }
    }
}

/// What the browser knows about who is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub needs_setup: bool,
    pub user: Option<UserView>,
    /// Unread notifications of the signed-in person.
    #[serde(default)]
    pub unread: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub load_demo: bool,
}

/// Accounts created by the demo organisation, with one-time passwords shown once to the admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub username: String,
    pub display_name: String,
    pub role: OrgRole,
    pub password: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Option<OrgRole>,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserUpdate {
    pub id: Id,
    pub role: OrgRole,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub description: String,
    pub likelihood: RiskLevel,
    pub impact: RiskLevel,
    pub mitigation: String,
}

/// Everything a person types to create or edit a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectInput {
    pub name: String,
    pub kind: ProjectKind,
    pub background: String,
    pub objectives: String,
    pub expected_benefit: String,
    pub risks: Vec<Risk>,
    pub owner_id: Id,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: Id,
    pub name: String,
    pub kind: ProjectKind,
    pub status: ProjectStatus,
    pub owner: UserRef,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub task_count: u32,
    pub done_count: u32,
    /// Average progress of the project's top-level tasks, 0-100.
    pub progress: u8,
    pub health: crate::domain::health::Health,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user: UserRef,
    pub role: ProjectRole,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub from: ProjectStatus,
    pub to: ProjectStatus,
    pub by: UserRef,
    pub at: DateTime<Utc>,
    pub comment: String,
}

/// What the caller may do on a project, so the page shows only the controls that will work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPermissions {
    pub edit_project: bool,
    pub manage_members: bool,
    pub edit_tasks: bool,
    #[serde(default)]
    pub configure_board: bool,
    pub change_status: bool,
    pub approve: bool,
    #[serde(default)]
    pub save_template: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub id: Id,
    pub input: ProjectInput,
    pub status: ProjectStatus,
    pub owner: UserRef,
    pub members: Vec<Member>,
    pub history: Vec<StatusChange>,
    pub permissions: ProjectPermissions,
    pub version: i32,
    pub task_count: u32,
    pub done_count: u32,
    pub progress: u8,
    pub health: crate::domain::health::Health,
    /// The number of the project's latest change (see `crate::live`).
    #[serde(default)]
    pub revision: i64,
    /// Its approval requests, newest first, and the flows it may be submitted to.
    #[serde(default)]
    pub approvals: Vec<ApprovalRequestView>,
    #[serde(default)]
    pub flows: Vec<FlowChoice>,
    /// Alerts fire when work is overdue, or an approval has waited, more than this many days.
    #[serde(default)]
    pub alert_days: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRequest {
    pub project_id: Id,
    pub to: ProjectStatus,
    pub comment: String,
    /// On submission: the approval flow to go through (one that applies to the project);
    /// `None` takes the first that applies.
    #[serde(default)]
    pub flow_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInput {
    pub project_id: Id,
    pub user_id: Id,
    /// `None` removes the member.
    pub role: Option<ProjectRole>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskInput {
    pub parent_id: Option<Id>,
    pub title: String,
    pub description: String,
    pub deliverable: String,
    pub owner_id: Option<Id>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub status: TaskStatus,
    pub priority: Priority,
    pub progress: u8,
    pub milestone: bool,
    /// Ids of the project's labels on this task.
    #[serde(default)]
    pub labels: Vec<Id>,
    /// The board column the card sits in; `None` (or a column of another status) means the
    /// first column of its status.
    #[serde(default)]
    pub column_id: Option<Id>,
}

impl TaskInput {
    pub fn titled(title: impl Into<String>) -> Self {
        TaskInput {
            parent_id: None,
            title: title.into(),
            description: String::new(),
            deliverable: String::new(),
            owner_id: None,
            start_date: None,
            due_date: None,
            status: TaskStatus::Todo,
            priority: Priority::Medium,
            progress: 0,
            milestone: false,
            labels: Vec::new(),
            column_id: None,
        }
    }

    /// Gives the task another status: it leaves its board column for the new status's first one,
    /// and a finished task is complete.
    pub fn set_status(&mut self, status: TaskStatus) {
        if status != self.status {
            self.column_id = None;
        }
        self.status = status;
        if status == TaskStatus::Done {
            self.progress = 100;
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: Id,
    pub project_id: Id,
    pub input: TaskInput,
    pub owner: Option<UserRef>,
    pub sort_order: i64,
    pub version: i32,
}

/// What a card dropped in another swimlane takes from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneChange {
    Owner(Option<Id>),
    Priority(Priority),
}

/// Moving a card: to a board column, placed before the card `before_id` (or at the end), and
/// optionally into another swimlane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskMove {
    pub task_id: Id,
    pub column_id: Id,
    pub before_id: Option<Id>,
    #[serde(default)]
    pub lane: Option<LaneChange>,
}

/// One change applied to many tasks of a project at once, from the list. Only the fields given
/// change; the rest of each task stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkEdit {
    pub project_id: Id,
    pub task_ids: Vec<Id>,
    pub status: Option<TaskStatus>,
    pub owner_id: Option<Id>,
    /// Takes the owner off every task (wins over `owner_id`).
    #[serde(default)]
    pub unassign: bool,
    pub priority: Option<Priority>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub add_label: Option<Id>,
    pub remove_label: Option<Id>,
}

impl BulkEdit {
    /// Whether it would change anything at all.
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.owner_id.is_none()
            && !self.unassign
            && self.priority.is_none()
            && self.start_date.is_none()
            && self.due_date.is_none()
            && self.add_label.is_none()
            && self.remove_label.is_none()
    }

    /// `input` with this change applied.
    pub fn apply(&self, input: &TaskInput) -> TaskInput {
        let mut next = input.clone();
        if let Some(status) = self.status {
            next.set_status(status);
        }
        if self.unassign {
            next.owner_id = None;
        } else if let Some(owner) = self.owner_id {
            next.owner_id = Some(owner);
        }
        if let Some(priority) = self.priority {
            next.priority = priority;
        }
        if let Some(start) = self.start_date {
            next.start_date = Some(start);
        }
        if let Some(due) = self.due_date {
            next.due_date = Some(due);
        }
        if let Some(label) = self.add_label {
            if !next.labels.contains(&label) {
                next.labels.push(label);
            }
        }
        if let Some(label) = self.remove_label {
            next.labels.retain(|l| *l != label);
        }
        next
    }
}

/// One of the caller's own tasks, with the project it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTask {
    pub task: TaskView,
    pub project_name: String,
    /// Whether the caller may still change it (the project is not archived).
    pub editable: bool,
}

string_enum!(
    /// The palette of board columns and labels; each maps to a design token.
    Colour {
        Grey = "grey" => ColourGrey,
        Blue = "blue" => ColourBlue,
        Cyan = "cyan" => ColourCyan,
        Green = "green" => ColourGreen,
        Gold = "gold" => ColourGold,
        Orange = "orange" => ColourOrange,
        Red = "red" => ColourRed,
        Purple = "purple" => ColourPurple,
    }
);

/// A column of a project's kanban board. Each column belongs to one task status (its category),
/// so "done" still means done however the team names its columns.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BoardColumn {
    pub id: Id,
    /// Empty for a column that shows its status's translated name.
    pub name: String,
    pub category: TaskStatus,
    pub colour: Colour,
    /// Most cards the team wants in the column at once; `None` for no limit.
    pub wip_limit: Option<u32>,
    pub position: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnInput {
    pub project_id: Id,
    /// `None` creates a column at the end of the board.
    pub id: Option<Id>,
    pub name: String,
    pub category: TaskStatus,
    pub colour: Colour,
    pub wip_limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Label {
    pub id: Id,
    pub name: String,
    pub colour: Colour,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelInput {
    pub project_id: Id,
    /// `None` creates a label.
    pub id: Option<Id>,
    pub name: String,
    pub colour: Colour,
}

/// A project's board set-up: its columns in order and its labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSettings {
    pub columns: Vec<BoardColumn>,
    pub labels: Vec<Label>,
}

/// A dependency between two tasks of a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskLink {
    pub id: Id,
    pub predecessor_id: Id,
    pub successor_id: Id,
    pub kind: LinkKind,
    /// Working days between the linked ends; negative overlaps the tasks.
    pub lag_days: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkInput {
    pub project_id: Id,
    pub predecessor_id: Id,
    pub successor_id: Id,
    pub kind: LinkKind,
    pub lag_days: i32,
}

/// New dates for one task, from a drag on the Gantt chart or the date editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reschedule {
    pub task_id: Id,
    pub version: i32,
    pub start: NaiveDate,
    pub due: NaiveDate,
}

/// What a scheduling change did: every task whose row changed (the one asked for, the
/// dependents it pushed, the summaries above them) and the project's links afterwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleChange {
    pub tasks: Vec<TaskView>,
    pub links: Vec<TaskLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub id: Id,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// A task's dates when a baseline was saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineDates {
    pub task_id: Id,
    pub start: NaiveDate,
    pub due: NaiveDate,
}

/// Everything the Gantt chart needs for one project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleView {
    pub project_id: Id,
    pub tasks: Vec<TaskView>,
    pub links: Vec<TaskLink>,
    pub calendar: crate::domain::schedule::calendar::WorkCalendar,
    pub baselines: Vec<BaselineInfo>,
    /// Dates of the most recent baseline, if one was saved.
    pub baseline: Vec<BaselineDates>,
}

string_enum!(
    /// What kind of record an audit entry is about.
    AuditEntity {
        Project = "project" => AuditEntityProject,
        ProjectMember = "project_member" => AuditEntityProjectMember,
        Task = "task" => AuditEntityTask,
        TaskLink = "task_link" => AuditEntityTaskLink,
        Calendar = "calendar" => AuditEntityCalendar,
        Baseline = "baseline" => AuditEntityBaseline,
        BoardColumn = "board_column" => AuditEntityBoardColumn,
        Label = "label" => AuditEntityLabel,
        Kpi = "kpi" => AuditEntityKpi,
        KpiActual = "kpi_actual" => AuditEntityKpiActual,
        BudgetLine = "budget_line" => AuditEntityBudgetLine,
        Expense = "expense" => AuditEntityExpense,
        ApprovalFlow = "approval_flow" => AuditEntityApprovalFlow,
        ApprovalRequest = "approval_request" => AuditEntityApprovalRequest,
        Webhook = "webhook" => AuditEntityWebhook,
        Template = "template" => AuditEntityTemplate,
        ChannelImport = "channel_import" => AuditEntityChannelImport,
        ApiToken = "api_token" => AuditEntityApiToken,
        User = "user" => AuditEntityUser,
        Session = "session" => AuditEntitySession,
    }
);

string_enum!(
    /// What happened to the record.
    AuditAction {
        Create = "create" => AuditActionCreate,
        Update = "update" => AuditActionUpdate,
        Delete = "delete" => AuditActionDelete,
        Move = "move" => AuditActionMove,
        Reschedule = "reschedule" => AuditActionReschedule,
        Status = "status" => AuditActionStatus,
        Set = "set" => AuditActionSet,
        Remove = "remove" => AuditActionRemove,
        Login = "login" => AuditActionLogin,
        ChangePassword = "change_password" => AuditActionChangePassword,
        Demo = "demo" => AuditActionDemo,
        Approve = "approve" => AuditActionApprove,
        Reject = "reject" => AuditActionReject,
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub actor: Option<UserRef>,
    pub entity: AuditEntity,
    pub entity_id: Id,
    pub action: AuditAction,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub entity: Option<AuditEntity>,
    pub actor_id: Option<Id>,
    pub action: Option<AuditAction>,
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: u64,
    pub page_size: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

string_enum!(
    /// Where a campaign's money and results are made.
    Channel {
        Douyin = "douyin" => ChannelDouyin,
        Kuaishou = "kuaishou" => ChannelKuaishou,
        Wechat = "wechat" => ChannelWechat,
        Weibo = "weibo" => ChannelWeibo,
        Xiaohongshu = "xiaohongshu" => ChannelXiaohongshu,
        Bilibili = "bilibili" => ChannelBilibili,
        Baidu = "baidu" => ChannelBaidu,
        Tmall = "tmall" => ChannelTmall,
        Jd = "jd" => ChannelJd,
        Offline = "offline" => ChannelOffline,
        Other = "other" => ChannelOther,
    }
);

string_enum!(
    /// What a budget line pays for.
    BudgetCategory {
        Media = "media" => CategoryMedia,
        Creative = "creative" => CategoryCreative,
        Kol = "kol" => CategoryKol,
        Event = "event" => CategoryEvent,
        Pr = "pr" => CategoryPr,
        Tools = "tools" => CategoryTools,
        Agency = "agency" => CategoryAgency,
        Other = "other" => CategoryOther,
    }
);

string_enum!(
    /// The stage of the campaign a budget line belongs to.
    BudgetPhase {
        Preparation = "preparation" => PhasePreparation,
        WarmUp = "warm_up" => PhaseWarmUp,
        Launch = "launch" => PhaseLaunch,
        Sustain = "sustain" => PhaseSustain,
        WrapUp = "wrap_up" => PhaseWrapUp,
    }
);

string_enum!(
    /// An expense signed for (an order, a contract) or paid.
    ExpenseState {
        Committed = "committed" => ExpenseCommitted,
        Paid = "paid" => ExpensePaid,
    }
);

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

string_enum!(
    /// How many of a step's approvers must approve.
    ApprovalMode {
        Any = "any" => ApprovalAny,
        All = "all" => ApprovalAll,
    }
);

string_enum!(
    RequestStatus {
        Pending = "pending" => RequestPending,
        Approved = "approved" => RequestApproved,
        Rejected = "rejected" => RequestRejected,
    }
);

string_enum!(
    /// What an approval flow approves: a project's submission, or a raise of its budget once
    /// approved (its threshold is then the size of the raise).
    FlowPurpose {
        Project = "project" => FlowPurposeProject,
        Budget = "budget" => FlowPurposeBudget,
    }
);

// The enum comes from `string_enum!`, which cannot mark a default variant.
#[allow(clippy::derivable_impls)]
impl Default for FlowPurpose {
    fn default() -> Self {
        FlowPurpose::Project
    }
}

/// An approval flow as an admin edits it; the budget threshold is typed as an amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalFlowInput {
    /// `None` creates a flow.
    pub id: Option<Id>,
    pub version: i32,
    pub name: String,
    #[serde(default)]
    pub purpose: FlowPurpose,
    pub kind: Option<ProjectKind>,
    /// Empty: any budget (for a budget flow: any raise).
    pub budget_above: String,
    pub steps: Vec<crate::domain::approval::StepRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalFlow {
    pub id: Id,
    pub name: String,
    pub purpose: FlowPurpose,
    pub condition: crate::domain::approval::Condition,
    pub steps: Vec<crate::domain::approval::StepRule>,
    pub version: i32,
}

/// A change of a budget line waiting for approval (or decided): the line as it would be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetChange {
    /// `None`: a new line.
    pub line_id: Option<Id>,
    pub name: String,
    pub channel: Option<Channel>,
    pub category: BudgetCategory,
    pub phase: BudgetPhase,
    /// Planned before the change (0 for a new line) and after, in minor units.
    pub before: i64,
    pub after: i64,
}

/// A flow a project may be submitted to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowChoice {
    pub id: Id,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalDecisionView {
    pub by: UserRef,
    pub approve: bool,
    pub comment: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalStepView {
    pub name: String,
    pub mode: ApprovalMode,
    pub approvers: Vec<UserRef>,
    pub decisions: Vec<ApprovalDecisionView>,
}

/// One submission of a project and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRequestView {
    pub id: Id,
    /// Empty for the default flow (one admin approves).
    pub flow_name: String,
    pub status: RequestStatus,
    pub submitted_by: UserRef,
    pub submitted_at: DateTime<Utc>,
    pub steps: Vec<ApprovalStepView>,
    /// The step waiting for a decision, while pending.
    pub current_step: Option<usize>,
    pub waiting_on: Vec<UserRef>,
    /// For a budget change: the change asked for.
    #[serde(default)]
    pub change: Option<BudgetChange>,
    /// Whether the reader decides on it now.
    #[serde(default)]
    pub you_decide: bool,
}

/// A project waiting for the caller's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalTask {
    pub project_id: Id,
    pub project_name: String,
    pub kind: ProjectKind,
    pub budget: i64,
    pub currency: crate::domain::money::Currency,
    pub request: ApprovalRequestView,
}

string_enum!(
    /// The message format a webhook speaks.
    WebhookKind {
        Dingtalk = "dingtalk" => WebhookDingtalk,
        Wecom = "wecom" => WebhookWecom,
        Generic = "generic" => WebhookGeneric,
    }
);

string_enum!(
    /// What a webhook tells about.
    WebhookEvent {
        Submitted = "submitted" => EventSubmitted,
        StepApproved = "step_approved" => EventStepApproved,
        Approved = "approved" => EventApproved,
        Rejected = "rejected" => EventRejected,
        Test = "test" => EventTest,
    }
);

string_enum!(
    DeliveryStatus {
        Pending = "pending" => DeliveryPending,
        Delivered = "delivered" => DeliveryDelivered,
        Failed = "failed" => DeliveryFailed,
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookInput {
    /// `None` creates a webhook.
    pub id: Option<Id>,
    pub version: i32,
    pub name: String,
    pub kind: WebhookKind,
    pub url: String,
    /// The signing secret; empty on an edit keeps the one set before.
    pub secret: String,
    pub events: Vec<WebhookEvent>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: Id,
    pub event: WebhookEvent,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// The receiver's last HTTP status, if it answered.
    pub last_status: Option<i32>,
    pub last_error: String,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// When it is tried again, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// A webhook as admins see it: never its secret, only whether it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    pub id: Id,
    pub name: String,
    pub kind: WebhookKind,
    pub url: String,
    pub has_secret: bool,
    pub events: Vec<WebhookEvent>,
    pub active: bool,
    pub version: i32,
    /// The latest deliveries, newest first.
    pub deliveries: Vec<DeliveryView>,
}

string_enum!(
    AlertKind {
        OverdueTask = "overdue_task" => AlertOverdueTask,
        BudgetOverrun = "budget_overrun" => AlertBudgetOverrun,
        ApprovalStalled = "approval_stalled" => AlertApprovalStalled,
    }
);

/// What an alert says: the task, budget line or flow it is about, and its figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertDetail {
    pub title: String,
    /// Days overdue or waiting.
    pub days: i64,
    /// How far a budget line is over, in minor units.
    pub amount: i64,
    pub currency: crate::domain::money::Currency,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: Id,
    pub kind: AlertKind,
    pub project_id: Id,
    pub project_name: String,
    pub detail: AlertDetail,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub unread: u32,
    /// The latest, newest first.
    pub items: Vec<NotificationView>,
}

/// A template to start a project from: built in, or saved from a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "source", content = "id")]
pub enum TemplateRef {
    BuiltIn(ProjectKind),
    Saved(Id),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateSummary {
    pub template: TemplateRef,
    pub name: String,
    pub description: String,
    pub kind: ProjectKind,
    pub tasks: usize,
    pub kpis: usize,
    pub budget_lines: usize,
    /// Minor units (the budget of a saved template is in its project's currency).
    pub budget_total: i64,
    pub currency: crate::domain::money::Currency,
    /// Working days from the first day to the end of the last task.
    pub span: u32,
    /// Saved templates: who saved it, when, from which project (if it still exists).
    pub created_by: Option<UserRef>,
    pub created_at: Option<DateTime<Utc>>,
    pub source_project: Option<(Id, String)>,
    pub version: i32,
    /// Whether the reader may rename or delete it.
    pub manageable: bool,
}

/// A project saved as a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveTemplateInput {
    pub project_id: Id,
    pub name: String,
    pub description: String,
    pub with_kpis: bool,
    pub with_budget: bool,
}

/// A saved template renamed or re-described by an admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateEdit {
    pub id: Id,
    pub version: i32,
    pub name: String,
    pub description: String,
    pub kind: ProjectKind,
}

string_enum!(
    /// What a channel report's rows are.
    Dimension {
        Channel = "channel" => DimChannel,
        Campaign = "campaign" => DimCampaign,
        Ad = "ad" => DimAd,
        Region = "region" => DimRegion,
        Audience = "audience" => DimAudience,
        Day = "day" => DimDay,
        Week = "week" => DimWeek,
        Month = "month" => DimMonth,
    }
);

string_enum!(
    /// What a channel report measures (`domain::report`).
    Measure {
        Impressions = "impressions" => MeasureImpressions,
        Clicks = "clicks" => MeasureClicks,
        Ctr = "ctr" => MeasureCtr,
        Spend = "spend" => MeasureSpend,
        Cpc = "cpc" => MeasureCpc,
        Cpm = "cpm" => MeasureCpm,
        Conversions = "conversions" => MeasureConversions,
        Cvr = "cvr" => MeasureCvr,
        Cpa = "cpa" => MeasureCpa,
        Revenue = "revenue" => MeasureRevenue,
        Roas = "roas" => MeasureRoas,
        Roi = "roi" => MeasureRoi,
    }
);

/// A channel report asked for: rows by `dimension`, from `from` to `to` (both included; the
/// last 30 days with data when not given), one channel or all, and whether to compare with the
/// period just before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    pub project_id: Id,
    pub dimension: Dimension,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub compare: bool,
}

/// An import of channel data, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: Id,
    pub file_name: String,
    /// `csv` or `xlsx`.
    pub format: String,
    pub platform: Option<crate::domain::ingest::Platform>,
    /// `utf8`, `utf16`, `gb18030`, or empty for a workbook.
    pub encoding: String,
    pub rows_read: i64,
    pub rows_added: i64,
    pub rows_updated: i64,
    pub rows_refused: i64,
    pub rows_skipped: i64,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
}

/// A project's channel report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelReport {
    pub project_id: Id,
    pub dimension: Dimension,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub channel: Option<Channel>,
    /// The period compared with, when asked for.
    pub previous: Option<(NaiveDate, NaiveDate)>,
    pub currency: crate::domain::money::Currency,
    pub pivot: crate::domain::report::Pivot,
    /// The first and last day the project has data for.
    pub data_from: Option<NaiveDate>,
    pub data_to: Option<NaiveDate>,
    /// The channels the project has data for.
    pub channels: Vec<Channel>,
    /// For a report by period, each channel's sums per period (in the rows' order), the channel
    /// with the most spend first; empty otherwise.
    pub by_channel: Vec<(Channel, Vec<crate::domain::report::Sums>)>,
    /// Whether the reader may import (and so sees the import panel).
    pub can_import: bool,
    /// The latest imports, newest first.
    pub imports: Vec<ImportView>,
}

/// A file to import into a project's channel data: its name, its bytes in base64, and the
/// columns chosen for the fields when its headers were not recognised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportInput {
    pub project_id: Id,
    pub file_name: String,
    pub content: String,
    #[serde(default)]
    pub mapping: Option<crate::domain::ingest::Mapping>,
}

/// What became of an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum ImportOutcome {
    /// The headers were not enough to read the rows: nothing was written; the columns must be
    /// chosen (`guess` is the best match found; `sample` the first rows, to choose by).
    NeedsMapping {
        headers: Vec<String>,
        guess: crate::domain::ingest::Mapping,
        missing: Vec<crate::domain::ingest::Field>,
        sample: Vec<Vec<String>>,
    },
    /// The rows read were written; the refused ones (the first thousand) with their reasons.
    Imported {
        import: ImportView,
        refused: Vec<crate::domain::ingest::RefusedRow>,
    },
}

/// A report written out as a file, its bytes in base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFile {
    pub file_name: String,
    pub mime: String,
    pub content: String,
}

string_enum!(
    /// What a visitor did on a tracked site: the steps of the funnel.
    EventKind {
        View = "view" => EventView,
        Click = "click" => EventClick,
        Stay = "stay" => EventStay,
        Cart = "cart" => EventCart,
        Order = "order" => EventOrder,
    }
);

string_enum!(
    /// A conversion reported by a CRM.
    ConversionKind {
        Lead = "lead" => ConversionLead,
        Customer = "customer" => ConversionCustomer,
        Order = "order" => ConversionOrder,
    }
);

string_enum!(
    /// What an API token may send.
    TokenScope {
        Metrics = "metrics" => ScopeMetrics,
        Conversions = "conversions" => ScopeConversions,
    }
);

string_enum!(
    /// How a conversion is credited to the channels that brought the buyer.
    AttributionModel {
        FirstTouch = "first_touch" => ModelFirstTouch,
        LastTouch = "last_touch" => ModelLastTouch,
        Linear = "linear" => ModelLinear,
    }
);

/// An API token as listed: never the token itself, which is shown once when made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: Id,
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub prefix: String,
    pub scopes: Vec<TokenScope>,
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenInput {
    pub project_id: Id,
    pub name: String,
    pub scopes: Vec<TokenScope>,
}

/// A token just made: the only time its secret is seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub token: ApiTokenView,
    pub secret: String,
}

/// How data reaches a project other than by file: its API tokens and its site's tracking key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connections {
    pub project_id: Id,
    /// Whether the reader may make and revoke tokens.
    pub can_manage: bool,
    pub tokens: Vec<ApiTokenView>,
    /// The public key the tracking snippet sends with its events; made when first asked for.
    pub site_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelQuery {
    pub project_id: Id,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub model: AttributionModel,
    /// The conversions credited.
    pub kind: ConversionKind,
}

/// Visitors at each step of the funnel, conversions by kind, and conversions credited to
/// channels under the model asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub model: AttributionModel,
    pub kind: ConversionKind,
    pub currency: crate::domain::money::Currency,
    /// Visitors reaching each step of `domain::tracking::STEPS`.
    pub steps: Vec<i64>,
    pub events: i64,
    /// CRM conversions by kind: how many, and their value in minor units.
    pub conversions: Vec<(ConversionKind, i64, i64)>,
    pub credits: Vec<crate::domain::tracking::Credit>,
}
