//! Points and the month's star: the points page, the rules (admins), adjustments (admins),
//! leaving the leaderboard, nominating.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{Nomination, PointAdjustment, PointRuleView, PointsPage, PointsQuery};

#[server(endpoint = "get_points", input = Json)]
pub async fn get_points(query: PointsQuery) -> Result<PointsPage, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::points::page(&state, &caller, query).await
}

#[server(endpoint = "save_point_rule", input = Json)]
pub async fn save_point_rule(input: PointRuleView) -> Result<Vec<PointRuleView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::points::save_rule(&state, &caller, input).await
}

#[server(endpoint = "adjust_points", input = Json)]
pub async fn adjust_points(input: PointAdjustment) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::points::adjust(&state, &caller, input).await
}

#[server(endpoint = "leave_leaderboard", input = Json)]
pub async fn leave_leaderboard(hidden: bool) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::points::set_hidden(&state, &caller, hidden).await
}

#[server(endpoint = "nominate_star", input = Json)]
pub async fn nominate_star(input: Nomination) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::points::nominate(&state, &caller, input).await
}
