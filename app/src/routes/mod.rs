//! One file per page.
pub mod account;
pub mod approvals;
pub mod audit;
pub mod board;
pub mod finance;
pub mod gantt;
pub mod list;
pub mod login;
pub mod my_tasks;
pub mod not_found;
pub mod notifications;
pub mod portfolio;
pub mod project;
pub mod project_form;
pub mod setup;
pub mod templates;
pub mod users;
