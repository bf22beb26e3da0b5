//! KPIs and budget: targets and their figures, budget lines, expenses, the currency. Each change
//! answers with the project's KPIs and budget as they now are.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::domain::money::Currency;
use crate::error::AppError;
use crate::model::{BudgetLineInput, ExpenseInput, Id, KpiActualInput, KpiInput, ProjectFinance};

#[server(endpoint = "get_finance", input = Json)]
pub async fn get_finance(project_id: Id) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::get(&state, &caller, project_id).await
}

#[server(endpoint = "save_kpi", input = Json)]
pub async fn save_kpi(input: KpiInput) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::save_kpi(&state, &caller, input).await
}

#[server(endpoint = "delete_kpi", input = Json)]
pub async fn delete_kpi(kpi_id: Id) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::delete_kpi(&state, &caller, kpi_id).await
}

#[server(endpoint = "record_kpi_actual", input = Json)]
pub async fn record_kpi_actual(input: KpiActualInput) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::record_kpi_actual(&state, &caller, input).await
}

#[server(endpoint = "delete_kpi_actual", input = Json)]
pub async fn delete_kpi_actual(entry_id: Id) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::delete_kpi_actual(&state, &caller, entry_id).await
}

#[server(endpoint = "save_budget_line", input = Json)]
pub async fn save_budget_line(input: BudgetLineInput) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::save_budget_line(&state, &caller, input).await
}

#[server(endpoint = "delete_budget_line", input = Json)]
pub async fn delete_budget_line(line_id: Id) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::delete_budget_line(&state, &caller, line_id).await
}

#[server(endpoint = "save_expense", input = Json)]
pub async fn save_expense(input: ExpenseInput) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::save_expense(&state, &caller, input).await
}

#[server(endpoint = "delete_expense", input = Json)]
pub async fn delete_expense(expense_id: Id) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::delete_expense(&state, &caller, expense_id).await
}

#[server(endpoint = "set_project_currency", input = Json)]
pub async fn set_project_currency(
    project_id: Id,
    currency: Currency,
) -> Result<ProjectFinance, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::set_currency(&state, &caller, project_id, currency).await
}

/// Approves or rejects a budget change waiting on the caller.
#[server(endpoint = "decide_budget_change", input = Json)]
pub async fn decide_budget_change(
    request_id: Id,
    approve: bool,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::finance::decide_budget_change(&state, &caller, request_id, approve, comment)
        .await
}
