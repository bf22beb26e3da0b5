//! The task-name column's width this device chose, kept in a cookie (`column` writes it), so
//! the server draws the chart's first screen with it too.
use super::state::LABEL_WIDTH_MIN;

/// The cookie that keeps the task-name column's width, in whole pixels.
pub const LABEL_WIDTH_COOKIE: &str = "marquee_gantt_label";
/// The widest a kept width is taken (the chart narrows it further to its screen).
const LABEL_WIDTH_MAX: f64 = 1200.0;

/// A kept width as the cookie says it: a number of pixels within reason, else none.
pub fn width_from_cookies(header: &str) -> Option<f64> {
    crate::i18n::cookie_value(header, LABEL_WIDTH_COOKIE)
        .and_then(|w| w.trim().parse::<f64>().ok())
        .filter(|w| w.is_finite())
        .map(|w| w.clamp(LABEL_WIDTH_MIN, LABEL_WIDTH_MAX).round())
}

/// The width this device keeps, read from the request on the server and from the page's
/// cookies in the browser, so both draw the same column.
pub fn kept_width() -> Option<f64> {
    #[cfg(feature = "ssr")]
    let cookies = leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(http::header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    });
    #[cfg(feature = "hydrate")]
    let cookies = {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| d.cookie().ok())
    };
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let cookies: Option<String> = None;
    cookies.as_deref().and_then(width_from_cookies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_width_is_read_within_reason() {
        assert_eq!(
            width_from_cookies("a=1; marquee_gantt_label=212"),
            Some(212.0)
        );
        assert_eq!(
            width_from_cookies("marquee_gantt_label=20"),
            Some(LABEL_WIDTH_MIN)
        );
        assert_eq!(
            width_from_cookies("marquee_gantt_label=99999"),
            Some(LABEL_WIDTH_MAX)
        );
        for wrong in [
            "marquee_gantt_label=NaN",
            "marquee_gantt_label=wide",
            "other=212",
            "",
        ] {
            assert_eq!(width_from_cookies(wrong), None, "{wrong}");
        }
    }
}
