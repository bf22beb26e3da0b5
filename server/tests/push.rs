//! Web Push, on SQLite and PostgreSQL, against a push service on this machine that decrypts
//! what it receives as a browser would (RFC 8291) and checks the VAPID signature: a device is
//! registered only with a push service's address and keys that encrypt; a mention reaches each
//! of the person's devices once, in their language, with the task's link, however many
//! processes look; a busy service is tried again later; a device the service says is gone is
//! forgotten; a topic turned off for push stays in the app; a browser signed into by someone
//! else follows them; the test push arrives.
mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Utc;
use common::{field_keys, setup_body, task_body, Harness, BACKENDS};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::SecretKey;
use rand::RngCore;
use serde_json::{json, Value};

use app::i18n::K;
use app::server::kernel::webpush;
use app::server::push;

const PASSWORD: &str = "long enough password";

/// One message as the push service received it.
#[derive(Clone, Debug)]
struct Received {
    device: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// The push service: what it received, and the answers it is to give, per device, in turn
/// (then 201).
#[derive(Clone, Default)]
struct Service {
    received: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<HashMap<String, Vec<u16>>>>,
}

impl Service {
    async fn start() -> (Service, u16) {
        let service = Service::default();
        let app = axum::Router::new()
            .route(
                "/push/{device}",
                post(
                    |State(s): State<Service>,
                     Path(device): Path<String>,
                     headers: HeaderMap,
                     body: axum::body::Bytes| async move {
                        s.received.lock().unwrap().push(Received {
                            device: device.clone(),
                            headers,
                            body: body.to_vec(),
                        });
                        let next = s
                            .answers
                            .lock()
                            .unwrap()
                            .get_mut(&device)
                            .filter(|a| !a.is_empty())
                            .map(|a| a.remove(0))
                            .unwrap_or(201);
                        StatusCode::from_u16(next).unwrap()
                    },
                ),
            )
            .with_state(service.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (service, port)
    }

    fn answer(&self, device: &str, statuses: &[u16]) {
        self.answers
            .lock()
            .unwrap()
            .insert(device.into(), statuses.to_vec());
    }

    fn taken(&self) -> Vec<Received> {
        std::mem::take(&mut *self.received.lock().unwrap())
    }
}

/// A browser's side of a subscription: its keys, and where its push service takes messages.
struct Browser {
    secret: SecretKey,
    auth: [u8; 16],
    endpoint: String,
}

impl Browser {
    fn new(port: u16, device: &str) -> Browser {
        let mut auth = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut auth);
        Browser {
            secret: SecretKey::random(&mut rand::rngs::OsRng),
            auth,
            endpoint: format!("http://127.0.0.1:{port}/push/{device}"),
        }
    }

    fn subscription(&self) -> Value {
        json!({ "input": {
            "endpoint": self.endpoint,
            "p256dh": URL_SAFE_NO_PAD.encode(self.secret.public_key().to_encoded_point(false).as_bytes()),
            "auth": URL_SAFE_NO_PAD.encode(self.auth),
            "agent": "Chrome · Android",
        }})
    }

    /// What the service worker would be given.
    fn read(&self, message: &Received) -> Value {
        let plain = webpush::open(&self.secret, &self.auth, &message.body)
            .expect("a message this browser can decrypt");
        serde_json::from_slice(&plain).unwrap()
    }
}

/// Checks a message's headers as a push service does: encrypted content, a lifetime, and a
/// VAPID token for this service, signed by the server's public key.
fn check_headers(message: &Received, public_key: &str, port: u16) {
    let h = &message.headers;
    assert_eq!(h["content-encoding"], "aes128gcm");
    assert!(h["ttl"].to_str().unwrap().parse::<u32>().unwrap() > 0);
    let auth = h["authorization"].to_str().unwrap();
    let (token, k) = auth
        .strip_prefix("vapid t=")
        .unwrap()
        .split_once(", k=")
        .unwrap();
    assert_eq!(k, public_key);
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(signed.split_once('.').unwrap().1)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["aud"], format!("http://127.0.0.1:{port}"));
    let exp = claims["exp"].as_i64().unwrap();
    assert!(exp > Utc::now().timestamp() && exp <= Utc::now().timestamp() + 86_400);
    assert!(claims["sub"].as_str().unwrap().starts_with("mailto:"));
    let key = VerifyingKey::from_sec1_bytes(&URL_SAFE_NO_PAD.decode(k).unwrap()).unwrap();
    let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();
    assert!(key.verify(signed.as_bytes(), &signature).is_ok());
}

