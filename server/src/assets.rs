//! The app's code and styles (`pkg/`: the wasm, its JavaScript glue, the stylesheet, and the
//! chunks of code split off for pages fetched when first opened), served under a folder named
//! by a hash of their content — `/pkg/3f9c…/marquee.wasm` — so a browser keeps them for good
//! (`immutable`) and a new release is a new folder; the files refer to each other by relative
//! names, which stay within one release. Compressed once, at the best level, when the server
//! starts, instead of at the fastest level on every request. Until the compression is done
//! (seconds for megabytes of wasm) they go uncompressed. The plain names (`/pkg/marquee.wasm`)
//! still answer, revalidated each time, for whatever kept them. Each language's texts are
//! served beside them (`catalogue-zh-CN.json`), made from the catalogue the server is built with.
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use app::i18n::{catalogue_json, Locale};
use app::later::{SplitChunks, LATER_CSS, LATER_SHEET};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The kinds of file the app is built into, and how each is served.
const KINDS: [(&str, &str); 4] = [
    ("js", "text/javascript; charset=utf-8"),
    ("wasm", "application/wasm"),
    ("css", "text/css; charset=utf-8"),
    ("json", "application/json"),
];
/// The files every build has: `<output>.<ext>`.
const MAIN: [&str; 3] = ["js", "wasm", "css"];
const FOREVER: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// One file: its content, and its compressed forms once made.
struct Asset {
    raw: Bytes,
    content_type: &'static str,
    br: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

/// The built files, by the names they answer to.
#[derive(Clone, Default)]
pub struct Assets {
    /// The folder the release's files are served in (`pkg/3f9c…`): what pages refer to.
    pub folder: Option<String>,
    /// `/pkg/3f9c…/marquee.wasm` and `/pkg/marquee.wasm` → the file, and whether the name is
    /// the release's.
    files: Arc<HashMap<String, (Arc<Asset>, bool)>>,
    /// Which chunks each lazy function's code is in, from the build's manifest.
    pub chunks: SplitChunks,
}

impl Assets {
    /// Reads `output`.js/.wasm/.css, and the split-off chunks beside them, from
    /// `site_root/pkg_dir` (none when the main files are not all there: a server run without a
    /// built site).
    pub fn load(site_root: &str, pkg_dir: &str, output: &str) -> Assets {
        let dir = Path::new(site_root).join(pkg_dir);
        let kind_of = |name: &str| {
            let ext = name.rsplit('.').next()?;
            KINDS.iter().find(|(k, _)| *k == ext).map(|(_, t)| *t)
        };
        let mut read: Vec<(String, &'static str, Vec<u8>)> = Vec::new();
        for ext in MAIN {
            let name = format!("{output}.{ext}");
            match (std::fs::read(dir.join(&name)), kind_of(&name)) {
                (Ok(raw), Some(kind)) => read.push((name, kind, raw)),
                _ => return Assets::default(),
            }
        }
        // What the build split off: its loader, its manifest and the chunks.
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let split = name.starts_with("__wasm_split") || name.ends_with(".wasm");
                if !split || read.iter().any(|(n, _, _)| *n == name) {
                    continue;
                }
                if let (Some(kind), Ok(raw)) = (kind_of(&name), std::fs::read(entry.path())) {
                    read.push((name, kind, raw));
                }
            }
        }
        // Each language's texts, which the app's code does not carry (`app::i18n::install`).
        for locale in Locale::ALL {
            read.push((
                locale.catalogue_file(),
                "application/json",
                catalogue_json(locale).into_bytes(),
            ));
        }
        // The styles of the pages that come later (`app::styles`).
        read.push((
            LATER_SHEET.to_string(),
            "text/css; charset=utf-8",
            smaller_css(LATER_CSS).into_bytes(),
        ));
        read.sort_by(|a, b| a.0.cmp(&b.0));
        let chunks = read
            .iter()
            .find(|(name, _, _)| name == "__wasm_split_manifest.json")
            .and_then(|(_, _, raw)| serde_json::from_slice(raw).ok())
            .map(|manifest| SplitChunks(Arc::new(manifest)))
            .unwrap_or_default();
        let mut hash = Sha256::new();
        for (name, _, raw) in &read {
            hash.update(name.as_bytes());
            hash.update(Sha256::digest(raw));
        }
        let folder = format!("{pkg_dir}/{}", &hex::encode(hash.finalize())[..16]);
        let mut files = HashMap::new();
        for (name, content_type, raw) in read {
            let asset = Arc::new(Asset {
                raw: Bytes::from(raw),
                content_type,
                br: OnceLock::new(),
                gzip: OnceLock::new(),
            });
            files.insert(format!("/{folder}/{name}"), (asset.clone(), true));
            files.insert(format!("/{pkg_dir}/{name}"), (asset, false));
        }
        Assets {
            folder: Some(folder),
            files: Arc::new(files),
            chunks,
        }
    }

