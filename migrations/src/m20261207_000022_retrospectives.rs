//! Retrospectives (复盘): one per project, drafted from its records (the facts, kept as JSON
//! as they were when drafted), its sections written by the team in Markdown, approved once.
//! Its action items, each with an owner, carried into a next project as tasks. A task keeps the
//! moment it was last finished, for the planned-against-actual of a retrospective; tasks done
//! before this migration take their last change as that moment.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    DoneAt,
}

#[derive(DeriveIden)]
enum Retrospectives {
    Table,
    Id,
    ProjectId,
    State,
    Facts,
    Sections,
    Version,
    DraftedAt,
    DraftedBy,
    UpdatedAt,
    ApprovedAt,
    ApprovedBy,
}

#[derive(DeriveIden)]
enum RetroActions {
    Table,
    Id,
    RetroId,
    Text,
    OwnerId,
    DueDate,
    TargetProjectId,
    CarriedTaskId,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .add_column(timestamp_with_time_zone_null(Tasks::DoneAt))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE tasks SET done_at = updated_at WHERE status = 'done'")
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Retrospectives::Table)
                    .col(big_pk_auto(Retrospectives::Id))
                    .col(big_integer(Retrospectives::ProjectId))
                    .col(string(Retrospectives::State))
                    .col(text(Retrospectives::Facts))
                    .col(text(Retrospectives::Sections))
                    .col(integer(Retrospectives::Version))
                    .col(timestamp_with_time_zone(Retrospectives::DraftedAt))
                    .col(big_integer(Retrospectives::DraftedBy))
                    .col(timestamp_with_time_zone(Retrospectives::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Retrospectives::ApprovedAt))
                    .col(big_integer_null(Retrospectives::ApprovedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Retrospectives::Table, Retrospectives::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_retrospectives_project")
                    .table(Retrospectives::Table)
                    .col(Retrospectives::ProjectId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RetroActions::Table)
                    .col(big_pk_auto(RetroActions::Id))
                    .col(big_integer(RetroActions::RetroId))
                    .col(string(RetroActions::Text))
                    .col(big_integer(RetroActions::OwnerId))
                    .col(date_null(RetroActions::DueDate))
                    .col(big_integer_null(RetroActions::TargetProjectId))
                    .col(big_integer_null(RetroActions::CarriedTaskId))
                    .col(big_integer(RetroActions::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RetroActions::Table, RetroActions::RetroId)
                            .to(Retrospectives::Table, Retrospectives::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_retro_actions_retro")
                    .table(RetroActions::Table)
                    .col(RetroActions::RetroId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RetroActions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Retrospectives::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .drop_column(Tasks::DoneAt)
                    .to_owned(),
            )
            .await
    }
}
