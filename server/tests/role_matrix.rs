//! Every server function × every kind of caller: allowed or refused, and a refused call changes
//! nothing. Runs on SQLite and on PostgreSQL.
mod common;

use app::error::AppError;
use common::{project_body, setup_body, task_body, Harness, BACKENDS};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Admin,
    /// Organisation project manager, not a member of the project.
    Pm,
    /// Member who manages the project.
    Manager,
    Contributor,
    Observer,
    /// Member of the organisation, not of the project.
    Outsider,
    /// Organisation viewer, not a member of the project.
    Viewer,
    Anonymous,
}
use Who::*;

const ALL_CALLERS: &[Who] = &[
    Admin,
    Pm,
    Manager,
    Contributor,
    Observer,
    Outsider,
    Viewer,
    Anonymous,
];
const EVERYONE: &[Who] = &[Admin, Pm, Manager, Contributor, Observer, Outsider, Viewer];
const SEES_PROJECT: &[Who] = &[Admin, Pm, Manager, Contributor, Observer, Viewer];
const EDITS_TASKS: &[Who] = &[Admin, Manager, Contributor];
const MANAGES_PROJECT: &[Who] = &[Admin, Manager];
const COMMENTS: &[Who] = &[Admin, Manager, Contributor, Observer];

const PASSWORD: &str = "long enough password";

struct World {
    h: Harness,
    admin: String,
    sessions: Vec<(Who, String)>,
    ids: Vec<(Who, i64)>,
}

impl World {
    async fn new(backend: &str) -> World {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.expect("setup signs the admin in");
        let mut sessions = vec![(Admin, admin.clone())];
        let mut ids = vec![];
        for (who, name, role) in [
            (Pm, "pmgr", "project_manager"),
            (Manager, "manager", "member"),
            (Contributor, "contributor", "member"),
            (Observer, "observer", "member"),
            (Outsider, "outsider", "member"),
            (Viewer, "viewer", "viewer"),
        ] {
            let user = h
                .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": role, "password": PASSWORD } }))
                .await;
            ids.push((who, user["id"].as_i64().unwrap()));
            sessions.push((who, h.login(name, PASSWORD).await));
        }
        World {
            h,
            admin,
            sessions,
            ids,
        }
    }

    fn session(&self, who: Who) -> Option<&str> {
        self.sessions
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, s)| s.as_str())
    }

    fn id(&self, who: Who) -> i64 {
        self.ids
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, id)| *id)
            .unwrap_or(1)
    }

    /// A new project owned by the admin, with the manager, contributor and observer as members.
    async fn project(&self) -> i64 {
        let id = self
            .h
            .ok(
                &self.admin,
                "create_project",
                json!({ "input": project_body("Campaign", 1) }),
            )
            .await
            .as_i64()
            .unwrap();
        for (who, role) in [
            (Manager, "manager"),
            (Contributor, "contributor"),
            (Observer, "observer"),
        ] {
            self.h
                .ok(
                    &self.admin,
                    "set_project_member",
                    json!({ "input": { "project_id": id, "user_id": self.id(who), "role": role } }),
                )
                .await;
        }
        id
    }

    /// A new account nobody has signed in to yet.
    async fn user(&self) -> Value {
        let n = self.ids.len() + unique() as usize;
        let name = format!("fresh{n}");
        self.h
            .ok(&self.admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": "member", "password": PASSWORD } }))
            .await
    }

    async fn task(&self, project: i64) -> Value {
        self.h
            .ok(
                &self.admin,
                "create_task",
                json!({ "project_id": project, "input": task_body("Key visual") }),
            )
            .await
    }
}

/// What a case needs prepared, by the admin, before the call under test.
enum Fixture {
    None,
    Project,
    Task,
    /// Two tasks of one project, `{ "a": task, "b": task }`.
    Pair,
    /// Two tasks linked finish-to-start, `{ "a", "b", "link": id }`.
    Link,
    User,
    /// A project with a second "to do" column, `{ "extra_column": id }`.
    ExtraColumn,
    /// A project with a label, `{ "label": id }`.
    Label,
    /// An approval flow, `{ "flow": id }`.
    Flow,
    /// A webhook to an address nobody listens on, `{ "webhook": id }`.
    Webhook,
    /// A project with a revenue KPI and a figure for it, a budget line and an expense on it,
    /// `{ "kpi", "figure", "line", "expense" }` (ids).
    Finance,
    /// A project with a task to save as a template, `{ "source": project }` (the project is not
    /// the case's: saving a template does not change it).
    Source,
    /// A template saved by the admin, `{ "template": id }`.
    Template,
    /// An approved project whose new budget line waits on the admin in a budget flow,
    /// `{ "request": id }`.
    BudgetChange,
    /// A project with channel data from an import that refused a row, `{ "import": id }`.
    ChannelData,
    /// A project with an API token made by the admin, `{ "token": id }`.
    Token,
    /// A project with a comment the admin wrote, `{ "comment": id }`.
    Comment,
    /// A project with a file of two versions the admin uploaded, `{ "attachment", "first" }`.
    File,
    /// A project with this week's reports drafted, `{ "report": the project's report }`.
    Report,
    /// A completed project with its retrospective drafted, `{ "version": its version }`.
    Retro,
    /// A reviewed project published as a case by the admin, `{ "case": id }`.
    Case,
    /// The same, for a call that touches no project of its own (starting a new one from it).
    CaseToStart,
}

