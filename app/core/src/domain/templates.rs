//! The project templates Marquee ships with: a new product launch (新品发布), a holiday promotion
//! (节日促销) and a brand campaign (品牌传播), each the task breakdown a marketing lead would draw
//! up — phases, tasks with their deliverables, how long each takes and what waits on what.
//! Offsets and durations are in working days, so a plan laid on China's calendar steps over the
//! Spring Festival and works its make-up Saturdays.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kpi::Phasing;
use super::schedule::calendar::{day_num, WorkCalendar, WorkIndex};
use crate::i18n::Locale;
use crate::model::{BudgetCategory, BudgetPhase, Channel, KpiMetric, LinkKind, ProjectKind};

/// Text in English and Chinese.
pub type Text = (&'static str, &'static str);

pub fn text(t: Text, locale: Locale) -> &'static str {
    match locale {
        Locale::En => t.0,
        Locale::Zh => t.1,
    }
}

/// One task of a template. A task that others name as `parent` is a phase: its dates are its
/// children's.
#[derive(Clone, Copy, Debug)]
pub struct TemplateTask {
    pub key: &'static str,
    pub parent: Option<&'static str>,
    pub title: Text,
    pub deliverable: Text,
    /// Working days after the project's first working day.
    pub offset: u16,
    /// Working days; 0 makes a milestone.
    pub duration: u16,
}

#[derive(Clone, Copy, Debug)]
pub struct TemplateLink {
    pub from: &'static str,
    pub to: &'static str,
    pub kind: LinkKind,
    pub lag: i32,
}

/// A KPI a template starts the project with: its target, and the curve its target follows
/// (empty: evenly).
#[derive(Clone, Copy, Debug)]
pub struct TemplateKpi {
    pub metric: KpiMetric,
    /// In the metric's unit (`domain::kpi`): counts, fen, basis points.
    pub target: i64,
    pub curve: &'static [u16],
}

/// A budget line a template starts the project with, planned in fen.
#[derive(Clone, Copy, Debug)]
pub struct TemplateLine {
    pub name: Text,
    pub channel: Option<Channel>,
    pub category: BudgetCategory,
    pub phase: BudgetPhase,
    pub planned: i64,
}

#[derive(Clone, Copy, Debug)]
pub struct Template {
    pub kind: ProjectKind,
    pub tasks: &'static [TemplateTask],
    pub links: &'static [TemplateLink],
    pub kpis: &'static [TemplateKpi],
    pub budget: &'static [TemplateLine],
}

pub const BUILT_IN: [ProjectKind; 3] = [
    ProjectKind::ProductLaunch,
    ProjectKind::HolidayPromotion,
    ProjectKind::BrandCampaign,
];

pub fn built_in(kind: ProjectKind) -> Option<&'static Template> {
    match kind {
        ProjectKind::ProductLaunch => Some(&PRODUCT_LAUNCH),
        ProjectKind::HolidayPromotion => Some(&HOLIDAY_PROMOTION),
        ProjectKind::BrandCampaign => Some(&BRAND_CAMPAIGN),
        ProjectKind::Other => None,
    }
}

/// The `n`-th working day after the first working day on or after `start` (`n = 0`: that day).
/// `None` when the calendar has no such day within ten years.
pub fn working_day(calendar: &WorkCalendar, start: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut day = start;
    let mut left = n;
    for _ in 0..3660 {
        if calendar.is_working(day) {
            if left == 0 {
                return Some(day);
            }
            left -= 1;
        }
        day = day.succ_opt()?;
    }
    None
}

impl Template {
    /// Each task's start and due date for a project starting on `start`, in the template's
    /// order; phases span their children. Links are not applied here: the scheduling engine
    /// settles them when the tasks are saved.
    pub fn dates(
        &self,
        start: NaiveDate,
        calendar: &WorkCalendar,
    ) -> Option<Vec<(NaiveDate, NaiveDate)>> {
        let mut dates = Vec::with_capacity(self.tasks.len());
        for t in self.tasks {
            let first = working_day(calendar, start, u32::from(t.offset))?;
            let last = working_day(
                calendar,
                start,
                u32::from(t.offset) + u32::from(t.duration.max(1)) - 1,
            )?;
            dates.push((first, last));
        }
        for (i, t) in self.tasks.iter().enumerate() {
            if self.is_phase(t.key) {
                let children = self
                    .tasks
                    .iter()
                    .zip(&dates)
                    .filter(|(c, _)| c.parent == Some(t.key))
                    .map(|(_, d)| *d);
                let (lo, hi) = children.fold((NaiveDate::MAX, NaiveDate::MIN), |(lo, hi), d| {
                    (lo.min(d.0), hi.max(d.1))
                });
                if lo <= hi {
                    dates[i] = (lo, hi);
                }
            }
        }
        Some(dates)
    }

    /// The last day of the plan for a project starting on `start`.
    pub fn finish(&self, start: NaiveDate, calendar: &WorkCalendar) -> Option<NaiveDate> {
        self.dates(start, calendar)?
            .into_iter()
            .map(|(_, due)| due)
            .max()
    }

    pub fn is_phase(&self, key: &str) -> bool {
        self.tasks.iter().any(|t| t.parent == Some(key))
    }

    pub fn position(&self, key: &str) -> Option<usize> {
        self.tasks.iter().position(|t| t.key == key)
    }
}

