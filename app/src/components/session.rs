//! Who is signed in, loaded once per page load and shared with every component.
use crate::loaded::Loaded;
use leptos::prelude::*;

use crate::api::session::get_session_info;
use crate::domain::policy::{allows, Action};
use crate::error::AppError;
use crate::model::{SessionInfo, UserView};

#[derive(Clone, Copy)]
pub struct Session(pub Loaded<Result<SessionInfo, AppError>>);

/// The unread count the bell shows, when something fresher than the session's is known (the
/// notification centre's own): the session is read once per page load, not on each navigation.
#[derive(Clone, Copy)]
pub struct BellCount(pub RwSignal<Option<u32>>);

pub fn provide_session() {
    // Blocking: the server waits for it before streaming, so a redirect to sign-in is a real 302.
    provide_context(Session(Resource::new_with_options(
        || (),
        |_| get_session_info(),
        true,
    )));
    provide_context(BellCount(RwSignal::new(None)));
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    /// The signed-in person, once the session has loaded.
    pub fn user(&self) -> Option<UserView> {
        self.0.get().and_then(|r| r.ok()).and_then(|info| info.user)
    }

    /// Today in the organisation's time zone, once the session has loaded.
    pub fn today(&self) -> Option<chrono::NaiveDate> {
        self.0
            .get_untracked()
            .and_then(|r| r.ok())
            .and_then(|info| info.today)
    }

    /// Whether the signed-in person's organisation role allows an organisation-level action.
    pub fn can(&self, action: Action) -> bool {
        self.user().is_some_and(|u| allows(u.role, None, action))
    }
}

/// Reloads the whole app at `path`: used after signing in or out so every resource starts afresh.
pub fn hard_navigate(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
