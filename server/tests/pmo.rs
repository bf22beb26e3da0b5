//! The PMO dashboard, on SQLite and PostgreSQL: twelve months, the current one last; a project
//! counts in the month it was completed with its retrospective's cycle, budget variance and
//! ROI; tasks due and slipped count in their month; approvals in the month they were decided;
//! only those who see every project read it.
mod common;

use app::error::AppError;
use chrono::Datelike;
use common::{project_body, setup_body, task_body, Harness, BACKENDS};
use serde_json::json;

const PASSWORD: &str = "long enough password";

#[tokio::test]
async fn months_count_completed_projects_slipped_tasks_and_approval_waits() {
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        for (name, role) in [("member", "member"), ("viewer", "viewer")] {
            h.ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": role, "password": PASSWORD } }))
                .await;
        }
        let (member, viewer) = (
            h.login("member", PASSWORD).await,
            h.login("viewer", PASSWORD).await,
        );
        let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai);
        let today = now.date_naive();
        let this_month = format!("{:04}-{:02}", today.year(), today.month());
        // A campaign with a ¥100,000 budget and nothing spent, one task done and one that
        // slipped past its day (yesterday), run through approval to completed.
        let mut body = project_body("双十二", 1);
        body["start_date"] = json!((today - chrono::Duration::days(20)).to_string());
        body["end_date"] = json!(today.to_string());
        let p = h
            .ok(&admin, "create_project", json!({ "input": body }))
            .await
            .as_i64()
            .unwrap();
        h.ok(&admin, "save_budget_line", json!({ "input": { "project_id": p, "id": null, "version": 0, "name": "抖音投放", "channel": "douyin", "category": "media", "phase": "launch", "planned": "10万" } }))
            .await;
        let yesterday = (today - chrono::Duration::days(1)).to_string();
        let mut late = task_body("直播脚本");
        late["due_date"] = json!(yesterday);
        late["start_date"] = json!(yesterday);
        h.ok(
            &admin,
            "create_task",
            json!({ "project_id": p, "input": late }),
        )
        .await;
        for to in ["pending_approval", "approved", "in_progress", "completed"] {
            h.ok(
                &admin,
                "change_project_status",
                json!({ "request": { "project_id": p, "to": to, "comment": "", "flow_id": null } }),
            )
            .await;
        }

        let board = h.ok(&viewer, "pmo_dashboard", json!({})).await;
        let months = board["months"].as_array().unwrap();
        assert_eq!(months.len(), 12, "{backend}");
        let last = months.last().unwrap();
        assert_eq!(last["month"], this_month.as_str());
        assert_eq!(last["completed"], 1);
        // Nothing of a ¥100,000 plan spent: 100 % under.
        assert_eq!(last["budget_variance"], -10_000);
        // The task slipped in the month it was due: yesterday's (on the 1st, the month before).
        let due_month = {
            let y = today - chrono::Duration::days(1);
            format!("{:04}-{:02}", y.year(), y.month())
        };
        let due = months
            .iter()
            .find(|m| m["month"] == due_month.as_str())
            .unwrap();
        assert_eq!(due["tasks_due"], 1, "{due}");
        assert_eq!(due["overdue_rate"], 10_000, "{due}");
        // Submitted and approved just now: one request, no wait to speak of.
        assert_eq!(last["approvals"], 1);
        assert_eq!(last["approval_days"], 0);
        assert!(months[..11].iter().all(|m| m["completed"] == 0));
        let projects = board["projects"].as_array().unwrap();
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0]["id"], p);
        assert_eq!(projects[0]["month"], this_month.as_str());
        // Members who see only their own projects do not read it.
        assert_eq!(
            h.err(Some(&member), "pmo_dashboard", json!({})).await,
            AppError::Forbidden
        );
        h.finish().await;
    }
}
