use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{tr, K};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="centered">
            <div class="card narrow">
                <h1>{tr(K::NotFoundTitle)}</h1>
                <p>{tr(K::NotFoundBody)}</p>
                <A href="/" attr:class="btn btn-primary">{tr(K::NavProjects)}</A>
            </div>
        </main>
    }
}
