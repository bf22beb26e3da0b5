//! This browser and Web Push: whether it can take pushes, its subscription (through the
//! service worker the app registers at start), and asking for one with the server's key.
use crate::model::PushSubscriptionInput;

/// Why this browser did not subscribe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No service worker or push manager here (an iPhone's Safari outside the home screen).
    Unsupported,
    /// The person, or the browser's settings, said no to notifications.
    Denied,
    /// What the browser or its push service said.
    Failed(String),
}

/// The endpoint of this browser's subscription, if it has one.
pub async fn current_endpoint() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        browser::subscription().await.map(|s| s.endpoint())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Asks the person to allow notifications (when they have not yet) and subscribes this browser
/// with the server's public key; the subscription to send to the server.
pub async fn subscribe(key: &str) -> Result<PushSubscriptionInput, Refusal> {
    #[cfg(feature = "hydrate")]
    {
        browser::subscribe(key).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        Err(Refusal::Unsupported)
    }
}

/// Ends this browser's subscription (after the server forgot it).
pub async fn unsubscribe_here() {
    #[cfg(feature = "hydrate")]
    browser::unsubscribe().await;
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Refusal;
    use crate::model::PushSubscriptionInput;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Notification, NotificationPermission, PushManager, PushSubscription,
        PushSubscriptionOptionsInit, ServiceWorkerRegistration,
    };

    fn supported() -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let has = |name: &str| js_sys::Reflect::has(&window, &JsValue::from_str(name)) == Ok(true);
        let navigator = window.navigator();
        has("PushManager")
            && has("Notification")
            && js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")) == Ok(true)
    }

    async fn manager() -> Option<PushManager> {
        if !supported() {
            return None;
        }
        let ready = web_sys::window()?
            .navigator()
            .service_worker()
            .ready()
            .ok()?;
        let registration: ServiceWorkerRegistration =
            JsFuture::from(ready).await.ok()?.dyn_into().ok()?;
        registration.push_manager().ok()
    }

    pub async fn subscription() -> Option<PushSubscription> {
        let manager = manager().await?;
        let found = JsFuture::from(manager.get_subscription().ok()?)
            .await
            .ok()?;
        found.dyn_into::<PushSubscription>().ok()
    }

    fn said(e: JsValue) -> String {
        js_sys::Reflect::get(&e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| e.as_string())
            .unwrap_or_else(|| format!("{e:?}"))
    }

    pub async fn subscribe(key: &str) -> Result<PushSubscriptionInput, Refusal> {
        let manager = manager().await.ok_or(Refusal::Unsupported)?;
        if Notification::permission() != NotificationPermission::Granted {
            let asked = Notification::request_permission().map_err(|e| Refusal::Failed(said(e)))?;
            let answer = JsFuture::from(asked)
                .await
                .map_err(|e| Refusal::Failed(said(e)))?;
            if answer.as_string().as_deref() != Some("granted") {
                return Err(Refusal::Denied);
            }
        }
        let key = URL_SAFE_NO_PAD
            .decode(key.trim_end_matches('='))
            .map_err(|e| Refusal::Failed(e.to_string()))?;
        let options = PushSubscriptionOptionsInit::new();
        options.set_user_visible_only(true);
        options.set_application_server_key_opt_u8_array(Some(&js_sys::Uint8Array::from(
            key.as_slice(),
        )));
        let asked = manager
            .subscribe_with_options(&options)
            .map_err(|e| Refusal::Failed(said(e)))?;
        let subscription: PushSubscription = JsFuture::from(asked)
            .await
            .map_err(|e| Refusal::Failed(said(e)))?
            .dyn_into()
            .map_err(|e| Refusal::Failed(said(e)))?;
        // `toJSON()` gives the keys base64url-encoded, as the server takes them.
        let json = js_sys::JSON::stringify(&subscription)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        Ok(PushSubscriptionInput {
            endpoint: subscription.endpoint(),
            p256dh: text(&value["keys"]["p256dh"]),
            auth: text(&value["keys"]["auth"]),
            agent: agent(),
        })
    }

    pub async fn unsubscribe() {
        if let Some(s) = subscription().await {
            if let Ok(p) = s.unsubscribe() {
                let _ = JsFuture::from(p).await;
            }
        }
    }

    /// "Chrome on Android", "Safari on iPhone": what the person would call this device.
    fn agent() -> String {
        let ua = web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default();
        super::agent_name(&ua)
    }
}

/// A short name for a browser from its user agent: browser, then system.
pub fn agent_name(ua: &str) -> String {
    let browser = if ua.contains("MicroMessenger") {
        "WeChat"
    } else if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        "Browser"
    };
    let system = if ua.contains("iPhone") {
        "iPhone"
    } else if ua.contains("iPad") {
        "iPad"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    if system.is_empty() {
        browser.to_string()
    } else {
        format!("{browser} · {system}")
    }
}

#[cfg(test)]
mod tests {
    use super::agent_name;

    #[test]
    fn devices_are_named_as_people_know_them() {
        assert_eq!(
            agent_name("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"),
            "Chrome · Android"
        );
        assert_eq!(
            agent_name("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"),
            "Safari · iPhone"
        );
        assert_eq!(
            agent_name("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0"),
            "Edge · Windows"
        );
        assert_eq!(agent_name("curl/8"), "Browser");
    }
}