    /// Compresses every file with brotli and gzip at `level` (0–11 and 0–9), on this thread.
    pub fn compress(&self, brotli_quality: u32, gzip_level: u32) {
        for (asset, hashed) in self.files.values() {
            if !hashed {
                continue;
            }
            let mut br = Vec::with_capacity(asset.raw.len() / 3);
            {
                let mut writer =
                    brotli::CompressorWriter::new(&mut br, 1 << 16, brotli_quality, 24);
                if writer.write_all(&asset.raw).is_err() {
                    continue;
                }
            }
            let mut gz = flate2::write::GzEncoder::new(
                Vec::with_capacity(asset.raw.len() / 3),
                flate2::Compression::new(gzip_level),
            );
            let Ok(gzip) = gz.write_all(&asset.raw).and_then(|()| gz.finish()) else {
                continue;
            };
            let _ = asset.br.set(Bytes::from(br));
            let _ = asset.gzip.set(Bytes::from(gzip));
        }
    }

    /// Compresses in the background, at the best levels in a release build (a debug build's
    /// wasm is tens of megabytes, and its compressor is not optimised: a quick level there).
    pub fn compress_in_background(&self) {
        let assets = self.clone();
        let (brotli_quality, gzip_level) = if cfg!(debug_assertions) {
            (4, 6)
        } else {
            (11, 9)
        };
        std::thread::spawn(move || assets.compress(brotli_quality, gzip_level));
    }

    fn answer(&self, request: &Request) -> Option<Response> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        let (asset, hashed) = self.files.get(request.uri().path())?;
        let etag = format!("\"{}\"", self.folder.as_deref().unwrap_or_default());
        let cache = if *hashed { FOREVER } else { REVALIDATE };
        let headers = request.headers();
        if headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
        {
            return Some(
                (
                    StatusCode::NOT_MODIFIED,
                    [(header::ETAG, etag), (header::CACHE_CONTROL, cache.into())],
                )
                    .into_response(),
            );
        }
        let accepts = |coding: &str| {
            headers
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| {
                    v.split(',').any(|part| {
                        let mut bits = part.trim().split(';');
                        bits.next().is_some_and(|c| c.trim() == coding)
                            && !bits.any(|q| q.trim().replace(' ', "") == "q=0")
                    })
                })
        };
        let (body, encoding) = match (asset.br.get(), asset.gzip.get()) {
            (Some(br), _) if accepts("br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts("gzip") => (gz.clone(), Some("gzip")),
            _ => (asset.raw.clone(), None),
        };
        let length = body.len();
        let mut response = Response::new(if request.method() == Method::HEAD {
            Body::empty()
        } else {
            Body::from(body)
        });
        let h = response.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Ok(tag) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, tag);
        }
        if let Some(coding) = encoding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        Some(response)
    }
}

/// Answers for the built files it knows; everything else goes on.
pub async fn serve(State(assets): State<Assets>, request: Request, next: Next) -> Response {
    match assets.answer(&request) {
        Some(response) => response,
        None => next.run(request).await,
    }
}

