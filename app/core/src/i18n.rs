//! The message catalogue (English and Simplified Chinese): every user-facing string lives here;
//! views and errors refer to them by key.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    En,
    Zh,
}

pub const LOCALE_COOKIE: &str = "marquee_lang";

impl Locale {
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Zh => "zh-CN",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Locale::Zh)
        } else if tag.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut choices: Vec<(f32, Locale)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let locale = Locale::from_tag(pieces.next()?)?;
                let quality = pieces
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                Some((quality, locale))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices.first().map(|c| c.1).unwrap_or(Locale::En)
    }

    /// The locale for a request: the explicit choice in the cookie, else the browser's languages.
    pub fn from_request(cookie_header: Option<&str>, accept_language: Option<&str>) -> Locale {
        cookie_value(cookie_header.unwrap_or(""), LOCALE_COOKIE)
            .and_then(Locale::from_tag)
            .unwrap_or_else(|| Locale::from_accept_language(accept_language.unwrap_or("")))
    }
}

/// The value of one cookie in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value)
    })
}

/// Where each of names of these lengths ends when they are written end to end.
const fn name_ends<const N: usize>(lengths: [usize; N]) -> [u16; N] {
    let mut ends = [0u16; N];
    let (mut at, mut end) = (0, 0);
    while at < N {
        end += lengths[at];
        assert!(
            end <= u16::MAX as usize,
            "the keys' names are too long for u16 offsets"
        );
        ends[at] = end as u16;
        at += 1;
    }
    ends
}

macro_rules! catalogue {
    ($($key:ident => $en:literal, $zh:literal;)+) => {
        /// A message key. Each has an English and a Chinese text.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub enum K { $($key),+ }

        /// The keys' names end to end, in the order of `K`'s variants, and where each ends:
        /// one string and two bytes a key (a table of `&str` takes eight bytes a key in the
        /// browser's code). `static`, so there is one copy, not one per crate that reads it.
        static NAME_TEXT: &str = concat!($(stringify!($key)),+);
        static NAME_ENDS: &[u16] = &name_ends([$(stringify!($key).len()),+]);

        /// Each key's English and Chinese text, in the same order. Not in the browser's code:
        /// the browser is sent the texts of the page's language as a file of their own
        /// (`catalogue_json`, `install`), not both languages inside the app's code.
        #[cfg(not(target_arch = "wasm32"))]
        static TEXTS: &[[&str; 2]] = &[$([$en, $zh]),+];

        impl K {
            pub const ALL: &'static [K] = &[$(K::$key),+];
        }
    };
}

impl K {
    /// The key's name, as it is written in the catalogue and sent over the wire.
    pub fn name(self) -> &'static str {
        let at = self as usize;
        let start = match at {
            0 => 0,
            _ => NAME_ENDS[at - 1] as usize,
        };
        NAME_TEXT.get(start..NAME_ENDS[at] as usize).unwrap_or("")
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn text(self, locale: Locale) -> &'static str {
        TEXTS[self as usize][locale as usize]
    }

    /// In the browser: the text of an installed language, else of the other one if it is
    /// installed, else the key's name (the catalogue could not be fetched).
    #[cfg(target_arch = "wasm32")]
    pub fn text(self, locale: Locale) -> &'static str {
        installed::texts(locale)
            .or_else(|| installed::texts(locale.other()))
            .and_then(|texts| texts.get(self as usize).copied())
            .unwrap_or_else(|| self.name())
    }

    /// The key of that name.
    pub fn from_name(name: &str) -> Option<K> {
        K::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Zh];

    pub fn other(self) -> Locale {
        match self {
            Locale::En => Locale::Zh,
            Locale::Zh => Locale::En,
        }
    }

    /// The name of the file the browser is sent this language's texts in.
    pub fn catalogue_file(self) -> String {
        format!("catalogue-{}.json", self.tag())
    }
}

/// Every text of `locale` in the order of `K::ALL`, as a JSON array of strings: the file
/// `Locale::catalogue_file` the browser installs.
#[cfg(not(target_arch = "wasm32"))]
pub fn catalogue_json(locale: Locale) -> String {
    let mut json = String::from("[");
    for (at, texts) in TEXTS.iter().enumerate() {
        if at > 0 {
            json.push(',');
        }
        json.push('"');
        for c in texts[locale as usize].chars() {
            match c {
                '"' => json.push_str("\\\""),
                '\\' => json.push_str("\\\\"),
                c if (c as u32) < 0x20 => json.push_str(&format!("\\u{:04x}", c as u32)),
                c => json.push(c),
            }
        }
        json.push('"');
    }
    json.push(']');
    json
}

/// Installs a language's texts in the browser, in the order of `K::ALL`; false (and nothing
/// installed) when they are not one for each key: a file of another release.
#[cfg(target_arch = "wasm32")]
pub fn install(locale: Locale, texts: Vec<String>) -> bool {
    installed::install(locale, texts)
}

/// Whether a language's texts are installed (always, outside the browser).
pub fn is_installed(locale: Locale) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        installed::texts(locale).is_some()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        true
    }
}

#[cfg(target_arch = "wasm32")]
mod installed {
    use std::sync::OnceLock;

    use super::{Locale, K};

    static TEXTS: [OnceLock<Vec<&'static str>>; 2] = [OnceLock::new(), OnceLock::new()];

    pub fn texts(locale: Locale) -> Option<&'static [&'static str]> {
        TEXTS[locale as usize].get().map(|t| t.as_slice())
    }

    pub fn install(locale: Locale, texts: Vec<String>) -> bool {
        if texts.len() != K::ALL.len() {
            return false;
        }
        // Installed once per page and kept for its life.
        let kept: Vec<&'static str> = texts
            .into_iter()
            .map(|t| &*Box::leak(t.into_boxed_str()))
            .collect();
        let _ = TEXTS[locale as usize].set(kept);
        true
    }
}

