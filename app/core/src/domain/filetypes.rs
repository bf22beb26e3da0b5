//! What a file is, read from its content, and whether it is taken. Programs and scripts are
//! refused, and so is a file whose content is not what its name says ("poster.jpg" that is a
//! PDF, or not an image at all): its type is what the content is, never what the name claims.
use crate::i18n::K;

/// What the content was found to be by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detected<'a> {
    pub mime: &'a str,
    /// A program (an executable, a library, an installer).
    pub program: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Image,
    Video,
    Audio,
    Pdf,
    /// Word, Excel and PowerPoint documents, in either format, and zip archives (what the newer
    /// formats are).
    Document,
    Archive,
}

/// Names that say what they are, whatever their content: refused outright.
const PROGRAM_EXTENSIONS: &[&str] = &[
    "exe", "msi", "bat", "cmd", "com", "scr", "pif", "ps1", "vbs", "vbe", "jse", "wsf", "apk",
    "sh", "dll", "so", "dylib", "jar",
];

fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

fn family_of_extension(ext: &str) -> Option<Family> {
    Some(match ext {
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "bmp" | "tif" | "tiff" | "heic" | "heif"
        | "avif" | "ico" | "psd" => Family::Image,
        "mp4" | "mov" | "m4v" | "avi" | "mkv" | "webm" | "flv" | "wmv" => Family::Video,
        "mp3" | "wav" | "m4a" | "aac" | "ogg" | "flac" | "amr" => Family::Audio,
        "pdf" => Family::Pdf,
        "doc" | "docx" | "xls" | "xlsx" | "ppt" | "pptx" | "odt" | "ods" | "odp" | "key"
        | "pages" | "numbers" => Family::Document,
        "zip" | "rar" | "7z" | "gz" | "tgz" | "bz2" | "xz" => Family::Archive,
        _ => return None,
    })
}

fn family_of_mime(mime: &str) -> Option<Family> {
    if mime.starts_with("image/") {
        return Some(Family::Image);
    }
    if mime.starts_with("video/") {
        return Some(Family::Video);
    }
    if mime.starts_with("audio/") {
        return Some(Family::Audio);
    }
    Some(match mime {
        "application/pdf" => Family::Pdf,
        "application/msword"
        | "application/vnd.ms-excel"
        | "application/vnd.ms-powerpoint"
        | "application/x-ole-storage"
        | "application/rtf" => Family::Document,
        m if m.starts_with("application/vnd.openxmlformats")
            || m.starts_with("application/vnd.oasis.opendocument") =>
        {
            Family::Document
        }
        "application/zip"
        | "application/x-rar-compressed"
        | "application/vnd.rar"
        | "application/x-7z-compressed"
        | "application/gzip"
        | "application/x-bzip2"
        | "application/x-xz" => Family::Archive,
        _ => return None,
    })
}

/// Whether content found to be `found` may carry a name that says `named`.
fn agrees(named: Family, found: Family) -> bool {
    named == found
        // A document of the newer formats is a zip archive inside; an .m4a is an MP4.
        || matches!(
            (named, found),
            (Family::Document, Family::Archive)
                | (Family::Archive, Family::Document)
                | (Family::Audio, Family::Video)
                | (Family::Video, Family::Audio)
        )
}

/// Text: valid UTF-8 (a character cut at the end of the sample aside) with no NUL.
fn is_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
    }
}

/// The type a text file is served as, by what it says it is.
fn text_mime(ext: Option<&str>, head: &[u8]) -> &'static str {
    let start = String::from_utf8_lossy(&head[..head.len().min(512)]).to_ascii_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    if ext == Some("svg") || start.starts_with("<svg") || start.contains("<svg") {
        return "image/svg+xml";
    }
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return "text/html";
    }
    match ext {
        Some("csv") => "text/csv",
        Some("md" | "markdown") => "text/markdown",
        Some("json") => "application/json",
        _ => "text/plain",
    }
}