/// A template as data: a built-in one in the reader's language, or one saved from a project.
/// Tasks name their parent and links their ends by position; a parent comes before its
/// children.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePlan {
    pub tasks: Vec<PlanItem>,
    pub links: Vec<PlanLink>,
    pub kpis: Vec<PlanKpi>,
    pub budget: Vec<PlanLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    pub parent: Option<usize>,
    pub title: String,
    #[serde(default)]
    pub deliverable: String,
    #[serde(default)]
    pub description: String,
    /// Working days after the project's first working day; `None`: the task has no dates.
    pub offset: Option<u32>,
    /// Working days, at least one.
    pub duration: u32,
    #[serde(default)]
    pub milestone: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLink {
    pub from: usize,
    pub to: usize,
    pub kind: LinkKind,
    pub lag: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanKpi {
    pub metric: KpiMetric,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    pub target: i64,
    #[serde(default)]
    pub phasing: Phasing,
    /// Per-channel targets.
    #[serde(default)]
    pub splits: Vec<(Channel, i64)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    pub name: String,
    pub channel: Option<Channel>,
    pub category: BudgetCategory,
    pub phase: BudgetPhase,
    /// Minor units of the project's currency.
    pub planned: i64,
}

/// A task of a project as a template sees it.
#[derive(Clone, Debug)]
pub struct SourceTask {
    pub id: i64,
    pub parent: Option<i64>,
    pub title: String,
    pub deliverable: String,
    pub description: String,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub milestone: bool,
}

/// A dependency between two tasks of a project, by their ids.
#[derive(Clone, Copy, Debug)]
pub struct SourceLink {
    pub predecessor: i64,
    pub successor: i64,
    pub kind: LinkKind,
    pub lag: i32,
}

impl TemplatePlan {
    /// The plan of a project: each task's offset and duration counted in working days of
    /// `calendar` from the project's `start`, so the plan can be laid on any later date. Tasks
    /// come parents first, in `tasks`' order otherwise; a task whose parent is not among them
    /// becomes top-level; links between unknown tasks are dropped.
    pub fn from_project(
        start: NaiveDate,
        calendar: &WorkCalendar,
        tasks: &[SourceTask],
        links: &[SourceLink],
    ) -> TemplatePlan {
        let known: std::collections::HashSet<i64> = tasks.iter().map(|t| t.id).collect();
        // Parents first: a depth-first walk from the top-level tasks, in the given order.
        let mut order: Vec<&SourceTask> = Vec::with_capacity(tasks.len());
        let mut stack: Vec<&SourceTask> = tasks
            .iter()
            .filter(|t| t.parent.is_none_or(|p| !known.contains(&p)))
            .rev()
            .collect();
        let mut seen = std::collections::HashSet::new();
        while let Some(t) = stack.pop() {
            if !seen.insert(t.id) {
                continue;
            }
            order.push(t);
            stack.extend(tasks.iter().filter(|c| c.parent == Some(t.id)).rev());
        }
        let at: std::collections::HashMap<i64, usize> =
            order.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let days = order.iter().flat_map(|t| [t.start, t.due]).flatten();
        let (earliest, latest) = days.fold((start, start), |(lo, hi), d| (lo.min(d), hi.max(d)));
        let index = WorkIndex::new(calendar, earliest, latest);
        let ordinal = |d: NaiveDate| index.ordinal(day_num(d));
        let zero = ordinal(start);
        let items = order
            .iter()
            .map(|t| {
                let (offset, duration) = match (t.start.or(t.due), t.due.or(t.start)) {
                    (Some(first), Some(last)) => {
                        let last = last.max(first);
                        let from = ordinal(first);
                        let through = ordinal(last.succ_opt().unwrap_or(last));
                        (
                            Some((from - zero).max(0) as u32),
                            (through - from).max(1) as u32,
                        )
                    }
                    _ => (None, 1),
                };
                PlanItem {
                    parent: t.parent.and_then(|p| at.get(&p).copied()),
                    title: t.title.clone(),
                    deliverable: t.deliverable.clone(),
                    description: t.description.clone(),
                    offset,
                    duration,
                    milestone: t.milestone,
                }
            })
            .collect();
        let links = links
            .iter()
            .filter_map(|l| {
                Some(PlanLink {
                    from: *at.get(&l.predecessor)?,
                    to: *at.get(&l.successor)?,
                    kind: l.kind,
                    lag: l.lag,
                })
            })
            .collect();
        TemplatePlan {
            tasks: items,
            links,
            kpis: Vec::new(),
            budget: Vec::new(),
        }
    }

    /// Each task's start and due date for a project starting on `start` (`None` for an undated
    /// task); phases span their children. `None` when the calendar has no working day.
    #[allow(clippy::type_complexity)]
    pub fn dates(
        &self,
        start: NaiveDate,
        calendar: &WorkCalendar,
    ) -> Option<Vec<Option<(NaiveDate, NaiveDate)>>> {
        let first = working_day(calendar, start, 0)?;
        let span = self.span();
        let index = WorkIndex::new(
            calendar,
            first,
            first + chrono::Days::new(u64::from(span) * 2 + 14),
        );
        let base = index.ordinal(day_num(first));
        let day =
            |n: u32| super::schedule::calendar::from_day_num(index.working_day(base + n as i32));
        let mut dates: Vec<Option<(NaiveDate, NaiveDate)>> = self
            .tasks
            .iter()
            .map(|t| t.offset.map(|o| (day(o), day(o + t.duration.max(1) - 1))))
            .collect();
        // Children come after their parents: walk backwards so nested phases span theirs.
        for i in (0..self.tasks.len()).rev() {
            let children: Vec<(NaiveDate, NaiveDate)> = self
                .tasks
                .iter()
                .zip(&dates)
                .filter(|(c, _)| c.parent == Some(i))
                .filter_map(|(_, d)| *d)
                .collect();
            if let (Some(lo), Some(hi)) = (
                children.iter().map(|d| d.0).min(),
                children.iter().map(|d| d.1).max(),
            ) {
                dates[i] = Some((lo, hi));
            }
        }
        Some(dates)
    }

    /// Working days from the first day of the plan to the end of its last task (a phase's own
    /// offset does not count: its dates are its children's).
    pub fn span(&self) -> u32 {
        self.tasks
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.is_parent(*i))
            .filter_map(|(_, t)| t.offset.map(|o| o + t.duration.max(1)))
            .max()
            .unwrap_or(0)
    }

    /// Gives each phase the offset and duration its children span, innermost first.
    fn fit_phases(&mut self) {
        for i in (0..self.tasks.len()).rev() {
            let spans: Vec<(u32, u32)> = self
                .tasks
                .iter()
                .filter(|c| c.parent == Some(i))
                .filter_map(|c| c.offset.map(|o| (o, o + c.duration.max(1))))
                .collect();
            if let (Some(first), Some(end)) = (
                spans.iter().map(|s| s.0).min(),
                spans.iter().map(|s| s.1).max(),
            ) {
                self.tasks[i].offset = Some(first);
                self.tasks[i].duration = end - first;
            }
        }
    }

    /// The last day of the plan for a project starting on `start`.
    pub fn finish(&self, start: NaiveDate, calendar: &WorkCalendar) -> Option<NaiveDate> {
        self.dates(start, calendar)?
            .into_iter()
            .flatten()
            .map(|(_, due)| due)
            .max()
    }

    pub fn is_parent(&self, at: usize) -> bool {
        self.tasks.iter().any(|t| t.parent == Some(at))
    }

    /// The total planned budget.
    pub fn budget_total(&self) -> i64 {
        self.budget
            .iter()
            .fold(0i64, |sum, l| sum.saturating_add(l.planned))
    }

    /// Plans `total` (minor units, not negative) over the budget lines in the proportions they
    /// have now (evenly when they add up to nothing). The lines add up to `total` exactly: the
    /// minor units left by rounding down go to the lines that lost most to it.
    pub fn scale_budget(&mut self, total: i64) {
        let total = i128::from(total.max(0));
        let count = self.budget.len() as i128;
        if count == 0 {
            return;
        }
        let before: i128 = self
            .budget
            .iter()
            .map(|l| i128::from(l.planned.max(0)))
            .sum();
        let weight = |l: &PlanLine| {
            if before == 0 {
                1
            } else {
                i128::from(l.planned.max(0))
            }
        };
        let whole = if before == 0 { count } else { before };
        let mut shares: Vec<(i128, i128)> = self
            .budget
            .iter()
            .map(|l| {
                let exact = total * weight(l);
                (exact / whole, exact % whole)
            })
            .collect();
        let mut left = total - shares.iter().map(|(s, _)| s).sum::<i128>();
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|a, b| shares[*b].1.cmp(&shares[*a].1).then(a.cmp(b)));
        for i in order {
            if left == 0 {
                break;
            }
            shares[i].0 += 1;
            left -= 1;
        }
        for (line, (share, _)) in self.budget.iter_mut().zip(shares) {
            // Never more than `total`, which is an i64.
            line.planned = i64::try_from(share).unwrap_or(i64::MAX);
        }
    }
}

