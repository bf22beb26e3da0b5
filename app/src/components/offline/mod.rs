//! Edits that wait for the connection. A task edit, a card moved on the board, a comment or a
//! check-in made while the browser is offline (or whose request never reached the server) is
//! kept on this device under an id of its own — per person,
//! surviving reloads and a closed browser — shown at once, counted in the top bar, and sent when
//! the connection returns: the server applies each id once, on the version the edit was made on.
//! An edit that meets someone else's newer change of the same field waits for the person to
//! choose between both values (`panel`); one the server refuses says why. Signing out deletes
//! the person's waiting edits from the device. Reading offline — the last answers kept by the
//! service worker, and the notice saying since when they are current — is `reading`.
mod panel;
pub(crate) mod queue;
mod reading;

pub use panel::PendingBadge;
pub use queue::*;
pub use reading::{follow_kept_answers, OfflineNotice};
