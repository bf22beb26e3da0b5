//! Channel data over HTTP, on SQLite and PostgreSQL: platform exports import as they are (a
//! GBK file too), importing the same rows again updates rather than adds up, rejected rows come
//! back with their line and reasons, a file Marquee does not recognise waits for its columns and
//! writes nothing until then, a broken file or a caller without the right changes nothing;
//! reports add up to their totals whatever the rows are by, compare with the period before and
//! come out as CSV and as a workbook that reads back; KPIs of counts take the imported figures.
mod common;

use app::error::AppError;
use app::i18n::K;
use base64::Engine;
use common::{setup_body, Harness, BACKENDS};
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

fn query(p: i64, dimension: &str) -> Value {
    json!({ "query": { "project_id": p, "dimension": dimension, "from": "2026-11-01", "to": "2026-11-30" } })
}

fn field_key(e: &AppError) -> Option<(String, K)> {
    match e {
        AppError::Invalid(errors) => errors.first().map(|f| (f.field.clone(), f.key)),
        _ => None,
    }
}

/// The keys of a report's rows with their spend, and its total spend.
fn spends(report: &Value) -> (Vec<(String, i64)>, i64) {
    let rows = report["pivot"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_string(),
                r["sums"]["spend"].as_i64().unwrap(),
            )
        })
        .collect();
    (rows, report["pivot"]["total"]["spend"].as_i64().unwrap())
}

async fn counts(h: &Harness) -> (i64, i64, i64) {
    (
        h.number("SELECT COUNT(*) AS n FROM channel_metrics".into())
            .await,
        h.number("SELECT COUNT(*) AS n FROM channel_imports".into())
            .await,
        h.number("SELECT CAST(COALESCE(SUM(spend), 0) AS BIGINT) AS n FROM channel_metrics".into())
            .await,
    )
}

/// A file refused: its name, bytes, the columns chosen, and the field and reason given.
type Refusal<'a> = (&'a str, &'a [u8], Option<Value>, (&'a str, K));

