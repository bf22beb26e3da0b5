//! Channel data: imports of ad-platform exports, reports, and reports written out as files.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::domain::ingest::RefusedRow;
use crate::error::AppError;
use crate::model::{ChannelReport, ExportFile, Id, ReportQuery};

#[server(endpoint = "channel_report", input = Json)]
pub async fn get_channel_report(query: ReportQuery) -> Result<ChannelReport, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::channel_data::report(&state, &caller, query).await
}

/// Imports an export (CSV or XLSX, its bytes in base64). The browser sends it itself to show
/// the upload's progress; this is the same endpoint.
#[server(endpoint = "import_refused_rows", input = Json)]
pub async fn import_refused_rows(import_id: Id) -> Result<Vec<RefusedRow>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::channel_data::refused_rows(&state, &caller, import_id).await
}

/// A report as a file: `xlsx` for a workbook, else CSV.
#[server(endpoint = "export_channel_report", input = Json)]
pub async fn export_channel_report(query: ReportQuery, xlsx: bool) -> Result<ExportFile, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    let locale = crate::server::kernel::context::request_locale();
    crate::server::channel_data::export(&state, &caller, query, xlsx, locale).await
}
