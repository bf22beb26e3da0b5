//! Working together. Comments on a project or one of its tasks: the Markdown as written, the
//! HTML it renders to (sanitised when written), the people it mentions. Notifications for any
//! reason — an alert, a mention — in one table (the alert-only table before it is copied over).
//! Audit entries name the project they belong to, so that a project's activity is read from
//! the log. Whether a project's observers may comment. The organisation's settings (one row):
//! its time zone, which decides what "today" is, and when check-in reminders go. Daily
//! check-ins: one per person, project and day.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    ObserversComment,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    ProjectId,
    TaskId,
    AuthorId,
    Body,
    Html,
    Mentions,
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    ProjectId,
    Id,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Reason,
    ProjectId,
    TaskId,
    CommentId,
    AlertId,
    ActorId,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum OrgSettings {
    Table,
    Id,
    TimeZone,
    CheckInAt,
    UpdatedAt,
}

/// What each person turned off, per topic and channel (absent: on).
#[derive(DeriveIden)]
enum NotifyMutes {
    Table,
    UserId,
    Topic,
    Channel,
}

#[derive(DeriveIden)]
enum CheckIns {
    Table,
    Id,
    ProjectId,
    UserId,
    Day,
    Done,
    Next,
    Blockers,
    Tasks,
    CreatedAt,
    UpdatedAt,
}

/// The alert-only table, while its rows are copied.
#[derive(DeriveIden)]
enum AlertNotifications {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrgSettings::Table)
                    .col(integer(OrgSettings::Id).primary_key())
                    .col(string(OrgSettings::TimeZone).default("Asia/Shanghai"))
                    .col(string(OrgSettings::CheckInAt).default("17:30"))
                    .col(timestamp_with_time_zone_null(OrgSettings::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO org_settings (id, time_zone) VALUES (1, 'Asia/Shanghai')",
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(boolean(Projects::ObserversComment).default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .add_column(big_integer_null(AuditLog::ProjectId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_project")
                    .table(AuditLog::Table)
                    .col(AuditLog::ProjectId)
                    .col(AuditLog::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotifyMutes::Table)
                    .col(big_integer(NotifyMutes::UserId))
                    .col(string(NotifyMutes::Topic))
                    .col(string(NotifyMutes::Channel))
                    .primary_key(
                        Index::create()
                            .col(NotifyMutes::UserId)
                            .col(NotifyMutes::Topic)
                            .col(NotifyMutes::Channel),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CheckIns::Table)
                    .col(big_pk_auto(CheckIns::Id))
                    .col(big_integer(CheckIns::ProjectId))
                    .col(big_integer(CheckIns::UserId))
                    .col(date(CheckIns::Day))
                    .col(text(CheckIns::Done))
                    .col(text(CheckIns::Next))
                    .col(text(CheckIns::Blockers))
                    .col(text(CheckIns::Tasks))
                    .col(timestamp_with_time_zone(CheckIns::CreatedAt))
                    .col(timestamp_with_time_zone(CheckIns::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckIns::Table, CheckIns::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_check_ins_day")
                    .table(CheckIns::Table)
                    .col(CheckIns::ProjectId)
                    .col(CheckIns::UserId)
                    .col(CheckIns::Day)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(big_pk_auto(Comments::Id))
                    .col(big_integer(Comments::ProjectId))
                    .col(big_integer_null(Comments::TaskId))
                    .col(big_integer(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(text(Comments::Html))
                    .col(text(Comments::Mentions))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone_null(Comments::EditedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Comments::Table, Comments::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Comments::Table, Comments::TaskId)
                            .to(Tasks::Table, Tasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_place")
                    .table(Comments::Table)
                    .col(Comments::ProjectId)
                    .col(Comments::TaskId)
                    .col(Comments::Id)
                    .to_owned(),
            )
            .await?;

        // Notifications for every reason: the alert-only table is set aside, copied, dropped.
        manager
            .rename_table(
                Table::rename()
                    .table(Notifications::Table, AlertNotifications::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(big_pk_auto(Notifications::Id))
                    .col(big_integer(Notifications::UserId))
                    .col(string(Notifications::Reason))
                    .col(big_integer_null(Notifications::ProjectId))
                    .col(big_integer_null(Notifications::TaskId))
                    .col(big_integer_null(Notifications::CommentId))
                    .col(big_integer_null(Notifications::AlertId))
                    .col(big_integer_null(Notifications::ActorId))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::CommentId)
                            .to(Comments::Table, Comments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO notifications (user_id, reason, project_id, alert_id, created_at, read_at) \
                 SELECT n.user_id, 'alert', a.project_id, n.alert_id, n.created_at, n.read_at \
                 FROM alert_notifications n JOIN alerts a ON a.id = n.alert_id ORDER BY n.id",
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AlertNotifications::Table).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_unread")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::ReadAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Comments and mentions cannot be folded back into alert notifications.
        Err(DbErr::Migration(
            "the execution migration is not reversible".into(),
        ))
    }
}