/// A small export: one good row, one refused.
const EXPORT: &str =
    "日期,渠道,广告计划,花费,展示数\n2026-11-01,抖音,双11,100.50,1000\n2026-13-01,抖音,双11,1,1\n";

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
        % 1_000_000_000
}

/// How a refused call must answer.
#[derive(Clone, Copy, PartialEq)]
enum Refusal {
    /// Not signed in: Unauthenticated; signed in but not allowed: Forbidden or NotFound.
    Access,
    /// Set-up happens once; afterwards it is refused for everyone.
    AlreadySetUp,
}

struct Case {
    endpoint: &'static str,
    allowed: &'static [Who],
    refusal: Refusal,
    fixture: Fixture,
    body: fn(&World, i64, &Value) -> Value,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            endpoint: "session_info",
            allowed: ALL_CALLERS,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "list_users",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "create_user",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "input": { "username": format!("new{}", unique()), "display_name": "New", "email": "", "role": "member", "password": PASSWORD } }),
        },
        Case {
            endpoint: "update_user",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |w, _, _| json!({ "change": { "id": w.id(Outsider), "role": "member", "active": true } }),
        },
        Case {
            endpoint: "change_password",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "change": { "current": PASSWORD, "new": PASSWORD } }),
        },
        Case {
            endpoint: "list_audit",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "filter": { "entity": null, "actor_id": null, "action": null, "page": 0 } }),
        },
        Case {
            endpoint: "verify_audit",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "list_projects",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "include_archived": true }),
        },
        Case {
            endpoint: "create_project",
            allowed: &[Admin, Pm],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "input": project_body("New campaign", 1) }),
        },
        Case {
            endpoint: "get_project",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "id": p }),
        },
        Case {
            endpoint: "update_project",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "id": p, "version": 1, "input": project_body("Renamed", 1) }),
        },
        Case {
            endpoint: "change_project_status",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "request": { "project_id": p, "to": "pending_approval", "comment": "" } }),
        },
        Case {
            endpoint: "set_project_member",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |w, p, _| json!({ "input": { "project_id": p, "user_id": w.id(Outsider), "role": "contributor" } }),
        },
        Case {
            endpoint: "list_tasks",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "create_task",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "input": task_body("Poster") }),
        },
        Case {
            endpoint: "update_task",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Task,
            body: |_, _, t| json!({ "task_id": t["id"], "version": t["version"], "input": task_body("Renamed") }),
        },
        Case {
            endpoint: "move_task",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Task,
            body: |_, _, t| json!({ "request": { "task_id": t["id"], "column_id": t["board"]["columns"][3]["id"], "before_id": null } }),
        },
        Case {
            endpoint: "delete_task",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Task,
            body: |_, _, t| json!({ "task_id": t["id"] }),
        },
        Case {
            endpoint: "get_schedule",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "create_link",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Pair,
            body: |_, p, t| json!({ "input": { "project_id": p, "predecessor_id": t["a"]["id"], "successor_id": t["b"]["id"], "kind": "start_to_start", "lag_days": 1 } }),
        },
        Case {
            endpoint: "delete_link",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Link,
            body: |_, _, t| json!({ "link_id": t["link"] }),
        },
        Case {
            endpoint: "reschedule_tasks",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Task,
            body: |_, p, t| json!({ "project_id": p, "requests": [{ "task_id": t["id"], "version": t["version"], "start": "2026-11-09", "due": "2026-11-11" }] }),
        },
        Case {
            endpoint: "set_calendar",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "calendar": { "weekend": [6], "holidays": ["2026-11-11"], "working_weekends": [] } }),
        },
        Case {
            endpoint: "save_baseline",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "name": "Approved plan" }),
        },
        Case {
            endpoint: "bulk_update_tasks",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Task,
            body: |_, p, t| json!({ "edit": { "project_id": p, "task_ids": [t["id"]], "status": "review", "priority": "high" } }),
        },
        Case {
            endpoint: "my_tasks",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "get_board",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "save_board_column",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "input": { "project_id": p, "id": null, "name": "Design review", "category": "review", "colour": "purple", "wip_limit": 3 } }),
        },
        Case {
            endpoint: "reorder_board_columns",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, t| {
                let mut order: Vec<Value> = t["board"]["columns"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].clone())
                    .collect();
                order.reverse();
                json!({ "project_id": p, "order": order })
            },
        },
        Case {
            endpoint: "delete_board_column",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::ExtraColumn,
            body: |_, _, t| json!({ "column_id": t["extra_column"], "move_to": t["board"]["columns"][0]["id"] }),
        },
        Case {
            endpoint: "save_label",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "input": { "project_id": p, "id": null, "name": format!("KOL {}", unique()), "colour": "red" } }),
        },
        Case {
            endpoint: "delete_label",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Label,
            body: |_, _, t| json!({ "label_id": t["label"] }),
        },
        Case {
            endpoint: "channel_report",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::ChannelData,
            body: |_, p, _| json!({ "query": { "project_id": p, "dimension": "campaign", "compare": true } }),
        },
        Case {
            endpoint: "import_refused_rows",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::ChannelData,
            body: |_, _, t| json!({ "import_id": t["import"] }),
        },
        Case {
            endpoint: "export_channel_report",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::ChannelData,
            body: |_, p, _| json!({ "query": { "project_id": p, "dimension": "day" }, "xlsx": true }),
        },
        Case {
            endpoint: "connections",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Token,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "create_api_token",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "input": { "project_id": p, "name": "CRM", "scopes": ["conversions"] } }),
        },
        Case {
            endpoint: "revoke_api_token",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Token,
            body: |_, _, t| json!({ "token_id": t["token"] }),
        },
        Case {
            endpoint: "site_key",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "funnel",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "query": { "project_id": p, "model": "linear", "kind": "order" } }),
        },
        Case {
            endpoint: "get_finance",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Finance,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "save_kpi",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "input": { "project_id": p, "id": null, "version": 0, "metric": "leads", "name": "", "unit": "", "target": "1.2万", "phasing": { "kind": "linear" }, "splits": [] } }),
        },
        Case {
            endpoint: "delete_kpi",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Finance,
            body: |_, _, t| json!({ "kpi_id": t["kpi"] }),
        },
        Case {
            endpoint: "record_kpi_actual",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Finance,
            body: |_, _, t| json!({ "input": { "kpi_id": t["kpi"], "day": "2026-11-03", "channel": "douyin", "value": "8,000" } }),
        },
        Case {
            endpoint: "delete_kpi_actual",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Finance,
            body: |_, _, t| json!({ "entry_id": t["figure"] }),
        },
        Case {
            endpoint: "save_budget_line",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "input": { "project_id": p, "id": null, "version": 0, "name": "KOL seeding", "channel": "xiaohongshu", "category": "kol", "phase": "warm_up", "planned": "3万" } }),
        },
        Case {
            endpoint: "delete_budget_line",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Finance,
            // The line with no expenses: the one with an expense cannot be deleted by anyone.
            body: |_, _, t| json!({ "line_id": t["empty_line"] }),
        },
        Case {
            endpoint: "save_expense",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Finance,
            body: |_, p, t| json!({ "input": { "project_id": p, "id": null, "version": 0, "line_id": t["line"], "day": "2026-11-04", "vendor": "Studio", "amount": "2,500", "state": "paid", "note": "" } }),
        },
        Case {
            endpoint: "delete_expense",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Finance,
            body: |_, _, t| json!({ "expense_id": t["expense"] }),
        },
        Case {
            endpoint: "set_project_currency",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "currency": "USD" }),
        },
        Case {
            endpoint: "list_approval_flows",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::Flow,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "save_approval_flow",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |w, _, _| json!({ "input": { "id": null, "version": 0, "name": format!("Big launches {}", unique()), "kind": "product_launch", "budget_above": "10万", "steps": [{ "name": "Marketing lead", "mode": "any", "users": [w.id(Pm)], "roles": [] }, { "name": "Finance", "mode": "all", "users": [], "roles": ["admin"] }] } }),
        },
        Case {
            endpoint: "delete_approval_flow",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::Flow,
            body: |_, _, t| json!({ "flow_id": t["flow"] }),
        },
        Case {
            endpoint: "my_approvals",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "list_webhooks",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::Webhook,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "save_webhook",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "input": { "id": null, "version": 0, "name": format!("OA {}", unique()), "kind": "generic", "url": "http://127.0.0.1:9/hook", "secret": "s", "events": ["approved"], "active": true } }),
        },
        Case {
            endpoint: "delete_webhook",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::Webhook,
            body: |_, _, t| json!({ "webhook_id": t["webhook"] }),
        },
        Case {
            endpoint: "test_webhook",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::Webhook,
            body: |_, _, t| json!({ "webhook_id": t["webhook"] }),
        },
        Case {
            endpoint: "my_notifications",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "mark_notifications_read",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "ids": [] }),
        },
        Case {
            endpoint: "set_alert_days",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "days": 5 }),
        },
        Case {
            endpoint: "list_templates",
            allowed: &[Admin, Pm],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "save_project_as_template",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::Source,
            body: |_, _, t| json!({ "input": { "project_id": t["source"], "name": format!("Playbook {}", unique()), "description": "", "with_kpis": true, "with_budget": true } }),
        },
        Case {
            endpoint: "update_template",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::Template,
            body: |_, _, t| json!({ "edit": { "id": t["template"], "version": 1, "name": format!("Renamed {}", unique()), "description": "", "kind": "other" } }),
        },
        Case {
            endpoint: "delete_template",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::Template,
            body: |_, _, t| json!({ "id": t["template"] }),
        },
        Case {
            endpoint: "decide_budget_change",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::BudgetChange,
            body: |_, _, t| json!({ "request_id": t["request"], "approve": true, "comment": "" }),
        },
        Case {
            endpoint: "get_org_settings",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "save_org_settings",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "input": { "time_zone": "Asia/Shanghai", "check_in_at": "17:30" } }),
        },
        Case {
            endpoint: "my_notify_prefs",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "set_notify_prefs",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "prefs": { "muted": ["commented"] } }),
        },
        Case {
            endpoint: "set_my_locale",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "tag": "zh-CN" }),
        },
        Case {
            endpoint: "my_check_ins",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "push_public_key",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "subscribe_push",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            // The browser keys of RFC 8291's example; nothing is sent to the address here.
            body: |_, _, _| json!({ "input": { "endpoint": "https://push.example.net/send/role-matrix", "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4", "auth": "BTBZMqHH6r4Tts7J_aSIgg", "agent": "Chrome · Linux" } }),
        },
        Case {
            endpoint: "unsubscribe_push",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "id": 1 }),
        },
        Case {
            endpoint: "test_push",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "get_mail_settings",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "save_mail_settings",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "input": { "enabled": false, "host": "mail.example.com", "port": 587, "security": "starttls", "username": "", "password": "", "from_address": "Marquee <marquee@example.com>", "site_url": "https://marquee.example.com" } }),
        },
        Case {
            endpoint: "test_mail",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            // Nothing listens on the discard port here: the answer says the message did not go.
            body: |_, _, _| json!({ "input": { "enabled": true, "host": "127.0.0.1", "port": 9, "security": "none", "username": "", "password": "", "from_address": "marquee@example.com", "site_url": "https://marquee.example.com" }, "to": "admin@example.com" }),
        },
        Case {
            endpoint: "official_calendar",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "list_holiday_years",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "save_holiday_year",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "year": 2027, "text": "2027-01-01 off\n2027-02-06 ~ 2027-02-13 off\n2027-02-14 work" }),
        },
        Case {
            endpoint: "delete_holiday_year",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "year": 2027 }),
        },
        Case {
            endpoint: "apply_holiday_year",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "year": 2026 }),
        },
        Case {
            endpoint: "get_check_ins",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "day": null }),
        },
        Case {
            endpoint: "save_check_in",
            allowed: &[Admin, Manager, Contributor],
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "input": { "project_id": p, "done": "Briefed the agency", "next": "", "blockers": "", "tasks": [] } }),
        },
        Case {
            endpoint: "list_comments",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "thread": { "project_id": p, "task_id": null } }),
        },
        Case {
            endpoint: "add_comment",
            allowed: COMMENTS,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "thread": { "project_id": p, "task_id": null }, "body": "Looks good @manager" }),
        },
        Case {
            endpoint: "edit_comment",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::Comment,
            body: |_, _, t| json!({ "comment_id": t["comment"], "body": "Changed @observer" }),
        },
        Case {
            endpoint: "delete_comment",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Comment,
            body: |_, _, t| json!({ "comment_id": t["comment"] }),
        },
        Case {
            endpoint: "list_reports",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "draft_reports",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "get_report",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Report,
            body: |_, _, t| json!({ "id": t["report"] }),
        },
        Case {
            endpoint: "save_report",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Report,
            body: |_, _, t| json!({ "id": t["report"], "summary": "Key visual signed off." }),
        },
        Case {
            endpoint: "refresh_report",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Report,
            body: |_, _, t| json!({ "id": t["report"] }),
        },
        Case {
            endpoint: "send_report",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Report,
            body: |_, _, t| json!({ "id": t["report"] }),
        },
        Case {
            endpoint: "get_retro",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Retro,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "draft_retro",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Retro,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "save_retro",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Retro,
            body: |w, p, t| json!({ "project_id": p, "edit": { "version": t["version"], "sections": { "went_well": "Launch on time" }, "actions": [{ "text": "Give approvals a deadline", "owner_id": w.id(Manager), "due_date": null, "target_project_id": null }] } }),
        },
        Case {
            endpoint: "approve_retro",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Retro,
            body: |_, p, t| json!({ "project_id": p, "version": t["version"] }),
        },
        Case {
            endpoint: "list_cases",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::Case,
            body: |_, _, _| json!({ "filter": { "kind": "holiday_promotion" } }),
        },
        Case {
            endpoint: "get_case",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::Case,
            body: |_, _, t| json!({ "id": t["case"] }),
        },
        Case {
            endpoint: "publish_case",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Case,
            body: |_, p, _| json!({ "input": { "project_id": p, "title": "Launch week, told again", "industry": null, "lessons": "", "files": [] } }),
        },
        Case {
            endpoint: "cases_like_project",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Case,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "case_template",
            allowed: &[Admin, Pm],
            refusal: Refusal::Access,
            fixture: Fixture::Case,
            body: |_, _, t| json!({ "id": t["case"] }),
        },
        Case {
            endpoint: "create_project",
            allowed: &[Admin, Pm],
            refusal: Refusal::Access,
            fixture: Fixture::CaseToStart,
            body: |_, _, t| json!({ "input": project_body("From a case", 1), "from_case": t["case"], "budget_total": 5_000_000 }),
        },
        Case {
            endpoint: "get_points",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "query": { "month": null, "project_id": null } }),
        },
        Case {
            endpoint: "save_point_rule",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "input": { "rule": "helped", "points": 4, "active": true } }),
        },
        Case {
            endpoint: "adjust_points",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |w, _, _| json!({ "input": { "user_id": w.id(Contributor), "points": 30, "reason": "Ran the launch night" } }),
        },
        Case {
            endpoint: "leave_leaderboard",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "hidden": true }),
        },
        Case {
            endpoint: "nominate_star",
            allowed: &[Admin, Pm, Manager, Contributor, Observer, Outsider],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |w, _, _| json!({ "input": { "nominee_id": w.id(Viewer), "reason": "Kept the launch calm" } }),
        },
        Case {
            endpoint: "get_performance",
            allowed: EVERYONE,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "query": { "from": "2026-11-01", "to": "2026-11-30", "project_id": null } }),
        },
        Case {
            endpoint: "get_performance",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "query": { "from": "2026-11-01", "to": "2026-11-30", "project_id": p } }),
        },
        Case {
            endpoint: "get_performance",
            allowed: &[Admin],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({ "query": { "from": "2026-11-01", "to": "2026-11-30", "project_id": null, "everyone": true } }),
        },
        Case {
            endpoint: "export_performance",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "query": { "from": "2026-11-01", "to": "2026-11-30", "project_id": p } }),
        },
        Case {
            endpoint: "pmo_dashboard",
            allowed: &[Admin, Pm, Viewer],
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
        Case {
            endpoint: "case_draft",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Case,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "withdraw_case",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Case,
            body: |_, _, t| json!({ "id": t["case"] }),
        },
        Case {
            endpoint: "list_attachments",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "place": "Project" }),
        },
        Case {
            endpoint: "add_link",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "input": { "project_id": p, "place": "Project", "text": "链接: https://pan.baidu.com/s/1abc 提取码: x7k2", "title": "" } }),
        },
        Case {
            endpoint: "restore_version",
            allowed: EDITS_TASKS,
            refusal: Refusal::Access,
            fixture: Fixture::File,
            body: |_, _, t| json!({ "version_id": t["first"] }),
        },
        Case {
            endpoint: "delete_attachment",
            allowed: MANAGES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::File,
            body: |_, _, t| json!({ "id": t["attachment"] }),
        },
        Case {
            endpoint: "mention_candidates",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p }),
        },
        Case {
            endpoint: "project_activity",
            allowed: SEES_PROJECT,
            refusal: Refusal::Access,
            fixture: Fixture::Project,
            body: |_, p, _| json!({ "project_id": p, "filter": { "actor_id": null, "kind": "tasks", "before": null } }),
        },
        Case {
            endpoint: "setup",
            allowed: &[],
            refusal: Refusal::AlreadySetUp,
            fixture: Fixture::None,
            body: |_, _, _| setup_body("second-admin", PASSWORD),
        },
        Case {
            endpoint: "login",
            allowed: ALL_CALLERS,
            refusal: Refusal::Access,
            fixture: Fixture::User,
            body: |_, _, u| json!({ "username": u["username"], "password": PASSWORD }),
        },
        // Last: it ends each caller's session.
        Case {
            endpoint: "logout",
            allowed: ALL_CALLERS,
            refusal: Refusal::Access,
            fixture: Fixture::None,
            body: |_, _, _| json!({}),
        },
    ]
}