/// A stylesheet without its comments and without the spaces nothing depends on: each run of
/// white space becomes one space, and none is kept next to `{`, `}` or `;`. Quoted strings are
/// kept as they are.
fn smaller_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            '"' | '\'' => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            c => {
                let tight = matches!(c, '{' | '}' | ';') || out.ends_with(['{', '}', ';']);
                if space && !out.is_empty() && !tight {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    use app::i18n::K;

    /// A built site in a folder of its own.
    struct Site(std::path::PathBuf);

    impl Site {
        fn new() -> Site {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let dir =
                std::env::temp_dir().join(format!("marquee-site-{}-{nanos}", std::process::id()));
            std::fs::create_dir_all(dir.join("pkg")).unwrap();
            Site(dir)
        }

        fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn site(js: &str) -> (Site, Assets) {
        let dir = Site::new();
        let pkg = dir.path().join("pkg");
        std::fs::write(pkg.join("marquee.js"), js).unwrap();
        std::fs::write(pkg.join("marquee.wasm"), vec![7u8; 100_000]).unwrap();
        std::fs::write(pkg.join("marquee.css"), "body { color: red }").unwrap();
        let assets = Assets::load(dir.path().to_str().unwrap(), "pkg", "marquee");
        (dir, assets)
    }

    fn get(assets: &Assets, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = Request::builder().uri(path);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        assets
            .answer(&request.body(Body::empty()).unwrap())
            .expect("an answer")
    }

    async fn bytes(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn files_answer_under_their_content_hash_compressed_and_kept_for_good() {
        let (_dir, assets) = site("export default 1;");
        let folder = assets.folder.clone().unwrap();
        assert!(folder.starts_with("pkg/") && folder.len() == "pkg/".len() + 16);
        // Another content, another folder.
        let (_other, changed) = site("export default 2;");
        assert_ne!(changed.folder, assets.folder);

        // Before compression: the file as it is.
        let wasm = format!("/{folder}/marquee.wasm");
        let plain = get(&assets, &wasm, &[("accept-encoding", "br, gzip")]);
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.headers()[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(bytes(plain).await.len(), 100_000);

        assets.compress(11, 9);
        let br = get(&assets, &wasm, &[("accept-encoding", "gzip, br")]);
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(br.headers()[header::CACHE_CONTROL], FOREVER);
        let squeezed = bytes(br).await;
        assert!(squeezed.len() < 1_000, "{}", squeezed.len());
        let mut unpacked = Vec::new();
        brotli::Decompressor::new(squeezed.as_slice(), 4096)
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, vec![7u8; 100_000]);
        let gz = get(&assets, &wasm, &[("accept-encoding", "gzip, br;q=0")]);
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(bytes(gz).await.as_slice())
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked.len(), 100_000);
        let none = get(&assets, &format!("/{folder}/marquee.css"), &[]);
        assert!(none.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(bytes(none).await, b"body { color: red }");

        // The plain name is asked again each time; an unchanged file is not sent twice.
        let old = get(&assets, "/pkg/marquee.js", &[]);
        assert_eq!(old.headers()[header::CACHE_CONTROL], REVALIDATE);
        let etag = old.headers()[header::ETAG].to_str().unwrap().to_string();
        let again = get(&assets, "/pkg/marquee.js", &[("if-none-match", &etag)]);
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

        // Other paths and methods are not its business.
        let other = Request::builder()
            .uri("/pkg/other.js")
            .body(Body::empty())
            .unwrap();
        assert!(assets.answer(&other).is_none());
        let post = Request::builder()
            .method(Method::POST)
            .uri(&wasm)
            .body(Body::empty())
            .unwrap();
        assert!(assets.answer(&post).is_none());
    }

    #[tokio::test]
    async fn each_language_s_texts_answer_in_the_release_folder() {
        let (_dir, assets) = site("export default 1;");
        let folder = assets.folder.clone().unwrap();
        for locale in Locale::ALL {
            let file = get(
                &assets,
                &format!("/{folder}/{}", locale.catalogue_file()),
                &[],
            );
            assert_eq!(file.headers()[header::CACHE_CONTROL], FOREVER);
            assert_eq!(file.headers()[header::CONTENT_TYPE], "application/json");
            let texts: Vec<String> = serde_json::from_slice(&bytes(file).await).unwrap();
            assert_eq!(texts.len(), K::ALL.len());
            assert_eq!(texts[K::Save as usize], K::Save.text(locale));
        }
        let zh = get(&assets, &format!("/{folder}/catalogue-zh-CN.json"), &[]);
        assert!(String::from_utf8(bytes(zh).await)
            .unwrap()
            .contains("\"保存\""));
    }

    #[test]
    fn a_smaller_stylesheet_keeps_what_the_browser_reads() {
        let css = "/* Boards */\n.kanban  .card:hover ,\n.a > .b {\n  color: red;\n  content: \"a  /* b */ c\";\n}\n@media (max-width: 768px) {\n  .kanban { --w: 82vw; }\n}\n";
        assert_eq!(
            smaller_css(css),
            ".kanban .card:hover , .a > .b{color: red;content: \"a  /* b */ c\";}@media (max-width: 768px){.kanban{--w: 82vw;}}"
        );
        assert!(smaller_css(LATER_CSS).len() < LATER_CSS.len());
    }

    #[tokio::test]
    async fn the_later_pages_styles_answer_in_the_release_folder() {
        let (_dir, assets) = site("export default 1;");
        let folder = assets.folder.clone().unwrap();
        let sheet = get(&assets, &format!("/{folder}/{LATER_SHEET}"), &[]);
        assert_eq!(sheet.headers()[header::CACHE_CONTROL], FOREVER);
        assert_eq!(
            sheet.headers()[header::CONTENT_TYPE],
            "text/css; charset=utf-8"
        );
        let text = String::from_utf8(bytes(sheet).await).unwrap();
        assert!(
            text.contains(".kanban{"),
            "{}",
            &text[..200.min(text.len())]
        );
        assert!(!text.contains("/*"));
    }

    #[tokio::test]
    async fn chunks_split_off_answer_in_the_release_folder() {
        let (dir, _) = site("import * as split from './__wasm_split.______________________.js';");
        let pkg = dir.path().join("pkg");
        std::fs::write(
            pkg.join("__wasm_split.______________________.js"),
            "import * as main from './marquee.js';",
        )
        .unwrap();
        std::fs::write(pkg.join("split_gantt_7.wasm"), vec![1u8; 5_000]).unwrap();
        std::fs::write(pkg.join("notes.txt"), "not the app's").unwrap();
        std::fs::write(
            pkg.join("__wasm_split_manifest.json"),
            r#"{"work_later_view_42": ["split_gantt_7"]}"#,
        )
        .unwrap();
        let assets = Assets::load(dir.path().to_str().unwrap(), "pkg", "marquee");
        let folder = assets.folder.clone().unwrap();
        assert_eq!(assets.chunks.of_group("WorkLater"), ["split_gantt_7"]);
        let chunk = get(&assets, &format!("/{folder}/split_gantt_7.wasm"), &[]);
        assert_eq!(chunk.headers()[header::CACHE_CONTROL], FOREVER);
        assert_eq!(chunk.headers()[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(bytes(chunk).await, vec![1u8; 5_000]);
        let loader = get(
            &assets,
            &format!("/{folder}/__wasm_split.______________________.js"),
            &[],
        );
        assert_eq!(
            bytes(loader).await,
            b"import * as main from './marquee.js';"
        );
        let other = Request::builder()
            .uri(format!("/{folder}/notes.txt"))
            .body(Body::empty())
            .unwrap();
        assert!(assets.answer(&other).is_none());
        // A chunk that changes makes another release folder.
        std::fs::write(pkg.join("split_gantt_7.wasm"), vec![2u8; 5_000]).unwrap();
        let again = Assets::load(dir.path().to_str().unwrap(), "pkg", "marquee");
        assert_ne!(again.folder, assets.folder);
    }

    #[test]
    fn a_site_not_built_has_no_names() {
        let dir = Site::new();
        let assets = Assets::load(dir.path().to_str().unwrap(), "pkg", "marquee");
        assert!(assets.folder.is_none());
    }
}