impl Template {
    /// This built-in template as data, in `locale`.
    pub fn plan(&self, locale: Locale) -> TemplatePlan {
        let tasks = self
            .tasks
            .iter()
            .map(|t| PlanItem {
                parent: t.parent.and_then(|p| self.position(p)),
                title: text(t.title, locale).to_string(),
                deliverable: text(t.deliverable, locale).to_string(),
                description: String::new(),
                offset: Some(u32::from(t.offset)),
                duration: u32::from(t.duration.max(1)),
                milestone: t.duration == 0 && !self.is_phase(t.key),
            })
            .collect();
        let links = self
            .links
            .iter()
            .filter_map(|l| {
                Some(PlanLink {
                    from: self.position(l.from)?,
                    to: self.position(l.to)?,
                    kind: l.kind,
                    lag: l.lag,
                })
            })
            .collect();
        let kpis = self
            .kpis
            .iter()
            .map(|k| PlanKpi {
                metric: k.metric,
                name: String::new(),
                unit: String::new(),
                target: k.target,
                phasing: if k.curve.is_empty() {
                    Phasing::Linear
                } else {
                    Phasing::Curve(k.curve.to_vec())
                },
                splits: Vec::new(),
            })
            .collect();
        let budget = self
            .budget
            .iter()
            .map(|l| PlanLine {
                name: text(l.name, locale).to_string(),
                channel: l.channel,
                category: l.category,
                phase: l.phase,
                planned: l.planned,
            })
            .collect();
        let mut plan = TemplatePlan {
            tasks,
            links,
            kpis,
            budget,
        };
        plan.fit_phases();
        plan
    }
}

const fn task(
    key: &'static str,
    parent: Option<&'static str>,
    title: Text,
    deliverable: Text,
    offset: u16,
    duration: u16,
) -> TemplateTask {
    TemplateTask {
        key,
        parent,
        title,
        deliverable,
        offset,
        duration,
    }
}

const fn fs(from: &'static str, to: &'static str) -> TemplateLink {
    TemplateLink {
        from,
        to,
        kind: LinkKind::FinishToStart,
        lag: 0,
    }
}

const fn link(from: &'static str, to: &'static str, kind: LinkKind, lag: i32) -> TemplateLink {
    TemplateLink {
        from,
        to,
        kind,
        lag,
    }
}

const NONE: Text = ("", "");

const fn kpi(metric: KpiMetric, target: i64, curve: &'static [u16]) -> TemplateKpi {
    TemplateKpi {
        metric,
        target,
        curve,
    }
}

const fn line(
    name: Text,
    channel: Option<Channel>,
    category: BudgetCategory,
    phase: BudgetPhase,
    yuan: i64,
) -> TemplateLine {
    TemplateLine {
        name,
        channel,
        category,
        phase,
        planned: yuan * 100,
    }
}

