//! Server-only code: the kernel (state, sessions, authorisation, audit, sealing, entities, the
//! change path and the live hub) and, above it, the feature services the `#[server]` functions
//! call. The kernel imports no service; services import the kernel and each other in one
//! direction only (`app/core/tests/module_graph.rs` fails on a cycle).
pub mod approvals;
pub mod board;
pub mod books;
pub mod cases;
pub mod channel_data;
pub mod check_ins;
pub mod comments;
pub mod connections;
pub mod conversions;
pub mod courier;
pub mod demo;
pub mod files;
pub mod finance;
pub mod holidays;
pub mod ingest;
pub mod kernel;
pub mod mail;
pub mod notifications;
pub mod performance;
pub mod planning;
pub mod pmo;
pub mod points;
pub mod projects;
pub mod push;
pub mod reports;
pub mod retro_doc;
pub mod retros;
pub mod session;
pub mod settings;
pub mod task_rows;
pub mod tasks;
pub mod templates;
pub mod users;
pub mod webhooks;
