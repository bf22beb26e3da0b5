//! Files and links attached to a project, its tasks, comments and check-ins.
//!
//! A file arrives as a stream (`/api/files/…`, not base64 in JSON) and is refused before it is
//! kept when it is larger than the organisation allows, empty, a program, or not what its name
//! says. Its content is stored once by its hash ([`Storage`]); a file of the same name in the
//! same place becomes that file's next version, and any version can be downloaded or brought
//! back (restoring makes a new version with the old content, so nothing is lost). A link keeps
//! an address to a file kept elsewhere, with its provider and extraction code.
//!
//! Everyone who may see the project may see and download its files; the project's managers
//! and contributors add them (and a comment's author or a check-in's person to those); who
//! added an attachment, or a manager, deletes it. Content no version refers to is forgotten a
//! day later by [`run`].
use std::collections::HashMap;
use std::io::Cursor;
use std::time::Duration;

use bytes::Bytes;
use chrono::Utc;
use futures::Stream;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::kernel::authz::{authorize_project, require_changeable_project, require_project};
use super::kernel::entity::{
    attachment, attachment_version, blob, case, check_in, comment, project, task,
};
use super::kernel::records::{names, user_ref};
use super::kernel::storage::Storage;
use super::kernel::{audit, AppState, Caller};
use crate::domain::filetypes::{is_raster, judge, Detected};
use crate::domain::links::{parse_share, TITLE_MAX};
use crate::domain::policy::{allows, Action};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AttachmentBody, AttachmentView, Attachments, AuditAction, AuditEntity, FileLinkInput,
    FileVersion, Id, Place, ProjectRole,
};

/// The most pixels an image may have for the server to decode it (a thumbnail) or the browser
/// to be offered it in the viewer: 50 megapixels. An image whose header claims more is never
/// decoded.
pub const PREVIEW_MAX_PIXELS: u64 = 50_000_000;
/// The largest image file a thumbnail is made of.
const PREVIEW_MAX_BYTES: u64 = 128 << 20;
/// The longest side of a thumbnail.
const THUMBNAIL_SIDE: u32 = 480;
/// Memory a decode may take at most.
const DECODE_MAX_ALLOC: u64 = 512 << 20;
/// Content that no version refers to is kept this long after its last use.
const UNREFERENCED_KEPT: chrono::Duration = chrono::Duration::hours(24);
/// How often content nothing refers to, and uploads abandoned midway, are looked for.
const SWEEP_EVERY: Duration = Duration::from_secs(3600);
/// Attachments in one place, at most.
const PLACE_MAX: usize = 500;

const FILE: &str = "file";
const LINK: &str = "link";

/// A file's name as kept: what follows the last slash, trimmed, without control characters.
fn clean_name(name: &str) -> AppResult<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.trim().chars().filter(|c| !c.is_control()).collect();
    if clean.is_empty() || clean.chars().count() > 255 || clean == "." || clean == ".." {
        return Err(AppError::invalid("name", K::ErrFileName));
    }
    Ok(clean)
}

/// Whether the thumbnailer decodes an image of this type and size.
fn previewable(mime: &str, width: Option<i32>, height: Option<i32>, size: i64) -> bool {
    let pixels = match (width, height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => w as u64 * h as u64,
        _ => return false,
    };
    is_raster(mime) && pixels <= PREVIEW_MAX_PIXELS && (size as u64) <= PREVIEW_MAX_BYTES
}

/// The project roles that may delete others' attachments.
fn moderates(caller: &Caller, role: Option<ProjectRole>) -> bool {
    allows(caller.role, role, Action::EditProject)
}

