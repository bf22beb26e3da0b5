//! The demo organisation offered at set-up: people in every role and campaigns in different
//! states, so a new team sees the product at work.
use chrono::{Days, NaiveDate, Utc};
use rand::{distributions::Alphanumeric, Rng};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction};

use super::kernel::audit;
use super::kernel::crypto::Sealer;
use super::kernel::entity::{
    budget_line, expense, kpi_actual, kpi_target, label, project, project_member, status_change,
    task, task_label, task_link,
};
use super::kernel::sessions::hash_password;
use super::{books, planning, users};
use crate::domain::kpi::Phasing;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::model::{
    AuditAction, AuditEntity, BudgetCategory, BudgetPhase, Channel, Colour, DemoAccount,
    ExpenseState, Id, KpiMetric, LinkKind, OrgRole, Priority, ProjectKind, ProjectRole,
    ProjectStatus, Risk, RiskLevel, TaskStatus,
};

struct Person {
    username: &'static str,
    en: &'static str,
    zh: &'static str,
    role: OrgRole,
}

const PEOPLE: &[Person] = &[
    Person {
        username: "wangfang",
        en: "Fang Wang",
        zh: "王芳",
        role: OrgRole::ProjectManager,
    },
    Person {
        username: "zhangwei",
        en: "Wei Zhang",
        zh: "张伟",
        role: OrgRole::Member,
    },
    Person {
        username: "lina",
        en: "Na Li",
        zh: "李娜",
        role: OrgRole::Member,
    },
    Person {
        username: "chenjing",
        en: "Jing Chen",
        zh: "陈静",
        role: OrgRole::Viewer,
    },
];

/// (English, Chinese, status, progress, parent index, owner index into PEOPLE, start offset, days)
type DemoTask = (
    &'static str,
    &'static str,
    TaskStatus,
    u8,
    Option<usize>,
    usize,
    i64,
    i64,
);

struct DemoProject {
    en: &'static str,
    zh: &'static str,
    kind: ProjectKind,
    status: ProjectStatus,
    objectives: (&'static str, &'static str),
    /// Days from today to the start (negative: already started).
    start: i64,
    days: i64,
    tasks: &'static [DemoTask],
}

