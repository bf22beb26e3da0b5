//! Performance figures over a period, and their XLSX export.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{ExportFile, PerformanceQuery, PerformanceView};

#[server(endpoint = "get_performance", input = Json)]
pub async fn get_performance(query: PerformanceQuery) -> Result<PerformanceView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::performance::figures(&state, &caller, query).await
}

#[server(endpoint = "export_performance", input = Json)]
pub async fn export_performance(query: PerformanceQuery) -> Result<ExportFile, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::performance::export(
        &state,
        &caller,
        query,
        crate::server::kernel::context::request_locale(),
    )
    .await
}
