//! Comments on a project or one of its tasks, and the project's activity.
//!
//! A comment is Markdown, rendered to HTML when it is written and sanitised (ammonia: scripts,
//! event handlers, styles and frames never survive); its `@username` mentions become marked
//! names. Each person mentioned who may see the project is told once per comment — an edit
//! tells only those it newly mentions — and the owner of the task it is on is told of it; a
//! person mentioned who may not see the project is told nothing, and the writer is told so.
//! Everyone watching the project sees comments come, change and go live.
//!
//! The activity is the project's part of the audit log (entries carry the project), newest
//! first, put in words by the browser.
use std::collections::{HashMap, HashSet};

use chrono::Utc;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::kernel::authz::{authorize_project, require_changeable_project, require_project};
use super::kernel::entity::{audit_entry, comment, project, project_member, task, user};
use super::kernel::notices::{self, Notice};
use super::kernel::records::{names, user_ref};
use super::kernel::{audit, AppState, Caller};
use crate::domain::mentions::{mentioned, spans};
use crate::domain::policy::{allows, Action};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    ActivityFilter, ActivityItem, ActivityPage, AuditAction, AuditEntity, CommentSaved,
    CommentView, Id, MentionCandidate, NotifyReason, NotifyTopic, OrgRole, Place, ProjectRole,
    Thread, UserRef,
};

/// Comments listed at most for one thread (the latest).
const THREAD_MAX: u64 = 2_000;
/// Activity entries per page.
const ACTIVITY_PAGE: u64 = 50;
/// Characters of a comment quoted in a notification or the activity.
const EXCERPT: usize = 80;

/// The first words of a comment, on one line, without its Markdown.
pub fn excerpt(body: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
        if text.len() > EXCERPT * 8 {
            break;
        }
    }
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > EXCERPT {
        let cut: String = line.chars().take(EXCERPT - 1).collect();
        format!("{cut}…")
    } else {
        line
    }
}

/// Markdown to safe HTML, with `@username` of the people in `people` shown as their names.
pub fn render(body: &str, people: &HashMap<String, UserRef>) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut in_code = false;
    let mut events = Vec::new();
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                events.push(Event::Start(Tag::CodeBlock(match kind {
                    CodeBlockKind::Fenced(_) => CodeBlockKind::Fenced("".into()),
                    indented => indented,
                })));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) if !in_code && text.contains('@') => {
                mark_mentions(&text, people, &mut events);
            }
            // Raw HTML is shown as the text it is.
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    ammonia::Builder::default()
        .add_allowed_classes("span", &["mention"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .clean(&html)
        .to_string()
}

/// Splits a text at the mentions of known people (`domain::mentions::spans`), each shown as a
/// marked name.
fn mark_mentions<'a>(text: &str, people: &HashMap<String, UserRef>, out: &mut Vec<Event<'a>>) {
    let mut from = 0;
    for (start, end, name) in spans(text) {
        let Some(person) = people.get(&name.to_ascii_lowercase()) else {
            continue;
        };
        out.push(Event::Text(text[from..start].to_string().into()));
        let escaped = ammonia::clean_text(&person.display_name);
        out.push(Event::InlineHtml(
            format!("<span class=\"mention\">@{escaped}</span>").into(),
        ));
        from = end;
    }
    out.push(Event::Text(text[from..].to_string().into()));
}

/// Whether this person may see the project.
async fn sees<C: ConnectionTrait>(
    db: &C,
    person: &user::Model,
    project: &project::Model,
) -> AppResult<bool> {
    let caller = Caller {
        id: person.id,
        role: OrgRole::parse(&person.role).unwrap_or(OrgRole::Viewer),
        display_name: person.display_name.clone(),
    };
    Ok(person.active
        && authorize_project(db, &caller, project, Action::ViewProject)
            .await
            .is_ok())
}

