//! Sending a file to an upload route as its bytes (not base64 in JSON), with its progress: the
//! browser streams a chosen file from the disk itself, so a large one is never read into memory
//! here. The answer is the route's JSON, or its translated error.
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// What is sent.
pub enum Payload {
    /// A file as chosen: read and sent by the browser as it goes.
    #[cfg(feature = "hydrate")]
    File(web_sys::File),
    /// Bytes already read (to be sent again with another header, say).
    Bytes(Vec<u8>),
}

/// POSTs `payload` to `url` with these extra headers; `progress` follows the upload in percent
/// (`None` before and after), and `done` gets the decoded answer.
pub fn send<T: DeserializeOwned + 'static>(
    url: &str,
    headers: &[(&str, String)],
    payload: Payload,
    progress: RwSignal<Option<u32>>,
    done: impl FnOnce(Result<T, AppError>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
            done(Err(AppError::Transport("XMLHttpRequest".into())));
            return;
        };
        let _ = xhr.open_with_async("POST", url, true);
        let _ = xhr.set_request_header("content-type", "application/octet-stream");
        let _ = xhr.set_request_header("accept", "application/json");
        for (name, value) in headers {
            let _ = xhr.set_request_header(name, value);
        }
        if let Ok(target) = xhr.upload() {
            let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(
                move |e: web_sys::ProgressEvent| {
                    if e.length_computable() && e.total() > 0.0 {
                        let p = (e.loaded() / e.total() * 100.0).round() as u32;
                        progress.set(Some(p.min(100)));
                    }
                },
            );
            target.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
        let finish = {
            let done = done.clone();
            move |result: Result<T, AppError>| {
                progress.set(None);
                if let Some(f) = done.borrow_mut().take() {
                    f(result);
                }
            }
        };
        let x = xhr.clone();
        let on_load = {
            let finish = finish.clone();
            Closure::once_into_js(move || {
                let status = x.status().unwrap_or(0);
                let text = x.response_text().ok().flatten().unwrap_or_default();
                let result = if (200..300).contains(&status) {
                    serde_json::from_str::<T>(&text).map_err(|e| AppError::Transport(e.to_string()))
                } else {
                    Err(serde_json::from_str::<AppError>(&text)
                        .unwrap_or_else(|_| AppError::Transport(format!("HTTP {status}"))))
                };
                finish(result);
            })
        };
        xhr.set_onload(Some(on_load.unchecked_ref()));
        let on_error = Closure::once_into_js(move || {
            finish(Err(AppError::Transport("network".into())));
        });
        xhr.set_onerror(Some(on_error.unchecked_ref()));
        progress.set(Some(0));
        let sent = match payload {
            Payload::File(file) => xhr.send_with_opt_blob(Some(&file)),
            Payload::Bytes(bytes) => xhr.send_with_opt_u8_array(Some(&bytes)),
        };
        if sent.is_err() {
            progress.set(None);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, headers, payload, progress, done);
}

/// The files chosen in a file input's change event (the input is emptied, so that the same
/// file may be chosen again).
#[cfg(feature = "hydrate")]
pub fn chosen(ev: &web_sys::Event) -> Vec<web_sys::File> {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let mut files = Vec::new();
    if let Some(list) = input.files() {
        for i in 0..list.length() {
            if let Some(f) = list.get(i) {
                files.push(f);
            }
        }
    }
    input.set_value("");
    files
}

/// A size as people read it: 980 B, 14.2 KB, 3.4 MB, 1.2 GB.
pub fn human_size(bytes: i64) -> String {
    let b = bytes.max(0) as f64;
    if b < 1024.0 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} MB", b / 1024.0 / 1024.0)
    } else {
        format!("{:.2} GB", b / 1024.0 / 1024.0 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(980), "980 B");
        assert_eq!(human_size(14_540), "14.2 KB");
        assert_eq!(human_size(3_565_158), "3.4 MB");
        assert_eq!(human_size(1_288_490_189), "1.20 GB");
    }
}