/// Checks the place is in the project, and (for a change) that the caller may add to it.
async fn check_place<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    project_id: Id,
    role: Option<ProjectRole>,
    place: Place,
    change: bool,
) -> AppResult<()> {
    let (in_project, owner) = match place {
        Place::Project => (true, None),
        Place::Task(id) => (
            task::Entity::find_by_id(id)
                .one(db)
                .await?
                .is_some_and(|t| t.project_id == project_id),
            None,
        ),
        Place::Comment(id) => match comment::Entity::find_by_id(id).one(db).await? {
            Some(c) => (c.project_id == project_id, Some(c.author_id)),
            None => (false, None),
        },
        Place::CheckIn(id) => match check_in::Entity::find_by_id(id).one(db).await? {
            Some(c) => (c.project_id == project_id, Some(c.user_id)),
            None => (false, None),
        },
    };
    if !in_project {
        return Err(AppError::NotFound);
    }
    if change {
        let may = match owner {
            // A comment's files are its author's; a check-in's photo its person's.
            Some(owner) => owner == caller.id,
            None => allows(caller.role, role, Action::Attach),
        };
        if !may {
            return Err(AppError::Forbidden);
        }
    }
    Ok(())
}

/// Checks the caller may add to `place` of the project (not archived); the project.
pub async fn may_attach<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    project_id: Id,
    place: Place,
) -> AppResult<project::Model> {
    let p = require_changeable_project(db, caller, project_id, Action::ViewProject).await?;
    let role = super::kernel::authz::membership(db, caller, p.id).await?;
    check_place(db, caller, p.id, role, place, true).await?;
    Ok(p)
}

fn version_view(
    v: &attachment_version::Model,
    b: Option<&blob::Model>,
    people: &HashMap<Id, String>,
) -> FileVersion {
    let (size, mime, width, height) = b.map_or((0, String::new(), None, None), |b| {
        (b.size, b.mime.clone(), b.width, b.height)
    });
    FileVersion {
        id: v.id,
        number: v.number,
        name: v.name.clone(),
        thumbnail: previewable(&mime, width, height, size),
        size,
        mime,
        uploaded_by: user_ref(people, v.uploaded_by),
        uploaded_at: v.uploaded_at,
        restored_from: v.restored_from,
        width,
        height,
    }
}

/// The attachments of these places, each place's newest first.
pub async fn of_places<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    places: &[Place],
) -> AppResult<HashMap<Place, Vec<AttachmentView>>> {
    let mut out: HashMap<Place, Vec<AttachmentView>> = HashMap::new();
    if places.is_empty() {
        return Ok(out);
    }
    let keys: Vec<String> = places.iter().map(|p| p.key()).collect();
    let mut rows = Vec::new();
    for chunk in keys.chunks(500) {
        rows.extend(
            attachment::Entity::find()
                .filter(attachment::Column::ProjectId.eq(project_id))
                .filter(attachment::Column::Place.is_in(chunk.to_vec()))
                .order_by_desc(attachment::Column::UpdatedAt)
                .order_by_desc(attachment::Column::Id)
                .all(db)
                .await?,
        );
    }
    let ids: Vec<Id> = rows.iter().map(|a| a.id).collect();
    let mut versions = Vec::new();
    for chunk in ids.chunks(500) {
        versions.extend(
            attachment_version::Entity::find()
                .filter(attachment_version::Column::AttachmentId.is_in(chunk.to_vec()))
                .order_by_desc(attachment_version::Column::Number)
                .all(db)
                .await?,
        );
    }
    let hashes: Vec<String> = versions.iter().map(|v| v.blob_hash.clone()).collect();
    let mut blobs = HashMap::new();
    for chunk in hashes.chunks(500) {
        for b in blob::Entity::find()
            .filter(blob::Column::Hash.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            blobs.insert(b.hash.clone(), b);
        }
    }
    let people = names(
        db,
        rows.iter()
            .map(|a| a.created_by)
            .chain(versions.iter().map(|v| v.uploaded_by)),
    )
    .await?;
    let mut by_attachment: HashMap<Id, Vec<FileVersion>> = HashMap::new();
    for v in &versions {
        by_attachment
            .entry(v.attachment_id)
            .or_default()
            .push(version_view(v, blobs.get(&v.blob_hash), &people));
    }
    for a in rows {
        let Some(place) = Place::parse(&a.place) else {
            continue;
        };
        let body = if a.kind == LINK {
            AttachmentBody::Link {
                url: a.url.clone().unwrap_or_default(),
                provider: a.provider.clone().unwrap_or_default(),
                code: a.code.clone(),
            }
        } else {
            let versions = by_attachment.remove(&a.id).unwrap_or_default();
            if versions.is_empty() {
                continue;
            }
            AttachmentBody::File { versions }
        };
        let name = match &body {
            AttachmentBody::File { versions } => versions[0].name.clone(),
            AttachmentBody::Link { .. } => a.name.clone(),
        };
        out.entry(place).or_default().push(AttachmentView {
            id: a.id,
            project_id: a.project_id,
            place,
            name,
            body,
            created_by: user_ref(&people, a.created_by),
            updated_at: a.updated_at,
        });
    }
    Ok(out)
}

