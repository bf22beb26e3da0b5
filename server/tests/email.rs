//! Email, on SQLite and PostgreSQL, against a real SMTP server on this machine (`make test`
//! starts one that keeps what it receives in a maildir): settings checked and the password
//! sealed; what arrives is in its recipient's language with a link to the item; nothing goes
//! while email is off or the topic is off for that person; a burst arrives as one message; a
//! failed message is tried again later and arrives once, whichever processes look; a sent
//! weekly report arrives whole.
mod common;

use std::path::PathBuf;

use chrono::{Duration, Utc};
use common::{field_keys, project_body, setup_body, task_body, Harness, BACKENDS};
use mail_parser::{Message, MessageParser};
use serde_json::{json, Value};

use app::i18n::K;
use app::model::{NotifyReason, NotifyTopic};
use app::server::kernel::notices::{self, Notice};
use app::server::mail;

const PASSWORD: &str = "long enough password";

/// The SMTP server the tests send through, and the maildir it writes what it receives into.
fn smtp() -> (String, u16, PathBuf) {
    let server = std::env::var("MARQUEE_TEST_SMTP").expect(
        "MARQUEE_TEST_SMTP names the SMTP server the email tests use (make test starts one)",
    );
    let dir = std::env::var("MARQUEE_TEST_MAILDIR")
        .expect("MARQUEE_TEST_MAILDIR names where that server keeps what it receives");
    let (host, port) = server.rsplit_once(':').expect("host:port");
    (host.to_string(), port.parse().expect("a port"), dir.into())
}

/// A message as received: to whom, its subject, its plain text and HTML bodies.
struct Received {
    subject: String,
    text: String,
    html: String,
}

/// Every message the server received for `address`, oldest first.
fn received(address: &str) -> Vec<Received> {
    let (_, _, dir) = smtp();
    let mut found: Vec<(std::time::SystemTime, Received)> = Vec::new();
    for sub in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let Some(message): Option<Message> = MessageParser::default().parse(&bytes) else {
                continue;
            };
            let to_them = message.to().is_some_and(|to| {
                to.iter()
                    .any(|a| a.address().is_some_and(|x| x.eq_ignore_ascii_case(address)))
            });
            if !to_them {
                continue;
            }
            let when = entry.metadata().unwrap().modified().unwrap();
            let html = message.body_html(0).unwrap_or_default().to_string();
            found.push((
                when,
                Received {
                    subject: message.subject().unwrap_or_default().to_string(),
                    text: message.body_text(0).unwrap_or_default().to_string(),
                    html,
                },
            ));
        }
    }
    found.sort_by_key(|(when, _)| *when);
    found.into_iter().map(|(_, m)| m).collect()
}

fn unique(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{name}.{}.{nanos}@example.com", std::process::id())
}

fn settings(port: u16, password: &str) -> Value {
    let (host, _, _) = smtp();
    json!({
        "enabled": true, "host": host, "port": port, "security": "none",
        "username": "", "password": password,
        "from_address": "Marquee <marquee@example.com>",
        "site_url": "https://marquee.example.com/",
    })
}

async fn outbox(h: &Harness, status: &str) -> i64 {
    h.number(format!(
        "SELECT COUNT(*) AS n FROM outbox WHERE status = '{status}'"
    ))
    .await
}