static PRODUCT_LAUNCH: Template = Template {
    kind: ProjectKind::ProductLaunch,
    tasks: &[
        task(
            "research",
            None,
            ("Research and positioning", "调研与定位"),
            NONE,
            0,
            10,
        ),
        task(
            "market",
            Some("research"),
            ("Market and audience research", "市场与目标人群调研"),
            (
                "Research report with audience personas",
                "调研报告与目标人群画像",
            ),
            0,
            5,
        ),
        task(
            "competitors",
            Some("research"),
            ("Competitor analysis", "竞品分析"),
            (
                "Competitor matrix: pricing, channels, messages",
                "竞品对比表：定价、渠道、传播信息",
            ),
            0,
            4,
        ),
        task(
            "positioning",
            Some("research"),
            ("Positioning and key message", "产品定位与核心信息"),
            (
                "Positioning statement and message house, signed off",
                "定位陈述与信息屋，经负责人确认",
            ),
            5,
            3,
        ),
        task(
            "brief",
            Some("research"),
            ("Creative brief", "创意简报"),
            (
                "One-page brief: objective, audience, insight, mandatories",
                "一页创意简报：目标、人群、洞察、必备元素",
            ),
            8,
            2,
        ),
        task(
            "creative",
            None,
            ("Creative and assets", "创意与物料"),
            NONE,
            10,
            15,
        ),
        task(
            "key_visual",
            Some("creative"),
            ("Key visual", "主视觉（KV）设计"),
            (
                "Master KV and adaptations for every channel size",
                "主 KV 及各渠道尺寸延展",
            ),
            10,
            5,
        ),
        task(
            "video",
            Some("creative"),
            ("Product video", "产品视频拍摄与剪辑"),
            (
                "30 s and 15 s cuts, with subtitles",
                "30 秒与 15 秒版本，含字幕",
            ),
            12,
            8,
        ),
        task(
            "landing_page",
            Some("creative"),
            ("Landing page", "落地页开发"),
            (
                "Live page with tracking and UTM parameters tested",
                "上线的落地页，埋点与 UTM 参数已测试",
            ),
            15,
            5,
        ),
        task(
            "press_kit",
            Some("creative"),
            ("Press release and press kit", "新闻通稿与媒体资料包"),
            (
                "Approved release, product sheet and images",
                "审定的通稿、产品资料与图片",
            ),
            8,
            4,
        ),
        task(
            "channels",
            None,
            ("Channels and media", "渠道与媒介"),
            NONE,
            10,
            15,
        ),
        task(
            "media_plan",
            Some("channels"),
            ("Media plan", "媒介投放计划"),
            (
                "Channel mix, budget split and flighting, approved",
                "渠道组合、预算分配与排期，经审批",
            ),
            10,
            3,
        ),
        task(
            "kol",
            Some("channels"),
            ("KOL and influencer outreach", "KOL / 达人合作洽谈"),
            (
                "Signed KOL list with content schedule",
                "签约达人名单与内容排期",
            ),
            13,
            6,
        ),
        task(
            "paid_setup",
            Some("channels"),
            ("Paid media set-up", "广告投放搭建"),
            (
                "Campaigns built and tracked on every platform",
                "各平台广告计划搭建完成并接入监测",
            ),
            20,
            2,
        ),
        task("launch", None, ("Launch", "发布"), NONE, 25, 12),
        task(
            "launch_event",
            Some("launch"),
            ("Launch event", "新品发布会"),
            (
                "Event held; livestream and photos published",
                "发布会举行，直播与图片发布",
            ),
            21,
            0,
        ),
        task(
            "paid_media",
            Some("launch"),
            ("Paid media flight", "付费广告投放"),
            ("Daily spend and results report", "每日消耗与效果日报"),
            22,
            10,
        ),
        task(
            "pr",
            Some("launch"),
            ("PR push", "媒体公关传播"),
            ("Coverage list with reach", "媒体报道清单与覆盖量"),
            22,
            5,
        ),
        task(
            "review",
            None,
            ("Results review", "效果复盘"),
            (
                "Review deck: KPIs against targets, lessons",
                "复盘报告：KPI 达成与经验教训",
            ),
            32,
            2,
        ),
    ],
    links: &[
        fs("market", "positioning"),
        fs("competitors", "positioning"),
        fs("positioning", "brief"),
        fs("brief", "key_visual"),
        link("key_visual", "video", LinkKind::StartToStart, 2),
        fs("key_visual", "landing_page"),
        fs("positioning", "press_kit"),
        fs("brief", "media_plan"),
        fs("media_plan", "kol"),
        fs("media_plan", "paid_setup"),
        fs("landing_page", "paid_setup"),
        fs("video", "launch_event"),
        fs("landing_page", "launch_event"),
        fs("press_kit", "launch_event"),
        fs("kol", "launch_event"),
        fs("paid_setup", "launch_event"),
        fs("launch_event", "paid_media"),
        fs("launch_event", "pr"),
        fs("paid_media", "review"),
        fs("pr", "review"),
    ],
    // Launch week carries most of the leads and sales.
    kpis: &[
        kpi(KpiMetric::Impressions, 10_000_000, &[]),
        kpi(KpiMetric::Clicks, 300_000, &[]),
        kpi(KpiMetric::Leads, 5_000, &[150, 400, 1000]),
        kpi(KpiMetric::Revenue, 300_000_000, &[100, 300, 1000]),
    ],
    budget: &[
        line(
            ("Research and positioning", "调研与定位"),
            None,
            BudgetCategory::Agency,
            BudgetPhase::Preparation,
            50_000,
        ),
        line(
            ("Key visual and launch video", "主视觉与发布视频"),
            None,
            BudgetCategory::Creative,
            BudgetPhase::Preparation,
            150_000,
        ),
        line(
            ("KOL seeding", "达人种草"),
            Some(Channel::Xiaohongshu),
            BudgetCategory::Kol,
            BudgetPhase::WarmUp,
            200_000,
        ),
        line(
            ("Launch event", "发布会"),
            Some(Channel::Offline),
            BudgetCategory::Event,
            BudgetPhase::Launch,
            300_000,
        ),
        line(
            ("Paid media", "信息流投放"),
            Some(Channel::Douyin),
            BudgetCategory::Media,
            BudgetPhase::Launch,
            400_000,
        ),
        line(
            ("Press and media relations", "媒体公关"),
            None,
            BudgetCategory::Pr,
            BudgetPhase::Launch,
            80_000,
        ),
    ],
};