/// A place's attachments, and whether the caller may add to it.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    place: Place,
) -> AppResult<Attachments> {
    let db = &state.db;
    let (p, role) = require_project(db, caller, project_id, Action::ViewProject).await?;
    check_place(db, caller, p.id, role, place, false).await?;
    let can_attach = super::kernel::records::status_of(&p).is_editable()
        && check_place(db, caller, p.id, role, place, true)
            .await
            .is_ok();
    let items = of_places(db, p.id, &[place])
        .await?
        .remove(&place)
        .unwrap_or_default();
    Ok(Attachments {
        items,
        can_attach,
        can_moderate: moderates(caller, role),
        file_max_mb: super::settings::file_max_mb(db).await?,
    })
}

/// One attachment.
async fn one<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    place: Place,
    id: Id,
) -> AppResult<AttachmentView> {
    of_places(db, project_id, &[place])
        .await?
        .remove(&place)
        .and_then(|all| all.into_iter().find(|a| a.id == id))
        .ok_or(AppError::Internal)
}

/// What the live channel says when a place's attachments changed.
fn changed(place: Place) -> ProjectChange {
    ProjectChange {
        files: vec![place],
        ..Default::default()
    }
}

/// Refuses a place that is full.
async fn room_in<C: ConnectionTrait>(db: &C, project_id: Id, place: Place) -> AppResult<()> {
    use sea_orm::PaginatorTrait;
    let count = attachment::Entity::find()
        .filter(attachment::Column::ProjectId.eq(project_id))
        .filter(attachment::Column::Place.eq(place.key()))
        .count(db)
        .await?;
    if count as usize >= PLACE_MAX {
        return Err(AppError::invalid_with(
            "place",
            K::ErrTooManyFiles,
            PLACE_MAX as i64,
        ));
    }
    Ok(())
}

