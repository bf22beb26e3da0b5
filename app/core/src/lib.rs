//! Marquee's core: what the browser and the server must agree on, in plain Rust with no I/O.
//! `model` (the typed values that cross the wire), `domain` (the rules: permissions, status
//! transitions, scheduling, money, KPIs, budgets, imports, reports, health, templates), `i18n`
//! (the message catalogue), `error` (`AppError`, what every server function returns) and `live`
//! (the messages of live collaboration). It depends on no web framework, database or runtime, so
//! its tests build and run on their own: `cargo test -p marquee-core`.
pub mod domain;
pub mod error;
pub mod i18n;
pub mod live;
pub mod model;