const PROJECTS: &[DemoProject] = &[
    DemoProject {
        en: "Singles' Day promotion",
        zh: "双十一大促",
        kind: ProjectKind::HolidayPromotion,
        status: ProjectStatus::InProgress,
        objectives: (
            "GMV up 30% year on year; 50,000 new members",
            "GMV 同比增长 30%，新增会员 5 万",
        ),
        start: -20,
        days: 40,
        tasks: &[
            (
                "Market research",
                "市场调研",
                TaskStatus::Done,
                100,
                None,
                1,
                -20,
                5,
            ),
            (
                "Campaign strategy",
                "活动策略",
                TaskStatus::Done,
                100,
                None,
                0,
                -15,
                5,
            ),
            (
                "Key visual",
                "主视觉设计",
                TaskStatus::InProgress,
                60,
                None,
                2,
                -10,
                12,
            ),
            (
                "Poster design",
                "海报设计",
                TaskStatus::InProgress,
                70,
                Some(2),
                2,
                -10,
                6,
            ),
            (
                "Product page banners",
                "详情页 Banner",
                TaskStatus::Todo,
                0,
                Some(2),
                2,
                -3,
                5,
            ),
            (
                "KOL outreach",
                "KOL 合作洽谈",
                TaskStatus::Todo,
                0,
                None,
                1,
                0,
                10,
            ),
            (
                "Paid media plan",
                "投放计划",
                TaskStatus::Review,
                90,
                None,
                1,
                -5,
                7,
            ),
            (
                "Launch day",
                "正式上线",
                TaskStatus::Todo,
                0,
                None,
                0,
                12,
                0,
            ),
        ],
    },
    DemoProject {
        en: "X1 product launch",
        zh: "X1 新品发布会",
        kind: ProjectKind::ProductLaunch,
        status: ProjectStatus::PendingApproval,
        objectives: (
            "10 million impressions in launch week",
            "发布周曝光 1000 万",
        ),
        start: 14,
        days: 45,
        tasks: &[
            (
                "Positioning workshop",
                "产品定位研讨",
                TaskStatus::Todo,
                0,
                None,
                0,
                14,
                3,
            ),
            (
                "Creative brief",
                "创意简报",
                TaskStatus::Todo,
                0,
                None,
                2,
                17,
                4,
            ),
            (
                "Launch event venue",
                "发布会场地",
                TaskStatus::Todo,
                0,
                None,
                1,
                20,
                10,
            ),
        ],
    },
    DemoProject {
        en: "Brand refresh",
        zh: "品牌焕新传播",
        kind: ProjectKind::BrandCampaign,
        status: ProjectStatus::Draft,
        objectives: ("Brand awareness +5 points", "品牌认知度提升 5 个百分点"),
        start: 30,
        days: 90,
        tasks: &[(
            "Brand audit",
            "品牌现状诊断",
            TaskStatus::Todo,
            0,
            None,
            0,
            30,
            10,
        )],
    },
    DemoProject {
        en: "Spring Festival campaign",
        zh: "春节营销活动",
        kind: ProjectKind::HolidayPromotion,
        status: ProjectStatus::Completed,
        objectives: ("Sell 20,000 gift boxes", "礼盒销量 2 万套"),
        start: -90,
        days: 35,
        tasks: &[
            (
                "Gift box design",
                "礼盒设计",
                TaskStatus::Done,
                100,
                None,
                2,
                -90,
                15,
            ),
            (
                "Channel promotion",
                "渠道推广",
                TaskStatus::Done,
                100,
                None,
                1,
                -75,
                20,
            ),
        ],
    },
];

/// The statuses a project passed through to reach `status` (`ALL` is in lifecycle order).
/// A KPI of a demo campaign: metric, target, curve (empty: even), channel targets, and figures
/// as (days from today, channel, value).
type DemoKpi = (
    KpiMetric,
    i64,
    &'static [u16],
    &'static [(Channel, i64)],
    &'static [(i64, Option<Channel>, i64)],
);

/// A budget line of a demo campaign, planned in fen, with its expenses as (days from today,
/// vendor in English and Chinese, fen, paid).
type DemoLine = (
    &'static str,
    &'static str,
    Option<Channel>,
    BudgetCategory,
    BudgetPhase,
    i64,
    &'static [(i64, &'static str, &'static str, i64, bool)],
);