/// Takes a file's stream: checks who is sending it and where to before reading a byte, then
/// keeps it (refusing it, and keeping nothing, if it is over the limit, empty, a program or not
/// what its name says) as a new attachment, or as the next version of the file of that name.
#[allow(clippy::too_many_arguments)]
pub async fn upload<S, E>(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    place: Place,
    name: &str,
    declared: Option<u64>,
    body: S,
    photo: bool,
) -> AppResult<AttachmentView>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let name = clean_name(name)?;
    let limit_mb = super::settings::file_max_mb(&state.db).await?;
    let limit = u64::from(limit_mb) << 20;
    if declared.is_some_and(|n| n > limit) {
        return Err(AppError::invalid_with(
            "file",
            K::ErrUploadTooLarge,
            i64::from(limit_mb),
        ));
    }
    may_attach(&state.db, caller, project_id, place).await?;
    let staged = state.files.stage(body, limit, limit_mb).await?;
    let detected = infer::get(&staged.head);
    let verdict = judge(
        &name,
        detected.map(|t| Detected {
            mime: t.mime_type(),
            program: t.matcher_type() == infer::MatcherType::App
                || t.mime_type() == "text/x-shellscript",
        }),
        &staged.head[..staged.head.len().min(8192)],
    )
    .map_err(|key| AppError::invalid("file", key))
    .and_then(|mime| {
        if photo && !is_raster(&mime) {
            Err(AppError::invalid("file", K::ErrPhotoNotImage))
        } else {
            Ok(mime)
        }
    });
    let mime = match verdict {
        Ok(mime) => mime,
        Err(e) => {
            state.files.discard(staged).await;
            return Err(e);
        }
    };
    let (width, height) = if mime.starts_with("image/") {
        image_size(&staged.head)
    } else {
        (None, None)
    };
    // The content is kept before it is recorded: a failure between the two leaves content
    // nothing refers to (forgotten later), never a version without its content.
    if let Err(e) = state.files.keep(&staged).await {
        state.files.discard(staged).await;
        return Err(e);
    }
    let txn = state.begin_write().await?;
    let p = may_attach(&txn, caller, project_id, place).await?;
    let now = Utc::now();
    blob::Entity::insert(blob::ActiveModel {
        hash: Set(staged.hash.clone()),
        size: Set(staged.size as i64),
        mime: Set(mime.clone()),
        width: Set(width),
        height: Set(height),
        touched_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(blob::Column::Hash)
            .update_column(blob::Column::TouchedAt)
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let lookup = format!("{FILE}:{}", name.to_lowercase());
    let existing = attachment::Entity::find()
        .filter(attachment::Column::ProjectId.eq(p.id))
        .filter(attachment::Column::Place.eq(place.key()))
        .filter(attachment::Column::Lookup.eq(lookup.clone()))
        .one(&txn)
        .await?;
    let (attachment_id, number, action) = match existing {
        Some(a) => {
            let last = attachment_version::Entity::find()
                .filter(attachment_version::Column::AttachmentId.eq(a.id))
                .order_by_desc(attachment_version::Column::Number)
                .one(&txn)
                .await?;
            // The same content under the same name again is the version already there.
            if let Some(last) = last
                .as_ref()
                .filter(|l| l.blob_hash == staged.hash && l.name == name)
            {
                let _ = last;
                txn.commit().await?;
                return one(&state.db, p.id, place, a.id).await;
            }
            attachment::ActiveModel {
                id: Set(a.id),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            (a.id, last.map_or(1, |l| l.number + 1), AuditAction::Update)
        }
        None => {
            room_in(&txn, p.id, place).await?;
            let a = attachment::ActiveModel {
                project_id: Set(p.id),
                place: Set(place.key()),
                lookup: Set(lookup),
                kind: Set(FILE.into()),
                name: Set(name.clone()),
                url: Set(None),
                provider: Set(None),
                code: Set(None),
                created_by: Set(caller.id),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (a.id, 1, AuditAction::Create)
        }
    };
    attachment_version::ActiveModel {
        attachment_id: Set(attachment_id),
        number: Set(number),
        blob_hash: Set(staged.hash.clone()),
        name: Set(name.clone()),
        uploaded_by: Set(caller.id),
        uploaded_at: Set(now),
        restored_from: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Entry::new(AuditEntity::Attachment, attachment_id, action)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({
            "name": name, "version": number, "size": staged.size, "mime": mime,
            "place": place.key(), "sha256": staged.hash,
        }))
        .write(&txn)
        .await?;
    state
        .commit_change(txn, p.id, caller, changed(place))
        .await?;
    one(&state.db, p.id, place, attachment_id).await
}

/// An image's width and height as its header claims them, read without decoding anything.
fn image_size(head: &[u8]) -> (Option<i32>, Option<i32>) {
    match imagesize::blob_size(head) {
        Ok(size) => (
            i32::try_from(size.width).ok(),
            i32::try_from(size.height).ok(),
        ),
        Err(_) => (None, None),
    }
}

/// Keeps a link to a file kept elsewhere (the same address in the same place again is the
/// link already there, its title and code brought up to date).
pub async fn add_link(
    state: &AppState,
    caller: &Caller,
    input: FileLinkInput,
) -> AppResult<AttachmentView> {
    let link = parse_share(&input.text).map_err(|key| AppError::invalid("text", key))?;
    let title: String = input.title.trim().chars().take(TITLE_MAX).collect();
    let title = if title.is_empty() {
        link.title.clone().unwrap_or_else(|| {
            let shown = link
                .url
                .split_once("://")
                .map_or(link.url.as_str(), |(_, rest)| rest);
            shown.chars().take(80).collect()
        })
    } else {
        title
    };
    let txn = state.begin_write().await?;
    let p = may_attach(&txn, caller, input.project_id, input.place).await?;
    let now = Utc::now();
    let lookup = format!("{LINK}:{}", link.url);
    let existing = attachment::Entity::find()
        .filter(attachment::Column::ProjectId.eq(p.id))
        .filter(attachment::Column::Place.eq(input.place.key()))
        .filter(attachment::Column::Lookup.eq(lookup.clone()))
        .one(&txn)
        .await?;
    let (id, action) = match existing {
        Some(a) => {
            attachment::ActiveModel {
                id: Set(a.id),
                name: Set(title.clone()),
                code: Set(link.code.clone().or(a.code)),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            (a.id, AuditAction::Update)
        }
        None => {
            room_in(&txn, p.id, input.place).await?;
            let a = attachment::ActiveModel {
                project_id: Set(p.id),
                place: Set(input.place.key()),
                lookup: Set(lookup),
                kind: Set(LINK.into()),
                name: Set(title.clone()),
                url: Set(Some(link.url.clone())),
                provider: Set(Some(link.provider.clone())),
                code: Set(link.code.clone()),
                created_by: Set(caller.id),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (a.id, AuditAction::Create)
        }
    };
    audit::Entry::new(AuditEntity::Attachment, id, action)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({
            "name": title, "url": link.url, "provider": link.provider, "place": input.place.key(),
        }))
        .write(&txn)
        .await?;
    state
        .commit_change(txn, p.id, caller, changed(input.place))
        .await?;
    one(&state.db, p.id, input.place, id).await
}

/// Deletes an attachment with all its versions (who added it, or a manager of the project).
pub async fn delete(state: &AppState, caller: &Caller, id: Id) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let a = attachment::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = require_changeable_project(&txn, caller, a.project_id, Action::ViewProject).await?;
    let role = super::kernel::authz::membership(&txn, caller, p.id).await?;
    if a.created_by != caller.id && !moderates(caller, role) {
        return Err(AppError::Forbidden);
    }
    let place = Place::parse(&a.place).unwrap_or(Place::Project);
    let versions = attachment_version::Entity::find()
        .filter(attachment_version::Column::AttachmentId.eq(a.id))
        .all(&txn)
        .await?;
    // Its content is forgotten a day from now unless something else refers to it.
    forget(&txn, &[a.id]).await?;
    audit::Entry::new(AuditEntity::Attachment, a.id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&serde_json::json!({
            "name": a.name, "kind": a.kind, "versions": versions.len(), "place": a.place,
        }))
        .write(&txn)
        .await?;
    state.commit_change(txn, p.id, caller, changed(place)).await
}

/// Deletes what is attached to a place that is going away (a comment deleted); its content
/// is forgotten a day later unless something else refers to it.
pub async fn forget_place<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    place: Place,
) -> AppResult<()> {
    let ids: Vec<Id> = attachment::Entity::find()
        .filter(attachment::Column::ProjectId.eq(project_id))
        .filter(attachment::Column::Place.eq(place.key()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    forget(db, &ids).await
}

/// Deletes attachments, touching their content so that it is kept another day.
async fn forget<C: ConnectionTrait>(db: &C, ids: &[Id]) -> AppResult<()> {
    for chunk in ids.chunks(500) {
        let hashes: Vec<String> = attachment_version::Entity::find()
            .filter(attachment_version::Column::AttachmentId.is_in(chunk.to_vec()))
            .all(db)
            .await?
            .into_iter()
            .map(|v| v.blob_hash)
            .collect();
        attachment::Entity::delete_many()
            .filter(attachment::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
        if !hashes.is_empty() {
            blob::Entity::update_many()
                .col_expr(blob::Column::TouchedAt, Expr::value(Utc::now()))
                .filter(blob::Column::Hash.is_in(hashes))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Attachments whose task or check-in is gone.
async fn orphans<C: ConnectionTrait>(db: &C) -> AppResult<Vec<Id>> {
    let rows = attachment::Entity::find()
        .filter(attachment::Column::Place.ne("project"))
        .all(db)
        .await?;
    let mut by_kind: HashMap<&'static str, Vec<(Id, Id)>> = HashMap::new();
    for a in &rows {
        match Place::parse(&a.place) {
            Some(Place::Task(id)) => by_kind.entry("task").or_default().push((a.id, id)),
            Some(Place::Comment(id)) => by_kind.entry("comment").or_default().push((a.id, id)),
            Some(Place::CheckIn(id)) => by_kind.entry("check_in").or_default().push((a.id, id)),
            Some(Place::Project) => {}
            None => by_kind.entry("none").or_default().push((a.id, 0)),
        }
    }
    let mut gone = Vec::new();
    for (kind, pairs) in by_kind {
        let wanted: Vec<Id> = pairs.iter().map(|(_, id)| *id).collect();
        let present = match kind {
            "task" => present::<task::Entity, _>(db, task::Column::Id, &wanted).await?,
            "comment" => present::<comment::Entity, _>(db, comment::Column::Id, &wanted).await?,
            "check_in" => present::<check_in::Entity, _>(db, check_in::Column::Id, &wanted).await?,
            _ => std::collections::HashSet::new(),
        };
        gone.extend(
            pairs
                .into_iter()
                .filter(|(_, id)| !present.contains(id))
                .map(|(a, _)| a),
        );
    }
    Ok(gone)
}

/// Which of these ids a table still has.
async fn present<E: EntityTrait, C: ConnectionTrait>(
    db: &C,
    id: E::Column,
    wanted: &[Id],
) -> AppResult<std::collections::HashSet<Id>> {
    let mut found = std::collections::HashSet::new();
    for chunk in wanted.chunks(500) {
        found.extend(
            E::find()
                .select_only()
                .column(id)
                .filter(id.is_in(chunk.to_vec()))
                .into_tuple::<Id>()
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

/// Brings back an earlier version's content as the file's newest version.
pub async fn restore(
    state: &AppState,
    caller: &Caller,
    version_id: Id,
) -> AppResult<AttachmentView> {
    let txn = state.begin_write().await?;
    let old = attachment_version::Entity::find_by_id(version_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let a = attachment::Entity::find_by_id(old.attachment_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let place = Place::parse(&a.place).ok_or(AppError::NotFound)?;
    let p = may_attach(&txn, caller, a.project_id, place).await?;
    let last = attachment_version::Entity::find()
        .filter(attachment_version::Column::AttachmentId.eq(a.id))
        .order_by_desc(attachment_version::Column::Number)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if last.id == old.id {
        txn.commit().await?;
        return one(&state.db, p.id, place, a.id).await;
    }
    let now = Utc::now();
    let number = last.number + 1;
    attachment_version::ActiveModel {
        attachment_id: Set(a.id),
        number: Set(number),
        blob_hash: Set(old.blob_hash.clone()),
        name: Set(old.name.clone()),
        uploaded_by: Set(caller.id),
        uploaded_at: Set(now),
        restored_from: Set(Some(old.number)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    attachment::ActiveModel {
        id: Set(a.id),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::Entry::new(AuditEntity::Attachment, a.id, AuditAction::Update)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({
            "name": old.name, "version": number, "restored_from": old.number,
        }))
        .write(&txn)
        .await?;
    state
        .commit_change(txn, p.id, caller, changed(place))
        .await?;
    one(&state.db, p.id, place, a.id).await
}

/// A version the caller may download: it, and its content's record.
pub async fn open(
    state: &AppState,
    caller: &Caller,
    version_id: Id,
) -> AppResult<(attachment_version::Model, blob::Model)> {
    let db = &state.db;
    let v = attachment_version::Entity::find_by_id(version_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let a = attachment::Entity::find_by_id(v.attachment_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = project::Entity::find_by_id(a.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Err(refused) = authorize_project(db, caller, &p, Action::ViewProject).await {
        // A file that goes with a published case is read with the case.
        if !goes_with_a_case(db, caller, p.id, a.id).await? {
            return Err(refused);
        }
    }
    let b = blob::Entity::find_by_id(v.blob_hash.clone())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((v, b))
}

/// Whether attachment `attachment_id` of project `project_id` goes with a published case, so
/// that whoever reads cases may open it.
async fn goes_with_a_case<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    project_id: Id,
    attachment_id: Id,
) -> AppResult<bool> {
    if !allows(caller.role, None, Action::ReadCases) {
        return Ok(false);
    }
    Ok(case::Entity::find()
        .filter(case::Column::ProjectId.eq(project_id))
        .one(db)
        .await?
        .is_some_and(|c| {
            serde_json::from_str::<Vec<Id>>(&c.files).is_ok_and(|f| f.contains(&attachment_id))
        }))
}

/// A version's thumbnail (JPEG), made the first time it is asked for and kept. An image too
/// large to decode safely is refused by what its header says, before any decoding.
pub async fn thumbnail(state: &AppState, caller: &Caller, version_id: Id) -> AppResult<Bytes> {
    let (_, b) = open(state, caller, version_id).await?;
    if !is_raster(&b.mime) {
        return Err(AppError::NotFound);
    }
    if !previewable(&b.mime, b.width, b.height, b.size) {
        return Err(AppError::invalid_with(
            "file",
            K::ErrNoPreview,
            (PREVIEW_MAX_PIXELS / 1_000_000) as i64,
        ));
    }
    let key = Storage::thumbnail_key(&b.hash);
    if let Ok(bytes) = state.files.read_all(&key).await {
        return Ok(bytes);
    }
    let _turn = state
        .thumbnails
        .acquire()
        .await
        .map_err(|_| AppError::Internal)?;
    // Another request may have made it while this one waited.
    if let Ok(bytes) = state.files.read_all(&key).await {
        return Ok(bytes);
    }
    let source = state.files.read_all(&Storage::blob_key(&b.hash)).await?;
    let made = tokio::task::spawn_blocking(move || make_thumbnail(&source))
        .await
        .map_err(|_| AppError::Internal)??;
    state.files.write(&key, made.clone()).await?;
    Ok(Bytes::from(made))
}

/// Decodes an image (within [`DECODE_MAX_ALLOC`] and the pixel limit) and shrinks it to fit
/// [`THUMBNAIL_SIDE`], as a JPEG on white.
pub fn make_thumbnail(source: &[u8]) -> AppResult<Vec<u8>> {
    let refused = || {
        AppError::invalid_with(
            "file",
            K::ErrNoPreview,
            (PREVIEW_MAX_PIXELS / 1_000_000) as i64,
        )
    };
    // What the header claims decides, before anything is decoded.
    match image_size(source) {
        (Some(w), Some(h)) if (w as u64) * (h as u64) <= PREVIEW_MAX_PIXELS => {}
        _ => return Err(refused()),
    }
    let mut reader = image::ImageReader::new(Cursor::new(source))
        .with_guessed_format()
        .map_err(|_| refused())?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(DECODE_MAX_ALLOC);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| {
        tracing::info!(error = %e, "image not decoded for a thumbnail");
        refused()
    })?;
    let small = decoded
        .thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
        .into_rgba8();
    let mut flat = image::RgbImage::new(small.width(), small.height());
    for (x, y, px) in small.enumerate_pixels() {
        let [r, g, b, a] = px.0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        flat.put_pixel(x, y, image::Rgb([over(r), over(g), over(b)]));
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82)
        .encode_image(&flat)
        .map_err(|e| {
            tracing::error!(error = %e, "thumbnail not encoded");
            AppError::Internal
        })?;
    Ok(out)
}

/// Forgets content no version refers to a day after its last use (with its thumbnail), and
/// uploads abandoned midway.
pub async fn sweep(state: &AppState) -> AppResult<usize> {
    let gone = orphans(&state.db).await?;
    if !gone.is_empty() {
        let txn = state.begin_write().await?;
        forget(&txn, &gone).await?;
        txn.commit().await?;
    }
    let before = Utc::now() - UNREFERENCED_KEPT;
    let unreferenced = blob::Entity::find()
        .filter(blob::Column::TouchedAt.lt(before))
        .filter(
            Expr::col((blob::Entity, blob::Column::Hash)).not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(attachment_version::Column::BlobHash)
                    .from(attachment_version::Entity)
                    .to_owned(),
            ),
        )
        .all(&state.db)
        .await?;
    let mut forgotten = 0;
    for b in unreferenced {
        // Gone from the records first, and only if still unused and not touched since.
        let deleted = blob::Entity::delete_many()
            .filter(blob::Column::Hash.eq(b.hash.clone()))
            .filter(blob::Column::TouchedAt.lt(before))
            .filter(
                Expr::col((blob::Entity, blob::Column::Hash)).not_in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(attachment_version::Column::BlobHash)
                        .from(attachment_version::Entity)
                        .to_owned(),
                ),
            )
            .exec(&state.db)
            .await?;
        if deleted.rows_affected == 1 {
            state.files.remove(&Storage::blob_key(&b.hash)).await?;
            state.files.remove(&Storage::thumbnail_key(&b.hash)).await?;
            forgotten += 1;
        }
    }
    for (key, written) in state.files.list("staging").await? {
        if written < before {
            state.files.remove(&key).await?;
        }
    }
    Ok(forgotten)
}

/// Sweeps every [`SWEEP_EVERY`].
pub async fn run(state: AppState) {
    loop {
        tokio::time::sleep(SWEEP_EVERY).await;
        match sweep(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(n, "unreferenced files forgotten"),
            Err(e) => tracing::warn!(error = %e, "file sweep failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_folders_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\li\\海报.png").unwrap(), "海报.png");
        assert_eq!(clean_name("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(clean_name(" a\u{0}b.txt ").unwrap(), "ab.txt");
        assert!(clean_name("").is_err());
        assert!(clean_name("dir/").is_err());
        assert!(clean_name("..").is_err());
        assert!(clean_name(&"x".repeat(256)).is_err());
    }

    #[test]
    fn only_images_of_a_safe_size_are_previewed() {
        assert!(previewable("image/jpeg", Some(5472), Some(3648), 8 << 20));
        assert!(!previewable(
            "image/png",
            Some(60_000),
            Some(60_000),
            1 << 10
        ));
        assert!(!previewable("image/svg+xml", Some(10), Some(10), 100));
        assert!(!previewable("image/png", None, None, 100));
    }

    #[test]
    fn an_image_claiming_too_many_pixels_is_not_decoded() {
        // A PNG whose header claims 60,000 × 60,000 pixels, with no data behind it.
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        png.extend_from_slice(&60_000u32.to_be_bytes());
        png.extend_from_slice(&60_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        let crc = {
            let mut c = 0xffff_ffffu32;
            for &byte in &png[12..] {
                c ^= u32::from(byte);
                for _ in 0..8 {
                    c = if c & 1 == 1 {
                        (c >> 1) ^ 0xedb8_8320
                    } else {
                        c >> 1
                    };
                }
            }
            !c
        };
        png.extend_from_slice(&crc.to_be_bytes());
        assert_eq!(image_size(&png), (Some(60_000), Some(60_000)));
        assert!(matches!(make_thumbnail(&png), Err(AppError::Invalid(_))));
    }

    #[test]
    fn a_thumbnail_fits_its_box_and_flattens_transparency() {
        let mut img = image::RgbaImage::new(1200, 600);
        for px in img.pixels_mut() {
            *px = image::Rgba([255, 0, 0, 0]);
        }
        let mut png = Vec::new();
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let thumb = make_thumbnail(&png).unwrap();
        let back = image::load_from_memory(&thumb).unwrap().into_rgb8();
        assert_eq!((back.width(), back.height()), (480, 240));
        let px = back.get_pixel(10, 10).0;
        assert!(px.iter().all(|c| *c > 240), "transparent is white: {px:?}");
    }
}
