//! The kanban board: columns per project (each counting as one task status, with a colour and a
//! WIP limit), labels per project and their place on tasks. Existing projects get one column per
//! status, so their boards look as before.
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
    Id,
    ColumnId,
}

#[derive(DeriveIden)]
enum BoardColumns {
    Table,
    Id,
    ProjectId,
    Name,
    Category,
    Colour,
    WipLimit,
    Position,
}

#[derive(DeriveIden)]
enum Labels {
    Table,
    Id,
    ProjectId,
    Name,
    Colour,
}

#[derive(DeriveIden)]
enum TaskLabels {
    Table,
    TaskId,
    LabelId,
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

/// The columns every board starts with: (status, colour, position).
const DEFAULTS: [(&str, &str, i64); 4] = [
    ("todo", "grey", 1024),
    ("in_progress", "blue", 2048),
    ("review", "gold", 3072),
    ("done", "green", 4096),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BoardColumns::Table)
                    .col(big_pk_auto(BoardColumns::Id))
                    .col(big_integer(BoardColumns::ProjectId))
                    .col(string(BoardColumns::Name))
                    .col(string(BoardColumns::Category))
                    .col(string(BoardColumns::Colour))
                    .col(integer_null(BoardColumns::WipLimit))
                    .col(big_integer(BoardColumns::Position))
                    .foreign_key(&mut cascade(
                        "fk_board_columns_project",
                        (BoardColumns::Table, BoardColumns::ProjectId),
                        (Projects::Table, Projects::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_board_columns_project")
                    .table(BoardColumns::Table)
                    .col(BoardColumns::ProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Labels::Table)
                    .col(big_pk_auto(Labels::Id))
                    .col(big_integer(Labels::ProjectId))
                    .col(string(Labels::Name))
                    .col(string(Labels::Colour))
                    .foreign_key(&mut cascade(
                        "fk_labels_project",
                        (Labels::Table, Labels::ProjectId),
                        (Projects::Table, Projects::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_labels_project")
                    .table(Labels::Table)
                    .col(Labels::ProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskLabels::Table)
                    .col(big_integer(TaskLabels::TaskId))
                    .col(big_integer(TaskLabels::LabelId))
                    .primary_key(
                        Index::create()
                            .col(TaskLabels::TaskId)
                            .col(TaskLabels::LabelId),
                    )
                    .foreign_key(&mut cascade(
                        "fk_task_labels_task",
                        (TaskLabels::Table, TaskLabels::TaskId),
                        (Tasks::Table, Tasks::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_task_labels_label",
                        (TaskLabels::Table, TaskLabels::LabelId),
                        (Labels::Table, Labels::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_task_labels_label")
                    .table(TaskLabels::Table)
                    .col(TaskLabels::LabelId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .add_column(big_integer_null(Tasks::ColumnId))
                    .to_owned(),
            )
            .await?;
        for (category, colour, position) in DEFAULTS {
            let select = Query::select()
                .column(Projects::Id)
                .expr(Expr::val(""))
                .expr(Expr::val(category))
                .expr(Expr::val(colour))
                .expr(Expr::val(position))
                .from(Projects::Table)
                .to_owned();
            let insert = Query::insert()
                .into_table(BoardColumns::Table)
                .columns([
                    BoardColumns::ProjectId,
                    BoardColumns::Name,
                    BoardColumns::Category,
                    BoardColumns::Colour,
                    BoardColumns::Position,
                ])
                .select_from(select)
                .map_err(|e| DbErr::Migration(e.to_string()))?
                .to_owned();
            manager.exec_stmt(insert).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .drop_column(Tasks::ColumnId)
                    .to_owned(),
            )
            .await?;
        for table in [
            TaskLabels::Table.into_iden(),
            Labels::Table.into_iden(),
            BoardColumns::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
