//! Typed models shared by the browser and the server, one file per area. The server never hands
//! the browser a database entity: it converts to these. Everything is re-exported here, so a
//! model is `crate::model::TaskView` wherever it is defined; the rules in `domain` that the
//! models themselves carry (a health, a currency) import from `model::values` only, so the two
//! never import each other.
pub mod approvals;
pub mod audit;
pub mod board;
pub mod cases;
pub mod channel_data;
pub mod checkins;
pub mod comments;
pub mod day;
pub mod files;
pub mod finance;
pub mod notifications;
pub mod people;
pub mod performance;
pub mod planning;
pub mod pmo;
pub mod points;
pub mod projects;
pub mod reports;
pub mod retro;
pub mod settings;
pub mod tasks;
pub mod templates;
pub mod tracking;
pub mod values;

pub use approvals::*;
pub use audit::*;
pub use board::*;
pub use cases::*;
pub use channel_data::*;
pub use checkins::*;
pub use comments::*;
pub use files::*;
pub use finance::*;
pub use notifications::*;
pub use people::*;
pub use performance::*;
pub use planning::*;
pub use pmo::*;
pub use points::*;
pub use projects::*;
pub use reports::*;
pub use retro::*;
pub use settings::*;
pub use tasks::*;
pub use templates::*;
pub use tracking::*;
pub use values::*;
