//! Planning: task dependencies, each project's working calendar, and schedule baselines.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    /// JSON of `WorkCalendar`; empty means the default calendar.
    Calendar,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TaskLinks {
    Table,
    Id,
    ProjectId,
    PredecessorId,
    SuccessorId,
    Kind,
    LagDays,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Baselines {
    Table,
    Id,
    ProjectId,
    Name,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BaselineTasks {
    Table,
    BaselineId,
    TaskId,
    StartDate,
    DueDate,
}

fn cascade(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(text(Projects::Calendar).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskLinks::Table)
                    .col(big_pk_auto(TaskLinks::Id))
                    .col(big_integer(TaskLinks::ProjectId))
                    .col(big_integer(TaskLinks::PredecessorId))
                    .col(big_integer(TaskLinks::SuccessorId))
                    .col(string(TaskLinks::Kind))
                    .col(integer(TaskLinks::LagDays))
                    .col(timestamp_with_time_zone(TaskLinks::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_task_links_project",
                        (TaskLinks::Table, TaskLinks::ProjectId),
                        (Projects::Table, Projects::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_task_links_predecessor",
                        (TaskLinks::Table, TaskLinks::PredecessorId),
                        (Tasks::Table, Tasks::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_task_links_successor",
                        (TaskLinks::Table, TaskLinks::SuccessorId),
                        (Tasks::Table, Tasks::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_task_links_pair")
                    .table(TaskLinks::Table)
                    .col(TaskLinks::PredecessorId)
                    .col(TaskLinks::SuccessorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_task_links_project")
                    .table(TaskLinks::Table)
                    .col(TaskLinks::ProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Baselines::Table)
                    .col(big_pk_auto(Baselines::Id))
                    .col(big_integer(Baselines::ProjectId))
                    .col(string(Baselines::Name))
                    .col(big_integer_null(Baselines::CreatedBy))
                    .col(timestamp_with_time_zone(Baselines::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_baselines_project",
                        (Baselines::Table, Baselines::ProjectId),
                        (Projects::Table, Projects::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BaselineTasks::Table)
                    .col(big_integer(BaselineTasks::BaselineId))
                    .col(big_integer(BaselineTasks::TaskId))
                    .col(date(BaselineTasks::StartDate))
                    .col(date(BaselineTasks::DueDate))
                    .primary_key(
                        Index::create()
                            .col(BaselineTasks::BaselineId)
                            .col(BaselineTasks::TaskId),
                    )
                    .foreign_key(&mut cascade(
                        "fk_baseline_tasks_baseline",
                        (BaselineTasks::Table, BaselineTasks::BaselineId),
                        (Baselines::Table, Baselines::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_baseline_tasks_task",
                        (BaselineTasks::Table, BaselineTasks::TaskId),
                        (Tasks::Table, Tasks::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BaselineTasks::Table.into_iden(),
            Baselines::Table.into_iden(),
            TaskLinks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .drop_column(Projects::Calendar)
                    .to_owned(),
            )
            .await
    }
}