async fn look(h: &Harness, at: chrono::DateTime<Utc>) -> usize {
    push::hand_out(&h.state, at).await.unwrap();
    push::deliver(&h.state, at).await.unwrap()
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (service, port) = Service::start().await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let team = h
        .team(
            &admin,
            "Double 11",
            &[
                ("lina", "Lina Li", "manager"),
                ("zhangwei", "张伟", "contributor"),
            ],
            PASSWORD,
        )
        .await;
    let (p, ids, s) = (team.project, team.ids, team.sessions);
    h.ok(&s["lina"], "set_my_locale", json!({ "tag": "en" }))
        .await;
    h.ok(&s["zhangwei"], "set_my_locale", json!({ "tag": "zh-CN" }))
        .await;
    let mut t = task_body("Poster");
    t["owner_id"] = json!(ids["zhangwei"]);
    let task = h
        .ok(
            &s["zhangwei"],
            "create_task",
            json!({ "project_id": p, "input": t }),
        )
        .await;
    let task_id = task["id"].as_i64().unwrap();
    let mention = |body: &str| json!({ "thread": { "project_id": p, "task_id": task_id }, "body": format!("@lina {body}") });

    // The key was made at start, sealed; a second process reads the same one.
    let key = h
        .ok(&s["lina"], "push_public_key", json!({}))
        .await
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(URL_SAFE_NO_PAD.decode(&key).unwrap().len(), 65);
    let twin = h.twin().await;
    assert_eq!(push::key(&twin.state).await.unwrap().public, key);
    let stored = h.raw_texts("SELECT private_key AS v FROM push_keys").await;
    assert_eq!(stored.len(), 1);
    assert!(stored[0].starts_with("v2"), "{}", stored[0]);

    // A device is a push service's address and keys that encrypt; anything else changes nothing.
    let phone = Browser::new(port, "lina-phone");
    let laptop = Browser::new(port, "lina-laptop");
    let before = h.fingerprint().await;
    for (endpoint, key) in [
        ("ftp://push.example.net/x", K::ErrPushEndpoint),
        // Plain http only to a host the outbound allow-list names.
        ("http://push.example.net/x", K::ErrPushEndpoint),
        ("https://169.254.169.254/latest", K::ErrPushEndpoint),
        ("https://user:pw@push.example.net/x", K::ErrPushEndpoint),
        ("not a url", K::ErrPushEndpoint),
    ] {
        let mut body = phone.subscription();
        body["input"]["endpoint"] = json!(endpoint);
        let refused = h.err(Some(&s["lina"]), "subscribe_push", body).await;
        assert_eq!(field_keys(&refused)[0].1, key, "{backend}: {endpoint}");
    }
    let mut body = phone.subscription();
    body["input"]["p256dh"] = json!("BAAA");
    let refused = h.err(Some(&s["lina"]), "subscribe_push", body).await;
    assert_eq!(field_keys(&refused)[0].1, K::ErrPushKeys);
    let mut body = phone.subscription();
    body["input"]["auth"] = json!("short");
    let refused = h.err(Some(&s["lina"]), "subscribe_push", body).await;
    assert_eq!(field_keys(&refused)[0].1, K::ErrPushKeys);
    assert_eq!(h.fingerprint().await, before, "{backend}");

    // Her phone and laptop; every topic pushed until she says otherwise.
    h.ok(&s["lina"], "subscribe_push", phone.subscription())
        .await;
    let devices = h
        .ok(&s["lina"], "subscribe_push", laptop.subscription())
        .await;
    assert_eq!(devices.as_array().unwrap().len(), 2);
    assert_eq!(devices[0]["agent"], "Chrome · Android");
    let prefs = h.ok(&s["lina"], "my_notify_prefs", json!({})).await;
    assert_eq!(prefs["devices"].as_array().unwrap().len(), 2);
    assert!(prefs["push"]
        .as_array()
        .unwrap()
        .contains(&json!("mentioned")));

    // A mention reaches both, once each, in English with the task's link.
    h.ok(
        &s["zhangwei"],
        "add_comment",
        mention("the poster is ready"),
    )
    .await;
    assert_eq!(look(&h, Utc::now()).await, 2, "{backend}");
    assert_eq!(look(&h, Utc::now()).await, 0);
    let got = service.taken();
    assert_eq!(got.len(), 2, "{backend}");
    for message in &got {
        check_headers(message, &key, port);
        assert_eq!(message.headers["urgency"], "high");
        let browser = if message.device == "lina-phone" {
            &phone
        } else {
            &laptop
        };
        let shown = browser.read(message);
        assert_eq!(shown["title"], "Mentioned you · Double 11", "{shown}");
        assert!(
            shown["body"]
                .as_str()
                .unwrap()
                .contains("张伟 mentioned you"),
            "{shown}"
        );
        assert_eq!(shown["url"], format!("/projects/{p}/board?task={task_id}"));
    }
    // Each was encrypted for its own browser: the other's keys read nothing of it.
    let to_phone = got.iter().find(|m| m.device == "lina-phone").unwrap();
    assert!(webpush::open(&laptop.secret, &laptop.auth, &to_phone.body).is_err());

    // Two processes looking at once: each device still gets it once.
    h.ok(&s["zhangwei"], "add_comment", mention("second draft"))
        .await;
    let now = Utc::now();
    let (a, b) = tokio::join!(look(&h, now), look(&twin, now));
    assert_eq!(a + b, 2, "{backend}");
    assert_eq!(service.taken().len(), 2, "{backend}");

    // The laptop is gone (410): forgotten, with what waited for it; the phone still gets it.
    service.answer("lina-laptop", &[410]);
    h.ok(&s["zhangwei"], "add_comment", mention("third draft"))
        .await;
    assert_eq!(look(&h, Utc::now()).await, 1, "{backend}");
    let got = service.taken();
    assert_eq!(got.len(), 2);
    let devices = h.ok(&s["lina"], "my_notify_prefs", json!({})).await["devices"].clone();
    assert_eq!(devices.as_array().unwrap().len(), 1, "{backend}");
    assert_eq!(devices[0]["endpoint"], phone.endpoint.as_str());
    assert!(devices[0]["last_ok_at"].is_string());

    // A busy service (503) is tried again after a pause, and the message arrives then, once.
    service.answer("lina-phone", &[503]);
    h.ok(&s["zhangwei"], "add_comment", mention("fourth draft"))
        .await;
    let now = Utc::now();
    assert_eq!(look(&h, now).await, 0, "{backend}");
    assert_eq!(service.taken().len(), 1);
    assert_eq!(look(&h, now + chrono::Duration::seconds(30)).await, 0);
    assert!(service.taken().is_empty());
    assert_eq!(look(&h, now + chrono::Duration::seconds(61)).await, 1);
    let got = service.taken();
    assert_eq!(got.len(), 1);
    assert!(phone.read(&got[0])["body"]
        .as_str()
        .unwrap()
        .contains("fourth draft"));

    // Mentions turned off for push: still in the app, no push. A change that leaves push out
    // leaves her push choices as they were.
    let mut prefs = h.ok(&s["lina"], "my_notify_prefs", json!({})).await;
    let pushed: Vec<Value> = prefs["push"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| *t != "mentioned")
        .cloned()
        .collect();
    prefs["push"] = json!(pushed);
    h.ok(&s["lina"], "set_notify_prefs", json!({ "prefs": prefs }))
        .await;
    let mut prefs = h.ok(&s["lina"], "my_notify_prefs", json!({})).await;
    prefs["push"] = Value::Null;
    let kept = h
        .ok(&s["lina"], "set_notify_prefs", json!({ "prefs": prefs }))
        .await;
    assert!(!kept["push"]
        .as_array()
        .unwrap()
        .contains(&json!("mentioned")));
    h.ok(&s["zhangwei"], "add_comment", mention("fifth draft"))
        .await;
    assert_eq!(look(&h, Utc::now()).await, 0, "{backend}");
    assert!(service.taken().is_empty());
    let page = h.ok(&s["lina"], "my_notifications", json!({})).await;
    assert_eq!(page["items"][0]["excerpt"], "@lina fifth draft");

    // He cannot remove her device; the test push reaches it, in the caller's language.
    let her_device = devices[0]["id"].as_i64().unwrap();
    h.ok(
        &s["zhangwei"],
        "unsubscribe_push",
        json!({ "id": her_device }),
    )
    .await;
    let n = h.ok(&s["lina"], "test_push", json!({})).await;
    assert_eq!(n, 1);
    let mut got = Vec::new();
    for _ in 0..200 {
        got = service.taken();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(got.len(), 1, "{backend}: the test push did not arrive");
    assert_eq!(phone.read(&got[0])["title"], "Marquee: test push");

    // The phone signed into by him: its pushes are his now, not hers.
    let his = h
        .ok(&s["zhangwei"], "subscribe_push", phone.subscription())
        .await;
    assert_eq!(his.as_array().unwrap().len(), 1);
    let prefs = h.ok(&s["lina"], "my_notify_prefs", json!({})).await;
    assert!(prefs["devices"].as_array().unwrap().is_empty(), "{backend}");
    let left = h
        .ok(
            &s["zhangwei"],
            "unsubscribe_push",
            json!({ "id": his[0]["id"] }),
        )
        .await;
    assert!(left.as_array().unwrap().is_empty());

    // At most twenty devices a person.
    for i in 0..push::MOST_DEVICES {
        let b = Browser::new(port, &format!("many-{i}"));
        h.ok(&s["lina"], "subscribe_push", b.subscription()).await;
    }
    let refused = h
        .err(
            Some(&s["lina"]),
            "subscribe_push",
            Browser::new(port, "one-too-many").subscription(),
        )
        .await;
    assert_eq!(field_keys(&refused)[0].1, K::ErrPushDevices);
    twin.finish().await;
    h.finish().await;
}

#[tokio::test]
async fn pushes_reach_each_device_once_encrypted_and_signed() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