static HOLIDAY_PROMOTION: Template = Template {
    kind: ProjectKind::HolidayPromotion,
    tasks: &[
        task(
            "plan",
            None,
            ("Strategy and offer", "策略与优惠方案"),
            NONE,
            0,
            7,
        ),
        task(
            "strategy",
            Some("plan"),
            ("Promotion strategy and targets", "促销策略与目标"),
            (
                "GMV, traffic and conversion targets by channel",
                "分渠道的 GMV、流量与转化目标",
            ),
            0,
            3,
        ),
        task(
            "offer",
            Some("plan"),
            ("Offer and pricing", "优惠与定价方案"),
            (
                "Discount rules, bundles and margin check",
                "优惠规则、组合套装与毛利测算",
            ),
            3,
            3,
        ),
        task(
            "inventory",
            Some("plan"),
            (
                "Stock check with sales and supply",
                "与销售、供应链确认库存",
            ),
            (
                "Stock plan per SKU for the sale days",
                "大促期间分 SKU 备货计划",
            ),
            3,
            4,
        ),
        task(
            "brief",
            Some("plan"),
            ("Creative brief", "创意简报"),
            (
                "Theme, hero products and mandatories",
                "活动主题、主推商品与必备元素",
            ),
            6,
            1,
        ),
        task(
            "build",
            None,
            ("Creative and store", "创意与店铺"),
            NONE,
            7,
            10,
        ),
        task(
            "key_visual",
            Some("build"),
            ("Key visual", "主视觉（KV）设计"),
            ("Holiday KV and banner sizes", "节日主视觉与各尺寸横幅"),
            7,
            4,
        ),
        task(
            "store",
            Some("build"),
            ("Store and event page", "店铺 / 活动页装修"),
            ("Event page live on every store", "各店铺活动页上线"),
            11,
            4,
        ),
        task(
            "coupons",
            Some("build"),
            ("Coupons and price set-up", "优惠券与价格配置"),
            (
                "Coupons and prices checked by a second person",
                "优惠券与价格经第二人复核",
            ),
            6,
            2,
        ),
        task(
            "service",
            Some("build"),
            ("Customer service script", "客服话术"),
            (
                "Answers to the 20 likeliest questions",
                "20 个高频问题的标准回复",
            ),
            13,
            2,
        ),
        task(
            "warm_up",
            None,
            ("Warm-up and sale", "预热与开售"),
            NONE,
            15,
            12,
        ),
        task(
            "teasers",
            Some("warm_up"),
            ("Warm-up content", "预热期内容传播"),
            ("Teaser posts and countdown", "预告内容与倒计时"),
            11,
            5,
        ),
        task(
            "livestream",
            Some("warm_up"),
            ("KOL livestream", "达人直播带货"),
            (
                "Livestream booked, products and script agreed",
                "直播排期、选品与脚本确认",
            ),
            13,
            5,
        ),
        task(
            "paid_media",
            Some("warm_up"),
            ("Paid media", "付费广告投放"),
            (
                "Daily spend, ROI and stock report",
                "每日消耗、ROI 与库存日报",
            ),
            13,
            8,
        ),
        task(
            "sale_day",
            Some("warm_up"),
            ("Sale goes live", "大促开售"),
            ("Orders flowing, war room staffed", "订单正常，作战室值守"),
            14,
            0,
        ),
        task(
            "review",
            None,
            ("Post-sale review", "活动复盘"),
            (
                "GMV, margin and lessons for the next holiday",
                "GMV、毛利与下次节日的经验",
            ),
            21,
            2,
        ),
    ],
    links: &[
        fs("strategy", "offer"),
        fs("strategy", "inventory"),
        fs("offer", "brief"),
        fs("brief", "key_visual"),
        fs("key_visual", "store"),
        fs("offer", "coupons"),
        link("store", "service", LinkKind::StartToStart, 2),
        fs("key_visual", "teasers"),
        link("teasers", "livestream", LinkKind::StartToStart, 2),
        link("teasers", "paid_media", LinkKind::StartToStart, 2),
        fs("store", "sale_day"),
        fs("coupons", "sale_day"),
        fs("service", "sale_day"),
        fs("inventory", "sale_day"),
        link("sale_day", "paid_media", LinkKind::FinishToFinish, 3),
        fs("paid_media", "review"),
    ],
    // A promotion sells on its last days.
    kpis: &[
        kpi(KpiMetric::Impressions, 20_000_000, &[]),
        kpi(KpiMetric::Ctr, 250, &[]),
        kpi(KpiMetric::Conversions, 20_000, &[50, 150, 1000]),
        kpi(KpiMetric::AverageOrderValue, 30_000, &[]),
        kpi(KpiMetric::Revenue, 600_000_000, &[50, 150, 1000]),
    ],
    budget: &[
        line(
            ("Warm-up seeding", "预热种草"),
            Some(Channel::Xiaohongshu),
            BudgetCategory::Kol,
            BudgetPhase::WarmUp,
            300_000,
        ),
        line(
            ("Store promotion", "店铺推广"),
            Some(Channel::Tmall),
            BudgetCategory::Media,
            BudgetPhase::Launch,
            800_000,
        ),
        line(
            ("Live streaming", "直播带货"),
            Some(Channel::Douyin),
            BudgetCategory::Kol,
            BudgetPhase::Launch,
            500_000,
        ),
        line(
            ("Creative and materials", "创意与物料"),
            None,
            BudgetCategory::Creative,
            BudgetPhase::Preparation,
            100_000,
        ),
        line(
            ("Coupons and gifts", "优惠券与赠品"),
            None,
            BudgetCategory::Other,
            BudgetPhase::Launch,
            200_000,
        ),
    ],
};