impl std::fmt::Debug for K {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A key travels as its name (`"ErrRequired"`), as the derived form wrote it.
impl Serialize for K {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for K {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<K, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = K;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a message key")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<K, E> {
                K::from_name(name).ok_or_else(|| E::unknown_variant(name, &[]))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

catalogue! {
    AppName => "Marquee", "Marquee 营销项目管理";
    Tagline => "Campaigns from proposal to retrospective", "营销项目全过程管理";
    Loading => "Loading…", "加载中…";
    Save => "Save", "保存";
    Saving => "Saving…", "保存中…";
    Saved => "Saved", "已保存";
    Cancel => "Cancel", "取消";
    Close => "Close", "关闭";
    Create => "Create", "创建";
    Edit => "Edit", "编辑";
    Delete => "Delete", "删除";
    Add => "Add", "添加";
    Remove => "Remove", "移除";
    Back => "Back", "返回";
    Yes => "Yes", "是";
    No => "No", "否";
    None_ => "None", "无";
    Search => "Search", "搜索";
    Filter => "Filter", "筛选";
    All => "All", "全部";
    Previous => "Previous", "上一页";
    Next => "Next", "下一页";
    ConfirmDelete => "Delete this for good?", "确定要删除吗？此操作不可撤销。";
    Language => "Language", "语言";
    NotFoundTitle => "Page not found", "页面不存在";
    NotFoundBody => "The page you asked for does not exist or you may not see it.", "您访问的页面不存在，或您无权查看。";
    Retry => "Retry", "重试";

    NavProjects => "Projects", "项目";
    NavUsers => "People", "成员管理";
    NavAudit => "Audit log", "审计日志";
    NavAccount => "Account", "账户";
    NavMenu => "Menu", "菜单";
    SignOut => "Sign out", "退出登录";
    SignIn => "Sign in", "登录";
    SigningIn => "Signing in…", "登录中…";
    Username => "Username", "用户名";
    Password => "Password", "密码";
    DisplayName => "Display name", "姓名";
    Email => "Email", "邮箱";
    Role => "Role", "角色";
    Inactive => "Deactivated", "已停用";

    SetupTitle => "Set up Marquee", "初始化 Marquee";
    SetupIntro => "Create the first administrator account. There is no default password: choose your own.", "创建第一个管理员账户。系统没有默认密码，请自行设置。";
    SetupDemo => "Load a demo organisation (people in every role and campaigns in different states)", "加载演示数据（包含各角色成员与不同状态的营销项目）";
    SetupSubmit => "Create administrator", "创建管理员";
    SetupDone => "Marquee is ready", "初始化完成";
    SetupDemoAccounts => "Demo accounts. These passwords are shown only once: note them now.", "演示账户。以下密码只显示这一次，请立即记录。";
    Continue => "Continue", "继续";

    RoleAdmin => "Administrator", "管理员";
    RoleProjectManager => "Project manager", "项目经理";
    RoleMember => "Member", "成员";
    RoleViewer => "Viewer", "只读访客";
    ProjectRoleManager => "Manager", "负责人";
    ProjectRoleContributor => "Contributor", "参与者";
    ProjectRoleObserver => "Observer", "观察者";

    StatusDraft => "Draft", "草稿";
    StatusPendingApproval => "Pending approval", "待审批";
    StatusApproved => "Approved", "已立项";
    StatusInProgress => "In progress", "执行中";
    StatusCompleted => "Completed", "已完成";
    StatusReviewed => "Reviewed", "已复盘";
    StatusArchived => "Archived", "已归档";

    KindProductLaunch => "New product launch", "新品发布";
    KindHolidayPromotion => "Holiday promotion", "节日促销";
    KindBrandCampaign => "Brand campaign", "品牌传播";
    KindOther => "Other", "其他";

    TaskTodo => "To do", "待办";
    TaskInProgress => "In progress", "进行中";
    TaskReview => "In review", "待验收";
    TaskDone => "Done", "已完成";

    PriorityLow => "Low", "低";
    PriorityMedium => "Medium", "中";
    PriorityHigh => "High", "高";
    PriorityUrgent => "Urgent", "紧急";
    LevelLow => "Low", "低";
    LevelMedium => "Medium", "中";
    LevelHigh => "High", "高";

    Projects => "Projects", "项目";
    PortfolioTitle => "Campaign portfolio", "项目总览";
    NewProject => "New project", "新建项目";
    EditProject => "Edit project", "编辑项目";
    NoProjects => "No projects yet.", "还没有项目。";
    ShowArchived => "Show archived", "显示已归档";
    ProjectName => "Project name", "项目名称";
    ProjectKind => "Type", "项目类型";
    Template => "Template", "项目模板";
    Health => "Health", "健康度";
    WorstHealthFirst => "Worst health first", "健康度差的在前";
    HealthGreen => "On track", "正常";
    HealthAmber => "Needs attention", "需关注";
    HealthRed => "At risk", "有风险";
    KpiImpressions => "Impressions", "曝光量";
    KpiClicks => "Clicks", "点击量";
    KpiCtr => "Click-through rate", "点击率";
    KpiConversions => "Conversions", "转化量";
    KpiConversionRate => "Conversion rate", "转化率";
    KpiAverageOrderValue => "Average order value", "客单价";
    KpiRevenue => "Revenue", "销售额";
    KpiLeads => "Leads", "线索量";
    KpiRoi => "ROI", "投资回报率";
    KpiCustom => "Custom", "自定义";
    ReasonBehindSchedule => "Progress {n} pts behind schedule", "进度落后计划 {n} 个百分点";
    ReasonOverBudget => "{n}% over budget", "超出预算 {n}%";
    ReasonSpendingAhead => "Spending {n} pts ahead of the work done", "花费比完成进度超前 {n} 个百分点";
    ReasonOverdueTasks => "Overdue tasks: {n}", "{n} 个任务已逾期";
    ReasonKpiBehind => "{name} at {n}% of plan", "{name} 仅达计划的 {n}%";
    BlankProject => "Blank project", "空白项目";
    TemplateOption => "{name}: {n} tasks, planned from the start date", "{name}：{n} 个任务，从开始日期排期";
    TemplateHint => "A template lays out its phases, tasks, deliverables and dependencies on the project's working calendar, with its KPIs and budget lines; change anything afterwards.", "模板按项目的工作日历排好阶段、任务、交付标准和依赖关系，并带上 KPI 和预算科目，创建后可随意调整。";
    Background => "Background", "项目背景";
    Objectives => "Objectives", "项目目标";
    ExpectedBenefit => "Expected benefit", "预期收益";
    Risks => "Risks", "风险评估";
    RiskDescription => "Risk", "风险";
    Likelihood => "Likelihood", "可能性";
    Impact => "Impact", "影响";
    Mitigation => "Mitigation", "应对措施";
    AddRisk => "Add risk", "添加风险";
    NoRisks => "No risks recorded.", "暂无风险记录。";
    Owner => "Owner", "负责人";
    StartDate => "Start", "开始日期";
    EndDate => "End", "结束日期";
    Status => "Status", "状态";
    Progress => "Progress", "进度";
    Tasks => "Tasks", "任务";
    Members => "Members", "项目成员";
    AddMember => "Add member", "添加成员";
    History => "Status history", "状态记录";
    NoHistory => "No status changes yet.", "暂无状态变更。";
    Comment => "Comment", "意见";
    TabOverview => "Overview", "概览";
    TabBoard => "Board", "看板";
    TabGantt => "Gantt", "甘特图";
    TabList => "List", "列表";
    Zoom => "Zoom", "缩放";
    ZoomDay => "Day", "日";
    ZoomWeek => "Week", "周";
    ZoomMonth => "Month", "月";
    ZoomQuarter => "Quarter", "季度";
    Today => "Today", "今天";
    CriticalPath => "Critical path", "关键路径";
    Baseline => "Baseline", "基线";
    NoBaseline => "none saved", "尚未保存";
    SaveBaseline => "Save baseline", "保存基线";
    BaselineDefaultName => "Baseline {date}", "基线 {date}";
    Undo => "Undo", "撤销";
    GanttHint => "Drag a bar to move it, its ends to change its dates, the dot at its end onto another bar to link them. Click a link to remove it.", "拖动任务条可移动任务，拖动两端可调整日期，把末端的圆点拖到另一任务条上即可建立依赖；点击依赖线可删除。";
    GanttHintTouch => "Tap a bar to change the task's dates; swipe to move along the timeline.", "点按任务条可修改任务日期；左右滑动浏览时间轴。";
    Task => "Task", "任务";
    ResizeTaskColumn => "Drag (or use the arrow keys) to widen or narrow the task names", "拖动（或用方向键）调整任务名称列的宽度";
    DueToday => "Due today", "今天到期";
    DueThisWeek => "Due this week", "本周到期";
    DueLater => "Later", "以后";
    NoDueDate => "No due date", "无截止日期";
    ExportCsv => "Export CSV", "导出 CSV";
    DueWindowLabel => "Due", "到期";
    WorkingCalendar => "Working calendar", "工作日历";
    Weekend => "Weekend days", "休息日";
    Holidays => "Holidays", "节假日";
    MakeUpWorkdays => "Make-up working days", "调休工作日";
    AddDate => "Add", "添加";
    UseChinaCalendar => "China's official holidays", "中国法定节假日";
    UseWeekdays => "Monday to Friday", "周一至周五";
    WeekdayMon => "Mon", "周一";
    WeekdayTue => "Tue", "周二";
    WeekdayWed => "Wed", "周三";
    WeekdayThu => "Thu", "周四";
    WeekdayFri => "Fri", "周五";
    WeekdaySat => "Sat", "周六";
    WeekdaySun => "Sun", "周日";
    Dependencies => "Dependencies", "依赖关系";
    WaitsFor => "Waits for", "前置任务";
    BlocksTasks => "Followed by", "后续任务";
    ChooseTask => "Choose a task…", "选择任务…";
    LinkKindLabel => "Kind", "类型";
    Lag => "Lag (working days)", "间隔（工作日）";
    AddDependency => "Add dependency", "添加依赖";
    RemoveLink => "Remove dependency", "删除依赖";
    GanttEmpty => "No tasks yet. Add tasks with dates to see them on the timeline.", "还没有任务。添加带日期的任务后即可在时间轴上查看。";
    ToggleSubtasks => "Show or hide subtasks", "展开或收起子任务";
    Indent => "Make it a subtask of the task above", "设为上一任务的子任务";
    Outdent => "Move it up a level", "提升一级";
    LinkHint => "Drag onto another task to link them", "拖到另一任务上以建立依赖";
    DaysShort => "d", "天";
    RemoveLinkConfirm => "Remove the dependency {a} → {b}?", "删除依赖 {a} → {b}？";
    ReadOnly => "You can view this project but not change it.", "您可以查看此项目，但没有修改权限。";

    ActSubmit => "Submit for approval", "提交审批";
    ActApprove => "Approve", "批准立项";
    ActReject => "Reject", "驳回";
    ActStart => "Start", "开始执行";
    ActComplete => "Mark completed", "标记完成";
    ActReopen => "Reopen", "重新打开";
    ActReview => "Mark reviewed", "完成复盘";
    ActArchive => "Archive", "归档";
    RejectNeedsComment => "Say why you reject it.", "请填写驳回原因。";

    NewTask => "New task", "新建任务";
    AddSubtask => "Add subtask", "添加子任务";
    TaskTitle => "Title", "任务名称";
    Description => "Description", "描述";
    Deliverable => "Deliverable / acceptance standard", "交付标准";
    DueDate => "Due", "截止日期";
    Priority => "Priority", "优先级";
    Milestone => "Milestone", "里程碑";
    Parent => "Parent task", "上级任务";
    NoParent => "(top level)", "（顶级任务）";
    Unassigned => "Unassigned", "未分配";
    NoTasks => "No tasks yet.", "暂无任务。";
    QuickAddPlaceholder => "Add a task and press Enter", "输入任务名称后回车添加";
    Subtasks => "Subtasks", "子任务";
    Overdue => "Overdue", "已逾期";
    MoveTo => "Move to", "移动到";
    DragHint => "Drag cards between columns", "拖动卡片到其他列";
    TaskDetail => "Task", "任务详情";
    Labels => "Labels", "标签";
    Label => "Label", "标签";
    NoLabels => "No labels yet.", "还没有标签。";
    NewLabel => "New label", "新建标签";
    LabelName => "Label name", "标签名称";
    Colour => "Colour", "颜色";
    ColourGrey => "Grey", "灰";
    ColourBlue => "Blue", "蓝";
    ColourCyan => "Cyan", "青";
    ColourGreen => "Green", "绿";
    ColourGold => "Gold", "金";
    ColourOrange => "Orange", "橙";
    ColourRed => "Red", "红";
    ColourPurple => "Purple", "紫";
    Swimlanes => "Swimlanes", "泳道";
    LanesNone => "No swimlanes", "不分泳道";
    LanesOwner => "By owner", "按负责人";
    LanesPriority => "By priority", "按优先级";
    BoardSettings => "Columns and labels", "列与标签";
    Columns => "Columns", "看板列";
    ColumnName => "Column name", "列名称";
    ColumnNameHint => "Leave empty to use the status name", "留空则使用状态名称";
    ColumnStatus => "Counts as", "对应状态";
    WipLimit => "WIP limit", "在制品上限";
    NoLimit => "No limit", "不限";
    WipOver => "Over the WIP limit", "超出在制品上限";
    WipFull => "At the WIP limit", "已达在制品上限";
    AddColumn => "Add column", "添加列";
    MoveLeft => "Move left", "左移";
    MoveRight => "Move right", "右移";
    DeleteColumn => "Delete column", "删除列";
    DeleteColumnMoveTo => "Its cards move to", "其中卡片移至";
    Column => "Column", "列";
    ClearFilters => "Clear filters", "清除筛选";
    ShowMore => "Show more ({n} more cards)", "显示更多（还有 {n} 张卡片）";
    SelectedCount => "{n} selected", "已选 {n} 项";
    SelectAll => "Select all shown", "全选当前显示";
    SelectTask => "Select this task", "选择此任务";
    BulkApply => "Apply to selected", "应用到所选";
    BulkUpdated => "{n} tasks updated", "已更新 {n} 个任务";
    ClearSelection => "Clear selection", "取消选择";
    AddLabel => "Add label", "添加标签";
    RemoveLabel => "Remove label", "移除标签";
    Keep => "(keep)", "（不变）";
    MyTasks => "My tasks", "我的任务";
    MyTasksEmpty => "Nothing assigned to you. Enjoy the calm.", "暂无分配给您的任务。";
    ShowDone => "Show finished tasks", "显示已完成任务";
    Project => "Project", "项目";
    FilteredOut => "{n} cards hidden by filters", "{n} 张卡片被筛选隐藏";
    CardsCount => "{n} cards", "{n} 张卡片";

    UsersTitle => "People", "成员管理";
    NewUser => "New person", "新建成员";
    InitialPassword => "Initial password", "初始密码";
    AccountTitle => "Your account", "我的账户";
    ChangePassword => "Change password", "修改密码";
    CurrentPassword => "Current password", "当前密码";
    NewPassword => "New password", "新密码";
    PasswordChanged => "Password changed. Other sessions were signed out.", "密码已修改，其他设备上的登录已失效。";

    AuditTitle => "Audit log", "审计日志";
    AuditWhen => "When", "时间";
    AuditWho => "Who", "操作人";
    AuditEntity => "Record", "对象";
    AuditAction => "Action", "操作";
    AuditChange => "Change", "变更内容";
    AuditBefore => "Before", "变更前";
    AuditAfter => "After", "变更后";
    AuditEmpty => "No entries match.", "没有匹配的记录。";
    System => "System", "系统";
    LinkFinishToStart => "Finish to start", "完成-开始";
    LinkStartToStart => "Start to start", "开始-开始";
    LinkFinishToFinish => "Finish to finish", "完成-完成";
    LinkStartToFinish => "Start to finish", "开始-完成";
    AuditEntityProject => "Project", "项目";
    AuditEntityProjectMember => "Project member", "项目成员";
    AuditEntityTask => "Task", "任务";
    AuditEntityTaskLink => "Dependency", "任务依赖";
    AuditEntityCalendar => "Working calendar", "工作日历";
    AuditEntityBaseline => "Baseline", "基线";
    AuditEntityUser => "User", "用户";
    AuditEntitySession => "Sign-in", "登录会话";
    AuditEntityRequest => "Request", "请求";
    AuditEntityBoardColumn => "Board column", "看板列";
    AuditEntityLabel => "Label", "标签";
    AuditEntityKpi => "KPI", "KPI 指标";
    AuditEntityKpiActual => "KPI figure", "指标数据";
    AuditEntityBudgetLine => "Budget line", "预算科目";
    AuditEntityExpense => "Expense", "费用";
    AuditEntityApprovalFlow => "Approval flow", "审批流程";
    AuditEntityApprovalRequest => "Approval request", "审批申请";
    AuditEntityWebhook => "Webhook", "消息推送";
    AuditEntityTemplate => "Template", "项目模板";
    AlertOverdueTask => "Overdue", "任务逾期";
    AlertBudgetOverrun => "Budget overrun", "预算超支";
    AlertApprovalStalled => "Approval waiting", "审批滞留";
    AlertOverdueText => "“{title}” is {n} days overdue", "任务“{title}”已逾期 {n} 天";
    AlertOverrunText => "Budget line “{title}” is over by {amount}", "预算科目“{title}”已超支 {amount}";
    AlertStalledText => "Approval has waited {n} days at “{title}”", "审批已在“{title}”等待 {n} 天";
    AuditEntityComment => "Comment", "评论";
    AuditEntitySettings => "Settings", "组织设置";
    AuditEntityCheckIn => "Check-in", "打卡";
    ActivityCheckIns => "Check-ins", "打卡";
    AlertCheckInMissing => "Check-in", "打卡提醒";
    AlertCheckInText => "You have not checked in today on “{title}”", "你今天还没有在“{title}”打卡";
    AlertDueSoon => "Due tomorrow", "明天到期";
    AlertDueSoonText => "Your task “{title}” is due tomorrow", "你的任务“{title}”明天到期";
    TabCheckIn => "Check-in", "打卡";
    CheckInToday => "Today's check-in", "今日打卡";
    CheckInDone => "What I did", "今日完成";
    CheckInNext => "What I plan next", "明日计划";
    CheckInBlockers => "Blockers", "遇到的问题";
    CheckInMyTasks => "My tasks: set their progress", "我的任务：更新进度";
    CheckInNoTasks => "No open tasks of yours.", "你没有未完成的任务。";
    CheckInSubmit => "Check in", "打卡";
    CheckInUpdate => "Update my check-in", "更新打卡";
    CheckedIn => "Checked in", "已打卡";
    NotCheckedIn => "Not yet", "未打卡";
    CheckInTeam => "The team today", "团队今日打卡";
    CheckInCount => "{n} of {total} checked in", "{n}/{total} 人已打卡";
    Streak => "{n}-day streak", "连续 {n} 天";
    CheckInDayOff => "A day off on this project's calendar.", "按项目日历，今天不是工作日。";
    CheckInNotYours => "Only the project's managers and contributors check in.", "只有项目经理和参与者需要打卡。";
    CheckInSaved => "Checked in. Thank you!", "打卡成功！";
    ErrCheckInEmpty => "Say what you did, or set the progress of a task.", "请填写今日完成的工作，或更新任务进度。";
    ErrCheckInForOther => "You can only check in for yourself.", "只能为自己打卡。";
    ErrNotCheckingIn => "Only the project's managers and contributors check in.", "只有项目经理和参与者需要打卡。";
    CheckInAt => "Check-in reminder", "打卡提醒时间";
    CheckInAtHint => "On working days, people who have not checked in by this time are reminded.", "工作日到此时间仍未打卡的成员会收到提醒。";
    ErrTime => "A time such as 17:30.", "请填写时间，例如 17:30。";
    NavSettings => "Settings", "设置";
    Administration => "Administration", "系统管理";
    NotifyPrefsTitle => "Tell me about", "通知设置";
    NotifyPrefsHint => "Choose how each reaches you: in the app, by email, pushed to your devices. Changes you make yourself never do.", "选择每类事项如何通知你：站内、邮件或推送到你的设备。你自己做的更改不会通知你。";
    TopicMentioned => "Someone mentions me", "有人提到我";
    TopicCommented => "New comments on my tasks", "我的任务有新评论";
    TopicAssigned => "A task is given to me", "有任务分配给我";
    TopicApprovalDecided => "My approval requests are decided", "我提交的审批有了结果";
    TopicApprovalWaiting => "An approval waits on me", "有审批等我处理";
    ReasonApprovalWaiting => "Waiting on you", "待你审批";
    ApprovalWaitingText => "{who} submitted “{title}”: it waits on you", "{who} 提交了“{title}”，等你审批";
    ReasonRequestApproved => "Approved", "审批通过";
    ReasonRequestRejected => "Rejected", "审批驳回";
    RequestApprovedText => "{who} approved the request for “{title}”", "{who} 通过了“{title}”的审批";
    RequestRejectedText => "{who} rejected the request for “{title}”", "{who} 驳回了“{title}”的审批";
    ReasonAssigned => "Assigned to you", "分配给你";
    AssignedText => "{who} gave you “{title}”", "{who} 把“{title}”分配给了你";
    TopicOverdueTask => "Overdue work", "任务逾期";
    TopicBudgetOverrun => "Budget overruns", "预算超支";
    TopicApprovalStalled => "Approvals waiting too long", "审批滞留";
    TopicCheckInMissing => "Reminders to check in", "打卡提醒";
    TopicDueSoon => "My tasks due tomorrow", "我的任务明天到期";
    PrefsSaved => "Saved.", "已保存。";
    OrgSettingsTitle => "Organisation settings", "组织设置";
    TimeZone => "Time zone", "时区";
    TimeZoneHint => "Decides what “today” is everywhere: alerts, health, KPIs so far, reminders and reports. Today there is {date}.", "决定各处的“今天”：预警、健康度、KPI 进度、提醒和周报。该时区今天是 {date}。";
    ErrTimeZone => "Choose a time zone from the list.", "请从列表中选择时区。";
    SettingsSaved => "Saved.", "已保存。";
    ActivityTasks => "Tasks", "任务";
    ActivityComments => "Comments", "评论";
    ActivityPlan => "Schedule", "计划";
    ActivityMoney => "KPIs and budget", "KPI 与预算";
    ActivityProject => "Project", "项目";
    ReasonAlert => "Alert", "预警";
    ReasonMentioned => "Mentioned you", "提到了你";
    ReasonCommented => "New comment", "新评论";
    MentionedText => "{who} mentioned you: “{text}”", "{who} 在评论中提到了你：“{text}”";
    CommentedText => "{who} commented on “{title}”: “{text}”", "{who} 评论了“{title}”：“{text}”";
    Comments => "Comments", "评论";
    NoComments => "No comments yet.", "还没有评论。";
    WriteComment => "Write a comment — Markdown works; type @ to mention someone", "写评论，支持 Markdown；输入 @ 提及成员";
    PostComment => "Comment", "发表评论";
    Posting => "Posting…", "发表中…";
    Edited => "edited", "已编辑";
    EditComment => "Edit", "编辑";
    DeleteComment => "Delete", "删除";
    ConfirmDeleteComment => "Delete this comment?", "确定删除这条评论吗？";
    NotNotified => "Not notified — they cannot see this project: {names}", "以下成员无权查看本项目，未发送通知：{names}";
    NoOneToMention => "Nobody matches.", "没有匹配的成员。";
    ErrCommentEmpty => "Write something first.", "请先填写评论内容。";
    ErrObserversMayNotComment => "Observers may not comment in this project.", "本项目的观察者不能发表评论。";
    ObserversComment => "Observers may comment", "观察者可以评论";
    Activity => "Activity", "动态";
    NoActivity => "Nothing has happened yet.", "暂无动态。";
    AnyPerson => "Anyone", "所有人";
    OlderActivity => "Older", "更早的动态";
    ActCreated => "{who} created {what} “{subject}”", "{who} 新建了{what}“{subject}”";
    ActUpdated => "{who} changed {what} “{subject}”", "{who} 修改了{what}“{subject}”";
    ActDeleted => "{who} deleted {what} “{subject}”", "{who} 删除了{what}“{subject}”";
    ActMoved => "{who} moved “{subject}” to {to}", "{who} 将“{subject}”移到了{to}";
    ActRescheduled => "{who} rescheduled “{subject}”", "{who} 调整了“{subject}”的日期";
    ActStatus => "{who} set the project to {to}", "{who} 将项目状态改为{to}";
    ActCommented => "{who} commented: “{subject}”", "{who} 发表了评论：“{subject}”";
    ActOther => "{who}: {what} “{subject}”", "{who}：{what}“{subject}”";
    ActDecided => "{who} decided on the approval “{subject}”", "{who} 处理了审批“{subject}”";
    SomeoneSystem => "Marquee", "系统";
    NavNotifications => "Notifications", "通知";
    NoNotifications => "No notifications.", "暂无通知。";
    MarkAllRead => "Mark all read", "全部标为已读";
    Unread => "Unread", "未读";
    AlertDays => "Alert after (days)", "预警阈值（天）";
    AlertDaysHint => "Overdue work and waiting approvals raise an alert to the owner and the project managers after this many days.", "任务逾期或审批等待超过该天数时，向负责人和项目经理发出预警。";
    ErrAlertDays => "Between 1 and 90 days.", "请填写 1 到 90 天。";
    WebhookDingtalk => "DingTalk group robot", "钉钉群机器人";
    WebhookWecom => "WeCom group robot", "企业微信群机器人";
    WebhookGeneric => "JSON (in-house OA)", "通用 JSON（自建 OA）";
    EventSubmitted => "Submitted", "提交审批";
    EventStepApproved => "Step approved", "某步通过";
    EventApproved => "Approved", "审批通过";
    EventRejected => "Rejected", "审批驳回";
    EventTest => "Test", "测试";
    DeliveryPending => "Pending", "待发送";
    DeliveryDelivered => "Delivered", "已送达";
    DeliveryFailed => "Failed", "发送失败";
    Webhooks => "Notifications to chat groups and OA", "消息推送（群机器人与 OA）";
    AddWebhook => "Add webhook", "添加推送";
    EditWebhook => "Edit webhook", "编辑推送";
    WebhookFormat => "Format", "消息格式";
    WebhookUrl => "URL", "推送地址";
    WebhookSecret => "Signing secret", "签名密钥";
    WebhookSecretKept => "A secret is set; leave empty to keep it.", "已设置密钥；留空则保持不变。";
    WebhookEvents => "Events", "推送事件";
    Active => "Active", "启用";
    SendTest => "Send test", "发送测试";
    Deliveries => "Deliveries", "推送记录";
    NoDeliveries => "Nothing sent yet.", "尚无推送记录。";
    NoWebhooks => "No webhooks yet.", "还没有配置推送。";
    Attempts => "Attempts: {n}", "尝试 {n} 次";
    NextAttempt => "Next try", "下次重试";
    WebhookIncludeAmounts => "Send budget changes with their amounts", "发送预算调整时附带金额";
    WebhookIncludeAmountsHint => "Amounts are kept encrypted; with this on they leave Marquee in this hook's messages.", "金额在系统中加密保存；开启后，金额将随此 Webhook 的消息发出。";
    ErrWebhookUrl => "Give an http or https address.", "请填写 http 或 https 地址。";
    AuditActionApprove => "Approve", "批准";
    AuditActionReject => "Reject", "驳回";
    AuditActionLoginFailed => "Failed sign-in", "登录失败";
    AuditActionLoginRefused => "Sign-in refused (too many attempts)", "登录被拒绝（尝试次数过多）";
    AuditActionRefused => "Refused", "被拒绝";
    AuditChainVerify => "Check the log", "校验日志";
    AuditChainWhole => "The log is whole: {n} entries checked, none changed or removed.", "日志完整：已校验 {n} 条，无修改或删除。";
    AuditChainBroken => "The log was tampered with: entry #{n} was changed, or the one before it removed.", "日志被篡改：第 #{n} 条被修改，或其前一条被删除。";
    AuditChainTruncated => "The log was tampered with: entries were removed from its end.", "日志被篡改：末尾的记录被删除。";
    AuditChainHead => "Chain end", "链尾";
    AuditFrom => "From", "来源";
    ApprovalAny => "Any one of them", "任一人批准即可";
    ApprovalAll => "All of them", "需全部批准";
    RequestPending => "Waiting", "审批中";
    RequestApproved => "Approved", "已批准";
    RequestRejected => "Rejected", "已驳回";
    NavApprovals => "Approvals", "审批";
    NavTemplates => "Templates", "模板";
    ApproveChange => "Approve", "批准";
    RejectChange => "Reject", "驳回";
    FlowPurposeProject => "Project submission", "项目立项";
    FlowPurposeBudget => "Budget raise", "预算追加";
    FlowApproves => "Approves", "审批事项";
    RaiseAbove => "Raise above", "追加金额高于";
    AnyRaise => "Any raise", "任意追加";
    BudgetFlowHint => "Once a project is approved, raising a budget line (or adding one) by more than this amount waits for this flow's approval; smaller changes apply at once.", "项目获批后，预算科目追加（或新增科目）超过该金额时须经此流程审批；小额调整即时生效。";
    BudgetChange => "Budget change", "预算调整";
    BudgetChanges => "Budget changes for approval", "预算调整审批";
    NewBudgetLine => "new line", "新增科目";
    ChangeWaits => "Waiting for approval: the line keeps its amount until the change is approved.", "等待审批：批准前该科目保持原金额。";
    ChangeApplied => "Approved and applied", "已批准并生效";
    ChangeRejected => "Rejected: nothing changed", "已驳回，未作变更";
    SaveAsTemplate => "Save as template", "另存为模板";
    TemplateName => "Template name", "模板名称";
    WithKpis => "Include the KPI targets", "包含 KPI 目标";
    WithBudget => "Include the budget lines and their amounts", "包含预算科目及金额";
    SaveAsTemplateHint => "Tasks keep their phases, deliverables, dependencies and their distance from the start in working days; people, progress and figures are not kept.", "任务保留阶段、交付标准、依赖关系以及距开始日期的工作日间隔；负责人、进度和实际数据不会保存。";
    TemplateSaved => "Saved as a template: it is offered when a project is created.", "已另存为模板，新建项目时即可选用。";
    BuiltInTemplate => "Built in", "内置";
    SavedTemplate => "Saved", "自定义";
    TemplateFacts => "{tasks} tasks · {kpis} KPIs · {lines} budget lines · {days} working days", "{tasks} 个任务 · {kpis} 个 KPI · {lines} 个预算科目 · {days} 个工作日";
    SavedByOn => "Saved by {name} on {date}", "{name} 于 {date} 保存";
    FromProject => "From", "来源项目";
    NoSavedTemplates => "No saved templates yet: open a project and choose “Save as template”.", "还没有自定义模板：打开一个项目，点击“另存为模板”。";
    NewFromTemplate => "New project from it", "用此模板新建项目";
    TemplatesIntro => "Start a project from a template: its tasks are laid out on the project's working calendar from the start date, with its KPIs and budget lines.", "从模板新建项目：任务按项目工作日历从开始日期排期，并带上模板的 KPI 和预算科目。";
    EditTemplate => "Edit template", "编辑模板";
    SavedTemplatesGroup => "Saved templates", "自定义模板";
    CaseTemplatesGroup => "From the case library", "来自案例库";
    TemplateBudget => "Budget", "预算总额";
    TemplateBudgetHint => "Planned over the template's budget lines in their proportions.", "按模板各预算科目的比例分配。";
    BuiltInTemplatesGroup => "Built-in templates", "内置模板";
    ApprovalInbox => "Waiting for my approval", "待我审批";
    NoApprovalTasks => "Nothing is waiting for your approval.", "暂无待您审批的项目。";
    ApprovalFlows => "Approval flows", "审批流程";
    AddFlow => "Add flow", "新建流程";
    EditFlow => "Edit flow", "编辑流程";
    FlowName => "Flow name", "流程名称";
    AppliesTo => "Applies to", "适用条件";
    AnyKind => "Any type", "任意类型";
    BudgetAbove => "Total budget above", "总预算高于";
    AnyBudget => "Any budget", "不限预算";
    Steps => "Steps", "审批步骤";
    StepName => "Step name", "步骤名称";
    StepN => "Step {n}", "第 {n} 步";
    ApprovalModeLabel => "Who must approve", "审批方式";
    Approvers => "Approvers", "审批人";
    ApproverRoles => "Everyone with the role", "按角色";
    AddStep => "Add step", "添加步骤";
    DefaultFlow => "Default: any admin approves", "默认流程：任一管理员审批";
    NoFlows => "No flows yet: projects are approved by any admin.", "尚未配置审批流程：项目由任一管理员审批。";
    ApprovalTrail => "Approval trail", "审批记录";
    WaitingOn => "Waiting on {names}", "等待 {names} 审批";
    SubmittedBy => "Submitted by {name}", "{name} 提交";
    ApprovalGoesThrough => "Submitting goes through:", "提交后将依次经过：";
    ErrFlowNotApplicable => "This flow does not apply to the project.", "该审批流程不适用于此项目。";
    ErrStepNoApprovers => "Name at least one approver or role.", "请至少指定一名审批人或一个角色。";
    ErrNoSteps => "A flow needs at least one step.", "流程至少需要一个步骤。";
    ChannelDouyin => "Douyin", "抖音";
    ChannelKuaishou => "Kuaishou", "快手";
    ChannelWechat => "WeChat", "微信";
    ChannelWeibo => "Weibo", "微博";
    ChannelXiaohongshu => "Xiaohongshu", "小红书";
    ChannelBilibili => "Bilibili", "哔哩哔哩";
    ChannelBaidu => "Baidu", "百度";
    ChannelTmall => "Tmall", "天猫";
    ChannelJd => "JD.com", "京东";
    ChannelOffline => "Offline", "线下";
    ChannelOther => "Other", "其他渠道";
    CategoryMedia => "Paid media", "媒介投放";
    CategoryCreative => "Creative production", "创意制作";
    CategoryKol => "KOL / influencers", "达人合作";
    CategoryEvent => "Events", "活动执行";
    CategoryPr => "PR", "公关传播";
    CategoryTools => "Tools & data", "工具与数据";
    CategoryAgency => "Agency fees", "代理服务费";
    CategoryOther => "Other", "其他";
    PhasePreparation => "Preparation", "筹备期";
    PhaseWarmUp => "Warm-up", "预热期";
    PhaseLaunch => "Launch", "引爆期";
    PhaseSustain => "Sustain", "持续期";
    PhaseWrapUp => "Wrap-up", "收尾期";
    ExpenseCommitted => "Committed", "已承诺";
    ExpensePaid => "Paid", "已支付";
    TabFinance => "KPIs & budget", "指标与预算";
    Kpis => "KPIs", "KPI 指标";
    Budget => "Budget", "预算";
    Expenses => "Expenses", "费用记录";
    BurnDown => "Budget burn-down", "预算燃尽图";
    RoiForecastTitle => "ROI forecast", "ROI 预测";
    Metric => "Metric", "指标";
    KpiName => "Name", "名称";
    Unit => "Unit", "单位";
    Target => "Target", "目标值";
    Actual => "Actual", "实际值";
    PlannedSoFar => "Plan so far", "当前计划值";
    Attainment => "Attainment", "达成率";
    OfTarget => "{n}% of target", "达成目标的 {n}%";
    OfPlan => "{n}% of plan so far", "达成当前计划的 {n}%";
    BehindPlan => "Behind plan", "落后计划";
    OnPlan => "On plan", "符合计划";
    NothingPlannedYet => "Nothing planned yet", "尚未到计划时间";
    Phasing => "Phasing", "目标分布";
    PhasingLinear => "Evenly over the campaign", "按天均匀分布";
    PhasingCurve => "Custom curve", "自定义曲线";
    CurvePoints => "Share of the target reached by the end of each equal part, in %, e.g. 10, 30, 100", "每个等分阶段结束时累计达成目标的百分比，例如 10, 30, 100";
    ChannelSplit => "Per-channel targets", "分渠道目标";
    Channel => "Channel", "渠道";
    WholeCampaign => "Whole campaign", "整体";
    AddKpi => "Add KPI", "添加指标";
    EditKpi => "Edit KPI", "编辑指标";
    EnterFigure => "Enter figure", "录入数据";
    Day => "Date", "日期";
    Value => "Value", "数值";
    Figures => "Figures entered", "已录入数据";
    BudgetLineName => "Line", "预算科目";
    Category => "Category", "类别";
    Phase => "Phase", "阶段";
    Planned => "Planned", "预算";
    Committed => "Committed", "已承诺";
    Paid => "Paid", "已支付";
    Remaining => "Remaining", "剩余";
    AddBudgetLine => "Add budget line", "添加预算科目";
    EditBudgetLine => "Edit budget line", "编辑预算科目";
    RecordExpense => "Record expense", "记录费用";
    EditExpense => "Edit expense", "编辑费用";
    Vendor => "Vendor", "供应商";
    Amount => "Amount", "金额";
    Note => "Note", "备注";
    ExpenseState => "State", "状态";
    Total => "Total", "合计";
    Overrun => "Overrun", "超支";
    Currency => "Currency", "币种";
    EvenSpending => "Even spending", "均匀支出";
    LeftToSpend => "Left to spend", "实际剩余";
    AmountsEncrypted => "Amounts are stored encrypted.", "金额已加密存储。";
    RoiFormula => "ROI = (expected revenue {revenue} − cost {cost}) ÷ cost {cost} = {roi}", "ROI =（预计收入 {revenue} − 成本 {cost}）÷ 成本 {cost} = {roi}";
    RoiBasisTarget => "Expected revenue is the revenue target: none recorded yet.", "预计收入取销售额目标（尚无实际数据）。";
    RoiBasisPace => "Expected revenue: {actual} so far, where the plan expected {planned} by now, carried on at that pace.", "预计收入：目前实际 {actual}，计划此时应达 {planned}，按此进度推算。";
    RoiBasisActual => "The campaign is over: the revenue recorded.", "活动已结束：按实际销售额计算。";
    RoiCost => "Cost is the budget, or what is spent when that is more.", "成本取预算与已支出（含已承诺）中较大者。";
    RoiNeedsRevenue => "Add a revenue KPI to forecast the ROI.", "添加销售额指标后即可预测 ROI。";
    RoiNeedsBudget => "Add a budget to forecast the ROI.", "添加预算后即可预测 ROI。";
    NoKpis => "No KPIs yet.", "还没有 KPI 指标。";
    NoBudgetLines => "No budget lines yet.", "还没有预算科目。";
    NoExpenses => "No expenses yet.", "还没有费用记录。";
    ErrAmount => "Not a number: write it like 12,000.50 or 1.2万.", "数字格式不正确，例如 12,000.50 或 1.2万。";
    ErrTooPrecise => "Too many decimal places.", "小数位数过多。";
    ErrTooLarge => "The number is too large.", "数值过大。";
    ErrNegative => "Must not be below zero.", "不能为负数。";
    ErrMustBePositive => "Must be more than zero.", "必须大于零。";
    ErrCurveEmpty => "Give at least one point.", "至少填写一个节点。";
    ErrCurveDecreasing => "Each point must be at least the one before it.", "每个节点不能小于前一个。";
    ErrCurveEnd => "The last point must be 100%.", "最后一个节点必须是 100%。";
    ErrSplitSum => "The channel targets add up to {n}% of the target; they must add up to all of it.", "分渠道目标合计为总目标的 {n}%，必须正好等于总目标。";
    ErrDuplicateChannel => "Each channel at most once.", "每个渠道只能出现一次。";
    ErrKpiMetricTaken => "This project already has this KPI.", "本项目已有该指标。";
    ErrUnknownBudgetLine => "The budget line is not one of this project's.", "该预算科目不属于本项目。";
    ErrLineHasExpenses => "This line has expenses: delete them or move them to another line first.", "该预算科目下有费用记录，请先删除或移到其他科目。";
    ErrCurrencyLocked => "The currency cannot change once amounts are recorded.", "已有金额记录，无法更改币种。";
    ErrFutureDay => "Figures cannot be entered for a day still to come.", "不能录入未来日期的数据。";
    ErrDayOutOfRange => "The date is too far from the campaign.", "日期离活动时间太远。";
    AuditActionCreate => "Created", "创建";
    AuditActionUpdate => "Edited", "编辑";
    AuditActionReschedule => "Rescheduled", "重新排期";
    AuditActionDelete => "Deleted", "删除";
    AuditActionMove => "Moved", "移动";
    AuditActionStatus => "Status changed", "状态变更";
    AuditActionSet => "Role set", "设置角色";
    AuditActionRemove => "Removed", "移除";
    AuditActionLogin => "Signed in", "登录";
    AuditActionChangePassword => "Password changed", "修改密码";
    AuditActionDemo => "Demo data loaded", "载入演示数据";

    ErrRequired => "This field is required.", "此项为必填项。";
    ErrTemplateUnknown => "There is no such template.", "没有这个项目模板。";
    ErrUnknownChannel => "Not a channel Marquee knows: use e.g. 抖音, 快手, 微信, 小红书 or douyin.", "无法识别的渠道，例如：抖音、快手、微信、小红书。";
    ErrMalformedRow => "This line cannot be read as a row: a quote is left open or the line is broken.", "该行无法解析：引号未闭合或行格式损坏。";
    ErrUnreadableWorkbook => "This workbook cannot be opened: save it again as .xlsx or as CSV.", "无法打开该工作簿，请另存为 .xlsx 或 CSV 后重试。";
    ErrWorkbookTooLarge => "This workbook is too large to import (at most 500,000 rows, 256 columns and 256 MB unpacked): split it by date or save it as CSV.", "该工作簿过大，无法导入（最多 500,000 行、256 列，解压后不超过 256 MB）：请按日期拆分或另存为 CSV。";
    ErrUnreadableFile => "The file did not arrive whole: choose it again.", "文件未完整上传，请重新选择。";
    ErrFileTooLarge => "Files up to {n} MB: split a larger export by date.", "文件最大 {n} MB，较大的导出请按日期拆分。";
    ErrNoRows => "The file has no rows to import.", "文件中没有可导入的数据行。";
    ErrMappingColumn => "Each field from one column of the file, at most once.", "每个字段只能对应文件中的一列。";
    ErrRangeTooLong => "At most {n} days at a time.", "一次最多 {n} 天。";
    DimChannel => "Channel", "渠道";
    DimCampaign => "Campaign", "广告计划";
    DimAd => "Ad / creative", "广告创意";
    DimRegion => "Region", "地域";
    DimAudience => "Audience", "人群";
    DimDay => "Day", "按日";
    DimWeek => "Week", "按周";
    DimMonth => "Month", "按月";
    MeasureImpressions => "Impressions", "展示数";
    MeasureClicks => "Clicks", "点击数";
    MeasureCtr => "CTR", "点击率";
    MeasureSpend => "Cost", "花费";
    MeasureCpc => "CPC", "点击成本";
    MeasureCpm => "CPM", "千次展示成本";
    MeasureConversions => "Conversions", "转化数";
    MeasureCvr => "CVR", "转化率";
    MeasureCpa => "CPA", "转化成本";
    MeasureRevenue => "Revenue", "成交金额";
    MeasureRoas => "ROAS", "广告支出回报率";
    MeasureRoi => "ROI", "投资回报率";
    PlatformOceanEngine => "Ocean Engine", "巨量引擎";
    PlatformKuaishou => "Kuaishou (Magnetic Engine)", "磁力引擎";
    PlatformTencentAds => "Tencent Ads", "腾讯广告";
    FieldDate => "Date", "日期";
    FieldChannel => "Channel", "渠道";
    FieldCampaign => "Campaign", "广告计划";
    FieldAd => "Ad / creative", "广告创意";
    FieldRegion => "Region", "地域";
    FieldAudience => "Audience", "人群";
    FieldSpend => "Cost", "花费";
    FieldImpressions => "Impressions", "展示数";
    FieldClicks => "Clicks", "点击数";
    FieldConversions => "Conversions", "转化数";
    FieldRevenue => "Revenue", "成交金额";
    AuditEntityChannelImport => "Channel data import", "渠道数据导入";
    WeekOf => "Week of {d}", "{d} 当周";
    NotSet => "(not set)", "（未填写）";
    TabData => "Channel data", "渠道数据";
    ImportData => "Import data", "导入数据";
    ImportHint => "Exports of Ocean Engine, Kuaishou and Tencent Ads are read as they are; any other CSV or Excel sheet after you choose its columns. Importing the same rows again updates them.", "巨量引擎、磁力引擎、腾讯广告的导出文件可直接导入；其他 CSV 或 Excel 表格选择对应列后导入。重复导入相同的数据会更新而不会重复计算。";
    ChooseFile => "Choose a file", "选择文件";
    Uploading => "Uploading {n}%", "上传中 {n}%";
    ReadingFile => "Reading the rows…", "正在读取数据…";
    ImportedRows => "Rows imported: {n}", "已导入 {n} 行";
    RowsAdded => "New", "新增";
    RowsRead => "rows", "行";
    RowsUpdated => "Updated", "更新";
    RowsRefused => "Rejected", "拒绝";
    RowsSkipped => "Skipped (totals, blank)", "跳过（合计行、空行）";
    RefusedRows => "Rejected rows", "被拒绝的行";
    RefusedMore => "The first {n} rejected rows are listed.", "仅列出前 {n} 个被拒绝的行。";
    LineNo => "Line", "行号";
    Reasons => "Reasons", "原因";
    Content => "Content", "内容";
    MappingTitle => "Which column holds what?", "请选择各字段对应的列";
    MappingHint => "Marquee did not recognise this file. A date, a channel and at least one figure are needed.", "未能识别该文件。至少需要日期、渠道和一项数据。";
    MappingMissing => "Still needed: {fields}", "尚缺：{fields}";
    NoColumn => "— not in the file —", "— 文件中没有 —";
    EveryRowFrom => "Every row is from", "所有行的渠道";
    ImportWithMapping => "Import with these columns", "按所选列导入";
    RecentImports => "Recent imports", "最近导入";
    NoChannelData => "No channel data yet. Import an export from an ad platform to see reports.", "还没有渠道数据。导入广告平台的导出文件后即可查看报表。";
    ReportTitle => "Report", "数据报表";
    RowsBy => "Rows by", "维度";
    DateFrom => "From", "开始日期";
    DateTo => "To", "结束日期";
    AllChannels => "All channels", "全部渠道";
    CompareWithPrevious => "Compare with the period before", "与上一周期对比";
    PreviousPeriod => "Compared with {from} – {to}", "对比周期 {from} – {to}";
    ExportXlsx => "Export Excel", "导出 Excel";
    ChartOf => "Measure", "图表指标";
    FileEncoding => "Encoding", "编码";
    FromPlatform => "Recognised as", "识别为";
    DataRange => "Data from {from} to {to}", "数据范围 {from} 至 {to}";
    NoRowsInRange => "No data in this period.", "该时间段内没有数据。";
    ErrTemplateEmpty => "This project has no tasks yet: a template needs at least one.", "该项目还没有任务，模板至少需要一个任务。";
    ErrChangePending => "A change of this line is already waiting for approval.", "该预算科目已有一项调整在等待审批。";
    ErrNotBudgetChange => "This request is not a budget change.", "这不是预算调整的审批。";
    ErrTooLong => "At most {n} characters.", "最多 {n} 个字符。";
    ErrTooMany => "At most {n} entries.", "最多 {n} 项。";
    ErrEndBeforeStart => "The end date is before the start date.", "结束日期早于开始日期。";
    ErrPercent => "Progress is a percentage from 0 to 100.", "进度应为 0 到 100 之间的百分比。";
    ErrUsername => "3–32 characters: lower-case letters, digits, '.', '_' or '-'.", "用户名为 3–32 位小写字母、数字、“.”、“_”或“-”。";
    ErrPasswordShort => "At least {n} characters.", "至少 {n} 个字符。";
    ErrEmail => "This does not look like an email address.", "邮箱地址格式不正确。";
    ErrDate => "Enter a valid date.", "请输入有效日期。";
    ErrNulCharacter => "Text cannot contain a NUL character.", "文本中不能包含 NUL 字符。";
    ErrDateRange => "Dates from 1970 to 2200.", "日期须在 1970 年至 2200 年之间。";
    ErrUnknownUser => "No such person.", "该用户不存在。";
    ErrUnknownParent => "The parent task is not in this project.", "上级任务不属于本项目。";
    ErrDependencyCycle => "This would make a dependency loop: {tasks}.", "这会形成依赖循环：{tasks}。";
    ErrLinkExists => "These two tasks are already linked.", "这两个任务之间已有依赖。";
    ErrLinkSelf => "A task cannot depend on itself.", "任务不能依赖自身。";
    ErrUnknownTask => "The task is not in this project.", "该任务不属于本项目。";
    ErrLagRange => "The lag must be between -{n} and {n} working days.", "间隔须在 -{n} 到 {n} 个工作日之间。";
    ErrNoWorkingWeekday => "At least one day of the week must be a working day.", "每周至少要有一个工作日。";
    ErrHolidayAndWorkday => "A date cannot be both a holiday and a make-up working day.", "同一天不能既是节假日又是调休工作日。";
    ErrCalendarTooLarge => "A calendar can hold at most {n} dated exceptions.", "日历最多可包含 {n} 个特殊日期。";
    ErrParentCycle => "A task cannot be placed under itself or one of its subtasks.", "任务不能放在自身或其子任务之下。";
    ErrOwnerNotMember => "The owner must be a project member.", "负责人必须是项目成员。";
    ErrNothingSelected => "Select at least one task.", "请至少选择一个任务。";
    ErrNothingToChange => "Choose what to change.", "请选择要修改的内容。";
    ErrWipRange => "A WIP limit is a whole number from 1 to {n}, or empty for none.", "在制品上限应为 1 到 {n} 的整数，留空表示不限。";
    ErrLastColumnOfStatus => "Every status needs a column on the board: add another column for it first.", "每个状态在看板上至少要有一列：请先为该状态添加另一列。";
    ErrUnknownColumn => "The column is not on this project's board.", "该列不在本项目的看板上。";
    ErrUnknownLabel => "The label is not one of this project's labels.", "该标签不属于本项目。";
    ErrLabelExists => "This project already has a label with this name.", "本项目已有同名标签。";
    ErrColumnOrder => "The new order must list every column of the board once.", "新的顺序必须包含看板的每一列且各列只出现一次。";
    ErrOwnerRemoval => "The project owner cannot be removed.", "不能移除项目负责人。";
    ErrLastAdmin => "The last active administrator must stay an administrator.", "必须至少保留一名启用中的管理员。";
    ErrUnauthenticated => "Please sign in.", "请先登录。";
    ErrForbidden => "You are not allowed to do this.", "您没有执行此操作的权限。";
    ErrNotFound => "Not found, or you may not see it.", "内容不存在，或您无权查看。";
    Reconnecting => "Reconnecting… changes by others will appear when the connection is back.", "正在重新连接……连接恢复后将显示他人的修改。";
    LiveClosed => "You no longer have access to this project.", "您已无权访问此项目。";
    WatchingNow => "Viewing this project now", "正在查看此项目的成员";
    OpenedBy => "Open by", "正在查看";
    ErrEditConflict => "Someone else changed {fields} meanwhile. You now see their version; make your change again if it is still needed.", "他人刚修改了{fields}。现在显示的是最新内容，如仍需修改请重新编辑。";
    ErrConflict => "Someone else changed this in the meantime. Reload to see the current version.", "该内容已被他人修改，请刷新后查看最新版本。";
    ErrRateLimited => "Too many attempts. Wait a few minutes and try again.", "尝试次数过多，请几分钟后再试。";
    ErrBodyTooLarge => "The request is too large: at most {n} KB.", "请求内容过大：最多 {n} KB。";
    ErrWrongType => "This value is not of the right kind.", "该值的类型或格式不正确。";
    ErrBadCredentials => "Wrong username or password.", "用户名或密码错误。";
    ErrAlreadySetUp => "Marquee is already set up.", "系统已经初始化。";
    ErrBadTransition => "This status change is not possible now.", "当前状态下不能进行此操作。";
    ErrUsernameTaken => "This username is taken.", "该用户名已被占用。";
    ErrArchived => "Archived projects cannot be changed.", "已归档的项目不能修改。";
    ErrInternal => "Something went wrong on the server. Please try again.", "服务器出错，请稍后重试。";
    ErrNetwork => "The server could not be reached. Check your connection and try again.", "无法连接服务器，请检查网络后重试。";
    EventView => "Viewed", "浏览";
    EventClick => "Clicked", "点击";
    EventStay => "Stayed 10 s", "停留 10 秒";
    EventCart => "Added to cart", "加购";
    EventOrder => "Ordered", "下单";
    ConversionLead => "Leads", "线索";
    ConversionCustomer => "Customers", "客户";
    ConversionOrder => "Orders", "订单";
    ScopeMetrics => "Daily channel metrics", "每日渠道数据";
    ScopeConversions => "CRM conversions", "CRM 转化";
    ModelFirstTouch => "First touch", "首次触点";
    ModelLastTouch => "Last touch", "末次触点";
    ModelLinear => "Linear", "线性平均";
    AuditEntityApiToken => "API token", "API 令牌";
    BrowserOrders => "Orders seen by the site", "网站上报订单";
    BrowserOrdersHint => "Orders the shop's pages reported through the tracking snippet. Anyone can send these, so they are kept apart and never added to the CRM's confirmed figures.", "由网站页面通过跟踪代码上报的订单。任何人都能发送此类数据，因此单独列出，绝不计入 CRM 确认的数据。";
    Unconfirmed => "unconfirmed", "未确认";
    ErrConversionKind => "Must be lead, customer or order.", "必须是 lead、customer 或 order。";
    ErrVisitorId => "A visitor id is 8 to 64 letters, digits, - or _.", "访客 ID 为 8 到 64 位字母、数字、- 或 _。";
    ErrScopes => "Choose at least one thing the token may send.", "请至少选择一项令牌权限。";
    ErrTokenRevoked => "This token has already been revoked.", "该令牌已被吊销。";
    ErrBadJson => "The request body is not the JSON this endpoint takes: {n}", "请求内容不是此接口接受的 JSON：{n}";
    ErrTooManyRows => "At most {n} items per request.", "每次请求最多 {n} 条。";
    ConnectTitle => "Connect data", "数据接入";
    TabConversions => "Conversions", "转化分析";
    GetSnippet => "Show the tracking snippet", "获取埋点代码";
    ApiTokens => "API tokens", "API 令牌";
    ApiTokensHint => "Other systems send daily channel metrics and CRM conversions (leads, customers, orders) to the API with a token. A token acts for the person who made it, in this project only, for what its scopes allow.", "其他系统可凭令牌通过 API 推送每日渠道数据和 CRM 转化（线索、客户、订单）。令牌以创建者的身份、仅在本项目内、按所选权限生效。";
    TokenName => "Token name", "令牌名称";
    TokenScopes => "May send", "权限";
    CreateToken => "Create token", "创建令牌";
    TokenCreated => "Copy the token now: it is not shown again.", "请立即复制令牌：它不会再次显示。";
    RevokeToken => "Revoke", "吊销";
    TokenRevoked => "Revoked", "已吊销";
    LastUsed => "Last used", "最近使用";
    NeverUsed => "Never", "从未使用";
    NoTokens => "No tokens yet.", "还没有令牌。";
    ApiReference => "API reference (OpenAPI)", "API 文档（OpenAPI）";
    TrackingTitle => "Website tracking", "网站埋点";
    TrackingHint => "Put this snippet in every page of the campaign's site. It records views, clicks, time on page and the UTM parameters of the visit with an anonymous visitor id; robots are left out.", "将以下代码放入活动网站的每个页面。它会记录浏览、点击、停留时长以及访问的 UTM 参数，并使用匿名访客 ID；机器人流量会被过滤。";
    TrackingCalls => "When something goes in the cart call marquee('cart'); when an order is placed, marquee('order', {value: '199.00'}).", "商品加入购物车时调用 marquee('cart')；下单时调用 marquee('order', {value: '199.00'})。";
    CopyText => "Copy", "复制";
    Copied => "Copied", "已复制";
    FunnelTitle => "Funnel", "转化漏斗";
    FunnelStepHead => "Step", "环节";
    ChartLegend => "Legend: choose what the chart shows", "图例：选择图表显示的内容";
    DownloadSvg => "Download SVG", "下载 SVG";
    DownloadPng => "Download PNG", "下载 PNG";
    ChartKind => "Chart type", "图表类型";
    ChartLine => "Line", "折线图";
    ChartStacked => "Stacked by channel", "按渠道堆叠";
    ChartBars => "Bars", "条形图";
    ChartDonut => "Donut", "环形图";
    ChartOthers => "Others", "其他";
    ChartTotal => "Total", "合计";
    FunnelVisitors => "Visitors", "访客";
    OfStepBefore => "Of the step before", "占上一步";
    AttributionTitle => "Conversions by channel", "渠道归因";
    AttributionModelLabel => "Credit by", "归因方式";
    ConversionKindLabel => "Conversions", "转化类型";
    Unattributed => "Direct / unknown", "直接访问 / 未知";
    NoEvents => "No website events in this period. Add the tracking snippet to the site to see the funnel.", "本期间没有网站事件。在网站中加入埋点代码后即可查看漏斗。";
    NoConversions => "No conversions of this kind in this period. A CRM sends them through the API.", "本期间没有此类转化。CRM 系统可通过 API 推送。";
    CreditedConversions => "Conversions", "转化数";
    CreditedValue => "Value", "金额";
    ShareOfTotal => "Share", "占比";
    Files => "Files", "文件";
    NoFiles => "No files or links yet.", "还没有文件或链接。";
    AttachFiles => "Add files", "上传文件";
    AddLink => "Add a link", "添加链接";
    LinkPaste => "Paste an address or a share's text (阿里云盘, 百度网盘 …)", "粘贴链接或分享文本（阿里云盘、百度网盘等）";
    LinkTitle => "Title (optional)", "标题（可选）";
    SaveLink => "Save link", "保存链接";
    ExtractionCode => "Code: {code}", "提取码：{code}";
    UploadingFile => "Uploading {name}: {n}%", "正在上传 {name}：{n}%";
    UploadFailed => "{name}: {error}", "{name}：{error}";
    VersionN => "v{n}", "第{n}版";
    VersionsTitle => "Versions", "历史版本";
    RestoredFrom => "restored from v{n}", "从第{n}版恢复";
    RestoreVersion => "Restore", "恢复此版本";
    Download => "Download", "下载";
    OpenViewer => "Open", "查看";
    CloseViewer => "Close", "关闭";
    DeleteFile => "Delete", "删除";
    ConfirmDeleteFile => "Delete “{name}” and all its versions?", "确定删除“{name}”及其所有版本吗？";
    FileMeta => "{size} · {who} · {when}", "{size} · {who} 上传于 {when}";
    FilesLimit => "Up to {n} MB a file.", "单个文件最大 {n} MB。";
    FileMaxMb => "Largest file (MB)", "单个文件上限（MB）";
    FileMaxMbHint => "Uploads over this size are refused before they are stored.", "超过此大小的文件在保存前即被拒绝。";
    AddPhoto => "Add a photo", "添加照片";
    AuditEntityAttachment => "File", "文件";
    ActivityFiles => "Files", "文件";
    ErrUploadTooLarge => "Files up to {n} MB: this one is larger.", "文件最大 {n} MB，此文件超出上限。";
    ErrFileProgram => "Programs and scripts cannot be uploaded.", "不能上传程序或脚本文件。";
    ErrFileMismatch => "The file's content is not what its name says (check the extension).", "文件内容与文件名的扩展名不符，请检查。";
    ErrFileName => "A file needs a name of at most 255 characters.", "文件名不能为空，且不超过 255 个字符。";
    ErrTooManyFiles => "At most {n} files and links in one place.", "同一位置最多 {n} 个文件和链接。";
    ErrFileEmpty => "The file is empty.", "文件为空。";
    ErrFileMaxSetting => "A size from 1 to {n} MB.", "请填写 1 到 {n} MB 之间的大小。";
    ErrNoPreview => "Too large to preview (at most {n} megapixels): download it instead.", "图片过大，无法预览（最多 {n} 百万像素），请下载查看。";
    ErrLinkAddress => "Paste an address that starts with http:// or https://.", "请粘贴以 http:// 或 https:// 开头的链接。";
    ErrLinkTooLong => "The address is too long.", "链接过长。";
    WeeklyReport => "Weekly report", "周报";
    WeeklyReports => "Weekly reports", "周报";
    ReportWeek => "Week", "周期";
    ReportSummary => "Summary", "本周总结";
    ReportNone => "None.", "无。";
    ReportDue => "due", "截止";
    ReportFinished => "Finished this week", "本周完成";
    ReportInProgress => "In progress", "进行中";
    ReportOverdue => "Overdue", "已逾期";
    ReportDueNextWeek => "Due next week", "下周到期";
    ReportBlockers => "Blockers from check-ins", "打卡中的问题";
    ReportFigures => "Figures of the week", "本周数据";
    ReportThisWeek => "This week", "本周";
    ReportLastWeek => "Last week", "上周";
    ReportChange => "Change", "环比";
    ReportSpend => "Spend", "花费";
    ReportConversions => "Conversions", "转化";
    ReportMoneySpent => "Expenses", "支出";
    ReportProject => "Project report", "项目周报";
    ReportDraft => "Draft", "草稿";
    ReportSent => "Sent", "已发送";
    ReportSentBy => "Sent by {who} on {when}", "{who} 于 {when} 发送";
    ReportSummaryHint => "What went well, what did not, what comes next — Markdown works.", "本周亮点、问题与下周计划，支持 Markdown。";
    ReportSave => "Save draft", "保存草稿";
    ReportSend => "Send to the project", "发送给项目成员";
    ReportConfirmSend => "Send this report to everyone on the project?", "确定将周报发送给项目全体成员吗？";
    ReportRefresh => "Refresh the figures", "刷新数据";
    ReportExport => "Export (Markdown)", "导出（Markdown）";
    ReportDraftNow => "Draft this week's reports now", "立即生成本周周报";
    ReportNoReports => "No reports yet: they are drafted on {day} at {time}.", "还没有周报：每周{day} {time} 自动生成。";
    ReportPick => "Choose a report", "选择周报";
    ReportSaved => "Saved.", "已保存。";
    ReportDay => "Weekly reports are drafted on", "周报生成时间";
    ReportDayHint => "Each project's report and each person's are drafted then, for their authors to edit and send.", "届时为每个项目和每位成员生成周报草稿，由作者编辑后发送。";
    ReasonReportReady => "Weekly report ready", "周报待发送";
    ReasonReportSent => "Weekly report", "周报";
    ReportReadyText => "Your weekly report for “{title}” is drafted: read it, edit it, send it.", "“{title}”的周报草稿已生成，请查看、编辑并发送。";
    ReportSentText => "{who} sent the weekly report of “{title}”.", "{who} 发送了“{title}”的周报。";
    TopicWeeklyReport => "Weekly reports", "周报";
    ErrReportSent => "This report has been sent: it can no longer change.", "该周报已发送，无法再修改。";
    ErrWeekday => "A day of the week.", "请选择星期几。";
    Monday => "Monday", "周一";
    Tuesday => "Tuesday", "周二";
    Wednesday => "Wednesday", "周三";
    Thursday => "Thursday", "周四";
    Friday => "Friday", "周五";
    Saturday => "Saturday", "周六";
    Sunday => "Sunday", "周日";
    ErrPhotoNotImage => "A photo is an image (JPEG, PNG, GIF or WebP).", "照片须为图片（JPEG、PNG、GIF 或 WebP）。";
    ChannelInApp => "In the app", "站内";
    ChannelEmail => "Email", "邮件";
    ChannelPush => "Push", "推送";
    NotifyTopicColumn => "What", "事项";
    PrefsEmailTo => "Email goes to {addr}.", "邮件将发送至 {addr}。";
    PrefsNoAddress => "Your account has no email address: an administrator can add one.", "你的账号还没有邮箱地址，请联系管理员添加。";
    PrefsEmailOff => "Your organisation does not send email yet: an administrator can set it up.", "组织尚未开启邮件发送，请联系管理员设置。";
    Retro => "Retrospective", "复盘";
    RetroDraftNow => "Draft the retrospective", "生成复盘";
    RetroRedraft => "Read the records again", "重新读取项目数据";
    RetroConfirmRedraft => "Read the project's records again? The figures are replaced; what the team wrote stays.", "重新读取项目数据吗？数据部分将被替换，团队填写的内容保留。";
    RetroNone => "No retrospective yet. It is drafted from the project's records when the project is completed, or when a manager asks.", "还没有复盘。项目完成时，或项目经理需要时，将根据项目数据自动生成。";
    RetroApproved => "Approved", "已通过";
    RetroApprove => "Approve the retrospective", "通过复盘";
    RetroConfirmApprove => "Approve this retrospective? The project becomes reviewed and each action item becomes a task in the project it is carried into.", "确定通过该复盘吗？项目将变为“已复盘”，每个行动项将作为任务加入所选项目。";
    RetroApprovedBy => "Approved by {who} on {when}", "{who} 于 {when} 审批通过";
    RetroDraftedOn => "Figures as the records stood on {day}", "数据截至 {day}";
    RetroSummary => "Summary", "总结";
    RetroGoals => "Goals", "目标达成";
    RetroSchedule => "Schedule", "进度";
    RetroMoney => "Money", "费用与回报";
    RetroProblems => "Problems", "问题";
    RetroSuggestions => "Suggestions", "改进建议";
    RetroWentWell => "What went well", "做得好的";
    RetroWentBadly => "What went badly", "待改进的";
    RetroActions => "Action items", "行动项";
    RetroTarget => "Target", "目标值";
    RetroActual => "Actual", "实际值";
    RetroAttained => "Attained", "已达成";
    RetroMissed => "Missed", "未达成";
    RetroOfTarget => "Of target", "达成率";
    RetroPhase => "Phase", "阶段";
    RetroWholeProject => "The whole project", "项目整体";
    RetroBaselineFinish => "Baseline finish", "基线完成日";
    RetroPlannedFinish => "Planned finish", "计划完成日";
    RetroActualFinish => "Actual finish", "实际完成日";
    RetroSlip => "Slip (days)", "偏差（天）";
    RetroNotFinished => "not finished", "未完成";
    RetroCycle => "Cycle: {days} days (planned {planned})", "项目周期：{days} 天（计划 {planned} 天）";
    RetroLateRate => "Late: {late} of {tasks} tasks ({rate}), {delay} days late on average", "延期：{tasks} 个任务中 {late} 个（{rate}），平均延期 {delay} 天";
    RetroSlipped => "Tasks that slipped most", "延期最多的任务";
    RetroCritical => "critical path", "关键路径";
    RetroDaysLate => "{days} days late", "延期 {days} 天";
    RetroLine => "Budget line", "预算科目";
    RetroPlanned => "Planned", "预算";
    RetroCommitted => "Committed", "已承诺";
    RetroPaid => "Paid", "已支付";
    RetroVariance => "Variance", "结余";
    RetroTotal => "Total", "合计";
    RetroChannel => "Channel", "渠道";
    RetroRevenue => "Revenue", "收入";
    RetroRoi => "ROI", "投资回报率";
    RetroRoas => "ROAS", "广告支出回报率";
    RetroCpa => "CPA", "单次转化成本";
    RetroOverdue => "Overdue tasks", "逾期任务";
    RetroAlerts => "Alerts raised", "触发的预警";
    RetroRisks => "Risks named at the start", "立项时识别的风险";
    RetroRiskHappened => "It happened", "已发生";
    RetroBlockers => "Blockers from check-ins", "打卡中提到的阻碍";
    RetroWaits => "Approval steps that waited longest", "等待最久的审批环节";
    RetroStep => "{flow}, step {step}: {days} days", "{flow} 第 {step} 步：{days} 天";
    RetroWaiting => "still waiting", "仍在等待";
    RetroAverageWait => "Approval steps waited {days} days on average.", "审批环节平均等待 {days} 天。";
    RetroNotes => "The team's notes (Markdown)", "团队说明（支持 Markdown）";
    RetroActionText => "What is to be done", "行动内容";
    RetroOwner => "Owner", "负责人";
    RetroDue => "Due", "截止日期";
    RetroCarryInto => "Carry into", "带入项目";
    RetroNoTarget => "No project", "不带入项目";
    RetroAddAction => "Add an action item", "添加行动项";
    RetroCarried => "A task in {project}", "已成为“{project}”的任务";
    RetroExport => "Export (Word)", "导出（Word）";
    RetroNothing => "Nothing to report.", "无。";
    IndustryFmcg => "Consumer goods", "快消";
    IndustryBeauty => "Beauty", "美妆个护";
    IndustryApparel => "Apparel", "服饰";
    IndustryElectronics => "Consumer electronics", "3C 数码";
    IndustryFoodBeverage => "Food and drink", "食品饮料";
    IndustryAuto => "Automotive", "汽车";
    IndustryEducation => "Education", "教育";
    IndustryFinance => "Finance", "金融";
    IndustryInternet => "Internet", "互联网";
    IndustryRetail => "Retail", "零售";
    IndustryOther => "Other", "其他";
    BandUnder100k => "Under ¥100,000", "10 万元以下";
    BandTo500k => "¥100,000–500,000", "10–50 万元";
    BandTo2m => "¥500,000–2,000,000", "50–200 万元";
    BandOver2m => "Over ¥2,000,000", "200 万元以上";
    SeasonSpring => "Spring", "春季";
    SeasonSummer => "Summer", "夏季";
    SeasonAutumn => "Autumn", "秋季";
    SeasonWinter => "Winter", "冬季";
    CaseLibrary => "Case library", "案例库";
    CaseIndustry => "Industry", "行业";
    CaseBudget => "Budget", "预算规模";
    CaseSeason => "Season", "季节";
    CaseUsage => "{readers} of {people} people have read a case · {reads} reads · {reuses} projects started from one", "{people} 人中已有 {readers} 人阅读过案例 · 共 {reads} 次阅读 · {reuses} 个项目以案例为起点";
    CaseForYou => "Cases like your projects", "与你的项目相近的案例";
    CaseAll => "All cases", "全部案例";
    CaseNone => "No case matches yet. A reviewed project is published as a case from its retrospective.", "暂无符合条件的案例。项目复盘审批后，可从复盘页发布为案例。";
    CaseGoals => "{attained} of {goals} KPIs attained", "{goals} 项 KPI 达成 {attained} 项";
    CaseReads => "read {reads} times", "阅读 {reads} 次";
    CaseReadBy => "read {reads} times by {readers} people", "{readers} 人阅读 {reads} 次";
    CaseWithdraw => "Withdraw the case", "撤回案例";
    CaseConfirmWithdraw => "Take this case out of the library?", "确定将该案例移出案例库吗？";
    CaseOutcomeHeading => "Outcome", "项目成果";
    CaseLessons => "Lessons", "经验教训";
    Points => "Points", "积分";
    PointRules => "Point rules", "积分规则";
    PointsMonth => "Month", "月份";
    PointsTeam => "Team", "团队";
    PointsOrganisation => "Whole organisation", "全组织";
    PointsBoard => "Leaderboard", "排行榜";
    PointsPerson => "Person", "成员";
    PointsNominations => "Nominations", "提名";
    PointsNone => "No points yet this month.", "本月还没有积分。";
    PointsNoneMine => "Nothing earned this month yet: tasks done on time, deliverables accepted and check-ins in a row all count.", "本月还没有积分：按时完成任务、交付物验收和连续打卡都会计分。";
    PointsMine => "My points", "我的积分";
    PointsThisMonth => "This month", "本月";
    PointsAllTime => "In all", "累计";
    PointsHide => "Leave the public leaderboard", "不在公开排行榜中显示我";
    PointsHiddenNote => "Others do not see you on leaderboards or as the month's star; you still see your own points.", "其他人在排行榜和项目之星中看不到你；你仍可查看自己的积分。";
    PointsStar => "Star of the month", "项目之星";
    PointsStarOf => "Star of {month}", "{month} 项目之星";
    PointsStarLine => "{points} points · {nominations} nominations", "{points} 积分 · {nominations} 次提名";
    PointsLeading => "Leading this month", "本月暂列第一";
    PointsNoStar => "Nobody leads this month yet.", "本月暂无领先者。";
    PointsNominate => "Nominate", "提名";
    PointsNominee => "Colleague", "同事";
    PointsWhy => "Why", "提名理由";
    PointsNominated => "You nominated {name} this month; nominating again changes it.", "你本月已提名 {name}；再次提名将替换。";
    PointsRulesHint => "What each rule gives. A deduction counts only once it is switched on, and a rule switched on counts from then on.", "各规则的分值。扣分规则需开启后才生效；规则开启后只对之后发生的事计分。";
    PointsActive => "On", "启用";
    PointsAdjust => "Adjust points", "调整积分";
    PointsAdjustPoints => "Points (negative takes)", "积分（负数为扣分）";
    PointsReason => "Reason", "原因";
    Performance => "Performance", "绩效";
    PerformanceFile => "performance", "绩效";
    PerfFrom => "From", "开始";
    PerfTo => "To", "结束";
    PerfScope => "Whose", "范围";
    PerfMine => "Mine", "我的";
    PerfEveryone => "Everyone", "全部成员";
    PerfDone => "Tasks done", "完成任务";
    PerfOnTime => "On time", "按时率";
    PerfOverdue => "Overdue", "逾期率";
    PerfDelay => "Average delay (days)", "平均延期（天）";
    PerfLed => "Projects led", "负责的项目";
    PerfGoals => "KPIs attained", "KPI 达成";
    PerfTotal => "Total", "合计";
    PerfExport => "Export XLSX", "导出 XLSX";
    PerfHint => "Tasks done and due between the two days, by their owners; projects that ended then, by their owners; points earned then.", "统计期间内完成和到期的任务（按负责人）、期间内结束的项目（按项目负责人）以及期间内获得的积分。";
    PerfNone => "No one to show for this period.", "该期间没有可显示的成员。";
    ErrPeriodTooLong => "At most {n} days at once.", "一次最多 {n} 天。";
    Pmo => "PMO dashboard", "PMO 看板";
    MoreLinks => "Results and templates", "绩效与模板";
    PmoHint => "The organisation's last twelve months. A project counts in the month it was completed, with the figures of its retrospective; tasks in the month they were due; approvals in the month they were decided. Averages are over projects.", "组织近十二个月的情况。项目按完成月份统计，数据取自其复盘；任务按到期月份统计；审批按决定月份统计。平均值按项目计算。";
    PmoCycle => "Average project cycle (days)", "平均项目周期（天）";
    PmoOverdue => "Task overdue rate", "任务逾期率";
    PmoVariance => "Budget variance", "预算偏差";
    PmoApproval => "Approval lead time (days)", "审批时长（天）";
    PmoCompleted => "Projects completed", "完成项目";
    PmoProjects => "Projects completed in these twelve months", "近十二个月完成的项目";
    PmoProjectsOf => "Projects completed in {month}", "{month} 完成的项目";
    PmoNone => "No project was completed then.", "该期间没有完成的项目。";
    PmoDays => "days", "天数";
    PointTaskOnTime => "Task done on time", "按时完成任务";
    PointTaskLate => "Task done late", "任务逾期完成";
    PointDeliverableAccepted => "Deliverable accepted", "交付物验收通过";
    PointCheckInStreak => "Five working days of check-ins in a row", "连续 5 个工作日打卡";
    PointCasePublished => "Case published", "发布案例";
    PointHelped => "Helped on someone else's task", "协助他人任务";
    PointAdjustment => "Adjusted by an admin", "管理员调整";
    CaseStart => "Start a project from this case", "以此案例新建项目";
    CaseStartWhat => "Its plan ({tasks} tasks with their dependencies), {kpis} KPI targets and {lines} budget lines in their proportions, on your dates and budget.", "沿用其计划（{tasks} 个任务及依赖关系）、{kpis} 项 KPI 目标和 {lines} 个预算科目的比例，按你的日期和预算排布。";
    CaseLike => "Cases like this one", "相似案例";
    CasePublish => "Publish as a case", "发布为案例";
    CasePublishHint => "Everyone in the organisation can read it in the case library; its figures come from this retrospective.", "组织内所有人都可在案例库中阅读；案例数据取自本复盘。";
    CasePublished => "Published in the case library", "已发布到案例库";
    CaseUpdate => "Update the case", "更新案例";
    CaseTitle => "Title", "标题";
    CaseFiles => "Files to go with it", "随案例分享的文件";
    CaseView => "Open the case", "查看案例";
    ErrCaseNotReviewed => "A project is published as a case once its retrospective is approved.", "项目复盘审批通过后才能发布为案例。";
    ErrCaseFile => "Choose files of this project.", "请选择本项目的文件。";
    ErrPointsRange => "Between −{n} and {n} points, not nothing for an adjustment, not below zero for a rule that gives.", "积分须在 −{n} 到 {n} 之间；调整不能为 0，奖励规则不能为负数。";
    ErrPointsDeduction => "A deduction takes points: zero or below, down to −{n}.", "扣分规则须为 0 或负数，最低 −{n}。";
    ErrNominateSelf => "Nominate a colleague, not yourself.", "请提名同事，不能提名自己。";
    ErrCaseNoPlan => "This case kept no plan to start a project from.", "这个案例没有保存可用于新建项目的计划。";
    RetroNoteHint => "What the figures do not say — Markdown works.", "数据之外的说明，支持 Markdown。";
    SugProjectLate => "The project finished {days} days after its planned finish: give the next one's critical path a buffer.", "项目比计划晚 {days} 天完成：下个项目请在关键路径上预留缓冲。";
    SugCriticalSlipped => "{count} tasks on the critical path slipped, by up to {days} days: follow them weekly and name a second owner.", "关键路径上有 {count} 个任务延期，最多 {days} 天：请每周跟踪并指定备份负责人。";
    SugLateRate => "{rate} of tasks finished late (aim for under 5%): break large tasks down and remind owners before they are due.", "{rate} 的任务延期完成（目标低于 5%）：请拆分大任务，并在截止前提醒负责人。";
    SugApprovalsSlow => "Approvals waited {days} days on average: give each step a deadline.", "审批平均等待 {days} 天：请为每个审批环节设定时限。";
    SugKpiMissed => "“{name}” reached {pct} of its target: check whether the target or the way to reach it was off.", "“{name}”仅达成目标的 {pct}：请复核目标设定或达成路径。";
    SugLineOver => "Budget line “{name}” went over by {amount}: estimate it higher or hold it earlier.", "预算科目“{name}”超支 {amount}：请提高预估或更早控制支出。";
    SugChannelCpa => "{channel}'s cost per conversion was {times}× the other channels': cut it or fix its targeting.", "{channel} 的单次转化成本是其他渠道的 {times} 倍：请削减投放或优化定向。";
    SugChannelLoss => "{channel} brought back less than it cost (ROI {roi}): reconsider it.", "{channel} 的回报低于投入（ROI {roi}）：请重新评估该渠道。";
    SugBlockers => "Check-ins named blockers {count} times: clear them at the daily stand-up.", "打卡中 {count} 次提到阻碍：请在每日站会上及时解决。";
    ErrRetroApproved => "This retrospective has been approved: it no longer changes.", "该复盘已审批通过，无法再修改。";
    ErrRetroNotCompleted => "A retrospective is approved once its project is completed.", "项目完成后才能审批复盘。";
    ErrRetroOwner => "An action item's owner is someone on the project.", "行动项负责人须为项目成员。";
    ErrRetroTarget => "You may not add tasks to that project.", "您无权向该项目添加任务。";
    ErrRetroFirst => "Approve the project's retrospective: that marks it reviewed.", "请先审批通过项目复盘，项目随即变为“已复盘”。";
    MailTitle => "Email (SMTP)", "邮件（SMTP）";
    MailHint => "Reminders and weekly reports go out through your organisation's mail server, in each person's language.", "提醒和周报通过组织的邮件服务器发送，使用每位收件人的语言。";
    MailEnabled => "Send email", "发送邮件";
    MailHost => "Server", "服务器";
    MailPort => "Port", "端口";
    MailSecurity => "Encryption", "加密方式";
    SecurityStarttls => "STARTTLS (usually port 587)", "STARTTLS（通常为 587 端口）";
    SecurityTls => "TLS (usually port 465)", "TLS（通常为 465 端口）";
    SecurityNone => "None: only for a relay on this network (port 25)", "无：仅限本网络内的中继（25 端口）";
    MailUsername => "Username", "用户名";
    MailPassword => "Password", "密码";
    MailPasswordKept => "A password is set: leave empty to keep it.", "已设置密码：留空则保留。";
    MailPasswordClear => "Remove the password", "删除密码";
    MailFrom => "Sender", "发件人";
    MailSiteUrl => "This site's address, for the links in messages", "本站地址（用于邮件中的链接）";
    MailTestTo => "Send a test message to", "发送测试邮件至";
    MailTest => "Send test message", "发送测试邮件";
    MailTestSent => "Sent to {to}: look in that inbox.", "已发送至 {to}，请查收。";
    MailTestFailed => "The message did not go: {reason}", "发送失败：{reason}";
    MailQueue => "Waiting {pending} · sent {sent} · not delivered {failed}", "待发送 {pending} · 已发送 {sent} · 未送达 {failed}";
    MailTestSubject => "Marquee: test message", "Marquee：测试邮件";
    MailTestBody => "Email from Marquee reaches this address.", "Marquee 的邮件可以送达此地址。";
    MailOpen => "Open in Marquee", "在 Marquee 中打开";
    MailWhy => "You receive this because of your notification settings: {url}", "你收到此邮件是因为你的通知设置：{url}";
    ErrMailHost => "The mail server's name or address.", "请填写邮件服务器的域名或地址。";
    ErrMailPort => "A port from 1 to 65535.", "端口须在 1 到 65535 之间。";
    ErrMailFrom => "A sender address, like Marquee <marquee@example.com>.", "请填写发件人地址，例如 Marquee <marquee@example.com>。";
    ErrSiteUrl => "The address people open this site at, beginning with http:// or https://.", "请填写访问本站的地址，以 http:// 或 https:// 开头。";
    ErrEmailAddress => "An email address, like name@example.com.", "请填写邮箱地址，例如 name@example.com。";
    ErrMailUsername => "At most 320 characters.", "最多 320 个字符。";
    ErrMailPassword => "At most 1,000 characters.", "最多 1,000 个字符。";
    ErrHolidayLine => "Line {n}: write a date or two dates with ~ between them, then off or work (2027-02-06 ~ 2027-02-13 off).", "第 {n} 行：请写一个日期或用 ~ 连接的两个日期，再写“休”或“班”（例如 2027-02-06 ~ 2027-02-13 休）。";
    ErrHolidayYear => "Line {n}: the dates must be in the year being entered.", "第 {n} 行：日期须在所录入的年份内。";
    ErrHolidayRange => "Line {n}: the first date comes before the last, at most 31 days apart.", "第 {n} 行：起始日期须早于结束日期，且相隔不超过 31 天。";
    ErrHolidayWorkday => "Line {n}: a make-up working day is a Saturday or Sunday.", "第 {n} 行：调休上班日须为周六或周日。";
    ErrHolidayBoth => "Line {n}: a day cannot be both off and worked.", "第 {n} 行：同一天不能既放假又上班。";
    ErrHolidayEmpty => "Enter at least one day off.", "请至少录入一个假日。";
    ErrHolidayYearNumber => "A year from 2000 to 2100.", "请填写 2000 到 2100 之间的年份。";
    HolidaysTitle => "Official holidays", "法定节假日";
    HolidaysHint => "Plans count working days with these. Enter each new year once it is announced; projects take it from their Gantt.", "计划按这些安排计算工作日。每年公布后在此录入，项目可在甘特图中采用。";
    HolidaysSummary => "{off} days off, {worked} worked", "放假 {off} 天，调休上班 {worked} 天";
    HolidaysBuiltIn => "built in", "内置";
    HolidaysEntered => "entered here", "本组织录入";
    HolidaysYear => "Year", "年份";
    HolidaysDays => "Days off and make-up working days", "放假与调休上班日期";
    HolidaysFormat => "One line each: a date, or two dates with ~ between them, then off or work (休 / 班).", "每行一条：一个日期，或用 ~ 连接的两个日期，后接“休”或“班”（off / work）。";
    HolidaysSave => "Save the year", "保存该年";
    HolidayGap => "This plan reaches {year}, which has no official holidays in its calendar: days there are counted by the weekly pattern alone.", "计划延伸到 {year} 年，但日历中还没有该年的法定节假日：该年只按每周工作日计算。";
    HolidayGapApply => "Use the official {year} schedule", "采用 {year} 年法定安排";
    HolidayGapAsk => "An administrator can enter it under Settings.", "管理员可在“设置”中录入。";
    PushDevices => "Devices that get pushes", "接收推送的设备";
    PushNone => "No device gets pushes yet. Allow it on each phone or computer you want them on.", "还没有设备接收推送。请在需要接收的手机或电脑上开启。";
    PushAllow => "Get pushes on this device", "在此设备上接收推送";
    PushThisDevice => "this device", "本设备";
    PushRemove => "Stop pushes to this device", "停止向此设备推送";
    PushTest => "Send a test push", "发送测试推送";
    PushTestQueued => "A test push is on its way to {n} device(s).", "测试推送正发往 {n} 台设备。";
    PushTestTitle => "Marquee: test push", "Marquee：测试推送";
    PushTestBody => "Pushes from Marquee reach this device.", "Marquee 的推送可以送达此设备。";
    PushUnsupported => "This browser cannot take pushes (on an iPhone: add Marquee to the home screen first).", "此浏览器不支持推送（iPhone 请先将 Marquee 添加到主屏幕）。";
    PushDenied => "Notifications are blocked for this site: allow them in the browser's settings.", "此网站的通知已被阻止，请在浏览器设置中允许。";
    PushFailed => "This device could not be registered for pushes: {reason}", "无法为此设备开启推送：{reason}";
    PushLastOk => "last reached {when}", "最近送达 {when}";
    PushNever => "not reached yet", "尚未送达";
    ErrPushEndpoint => "The push service's address must begin with https://.", "推送服务地址须以 https:// 开头。";
    ErrPushKeys => "The browser's keys for pushes are not valid.", "浏览器提供的推送密钥无效。";
    ErrPushDevices => "At most 20 devices get pushes: stop one first.", "最多 20 台设备接收推送，请先停止一台。";
    CheckInNowhere => "You check in on no project under way.", "你没有需要打卡的进行中项目。";
    CheckInDayOffShort => "Day off", "休息日";
    ErrHolidayTooMany => "Line {n}: a year has at most 200 lines.", "第 {n} 行：每年最多 200 行。";
    ErrEditId => "This change carries an id Marquee cannot read, so it was not saved.", "此更改的编号无法识别，未保存。";
    ListSeparator => ", ", "、";
    OfflineNow => "Offline", "离线";
    EditsWaiting => "{n} waiting to be sent", "{n} 项待发送";
    EditsToDecide => "{n} to decide", "{n} 项待处理";
    EditsToRead => "{n} to read", "{n} 条待查看";
    ErrOffline => "You are offline: this needs a connection. Try again once you are back online.", "当前离线：此处需要联网，请联网后重试。";
    EditsTitle => "Changes made offline", "离线时的更改";
    EditsOfflineHint => "You are offline. These changes are kept on this device and sent when the connection returns.", "当前离线。这些更改保存在本设备上，网络恢复后自动发送。";
    EditsOnlineHint => "Changes made while offline are sent as soon as the connection allows.", "离线时的更改会在网络可用时立即发送。";
    ReadingKeptAt => "Offline — showing what was current at {time}.", "离线 — 显示的是 {time} 时的内容。";
    ReadingLoaded => "Offline — showing what was loaded before the connection dropped.", "离线 — 显示的是断网前加载的内容。";
    ReadingLimits => "Changes to tasks, comments and check-ins are kept on this device and sent when you are back online; anything else needs a connection.", "任务的修改、评论和签到会保存在本机，联网后发送；其他操作需要联网。";
    EditsSendNow => "Send now", "立即发送";
    EditsNone => "Nothing is waiting.", "没有待发送的更改。";
    EditWaiting => "Waiting to be sent", "等待发送";
    EditDiscard => "Discard this change", "放弃此更改";
    EditConflictHint => "Someone changed the same thing meanwhile. Keep which?", "期间有人修改了相同内容，保留哪一个？";
    EditMine => "Yours", "你的";
    EditTheirs => "Now", "当前";
    EditKeepMine => "Keep mine", "保留我的";
    EditKeepTheirs => "Keep theirs", "保留当前";
    EditCommentOn => "Comment on {what}", "评论：{what}";
    EditCheckInOf => "Check-in for {day}", "{day} 的签到";
    EditSeen => "OK", "知道了";
    CheckInKeptProgress => "Saved. The progress of {tasks} stayed as someone else set it meanwhile.", "已保存。{tasks} 的进度期间已被他人修改，保留了他们的设置。";
    CheckInKeptOffline => "Kept on this device; it is sent when you are back online.", "已保存在本设备，联网后自动发送。";
    CommentWaitingToSend => "Waiting to be sent: it is posted when you are back online.", "等待发送：联网后自动发布。";
    FilesNeedConnection => "Files can be added once you are online.", "联网后才能添加文件。";
    ErrCheckInTooLate => "A check-in can be sent at most 7 days after the day it was written.", "签到最多可在书写当日后 7 天内提交。";
    KanbanPlace => "{title}: {column}, place {n} of {m}", "{title}：{column}，第 {n} 位，共 {m} 位";
    KanbanPickedUp => "Picked up {place}. Arrow keys move it, Space drops it, Escape puts it back.", "已拿起 {place}。方向键移动，空格放下，Esc 放回原处。";
    KanbanDropped => "Dropped {place}.", "已放下 {place}。";
    KanbanPutBack => "Put back {place}.", "已放回 {place}。";
    KanbanKeys => "Space picks a card up to move it with the arrow keys; Enter opens it.", "按空格拿起卡片，用方向键移动；按回车打开。";
    Appearance => "Appearance", "外观";
    ThemeSystem => "As the system", "跟随系统";
    ThemeLight => "Light", "浅色";
    ThemeDark => "Dark", "深色";
    InstallTitle => "Marquee on this device", "在本设备上安装 Marquee";
    InstallWhy => "Installed, Marquee opens from the home screen in a window of its own, gets pushes on an iPhone, and starts faster.", "安装后可从主屏幕打开独立窗口，iPhone 也能接收推送，启动更快。";
    InstallButton => "Install Marquee", "安装 Marquee";
    InstallDone => "Marquee is installed on this device.", "Marquee 已安装在本设备上。";
    InstallIosShare => "In Safari, tap the Share button (the square with an arrow).", "在 Safari 中点按“分享”按钮（带箭头的方框）。";
    InstallIosAdd => "Choose \"Add to Home Screen\", then \"Add\".", "选择“添加到主屏幕”，再点“添加”。";
    InstallIosOpen => "Open Marquee from its icon on the home screen.", "从主屏幕上的图标打开 Marquee。";
    InstallMenu => "Your browser's menu can install it: look for \"Install app\" or \"Add to Home screen\".", "可在浏览器菜单中安装：查找“安装应用”或“添加到主屏幕”。";
    LanguageUnavailable => "The other language cannot be loaded offline: try again once connected.", "离线时无法加载另一种语言，请联网后再试。";
    ThemeHint => "On this device. \"As the system\" turns dark when the phone or computer does.", "仅对本设备生效。“跟随系统”会随手机或电脑的深色模式切换。";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(
            Locale::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Locale::Zh
        );
        assert_eq!(
            Locale::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"),
            Locale::En
        );
        assert_eq!(
            Locale::from_accept_language("fr-FR, zh;q=0.5, en;q=0.7"),
            Locale::En
        );
        assert_eq!(Locale::from_accept_language("de-DE"), Locale::En);
        assert_eq!(Locale::from_accept_language(""), Locale::En);
    }