/// The people a text mentions, by username: those who may see the project, and the names of
/// those who may not.
async fn resolve<C: ConnectionTrait>(
    db: &C,
    project: &project::Model,
    body: &str,
) -> AppResult<(Vec<user::Model>, Vec<String>)> {
    let usernames = mentioned(body);
    if usernames.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let found = user::Entity::find()
        .filter(user::Column::Username.is_in(usernames))
        .all(db)
        .await?;
    let (mut seeing, mut not) = (Vec::new(), Vec::new());
    for person in found {
        if sees(db, &person, project).await? {
            seeing.push(person);
        } else {
            not.push(person.display_name.clone());
        }
    }
    Ok((seeing, not))
}

/// The project a thread is in, checked for `action`, and the task it is on (which must be the
/// project's).
async fn thread_of<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    thread: Thread,
    action: Action,
) -> AppResult<(project::Model, Option<ProjectRole>, Option<task::Model>)> {
    let (p, role) = if action == Action::ViewProject {
        require_project(db, caller, thread.project_id, action).await?
    } else {
        let p = require_changeable_project(db, caller, thread.project_id, action).await?;
        let role = super::kernel::authz::membership(db, caller, p.id).await?;
        (p, role)
    };
    let task = match thread.task_id {
        None => None,
        Some(id) => Some(
            task::Entity::find_by_id(id)
                .filter(task::Column::ProjectId.eq(p.id))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    };
    Ok((p, role, task))
}

/// Comments are the project's to allow its observers.
fn may_comment(caller: &Caller, role: Option<ProjectRole>, p: &project::Model) -> AppResult<()> {
    let as_observer =
        role == Some(ProjectRole::Observer) && !allows(caller.role, None, Action::Comment);
    if as_observer && !p.observers_comment {
        return Err(AppError::invalid("body", K::ErrObserversMayNotComment));
    }
    Ok(())
}

async fn views<C: ConnectionTrait>(db: &C, rows: &[comment::Model]) -> AppResult<Vec<CommentView>> {
    let mentioned: Vec<Vec<Id>> = rows
        .iter()
        .map(|c| serde_json::from_str(&c.mentions).unwrap_or_default())
        .collect();
    let people = names(
        db,
        rows.iter()
            .map(|c| c.author_id)
            .chain(mentioned.iter().flatten().copied()),
    )
    .await?;
    let mut files = HashMap::new();
    let mut projects: Vec<Id> = rows.iter().map(|c| c.project_id).collect();
    projects.sort_unstable();
    projects.dedup();
    for project_id in projects {
        let places: Vec<Place> = rows
            .iter()
            .filter(|c| c.project_id == project_id)
            .map(|c| Place::Comment(c.id))
            .collect();
        files.extend(super::files::of_places(db, project_id, &places).await?);
    }
    Ok(rows
        .iter()
        .zip(mentioned)
        .map(|(c, ids)| CommentView {
            files: files.remove(&Place::Comment(c.id)).unwrap_or_default(),
            id: c.id,
            thread: Thread {
                project_id: c.project_id,
                task_id: c.task_id,
            },
            author: user_ref(&people, c.author_id),
            body: c.body.clone(),
            html: c.html.clone(),
            mentions: ids.into_iter().map(|id| user_ref(&people, id)).collect(),
            created_at: c.created_at,
            edited_at: c.edited_at,
        })
        .collect())
}

/// A thread's comments, oldest first.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    thread: Thread,
) -> AppResult<Vec<CommentView>> {
    let (p, _, task) = thread_of(&state.db, caller, thread, Action::ViewProject).await?;
    let mut query = comment::Entity::find().filter(comment::Column::ProjectId.eq(p.id));
    query = match task {
        Some(t) => query.filter(comment::Column::TaskId.eq(t.id)),
        None => query.filter(comment::Column::TaskId.is_null()),
    };
    let mut rows = query
        .order_by_desc(comment::Column::Id)
        .limit(THREAD_MAX)
        .all(&state.db)
        .await?;
    rows.reverse();
    views(&state.db, &rows).await
}