static BRAND_CAMPAIGN: Template = Template {
    kind: ProjectKind::BrandCampaign,
    tasks: &[
        task(
            "insight",
            None,
            ("Insight and idea", "洞察与创意"),
            NONE,
            0,
            12,
        ),
        task(
            "audit",
            Some("insight"),
            ("Brand health audit", "品牌现状调研"),
            (
                "Awareness and perception baseline",
                "品牌认知与形象基线数据",
            ),
            0,
            5,
        ),
        task(
            "idea",
            Some("insight"),
            ("Campaign idea", "传播创意（Big Idea）"),
            (
                "Idea, tagline and tone, signed off",
                "创意概念、主张与调性，经确认",
            ),
            5,
            5,
        ),
        task(
            "brief",
            Some("insight"),
            ("Creative brief", "创意简报"),
            (
                "Brief for agency and in-house teams",
                "给代理商与内部团队的创意简报",
            ),
            10,
            2,
        ),
        task(
            "content",
            None,
            ("Content production", "内容制作"),
            NONE,
            12,
            15,
        ),
        task(
            "key_visual",
            Some("content"),
            ("Key visual", "主视觉（KV）设计"),
            ("Master KV and adaptations", "主 KV 与延展"),
            12,
            5,
        ),
        task(
            "film",
            Some("content"),
            ("Brand film", "品牌短片"),
            (
                "Film in 60 s, 30 s and 15 s cuts",
                "60 秒、30 秒、15 秒版本短片",
            ),
            12,
            12,
        ),
        task(
            "social",
            Some("content"),
            ("Social content calendar", "社交媒体内容排期"),
            ("Posts for six weeks on every account", "各账号六周内容排期"),
            17,
            4,
        ),
        task("amplify", None, ("Amplification", "传播扩散"), NONE, 17, 20),
        task(
            "kol",
            Some("amplify"),
            ("KOL outreach", "KOL 合作"),
            ("Signed creators with briefs", "签约创作者与内容简报"),
            12,
            6,
        ),
        task(
            "pr",
            Some("amplify"),
            ("PR plan and releases", "公关计划与新闻稿"),
            ("Media list and approved releases", "媒体名单与审定新闻稿"),
            10,
            5,
        ),
        task(
            "event",
            Some("amplify"),
            ("Offline event", "线下活动"),
            (
                "Venue, run sheet and guests confirmed",
                "场地、流程与嘉宾确认",
            ),
            15,
            7,
        ),
        task(
            "go_live",
            Some("amplify"),
            ("Campaign goes live", "传播上线"),
            (
                "Film and KV live on every channel",
                "短片与主视觉全渠道上线",
            ),
            23,
            0,
        ),
        task(
            "paid_media",
            Some("amplify"),
            ("Paid media", "付费广告投放"),
            ("Reach and frequency report", "到达率与频次报告"),
            24,
            10,
        ),
        task(
            "lift",
            None,
            ("Brand lift study", "品牌提升调研"),
            (
                "Awareness and perception against the baseline",
                "对比基线的认知与形象变化",
            ),
            34,
            5,
        ),
        task(
            "review",
            None,
            ("Campaign review", "传播复盘"),
            (
                "Review: reach, lift, cost per reach, lessons",
                "复盘：覆盖、品牌提升、千人成本与经验",
            ),
            39,
            2,
        ),
    ],
    links: &[
        fs("audit", "idea"),
        fs("idea", "brief"),
        fs("brief", "key_visual"),
        fs("brief", "film"),
        fs("key_visual", "social"),
        fs("brief", "kol"),
        fs("idea", "pr"),
        link("kol", "event", LinkKind::StartToStart, 3),
        fs("film", "go_live"),
        fs("social", "go_live"),
        fs("pr", "go_live"),
        fs("event", "go_live"),
        fs("go_live", "paid_media"),
        fs("paid_media", "lift"),
        fs("lift", "review"),
    ],
    kpis: &[
        kpi(KpiMetric::Impressions, 50_000_000, &[]),
        kpi(KpiMetric::Clicks, 1_000_000, &[]),
        kpi(KpiMetric::Leads, 3_000, &[]),
    ],
    budget: &[
        line(
            ("Brand film", "品牌片"),
            None,
            BudgetCategory::Creative,
            BudgetPhase::Preparation,
            600_000,
        ),
        line(
            ("Outdoor and elevator ads", "户外与梯媒"),
            Some(Channel::Offline),
            BudgetCategory::Media,
            BudgetPhase::Launch,
            800_000,
        ),
        line(
            ("Social media", "社交媒体传播"),
            Some(Channel::Weibo),
            BudgetCategory::Media,
            BudgetPhase::Sustain,
            300_000,
        ),
        line(
            ("PR", "公关传播"),
            None,
            BudgetCategory::Pr,
            BudgetPhase::Sustain,
            200_000,
        ),
        line(
            ("Agency fees", "代理服务费"),
            None,
            BudgetCategory::Agency,
            BudgetPhase::WrapUp,
            150_000,
        ),
    ],
};

#[cfg(test)]
mod finance_tests {
    use super::*;
    use crate::domain::kpi::{check_phasing, Phasing};

    fn with_lines(planned: &[i64]) -> TemplatePlan {
        TemplatePlan {
            budget: planned
                .iter()
                .map(|p| PlanLine {
                    name: format!("line {p}"),
                    channel: None,
                    category: BudgetCategory::Media,
                    phase: BudgetPhase::Launch,
                    planned: *p,
                })
                .collect(),
            ..Default::default()
        }
    }

    fn planned(plan: &TemplatePlan) -> Vec<i64> {
        plan.budget.iter().map(|l| l.planned).collect()
    }