    #[test]
    fn the_cookie_wins_over_the_browser() {
        assert_eq!(
            Locale::from_request(Some("a=1; marquee_lang=zh-CN"), Some("en")),
            Locale::Zh
        );
        assert_eq!(
            Locale::from_request(Some("marquee_lang=xx"), Some("zh")),
            Locale::Zh
        );
        assert_eq!(Locale::from_request(None, None), Locale::En);
    }

    #[test]
    fn both_languages_fill_in_the_same_blanks() {
        let blanks = |text: &str| {
            let mut found: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
                .collect();
            found.sort();
            found
        };
        for key in K::ALL {
            assert_eq!(
                blanks(key.text(Locale::En)),
                blanks(key.text(Locale::Zh)),
                "{key:?}"
            );
        }
    }

    #[test]
    fn keys_travel_by_name_and_come_back() {
        for key in K::ALL {
            let json = serde_json::to_string(key).unwrap();
            assert_eq!(json, format!("\"{key:?}\""));
            assert_eq!(serde_json::from_str::<K>(&json).unwrap(), *key);
            assert_eq!(K::from_name(key.name()), Some(*key));
        }
        assert_eq!(K::ErrRequired.name(), "ErrRequired");
        assert_eq!(K::Save.text(Locale::Zh), "保存");
        assert!(serde_json::from_str::<K>("\"NoSuchKey\"").is_err());
        assert!(serde_json::from_str::<K>("12").is_err());
    }

    #[test]
    fn each_language_file_holds_every_text_in_key_order() {
        for locale in Locale::ALL {
            let texts: Vec<String> = serde_json::from_str(&catalogue_json(locale)).unwrap();
            assert_eq!(texts.len(), K::ALL.len());
            for (key, text) in K::ALL.iter().zip(&texts) {
                assert_eq!(text, key.text(locale), "{key:?}");
            }
        }
        assert_eq!(Locale::Zh.catalogue_file(), "catalogue-zh-CN.json");
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        for key in K::ALL {
            assert!(!key.text(Locale::En).is_empty(), "{key:?}");
            assert!(!key.text(Locale::Zh).is_empty(), "{key:?}");
        }
    }

    #[test]
    fn chinese_texts_are_translated() {
        // Brand names aside, a Chinese text identical to the English one is a missed translation.
        let untranslated: Vec<_> = K::ALL
            .iter()
            .filter(|k| !matches!(k, K::AppName))
            .filter(|k| k.text(Locale::En) == k.text(Locale::Zh))
            .collect();
        assert!(untranslated.is_empty(), "{untranslated:?}");
    }
}
