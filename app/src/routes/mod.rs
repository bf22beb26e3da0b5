//! One file per page. Pages a person needs first (sign-in, the portfolio, my tasks, the
//! check-in) are in the app's first download; the others are `later`: their code is a chunk of
//! its own, fetched when the page is first opened or, for those opened most, once the browser is
//! idle (`prefetch_later`).
use leptos::prelude::*;

/// A page whose code arrives when it is first opened: `later!(GanttLater, gantt::GanttTab)`
/// makes the route view `Lazy::<GanttLater>`.
macro_rules! later {
    ($($route:ident => $page:path),* $(,)?) => {$(
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

later! {
    ActivityLater => activity::ActivityTab,
    ApprovalsLater => approvals::ApprovalsPage,
    AuditLater => audit::AuditPage,
    BoardLater => board::BoardTab,
    DataLater => channel_data::DataTab,
    CheckInTabLater => check_in::CheckInTab,
    ConversionsLater => conversions::ConversionsTab,
    FilesLater => files::FilesTab,
    FinanceLater => finance::FinanceTab,
    GanttLater => gantt::GanttTab,
    ListLater => list::ListTab,
    NotificationsLater => notifications::NotificationsPage,
    NewProjectLater => project_form::NewProjectPage,
    EditProjectLater => project_form::EditProjectTab,
    ReportsLater => reports::ReportsTab,
    SettingsLater => settings::SettingsPage,
    SetupLater => setup::SetupPage,
    TemplatesLater => templates::TemplatesPage,
    UsersLater => users::UsersPage,
    AccountLater => account::AccountPage,
    ProjectLater => project::ProjectPage,
    OverviewLater => project::Overview,
}

/// Once the browser is idle after the first page, fetches the code of the pages opened most,
/// one after another, so opening them later waits on nothing — unless the person asked their
/// browser to save data (and not in a debug build).
#[cfg(feature = "hydrate")]
pub async fn prefetch_later() {
    use leptos_router::LazyRoute;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let Some(window) = web_sys::window() else {
        return;
    };
    let connection = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("connection"));
    let saves_data = connection
        .ok()
        .filter(|c| c.is_object())
        .and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("saveData")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    // A debug build's chunks are tens of megabytes: fetching them ahead only slows it down.
    if saves_data || cfg!(debug_assertions) {
        return;
    }
    let idle = js_sys::Promise::new(&mut |resolve, _| {
        let ask = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let done = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let _ = match ask {
            Some(ask) => ask.call1(&window, &done),
            None => window
                .set_timeout_with_callback_and_timeout_and_arguments_0(done.unchecked_ref(), 2_000)
                .map(JsValue::from),
        };
    });
    let _ = wasm_bindgen_futures::JsFuture::from(idle).await;
    ProjectLater::preload().await;
    OverviewLater::preload().await;
    BoardLater::preload().await;
    ListLater::preload().await;
    CheckInTabLater::preload().await;
    ApprovalsLater::preload().await;
    NotificationsLater::preload().await;
    GanttLater::preload().await;
}

pub mod account;
pub mod activity;
pub mod approvals;
pub mod audit;
pub mod board;
pub mod channel_data;
pub mod check_in;
pub mod check_in_today;
pub mod conversions;
pub mod files;
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
pub mod reports;
pub mod settings;
pub mod setup;
pub mod templates;
pub mod users;
