//! Data sent in rather than uploaded, over HTTP on SQLite and PostgreSQL: API tokens (shown once,
//! kept hashed, refused when revoked, for another project or without the scope), daily metrics
//! and CRM conversions through the API (bad items refused with reasons, the same item sent again
//! updating rather than adding up), website events from the snippet's beacon (from any origin,
//! robots and unknown sites left out, a rate limit), and the funnel and attribution read back.
mod common;

use common::{setup_body, Harness, BACKENDS};
use http::StatusCode;
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";
const BROWSER: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50";

async fn post(h: &Harness, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    let auth = format!("Bearer {token}");
    let (status, _, text) = h
        .send(
            "POST",
            path,
            &[
                ("authorization", auth.as_str()),
                ("content-type", "application/json"),
                ("accept-language", "zh-CN,zh;q=0.9"),
            ],
            body.to_string(),
        )
        .await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn token(h: &Harness, session: &str, p: i64, scopes: &[&str]) -> (i64, String) {
    let out = h
        .ok(
            session,
            "create_api_token",
            json!({ "input": { "project_id": p, "name": "CRM sync", "scopes": scopes } }),
        )
        .await;
    (
        out["token"]["id"].as_i64().unwrap(),
        out["secret"].as_str().unwrap().to_string(),
    )
}

async fn beacon(h: &Harness, ua: &str, body: Value) -> StatusCode {
    h.send(
        "POST",
        "/api/v1/collect",
        &[
            ("content-type", "text/plain;charset=UTF-8"),
            ("origin", "https://shop.example.cn"),
            ("user-agent", ua),
        ],
        body.to_string(),
    )
    .await
    .0
}

fn event(kind: &str) -> Value {
    json!({ "kind": kind, "path": "/landing" })
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let p = h.project(&admin, "Double 11").await;
    let other = h.project(&admin, "Spring launch").await;
    h.ok(&admin, "save_kpi", json!({ "input": { "project_id": p, "id": null, "version": 0, "metric": "clicks", "name": "", "unit": "", "target": "10万", "phasing": { "kind": "linear" }, "splits": [] } }))
        .await;

    // A token is shown once and kept only as a hash.
    let (metrics_id, metrics_token) = token(&h, &admin, p, &["metrics"]).await;
    assert!(metrics_token.starts_with("mq_") && metrics_token.len() > 40);
    let listed = h
        .ok(&admin, "connections", json!({ "project_id": p }))
        .await;
    assert!(!listed.to_string().contains(&metrics_token));
    assert!(metrics_token.starts_with(listed["tokens"][0]["prefix"].as_str().unwrap()));
    let kept = h.raw_texts("SELECT token_hash AS v FROM api_tokens").await;
    assert!(kept.iter().all(|t| !t.contains(&metrics_token[3..])));
    let empty = h
        .err(
            Some(&admin),
            "create_api_token",
            json!({ "input": { "project_id": p, "name": " ", "scopes": [] } }),
        )
        .await;
    assert_eq!(
        common::field_keys(&empty)
            .into_iter()
            .map(|(f, _)| f)
            .collect::<Vec<_>>(),
        ["name", "scopes"]
    );

    // Daily metrics: good rows land, bad ones come back with their reasons, in Chinese here.
    let rows = json!({ "rows": [
        { "date": "2026-11-01", "channel": "抖音", "campaign": "双11预热", "spend": "1,234.50", "impressions": 120000, "clicks": "3,400", "conversions": 80, "revenue": "1.2万" },
        { "date": "2026-11-01", "channel": "xiaohongshu", "campaign": "种草", "spend": 800, "impressions": "5万", "clicks": 900 },
        { "date": "2026-11-31", "channel": "抖音", "spend": "-5" },
        { "date": "2026-11-02", "channel": "myspace", "clicks": "12.3.4" },
    ] });
    let path = format!("/api/v1/projects/{p}/metrics");
    let (status, out) = post(&h, &path, &metrics_token, rows.clone()).await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(
        (
            out["rows_read"].as_i64(),
            out["rows_added"].as_i64(),
            out["rows_rejected"].as_i64()
        ),
        (Some(2), Some(2), Some(2)),
        "{out}"
    );
    assert_eq!(out["rejected"][0]["index"], 2);
    let fields = |i: usize| -> Vec<String> {
        out["rejected"][i]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(fields(0), ["date", "spend"]);
    assert_eq!(fields(1), ["channel", "clicks"]);
    assert_eq!(
        out["rejected"][1]["errors"][0]["message"],
        "无法识别的渠道，例如：抖音、快手、微信、小红书。"
    );
    let report_query = json!({ "query": { "project_id": p, "dimension": "channel", "from": "2026-11-01", "to": "2026-11-30" } });
    let report = h.ok(&admin, "channel_report", report_query.clone()).await;
    assert_eq!(report["pivot"]["total"]["spend"], 123_450 + 80_000);
    assert_eq!(report["pivot"]["total"]["clicks"], 4_300);
    assert_eq!(report["imports"][0]["format"], "api");
    // Sent again, the same rows update: nothing counts twice, and the KPI keeps one figure.
    let (_, out) = post(&h, &path, &metrics_token, rows).await;
    assert_eq!(
        (out["rows_added"].as_i64(), out["rows_updated"].as_i64()),
        (Some(0), Some(2))
    );
    let report = h.ok(&admin, "channel_report", report_query.clone()).await;
    assert_eq!(report["pivot"]["total"]["clicks"], 4_300);
    let clicks = h
        .number("SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT) AS n FROM kpi_actuals".into())
        .await;
    assert_eq!(clicks, 4_300);

    // Refusals: no token, a wrong one, another project, a missing scope, a broken body, too
    // many rows. None of them changes anything.
    let before = h.fingerprint().await;
    let (status, out) = post(&h, &path, "", json!({ "rows": [] })).await;
    assert_eq!(
        (status, out["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
    );
    let (status, _) = post(&h, &path, "mq_0123456789abcdef", json!({ "rows": [] })).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = post(
        &h,
        &format!("/api/v1/projects/{other}/metrics"),
        &metrics_token,
        json!({ "rows": [{ "date": "2026-11-01", "channel": "douyin", "spend": 1 }] }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, out) = post(
        &h,
        &format!("/api/v1/projects/{p}/conversions"),
        &metrics_token,
        json!({ "conversions": [{ "kind": "lead", "id": "L1", "occurred_at": "2026-11-01" }] }),
    )
    .await;
    assert_eq!(
        (status, out["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (status, _, text) = h
        .send(
            "POST",
            &path,
            &[("authorization", &format!("Bearer {metrics_token}"))],
            "{\"rows\": [1, 2",
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("bad_json"));
    let many: Vec<Value> = (0..5001)
        .map(|_| json!({ "date": "2026-11-01", "channel": "douyin" }))
        .collect();
    let (status, _) = post(&h, &path, &metrics_token, json!({ "rows": many })).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, out) = post(&h, &path, &metrics_token, json!({ "rows": [] })).await;
    assert_eq!(
        (status, out["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid"))
    );
    assert_eq!(
        h.fingerprint().await,
        before,
        "a refused request changed data"
    );

    // A revoked token is refused from then on.
    h.ok(
        &admin,
        "revoke_api_token",
        json!({ "token_id": metrics_id }),
    )
    .await;
    let (status, _) = post(
        &h,
        &path,
        &metrics_token,
        json!({ "rows": [{ "date": "2026-11-01", "channel": "douyin", "spend": 1 }] }),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let again = h
        .err(
            Some(&admin),
            "revoke_api_token",
            json!({ "token_id": metrics_id }),
        )
        .await;
    assert_eq!(
        common::field_keys(&again)[0].1,
        app::i18n::K::ErrTokenRevoked
    );

    // The tracking snippet's beacons: from the campaign's site (another origin), robots and
    // unknown sites left out.
    let site = h.ok(&admin, "site_key", json!({ "project_id": p })).await;
    let site = site.as_str().unwrap().to_string();
    assert_eq!(
        h.ok(&admin, "site_key", json!({ "project_id": p })).await,
        json!(site),
        "the key is made once"
    );
    let (status, headers, snippet) = h.send("GET", "/api/v1/track.js", &[], "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/javascript"));
    assert!(snippet.contains("sendBeacon") && snippet.contains("/api/v1/collect"));
    // Visitor A: from Douyin, then Xiaohongshu, the whole way to an order.
    let a = "visitor-a-0001";
    let b = "visitor-b-0002";
    let c = "visitor-c-0003";
    let land = |visitor: &str, source: &str, referrer: &str| {
        json!({ "site": site, "visitor": visitor, "host": "shop.example.cn", "events": [
            { "kind": "view", "path": "/landing", "referrer": referrer, "utm": { "source": source, "campaign": "double11" } }
        ] })
    };
    assert_eq!(
        beacon(&h, BROWSER, land(a, "douyin", "")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        beacon(
            &h,
            BROWSER,
            land(a, "", "https://www.xiaohongshu.com/explore/1")
        )
        .await,
        StatusCode::NO_CONTENT
    );
    let rest = json!({ "site": site, "visitor": a, "host": "shop.example.cn", "events": [
        event("click"), { "kind": "stay", "dwell_ms": 42_000 }, event("cart"), { "kind": "order", "value": "299.00" }, { "kind": "teleport" }
    ] });
    assert_eq!(beacon(&h, BROWSER, rest).await, StatusCode::NO_CONTENT);
    // Visitor B: from Douyin, clicked, left after three seconds.
    assert_eq!(
        beacon(&h, BROWSER, land(b, "douyin", "")).await,
        StatusCode::NO_CONTENT
    );
    let bounce = json!({ "site": site, "visitor": b, "events": [event("click"), { "kind": "stay", "dwell_ms": 3_000 }] });
    assert_eq!(beacon(&h, BROWSER, bounce).await, StatusCode::NO_CONTENT);
    // Visitor C: came straight in and only looked.
    assert_eq!(
        beacon(&h, BROWSER, land(c, "", "")).await,
        StatusCode::NO_CONTENT
    );
    let events = h
        .number("SELECT COUNT(*) AS n FROM tracking_events".into())
        .await;
    assert_eq!(events, 10, "the unknown kind is dropped alone");
    // A crawler is answered but not kept; an unknown site and a malformed visitor are told.
    assert_eq!(
        beacon(
            &h,
            "Mozilla/5.0 (compatible; Baiduspider/2.0)",
            land("visitor-bot-01", "douyin", "")
        )
        .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        beacon(&h, "", land("visitor-bot-02", "douyin", "")).await,
        StatusCode::NO_CONTENT
    );
    let mut unknown = land("visitor-d-0004", "douyin", "");
    unknown["site"] = json!("mqs_nosuchsite");
    assert_eq!(beacon(&h, BROWSER, unknown).await, StatusCode::NOT_FOUND);
    assert_eq!(
        beacon(&h, BROWSER, land("x", "douyin", "")).await,
        StatusCode::BAD_REQUEST
    );
    let (status, headers, _) = h
        .send(
            "POST",
            "/api/v1/collect",
            &[
                ("origin", "https://shop.example.cn"),
                ("user-agent", BROWSER),
            ],
            "not json",
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(
        h.number("SELECT COUNT(*) AS n FROM tracking_events".into())
            .await,
        events
    );

    // CRM conversions: A's order names A's visits; a lead names only its source.
    let (_, crm) = token(&h, &admin, p, &["conversions"]).await;
    let conversions_path = format!("/api/v1/projects/{p}/conversions");
    let today = chrono::Utc::now();
    let sent = json!({ "conversions": [
        { "kind": "order", "id": "SO-1001", "occurred_at": today.to_rfc3339(), "value": "1,299.00", "visitor_id": a },
        { "kind": "lead", "id": "L-1", "occurred_at": today.date_naive().to_string(), "utm_source": "wx" },
        { "kind": "order", "id": "SO-1002", "occurred_at": today.to_rfc3339(), "value": 500, "channel": "快手" },
        { "kind": "refund", "id": "", "occurred_at": "yesterday", "value": "-1" },
    ] });
    let (status, out) = post(&h, &conversions_path, &crm, sent.clone()).await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(
        (out["added"].as_i64(), out["updated"].as_i64()),
        (Some(3), Some(0))
    );
    assert_eq!(out["rejected"][0]["index"], 3);
    assert_eq!(out["rejected"][0]["errors"].as_array().unwrap().len(), 4);
    let (_, out) = post(&h, &conversions_path, &crm, sent).await;
    assert_eq!(
        (out["added"].as_i64(), out["updated"].as_i64()),
        (Some(0), Some(3))
    );

    let funnel = |model: &str| json!({ "query": { "project_id": p, "from": null, "to": null, "model": model, "kind": "order" } });
    let report = h.ok(&admin, "funnel", funnel("first_touch")).await;
    // Three viewed, two clicked, one stayed ten seconds, one added to the cart and ordered.
    assert_eq!(report["steps"], json!([3, 2, 1, 1, 1]));
    assert_eq!(
        report["conversions"],
        json!([["lead", 1, 0], ["order", 2, 179_900]])
    );
    let credit = |report: &Value, channel: &str| -> (f64, f64) {
        report["credits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["channel"] == channel)
            .map(|c| {
                (
                    c["conversions"].as_f64().unwrap(),
                    c["value"].as_f64().unwrap(),
                )
            })
            .unwrap_or((0.0, 0.0))
    };
    // First touch: A's order to Douyin; the Kuaishou order to Kuaishou.
    assert_eq!(credit(&report, "douyin"), (1.0, 129_900.0));
    assert_eq!(credit(&report, "kuaishou"), (1.0, 50_000.0));
    let report = h.ok(&admin, "funnel", funnel("last_touch")).await;
    assert_eq!(credit(&report, "xiaohongshu"), (1.0, 129_900.0));
    assert_eq!(credit(&report, "douyin"), (0.0, 0.0));
    let report = h.ok(&admin, "funnel", funnel("linear")).await;
    assert_eq!(credit(&report, "douyin"), (0.5, 64_950.0));
    assert_eq!(credit(&report, "xiaohongshu"), (0.5, 64_950.0));
    let total: f64 = report["credits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["conversions"].as_f64().unwrap())
        .sum();
    assert!((total - 2.0).abs() < 1e-9);
    let leads = h
        .ok(&admin, "funnel", json!({ "query": { "project_id": p, "from": null, "to": null, "model": "last_touch", "kind": "lead" } }))
        .await;
    assert_eq!(credit(&leads, "wechat"), (1.0, 0.0));

    // The OpenAPI document describes the endpoints.
    let (status, _, doc) = h.send("GET", "/api/v1/openapi.json", &[], "").await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/projects/{project}/conversions"]["post"].is_object());

    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_sent_by_api_and_snippet_lands_once_and_reads_back() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

/// Beacons beyond the allowance of a minute are refused and not kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beacons_over_the_limit_are_refused() {
    let h = Harness::new("sqlite").await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let p = h.project(&admin, "Flash sale").await;
    let site = h.ok(&admin, "site_key", json!({ "project_id": p })).await;
    let batch =
        json!({ "site": site, "visitor": "visitor-busy-01", "events": vec![event("click"); 20] });
    for _ in 0..6 {
        assert_eq!(
            beacon(&h, BROWSER, batch.clone()).await,
            StatusCode::NO_CONTENT
        );
    }
    assert_eq!(
        beacon(&h, BROWSER, batch).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        h.number("SELECT COUNT(*) AS n FROM tracking_events".into())
            .await,
        120
    );
    h.finish().await;
}

/// A funnel over more events than one read takes: 9,000 visitors through every step, and one
/// visitor whose 25,000 views alone fill more than a read; every visitor is counted once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_funnel_over_many_events_counts_each_visitor_once() {
    use sea_orm::ConnectionTrait;
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let p = h.project(&admin, "Busy shop").await;
        let postgres = *backend == "postgres";
        let series = |n: u32| {
            if postgres {
                format!("SELECT i FROM generate_series(0, {}) AS s(i)", n - 1)
            } else {
                format!("WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {}) SELECT i FROM s", n - 1)
            }
        };
        let (visitor, at) = if postgres {
            (
                "'v' || lpad((i / 5)::text, 5, '0')",
                "TIMESTAMPTZ '2026-11-20 10:00:00+00'",
            )
        } else {
            (
                "'v' || printf('%05d', i / 5)",
                "'2026-11-20 10:00:00+00:00'",
            )
        };
        let insert = |visitor: &str, kind: &str, dwell: &str, series: String| {
            format!(
                "INSERT INTO tracking_events (project_id, visitor_id, kind, occurred_at, day, channel, \
                 utm_source, utm_medium, utm_campaign, utm_content, utm_term, path, dwell_ms, value) \
                 SELECT {p}, {visitor}, {kind}, {at}, '2026-11-20', NULL, '', '', '', '', '', '/', {dwell}, 0 \
                 FROM ({series}) AS g ORDER BY i"
            )
        };
        let steps = "CASE i % 5 WHEN 0 THEN 'view' WHEN 1 THEN 'click' WHEN 2 THEN 'stay' WHEN 3 THEN 'cart' ELSE 'order' END";
        let db = &h.state.db;
        for sql in [
            insert(
                visitor,
                steps,
                "CASE i % 5 WHEN 2 THEN 15000 ELSE 0 END",
                series(45_000),
            ),
            insert("'w-many-views'", "'view'", "0", series(25_000)),
        ] {
            db.execute_unprepared(&sql).await.unwrap();
        }
        let query = json!({ "query": { "project_id": p, "from": "2026-11-01", "to": "2026-11-30", "model": "last_touch", "kind": "order" } });
        let report = h.ok(&admin, "funnel", query).await;
        assert_eq!(
            report["steps"],
            json!([9_001, 9_000, 9_000, 9_000, 9_000]),
            "{backend}"
        );
        h.finish().await;
    }
}
