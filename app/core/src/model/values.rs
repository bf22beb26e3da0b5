//! The closed sets of values (roles, statuses, kinds, channels, measures…), each stored as a
//! snake_case string with a translated label, and `Id`. Below every other model and rule.
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
        Request = "request" => AuditEntityRequest,
        Comment = "comment" => AuditEntityComment,
        Settings = "settings" => AuditEntitySettings,
        CheckIn = "check_in" => AuditEntityCheckIn,
        Attachment = "attachment" => AuditEntityAttachment,
        WeeklyReport = "weekly_report" => WeeklyReport,
        Retrospective = "retrospective" => Retro,
        Case = "case" => CaseLibrary,
        PointRule = "point_rule" => PointRules,
        Points = "points" => Points,
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
        LoginFailed = "login_failed" => AuditActionLoginFailed,
        LoginRefused = "login_refused" => AuditActionLoginRefused,
        Refused = "refused" => AuditActionRefused,
    }
);

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
    /// The industry a case's brand is in (案例库的行业).
    Industry {
        Fmcg = "fmcg" => IndustryFmcg,
        Beauty = "beauty" => IndustryBeauty,
        Apparel = "apparel" => IndustryApparel,
        Electronics = "electronics" => IndustryElectronics,
        FoodBeverage = "food_beverage" => IndustryFoodBeverage,
        Auto = "auto" => IndustryAuto,
        Education = "education" => IndustryEducation,
        Finance = "finance" => IndustryFinance,
        Internet = "internet" => IndustryInternet,
        Retail = "retail" => IndustryRetail,
        Other = "other" => IndustryOther,
    }
);

string_enum!(
    /// The band of a campaign's planned budget, in yuan; ordered from smallest.
    BudgetBand {
        Under100k = "under100k" => BandUnder100k,
        To500k = "to500k" => BandTo500k,
        To2m = "to2m" => BandTo2m,
        Over2m = "over2m" => BandOver2m,
    }
);

string_enum!(
    /// The season a campaign ran in (by its middle day).
    Season {
        Spring = "spring" => SeasonSpring,
        Summer = "summer" => SeasonSummer,
        Autumn = "autumn" => SeasonAutumn,
        Winter = "winter" => SeasonWinter,
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

string_enum!(
    AlertKind {
        OverdueTask = "overdue_task" => AlertOverdueTask,
        BudgetOverrun = "budget_overrun" => AlertBudgetOverrun,
        ApprovalStalled = "approval_stalled" => AlertApprovalStalled,
        CheckInMissing = "check_in_missing" => AlertCheckInMissing,
        DueSoon = "due_soon" => AlertDueSoon,
    }
);

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

string_enum!(
    /// What a project's activity can be narrowed to.
    ActivityKind {
        Tasks = "tasks" => ActivityTasks,
        Comments = "comments" => ActivityComments,
        CheckIns = "check_ins" => ActivityCheckIns,
        Files = "files" => ActivityFiles,
        Plan = "plan" => ActivityPlan,
        Money = "money" => ActivityMoney,
        Project = "project" => ActivityProject,
    }
);

string_enum!(
    /// What a person may choose to be told of, or not.
    NotifyTopic {
        Mentioned = "mentioned" => TopicMentioned,
        Commented = "commented" => TopicCommented,
        Assigned = "assigned" => TopicAssigned,
        ApprovalDecided = "approval_decided" => TopicApprovalDecided,
        ApprovalWaiting = "approval_waiting" => TopicApprovalWaiting,
        OverdueTask = "overdue_task" => TopicOverdueTask,
        BudgetOverrun = "budget_overrun" => TopicBudgetOverrun,
        ApprovalStalled = "approval_stalled" => TopicApprovalStalled,
        CheckInMissing = "check_in_missing" => TopicCheckInMissing,
        WeeklyReport = "weekly_report" => TopicWeeklyReport,
        DueSoon = "due_soon" => TopicDueSoon,
    }
);

string_enum!(
    /// How a person is told: in the app (always works), by email, by a push to their devices.
    NotifyChannel {
        InApp = "in_app" => ChannelInApp,
        Email = "email" => ChannelEmail,
        Push = "push" => ChannelPush,
    }
);

impl NotifyTopic {
    /// Whether the topic reaches a person on `channel` until they choose otherwise: everything
    /// in the app; by email what asks something of them or what they would not want to miss —
    /// not every comment on their tasks nor the daily check-in nudge, which would bury the rest.
    pub fn default_on(self, channel: NotifyChannel) -> bool {
        match channel {
            NotifyChannel::InApp | NotifyChannel::Push => true,
            NotifyChannel::Email => {
                !matches!(self, NotifyTopic::Commented | NotifyTopic::CheckInMissing)
            }
        }
    }

    /// The topic an alert of `kind` is told under.
    pub fn of_alert(kind: AlertKind) -> NotifyTopic {
        match kind {
            AlertKind::OverdueTask => NotifyTopic::OverdueTask,
            AlertKind::BudgetOverrun => NotifyTopic::BudgetOverrun,
            AlertKind::ApprovalStalled => NotifyTopic::ApprovalStalled,
            AlertKind::CheckInMissing => NotifyTopic::CheckInMissing,
            AlertKind::DueSoon => NotifyTopic::DueSoon,
        }
    }
}

string_enum!(
    /// Why a person is told something.
    NotifyReason {
        Alert = "alert" => ReasonAlert,
        Mentioned = "mentioned" => ReasonMentioned,
        Commented = "commented" => ReasonCommented,
        Assigned = "assigned" => ReasonAssigned,
        RequestApproved = "request_approved" => ReasonRequestApproved,
        RequestRejected = "request_rejected" => ReasonRequestRejected,
        ApprovalWaiting = "approval_waiting" => ReasonApprovalWaiting,
        ReportReady = "report_ready" => ReasonReportReady,
        ReportSent = "report_sent" => ReasonReportSent,
    }
);

#[cfg(test)]
mod stored_as_sent {
    use super::*;

    /// A value is stored (`as_str`) as it travels (serde): the two never disagree.
    #[test]
    fn the_stored_text_is_the_wire_text() {
        fn check<T: Serialize + Copy>(all: &[T], text: fn(T) -> &'static str) {
            for v in all {
                assert_eq!(
                    serde_json::to_string(v).unwrap(),
                    format!("\"{}\"", text(*v))
                );
            }
        }
        check(Industry::ALL, Industry::as_str);
        check(BudgetBand::ALL, BudgetBand::as_str);
        check(Season::ALL, Season::as_str);
        check(Channel::ALL, Channel::as_str);
        check(ProjectKind::ALL, ProjectKind::as_str);
        check(AuditEntity::ALL, AuditEntity::as_str);
    }
}

string_enum!(
    /// Why points were given or taken: a rule admins set, or an admin's adjustment.
    PointReason {
        TaskOnTime = "task_on_time" => PointTaskOnTime,
        TaskLate = "task_late" => PointTaskLate,
        DeliverableAccepted = "deliverable_accepted" => PointDeliverableAccepted,
        CheckInStreak = "check_in_streak" => PointCheckInStreak,
        CasePublished = "case_published" => PointCasePublished,
        Helped = "helped" => PointHelped,
        Adjustment = "adjustment" => PointAdjustment,
    }
);