/// KPIs and budget of each of `PROJECTS`, in the same order. The promotion under way is behind
/// on revenue and has overrun its KOL line, so health has something to say.
const FINANCE: [(&[DemoKpi], &[DemoLine]); 4] = [
    (
        &[
            (
                KpiMetric::Revenue,
                200_000_000,
                &[100, 250, 1000],
                &[],
                &[
                    (-6, None, 6_500_000),
                    (-4, None, 9_800_000),
                    (-2, None, 7_200_000),
                    (-1, None, 9_500_000),
                ],
            ),
            (
                KpiMetric::Impressions,
                5_000_000,
                &[],
                &[
                    (Channel::Douyin, 3_000_000),
                    (Channel::Xiaohongshu, 2_000_000),
                ],
                &[
                    (-10, Some(Channel::Douyin), 900_000),
                    (-5, Some(Channel::Douyin), 750_000),
                    (-8, Some(Channel::Xiaohongshu), 420_000),
                    (-3, Some(Channel::Xiaohongshu), 380_000),
                ],
            ),
            (KpiMetric::Ctr, 250, &[], &[], &[(-1, None, 231)]),
        ],
        &[
            (
                "Douyin feed ads",
                "抖音信息流投放",
                Some(Channel::Douyin),
                BudgetCategory::Media,
                BudgetPhase::Launch,
                30_000_000,
                &[(
                    -12,
                    "Ocean Engine prepayment",
                    "巨量引擎预充值",
                    15_000_000,
                    true,
                )],
            ),
            (
                "Xiaohongshu KOL seeding",
                "小红书达人种草",
                Some(Channel::Xiaohongshu),
                BudgetCategory::Kol,
                BudgetPhase::WarmUp,
                12_000_000,
                &[
                    (
                        -15,
                        "KOL agency, first batch",
                        "达人机构（首批）",
                        8_000_000,
                        true,
                    ),
                    (
                        -3,
                        "KOL agency, second batch",
                        "达人机构（第二批）",
                        5_000_000,
                        false,
                    ),
                ],
            ),
            (
                "Key visual and videos",
                "主视觉与短视频制作",
                None,
                BudgetCategory::Creative,
                BudgetPhase::Preparation,
                8_000_000,
                &[(-18, "Studio Nine", "九号工作室", 6_000_000, true)],
            ),
        ],
    ),
    (
        &[(KpiMetric::Leads, 8_000, &[], &[], &[])],
        &[
            (
                "Launch event",
                "发布会执行",
                Some(Channel::Offline),
                BudgetCategory::Event,
                BudgetPhase::Launch,
                20_000_000,
                &[],
            ),
            (
                "Launch week media",
                "发布周媒介投放",
                Some(Channel::Wechat),
                BudgetCategory::Media,
                BudgetPhase::Launch,
                25_000_000,
                &[],
            ),
        ],
    ),
    (
        &[(KpiMetric::Impressions, 20_000_000, &[], &[], &[])],
        &[(
            "PR and press",
            "公关与媒体传播",
            None,
            BudgetCategory::Pr,
            BudgetPhase::Sustain,
            10_000_000,
            &[],
        )],
    ),
    (
        &[(
            KpiMetric::Revenue,
            80_000_000,
            &[],
            &[],
            &[(-70, None, 41_000_000), (-58, None, 45_000_000)],
        )],
        &[(
            "Tmall store promotion",
            "天猫店铺推广",
            Some(Channel::Tmall),
            BudgetCategory::Media,
            BudgetPhase::Launch,
            20_000_000,
            &[(-80, "Tmall Wanxiangtai", "天猫万相台", 18_500_000, true)],
        )],
    ),
];

