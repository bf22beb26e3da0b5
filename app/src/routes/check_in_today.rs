//! Today's check-ins, across projects (`/check-in`, the app's shortcut): the projects under
//! way where I check in, each with whether I have today, one tap from its check-in.
use crate::loaded::load;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::check_ins::my_check_ins;
use crate::components::layout::Layout;
use crate::components::ui::{failed, Spinner};
use crate::i18n::{tr, K};

#[component]
pub fn CheckInTodayPage() -> impl IntoView {
    view! {
        <Layout>
            <CheckInToday/>
        </Layout>
    }
}

#[component]
fn CheckInToday() -> impl IntoView {
    let loaded = load(|| (), |_| my_check_ins());
    view! {
        <div class="page-head"><h1>{tr(K::CheckInToday)}</h1></div>
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => failed(e),
                    Ok(projects) if projects.is_empty() => {
                        view! { <div class="card empty muted">{tr(K::CheckInNowhere)}</div> }.into_any()
                    }
                    Ok(projects) => view! {
                        <ul class="card check-in-projects">
                            {projects.into_iter().map(|p| {
                                let href = format!("/projects/{}/check-in", p.project_id);
                                let state = if p.checked_in {
                                    view! { <span class="chip checked-in">{tr(K::CheckedIn)}</span> }.into_any()
                                } else if !p.working {
                                    view! { <span class="chip muted">{tr(K::CheckInDayOffShort)}</span> }.into_any()
                                } else {
                                    view! { <span class="chip not-yet">{tr(K::NotCheckedIn)}</span> }.into_any()
                                };
                                view! {
                                    <li class="check-in-project" data-project=p.project_id>
                                        <A href=href.clone() attr:class="check-in-project-name">{p.name.clone()}</A>
                                        {state}
                                        <A href=href attr:class=if p.checked_in { "btn" } else { "btn btn-primary" }>
                                            {if p.checked_in { tr(K::CheckInUpdate) } else { tr(K::CheckInSubmit) }}
                                        </A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}
