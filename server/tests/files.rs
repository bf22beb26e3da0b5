//! Files and links, on SQLite and PostgreSQL and on both kinds of store (the local disk and an
//! S3-compatible server): uploads come back byte for byte with the headers that keep them
//! inert; the same name in the same place makes a version, any version can be restored, and
//! the same content is stored once; what is refused (too large, a program, a name that lies,
//! empty) keeps nothing anywhere; only those who may see the project get its files; images get
//! thumbnails unless their header claims too many pixels; 网盘 shares keep their code; content
//! nothing refers to is forgotten.
mod common;

use std::io::Cursor;

use app::i18n::K;
use common::{field_keys, project_body, setup_body, task_body, Harness, BACKENDS, STORES};
use http::StatusCode;
use serde_json::{json, Value};

const PASSWORD: &str = "long enough password";

struct Team {
    h: Harness,
    admin: String,
    s: std::collections::HashMap<&'static str, String>,
    project: i64,
    task: i64,
    comment: i64,
}

impl Team {
    async fn new(backend: &str, store: &str) -> Team {
        let storage = common::empty_store(store).await;
        let h = Harness::with_config(backend, |c| c.storage = storage).await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        let mut ids = std::collections::HashMap::new();
        let mut s = std::collections::HashMap::new();
        for name in ["lina", "zhangwei", "wangfang", "zhaoqiang", "liuyang"] {
            let user = h
                .ok(&admin, "create_user", json!({ "input": { "username": name, "display_name": name, "email": "", "role": "member", "password": PASSWORD } }))
                .await;
            ids.insert(name, user["id"].as_i64().unwrap());
            s.insert(name, h.login(name, PASSWORD).await);
        }
        let project = h
            .ok(
                &admin,
                "create_project",
                json!({ "input": project_body("双十一大促", 1) }),
            )
            .await
            .as_i64()
            .unwrap();
        for (who, role) in [
            ("lina", "manager"),
            ("zhangwei", "contributor"),
            ("liuyang", "contributor"),
            ("wangfang", "observer"),
        ] {
            h.ok(
                &admin,
                "set_project_member",
                json!({ "input": { "project_id": project, "user_id": ids[who], "role": role } }),
            )
            .await;
        }
        let task = h
            .ok(
                &admin,
                "create_task",
                json!({ "project_id": project, "input": task_body("海报设计") }),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        let comment = h
            .ok(
                &s["zhangwei"],
                "add_comment",
                json!({ "thread": { "project_id": project, "task_id": task }, "body": "初稿见附件" }),
            )
            .await["comment"]["id"]
            .as_i64()
            .unwrap();
        Team {
            h,
            admin,
            s,
            project,
            task,
            comment,
        }
    }

    async fn list(&self, who: &str, place: Value) -> Value {
        self.h
            .ok(
                &self.s[who],
                "list_attachments",
                json!({ "project_id": self.project, "place": place }),
            )
            .await
    }

    /// What the store holds under a folder.
    async fn stored(&self, folder: &str) -> usize {
        self.h.state.files.list(folder).await.unwrap().len()
    }
}

fn versions(a: &Value) -> &Vec<Value> {
    a["body"]["File"]["versions"].as_array().expect("a file")
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A PNG whose header claims 60,000 × 60,000 pixels, with almost nothing behind it.
fn claims_too_much() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend_from_slice(&60_000u32.to_be_bytes());
    png.extend_from_slice(&60_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut crc = 0xffff_ffffu32;
    for &byte in &png[12..] {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    png.extend_from_slice(&(!crc).to_be_bytes());
    png.extend_from_slice(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]);
    png
}

async fn download(t: &Team, who: &str, url: &str) -> (StatusCode, http::HeaderMap, String) {
    let (status, headers, bytes) = fetch(t, who, url).await;
    (status, headers, String::from_utf8_lossy(&bytes).to_string())
}

/// A GET as `who`: the status, headers and bytes.
async fn fetch(t: &Team, who: &str, url: &str) -> (StatusCode, http::HeaderMap, bytes::Bytes) {
    let response = tower::ServiceExt::oneshot(
        t.h.app.clone(),
        http::Request::get(url)
            .header("host", "localhost")
            .header("cookie", format!("marquee_session={}", t.s[who]))
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    (status, headers, bytes)
}

#[tokio::test]
async fn files_keep_versions_store_content_once_and_come_back_as_sent() {
    for backend in BACKENDS {
        for store in STORES {
            let t = Team::new(backend, store).await;
            let place = format!("task:{}", t.task);
            let zw = &t.s["zhangwei"];
            let first =
                t.h.upload(zw, t.project, &place, "海报 brief.txt", "第一稿".as_bytes())
                    .await;
            assert_eq!(versions(&first).len(), 1, "{backend}/{store}");
            assert_eq!(versions(&first)[0]["mime"], "text/plain");
            // The same name (in another case) in the same place is the next version.
            let second =
                t.h.upload(zw, t.project, &place, "海报 BRIEF.txt", "第二稿".as_bytes())
                    .await;
            assert_eq!(second["id"], first["id"], "{backend}/{store}");
            let vs = versions(&second);
            assert_eq!(vs.len(), 2);
            assert_eq!(vs[0]["number"], 2);
            assert_eq!(vs[0]["name"], "海报 BRIEF.txt");
            assert_eq!(second["name"], "海报 BRIEF.txt");

            // Each version comes back as it was sent, marked as a download that cannot run.
            let v1 = vs[1]["id"].as_i64().unwrap();
            let (status, headers, body) =
                download(&t, "wangfang", &format!("/files/{v1}/x.txt")).await;
            assert_eq!(status, StatusCode::OK, "{backend}/{store}");
            assert_eq!(body, "第一稿");
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert!(headers["content-security-policy"]
                .to_str()
                .unwrap()
                .starts_with("sandbox"));
            let disposition = headers["content-disposition"].to_str().unwrap();
            assert!(disposition.starts_with("attachment;"), "{disposition}");
            assert!(
                disposition.contains("filename*=UTF-8''%E6%B5%B7%E6%8A%A5%20brief.txt"),
                "{disposition}"
            );
            assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
            // Text is never served as a page, even asked to open in the browser.
            let (_, headers, _) =
                download(&t, "wangfang", &format!("/files/{v1}/x.txt?inline=1")).await;
            assert!(headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;"));

            // Restoring the first makes a third version with its content.
            let restored =
                t.h.ok(&t.s["lina"], "restore_version", json!({ "version_id": v1 }))
                    .await;
            let vs = versions(&restored);
            assert_eq!(vs.len(), 3);
            assert_eq!(vs[0]["number"], 3);
            assert_eq!(vs[0]["restored_from"], 1);
            let v3 = vs[0]["id"].as_i64().unwrap();
            let (_, _, body) = download(&t, "lina", &format!("/files/{v3}/a")).await;
            assert_eq!(body, "第一稿");
            // The same bytes elsewhere are stored once.
            t.h.upload(
                &t.s["lina"],
                t.project,
                "project",
                "copy.txt",
                "第一稿".as_bytes(),
            )
            .await;
            assert_eq!(
                t.h.number("SELECT COUNT(*) AS n FROM blobs".into()).await,
                2
            );
            assert_eq!(t.stored("blobs").await, 2, "{backend}/{store}");
            assert_eq!(t.stored("staging").await, 0, "{backend}/{store}");
            // Sending the very same file again changes nothing.
            let again =
                t.h.upload(
                    &t.s["lina"],
                    t.project,
                    "project",
                    "copy.txt",
                    "第一稿".as_bytes(),
                )
                .await;
            assert_eq!(versions(&again).len(), 1);

            // A large file streamed in pieces without a declared length arrives whole.
            let big: Vec<u8> = (0..(3 << 20) + 12_345).map(|i| (i % 251) as u8).collect();
            let (status, answer) =
                t.h.upload_as(zw, t.project, &place, "footage.bin", &big, false)
                    .await;
            assert_eq!(status, StatusCode::OK, "{answer}");
            let big_view: Value = serde_json::from_str(&answer).unwrap();
            let id = versions(&big_view)[0]["id"].as_i64().unwrap();
            let (status, _, bytes) =
                fetch(&t, "zhangwei", &format!("/files/{id}/footage.bin")).await;
            assert_eq!(status, StatusCode::OK);
            assert!(
                bytes.as_ref() == big.as_slice(),
                "{backend}/{store}: the large file differs"
            );
            t.h.finish().await;
        }
    }
}

#[tokio::test]
async fn what_is_refused_keeps_nothing_and_says_why() {
    for backend in BACKENDS {
        for store in STORES {
            let t = Team::new(backend, store).await;
            let place = format!("task:{}", t.task);
            let zw = &t.s["zhangwei"];
            t.h.ok(&t.admin, "save_org_settings", json!({ "input": { "time_zone": "Asia/Shanghai", "check_in_at": "17:30", "file_max_mb": 1 } }))
                .await;
            let before = t.h.fingerprint().await;
            let too_big = vec![7u8; (1 << 20) + 1];
            for declared in [true, false] {
                let (status, body) =
                    t.h.upload_as(zw, t.project, &place, "big.bin", &too_big, declared)
                        .await;
                assert_eq!(status.as_u16(), 422, "{backend}/{store} {declared}: {body}");
                let error: app::error::AppError = serde_json::from_str(&body).unwrap();
                assert_eq!(
                    field_keys(&error),
                    vec![("file".to_string(), K::ErrUploadTooLarge)]
                );
                assert!(
                    error.message(app::i18n::Locale::En).contains("1 MB"),
                    "{}",
                    error.message(app::i18n::Locale::En)
                );
            }
            let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
            exe.resize(512, 0);
            exe[0x3c] = 0x80;
            for (name, bytes, key) in [
                ("setup.exe", b"anything".to_vec(), K::ErrFileProgram),
                ("invoice.pdf", exe.clone(), K::ErrFileProgram),
                (
                    "run.txt",
                    b"#!/bin/sh\nrm -rf /\n".to_vec(),
                    K::ErrFileProgram,
                ),
                (
                    "poster.jpg",
                    b"%PDF-1.7\n1 0 obj".to_vec(),
                    K::ErrFileMismatch,
                ),
                ("poster.png", b"just text".to_vec(), K::ErrFileMismatch),
                ("empty.txt", Vec::new(), K::ErrFileEmpty),
                ("", b"x".to_vec(), K::ErrFileName),
            ] {
                let (status, body) =
                    t.h.upload_as(zw, t.project, &place, name, &bytes, true)
                        .await;
                assert_eq!(status.as_u16(), 422, "{name}: {body}");
                let error: app::error::AppError = serde_json::from_str(&body).unwrap();
                assert_eq!(field_keys(&error)[0].1, key, "{name}");
            }
            assert_eq!(t.h.fingerprint().await, before, "{backend}/{store}");
            assert_eq!(t.stored("").await, 0, "{backend}/{store}: nothing kept");
            t.h.finish().await;
        }
    }
}

#[tokio::test]
async fn only_those_who_may_see_the_project_get_its_files() {
    for backend in BACKENDS {
        let t = Team::new(backend, "disk").await;
        let task = format!("task:{}", t.task);
        let a =
            t.h.upload(&t.s["zhangwei"], t.project, &task, "plan.txt", b"plan")
                .await;
        let v = versions(&a)[0]["id"].as_i64().unwrap();
        let url = format!("/files/{v}/plan.txt");
        // An observer reads; someone outside the project does not learn it exists.
        assert_eq!(download(&t, "wangfang", &url).await.0, StatusCode::OK);
        assert_eq!(
            download(&t, "zhaoqiang", &url).await.0,
            StatusCode::NOT_FOUND
        );
        let (status, ..) = t.h.send("GET", &url, &[], axum::body::Body::empty()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let outsider =
            t.h.call(
                Some(&t.s["zhaoqiang"]),
                "list_attachments",
                json!({ "project_id": t.project, "place": { "Task": t.task } }),
            )
            .await;
        assert_eq!(outsider.0, StatusCode::NOT_FOUND);

        let before = t.h.fingerprint().await;
        // Observers and outsiders add nothing; a comment's files are its author's.
        for (who, place, status) in [
            ("wangfang", task.clone(), 403),
            ("zhaoqiang", task.clone(), 404),
            ("liuyang", format!("comment:{}", t.comment), 403),
            ("zhangwei", "task:999999".to_string(), 404),
        ] {
            let (got, body) =
                t.h.upload_as(&t.s[who], t.project, &place, "x.txt", b"x", true)
                    .await;
            assert_eq!(got.as_u16(), status, "{who} {place}: {body}");
        }
        assert_eq!(
            t.stored("").await,
            1,
            "{backend}: only the first file is stored"
        );
        // Another contributor may not delete it; the manager may.
        let del =
            t.h.call(
                Some(&t.s["liuyang"]),
                "delete_attachment",
                json!({ "id": a["id"] }),
            )
            .await;
        assert_eq!(del.0, StatusCode::FORBIDDEN);
        assert_eq!(t.h.fingerprint().await, before);
        let listed = t.list("wangfang", json!({ "Task": t.task })).await;
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        assert_eq!(listed["can_attach"], false);
        assert_eq!(
            t.list("zhangwei", json!({ "Task": t.task })).await["can_attach"],
            true
        );
        let mine = t.list("zhangwei", json!({ "Comment": t.comment })).await;
        assert_eq!(mine["can_attach"], true);
        assert_eq!(
            t.list("liuyang", json!({ "Comment": t.comment })).await["can_attach"],
            false
        );
        t.h.ok(&t.s["lina"], "delete_attachment", json!({ "id": a["id"] }))
            .await;
        assert_eq!(
            download(&t, "wangfang", &url).await.0,
            StatusCode::NOT_FOUND
        );
        t.h.finish().await;
    }
}

#[tokio::test]
async fn images_get_thumbnails_unless_they_claim_too_many_pixels() {
    for store in STORES {
        let t = Team::new("sqlite", store).await;
        let zw = &t.s["zhangwei"];
        let photo =
            t.h.upload(zw, t.project, "project", "现场.png", &png(1600, 900))
                .await;
        let v = &versions(&photo)[0];
        assert_eq!(v["mime"], "image/png");
        assert_eq!(
            (v["width"].as_i64(), v["height"].as_i64()),
            (Some(1600), Some(900))
        );
        assert_eq!(v["thumbnail"], true);
        let id = v["id"].as_i64().unwrap();
        let (status, headers, bytes) = fetch(&t, "zhangwei", &format!("/thumbnails/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{store}");
        assert_eq!(headers["content-type"], "image/jpeg");
        let thumb = image::load_from_memory(&bytes).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (480, 270));
        assert_eq!(
            t.stored("thumbnails").await,
            1,
            "{store}: kept for next time"
        );
        // An image opened on purpose shows in the browser.
        let (_, headers, _) =
            download(&t, "zhangwei", &format!("/files/{id}/a.png?inline=1")).await;
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;"));

        let bomb =
            t.h.upload(zw, t.project, "project", "bomb.png", &claims_too_much())
                .await;
        let v = &versions(&bomb)[0];
        assert_eq!(v["width"], 60_000);
        assert_eq!(v["thumbnail"], false);
        let id = v["id"].as_i64().unwrap();
        let (status, _, body) = download(&t, "zhangwei", &format!("/thumbnails/{id}")).await;
        assert_eq!(status.as_u16(), 422, "{body}");
        let error: app::error::AppError = serde_json::from_str(&body).unwrap();
        assert_eq!(field_keys(&error)[0].1, K::ErrNoPreview);
        assert_eq!(t.stored("thumbnails").await, 1);
        t.h.finish().await;
    }
}

#[tokio::test]
async fn links_keep_their_provider_and_code() {
    for backend in BACKENDS {
        let t = Team::new(backend, "disk").await;
        let link = t
            .h
            .ok(
                &t.s["zhangwei"],
                "add_link",
                json!({ "input": { "project_id": t.project, "place": { "Task": t.task }, "text": "链接: https://pan.baidu.com/s/1AbC-dEf 提取码: x7k2 复制这段内容后打开百度网盘手机App", "title": "" } }),
            )
            .await;
        assert_eq!(
            link["body"]["Link"]["url"],
            "https://pan.baidu.com/s/1AbC-dEf"
        );
        assert_eq!(link["body"]["Link"]["provider"], "baidu");
        assert_eq!(link["body"]["Link"]["code"], "x7k2");
        let titled = t
            .h
            .ok(
                &t.s["zhangwei"],
                "add_link",
                json!({ "input": { "project_id": t.project, "place": "Project", "text": "「双十一主视觉」https://www.alipan.com/s/Fx2kYtq 点击链接保存", "title": "" } }),
            )
            .await;
        assert_eq!(titled["name"], "双十一主视觉");
        let before = t.h.fingerprint().await;
        for text in ["pan.baidu.com/s/1", "javascript:alert(1)", ""] {
            let error = t
                .h
                .err(Some(&t.s["zhangwei"]), "add_link", json!({ "input": { "project_id": t.project, "place": "Project", "text": text, "title": "" } }))
                .await;
            assert_eq!(
                field_keys(&error),
                vec![("text".to_string(), K::ErrLinkAddress)],
                "{text}"
            );
        }
        let observer = t
            .h
            .call(Some(&t.s["wangfang"]), "add_link", json!({ "input": { "project_id": t.project, "place": "Project", "text": "https://example.com", "title": "" } }))
            .await;
        assert_eq!(observer.0, StatusCode::FORBIDDEN);
        assert_eq!(t.h.fingerprint().await, before);
        t.h.finish().await;
    }
}

#[tokio::test]
async fn content_nothing_refers_to_is_forgotten_a_day_later() {
    for store in STORES {
        let t = Team::new("postgres", store).await;
        let zw = &t.s["zhangwei"];
        let kept =
            t.h.upload(zw, t.project, "project", "keep.png", &png(64, 64))
                .await;
        let gone =
            t.h.upload(zw, t.project, "project", "gone.txt", b"temporary")
                .await;
        let on_comment =
            t.h.upload(
                zw,
                t.project,
                &format!("comment:{}", t.comment),
                "c.txt",
                b"with the comment",
            )
            .await;
        // A thumbnail, to be forgotten with its image.
        let id = versions(&kept)[0]["id"].as_i64().unwrap();
        download(&t, "zhangwei", &format!("/thumbnails/{id}")).await;
        t.h.ok(
            &t.s["lina"],
            "delete_attachment",
            json!({ "id": gone["id"] }),
        )
        .await;
        let on_task =
            t.h.upload(
                zw,
                t.project,
                &format!("task:{}", t.task),
                "t.txt",
                b"with the task",
            )
            .await;
        // The task goes, and its comment with it: what was attached to them is let go.
        t.h.ok(&t.admin, "delete_task", json!({ "task_id": t.task }))
            .await;
        assert!(on_comment["id"].is_i64() && on_task["id"].is_i64());
        // Not yet: kept a day after its last use.
        assert_eq!(app::server::files::sweep(&t.h.state).await.unwrap(), 0);
        assert_eq!(
            t.h.number("SELECT COUNT(*) AS n FROM attachments".into())
                .await,
            1
        );
        assert_eq!(t.stored("blobs").await, 4);
        sea_orm::ConnectionTrait::execute_unprepared(
            &t.h.state.db,
            "UPDATE blobs SET touched_at = touched_at - INTERVAL '2 days'",
        )
        .await
        .unwrap();
        assert_eq!(
            app::server::files::sweep(&t.h.state).await.unwrap(),
            3,
            "{store}"
        );
        assert_eq!(t.stored("blobs").await, 1, "{store}");
        assert_eq!(
            t.h.number("SELECT COUNT(*) AS n FROM blobs".into()).await,
            1
        );
        let (status, _, _) = download(&t, "zhangwei", &format!("/files/{id}/keep.png")).await;
        assert_eq!(status, StatusCode::OK);
        t.h.finish().await;
    }
}

#[tokio::test]
async fn a_check_in_carries_a_photo_of_its_own_person() {
    let t = Team::new("sqlite", "disk").await;
    let zw = &t.s["zhangwei"];
    let saved = t
        .h
        .ok(zw, "save_check_in", json!({ "input": { "project_id": t.project, "done": "拍了现场", "next": "", "blockers": "", "tasks": [] } }))
        .await;
    let place = format!("check_in:{}&photo=1", saved["id"]);
    let (status, body) =
        t.h.upload_as(zw, t.project, &place, "notes.txt", b"not a photo", true)
            .await;
    assert_eq!(status.as_u16(), 422, "{body}");
    let error: app::error::AppError = serde_json::from_str(&body).unwrap();
    assert_eq!(field_keys(&error)[0].1, K::ErrPhotoNotImage);
    // Someone else's check-in takes no photo from her.
    let (status, _) =
        t.h.upload_as(
            &t.s["liuyang"],
            t.project,
            &place,
            "p.png",
            &png(20, 20),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    t.h.upload(zw, t.project, &place, "现场.png", &png(300, 200))
        .await;
    let day =
        t.h.ok(
            &t.s["lina"],
            "get_check_ins",
            json!({ "project_id": t.project, "day": null }),
        )
        .await;
    let her = day["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["check_in"]["id"] == saved["id"])
        .expect("her check-in");
    assert_eq!(her["check_in"]["photos"][0]["name"], "现场.png");
    t.h.finish().await;
}