/// Writes one demo campaign's KPIs, figures, budget lines and expenses.
async fn load_finance(
    txn: &DatabaseTransaction,
    sealer: &Sealer,
    project_id: Id,
    entered_by: Id,
    (kpis, lines): (&[DemoKpi], &[DemoLine]),
    pick: impl Fn(&'static str, &'static str) -> &'static str,
    shift: impl Fn(i64) -> chrono::NaiveDate,
) -> AppResult<()> {
    let now = Utc::now();
    for (i, (metric, target, curve, splits, figures)) in kpis.iter().enumerate() {
        let phasing = if curve.is_empty() {
            Phasing::Linear
        } else {
            Phasing::Curve(curve.to_vec())
        };
        let splits: Vec<(Channel, i64)> = splits.to_vec();
        let k = kpi_target::ActiveModel {
            project_id: Set(project_id),
            metric: Set(metric.as_str().to_string()),
            name: Set(String::new()),
            unit: Set(String::new()),
            target: Set(*target),
            phasing: Set(serde_json::to_string(&phasing).unwrap_or_default()),
            splits: Set(serde_json::to_string(&splits).unwrap_or_else(|_| "[]".into())),
            position: Set((i as i64 + 1) * 1024),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for (offset, channel, value) in figures.iter() {
            kpi_actual::ActiveModel {
                kpi_id: Set(k.id),
                day: Set(shift(*offset)),
                channel: Set(channel.map(|c| c.as_str().to_string()).unwrap_or_default()),
                value: Set(*value),
                entered_by: Set(entered_by),
                entered_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    for (i, (en, zh, channel, category, phase, planned, expenses)) in lines.iter().enumerate() {
        let line = budget_line::ActiveModel {
            project_id: Set(project_id),
            name: Set(pick(en, zh).to_string()),
            channel: Set(channel.map(|c| c.as_str().to_string()).unwrap_or_default()),
            category: Set(category.as_str().to_string()),
            phase: Set(phase.as_str().to_string()),
            planned: Set(String::new()),
            position: Set((i as i64 + 1) * 1024),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        books::set_planned(txn, sealer, line.id, *planned).await?;
        for (offset, vendor_en, vendor_zh, amount, paid) in expenses.iter() {
            let spent = expense::ActiveModel {
                project_id: Set(project_id),
                line_id: Set(line.id),
                day: Set(shift(*offset)),
                vendor: Set(pick(vendor_en, vendor_zh).to_string()),
                amount: Set(String::new()),
                state: Set(if *paid {
                    ExpenseState::Paid
                } else {
                    ExpenseState::Committed
                }
                .as_str()
                .to_string()),
                note: Set(String::new()),
                created_by: Set(entered_by),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            books::set_spent(txn, sealer, spent.id, *amount).await?;
        }
    }
    Ok(())
}

fn path_to(status: ProjectStatus) -> Vec<ProjectStatus> {
    let end = ProjectStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(0);
    ProjectStatus::ALL[..=end].to_vec()
}

fn password() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(16)
        .map(char::from)
        .collect()
}

const DEMO_LABELS: [(&str, &str, Colour); 3] = [
    ("Creative", "创意", Colour::Purple),
    ("Paid media", "投放", Colour::Gold),
    ("KOL", "达人", Colour::Cyan),
];

/// A campaign's channel data from its first day to yesterday: four channels, their campaigns,
/// regions and audiences, with figures that vary by day in a repeatable way.
async fn load_channel_data(
    txn: &DatabaseTransaction,
    project_id: Id,
    first: NaiveDate,
    last: NaiveDate,
    pick: impl Fn(&'static str, &'static str) -> &'static str,
) -> AppResult<()> {
    use crate::domain::ingest::MetricRow;

    if last < first {
        return Ok(());
    }
    let channels = [
        (
            Channel::Douyin,
            pick("Feed: seeding videos", "信息流-种草视频"),
            9,
        ),
        (
            Channel::Kuaishou,
            pick("Live-stream traffic", "直播引流"),
            6,
        ),
        (Channel::Wechat, pick("Moments ads", "朋友圈广告"), 5),
        (Channel::Xiaohongshu, pick("KOL notes", "达人笔记"), 4),
    ];
    let regions = [
        pick("Guangdong", "广东"),
        pick("Zhejiang", "浙江"),
        pick("Shanghai", "上海"),
        pick("Beijing", "北京"),
    ];
    let audiences = [
        pick("Women 18-24", "18-24岁女性"),
        pick("Women 25-34", "25-34岁女性"),
    ];
    let mut rows = Vec::new();
    let mut day = first;
    let mut n: i64 = 0;
    while day <= last && n < 90 {
        for (c, (channel, campaign, weight)) in channels.iter().enumerate() {
            for (r, region) in regions.iter().enumerate() {
                for (a, audience) in audiences.iter().enumerate() {
                    // Repeatable variation: a slow rise over the campaign and a weekly ripple.
                    let wave = 80 + (n * 7 + c as i64 * 13 + r as i64 * 5 + a as i64 * 3) % 41;
                    let base = weight * (4 - r as i64) * wave * (10 + n.min(20)) / 10;
                    let impressions = base * 120;
                    let clicks = impressions * (12 + (c as i64 + n) % 9) / 1000;
                    let conversions = clicks * (3 + (r as i64 + a as i64 + n) % 5) / 100;
                    rows.push(MetricRow {
                        day,
                        channel: *channel,
                        campaign: campaign.to_string(),
                        ad: String::new(),
                        region: region.to_string(),
                        audience: audience.to_string(),
                        spend: base * 700,
                        impressions,
                        clicks,
                        conversions,
                        revenue: conversions * (9_900 + c as i64 * 2_000),
                    });
                }
            }
        }
        day = day.succ_opt().unwrap_or(day);
        n += 1;
    }
    super::channel_data::upsert(txn, project_id, 0, &rows).await?;
    super::channel_data::roll_up(txn, project_id, first, last).await
}

/// A campaign site's visitors over `first..=last` (at most its last two weeks): where they came
/// from, how far each got from a view to an order, and the CRM's orders and leads of them, so
/// the funnel and the attribution have something to show.
async fn load_tracking(
    txn: &DatabaseTransaction,
    project_id: Id,
    first: NaiveDate,
    last: NaiveDate,
) -> AppResult<()> {
    use super::conversions::{write_conversions, write_events, EventRow};
    use crate::domain::tracking::{Conversion, Utm};
    use crate::model::{ConversionKind, EventKind};

    let first = first.max(last - chrono::Duration::days(13));
    if last < first {
        return Ok(());
    }
    let days = (last - first).num_days() + 1;
    // Where visitors come from, how many of each in a hundred, and how keen each channel's
    // visitors are to go on (in a hundred, at each step).
    let sources: [((Channel, &str), u64, u64); 5] = [
        ((Channel::Douyin, "douyin"), 36, 62),
        ((Channel::Xiaohongshu, "xiaohongshu"), 24, 74),
        ((Channel::Wechat, "wechat"), 18, 80),
        ((Channel::Kuaishou, "kuaishou"), 14, 55),
        ((Channel::Baidu, "baidu"), 8, 68),
    ];
    // A fixed sequence of numbers that looks random, so every demo is the same.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut roll = move |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    let pick_source = |r: u64| {
        let mut left = r;
        for (source, share, keen) in sources {
            if left < share {
                return (source, keen);
            }
            left -= share;
        }
        (sources[0].0, sources[0].2)
    };
    let row =
        |kind: EventKind, channel: Option<(Channel, &str)>, dwell_ms: i64, value: i64| EventRow {
            kind,
            channel: channel.map(|(c, _)| c),
            utm: Utm {
                source: channel.map(|(_, s)| s.to_string()).unwrap_or_default(),
                campaign: channel.map(|_| "double11".to_string()).unwrap_or_default(),
                ..Default::default()
            },
            path: "/landing".into(),
            dwell_ms,
            value,
        };
    let mut events = Vec::new();
    let mut conversions = Vec::new();
    for i in 0..360i64 {
        let visitor = format!("demo-visitor-{i:04}");
        // More visitors as the sale nears.
        let day =
            first + chrono::Duration::days((roll(days as u64 * days as u64) as f64).sqrt() as i64);
        let Some(start) = day.and_hms_opt(8 + roll(14) as u32, roll(60) as u32, 0) else {
            continue;
        };
        let mut at = start.and_utc();
        let (source, keen) = pick_source(roll(100));
        // Some saw another channel's post a day or two before.
        if roll(100) < 30 {
            let (earlier, _) = pick_source(roll(100));
            events.push((
                visitor.clone(),
                at - chrono::Duration::hours(12 + roll(36) as i64),
                row(EventKind::View, Some(earlier), 0, 0),
            ));
        }
        let mut step =
            |kind: EventKind, channel: Option<(Channel, &str)>, dwell: i64, value: i64| {
                at += chrono::Duration::seconds(20);
                events.push((visitor.clone(), at, row(kind, channel, dwell, value)));
            };
        step(EventKind::View, Some(source), 0, 0);
        if roll(100) >= keen {
            continue;
        }
        step(EventKind::Click, None, 0, 0);
        let stayed = roll(100) < keen + 10;
        let dwell = if stayed {
            10_000 + roll(170_000)
        } else {
            1_000 + roll(8_000)
        };
        step(EventKind::Stay, None, dwell as i64, 0);
        if !stayed {
            continue;
        }
        if roll(100) >= keen - 15 {
            if roll(100) < 40 {
                let kind = if roll(100) < 30 {
                    ConversionKind::Customer
                } else {
                    ConversionKind::Lead
                };
                conversions.push((kind, format!("L-{i:05}"), at, visitor, 0));
            }
            continue;
        }
        step(EventKind::Cart, None, 0, 0);
        if roll(100) < keen - 10 {
            let value = 9_900 + roll(40) as i64 * 1_000;
            step(EventKind::Order, None, 0, value);
            conversions.push((
                ConversionKind::Order,
                format!("SO-{i:05}"),
                at,
                visitor,
                value,
            ));
        }
    }
    // Orders in the shops, credited to no visit.
    for i in 0..6i64 {
        let Some(at) = (first + chrono::Duration::days(i % days)).and_hms_opt(15, 0, 0) else {
            continue;
        };
        conversions.push((
            ConversionKind::Order,
            format!("POS-{i:03}"),
            at.and_utc(),
            String::new(),
            59_900,
        ));
    }
    write_events(txn, project_id, &events).await?;
    let read: Vec<Conversion> = conversions
        .into_iter()
        .map(
            |(kind, external_id, occurred_at, visitor_id, value)| Conversion {
                kind,
                channel: visitor_id.is_empty().then_some(Channel::Offline),
                external_id,
                occurred_at,
                day: occurred_at.date_naive(),
                campaign: String::new(),
                utm: Utm::default(),
                visitor_id,
                value,
            },
        )
        .collect();
    write_conversions(txn, project_id, &read, Utc::now()).await
}

pub async fn load(
    txn: &DatabaseTransaction,
    sealer: &Sealer,
    admin_id: Id,
    locale: Locale,
) -> AppResult<Vec<DemoAccount>> {
    let pick = |en: &'static str, zh: &'static str| if locale == Locale::Zh { zh } else { en };
    let now = Utc::now();
    let today = now.date_naive();
    let shift = |days: i64| {
        if days >= 0 {
            today
                .checked_add_days(Days::new(days as u64))
                .unwrap_or(today)
        } else {
            today
                .checked_sub_days(Days::new(days.unsigned_abs()))
                .unwrap_or(today)
        }
    };

    let mut accounts = Vec::new();
    let mut ids = Vec::new();
    for person in PEOPLE {
        let secret = password();
        let created = users::insert_account(
            txn,
            Some(admin_id),
            users::NewAccount {
                username: person.username.to_string(),
                display_name: pick(person.en, person.zh).to_string(),
                email: format!("{}@example.com", person.username),
                password_hash: hash_password(&secret).await?,
                role: person.role,
            },
        )
        .await?;
        ids.push(created.id);
        accounts.push(DemoAccount {
            username: created.username,
            display_name: created.display_name,
            role: person.role,
            password: secret,
        });
    }

    for (spec, finance) in PROJECTS.iter().zip(FINANCE) {
        let risks = vec![Risk {
            description: pick("Competitors launch at the same time", "竞品同期上线").to_string(),
            likelihood: RiskLevel::Medium,
            impact: RiskLevel::High,
            mitigation: pick("Keep a reserve budget for paid media", "预留投放预算应对")
                .to_string(),
        }];
        let p = project::ActiveModel {
            name: Set(pick(spec.en, spec.zh).to_string()),
            kind: Set(spec.kind.as_str().to_string()),
            background: Set(String::new()),
            objectives: Set(pick(spec.objectives.0, spec.objectives.1).to_string()),
            expected_benefit: Set(String::new()),
            risks: Set(serde_json::to_string(&risks).unwrap_or_else(|_| "[]".into())),
            owner_id: Set(ids[0]),
            start_date: Set(shift(spec.start)),
            end_date: Set(shift(spec.start + spec.days)),
            status: Set(spec.status.as_str().to_string()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            calendar: Set(planning::calendar_json(
                &crate::domain::schedule::default_calendar(locale),
            )),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        super::board::create_defaults(txn, p.id).await?;
        let roles = [
            (ids[0], ProjectRole::Manager),
            (admin_id, ProjectRole::Manager),
            (ids[1], ProjectRole::Contributor),
            (ids[2], ProjectRole::Contributor),
            (ids[3], ProjectRole::Observer),
        ];
        for (user_id, role) in roles {
            project_member::ActiveModel {
                project_id: Set(p.id),
                user_id: Set(user_id),
                role: Set(role.as_str().to_string()),
            }
            .insert(txn)
            .await?;
        }
        for pair in path_to(spec.status).windows(2) {
            status_change::ActiveModel {
                project_id: Set(p.id),
                from_status: Set(pair[0].as_str().to_string()),
                to_status: Set(pair[1].as_str().to_string()),
                by_user_id: Set(if pair[0] == ProjectStatus::PendingApproval {
                    admin_id
                } else {
                    ids[0]
                }),
                at: Set(now),
                comment: Set(String::new()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        let mut task_ids: Vec<Id> = Vec::new();
        for (i, (en, zh, status, progress, parent, owner, start, days)) in
            spec.tasks.iter().enumerate()
        {
            let t = task::ActiveModel {
                project_id: Set(p.id),
                parent_id: Set(parent.map(|index| task_ids[index])),
                title: Set(pick(en, zh).to_string()),
                description: Set(String::new()),
                deliverable: Set(String::new()),
                owner_id: Set(Some(ids[*owner])),
                start_date: Set(Some(shift(*start))),
                due_date: Set(Some(shift(start + days))),
                status: Set(status.as_str().to_string()),
                priority: Set(if i % 3 == 0 {
                    Priority::High
                } else {
                    Priority::Medium
                }
                .as_str()
                .to_string()),
                progress: Set(i16::from(*progress)),
                milestone: Set(*days == 0),
                sort_order: Set((i as i64 + 1) * 1024),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                // Finished on the day it was due, never later than now.
                done_at: Set((*status == TaskStatus::Done).then(|| {
                    shift(start + days)
                        .and_hms_opt(10, 0, 0)
                        .map_or(now, |at| at.and_utc().min(now))
                })),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            task_ids.push(t.id);
        }
        // A few labels, on every other task, so the board's labels and filters have something to show.
        let mut label_ids = Vec::new();
        for (en, zh, colour) in DEMO_LABELS {
            let created = label::ActiveModel {
                project_id: Set(p.id),
                name: Set(pick(en, zh).to_string()),
                colour: Set(colour.as_str().to_string()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            label_ids.push(created.id);
        }
        for (i, task_id) in task_ids.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
            task_label::ActiveModel {
                task_id: Set(*task_id),
                label_id: Set(label_ids[(i / 2) % label_ids.len()]),
            }
            .insert(txn)
            .await?;
        }
        // Consecutive tasks that follow one another become finish-to-start dependencies, so the
        // Gantt chart shows a real plan.
        for (i, pair) in spec.tasks.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            let nested = b.4 == Some(i) || a.4 == Some(i + 1);
            if !nested && b.6 > a.6 + a.7 {
                task_link::ActiveModel {
                    project_id: Set(p.id),
                    predecessor_id: Set(task_ids[i]),
                    successor_id: Set(task_ids[i + 1]),
                    kind: Set(LinkKind::FinishToStart.as_str().to_string()),
                    lag_days: Set(0),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
        }
        planning::reconcile(txn, admin_id, &p, &[], &task_ids).await?;
        load_finance(txn, sealer, p.id, ids[0], finance, pick, shift).await?;
        if spec.start < 0 {
            let first = shift(spec.start);
            let last = shift((spec.start + spec.days).min(-1));
            load_channel_data(txn, p.id, first, last, pick).await?;
            load_tracking(txn, p.id, first, last).await?;
        }
        audit::Entry::new(AuditEntity::Project, p.id, AuditAction::Demo)
            .by(admin_id)
            .after(&serde_json::json!({ "name": p.name }))
            .write(txn)
            .await?;
    }
    Ok(accounts)
}
