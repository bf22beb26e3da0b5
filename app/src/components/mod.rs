//! Shared UI pieces. Feature components live in their own modules (`gantt`, `kanban`, `task_form`).
pub mod board_settings;
pub mod charts;
pub mod dependencies;
pub mod gantt;
pub mod health;
pub mod kanban;
pub mod layout;
pub mod live;
pub mod plot;
pub mod project_form;
pub mod session;
pub mod task_form;
pub mod ui;
