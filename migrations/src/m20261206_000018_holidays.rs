//! Official holiday schedules an organisation enters for years the built-in calendar does not
//! know (or corrects): one row a year, its days off and its make-up working days.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HolidayYears {
    Table,
    Year,
    Holidays,
    Workdays,
    UpdatedAt,
    UpdatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(HolidayYears::Table)
                    .col(integer(HolidayYears::Year).primary_key())
                    .col(text(HolidayYears::Holidays))
                    .col(text(HolidayYears::Workdays))
                    .col(timestamp_with_time_zone(HolidayYears::UpdatedAt))
                    .col(big_integer_null(HolidayYears::UpdatedBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(HolidayYears::Table).to_owned())
            .await
    }
}