    #[test]
    fn a_budget_scales_in_its_proportions_to_the_exact_total() {
        let mut plan = with_lines(&[600, 300, 100]);
        plan.scale_budget(2_000);
        assert_eq!(planned(&plan), [1_200, 600, 200]);
        // Thirds of 100: the unit left over goes to the line that lost most to rounding.
        let mut plan = with_lines(&[1, 1, 1]);
        plan.scale_budget(100);
        assert_eq!(planned(&plan), [34, 33, 33]);
        let mut plan = with_lines(&[2, 1]);
        plan.scale_budget(100);
        assert_eq!(planned(&plan), [67, 33]);
        assert_eq!(plan.budget_total(), 100);
    }

    #[test]
    fn a_budget_of_nothing_is_shared_evenly_and_no_total_overflows() {
        let mut plan = with_lines(&[0, 0, 0, 0]);
        plan.scale_budget(10);
        assert_eq!(planned(&plan), [3, 3, 2, 2]);
        let mut plan = with_lines(&[i64::MAX, i64::MAX, 1]);
        plan.scale_budget(i64::MAX);
        assert_eq!(plan.budget_total(), i64::MAX);
        assert!(plan.budget.iter().all(|l| l.planned >= 0));
        let mut plan = with_lines(&[5, 5]);
        plan.scale_budget(-3);
        assert_eq!(planned(&plan), [0, 0]);
        let mut empty = with_lines(&[]);
        empty.scale_budget(1_000);
        assert!(empty.budget.is_empty());
    }