/// The type the file is kept and served as, or why it is refused. `head` is the content's start
/// (the first kilobytes), `detected` what its magic numbers say.
pub fn judge(name: &str, detected: Option<Detected<'_>>, head: &[u8]) -> Result<String, K> {
    let ext = extension(name);
    if ext
        .as_deref()
        .is_some_and(|e| PROGRAM_EXTENSIONS.contains(&e))
    {
        return Err(K::ErrFileProgram);
    }
    let named = ext.as_deref().and_then(family_of_extension);
    match detected {
        Some(d) if d.program => Err(K::ErrFileProgram),
        Some(d) => {
            let found = family_of_mime(d.mime);
            match (named, found) {
                (Some(n), Some(f)) if !agrees(n, f) => Err(K::ErrFileMismatch),
                (Some(_), None) => Err(K::ErrFileMismatch),
                _ => Ok(d.mime.to_string()),
            }
        }
        None if is_text(head) => {
            if head.starts_with(b"#!") {
                return Err(K::ErrFileProgram);
            }
            if named.is_some() {
                return Err(K::ErrFileMismatch);
            }
            Ok(text_mime(ext.as_deref(), head).to_string())
        }
        None if named.is_some() => Err(K::ErrFileMismatch),
        None => Ok("application/octet-stream".into()),
    }
}

/// Images the server decodes for thumbnails and the browser shows in its viewer.
pub fn is_raster(mime: &str) -> bool {
    matches!(
        mime,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(mime: &str) -> Option<Detected<'_>> {
        Some(Detected {
            mime,
            program: false,
        })
    }

    #[test]
    fn the_content_decides_the_type() {
        assert_eq!(
            judge("海报.PNG", found("image/png"), b"\x89PNG"),
            Ok("image/png".into())
        );
        // A name without an extension takes the content's type.
        assert_eq!(
            judge("poster", found("image/jpeg"), b"\xff\xd8"),
            Ok("image/jpeg".into())
        );
        assert_eq!(
            judge(
                "brief.docx",
                found("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                b"PK"
            ),
            Ok("application/vnd.openxmlformats-officedocument.wordprocessingml.document".into())
        );
        assert_eq!(
            judge("sheet.xlsx", found("application/zip"), b"PK"),
            Ok("application/zip".into())
        );
        assert_eq!(
            judge("notes.md", None, "# 周报\n".as_bytes()),
            Ok("text/markdown".into())
        );
        assert_eq!(
            judge("data.bin", None, b"\x00\x01\x02"),
            Ok("application/octet-stream".into())
        );
        assert_eq!(
            judge(
                "logo.svg",
                None,
                b"<svg xmlns='http://www.w3.org/2000/svg'/>"
            ),
            Ok("image/svg+xml".into())
        );
    }

    #[test]
    fn a_name_that_lies_is_refused() {
        assert_eq!(
            judge("poster.jpg", found("application/pdf"), b"%PDF"),
            Err(K::ErrFileMismatch)
        );
        assert_eq!(judge("poster.jpg", None, b"hello"), Err(K::ErrFileMismatch));
        assert_eq!(
            judge("report.pdf", None, b"\x00\x00garbage"),
            Err(K::ErrFileMismatch)
        );
    }

    #[test]
    fn programs_and_scripts_are_refused() {
        let exe = Some(Detected {
            mime: "application/vnd.microsoft.portable-executable",
            program: true,
        });
        assert_eq!(judge("invoice.pdf", exe, b"MZ"), Err(K::ErrFileProgram));
        assert_eq!(judge("setup", exe, b"MZ"), Err(K::ErrFileProgram));
        assert_eq!(
            judge("run.txt", None, b"#!/bin/sh\nrm -rf /"),
            Err(K::ErrFileProgram)
        );
        assert_eq!(judge("tool.EXE", None, b"text"), Err(K::ErrFileProgram));
    }

    #[test]
    fn text_cut_in_a_character_is_still_text() {
        let mut head = "周报".as_bytes().to_vec();
        head.pop();
        assert!(is_text(&head));
        assert!(!is_text(b"a\x00b"));
    }
}