const OCEAN: &[u8] = include_bytes!("../../app/testdata/ocean_engine_utf8_bom.csv");
const KUAISHOU: &[u8] = include_bytes!("../../app/testdata/kuaishou_gbk.csv");
const TENCENT: &[u8] = include_bytes!("../../app/testdata/tencent_ads_bad_rows.tsv");

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let p = h.project(&admin, "Double 11").await;
    // A KPI of impressions takes its figures from the data.
    h.ok(&admin, "save_kpi", json!({ "input": { "project_id": p, "id": null, "version": 0, "metric": "impressions", "name": "", "unit": "", "target": "500万", "phasing": { "kind": "linear" }, "splits": [] } }))
        .await;

    // An Ocean Engine export is recognised and read whole; its totals row is not data.
    let out = h.import(&admin, p, "巨量引擎-11月.csv", OCEAN).await;
    assert_eq!(out["outcome"], "imported", "{out}");
    let import = &out["import"];
    assert_eq!(import["platform"], "ocean_engine");
    assert_eq!(import["encoding"], "utf8");
    assert_eq!(
        (
            import["rows_read"].as_i64(),
            import["rows_added"].as_i64(),
            import["rows_updated"].as_i64(),
            import["rows_skipped"].as_i64()
        ),
        (Some(4), Some(4), Some(0), Some(1))
    );
    let report = h.ok(&admin, "channel_report", query(p, "channel")).await;
    assert_eq!(
        spends(&report),
        (vec![("douyin".into(), 6_555_585)], 6_555_585)
    );
    assert_eq!(report["pivot"]["total"]["impressions"], 2_417_200);
    assert_eq!(report["data_from"], "2026-11-01");
    assert_eq!(report["data_to"], "2026-11-02");

    // The same file again updates the rows: nothing counts twice.
    let revision = h.revision(p).await;
    let out = h.import(&admin, p, "again.csv", OCEAN).await;
    assert_eq!(
        (
            out["import"]["rows_added"].as_i64(),
            out["import"]["rows_updated"].as_i64()
        ),
        (Some(0), Some(4))
    );
    assert!(
        h.revision(p).await > revision,
        "an import is a change of the project"
    );
    let report = h.ok(&admin, "channel_report", query(p, "channel")).await;
    assert_eq!(spends(&report).1, 6_555_585);
    // A corrected figure replaces the old one.
    let corrected = String::from_utf8(OCEAN.to_vec())
        .unwrap()
        .replace("8200.00", "8300.00");
    h.import(&admin, p, "fixed.csv", corrected.as_bytes()).await;
    let report = h.ok(&admin, "channel_report", query(p, "channel")).await;
    assert_eq!(spends(&report).1, 6_555_585 + 10_000);

    // Kuaishou writes GBK.
    let out = h.import(&admin, p, "快手.csv", KUAISHOU).await;
    assert_eq!(out["import"]["encoding"], "gb18030");
    assert_eq!(out["import"]["platform"], "kuaishou");
    // Tencent Ads with bad rows: the good ones land, the others come back with their reasons.
    let out = h.import(&admin, p, "tencent.tsv", TENCENT).await;
    let import = &out["import"];
    assert_eq!(
        (
            import["rows_read"].as_i64(),
            import["rows_refused"].as_i64()
        ),
        (Some(2), Some(3))
    );
    let refused: Vec<(i64, Vec<String>)> = out["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_i64().unwrap(),
                r["problems"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x["key"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        refused,
        vec![
            (3, vec!["ErrDate".to_string()]),
            (4, vec!["ErrNegative".to_string(), "ErrAmount".to_string()]),
            (5, vec!["ErrAmount".to_string()]),
        ]
    );
    // They are kept with the import, for whoever looks later.
    let kept = h
        .ok(
            &admin,
            "import_refused_rows",
            json!({ "import_id": import["id"] }),
        )
        .await;
    assert_eq!(kept.as_array().unwrap().len(), 3);

    // Whatever the rows are by, they add up to the same total.
    let total = spends(&h.ok(&admin, "channel_report", query(p, "channel")).await).1;
    for dimension in [
        "campaign", "ad", "region", "audience", "day", "week", "month",
    ] {
        let (rows, sum) = spends(&h.ok(&admin, "channel_report", query(p, dimension)).await);
        assert_eq!(sum, total, "{dimension}");
        assert_eq!(
            rows.iter().map(|(_, s)| s).sum::<i64>(),
            total,
            "{dimension}"
        );
    }
    // A report by period cuts each period by channel, for a stacked chart: the pieces add up
    // to the period, and the channel with most spend comes first.
    let by_day = h.ok(&admin, "channel_report", query(p, "day")).await;
    let days = by_day["pivot"]["rows"].as_array().unwrap();
    let cut = by_day["by_channel"].as_array().unwrap();
    assert_eq!(cut[0][0], "douyin");
    for (i, day) in days.iter().enumerate() {
        let pieces: i64 = cut.iter().map(|c| c[1][i]["spend"].as_i64().unwrap()).sum();
        assert_eq!(
            pieces,
            day["sums"]["spend"].as_i64().unwrap(),
            "{}",
            day["key"]
        );
    }
    assert!(
        h.ok(&admin, "channel_report", query(p, "channel")).await["by_channel"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let by_channel = spends(&h.ok(&admin, "channel_report", query(p, "channel")).await).0;
    let names: Vec<&str> = by_channel.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        ["douyin", "kuaishou", "wechat"],
        "largest spend first"
    );
    // The sums kept for reports are the rows' sums.
    assert_eq!(
        h.number(
            "SELECT CAST(SUM(spend) AS BIGINT) AS n FROM channel_rollups WHERE dimension = 'all'"
                .into()
        )
        .await,
        h.number("SELECT CAST(SUM(spend) AS BIGINT) AS n FROM channel_metrics".into())
            .await
    );
    // One channel, one day, compared with the day before.
    let report = h
        .ok(&admin, "channel_report", json!({ "query": { "project_id": p, "dimension": "campaign", "from": "2026-11-02", "to": "2026-11-02", "channel": "douyin", "compare": true } }))
        .await;
    assert_eq!(report["previous"], json!(["2026-11-01", "2026-11-01"]));
    assert_eq!(report["pivot"]["total"]["spend"], 1_301_025 + 3_200_000);
    assert_eq!(
        report["pivot"]["previous_total"]["spend"],
        1_234_560 + 830_000
    );
    let rows = report["pivot"]["rows"].as_array().unwrap();
    assert_eq!(rows[0]["key"], "双11爆发-搜索");
    assert_eq!(rows[0]["previous"]["spend"], 0);
    assert_eq!(rows[1]["previous"]["spend"], 1_234_560 + 830_000);
    // A period the wrong way round is refused.
    let e = h
        .err(Some(&admin), "channel_report", json!({ "query": { "project_id": p, "dimension": "day", "from": "2026-11-05", "to": "2026-11-01" } }))
        .await;
    assert_eq!(field_key(&e), Some(("to".into(), K::ErrEndBeforeStart)));

    // The KPI of impressions has the imported figures: the Douyin, Kuaishou and Tencent rows.
    let f = h
        .ok(&admin, "get_finance", json!({ "project_id": p }))
        .await;
    let impressions = h
        .number("SELECT CAST(SUM(impressions) AS BIGINT) AS n FROM channel_metrics".into())
        .await;
    assert_eq!(
        f["kpis"][0]["actual"].as_i64(),
        Some(impressions),
        "{}",
        f["kpis"][0]
    );

    // A sheet Marquee does not recognise waits for its columns and writes nothing.
    let before = counts(&h).await;
    let revision = h.revision(p).await;
    let sheet = "Date,Cost,Clicks\n2026-11-03,99.50,12\n2026-11-04,\"1,000\",40\n";
    let out = h.import(&admin, p, "mine.csv", sheet.as_bytes()).await;
    assert_eq!(out["outcome"], "needs_mapping");
    assert_eq!(out["missing"], json!(["channel"]));
    assert_eq!(out["sample"][0], json!(["2026-11-03", "99.50", "12"]));
    assert_eq!(counts(&h).await, before);
    assert_eq!(h.revision(p).await, revision);
    let mapping =
        json!({ "columns": [["date", 0], ["spend", 1], ["clicks", 2]], "channel": "baidu" });
    let (status, body) = h
        .import_as(&admin, p, "mine.csv", sheet.as_bytes(), Some(mapping))
        .await;
    assert!(status.is_success(), "{body}");
    let out: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(out["import"]["rows_read"], 2);
    let report = h.ok(&admin, "channel_report", query(p, "channel")).await;
    assert!(spends(&report).0.contains(&("baidu".to_string(), 109_950)));

    // Broken files and bad mappings are refused with a reason and change nothing.
    let before = counts(&h).await;
    let audited = h.audit_count().await;
    let refusals: [Refusal; 4] = [
        (
            "x.xlsx",
            b"PK\x03\x04 not really a workbook",
            None,
            ("file", K::ErrUnreadableWorkbook),
        ),
        ("empty.csv", b"", None, ("file", K::ErrNoRows)),
        (
            "header.csv",
            "日期,渠道,花费\n".as_bytes(),
            None,
            ("file", K::ErrNoRows),
        ),
        (
            "mine.csv",
            sheet.as_bytes(),
            Some(json!({ "columns": [["date", 0], ["spend", 7]], "channel": "baidu" })),
            ("mapping", K::ErrMappingColumn),
        ),
    ];
    for (name, bytes, mapping, (field, key)) in refusals {
        let (status, body) = h.import_as(&admin, p, name, bytes, mapping).await;
        assert_eq!(status.as_u16(), 422, "{name}: {body}");
        let e: AppError = serde_json::from_str(&body).unwrap();
        assert_eq!(field_key(&e), Some((field.to_string(), key)));
    }
    assert_eq!(counts(&h).await, before);
    assert_eq!(h.audit_count().await, audited);

    // The report as a workbook reads back: the dimension and measures, a row per channel, the
    // totals last.
    let file = h
        .ok(&admin, "export_channel_report", json!({ "query": { "project_id": p, "dimension": "channel", "from": "2026-11-01", "to": "2026-11-30" }, "xlsx": true }))
        .await;
    assert!(file["file_name"].as_str().unwrap().ends_with(".xlsx"));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file["content"].as_str().unwrap())
        .unwrap();
    let parsed = app::server::ingest::read_xlsx(&bytes, None, app::domain::money::Currency::Cny);
    let parsed = parsed.expect("the export opens");
    assert_eq!(parsed.headers[0], "Channel");
    assert_eq!(parsed.headers[4], "Cost");
    {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(&bytes)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(rows.len(), 1 + 4 + 1, "{rows:?}");
        assert_eq!(rows[1][0], "Douyin");
        assert_eq!(rows.last().unwrap()[0], "Total");
        let total_cost: f64 = rows.last().unwrap()[4].parse().unwrap();
        assert!(
            (total_cost * 100.0 - spends(&report).1 as f64).abs() < 0.5,
            "{total_cost}"
        );
    }
    // And as CSV, with a byte-order mark for spreadsheet programs.
    let file = h
        .ok(&admin, "export_channel_report", json!({ "query": { "project_id": p, "dimension": "region", "from": "2026-11-01", "to": "2026-11-30" }, "xlsx": false }))
        .await;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file["content"].as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("Region,Impressions,Clicks,CTR,Cost"),
        "{text}"
    );
    assert!(text.contains("\n广东,"), "{text}");

    // Someone outside the project sees nothing and imports nothing.
    h.ok(&admin, "create_user", json!({ "input": { "username": "viewer", "display_name": "Viewer", "email": "", "role": "member", "password": PASSWORD } }))
        .await;
    let viewer = h.login("viewer", PASSWORD).await;
    let before = counts(&h).await;
    let (status, body) = h.import_as(&viewer, p, "x.csv", OCEAN, None).await;
    assert_eq!(status.as_u16(), 404, "{body}");
    let e: AppError = serde_json::from_str(&body).unwrap();
    assert!(matches!(e, AppError::NotFound), "{e:?}");
    let e = h
        .err(Some(&viewer), "channel_report", query(p, "channel"))
        .await;
    assert!(matches!(e, AppError::NotFound), "{e:?}");
    assert_eq!(counts(&h).await, before);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channel_data() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

/// An import large enough to span many batches lands whole, and again as updates.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_export_lands_whole() {
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let p = h.project(&admin, "Big").await;
        let mut csv = String::from("日期,渠道,广告计划,地域,花费,展示数,点击数\n");
        for i in 0..5_000 {
            csv.push_str(&format!(
                "2026-11-{:02},抖音,计划{},城市{},1.50,100,3\n",
                i % 28 + 1,
                i % 50,
                i / 50
            ));
        }
        let out = h.import(&admin, p, "big.csv", csv.as_bytes()).await;
        assert_eq!(out["import"]["rows_added"], 5_000);
        let out = h.import(&admin, p, "big.csv", csv.as_bytes()).await;
        assert_eq!(out["import"]["rows_updated"], 5_000);
        let report = h.ok(&admin, "channel_report", query(p, "campaign")).await;
        assert_eq!(report["pivot"]["total"]["spend"], 5_000 * 150);
        assert_eq!(report["pivot"]["rows"].as_array().unwrap().len(), 50);
        h.finish().await;
    }
}