    #[test]
    fn every_template_starts_with_kpis_and_a_budget() {
        for kind in BUILT_IN {
            let t = built_in(kind).unwrap();
            assert!(t.kpis.len() >= 3, "{kind:?}");
            assert!(t.budget.len() >= 4, "{kind:?}");
            for k in t.kpis {
                assert!(k.target > 0);
                if !k.curve.is_empty() {
                    assert_eq!(check_phasing(&Phasing::Curve(k.curve.to_vec())), Ok(()));
                }
            }
            for l in t.budget {
                assert!(l.planned > 0 && !l.name.0.is_empty() && !l.name.1.is_empty());
            }
            // Each metric once, as a project allows.
            let mut metrics: Vec<&str> = t.kpis.iter().map(|k| k.metric.as_str()).collect();
            metrics.sort_unstable();
            metrics.dedup();
            assert_eq!(metrics.len(), t.kpis.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::domain::schedule::{LinkSpec, Mode, Plan, PlanTask};

    fn plan_of(t: &Template, start: NaiveDate, calendar: &WorkCalendar) -> Plan {
        let dates = t.dates(start, calendar).expect("dated");
        let tasks: Vec<PlanTask> = t
            .tasks
            .iter()
            .zip(&dates)
            .enumerate()
            .map(|(i, (task, (s, d)))| PlanTask {
                id: i as i64 + 1,
                parent: task
                    .parent
                    .and_then(|p| t.position(p))
                    .map(|p| p as i64 + 1),
                start: Some(*s),
                due: Some(*d),
                milestone: task.duration == 0 && !t.is_phase(task.key),
                progress: 0,
            })
            .collect();
        let links: Vec<LinkSpec> = t
            .links
            .iter()
            .map(|l| LinkSpec {
                predecessor: t.position(l.from).expect("known task") as i64 + 1,
                successor: t.position(l.to).expect("known task") as i64 + 1,
                kind: l.kind,
                lag: l.lag,
            })
            .collect();
        Plan::new(&tasks, &links, calendar).expect("no loops")
    }

    #[test]
    fn every_template_is_a_plan_without_loops_or_dangling_names() {
        for kind in BUILT_IN {
            let t = built_in(kind).expect("built in");
            assert_eq!(t.kind, kind);
            let keys: HashSet<&str> = t.tasks.iter().map(|t| t.key).collect();
            assert_eq!(keys.len(), t.tasks.len(), "{kind:?}: keys repeat");
            for task in t.tasks {
                assert!(task.parent.is_none_or(|p| keys.contains(p)), "{}", task.key);
                assert!(!task.title.0.is_empty() && !task.title.1.is_empty());
                if !t.is_phase(task.key) {
                    assert!(
                        !task.deliverable.0.is_empty() && !task.deliverable.1.is_empty(),
                        "{}",
                        task.key
                    );
                }
            }
            for l in t.links {
                assert!(
                    keys.contains(l.from) && keys.contains(l.to),
                    "{} → {}",
                    l.from,
                    l.to
                );
            }
            // Every link is kept once the engine has settled the plan.
            let start = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
            let mut plan = plan_of(t, start, &WorkCalendar::china());
            let all: Vec<i64> = (1..=t.tasks.len() as i64).collect();
            // The offsets already keep every link: nothing has to move.
            assert_eq!(plan.settle(&all, Mode::PushOnly), vec![], "{kind:?}");
            assert!(plan.violations().is_empty(), "{kind:?}");
            // And they leave no gap before the work that drives the end date: the critical
            // path runs from the first day to the last.
            let floats = plan.critical_path();
            let first = t.tasks.iter().position(|x| x.parent.is_some()).unwrap() as i64 + 1;
            assert!(
                floats.iter().any(|f| f.task == first && f.critical),
                "{kind:?}: the first task is not critical"
            );
            let last = t.tasks.len() as i64;
            assert!(floats.iter().any(|f| f.task == last && f.critical));
        }
        assert!(built_in(ProjectKind::Other).is_none());
    }

    #[test]
    fn dates_follow_the_working_calendar() {
        // Starting on Friday 2026-02-13 on China's calendar: Saturday the 14th is a make-up
        // working day, then the Spring Festival holiday runs to the 23rd.
        let t = built_in(ProjectKind::ProductLaunch).unwrap();
        let china = WorkCalendar::china();
        let start = NaiveDate::from_ymd_opt(2026, 2, 13).unwrap();
        let dates = t.dates(start, &china).unwrap();
        let market = t.position("market").unwrap();
        // Five working days: the 13th, the 14th (make-up Saturday), then after the holiday.
        assert_eq!(dates[market].0, start);
        assert!(dates[market].1 > NaiveDate::from_ymd_opt(2026, 2, 23).unwrap());
        for (task, (s, d)) in t.tasks.iter().zip(&dates) {
            assert!(s <= d, "{}", task.key);
            assert!(china.is_working(*s) && china.is_working(*d), "{}", task.key);
        }
        // A phase spans its children.
        let research = t.position("research").unwrap();
        assert_eq!(dates[research].0, start);
        assert_eq!(dates[research].1, dates[t.position("brief").unwrap()].1);
        // A milestone is one day.
        let event = t.position("launch_event").unwrap();
        assert_eq!(dates[event].0, dates[event].1);
    }

    #[test]
    fn a_plan_ends_with_its_last_task() {
        // 34 working days from Tuesday 1 September, Monday to Friday.
        let t = built_in(ProjectKind::ProductLaunch).unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        assert_eq!(
            t.finish(start, &WorkCalendar::weekdays()),
            NaiveDate::from_ymd_opt(2026, 10, 16)
        );
        // China's calendar takes the National Day week off (1–7 October 2026).
        assert!(t.finish(start, &WorkCalendar::china()) > NaiveDate::from_ymd_opt(2026, 10, 16));
    }

    #[test]
    fn a_built_in_plan_dates_its_tasks_as_the_template_does() {
        let china = WorkCalendar::china();
        let start = NaiveDate::from_ymd_opt(2026, 2, 13).unwrap();
        for kind in BUILT_IN {
            let t = built_in(kind).unwrap();
            let plan = t.plan(Locale::Zh);
            let expected = t.dates(start, &china).unwrap();
            let got: Vec<(NaiveDate, NaiveDate)> = plan
                .dates(start, &china)
                .unwrap()
                .into_iter()
                .map(|d| d.expect("every built-in task is dated"))
                .collect();
            assert_eq!(got, expected, "{kind:?}");
            assert_eq!(plan.finish(start, &china), t.finish(start, &china));
            assert_eq!(plan.links.len(), t.links.len());
        }
    }

    #[test]
    fn a_project_saved_as_a_template_lays_out_the_same_plan_later() {
        // A plan laid out over the Spring Festival, read back as offsets, then laid on an
        // ordinary September: each task keeps its working-day length and distance.
        let t = built_in(ProjectKind::ProductLaunch).unwrap();
        let china = WorkCalendar::china();
        let start = NaiveDate::from_ymd_opt(2026, 2, 13).unwrap();
        let dates = t.dates(start, &china).unwrap();
        let tasks: Vec<SourceTask> = t
            .tasks
            .iter()
            .zip(&dates)
            .enumerate()
            .map(|(i, (task, (s, d)))| SourceTask {
                // Ids in reverse, so order comes from the tree, not from the ids.
                id: 100 - i as i64,
                parent: task
                    .parent
                    .and_then(|p| t.position(p))
                    .map(|p| 100 - p as i64),
                title: task.title.0.to_string(),
                deliverable: task.deliverable.0.to_string(),
                description: String::new(),
                start: Some(*s),
                due: Some(*d),
                milestone: task.duration == 0 && !t.is_phase(task.key),
            })
            .collect();
        let links: Vec<SourceLink> = t
            .links
            .iter()
            .map(|l| SourceLink {
                predecessor: 100 - t.position(l.from).unwrap() as i64,
                successor: 100 - t.position(l.to).unwrap() as i64,
                kind: l.kind,
                lag: l.lag,
            })
            .collect();
        let saved = TemplatePlan::from_project(start, &china, &tasks, &links);
        let original = t.plan(Locale::En);
        // Every task, phases included, keeps its place and length.
        for (a, b) in saved.tasks.iter().zip(&original.tasks) {
            assert_eq!(
                (a.parent, &a.title, a.milestone),
                (b.parent, &b.title, b.milestone)
            );
            assert_eq!(
                (a.offset, a.duration),
                (b.offset, b.duration),
                "{}",
                a.title
            );
        }
        assert_eq!(saved.span(), original.span());
        assert_eq!(original.span(), 34);
        assert_eq!(saved.links, original.links);
        let later = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        assert_eq!(
            saved.finish(later, &WorkCalendar::weekdays()),
            t.finish(later, &WorkCalendar::weekdays())
        );
    }

    #[test]
    fn undated_tasks_and_orphans_survive_a_save() {
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let tasks = vec![
            SourceTask {
                id: 7,
                parent: Some(99),
                title: "Orphan".into(),
                deliverable: String::new(),
                description: "kept".into(),
                start: None,
                due: None,
                milestone: false,
            },
            SourceTask {
                id: 3,
                parent: None,
                title: "Before the start".into(),
                deliverable: String::new(),
                description: String::new(),
                start: Some(day(1)),
                due: Some(day(4)),
                milestone: false,
            },
        ];
        let plan = TemplatePlan::from_project(start, &WorkCalendar::weekdays(), &tasks, &[]);
        assert_eq!(plan.tasks[0].parent, None);
        assert_eq!(plan.tasks[0].offset, None);
        assert_eq!(plan.tasks[0].description, "kept");
        // Sunday the 1st to Wednesday the 4th: three working days, from the first.
        assert_eq!((plan.tasks[1].offset, plan.tasks[1].duration), (Some(0), 3));
        let dates = plan.dates(start, &WorkCalendar::weekdays()).unwrap();
        assert_eq!(dates[0], None);
        assert_eq!(dates[1], Some((day(2), day(4))));
    }

    #[test]
    fn a_weekend_start_begins_on_the_next_working_day() {
        let weekdays = WorkCalendar::weekdays();
        let saturday = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(
            working_day(&weekdays, saturday, 0),
            NaiveDate::from_ymd_opt(2026, 3, 9)
        );
        assert_eq!(
            working_day(&weekdays, saturday, 5),
            NaiveDate::from_ymd_opt(2026, 3, 16)
        );
    }
}