async fn deliver(h: &Harness, at: chrono::DateTime<Utc>) -> usize {
    mail::deliver(&h.state, at).await.unwrap()
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, port, _) = smtp();
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let mut ids = std::collections::HashMap::new();
    let mut s = std::collections::HashMap::new();
    let mut address = std::collections::HashMap::new();
    for (name, display) in [
        ("lina", "Lina Li"),
        ("zhangwei", "张伟"),
        ("nomail", "No Mail"),
    ] {
        let email = if name == "nomail" {
            String::new()
        } else {
            unique(name)
        };
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": display, "email": email, "role": "member", "password": PASSWORD } }))
            .await;
        ids.insert(name, user["id"].as_i64().unwrap());
        s.insert(name, h.login(name, PASSWORD).await);
        address.insert(name, email);
    }
    // He reads Chinese; she signed in with English (what the browser said).
    h.ok(&s["zhangwei"], "set_my_locale", json!({ "tag": "zh-CN" }))
        .await;
    let p = h
        .ok(
            &admin,
            "create_project",
            json!({ "input": project_body("Double 11", 1) }),
        )
        .await
        .as_i64()
        .unwrap();
    for (who, role) in [
        ("lina", "manager"),
        ("zhangwei", "contributor"),
        ("nomail", "contributor"),
    ] {
        h.ok(
            &admin,
            "set_project_member",
            json!({ "input": { "project_id": p, "user_id": ids[who], "role": role } }),
        )
        .await;
    }
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
    let comment =
        |body: &str| json!({ "thread": { "project_id": p, "task_id": task_id }, "body": body });

    // While the organisation sends no email, nothing waits for it.
    h.ok(&s["zhangwei"], "add_comment", comment("@lina first draft"))
        .await;
    assert_eq!(outbox(&h, "pending").await, 0, "{backend}");
    let prefs = h.ok(&s["lina"], "my_notify_prefs", json!({})).await;
    assert_eq!(prefs["email_ready"], false);
    assert_eq!(prefs["email_address"], address["lina"].as_str());

    // Settings: refused with a reason per field and nothing stored; then saved, password sealed.
    let before = h.fingerprint().await;
    let mut bad = settings(port, "");
    bad["host"] = json!("mail server");
    bad["from_address"] = json!("not an address");
    bad["site_url"] = json!("ftp://marquee.example.com");
    bad["username"] = json!("u".repeat(321));
    bad["password"] = json!("p".repeat(1_001));
    let refused = h
        .err(Some(&admin), "save_mail_settings", json!({ "input": bad }))
        .await;
    let keys: Vec<K> = field_keys(&refused).into_iter().map(|(_, k)| k).collect();
    assert_eq!(
        keys,
        vec![
            K::ErrMailHost,
            K::ErrMailFrom,
            K::ErrSiteUrl,
            K::ErrMailUsername,
            K::ErrMailPassword
        ],
        "{backend}"
    );
    assert_eq!(h.fingerprint().await, before);
    let refused = h
        .err(
            Some(&s["lina"]),
            "save_mail_settings",
            json!({ "input": settings(port, "") }),
        )
        .await;
    assert_eq!(refused, app::error::AppError::Forbidden);
    let saved = h
        .ok(
            &admin,
            "save_mail_settings",
            json!({ "input": settings(port, "smtp relay secret") }),
        )
        .await;
    assert_eq!(saved["has_password"], true);
    assert_eq!(saved["site_url"], "https://marquee.example.com");
    assert!(!saved.to_string().contains("smtp relay secret"));
    let stored = h.raw_texts("SELECT password AS v FROM mail_settings").await;
    assert!(!stored[0].contains("smtp relay secret") && !stored[0].is_empty());
    // An empty password keeps the one set before.
    let again = h
        .ok(
            &admin,
            "save_mail_settings",
            json!({ "input": settings(port, "") }),
        )
        .await;
    assert_eq!(again["has_password"], true);

    // The test button: a message arrives; a server that is not there says why.
    let probe = unique("probe");
    let test = h
        .ok(
            &admin,
            "test_mail",
            json!({ "input": settings(port, ""), "to": probe }),
        )
        .await;
    assert_eq!(test["sent"], true, "{backend}: {test}");
    let got = received(&probe);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject, "Marquee: test message");
    let test = h
        .ok(
            &admin,
            "test_mail",
            json!({ "input": settings(9, ""), "to": unique("probe") }),
        )
        .await;
    assert_eq!(test["sent"], false);
    assert!(!test["reason"].as_str().unwrap().is_empty());
    let refused = h
        .err(
            Some(&admin),
            "test_mail",
            json!({ "input": settings(port, ""), "to": "nobody" }),
        )
        .await;
    assert_eq!(field_keys(&refused)[0].1, K::ErrEmailAddress);

    // A mention reaches her by email in English, him in Chinese, each with a link to the task;
    // a person without an address is skipped, not retried.
    h.ok(
        &s["zhangwei"],
        "add_comment",
        comment("@lina @nomail the poster is ready"),
    )
    .await;
    h.ok(&s["lina"], "add_comment", comment("@zhangwei 收到，马上看"))
        .await;
    assert_eq!(deliver(&h, Utc::now()).await, 2, "{backend}");
    assert_eq!(outbox(&h, "skipped").await, 1);
    assert_eq!(deliver(&h, Utc::now()).await, 0);
    let link = format!("https://marquee.example.com/projects/{p}/board?task={task_id}");
    let hers = received(&address["lina"]);
    assert_eq!(hers.len(), 1, "{backend}");
    assert_eq!(hers[0].subject, "[Marquee] Mentioned you · Double 11");
    assert!(
        hers[0].text.contains("张伟 mentioned you"),
        "{}",
        hers[0].text
    );
    assert!(hers[0].text.contains(&link));
    assert!(
        hers[0].html.contains(&format!("href=\"{link}\"")),
        "{}",
        hers[0].html
    );
    let his = received(&address["zhangwei"]);
    assert_eq!(his.len(), 1);
    assert!(his[0].subject.contains("Double 11"));
    assert!(
        his[0].text.contains("Lina Li 在评论中提到了你"),
        "{}",
        his[0].text
    );
    assert!(his[0].text.contains("在 Marquee 中打开"));

    // Mentions turned off by email: the app still tells her, email does not.
    let mut prefs = h.ok(&s["lina"], "my_notify_prefs", json!({})).await;
    assert_eq!(prefs["email_ready"], true);
    let email: Vec<Value> = prefs["email"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| *t != "mentioned")
        .cloned()
        .collect();
    prefs["email"] = json!(email);
    h.ok(&s["lina"], "set_notify_prefs", json!({ "prefs": prefs }))
        .await;
    h.ok(
        &s["zhangwei"],
        "add_comment",
        comment("@lina one more thing"),
    )
    .await;
    assert_eq!(outbox(&h, "pending").await, 0, "{backend}");
    let page = h.ok(&s["lina"], "my_notifications", json!({})).await;
    assert_eq!(page["items"][0]["excerpt"], "@lina one more thing");

    // Comments on his task, which email leaves out until asked for: three in a minute are one
    // message, sent once the burst is over, with the latest words.
    let mut prefs = h.ok(&s["zhangwei"], "my_notify_prefs", json!({})).await;
    assert!(!prefs["email"]
        .as_array()
        .unwrap()
        .contains(&json!("commented")));
    prefs["email"]
        .as_array_mut()
        .unwrap()
        .push(json!("commented"));
    h.ok(
        &s["zhangwei"],
        "set_notify_prefs",
        json!({ "prefs": prefs }),
    )
    .await;
    for words in ["looks good", "one typo", "fixed, thanks"] {
        h.ok(&s["lina"], "add_comment", comment(words)).await;
    }
    assert_eq!(outbox(&h, "pending").await, 1, "{backend}");
    assert_eq!(
        deliver(&h, Utc::now()).await,
        0,
        "the burst may not be over"
    );
    assert_eq!(deliver(&h, Utc::now() + Duration::seconds(61)).await, 1);
    let his = received(&address["zhangwei"]);
    assert_eq!(his.len(), 2);
    assert!(his[1].text.contains("fixed, thanks"), "{}", his[1].text);
    assert!(!his[1].text.contains("one typo"));

    // The server away: tried again later, not at once; back, it arrives once, whichever of two
    // processes looks.
    h.ok(
        &admin,
        "save_mail_settings",
        json!({ "input": settings(9, "") }),
    )
    .await;
    h.ok(&s["zhangwei"], "add_comment", comment("@nomail @lina ping"))
        .await;
    let mut prefs = h.ok(&s["lina"], "my_notify_prefs", json!({})).await;
    prefs["email"]
        .as_array_mut()
        .unwrap()
        .push(json!("mentioned"));
    h.ok(&s["lina"], "set_notify_prefs", json!({ "prefs": prefs }))
        .await;
    h.ok(&s["zhangwei"], "add_comment", comment("@lina ping again"))
        .await;
    let now = Utc::now();
    assert_eq!(deliver(&h, now).await, 0);
    let waiting = h
        .raw_texts("SELECT last_error AS v FROM outbox WHERE status = 'pending'")
        .await;
    assert_eq!(waiting.len(), 1, "{backend}");
    assert!(!waiting[0].is_empty());
    h.ok(
        &admin,
        "save_mail_settings",
        json!({ "input": settings(port, "") }),
    )
    .await;
    assert_eq!(deliver(&h, now).await, 0, "not before its pause");
    let twin = h.twin().await;
    let later = now + Duration::minutes(2);
    let (a, b) = tokio::join!(
        mail::deliver(&h.state, later),
        mail::deliver(&twin.state, later)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1, "{backend}");
    let hers = received(&address["lina"]);
    assert_eq!(hers.len(), 2, "{backend}");
    assert!(hers[1].text.contains("ping again"));
    assert_eq!(outbox(&h, "pending").await, 0);

    // More than a batch due at once (a notice to a large team): all go in one look.
    let burst: Vec<Notice> = (0..60)
        .map(|_| Notice::new(ids["lina"], NotifyReason::Mentioned, p).by(ids["zhangwei"]))
        .collect();
    let txn = h.state.begin_write().await.unwrap();
    notices::tell_all(&txn, burst, NotifyTopic::Mentioned)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(deliver(&h, Utc::now()).await, 60, "{backend}");
    assert_eq!(received(&address["lina"]).len(), 2 + 60);

    // A weekly report that is sent arrives whole, to the project's people.
    h.start_every_day(&admin, p).await;
    let list = h
        .ok(&s["lina"], "draft_reports", json!({ "project_id": p }))
        .await;
    let report = list["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["person"].is_null())
        .unwrap()["id"]
        .clone();
    h.ok(
        &s["lina"],
        "save_report",
        json!({ "id": report, "summary": "主视觉定稿，直播脚本延后。" }),
    )
    .await;
    h.ok(&s["lina"], "send_report", json!({ "id": report }))
        .await;
    deliver(&h, Utc::now()).await;
    let his = received(&address["zhangwei"]);
    let last = his.last().unwrap();
    assert!(last.subject.contains("周报"), "{}", last.subject);
    assert!(
        last.text.contains("主视觉定稿，直播脚本延后。"),
        "{}",
        last.text
    );
    assert!(last.text.contains(&format!(
        "https://marquee.example.com/projects/{p}/reports?report={report}"
    )));

    twin.finish().await;
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_reaches_each_person_in_their_language() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