/// Who can be mentioned in a project: its members and owner, active.
pub async fn candidates(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
) -> AppResult<Vec<MentionCandidate>> {
    let (p, _) = require_project(&state.db, caller, project_id, Action::ViewProject).await?;
    let members: Vec<Id> = project_member::Entity::find()
        .filter(project_member::Column::ProjectId.eq(p.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .chain([p.owner_id])
        .collect();
    let mut people: Vec<MentionCandidate> = user::Entity::find()
        .filter(user::Column::Id.is_in(members))
        .filter(user::Column::Active.eq(true))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| MentionCandidate {
            id: u.id,
            initials: initials(&u.display_name),
            display_name: u.display_name,
            username: u.username,
        })
        .collect();
    people.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(people)
}

/// The first letters of a name: of each Chinese character's pinyin, of each Latin word.
pub fn initials(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut out = String::new();
    let mut in_word = false;
    for c in name.chars() {
        if let Some(p) = c.to_pinyin() {
            out.push_str(p.first_letter());
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                out.extend(c.to_lowercase());
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    out
}

/// Tells people of a comment: `mentioned` (each once), and the owner of the task it is on (a
/// run of comments on one task as one notification).
async fn tell<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    p: &project::Model,
    task: Option<&task::Model>,
    comment_id: Id,
    mentioned: &[user::Model],
    owner_too: bool,
) -> AppResult<()> {
    let notice = |to: Id, reason: NotifyReason| {
        Notice::new(to, reason, p.id)
            .task(task.map(|t| t.id))
            .comment(comment_id)
            .by(caller.id)
    };
    let mut told: HashSet<Id> = HashSet::from([caller.id]);
    for person in mentioned {
        // Someone who turned mentions off is not told, nor told again as the task's owner.
        if told.insert(person.id) {
            notices::tell(
                db,
                notice(person.id, NotifyReason::Mentioned),
                NotifyTopic::Mentioned,
            )
            .await?;
        }
    }
    let owner = task.and_then(|t| t.owner_id).filter(|_| owner_too);
    if let Some(owner) = owner.filter(|o| !told.contains(o)) {
        notices::tell_once(
            db,
            notice(owner, NotifyReason::Commented),
            NotifyTopic::Commented,
        )
        .await?;
    }
    Ok(())
}

fn people_by_username(people: &[user::Model]) -> HashMap<String, UserRef> {
    people
        .iter()
        .map(|u| {
            (
                u.username.to_ascii_lowercase(),
                UserRef {
                    id: u.id,
                    display_name: u.display_name.clone(),
                },
            )
        })
        .collect()
}

fn audit_record(c: &comment::Model) -> serde_json::Value {
    serde_json::json!({ "task_id": c.task_id, "excerpt": excerpt(&c.body), "body": c.body })
}

/// Adds a comment to a thread.
pub async fn add(
    state: &AppState,
    caller: &Caller,
    thread: Thread,
    body: String,
    edit_id: Option<String>,
) -> AppResult<CommentSaved> {
    crate::domain::validate::comment(&body).map_err(AppError::Invalid)?;
    if let Some(id) = &edit_id {
        crate::domain::validate::edit_id(id).map_err(AppError::Invalid)?;
    }
    let edit_id = edit_id.map(|id| id.to_ascii_lowercase());
    let txn = state.begin_write().await?;
    let (p, role, task) = thread_of(&txn, caller, thread, Action::Comment).await?;
    may_comment(caller, role, &p)?;
    if let Some(id) = &edit_id {
        // Written offline and posted already (its answer lost on the way, or sent by another
        // tab): the comment as it is, posted once. Someone else's id is not theirs to replay.
        if let Some(posted) = comment::Entity::find()
            .filter(comment::Column::EditId.eq(id.as_str()))
            .one(&txn)
            .await?
        {
            let same = posted.author_id == caller.id
                && posted.project_id == p.id
                && posted.task_id == task.as_ref().map(|t| t.id);
            if !same {
                return Err(AppError::invalid("edit_id", K::ErrEditId));
            }
            let comment = views(&txn, std::slice::from_ref(&posted)).await?.remove(0);
            return Ok(CommentSaved {
                comment,
                not_notified: Vec::new(),
            });
        }
    }
    let (seeing, not_notified) = resolve(&txn, &p, &body).await?;
    let ids: Vec<Id> = seeing.iter().map(|u| u.id).collect();
    let created = comment::ActiveModel {
        project_id: Set(p.id),
        task_id: Set(task.as_ref().map(|t| t.id)),
        author_id: Set(caller.id),
        html: Set(render(&body, &people_by_username(&seeing))),
        body: Set(body),
        mentions: Set(serde_json::to_string(&ids).map_err(|_| AppError::Internal)?),
        created_at: Set(Utc::now()),
        edited_at: Set(None),
        edit_id: Set(edit_id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Entry::new(AuditEntity::Comment, created.id, AuditAction::Create)
        .in_project(p.id)
        .by(caller.id)
        .after(&audit_record(&created))
        .write(&txn)
        .await?;
    tell(&txn, caller, &p, task.as_ref(), created.id, &seeing, true).await?;
    let view = views(&txn, std::slice::from_ref(&created)).await?.remove(0);
    let change = ProjectChange {
        comments: vec![view.clone()],
        ..Default::default()
    };
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(CommentSaved {
        comment: view,
        not_notified,
    })
}

async fn own_comment<C: ConnectionTrait>(db: &C, comment_id: Id) -> AppResult<comment::Model> {
    comment::Entity::find_by_id(comment_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Changes a comment's text; only its author may. Newly mentioned people are told.
pub async fn edit(
    state: &AppState,
    caller: &Caller,
    comment_id: Id,
    body: String,
) -> AppResult<CommentSaved> {
    crate::domain::validate::comment(&body).map_err(AppError::Invalid)?;
    let txn = state.begin_write().await?;
    let current = own_comment(&txn, comment_id).await?;
    let thread = Thread {
        project_id: current.project_id,
        task_id: current.task_id,
    };
    let (p, role, task) = thread_of(&txn, caller, thread, Action::Comment).await?;
    may_comment(caller, role, &p)?;
    // Only its author changes what a comment says.
    if current.author_id != caller.id {
        return Err(AppError::Forbidden);
    }
    let before: HashSet<Id> = serde_json::from_str::<Vec<Id>>(&current.mentions)
        .unwrap_or_default()
        .into_iter()
        .collect();
    let (seeing, not_notified) = resolve(&txn, &p, &body).await?;
    let ids: Vec<Id> = seeing.iter().map(|u| u.id).collect();
    let mut changed: comment::ActiveModel = current.clone().into();
    changed.html = Set(render(&body, &people_by_username(&seeing)));
    changed.body = Set(body);
    changed.mentions = Set(serde_json::to_string(&ids).map_err(|_| AppError::Internal)?);
    changed.edited_at = Set(Some(Utc::now()));
    let saved = changed.update(&txn).await?;
    audit::Entry::new(AuditEntity::Comment, saved.id, AuditAction::Update)
        .in_project(p.id)
        .by(caller.id)
        .before(&audit_record(&current))
        .after(&audit_record(&saved))
        .write(&txn)
        .await?;
    let new: Vec<user::Model> = seeing
        .into_iter()
        .filter(|u| !before.contains(&u.id))
        .collect();
    tell(&txn, caller, &p, task.as_ref(), saved.id, &new, false).await?;
    let view = views(&txn, std::slice::from_ref(&saved)).await?.remove(0);
    let change = ProjectChange {
        comments: vec![view.clone()],
        ..Default::default()
    };
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(CommentSaved {
        comment: view,
        not_notified,
    })
}

/// Deletes a comment: its author may, and whoever may edit the project (to moderate).
pub async fn delete(state: &AppState, caller: &Caller, comment_id: Id) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let current = own_comment(&txn, comment_id).await?;
    let p =
        require_changeable_project(&txn, caller, current.project_id, Action::ViewProject).await?;
    let role = super::kernel::authz::membership(&txn, caller, p.id).await?;
    let moderates = allows(caller.role, role, Action::EditProject);
    let writes = allows(caller.role, role, Action::Comment);
    if !(moderates || (writes && current.author_id == caller.id)) {
        return Err(AppError::Forbidden);
    }
    audit::Entry::new(AuditEntity::Comment, current.id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&audit_record(&current))
        .write(&txn)
        .await?;
    comment::Entity::delete_by_id(current.id).exec(&txn).await?;
    super::files::forget_place(&txn, p.id, Place::Comment(current.id)).await?;
    let change = ProjectChange {
        removed_comments: vec![current.id],
        ..Default::default()
    };
    state.commit_change(txn, p.id, caller, change).await
}

/// The words an entry is about, from its record: a title, a name, a comment's first words.
fn subject_of(record: &serde_json::Value) -> Option<String> {
    ["title", "name", "excerpt"]
        .iter()
        .find_map(|k| record.get(*k).and_then(|v| v.as_str()))
        .map(str::to_string)
}

/// A project's activity, newest first.
pub async fn activity(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    filter: ActivityFilter,
) -> AppResult<ActivityPage> {
    let (p, _) = require_project(&state.db, caller, project_id, Action::ViewProject).await?;
    let mut query = audit_entry::Entity::find().filter(audit_entry::Column::ProjectId.eq(p.id));
    if let Some(kind) = filter.kind {
        query = query
            .filter(audit_entry::Column::Entity.is_in(kind.entities().iter().map(|e| e.as_str())));
    }
    if let Some(actor) = filter.actor_id {
        query = query.filter(audit_entry::Column::ActorId.eq(actor));
    }
    if let Some(before) = filter.before {
        query = query.filter(audit_entry::Column::Id.lt(before));
    }
    let mut rows = query
        .order_by_desc(audit_entry::Column::Id)
        .limit(ACTIVITY_PAGE + 1)
        .all(&state.db)
        .await?;
    let more = rows.len() as u64 > ACTIVITY_PAGE;
    rows.truncate(ACTIVITY_PAGE as usize);

    let parse = |text: &Option<String>| -> serde_json::Value {
        text.as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    // Titles of the tasks whose entries do not carry them (moves, reschedules).
    let task_ids: Vec<Id> = rows
        .iter()
        .filter(|r| r.entity == AuditEntity::Task.as_str())
        .map(|r| r.entity_id)
        .collect();
    let titles: HashMap<Id, String> = task::Entity::find()
        .filter(task::Column::Id.is_in(task_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect();
    let member_ids: Vec<Id> = rows
        .iter()
        .filter(|r| r.entity == AuditEntity::ProjectMember.as_str())
        .filter_map(|r| {
            let after = parse(&r.after);
            let record = if after.is_null() {
                parse(&r.before)
            } else {
                after
            };
            record.get("user_id").and_then(|v| v.as_i64())
        })
        .collect();
    let people = names(
        &state.db,
        rows.iter().filter_map(|r| r.actor_id).chain(member_ids),
    )
    .await?;
    let items = rows
        .into_iter()
        .filter_map(|r| {
            let entity = AuditEntity::parse(&r.entity)?;
            let action = AuditAction::parse(&r.action)?;
            let (before, after) = (parse(&r.before), parse(&r.after));
            let record = if after.is_null() { &before } else { &after };
            let subject = match entity {
                AuditEntity::ProjectMember => record
                    .get("user_id")
                    .and_then(|v| v.as_i64())
                    .and_then(|id| people.get(&id).cloned()),
                AuditEntity::Project => Some(p.name.clone()),
                _ => subject_of(record).or_else(|| subject_of(&before)),
            }
            .or_else(|| titles.get(&r.entity_id).cloned())
            .unwrap_or_default();
            let to = match (entity, action) {
                (AuditEntity::Task, AuditAction::Move)
                | (AuditEntity::Project, AuditAction::Status) => after
                    .get("status")
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                _ => None,
            };
            let task_id = match entity {
                AuditEntity::Task => Some(r.entity_id),
                AuditEntity::Comment => record.get("task_id").and_then(|v| v.as_i64()),
                _ => None,
            };
            Some(ActivityItem {
                id: r.id,
                at: r.at,
                actor: r.actor_id.map(|id| user_ref(&people, id)),
                entity,
                action,
                subject,
                to,
                task_id,
            })
        })
        .collect();
    Ok(ActivityPage { items, more })
}
