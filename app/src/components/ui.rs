//! Small building blocks used across pages.
use leptos::prelude::*;

use crate::components::offline::queue::use_offline;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{ProjectStatus, TaskStatus};

#[component]
pub fn Spinner() -> impl IntoView {
    view! { <div class="loading" role="status">{tr(K::Loading)}</div> }
}

/// A translated error message, or nothing.
#[component]
pub fn ErrorBox(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let said = error_text();
    move || {
        error
            .get()
            .map(|e| view! { <div class="alert alert-error" role="alert">{said(&e)}</div> })
    }
}

/// An error's message in the person's language (tracking it); a server out of reach because the
/// device is offline is said to need a connection, not to be down.
pub fn error_text() -> impl Fn(&AppError) -> String + Copy {
    let i18n = use_i18n();
    let offline = use_offline();
    move |e| match e {
        AppError::Transport(_) if offline.is_some_and(|o| !o.online.get()) => {
            i18n.t(K::ErrOffline).to_string()
        }
        e => e.message(i18n.locale.get()),
    }
}

/// The message for one field of a refused form.
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] field: String,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error
            .get()
            .and_then(|e| e.field_message(&field, i18n.locale.get()))
            .map(|m| view! { <div class="field-error">{m}</div> })
    }
}

/// The end of a form: the message of a refusal that is not about one field, then Save (a
/// submit button, with `save_class` added to its classes) and Cancel.
#[component]
pub fn FormFooter(
    error: RwSignal<Option<AppError>>,
    on_cancel: Callback<()>,
    #[prop(optional, into)] save_class: String,
) -> impl IntoView {
    view! {
        <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
        <div class="button-row">
            <button type="submit" class=format!("btn btn-primary {save_class}")>{tr(K::Save)}</button>
            <button type="button" class="btn" on:click=move |_| on_cancel.run(())>{tr(K::Cancel)}</button>
        </div>
    }
}

/// The whole-form message when the error is not about one field.
pub fn form_level(error: Option<AppError>) -> Option<AppError> {
    error.filter(|e| !matches!(e, AppError::Invalid(_)))
}

#[component]
pub fn ProjectStatusBadge(status: ProjectStatus) -> impl IntoView {
    let class = format!("badge status-{}", status.as_str());
    view! { <span class=class data-status=status.as_str()>{tr(status.label())}</span> }
}

#[component]
pub fn TaskStatusBadge(status: TaskStatus) -> impl IntoView {
    let class = format!("badge task-{}", status.as_str());
    view! { <span class=class>{tr(status.label())}</span> }
}

#[component]
pub fn ProgressBar(value: u8) -> impl IntoView {
    let width = format!("width:{}%", value.min(100));
    view! {
        <div class="progress" role="progressbar" aria-label=tr(K::Progress) aria-valuenow=value aria-valuemin="0" aria-valuemax="100">
            <div class="progress-fill" style=width></div>
            <span class="progress-label">{format!("{value}%")}</span>
        </div>
    }
}

/// Error or loading state of a `Resource` read, rendered in the page's place.
pub fn failed(error: AppError) -> AnyView {
    let said = error_text();
    view! { <div class="alert alert-error" role="alert">{move || said(&error)}</div> }.into_any()
}

/// A date as `YYYY-MM-DD` (ISO 8601, what a date field gives). Without chrono's reader, which
/// the pages loaded first would otherwise carry for this alone (`model::day`).
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    crate::model::day::parse(text)
}

/// A date as `YYYY-MM-DD`, or nothing.
pub fn format_date(date: Option<chrono::NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// Today in the organisation's time zone (as the server said when the page loaded), else the
/// viewer's.
pub fn today() -> chrono::NaiveDate {
    use_context::<super::session::Session>()
        .and_then(|s| s.today())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Asks the person to confirm a destructive action.
pub fn confirm(message: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(message).ok())
            .unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = message;
        false
    }
}

/// Calls `on_near` whenever the element behind `target` comes within `margin` (CSS, such as
/// "600px") of the visible part of the page: for drawing more of a long list as the reader
/// scrolls towards its end. Follows `target` as it is replaced; stops with the component.
pub fn when_near<E>(target: NodeRef<E>, margin: &'static str, on_near: impl Fn() + Clone + 'static)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Some(element) = target.get() else {
            return;
        };
        let Ok(element) = element.dyn_into::<web_sys::Element>() else {
            return;
        };
        let on_near = on_near.clone();
        let seen = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let near = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if near {
                on_near();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(margin);
        let Ok(observer) = web_sys::IntersectionObserver::new_with_options(
            seen.as_ref().unchecked_ref(),
            &options,
        ) else {
            return;
        };
        observer.observe(&element);
        let kept = StoredValue::new_local((observer, seen));
        on_cleanup(move || {
            kept.try_with_value(|(observer, _)| observer.disconnect());
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (target, margin, on_near);
}

/// Offers a blob to the browser as a file download.
#[cfg(feature = "hydrate")]
fn offer(name: &str, blob: &web_sys::Blob) {
    use wasm_bindgen::JsCast;
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = link {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers `text` to the browser as a file download of type `mime`.
pub fn download_text(name: &str, mime: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
            offer(name, &blob);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, mime, text);
}

/// Offers bytes sent in base64 to the browser as a file download of type `mime`.
pub fn download_base64(name: &str, mime: &str, content: &str) {
    #[cfg(feature = "hydrate")]
    {
        use base64::Engine;
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(content) else {
            return;
        };
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        let parts = js_sys::Array::of1(&array);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        if let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
            offer(name, &blob);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, mime, content);
}

/// `text` in lower case, for matching what a person types against names in any script. In the
/// browser it is the browser's own (`String.prototype.toLowerCase`), so the app's code carries
/// no case tables of its own.
pub fn lowercase(text: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        text.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::{format_date, parse_date};

    #[test]
    fn dates_are_read_and_written_as_a_date_field_gives_them() {
        let day = parse_date(" 2026-03-09 ").expect("a date");
        assert_eq!(format_date(Some(day)), "2026-03-09");
        assert_eq!(format_date(parse_date("2026-12-31")), "2026-12-31");
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("09/03/2026"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(format_date(None), "");
    }
}
