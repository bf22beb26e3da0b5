//! One file per page. Pages a person needs first (sign-in, the portfolio, my tasks, the
//! check-in, a project's overview) are in the app's first download; the others are `later`:
//! their code is a chunk of its own, fetched when the page is first opened.
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