/// Prepares what a case needs, as the admin: its project (0 if none) and the ids it refers to.
async fn prepare(world: &World, fixture: &Fixture) -> (i64, Value) {
    let (project, task) = match fixture {
        Fixture::None => (0, Value::Null),
        Fixture::Project => (world.project().await, Value::Null),
        Fixture::Task => {
            let p = world.project().await;
            (p, world.task(p).await)
        }
        Fixture::Pair | Fixture::Link => {
            let p = world.project().await;
            let (a, b) = (world.task(p).await, world.task(p).await);
            let mut pair = json!({ "a": a, "b": b });
            if matches!(fixture, Fixture::Link) {
                let change = world
                    .h
                    .ok(&world.admin, "create_link", json!({ "input": { "project_id": p, "predecessor_id": a["id"], "successor_id": b["id"], "kind": "finish_to_start", "lag_days": 0 } }))
                    .await;
                pair["link"] = change["links"][0]["id"].clone();
            }
            (p, pair)
        }
        Fixture::User => (0, world.user().await),
        Fixture::ExtraColumn => {
            let p = world.project().await;
            let board = world
                .h
                .ok(&world.admin, "save_board_column", json!({ "input": { "project_id": p, "id": null, "name": "Backlog", "category": "todo", "colour": "grey", "wip_limit": null } }))
                .await;
            let extra = board["columns"].as_array().unwrap().last().unwrap()["id"].clone();
            (p, json!({ "extra_column": extra }))
        }
        Fixture::Webhook => {
            let hooks = world
                .h
                .ok(&world.admin, "save_webhook", json!({ "input": { "id": null, "version": 0, "name": format!("Hook {}", unique()), "kind": "dingtalk", "url": "http://127.0.0.1:9/robot?access_token=x", "secret": "SEC", "events": ["submitted"], "active": false } }))
                .await;
            let hook = hooks.as_array().unwrap().last().unwrap()["id"].clone();
            (0, json!({ "webhook": hook }))
        }
        Fixture::Flow => {
            let flows = world
                .h
                .ok(&world.admin, "save_approval_flow", json!({ "input": { "id": null, "version": 0, "name": format!("Flow {}", unique()), "kind": null, "budget_above": "", "steps": [{ "name": "", "mode": "any", "users": [], "roles": ["admin"] }] } }))
                .await;
            let flow = flows.as_array().unwrap().last().unwrap()["id"].clone();
            (0, json!({ "flow": flow }))
        }
        Fixture::ChannelData => {
            let p = world.project().await;
            let out = world
                .h
                .import(&world.admin, p, "export.csv", EXPORT.as_bytes())
                .await;
            (p, json!({ "import": out["import"]["id"] }))
        }
        Fixture::Comment => {
            let p = world.project().await;
            let out = world
                .h
                .ok(&world.admin, "add_comment", json!({ "thread": { "project_id": p, "task_id": null }, "body": "First thoughts" }))
                .await;
            (p, json!({ "comment": out["comment"]["id"] }))
        }
        Fixture::Retro => {
            // Completed without going through the approval flows other cases leave behind.
            let p = world.project().await;
            world
                .h
                .state
                .db
                .execute_unprepared(&format!(
                    "UPDATE projects SET status = 'completed' WHERE id = {p}"
                ))
                .await
                .unwrap();
            let retro = world
                .h
                .ok(&world.admin, "draft_retro", json!({ "project_id": p }))
                .await;
            (p, json!({ "version": retro["version"] }))
        }
        Fixture::Case | Fixture::CaseToStart => {
            let p = world.project().await;
            // A plan to start projects from.
            world.task(p).await;
            world
                .h
                .state
                .db
                .execute_unprepared(&format!(
                    "UPDATE projects SET status = 'completed' WHERE id = {p}"
                ))
                .await
                .unwrap();
            let retro = world
                .h
                .ok(&world.admin, "draft_retro", json!({ "project_id": p }))
                .await;
            world
                .h
                .ok(
                    &world.admin,
                    "approve_retro",
                    json!({ "project_id": p, "version": retro["version"] }),
                )
                .await;
            let case = world
                .h
                .ok(&world.admin, "publish_case", json!({ "input": { "project_id": p, "title": "Launch week", "industry": "beauty", "lessons": "Book hosts early.", "files": [] } }))
                .await;
            let touched = if matches!(fixture, Fixture::Case) {
                p
            } else {
                0
            };
            (touched, json!({ "case": case["summary"]["id"] }))
        }
        Fixture::Report => {
            let p = world.project().await;
            let out = world
                .h
                .ok(&world.admin, "draft_reports", json!({ "project_id": p }))
                .await;
            let report = out["reports"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["person"].is_null())
                .unwrap()["id"]
                .clone();
            (p, json!({ "report": report }))
        }
        Fixture::File => {
            let p = world.project().await;
            world
                .h
                .upload(&world.admin, p, "project", "brief.txt", b"one")
                .await;
            let out = world
                .h
                .upload(&world.admin, p, "project", "brief.txt", b"two")
                .await;
            let first = out["body"]["File"]["versions"][1]["id"].clone();
            (p, json!({ "attachment": out["id"], "first": first }))
        }
        Fixture::Token => {
            let p = world.project().await;
            let out = world
                .h
                .ok(&world.admin, "create_api_token", json!({ "input": { "project_id": p, "name": "Ads sync", "scopes": ["metrics"] } }))
                .await;
            (p, json!({ "token": out["token"]["id"] }))
        }
        Fixture::Finance => {
            let p = world.project().await;
            let h = &world.h;
            let f = h
                .ok(&world.admin, "save_kpi", json!({ "input": { "project_id": p, "id": null, "version": 0, "metric": "revenue", "name": "", "unit": "", "target": "100,000", "phasing": { "kind": "linear" }, "splits": [] } }))
                .await;
            let kpi = f["kpis"][0]["id"].clone();
            let f = h
                .ok(&world.admin, "record_kpi_actual", json!({ "input": { "kpi_id": kpi, "day": "2026-11-02", "channel": null, "value": "5,000" } }))
                .await;
            let figure = f["kpis"][0]["entries"][0]["id"].clone();
            for name in ["Paid media", "Spare"] {
                h.ok(&world.admin, "save_budget_line", json!({ "input": { "project_id": p, "id": null, "version": 0, "name": name, "channel": "douyin", "category": "media", "phase": "launch", "planned": "50,000" } }))
                    .await;
            }
            let f = h
                .ok(&world.admin, "get_finance", json!({ "project_id": p }))
                .await;
            let (line, empty_line) = (f["lines"][0]["id"].clone(), f["lines"][1]["id"].clone());
            let f = h
                .ok(&world.admin, "save_expense", json!({ "input": { "project_id": p, "id": null, "version": 0, "line_id": line, "day": "2026-11-03", "vendor": "Agency", "amount": "12,000", "state": "committed", "note": "" } }))
                .await;
            let expense = f["expenses"][0]["id"].clone();
            (
                p,
                json!({ "kpi": kpi, "figure": figure, "line": line, "empty_line": empty_line, "expense": expense }),
            )
        }
        Fixture::Source | Fixture::Template => {
            let p = world.project().await;
            world.task(p).await;
            if matches!(fixture, Fixture::Source) {
                (0, json!({ "source": p }))
            } else {
                let id = world
                    .h
                    .ok(&world.admin, "save_project_as_template", json!({ "input": { "project_id": p, "name": format!("Template {}", unique()), "description": "", "with_kpis": true, "with_budget": true } }))
                    .await;
                (0, json!({ "template": id }))
            }
        }
        Fixture::BudgetChange => {
            let h = &world.h;
            h.ok(&world.admin, "save_approval_flow", json!({ "input": { "id": null, "version": 0, "name": format!("Raises {}", unique()), "purpose": "budget", "kind": null, "budget_above": "", "steps": [{ "name": "", "mode": "any", "users": [world.id(Admin)], "roles": [] }] } }))
                .await;
            let p = world.project().await;
            for to in ["pending_approval", "approved"] {
                h.ok(&world.admin, "change_project_status", json!({ "request": { "project_id": p, "to": to, "comment": "", "flow_id": null } }))
                    .await;
            }
            let f = h
                .ok(&world.admin, "save_budget_line", json!({ "input": { "project_id": p, "id": null, "version": 0, "name": "Outdoor", "channel": null, "category": "media", "phase": "launch", "planned": "1万" } }))
                .await;
            (p, json!({ "request": f["budget_changes"][0]["id"] }))
        }
        Fixture::Label => {
            let p = world.project().await;
            let board = world
                .h
                .ok(&world.admin, "save_label", json!({ "input": { "project_id": p, "id": null, "name": "KOL", "colour": "red" } }))
                .await;
            (p, json!({ "label": board["labels"][0]["id"] }))
        }
    };
    // Every project fixture comes with its board, as the board page would see it.
    let mut task = task;
    if project != 0 {
        let board = world
            .h
            .ok(&world.admin, "get_board", json!({ "project_id": project }))
            .await;
        if task.is_null() {
            task = json!({});
        }
        task["board"] = board;
    }
    (project, task)
}

