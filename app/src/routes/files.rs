//! The project's files tab: files and links of the project itself (those of its tasks are in
//! each task's drawer).
use leptos::prelude::*;

use super::project::use_project;
use crate::components::attachments::Attachments;
use crate::components::ui::Spinner;
use crate::model::Place;

#[component]
pub fn FilesTab() -> impl IntoView {
    let ctx = use_project();
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match ctx.detail.await {
                    Err(_) => ().into_any(),
                    Ok(p) => view! {
                        <div class="card files-page">
                            <Attachments project_id=p.id place=Place::Project heading=true/>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}
