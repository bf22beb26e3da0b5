//! The project's files tab: files and links of the project itself (those of its tasks are in
//! each task's drawer).
use leptos::prelude::*;

use super::project::project_tab;
use crate::components::attachments::Attachments;
use crate::model::Place;

#[component]
pub fn FilesTab() -> impl IntoView {
    project_tab(|p| {
        view! {
            <div class="card files-page">
                <Attachments project_id=p.id place=Place::Project heading=true/>
            </div>
        }
    })
}
