//! Attachments: files with versions, and links to files kept elsewhere (网盘 shares, any URL),
//! on a project, a task, a comment or a check-in.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::Id;

/// Where an attachment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Place {
    Project,
    Task(Id),
    Comment(Id),
    CheckIn(Id),
}

impl Place {
    /// How the place is stored and written in addresses: "project", "task:12", …
    pub fn key(self) -> String {
        match self {
            Place::Project => "project".into(),
            Place::Task(id) => format!("task:{id}"),
            Place::Comment(id) => format!("comment:{id}"),
            Place::CheckIn(id) => format!("check_in:{id}"),
        }
    }

    pub fn parse(text: &str) -> Option<Place> {
        if text == "project" {
            return Some(Place::Project);
        }
        let (kind, id) = text.split_once(':')?;
        let id: Id = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "task" => Some(Place::Task(id)),
            "comment" => Some(Place::Comment(id)),
            "check_in" => Some(Place::CheckIn(id)),
            _ => None,
        }
    }
}

/// A file attachment's version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileVersion {
    pub id: Id,
    pub number: i32,
    /// The name it was uploaded under.
    pub name: String,
    pub size: i64,
    /// The type read from its content.
    pub mime: String,
    pub uploaded_by: UserRef,
    pub uploaded_at: DateTime<Utc>,
    /// The version it brought back, if it was a restore.
    pub restored_from: Option<i32>,
    /// Whether the server makes a thumbnail of it (an image of a size it may decode).
    pub thumbnail: bool,
    /// An image's size, as its header says.
    pub width: Option<i32>,
    pub height: Option<i32>,
}

impl FileVersion {
    /// Where it is downloaded.
    pub fn url(&self) -> String {
        format!("/files/{}/{}", self.id, url_name(&self.name))
    }

    /// Where it opens in the browser (an image or a PDF, in the viewer).
    pub fn inline_url(&self) -> String {
        format!("{}?inline=1", self.url())
    }

    pub fn thumbnail_url(&self) -> String {
        format!("/thumbnails/{}", self.id)
    }

    /// Whether the browser's viewer shows it: an image it may decode, or a PDF.
    pub fn viewable(&self) -> bool {
        self.thumbnail || self.mime == "application/pdf"
    }
}

/// A file's name as a path segment (the name is only for the reader: the id finds the file).
pub fn url_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttachmentBody {
    /// A file: its versions, the newest first.
    File { versions: Vec<FileVersion> },
    /// A link to a file kept elsewhere.
    Link {
        url: String,
        /// Who keeps it: "阿里云盘", "百度网盘", or the site's host.
        provider: String,
        /// A share's extraction code (提取码), if it has one.
        code: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: Id,
    pub project_id: Id,
    pub place: Place,
    /// The file's name (its newest version's), or the link's title.
    pub name: String,
    pub body: AttachmentBody,
    pub created_by: UserRef,
    pub updated_at: DateTime<Utc>,
}

impl AttachmentView {
    /// The newest version of a file.
    pub fn current(&self) -> Option<&FileVersion> {
        match &self.body {
            AttachmentBody::File { versions } => versions.first(),
            AttachmentBody::Link { .. } => None,
        }
    }
}

/// A place's attachments, and what the caller may do there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachments {
    pub items: Vec<AttachmentView>,
    /// Whether the caller may add files and links here.
    pub can_attach: bool,
    /// Whether the caller may delete others' attachments (a manager); their own they may.
    pub can_moderate: bool,
    /// The largest file that may be uploaded, in MB.
    pub file_max_mb: u32,
}

/// A link to keep: what was pasted (an address, or a share's whole text with its code) and an
/// optional title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLinkInput {
    pub project_id: Id,
    pub place: Place,
    pub text: String,
    #[serde(default)]
    pub title: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_written_and_read_back() {
        for place in [
            Place::Project,
            Place::Task(12),
            Place::Comment(7),
            Place::CheckIn(3),
        ] {
            assert_eq!(Place::parse(&place.key()), Some(place));
        }
        for bad in ["", "task", "task:", "task:x", "task:-1", "task:0", "file:1"] {
            assert_eq!(Place::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn names_in_addresses_are_escaped() {
        assert_eq!(url_name("海报 v2.png"), "%E6%B5%B7%E6%8A%A5%20v2.png");
        assert_eq!(url_name("../a?b#c"), "..%2Fa%3Fb%23c");
    }
}