async fn walk(backend: &str) {
    let world = World::new(backend).await;
    for case in cases() {
        for &who in ALL_CALLERS {
            let (project, task) = prepare(&world, &case.fixture).await;
            let body = (case.body)(&world, project, &task);
            let before = world.h.fingerprint().await;
            let revision = world.h.revision(project).await;
            let audited = world.h.audit_count().await;
            let (status, _, text) = world.h.call(world.session(who), case.endpoint, body).await;
            let expected = case.allowed.contains(&who);
            assert_eq!(
                status.is_success(),
                expected,
                "[{backend}] {} as {who:?}: {status} {text}",
                case.endpoint
            );
            // What is kept per project revision (the encoded schedule) is only right if every
            // change to a project moves its revision on, and reading leaves it alone.
            if project != 0 {
                let changed = world.h.audit_count().await != audited;
                assert_eq!(
                    world.h.revision(project).await != revision,
                    changed,
                    "[{backend}] {} as {who:?}: the project changed = {changed}, its revision disagrees",
                    case.endpoint
                );
            }
            if !expected {
                let error: AppError = serde_json::from_str(&text)
                    .unwrap_or_else(|_| panic!("{}: {text}", case.endpoint));
                let fitting = match (case.refusal, who) {
                    (Refusal::AlreadySetUp, _) => error == AppError::AlreadySetUp,
                    (Refusal::Access, Anonymous) => error == AppError::Unauthenticated,
                    (Refusal::Access, _) => {
                        matches!(error, AppError::Forbidden | AppError::NotFound)
                    }
                };
                assert!(
                    fitting,
                    "[{backend}] {} as {who:?} refused with {error:?}",
                    case.endpoint
                );
                assert_eq!(
                    world.h.fingerprint().await,
                    before,
                    "[{backend}] refused {} as {who:?} changed data",
                    case.endpoint
                );
            }
        }
    }
    world.h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_for_every_caller() {
    for backend in BACKENDS {
        walk(backend).await;
    }
}

/// A new server function cannot slip past the matrix: every one the app serves has a case.
#[test]
fn the_matrix_covers_every_server_function() {
    // An endpoint may have more than one row (a project made from scratch, from a case).
    let mut covered: Vec<&str> = cases().iter().map(|c| c.endpoint).collect();
    covered.sort_unstable();
    covered.dedup();
    let mut served: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    served.sort();
    assert!(served.len() >= covered.len(), "{served:?}");
    for name in &served {
        assert!(
            covered.contains(&name.as_str()),
            "{name} has no row in the role matrix"
        );
    }
}

/// Where a value stands in a body.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// The places in `value` a generated value may go: every field and item, containers too.
fn places(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                at.push(Step::Key(k.clone()));
                out.push(at.clone());
                places(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Step::Index(i));
                out.push(at.clone());
                places(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Puts `new` at `at`, if the body still has that place (an earlier swap may have replaced a
/// container it was in).
fn put(value: &mut Value, at: &[Step], new: Value) {
    let mut here = value;
    for step in at {
        let next = match step {
            Step::Key(k) => here.get_mut(k.as_str()),
            Step::Index(i) => here.get_mut(*i),
        };
        match next {
            Some(v) => here = v,
            None => return,
        }
    }
    *here = new;
}

/// Values of every shape at the edges: numbers at the ends of their types, text long and
/// strange, dates far off, and the wrong kinds altogether.
fn extremes() -> Vec<Value> {
    vec![
        json!(i64::MAX),
        json!(i64::MIN),
        json!(i32::MAX),
        json!(-1),
        json!(0),
        json!(u64::MAX),
        json!(1e308),
        json!(-1e308),
        json!(0.000001),
        json!(""),
        json!(" "),
        json!("x".repeat(20_000)),
        json!("🎉\u{0}\u{202e}'; DROP TABLE users; --"),
        json!("-9223372036854775808"),
        json!("99999999999999999999.99"),
        json!("1e400"),
        json!("9999-12-31"),
        json!("0001-01-01"),
        json!("+262143-12-31"),
        json!("2026-02-30"),
        json!("2200-12-31"),
        json!("1970-01-01"),
        json!(null),
        json!(true),
        json!([]),
        json!({}),
        json!([i64::MAX, -1, "x"]),
    ]
}

/// A small deterministic generator: the same bodies every run, so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

/// Every server function called by the admin with generated bodies — each a valid body with
/// one to three of its values, or the whole of it, swapped for an extreme one. None may be
/// answered with a server error or take the server down: bad input is a 4xx with a translated
/// error, however malformed.
async fn generated(backend: &str) {
    let world = World::new(backend).await;
    let edges = extremes();
    let mut dice = Dice(0x5eed_cafe_f00d);
    for case in cases() {
        if matches!(case.endpoint, "logout" | "setup") {
            continue;
        }
        let (project, task) = prepare(&world, &case.fixture).await;
        let valid = (case.body)(&world, project, &task);
        let mut spots = Vec::new();
        places(&valid, &mut Vec::new(), &mut spots);
        let mut bodies = vec![json!({}), json!([]), json!(null), json!("text")];
        for _ in 0..100 {
            let mut body = valid.clone();
            if !spots.is_empty() {
                for _ in 0..=dice.next(3) {
                    let at = &spots[dice.next(spots.len())];
                    put(&mut body, at, edges[dice.next(edges.len())].clone());
                }
            }
            bodies.push(body);
        }
        for body in bodies {
            let shown = body.to_string().chars().take(300).collect::<String>();
            let (status, _, text) = world.h.call(Some(&world.admin), case.endpoint, body).await;
            assert!(
                !status.is_server_error(),
                "[{backend}] {} answered {status} to {shown}: {text}",
                case.endpoint
            );
            if !status.is_success() {
                let error: Result<AppError, _> = serde_json::from_str(&text);
                assert!(
                    error.is_ok(),
                    "[{backend}] {} refused {shown} without an error a person can read: {text}",
                    case.endpoint
                );
            }
        }
    }
    world.h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_bodies_never_fail_the_server() {
    for backend in BACKENDS {
        generated(backend).await;
    }
}

/// The file upload route is not a server function, so the matrix above does not reach it: the
/// same rule, every caller, and a refused upload changes nothing.
async fn uploads(backend: &str) {
    let world = World::new(backend).await;
    for &who in ALL_CALLERS {
        let p = world.project().await;
        let before = world.h.fingerprint().await;
        let (status, body) = match world.session(who) {
            Some(cookie) => {
                world
                    .h
                    .import_as(cookie, p, "export.csv", EXPORT.as_bytes(), None)
                    .await
            }
            None => {
                let (status, _, body) = world
                    .h
                    .send(
                        "POST",
                        &format!("/api/upload/channel-data/{p}?name=export.csv"),
                        &[],
                        EXPORT,
                    )
                    .await;
                (status, body)
            }
        };
        let expected = EDITS_TASKS.contains(&who);
        assert_eq!(
            status.is_success(),
            expected,
            "[{backend}] upload as {who:?}: {status} {body}"
        );
        if !expected {
            let error: AppError = serde_json::from_str(&body).unwrap();
            let fitting = match who {
                Anonymous => error == AppError::Unauthenticated,
                _ => matches!(error, AppError::Forbidden | AppError::NotFound),
            };
            assert!(
                fitting,
                "[{backend}] upload as {who:?} refused with {error:?}"
            );
            assert_eq!(
                world.h.fingerprint().await,
                before,
                "[{backend}] refused upload as {who:?} changed data"
            );
        }
    }
    world.h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_caller_uploading_channel_data() {
    for backend in BACKENDS {
        uploads(backend).await;
    }
}
