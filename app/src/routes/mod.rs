//! One file per page. Pages a person needs first (sign-in, the portfolio, my tasks, the
//! check-in) are in the app's first download; the others arrive `later`, in a few groups whose
//! code comes together when the first page of the group is opened or, for those opened most,
//! once the browser is idle (`prefetch_later`). Few groups, not one per page: the splitter cuts a
//! chunk for every combination of lazy pages that share code, and a page made of hundreds of
//! small chunks waits on hundreds of round trips.
use leptos::prelude::*;

use crate::later::LaterStyles;

/// A group of pages whose code is one lazy piece: `later!(WorkLater: Work { Board => board::BoardTab })`
/// makes the route view `Lazy::<WorkLater>` for each of them; which page it draws is read from
/// the address (`Work::at`).
macro_rules! later {
    ($($group:ident: $pick:ident { $($page:ident => $view:path),* $(,)? })*) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $pick { $($page),* }

        pub struct $group($pick);

        impl $group {
            /// The group's name, as its code is named in the build's list of chunks.
            pub const NAME: &'static str = stringify!($group);
        }

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $group {
            fn data() -> Self {
                let path = leptos_router::hooks::use_location().pathname.get_untracked();
                $group(<$pick>::at(&path))
            }

            fn view(this: Self) -> AnyView {
                let page = this.0;
                view! {
                    <LaterStyles>
                        {match page {
                            $($pick::$page => view! { <$view/> }.into_any(),)*
                        }}
                    </LaterStyles>
                }
                .into_any()
            }
        }
    )*};
}

later! {
    ProjectLater: Project { Page => project::ProjectPage }
    WorkLater: Work {
        Overview => project::Overview,
        Board => board::BoardTab,
        List => list::ListTab,
        CheckIn => check_in::CheckInTab,
        Files => files::FilesTab,
        Activity => activity::ActivityTab,
        Edit => project_form::EditProjectTab,
    }
    GanttLater: Chart { Gantt => gantt::GanttTab }
    FiguresLater: Figures {
        Finance => finance::FinanceTab,
        Data => channel_data::DataTab,
        Conversions => conversions::ConversionsTab,
        Reports => reports::ReportsTab,
        Retro => retro::RetroTab,
    }
    InboxLater: Inbox {
        Approvals => approvals::ApprovalsPage,
        Notifications => notifications::NotificationsPage,
    }
    LibraryLater: Library {
        Cases => cases::CasesPage,
        Case => cases::CasePage,
        Points => points::PointsPage,
        Performance => performance::PerformancePage,
        Pmo => pmo::PmoPage,
    }
    AdminLater: Admin {
        Setup => setup::SetupPage,
        NewProject => project_form::NewProjectPage,
        Templates => templates::TemplatesPage,
        Users => users::UsersPage,
        Audit => audit::AuditPage,
        Settings => settings::SettingsPage,
        Account => account::AccountPage,
    }
}

/// The groups of code the page at `path` is drawn with, outermost first: none for the pages in
/// the first download. As the routes in `App` say.
pub fn later_groups(path: &str) -> Vec<&'static str> {
    let path = path.trim_end_matches('/');
    match path {
        "/setup" | "/projects/new" | "/templates" | "/admin/users" | "/admin/audit"
        | "/admin/settings" | "/account" => vec![AdminLater::NAME],
        "/approvals" | "/notifications" => vec![InboxLater::NAME],
        "/points" | "/performance" | "/pmo" => vec![LibraryLater::NAME],
        _ if path == "/cases" || path.starts_with("/cases/") => vec![LibraryLater::NAME],
        _ if path.starts_with("/projects/") => {
            let tab = match project_tab(path) {
                "gantt" => GanttLater::NAME,
                "finance" | "data" | "conversions" | "reports" | "retro" => FiguresLater::NAME,
                _ => WorkLater::NAME,
            };
            vec![ProjectLater::NAME, tab]
        }
        _ => Vec::new(),
    }
}

/// The tab of a project's address, `/projects/<id>/<tab>`.
fn project_tab(path: &str) -> &str {
    path.trim_end_matches('/').split('/').nth(3).unwrap_or("")
}

impl Project {
    fn at(_path: &str) -> Self {
        Project::Page
    }
}

