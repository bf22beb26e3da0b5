//! The UI pieces pages are made of: feature components (`gantt`, `kanban`, `task_form`, `charts`…)
//! and the small shared ones (`ui`).
pub mod approval_trail;
pub mod attachments;
pub mod board_settings;
pub mod charts;
pub mod comments;
pub mod dependencies;
pub mod dialog;
pub mod gantt;
pub mod health;
pub mod install;
pub mod kanban;
pub mod layout;
pub mod live_connection;
pub mod offline;
pub mod project_form;
pub mod push_device;
pub mod session;
pub mod task_board;
pub mod task_form;
pub mod ui;
pub mod upload;