/// Every sum kept for reports, in key order, as text.
async fn day_sums(h: &Harness, p: i64) -> Vec<String> {
    use sea_orm::ConnectionTrait;
    let db = &h.state.db;
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT dimension, day, channel, value, spend, impressions, clicks, conversions, \
                 revenue FROM channel_rollups WHERE project_id = {p} \
                 ORDER BY dimension, day, channel, value"
            ),
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let text = |c: &str| r.try_get::<String>("", c).unwrap();
            let number = |c: &str| r.try_get::<i64>("", c).unwrap();
            format!(
                "{} {} {} {} {} {} {} {} {}",
                text("dimension"),
                r.try_get::<chrono::NaiveDate>("", "day").unwrap(),
                text("channel"),
                text("value"),
                number("spend"),
                number("impressions"),
                number("clicks"),
                number("conversions"),
                number("revenue")
            )
        })
        .collect()
}

/// The sums an import keeps for reports are those summed again from all the rows: when its days
/// held no rows before (summed from the file), when they did (summed from the table), and when
/// a file repeats a key (its rows added up).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn day_sums_kept_on_import_are_the_rows_sums() {
    let export = |days: std::ops::RangeInclusive<u32>, salt: u32| {
        let mut csv = String::from(
            "日期,渠道,广告计划,广告创意,地域,人群,花费,展示数,点击数,转化数,成交金额\n",
        );
        for day in days {
            for i in 0..60u32 {
                // Keys 0–4 twice a day: the file's two rows add up.
                let k = i % 55;
                let channel = ["抖音", "快手", "微信"][(k % 3) as usize];
                csv.push_str(&format!(
                    "2026-11-{day:02},{channel},计划{},创意{},城市{},人群{},{}.{:02},{},{},{},{}\n",
                    k % 4,
                    k,
                    k % 6,
                    k % 5,
                    i + salt,
                    (i * 7 + salt) % 100,
                    1_000 + i * salt,
                    50 + i,
                    i % 9,
                    i * 10 + salt
                ));
            }
        }
        csv
    };
    for backend in BACKENDS {
        let h = Harness::new(backend).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let p = h.project(&admin, "Sums").await;
        let files = [
            // Days with no rows yet.
            export(1..=10, 1),
            // Days 8–10 again, with new figures, and days after.
            export(8..=15, 2),
            // Days with no rows, in a project that has others.
            export(20..=22, 3),
        ];
        for (n, csv) in files.iter().enumerate() {
            let out = h.import(&admin, p, "sums.csv", csv.as_bytes()).await;
            assert_eq!(out["import"]["rows_refused"], 0, "{out}");
            let kept = day_sums(&h, p).await;
            assert!(!kept.is_empty());
            let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
            let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
            app::server::channel_data::roll_up(&h.state.db, p, from, to)
                .await
                .unwrap();
            assert_eq!(kept, day_sums(&h, p).await, "{backend}: file {n}");
        }
        // The repeated creatives were added up, not counted as more rows: 55 keys a day.
        let out = h.import(&admin, p, "sums.csv", files[2].as_bytes()).await;
        assert_eq!(out["import"]["rows_updated"], 3 * 55);
        assert_eq!(out["import"]["rows_added"], 0);
        h.finish().await;
    }
}

