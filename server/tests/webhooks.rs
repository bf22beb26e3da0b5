//! Approval events reach a local HTTP receiver as signed webhooks — DingTalk's signature in the
//! query, WeCom's markdown, the generic JSON with its signature header —; a receiver that fails
//! is retried later and the delivery log says so; a test message is sent on demand. Runs on
//! SQLite and on PostgreSQL.
mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use base64::Engine;
use common::{setup_body, Harness, BACKENDS};
use hmac::{Hmac, Mac};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use sha2::Sha256;

const PASSWORD: &str = "long enough password";

#[derive(Clone, Debug)]
struct Received {
    uri: String,
    headers: HeaderMap,
    body: String,
}

type Inbox = Arc<Mutex<Vec<Received>>>;

async fn receiver() -> (String, Inbox) {
    let inbox: Inbox = Arc::default();
    async fn take(
        State(inbox): State<Inbox>,
        OriginalUri(uri): OriginalUri,
        headers: HeaderMap,
        body: String,
    ) -> (StatusCode, String) {
        let failing = uri.path() == "/down";
        inbox.lock().unwrap().push(Received {
            uri: uri.to_string(),
            headers,
            body,
        });
        if failing {
            (StatusCode::INTERNAL_SERVER_ERROR, "down".into())
        } else {
            (StatusCode::OK, r#"{"errcode":0,"errmsg":"ok"}"#.into())
        }
    }
    let app = Router::new()
        .route("/{*path}", post(take))
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{address}"), inbox)
}

fn hmac_sha256(key: &str, message: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn query_param(uri: &str, name: &str) -> Option<String> {
    let query = uri.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let (base, inbox) = receiver().await;
    let all_events = json!(["submitted", "step_approved", "approved", "rejected"]);
    let hook = |name: &str, kind: &str, url: String, secret: &str| json!({ "input": { "id": null, "version": 0, "name": name, "kind": kind, "url": url, "secret": secret, "events": all_events, "active": true } });
    let e = h
        .err(
            Some(&admin),
            "save_webhook",
            hook("Bad", "generic", "ftp://x".into(), ""),
        )
        .await;
    assert!(matches!(e, app::error::AppError::Invalid(_)), "{e:?}");
    h.ok(
        &admin,
        "save_webhook",
        hook(
            "Marketing group",
            "dingtalk",
            format!("{base}/dingtalk?access_token=t0k"),
            "SECdingtalk",
        ),
    )
    .await;
    h.ok(
        &admin,
        "save_webhook",
        hook("Team chat", "wecom", format!("{base}/wecom?key=k3y"), ""),
    )
    .await;
    h.ok(
        &admin,
        "save_webhook",
        hook("OA", "generic", format!("{base}/oa"), "oa-secret"),
    )
    .await;
    let hooks = h
        .ok(
            &admin,
            "save_webhook",
            hook("Broken OA", "generic", format!("{base}/down"), ""),
        )
        .await;
    assert!(
        !hooks.to_string().contains("SECdingtalk"),
        "secrets never leave the server"
    );
    assert_eq!(hooks[0]["has_secret"], true);
    let sealed = h
        .state
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            h.state.db.get_database_backend(),
            "SELECT secret AS v FROM webhooks WHERE name = 'OA'".to_string(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "v")
        .unwrap();
    assert!(sealed.starts_with("v2:") && !sealed.contains("oa-secret"));

    // Submitted and approved: two events, to each of the three working receivers and the broken one.
    let p = h.project(&admin, "Double 12 flash sale").await;
    for to in ["pending_approval", "approved"] {
        h.ok(
            &admin,
            "change_project_status",
            json!({ "request": { "project_id": p, "to": to, "comment": "ok", "flow_id": null } }),
        )
        .await;
    }
    let mut waited = 0;
    while inbox.lock().unwrap().len() < 8 && waited < 100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    let got = inbox.lock().unwrap().clone();
    let at = |path: &str| -> Vec<Received> {
        got.iter()
            .filter(|r| r.uri.starts_with(path))
            .cloned()
            .collect()
    };
    assert_eq!(at("/dingtalk").len(), 2, "{got:?}");
    assert_eq!(at("/wecom").len(), 2);
    assert_eq!(at("/oa").len(), 2);
    assert_eq!(at("/down").len(), 2, "each tried once so far");

    // DingTalk: the signature DingTalk recomputes from the timestamp and the secret.
    for r in at("/dingtalk") {
        let ts = query_param(&r.uri, "timestamp").expect("timestamp");
        let sign = percent_decode(&query_param(&r.uri, "sign").expect("sign"));
        let expected = base64::engine::general_purpose::STANDARD
            .encode(hmac_sha256("SECdingtalk", &format!("{ts}\nSECdingtalk")));
        assert_eq!(sign, expected);
        assert_eq!(query_param(&r.uri, "access_token").as_deref(), Some("t0k"));
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["msgtype"], "markdown");
        assert!(body["markdown"]["text"]
            .as_str()
            .unwrap()
            .contains("Double 12 flash sale"));
    }
    let texts: Vec<String> = at("/dingtalk").iter().map(|r| r.body.clone()).collect();
    assert!(
        texts.iter().any(|t| t.contains("【待审批】"))
            && texts.iter().any(|t| t.contains("【已批准】"))
    );
    // WeCom: markdown content.
    let wecom: Value = serde_json::from_str(&at("/wecom")[0].body).unwrap();
    assert!(wecom["markdown"]["content"]
        .as_str()
        .unwrap()
        .contains("Double 12 flash sale"));
    // The generic body, signed over its timestamp and body.
    for r in at("/oa") {
        let header = |n: &str| r.headers.get(n).unwrap().to_str().unwrap().to_string();
        let expected = format!(
            "sha256={}",
            hex::encode(hmac_sha256(
                "oa-secret",
                &format!("{}.{}", header("x-marquee-timestamp"), r.body)
            ))
        );
        assert_eq!(header("x-marquee-signature"), expected);
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["event"], header("x-marquee-event"));
        assert_eq!(body["project_id"], p);
    }

    // The log: delivered, and the broken receiver waiting for its next try.
    let hooks = h.ok(&admin, "list_webhooks", json!({})).await;
    let by_name = |name: &str| {
        hooks
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap()
            .clone()
    };
    let ding = by_name("Marketing group");
    assert!(ding["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["status"] == "delivered"));
    let broken = by_name("Broken OA");
    let d = &broken["deliveries"][0];
    assert_eq!(d["status"], "pending");
    assert_eq!(d["attempts"], 1);
    assert_eq!(d["last_status"], 500);
    let next: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(d["next_attempt_at"].clone()).unwrap();
    assert!(
        next > chrono::Utc::now() + chrono::Duration::seconds(20),
        "retried after a pause"
    );

    // A test message, now.
    let oa = by_name("OA")["id"].clone();
    let hooks = h
        .ok(&admin, "test_webhook", json!({ "webhook_id": oa }))
        .await;
    let oa = hooks
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "OA")
        .unwrap();
    assert_eq!(oa["deliveries"][0]["event"], "test");
    assert_eq!(oa["deliveries"][0]["status"], "delivered");
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_events_reach_receivers_signed() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
