//! The scheduling engine shared by the browser (drag previews) and the server (the authority).
//!
//! Tasks sit on a working calendar; dependencies tie an end of one task to an end of another with
//! a lag in working days. Moving a task pushes its dependents as far as the links require and no
//! further; summary tasks take their dates and progress from their children; the critical path
//! comes from a backward pass over the same graph.
//!
//! Internally every date is a working-day *ordinal* (see [`calendar::WorkIndex`]): a task occupies
//! the half-open range `[start, finish)` of ordinals, a milestone is the instant at the end of its
//! day (`start == finish`). Links become lower bounds on a successor's start:
//!
//! | kind | constraint                          |
//! |------|-------------------------------------|
//! | FS   | succ.start  ≥ pred.finish + lag     |
//! | SS   | succ.start  ≥ pred.start + lag      |
//! | FF   | succ.finish ≥ pred.finish + lag     |
//! | SF   | succ.finish ≥ pred.start + lag      |
//!
//! A link into a summary task applies to every task under it; a link out of one uses the
//! summary's dates.
pub mod calendar;
mod plan;
mod spec;
#[cfg(test)]
mod tests;

pub use plan::Plan;
pub use spec::*;

use crate::i18n::Locale;

/// The calendar a new project starts with: mainland China's for Chinese, Monday to Friday
/// otherwise. The browser uses it to tell when a template's plan will end.
pub fn default_calendar(locale: Locale) -> calendar::WorkCalendar {
    match locale {
        Locale::Zh => calendar::WorkCalendar::china(),
        Locale::En => calendar::WorkCalendar::weekdays(),
    }
}
