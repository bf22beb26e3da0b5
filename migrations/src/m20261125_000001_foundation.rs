//! Accounts, sessions, projects, members, status history, tasks and the audit log.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    Email,
    PasswordHash,
    Role,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Name,
    Kind,
    Background,
    Objectives,
    ExpectedBenefit,
    Risks,
    OwnerId,
    StartDate,
    EndDate,
    Status,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProjectMembers {
    Table,
    ProjectId,
    UserId,
    Role,
}

#[derive(DeriveIden)]
enum ProjectStatusChanges {
    Table,
    Id,
    ProjectId,
    FromStatus,
    ToStatus,
    ByUserId,
    At,
    Comment,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    ProjectId,
    ParentId,
    Title,
    Description,
    Deliverable,
    OwnerId,
    StartDate,
    DueDate,
    Status,
    Priority,
    Progress,
    Milestone,
    SortOrder,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Entity,
    EntityId,
    Action,
    Before,
    After,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(big_pk_auto(Users::Id))
                    .col(string_uniq(Users::Username))
                    .col(string(Users::DisplayName))
                    .col(string(Users::Email))
                    .col(string(Users::PasswordHash))
                    .col(string(Users::Role))
                    .col(boolean(Users::Active))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(big_pk_auto(Sessions::Id))
                    .col(string_uniq(Sessions::TokenHash))
                    .col(big_integer(Sessions::UserId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(&mut fk(
                        "fk_sessions_user",
                        (Sessions::Table, Sessions::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Projects::Table)
                    .col(big_pk_auto(Projects::Id))
                    .col(string(Projects::Name))
                    .col(string(Projects::Kind))
                    .col(text(Projects::Background))
                    .col(text(Projects::Objectives))
                    .col(text(Projects::ExpectedBenefit))
                    .col(text(Projects::Risks))
                    .col(big_integer(Projects::OwnerId))
                    .col(date(Projects::StartDate))
                    .col(date(Projects::EndDate))
                    .col(string(Projects::Status))
                    .col(integer(Projects::Version))
                    .col(timestamp_with_time_zone(Projects::CreatedAt))
                    .col(timestamp_with_time_zone(Projects::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_projects_owner",
                        (Projects::Table, Projects::OwnerId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProjectMembers::Table)
                    .col(big_integer(ProjectMembers::ProjectId))
                    .col(big_integer(ProjectMembers::UserId))
                    .col(string(ProjectMembers::Role))
                    .primary_key(
                        Index::create()
                            .col(ProjectMembers::ProjectId)
                            .col(ProjectMembers::UserId),
                    )
                    .foreign_key(&mut fk(
                        "fk_members_project",
                        (ProjectMembers::Table, ProjectMembers::ProjectId),
                        (Projects::Table, Projects::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_members_user",
                        (ProjectMembers::Table, ProjectMembers::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProjectStatusChanges::Table)
                    .col(big_pk_auto(ProjectStatusChanges::Id))
                    .col(big_integer(ProjectStatusChanges::ProjectId))
                    .col(string(ProjectStatusChanges::FromStatus))
                    .col(string(ProjectStatusChanges::ToStatus))
                    .col(big_integer(ProjectStatusChanges::ByUserId))
                    .col(timestamp_with_time_zone(ProjectStatusChanges::At))
                    .col(text(ProjectStatusChanges::Comment))
                    .foreign_key(&mut fk(
                        "fk_status_changes_project",
                        (ProjectStatusChanges::Table, ProjectStatusChanges::ProjectId),
                        (Projects::Table, Projects::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_status_changes_user",
                        (ProjectStatusChanges::Table, ProjectStatusChanges::ByUserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(big_pk_auto(Tasks::Id))
                    .col(big_integer(Tasks::ProjectId))
                    .col(big_integer_null(Tasks::ParentId))
                    .col(string(Tasks::Title))
                    .col(text(Tasks::Description))
                    .col(text(Tasks::Deliverable))
                    .col(big_integer_null(Tasks::OwnerId))
                    .col(date_null(Tasks::StartDate))
                    .col(date_null(Tasks::DueDate))
                    .col(string(Tasks::Status))
                    .col(string(Tasks::Priority))
                    .col(small_integer(Tasks::Progress))
                    .col(boolean(Tasks::Milestone))
                    .col(big_integer(Tasks::SortOrder))
                    .col(integer(Tasks::Version))
                    .col(timestamp_with_time_zone(Tasks::CreatedAt))
                    .col(timestamp_with_time_zone(Tasks::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_tasks_project",
                        (Tasks::Table, Tasks::ProjectId),
                        (Projects::Table, Projects::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tasks_parent",
                        (Tasks::Table, Tasks::ParentId),
                        (Tasks::Table, Tasks::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tasks_owner",
                        (Tasks::Table, Tasks::OwnerId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tasks_project_status_order")
                    .table(Tasks::Table)
                    .col(Tasks::ProjectId)
                    .col(Tasks::Status)
                    .col(Tasks::SortOrder)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(big_integer_null(AuditLog::ActorId))
                    .col(string(AuditLog::Entity))
                    .col(big_integer(AuditLog::EntityId))
                    .col(string(AuditLog::Action))
                    .col(text_null(AuditLog::Before))
                    .col(text_null(AuditLog::After))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_entity")
                    .table(AuditLog::Table)
                    .col(AuditLog::Entity)
                    .col(AuditLog::EntityId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            Tasks::Table.into_iden(),
            ProjectStatusChanges::Table.into_iden(),
            ProjectMembers::Table.into_iden(),
            Projects::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
