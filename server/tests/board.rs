//! The kanban board's set-up as people use it: columns with WIP limits that count as statuses,
//! cards moved between columns and swimlanes, labels. Runs on SQLite and on PostgreSQL.
mod common;

use app::i18n::K;
use common::{field_keys, setup_body, task_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn columns(board: &Value) -> Vec<(String, String, Option<i64>)> {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["category"].as_str().unwrap().to_string(),
                c["wip_limit"].as_i64(),
            )
        })
        .collect()
}

async fn task_by_title(h: &Harness, admin: &str, project: i64, title: &str) -> Value {
    let tasks = h
        .ok(admin, "list_tasks", json!({ "project_id": project }))
        .await;
    tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["input"]["title"] == title)
        .cloned()
        .unwrap_or_else(|| panic!("no task {title}"))
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let project = h.project(&admin, "Board").await;
    let other = h.project(&admin, "Elsewhere").await;

    // A new board has one column per status, named after it.
    let board = h
        .ok(&admin, "get_board", json!({ "project_id": project }))
        .await;
    assert_eq!(
        columns(&board),
        ["todo", "in_progress", "review", "done"]
            .iter()
            .map(|s| (String::new(), s.to_string(), None))
            .collect::<Vec<_>>()
    );

    // A limit of 0 is refused with a clear message and changes nothing.
    let before = h.fingerprint().await;
    let error = h
        .err(
            Some(&admin),
            "save_board_column",
            json!({ "input": { "project_id": project, "id": null, "name": "设计评审", "category": "review", "colour": "purple", "wip_limit": 0 } }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("wip_limit".into(), K::ErrWipRange)]
    );
    assert_eq!(h.fingerprint().await, before);

    // A second review column with a limit of 1, placed after "in progress".
    let board = h
        .ok(
            &admin,
            "save_board_column",
            json!({ "input": { "project_id": project, "id": null, "name": "设计评审", "category": "review", "colour": "purple", "wip_limit": 1 } }),
        )
        .await;
    let ids: Vec<i64> = board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let design = ids[4];
    let order = vec![ids[0], ids[1], design, ids[2], ids[3]];
    let board = h
        .ok(
            &admin,
            "reorder_board_columns",
            json!({ "project_id": project, "order": order }),
        )
        .await;
    assert_eq!(
        columns(&board)[2],
        ("设计评审".into(), "review".into(), Some(1))
    );
    // An order that leaves a column out is refused.
    let error = h
        .err(
            Some(&admin),
            "reorder_board_columns",
            json!({ "project_id": project, "order": [ids[0], ids[1]] }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("order".into(), K::ErrColumnOrder)]
    );

    // A card moved into the design column takes its status and stays in that column.
    let poster = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": task_body("Poster") }),
        )
        .await;
    let moved = h
        .ok(
            &admin,
            "move_task",
            json!({ "request": { "task_id": poster["id"], "column_id": design, "before_id": null } }),
        )
        .await;
    assert_eq!(moved["input"]["status"], "review");
    assert_eq!(moved["input"]["column_id"], design);
    // A column of another project is not a place to move to.
    let foreign = h.column(&admin, other, "done").await;
    let error = h
        .err(
            Some(&admin),
            "move_task",
            json!({ "request": { "task_id": poster["id"], "column_id": foreign, "before_id": null } }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("column_id".into(), K::ErrUnknownColumn)]
    );

    // Turning the design column into an "in progress" column takes its card along.
    h.ok(
        &admin,
        "save_board_column",
        json!({ "input": { "project_id": project, "id": design, "name": "设计中", "category": "in_progress", "colour": "cyan", "wip_limit": 2 } }),
    )
    .await;
    let poster = task_by_title(&h, &admin, project, "Poster").await;
    assert_eq!(poster["input"]["status"], "in_progress");
    assert_eq!(poster["input"]["column_id"], design);

    // The last column of a status cannot go, nor change status.
    let error = h
        .err(
            Some(&admin),
            "delete_board_column",
            json!({ "column_id": ids[0], "move_to": ids[1] }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("column_id".into(), K::ErrLastColumnOfStatus)]
    );
    let error = h
        .err(
            Some(&admin),
            "save_board_column",
            json!({ "input": { "project_id": project, "id": ids[3], "name": "", "category": "todo", "colour": "green", "wip_limit": null } }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("category".into(), K::ErrLastColumnOfStatus)]
    );

    // Deleting the design column moves its card to "done", which completes it.
    h.ok(
        &admin,
        "delete_board_column",
        json!({ "column_id": design, "move_to": ids[3] }),
    )
    .await;
    let poster = task_by_title(&h, &admin, project, "Poster").await;
    assert_eq!(poster["input"]["status"], "done");
    assert_eq!(poster["input"]["progress"], 100);
    assert_eq!(
        h.ok(&admin, "get_board", json!({ "project_id": project }))
            .await["columns"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // Labels: unique names whatever the case, only the project's own on its tasks.
    let board = h
        .ok(
            &admin,
            "save_label",
            json!({ "input": { "project_id": project, "id": null, "name": "KOL", "colour": "red" } }),
        )
        .await;
    let kol = board["labels"][0]["id"].as_i64().unwrap();
    let error = h
        .err(
            Some(&admin),
            "save_label",
            json!({ "input": { "project_id": project, "id": null, "name": " kol ", "colour": "blue" } }),
        )
        .await;
    assert_eq!(field_keys(&error), vec![("name".into(), K::ErrLabelExists)]);
    let elsewhere = h
        .ok(
            &admin,
            "save_label",
            json!({ "input": { "project_id": other, "id": null, "name": "Elsewhere", "colour": "blue" } }),
        )
        .await["labels"][0]["id"]
        .as_i64()
        .unwrap();
    let mut input = task_body("Launch video");
    input["labels"] = json!([kol, elsewhere]);
    let error = h
        .err(
            Some(&admin),
            "create_task",
            json!({ "project_id": project, "input": input }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("labels".into(), K::ErrUnknownLabel)]
    );
    input["labels"] = json!([kol, kol]);
    let video = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": input }),
        )
        .await;
    assert_eq!(video["input"]["labels"], json!([kol]));
    let listed = task_by_title(&h, &admin, project, "Launch video").await;
    assert_eq!(listed["input"]["labels"], json!([kol]));
    h.ok(&admin, "delete_label", json!({ "label_id": kol }))
        .await;
    let listed = task_by_title(&h, &admin, project, "Launch video").await;
    assert_eq!(listed["input"]["labels"], json!([]));

    // Swimlanes: a card dropped in another priority lane takes that priority; in an owner lane,
    // that owner, who must be a member.
    let todo = h.column(&admin, project, "todo").await;
    let moved = h
        .ok(
            &admin,
            "move_task",
            json!({ "request": { "task_id": video["id"], "column_id": todo, "before_id": null, "lane": { "Priority": "urgent" } } }),
        )
        .await;
    assert_eq!(moved["input"]["priority"], "urgent");
    let stranger = h
        .ok(&admin, "create_user", json!({ "input": { "username": "stranger", "display_name": "Stranger", "email": "", "role": "member", "password": PASSWORD } }))
        .await;
    let before = h.fingerprint().await;
    let error = h
        .err(
            Some(&admin),
            "move_task",
            json!({ "request": { "task_id": video["id"], "column_id": todo, "before_id": null, "lane": { "Owner": stranger["id"] } } }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("owner_id".into(), K::ErrOwnerNotMember)]
    );
    assert_eq!(h.fingerprint().await, before);
    let moved = h
        .ok(
            &admin,
            "move_task",
            json!({ "request": { "task_id": video["id"], "column_id": todo, "before_id": null, "lane": { "Owner": 1 } } }),
        )
        .await;
    assert_eq!(moved["input"]["owner_id"], 1);

    // Bulk edit from the list: all or nothing.
    let mut dated = task_body("Dated");
    dated["start_date"] = json!("2026-11-10");
    dated["due_date"] = json!("2026-11-12");
    let dated = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": dated }),
        )
        .await;
    let label = h
        .ok(
            &admin,
            "save_label",
            json!({ "input": { "project_id": project, "id": null, "name": "Paid media", "colour": "gold" } }),
        )
        .await["labels"][0]["id"]
        .clone();
    let before = h.fingerprint().await;
    // A due date before "Dated"'s start would break it, so neither task changes.
    let error = h
        .err(
            Some(&admin),
            "bulk_update_tasks",
            json!({ "edit": { "project_id": project, "task_ids": [video["id"], dated["id"]], "priority": "low", "due_date": "2026-11-01" } }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("due_date".into(), K::ErrEndBeforeStart)]
    );
    assert_eq!(h.fingerprint().await, before);
    let error = h
        .err(
            Some(&admin),
            "bulk_update_tasks",
            json!({ "edit": { "project_id": project, "task_ids": [], "priority": "low" } }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("task_ids".into(), K::ErrNothingSelected)]
    );
    let error = h
        .err(
            Some(&admin),
            "bulk_update_tasks",
            json!({ "edit": { "project_id": other, "task_ids": [video["id"]], "priority": "low" } }),
        )
        .await;
    assert_eq!(
        field_keys(&error),
        vec![("task_ids".into(), K::ErrUnknownTask)]
    );
    let all = h
        .ok(
            &admin,
            "bulk_update_tasks",
            json!({ "edit": { "project_id": project, "task_ids": [video["id"], dated["id"]], "status": "done", "priority": "low", "add_label": label } }),
        )
        .await;
    for title in ["Launch video", "Dated"] {
        let t = all
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["input"]["title"] == title)
            .unwrap();
        assert_eq!(t["input"]["status"], "done", "{title}");
        assert_eq!(t["input"]["progress"], 100, "{title}");
        assert_eq!(t["input"]["priority"], "low", "{title}");
        assert_eq!(t["input"]["labels"], json!([label]), "{title}");
    }

    // "My tasks" lists what the caller owns, with its project.
    let mine = h.ok(&admin, "my_tasks", json!({})).await;
    let titles: Vec<(&str, &str)> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["task"]["input"]["title"].as_str().unwrap(),
                m["project_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(titles.contains(&("Launch video", "Board")), "{titles:?}");
    assert!(!titles.iter().any(|(t, _)| *t == "Dated"), "{titles:?}");

    // A large plan reads its labels through the project's labels rather than task by task: the
    // labels shown are the same.
    for i in 0..100 {
        h.ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": task_body(&format!("Banner {i}")) }),
        )
        .await;
    }
    let listed = task_by_title(&h, &admin, project, "Dated").await;
    assert_eq!(listed["input"]["labels"], json!([label]));
    let listed = task_by_title(&h, &admin, project, "Banner 7").await;
    assert_eq!(listed["input"]["labels"], json!([]));

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn columns_labels_and_lanes() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

