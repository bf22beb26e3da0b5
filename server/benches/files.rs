//! Files at scale, with figures printed for BENCHMARKS.md:
//! - a 1 GB upload streamed over a real connection to the server on this machine, with how much
//!   the process's resident memory grew at its peak while it arrived (sampled every 10 ms), and
//!   its rate;
//! - the thumbnail of a 20-megapixel photo (5472 × 3648 JPEG): the first request for it through
//!   the server (decode, shrink, encode, keep), and the making alone, median of repeated runs.
//!
//! `make bench-files`; `MARQUEE_BENCH_UPLOAD_MB` (default 1024) sets the upload's size.
#[path = "../tests/common/mod.rs"]
mod common;

use std::io::Cursor;
use std::time::{Duration, Instant};

use common::{setup_body, Harness};
use serde_json::json;

const PASSWORD: &str = "long enough password";
const PIECE: usize = 64 * 1024;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// This process's resident memory, in bytes.
fn resident() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// `n` bytes that do not repeat (xorshift), in pieces, made as they are sent.
fn content(n: u64) -> impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let pieces = n.div_ceil(PIECE as u64);
    futures::stream::iter((0..pieces).map(move |i| {
        let len = if i + 1 == pieces {
            (n - i * PIECE as u64) as usize
        } else {
            PIECE
        };
        let mut piece = vec![0u8; len];
        for chunk in piece.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let bytes = state.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(piece)
    }))
}

/// A 20-megapixel photo-like JPEG (gradients and grain), as a camera would send it.
fn photo() -> Vec<u8> {
    let (w, h) = (5472u32, 3648u32);
    let mut seed = 12345u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let grain = (seed >> 24) as u8 / 8;
        image::Rgb([
            ((x * 255 / w) as u8).saturating_add(grain),
            ((y * 255 / h) as u8).saturating_add(grain),
            (((x + y) % 256) as u8).saturating_add(grain),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut Cursor::new(&mut out), 90)
        .encode_image(&img)
        .unwrap();
    out
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let size_mb = env_number("MARQUEE_BENCH_UPLOAD_MB", 1024);
        let h = Harness::new("sqlite").await;
        let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
        let admin = admin.unwrap();
        h.ok(&admin, "save_org_settings", json!({ "input": { "time_zone": "Asia/Shanghai", "check_in_at": "17:30", "file_max_mb": size_mb + 1 } }))
            .await;
        let project = h.project(&admin, "Launch film").await;
        let address = h.serve().await;
        let client = reqwest::Client::new();

        // The upload: memory sampled while it streams.
        let n = size_mb << 20;
        let before = resident();
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(before));
        let watching = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let sampler = {
            let (peak, watching) = (peak.clone(), watching.clone());
            tokio::spawn(async move {
                while watching.load(std::sync::atomic::Ordering::Relaxed) {
                    peak.fetch_max(resident(), std::sync::atomic::Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            })
        };
        let started = Instant::now();
        let answer = client
            .post(format!(
                "http://{address}/api/upload/files/{project}?place=project&name=master-footage.bin"
            ))
            .header("cookie", format!("marquee_session={admin}"))
            .header("host", "localhost")
            .header("content-length", n.to_string())
            .body(reqwest::Body::wrap_stream(content(n)))
            .send()
            .await
            .unwrap();
        let took = started.elapsed();
        watching.store(false, std::sync::atomic::Ordering::Relaxed);
        sampler.await.unwrap();
        assert!(answer.status().is_success(), "{}", answer.text().await.unwrap_or_default());
        let growth = peak.load(std::sync::atomic::Ordering::Relaxed).saturating_sub(before);
        println!(
            "upload of {size_mb} MB: {:.1} s ({:.0} MB/s); resident memory {:.1} MB before, peak growth {:.1} MB while it streamed",
            took.as_secs_f64(),
            size_mb as f64 / took.as_secs_f64(),
            before as f64 / 1048576.0,
            growth as f64 / 1048576.0
        );

        // The thumbnail of a 20-megapixel photo.
        let jpeg = photo();
        let view = h.upload(&admin, project, "project", "现场.jpg", &jpeg).await;
        let version = view["body"]["File"]["versions"][0]["id"].as_i64().unwrap();
        let started = Instant::now();
        let thumb = client
            .get(format!("http://{address}/thumbnails/{version}"))
            .header("cookie", format!("marquee_session={admin}"))
            .header("host", "localhost")
            .send()
            .await
            .unwrap();
        assert!(thumb.status().is_success());
        let bytes = thumb.bytes().await.unwrap();
        let first = started.elapsed();
        let cached = {
            let started = Instant::now();
            client
                .get(format!("http://{address}/thumbnails/{version}"))
                .header("cookie", format!("marquee_session={admin}"))
                .header("host", "localhost")
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            started.elapsed()
        };
        let runs: Vec<Duration> = (0..5)
            .map(|_| {
                let started = Instant::now();
                app::server::files::make_thumbnail(&jpeg).unwrap();
                started.elapsed()
            })
            .collect();
        println!(
            "thumbnail of a 20-megapixel JPEG ({:.1} MB): first request {} ms, made alone median {} ms (of 5), asked again {} ms; thumbnail {} KB",
            jpeg.len() as f64 / 1048576.0,
            first.as_millis(),
            median(runs).as_millis(),
            cached.as_millis(),
            bytes.len() / 1024
        );
        h.finish().await;
    });
}