impl Work {
    fn at(path: &str) -> Self {
        match project_tab(path) {
            "board" => Work::Board,
            "list" => Work::List,
            "check-in" => Work::CheckIn,
            "files" => Work::Files,
            "activity" => Work::Activity,
            "edit" => Work::Edit,
            _ => Work::Overview,
        }
    }
}

impl Chart {
    fn at(_path: &str) -> Self {
        Chart::Gantt
    }
}

impl Figures {
    fn at(path: &str) -> Self {
        match project_tab(path) {
            "data" => Figures::Data,
            "conversions" => Figures::Conversions,
            "reports" => Figures::Reports,
            "retro" => Figures::Retro,
            _ => Figures::Finance,
        }
    }
}

impl Inbox {
    fn at(path: &str) -> Self {
        if path.starts_with("/notifications") {
            Inbox::Notifications
        } else {
            Inbox::Approvals
        }
    }
}

impl Library {
    fn at(path: &str) -> Self {
        match path.trim_end_matches('/') {
            "/cases" => Library::Cases,
            "/points" => Library::Points,
            "/performance" => Library::Performance,
            "/pmo" => Library::Pmo,
            _ => Library::Case,
        }
    }
}

impl Admin {
    fn at(path: &str) -> Self {
        match path.trim_end_matches('/') {
            "/setup" => Admin::Setup,
            "/projects/new" => Admin::NewProject,
            "/templates" => Admin::Templates,
            "/admin/users" => Admin::Users,
            "/admin/audit" => Admin::Audit,
            "/admin/settings" => Admin::Settings,
            _ => Admin::Account,
        }
    }
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
    crate::later::apply_later_styles().await;
    ProjectLater::preload().await;
    WorkLater::preload().await;
    GanttLater::preload().await;
    InboxLater::preload().await;
}

pub mod account;
pub mod activity;
pub mod approvals;
pub mod audit;
pub mod board;
pub mod cases;
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
pub mod performance;
pub mod pmo;
pub mod points;
pub mod portfolio;
pub mod project;
pub mod project_form;
pub mod reports;
pub mod retro;
pub mod settings;
pub mod setup;
pub mod templates;
pub mod users;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_draws_its_own_page_of_the_group() {
        assert_eq!(Work::at("/projects/4"), Work::Overview);
        assert_eq!(Work::at("/projects/4/"), Work::Overview);
        assert_eq!(Work::at("/projects/4/board"), Work::Board);
        assert_eq!(Chart::at("/projects/4/gantt"), Chart::Gantt);
        assert_eq!(Work::at("/projects/12/check-in"), Work::CheckIn);
        assert_eq!(Work::at("/projects/12/edit"), Work::Edit);
        assert_eq!(Figures::at("/projects/4/conversions"), Figures::Conversions);
        assert_eq!(Figures::at("/projects/4/finance"), Figures::Finance);
        assert_eq!(Figures::at("/projects/4/reports/"), Figures::Reports);
        assert_eq!(Figures::at("/projects/4/retro"), Figures::Retro);
        assert_eq!(Inbox::at("/notifications"), Inbox::Notifications);
        assert_eq!(Inbox::at("/approvals"), Inbox::Approvals);
        assert_eq!(Admin::at("/projects/new"), Admin::NewProject);
        assert_eq!(Admin::at("/admin/audit"), Admin::Audit);
        assert_eq!(Admin::at("/setup"), Admin::Setup);
        assert_eq!(Admin::at("/account"), Admin::Account);
    }

    #[test]
    fn each_later_page_names_the_groups_it_is_drawn_with() {
        assert_eq!(later_groups("/projects/4"), ["ProjectLater", "WorkLater"]);
        assert_eq!(
            later_groups("/projects/4/board/"),
            ["ProjectLater", "WorkLater"]
        );
        assert_eq!(
            later_groups("/projects/4/gantt"),
            ["ProjectLater", "GanttLater"]
        );
        assert_eq!(
            later_groups("/projects/4/reports"),
            ["ProjectLater", "FiguresLater"]
        );
        assert_eq!(later_groups("/projects/new"), ["AdminLater"]);
        assert_eq!(later_groups("/notifications"), ["InboxLater"]);
        assert_eq!(later_groups("/admin/settings"), ["AdminLater"]);
        for first in ["/", "/login", "/my-tasks", "/check-in", "/nowhere"] {
            assert!(later_groups(first).is_empty(), "{first}");
        }
    }
}
