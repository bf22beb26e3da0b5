//! Files. A blob is stored content, named by its SHA-256 (the same bytes are stored once,
//! whoever uploads them and wherever). An attachment is a file or a link in one place — a
//! project, a task, a comment or a check-in —; a file's versions each point at a blob. The
//! organisation's largest allowed file.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrgSettings {
    Table,
    FileMaxMb,
}

#[derive(DeriveIden)]
enum Blobs {
    Table,
    Hash,
    Size,
    Mime,
    Width,
    Height,
    TouchedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    ProjectId,
    Place,
    Lookup,
    Kind,
    Name,
    Url,
    Provider,
    Code,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AttachmentVersions {
    Table,
    Id,
    AttachmentId,
    Number,
    BlobHash,
    Name,
    UploadedBy,
    UploadedAt,
    RestoredFrom,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrgSettings::Table)
                    .add_column(integer(OrgSettings::FileMaxMb).default(100))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Blobs::Table)
                    .col(string_len(Blobs::Hash, 64).primary_key())
                    .col(big_integer(Blobs::Size))
                    .col(string(Blobs::Mime))
                    .col(integer_null(Blobs::Width))
                    .col(integer_null(Blobs::Height))
                    .col(timestamp_with_time_zone(Blobs::TouchedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(big_pk_auto(Attachments::Id))
                    .col(big_integer(Attachments::ProjectId))
                    .col(string(Attachments::Place))
                    .col(text(Attachments::Lookup))
                    .col(string(Attachments::Kind))
                    .col(text(Attachments::Name))
                    .col(text_null(Attachments::Url))
                    .col(string_null(Attachments::Provider))
                    .col(string_null(Attachments::Code))
                    .col(big_integer(Attachments::CreatedBy))
                    .col(timestamp_with_time_zone(Attachments::CreatedAt))
                    .col(timestamp_with_time_zone(Attachments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Attachments::Table, Attachments::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A second file of the same name in the same place is a new version of the first.
        manager
            .create_index(
                Index::create()
                    .name("idx_attachments_lookup")
                    .table(Attachments::Table)
                    .col(Attachments::ProjectId)
                    .col(Attachments::Place)
                    .col(Attachments::Lookup)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AttachmentVersions::Table)
                    .col(big_pk_auto(AttachmentVersions::Id))
                    .col(big_integer(AttachmentVersions::AttachmentId))
                    .col(integer(AttachmentVersions::Number))
                    .col(string_len(AttachmentVersions::BlobHash, 64))
                    .col(text(AttachmentVersions::Name))
                    .col(big_integer(AttachmentVersions::UploadedBy))
                    .col(timestamp_with_time_zone(AttachmentVersions::UploadedAt))
                    .col(integer_null(AttachmentVersions::RestoredFrom))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AttachmentVersions::Table, AttachmentVersions::AttachmentId)
                            .to(Attachments::Table, Attachments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AttachmentVersions::Table, AttachmentVersions::BlobHash)
                            .to(Blobs::Table, Blobs::Hash)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attachment_versions_number")
                    .table(AttachmentVersions::Table)
                    .col(AttachmentVersions::AttachmentId)
                    .col(AttachmentVersions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attachment_versions_blob")
                    .table(AttachmentVersions::Table)
                    .col(AttachmentVersions::BlobHash)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AttachmentVersions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Attachments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Blobs::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrgSettings::Table)
                    .drop_column(OrgSettings::FileMaxMb)
                    .to_owned(),
            )
            .await
    }
}