/// Each platform's exports in the shapes they come in, read with nothing chosen by hand:
/// (file, its bytes, platform, rows, the channel's spend in minor units).
const SHAPES: &[(&str, &[u8], &str, i64, i64)] = &[
    (
        "巨量引擎-广告组计划创意.csv",
        include_bytes!("../../app/testdata/ocean_engine_groups.csv"),
        "ocean_engine",
        3,
        355_100,
    ),
    (
        "巨量引擎-项目广告.csv",
        include_bytes!("../../app/testdata/ocean_engine_projects.csv"),
        "ocean_engine",
        2,
        350_050,
    ),
    (
        "快手-素材.csv",
        include_bytes!("../../app/testdata/kuaishou_materials_gbk.csv"),
        "kuaishou",
        2,
        145_025,
    ),
    (
        "腾讯广告-推广计划.csv",
        include_bytes!("../../app/testdata/tencent_ads_plans.csv"),
        "tencent_ads",
        1,
        120_000,
    ),
    (
        "腾讯广告-广告.csv",
        include_bytes!("../../app/testdata/tencent_ads_2024.csv"),
        "tencent_ads",
        2,
        200_000,
    ),
];

async fn every_shape(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    for (name, bytes, platform, rows, spend) in SHAPES {
        let p = h.project(&admin, name).await;
        let out = h.import(&admin, p, name, bytes).await;
        assert_eq!(out["outcome"], "imported", "{backend} {name}: {out}");
        assert_eq!(out["import"]["platform"], *platform, "{backend} {name}");
        assert_eq!(
            out["import"]["rows_added"], *rows,
            "{backend} {name}: {out}"
        );
        assert_eq!(out["import"]["rows_refused"], 0, "{backend} {name}: {out}");
        let report = h.ok(&admin, "channel_report", query(p, "channel")).await;
        assert_eq!(spends(&report).1, *spend, "{backend} {name}");
        // Campaigns and ads come through where the export names them.
        let by_ad = h.ok(&admin, "channel_report", query(p, "ad")).await;
        assert!(
            by_ad["pivot"]["rows"].as_array().unwrap().len() as i64 >= 1,
            "{backend} {name}"
        );
    }
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shape_of_the_platforms_exports_imports_without_choosing_columns() {
    for backend in BACKENDS {
        every_shape(backend).await;
    }
}

async fn a_file_sent_as_it_is(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let p = h.project(&admin, "Streamed").await;
    let cookie = format!("marquee_session={admin}");
    let path = format!("/api/upload/channel-data/{p}?name=%E5%B7%A8%E9%87%8F.csv");
    // The browser's way: the file's bytes as they are.
    let (status, _, body) = h
        .send(
            "POST",
            &path,
            &[
                ("cookie", &cookie),
                ("content-type", "application/octet-stream"),
            ],
            OCEAN.to_vec(),
        )
        .await;
    assert_eq!(status.as_u16(), 200, "{backend}: {body}");
    let out: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(out["outcome"], "imported", "{backend}");
    assert_eq!(out["import"]["file_name"], "巨量.csv", "{backend}");
    assert_eq!(out["import"]["rows_added"], 4, "{backend}");
    // Without a session: 401; a declared length over the limit: 413 before anything is read.
    let (status, _, _) = h
        .send(
            "POST",
            &path,
            &[("content-type", "application/octet-stream")],
            OCEAN.to_vec(),
        )
        .await;
    assert_eq!(status.as_u16(), 401, "{backend}");
    let (status, _, body) = h
        .send(
            "POST",
            &path,
            &[("cookie", &cookie), ("content-length", "60000000")],
            axum::body::Body::from_stream(futures::stream::pending::<
                Result<axum::body::Bytes, std::io::Error>,
            >()),
        )
        .await;
    assert_eq!(status.as_u16(), 413, "{backend}: {body}");
    // A file the columns must be chosen for, then sent again with them.
    let own = "day,where,cost\n2026-11-03,抖音,12.5\n".as_bytes().to_vec();
    let (_, _, body) = h
        .send("POST", &path, &[("cookie", &cookie)], own.clone())
        .await;
    let out: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(out["outcome"], "needs_mapping", "{backend}: {out}");
    let mapping =
        json!({ "columns": [["date", 0], ["channel", 1], ["spend", 2]], "channel": null })
            .to_string();
    let (status, _, body) = h
        .send(
            "POST",
            &path,
            &[("cookie", &cookie), ("x-marquee-mapping", &mapping)],
            own,
        )
        .await;
    assert_eq!(status.as_u16(), 200, "{backend}: {body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["import"]["rows_added"],
        1
    );
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_is_uploaded_as_it_is_through_its_own_route() {
    for backend in BACKENDS {
        a_file_sent_as_it_is(backend).await;
    }
}