/// A project that existed before boards had columns gets one column per status.
async fn backfill(backend: &str) {
    use migrations::{Migrator, MigratorTrait};
    use sea_orm::{ConnectionTrait, Database, Statement};

    let (url, drop_pg) = common::empty_database(backend).await;
    let db = Database::connect(&url).await.unwrap();
    Migrator::up(&db, Some(2)).await.unwrap();
    let sql = |text: &str| Statement::from_string(db.get_database_backend(), text.to_string());
    db.execute_raw(sql(
        "INSERT INTO users (username, display_name, email, password_hash, role, active, created_at, updated_at) \
         VALUES ('old', 'Old', '', 'x', 'admin', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    ))
    .await
    .unwrap();
    db.execute_raw(sql(
        "INSERT INTO projects (name, kind, background, objectives, expected_benefit, risks, owner_id, start_date, end_date, status, version, created_at, updated_at) \
         VALUES ('Before', 'other', '', '', '', '[]', 1, '2026-01-01', '2026-02-01', 'draft', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    ))
    .await
    .unwrap();
    Migrator::up(&db, None).await.unwrap();
    let row = db
        .query_one_raw(sql(
            "SELECT COUNT(*) AS n FROM board_columns WHERE project_id = 1",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 4, "[{backend}]");
    db.close().await.unwrap();
    common::drop_database(drop_pg).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn existing_projects_get_a_board() {
    for backend in BACKENDS {
        backfill(backend).await;
    }
}
