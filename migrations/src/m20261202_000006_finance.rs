//! KPIs and budgets: a project's currency, its KPI targets (phasing and channel splits as JSON)
//! and the figures entered for them, its budget lines and their expenses. Amounts of money on
//! budget lines and expenses are stored sealed (AES-256-GCM, as text), never in the clear.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Currency,
}

#[derive(DeriveIden)]
enum KpiTargets {
    Table,
    Id,
    ProjectId,
    Metric,
    Name,
    Unit,
    Target,
    Phasing,
    Splits,
    Position,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum KpiActuals {
    Table,
    Id,
    KpiId,
    Day,
    Channel,
    Value,
    EnteredBy,
    EnteredAt,
}

#[derive(DeriveIden)]
enum BudgetLines {
    Table,
    Id,
    ProjectId,
    Name,
    Channel,
    Category,
    Phase,
    Planned,
    Position,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Expenses {
    Table,
    Id,
    ProjectId,
    LineId,
    Day,
    Vendor,
    Amount,
    State,
    Note,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

fn belongs_to(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
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
                    .add_column(string(Projects::Currency).default("CNY"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KpiTargets::Table)
                    .col(big_pk_auto(KpiTargets::Id))
                    .col(big_integer(KpiTargets::ProjectId))
                    .col(string(KpiTargets::Metric))
                    .col(string(KpiTargets::Name))
                    .col(string(KpiTargets::Unit))
                    .col(big_integer(KpiTargets::Target))
                    .col(text(KpiTargets::Phasing))
                    .col(text(KpiTargets::Splits))
                    .col(big_integer(KpiTargets::Position))
                    .col(integer(KpiTargets::Version))
                    .col(timestamp_with_time_zone(KpiTargets::CreatedAt))
                    .col(timestamp_with_time_zone(KpiTargets::UpdatedAt))
                    .foreign_key(&mut belongs_to(
                        (KpiTargets::Table, KpiTargets::ProjectId),
                        (Projects::Table, Projects::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_kpi_targets_project")
                    .table(KpiTargets::Table)
                    .col(KpiTargets::ProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KpiActuals::Table)
                    .col(big_pk_auto(KpiActuals::Id))
                    .col(big_integer(KpiActuals::KpiId))
                    .col(date(KpiActuals::Day))
                    // '' for the whole campaign: a unique index treats NULLs as all different.
                    .col(string(KpiActuals::Channel))
                    .col(big_integer(KpiActuals::Value))
                    .col(big_integer(KpiActuals::EnteredBy))
                    .col(timestamp_with_time_zone(KpiActuals::EnteredAt))
                    .foreign_key(&mut belongs_to(
                        (KpiActuals::Table, KpiActuals::KpiId),
                        (KpiTargets::Table, KpiTargets::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_kpi_actuals_day_channel")
                    .table(KpiActuals::Table)
                    .col(KpiActuals::KpiId)
                    .col(KpiActuals::Day)
                    .col(KpiActuals::Channel)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BudgetLines::Table)
                    .col(big_pk_auto(BudgetLines::Id))
                    .col(big_integer(BudgetLines::ProjectId))
                    .col(string(BudgetLines::Name))
                    .col(string(BudgetLines::Channel))
                    .col(string(BudgetLines::Category))
                    .col(string(BudgetLines::Phase))
                    .col(text(BudgetLines::Planned))
                    .col(big_integer(BudgetLines::Position))
                    .col(integer(BudgetLines::Version))
                    .col(timestamp_with_time_zone(BudgetLines::CreatedAt))
                    .col(timestamp_with_time_zone(BudgetLines::UpdatedAt))
                    .foreign_key(&mut belongs_to(
                        (BudgetLines::Table, BudgetLines::ProjectId),
                        (Projects::Table, Projects::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_budget_lines_project")
                    .table(BudgetLines::Table)
                    .col(BudgetLines::ProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Expenses::Table)
                    .col(big_pk_auto(Expenses::Id))
                    .col(big_integer(Expenses::ProjectId))
                    .col(big_integer(Expenses::LineId))
                    .col(date(Expenses::Day))
                    .col(string(Expenses::Vendor))
                    .col(text(Expenses::Amount))
                    .col(string(Expenses::State))
                    .col(text(Expenses::Note))
                    .col(big_integer(Expenses::CreatedBy))
                    .col(integer(Expenses::Version))
                    .col(timestamp_with_time_zone(Expenses::CreatedAt))
                    .col(timestamp_with_time_zone(Expenses::UpdatedAt))
                    .foreign_key(&mut belongs_to(
                        (Expenses::Table, Expenses::ProjectId),
                        (Projects::Table, Projects::Id),
                    ))
                    .foreign_key(&mut belongs_to(
                        (Expenses::Table, Expenses::LineId),
                        (BudgetLines::Table, BudgetLines::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_expenses_project")
                    .table(Expenses::Table)
                    .col(Expenses::ProjectId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Expenses::Table.into_iden(),
            BudgetLines::Table.into_iden(),
            KpiActuals::Table.into_iden(),
            KpiTargets::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .drop_column(Projects::Currency)
                    .to_owned(),
            )
            .await
    }
}
