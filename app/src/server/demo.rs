//! The demo organisation offered at set-up: people in every role and campaigns in different
//! states, so a new team sees the product at work.
use chrono::{Days, Utc};
use rand::{distributions::Alphanumeric, Rng};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction};

use super::auth::hash_password;
use super::entity::{
    label, project, project_member, status_change, task, task_label, task_link, user,
};
use super::{audit, planning};
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::model::{
    AuditAction, AuditEntity, Colour, DemoAccount, Id, LinkKind, OrgRole, Priority, ProjectKind,
    ProjectRole, ProjectStatus, Risk, RiskLevel, TaskStatus,
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

pub async fn load(
    txn: &DatabaseTransaction,
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
        let created = user::ActiveModel {
            username: Set(person.username.to_string()),
            display_name: Set(pick(person.en, person.zh).to_string()),
            email: Set(format!("{}@example.com", person.username)),
            password_hash: Set(hash_password(&secret).await?),
            role: Set(person.role.as_str().to_string()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.push(created.id);
        accounts.push(DemoAccount {
            username: created.username,
            display_name: created.display_name,
            role: person.role,
            password: secret,
        });
    }

    for spec in PROJECTS {
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
            calendar: Set(planning::calendar_json(&planning::default_calendar(locale))),
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
        audit::record(
            txn,
            Some(admin_id),
            AuditEntity::Project,
            p.id,
            AuditAction::Demo,
            None::<&()>,
            Some(&serde_json::json!({ "name": p.name })),
        )
        .await?;
    }
    Ok(accounts)
}
