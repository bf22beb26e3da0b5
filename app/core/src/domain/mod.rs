//! Pure domain rules with no I/O, compiled into both the browser and the server so the browser can
//! tell a person what the server will decide.
pub mod approval;
pub mod board;
pub mod budget;
pub mod checkins;
pub mod csv;
pub mod filetypes;
pub mod health;
pub mod holidays;
pub mod ingest;
pub mod kpi;
pub mod lifecycle;
pub mod links;
pub mod mentions;
pub mod merge;
pub mod money;
pub mod notices;
pub mod ordering;
pub mod policy;
pub mod report;
pub mod schedule;
pub mod task_list;
pub mod templates;
pub mod tracking;
pub mod tree;
pub mod validate;
pub mod weekly;
