//! Two people saving the same version of a record: one save lands, the other is told the record
//! changed, and nothing of it is written — also when both read the record before either wrote,
//! which PostgreSQL allows. Runs on SQLite and on PostgreSQL.
mod common;

use app::error::AppError;
use app::server::kernel::entity::approval_flow;
use app::server::kernel::records::write_at_version;
use chrono::Utc;
use common::{Harness, BACKENDS};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};

fn renamed(flow: &approval_flow::Model, name: &str) -> approval_flow::ActiveModel {
    let mut changed: approval_flow::ActiveModel = flow.clone().into();
    changed.name = Set(name.to_string());
    changed.version = Set(flow.version + 1);
    changed
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let db = &h.state.db;
    let now = Utc::now();
    let flow = approval_flow::ActiveModel {
        name: Set("Marketing director".into()),
        kind: Set(None),
        budget_above: Set(None),
        steps: Set("[]".into()),
        position: Set(1024),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        purpose: Set("project".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();

    // One after the other: the second save names a version that is gone.
    write_at_version(db, flow.id, 1, renamed(&flow, "Brand director"))
        .await
        .unwrap();
    assert_eq!(
        write_at_version(db, flow.id, 1, renamed(&flow, "CMO")).await,
        Err(AppError::Conflict)
    );
    let now_held = approval_flow::Entity::find_by_id(flow.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (now_held.name.as_str(), now_held.version),
        ("Brand director", 2)
    );

    // Interleaved, where the database lets two writers read first (PostgreSQL): both read
    // version 2, the first writes and commits, the second is refused.
    if backend == "postgres" {
        let first = db.begin().await.unwrap();
        let second = db.begin().await.unwrap();
        let read_by_first = approval_flow::Entity::find_by_id(flow.id)
            .one(&first)
            .await
            .unwrap()
            .unwrap();
        let read_by_second = approval_flow::Entity::find_by_id(flow.id)
            .one(&second)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((read_by_first.version, read_by_second.version), (2, 2));
        write_at_version(
            &first,
            flow.id,
            2,
            renamed(&read_by_first, "Head of growth"),
        )
        .await
        .unwrap();
        first.commit().await.unwrap();
        assert_eq!(
            write_at_version(&second, flow.id, 2, renamed(&read_by_second, "CEO")).await,
            Err(AppError::Conflict)
        );
        second.rollback().await.unwrap();
        let held = approval_flow::Entity::find_by_id(flow.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((held.name.as_str(), held.version), ("Head of growth", 3));
    }

    // A record that is gone is a conflict too, not a silent no-op.
    approval_flow::Entity::delete_by_id(flow.id)
        .exec(db)
        .await
        .unwrap();
    assert_eq!(
        write_at_version(db, flow.id, 3, renamed(&now_held, "Anyone")).await,
        Err(AppError::Conflict)
    );
    h.finish().await;
}

#[tokio::test]
async fn a_save_of_a_version_someone_else_saved_first_is_a_conflict() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
