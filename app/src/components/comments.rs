//! A thread of comments — on a project or on a task —, live: what others write, edit and delete
//! appears as they do. Written in Markdown; typing `@` offers the project's people, found by
//! name, username or pinyin initials, and inserts `@username`.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::attachments::{chosen, upload_files, FileList, Sending, UploadFile, UploadProgress};
use super::live_connection::use_live;
use super::offline::use_offline;
use super::session::use_session;
use super::ui::{confirm, ErrorBox, FieldError};
use crate::api::comments::{
    add_comment, delete_comment, edit_comment, list_comments, mention_candidates,
};
use crate::api::files::list_attachments;
use crate::domain::mentions::{complete, suggest, typing_at};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{CommentView, Id, MentionCandidate, Place, Thread};

/// People offered at once while typing a mention.
const SUGGESTIONS: usize = 6;

/// Puts a comment into the thread (in order), or replaces the copy there.
fn upsert(list: &mut Vec<CommentView>, comment: CommentView) {
    match list.iter_mut().find(|c| c.id == comment.id) {
        Some(slot) => *slot = comment,
        None => {
            let at = list.partition_point(|c| c.id < comment.id);
            list.insert(at, comment);
        }
    }
}

/// What changes when a comment's files do.
fn files_key(c: &CommentView) -> Vec<(Id, chrono::DateTime<chrono::Utc>)> {
    c.files.iter().map(|f| (f.id, f.updated_at)).collect()
}

/// The thread, with a box to write in when `can_comment`. `moderate`: may delete others'.
/// `on`: what the thread is on (the task's title, the project's name), naming a comment written
/// offline while it waits.
#[component]
pub fn Comments(
    thread: Thread,
    can_comment: bool,
    moderate: bool,
    #[prop(into)] on: String,
) -> impl IntoView {
    let comments = RwSignal::new(Vec::<CommentView>::new());
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let people = RwSignal::new(Vec::<MentionCandidate>::new());
    let me = use_session().user().map(|u| u.id);
    let offline = use_offline();
    // Comments written offline on this thread, waiting to be posted.
    let waiting = move || {
        offline
            .map(|o| {
                o.pending.with(|p| {
                    p.iter()
                        .filter_map(|e| {
                            e.comment_on(thread)
                                .map(|body| (e.id.clone(), body.to_string()))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };

    Effect::new(move |_| {
        // Loaded again once a comment written offline is posted.
        if let Some(offline) = offline {
            offline.delivered.track();
        }
        leptos::task::spawn_local(async move {
            match list_comments(thread).await {
                Ok(list) => {
                    comments.update(|all| {
                        for c in list {
                            upsert(all, c);
                        }
                    });
                    loaded.set(true);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            if can_comment {
                if let Ok(found) = mention_candidates(thread.project_id).await {
                    people.set(found);
                }
            }
        });
    });
    if let Some(live) = use_live() {
        live.on_event(move |event| {
            let change = &event.change;
            for place in change.files.iter().copied() {
                if let Place::Comment(id) = place {
                    if comments.with_untracked(|all| all.iter().any(|c| c.id == id)) {
                        leptos::task::spawn_local(async move {
                            if let Ok(found) = list_attachments(thread.project_id, place).await {
                                comments.update(|all| {
                                    if let Some(c) = all.iter_mut().find(|c| c.id == id) {
                                        c.files = found.items;
                                    }
                                });
                            }
                        });
                    }
                }
            }
            if change.comments.is_empty() && change.removed_comments.is_empty() {
                return;
            }
            comments.update(|all| {
                for c in change.comments.iter().filter(|c| c.thread == thread) {
                    upsert(all, c.clone());
                }
                all.retain(|c| !change.removed_comments.contains(&c.id));
            });
        });
    }

    view! {
        <section class="comments" aria-label=tr(K::Comments)>
            <h3>{tr(K::Comments)} " " <span class="muted small">{move || comments.with(|c| c.len())}</span></h3>
            <ErrorBox error/>
            <ol class="comment-list">
                <For each=move || comments.get() key=|c| (c.id, c.edited_at, files_key(c)) let:comment>
                    <CommentItem comment comments me moderate can_comment people error/>
                </For>
                <For each=waiting key=|(id, _)| id.clone() children=|(_, body)| view! {
                    <li class="comment waiting-comment">
                        <div class="comment-head">
                            <span class="muted small">{tr(K::CommentWaitingToSend)}</span>
                        </div>
                        <div class="comment-body">{body}</div>
                    </li>
                }/>
            </ol>
            {move || (loaded.get() && comments.with(Vec::is_empty)).then(|| view! { <p class="muted small no-comments">{tr(K::NoComments)}</p> })}
            {can_comment.then(|| view! { <CommentForm writing=Writing::New(thread) body=String::new() comments people on/> })}
        </section>
    }
}

#[component]
fn CommentItem(
    comment: CommentView,
    comments: RwSignal<Vec<CommentView>>,
    me: Option<Id>,
    moderate: bool,
    can_comment: bool,
    people: RwSignal<Vec<MentionCandidate>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = comment.id;
    let mine = me == Some(comment.author.id);
    let editing = RwSignal::new(false);
    let remove = move |_| {
        if !confirm(i18n.t(K::ConfirmDeleteComment)) {
            return;
        }
        leptos::task::spawn_local(async move {
            match delete_comment(id).await {
                Ok(()) => comments.update(|all| all.retain(|c| c.id != id)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let when = comment
        .created_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let body = comment.body.clone();
    let html = comment.html.clone();
    let files = RwSignal::new(comment.files.clone());
    let file_errors = RwSignal::new(Vec::<String>::new());
    view! {
        <li class="comment" data-id=id>
            <div class="comment-head">
                <strong class="comment-author">{comment.author.display_name.clone()}</strong>
                <time class="muted small" datetime=comment.created_at.to_rfc3339()>{when}</time>
                {comment.edited_at.map(|_| view! { <span class="muted small edited">"(" {tr(K::Edited)} ")"</span> })}
                <span class="spacer"></span>
                {(mine && can_comment).then(|| view! {
                    <button type="button" class="btn btn-text small" on:click=move |_| editing.set(true)>{tr(K::EditComment)}</button>
                })}
                {((mine && can_comment) || moderate).then(|| view! {
                    <button type="button" class="btn btn-text small danger" on:click=remove>{tr(K::DeleteComment)}</button>
                })}
            </div>
            {move || if editing.get() {
                view! { <CommentForm writing=Writing::Edit(id, editing) body=body.clone() comments people on=String::new()/> }.into_any()
            } else {
                view! { <div class="comment-body markdown" inner_html=html.clone()></div> }.into_any()
            }}
            {move || (!files.with(Vec::is_empty)).then(|| view! {
                <div class="comment-files"><FileList items=files can_moderate=moderate errors=file_errors/></div>
            })}
            {move || (!file_errors.with(Vec::is_empty)).then(|| view! {
                <div class="alert alert-error small">{file_errors.get().join(" ")}</div>
            })}
        </li>
    }
}

/// What a comment form does: write a new comment in a thread, or change one.
#[derive(Clone, Copy)]
enum Writing {
    New(Thread),
    /// The comment, and the flag that shows its form.
    Edit(Id, RwSignal<bool>),
}

/// The form for a new comment, or for changing one in place.
#[component]
fn CommentForm(
    writing: Writing,
    body: String,
    comments: RwSignal<Vec<CommentView>>,
    people: RwSignal<Vec<MentionCandidate>>,
    /// What the thread is on, naming a comment kept offline.
    on: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let offline = use_offline();
    let me = use_session().user().map(|u| u.id);
    let text = RwSignal::new(body);
    let error = RwSignal::new(None::<AppError>);
    let warning = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    // Files chosen to go with a new comment, sent once it is saved.
    let attached = chosen();
    let attached_names = RwSignal::new(Vec::<String>::new());
    let sending: Sending = RwSignal::new(Vec::new());
    let failures = RwSignal::new(Vec::<String>::new());
    let on_files = move |ev: leptos::ev::Event| {
        let chosen = UploadFile::from_event(&ev);
        attached_names.update(|n| n.extend(chosen.iter().map(|f| f.name.clone())));
        attached.update_value(|a| a.extend(chosen));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get();
        if let Err(problems) = crate::domain::validate::comment(&body) {
            error.set(Some(AppError::Invalid(problems)));
            return;
        }
        pending.set(true);
        error.set(None);
        let on = on.clone();
        leptos::task::spawn_local(async move {
            let result = match (writing, offline) {
                // Offline (or the request lost on the way), a new comment waits on this device.
                (Writing::New(thread), Some(offline)) => {
                    offline.save_comment(thread, body, on).await
                }
                (Writing::New(thread), None) => add_comment(thread, body, None).await.map(Some),
                (Writing::Edit(id, _), _) => edit_comment(id, body).await.map(Some),
            };
            pending.set(false);
            match result {
                Ok(None) => {
                    text.set(String::new());
                    // Files wait for the connection: they stay chosen, to go with a comment then.
                    if !attached_names.with_untracked(Vec::is_empty) {
                        failures.set(vec![i18n.t(K::FilesNeedConnection).to_string()]);
                    }
                }
                Ok(Some(saved)) => {
                    let id = saved.comment.id;
                    comments.update(|all| upsert(all, saved.comment));
                    if let Writing::New(thread) = writing {
                        let files = attached
                            .try_update_value(std::mem::take)
                            .unwrap_or_default();
                        attached_names.set(Vec::new());
                        let sent = Callback::new(move |view: crate::model::AttachmentView| {
                            comments.update(|all| {
                                if let Some(c) = all.iter_mut().find(|c| c.id == id) {
                                    c.files.retain(|f| f.id != view.id);
                                    c.files.insert(0, view);
                                }
                            });
                        });
                        let failed = Callback::new(move |(name, e): (String, AppError)| {
                            let text = i18n
                                .t(K::UploadFailed)
                                .replace("{name}", &name)
                                .replace("{error}", &e.message(i18n.locale.get_untracked()));
                            failures.update(|all| all.push(text));
                        });
                        failures.set(Vec::new());
                        upload_files(
                            thread.project_id,
                            Place::Comment(id),
                            files,
                            false,
                            sending,
                            sent,
                            failed,
                        );
                    }
                    let unheard =
                        (!saved.not_notified.is_empty()).then(|| saved.not_notified.join("、"));
                    match writing {
                        Writing::New(_) => text.set(String::new()),
                        // The editor closes unless there is something to read in it.
                        Writing::Edit(_, open) if unheard.is_none() => open.set(false),
                        Writing::Edit(..) => {}
                    }
                    warning.set(unheard);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let (class, label) = match writing {
        Writing::New(_) => ("comment-composer", K::WriteComment),
        Writing::Edit(..) => ("comment-editor", K::EditComment),
    };
    view! {
        <form class=class on:submit=submit novalidate>
            <MentionBox text me people error label/>
            <NotNotified names=warning/>
            {move || (!attached_names.with(Vec::is_empty)).then(|| view! {
                <ul class="chosen-files small">
                    {attached_names.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            })}
            <UploadProgress sending/>
            {move || (!failures.with(Vec::is_empty)).then(|| view! {
                <div class="alert alert-error small" role="alert">{failures.get().join(" ")}</div>
            })}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=pending>
                    {move || match (writing, pending.get()) {
                        (_, true) => i18n.t(K::Posting),
                        (Writing::New(_), false) => i18n.t(K::PostComment),
                        (Writing::Edit(..), false) => i18n.t(K::Save),
                    }}
                </button>
                {match writing {
                    Writing::Edit(_, open) => view! {
                        <button type="button" class="btn" on:click=move |_| open.set(false)>{tr(K::Cancel)}</button>
                    }.into_any(),
                    Writing::New(_) => view! {
                        <label class="btn file-button">
                            {tr(K::AttachFiles)}
                            <input type="file" multiple class="visually-hidden" data-test="comment-files" on:change=on_files/>
                        </label>
                    }.into_any(),
                }}
            </div>
        </form>
    }
}

#[component]
fn NotNotified(names: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        names.get().map(|n| {
            view! { <p class="warning small not-notified" role="status">{i18n.t(K::NotNotified).replace("{names}", &n)}</p> }
        })
    }
}

/// A textarea that offers people when `@` is typed.
#[component]
fn MentionBox(
    text: RwSignal<String>,
    me: Option<Id>,
    people: RwSignal<Vec<MentionCandidate>>,
    error: RwSignal<Option<AppError>>,
    label: K,
) -> impl IntoView {
    let i18n = use_i18n();
    let area = NodeRef::<leptos::html::Textarea>::new();
    // The mention being typed: where its `@` is, where the caret is, and what was typed.
    let typing = RwSignal::new(None::<(usize, usize, String)>);
    let chosen = RwSignal::new(0usize);
    let matches = move || {
        typing
            .with(|t| {
                t.as_ref().map(|(_, _, query)| {
                    people.with(|all| {
                        suggest(all, query, SUGGESTIONS + 1)
                            .into_iter()
                            // Mentioning oneself tells nobody.
                            .filter(|c| Some(c.id) != me)
                            .take(SUGGESTIONS)
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                })
            })
            // A name typed out in full needs no choosing.
            .filter(|found| {
                !(found.len() == 1
                    && typing.with(|t| t.as_ref().is_some_and(|(_, _, q)| *q == found[0].username)))
            })
    };
    let look = move || {
        let Some(el) = area.get_untracked() else {
            return;
        };
        let value = el.value();
        let caret_utf16 = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        // The browser counts the caret in UTF-16 units; the text is UTF-8.
        let caret = value
            .char_indices()
            .scan(0usize, |units, (at, c)| {
                let here = *units;
                *units += c.len_utf16();
                Some((at, here))
            })
            .find(|(_, units)| *units >= caret_utf16)
            .map_or(value.len(), |(at, _)| at);
        let found = typing_at(&value, caret).map(|(at, q)| (at, caret, q));
        if found.as_ref().map(|f| &f.2) != typing.get_untracked().as_ref().map(|f| &f.2) {
            chosen.set(0);
        }
        typing.set(found);
    };
    let pick = move |person: MentionCandidate| {
        let Some((at, caret, _)) = typing.get_untracked() else {
            return;
        };
        let (done, caret_after) = complete(&text.get_untracked(), at, caret, &person.username);
        text.set(done.clone());
        typing.set(None);
        if let Some(el) = area.get_untracked() {
            el.set_value(&done);
            let units = done[..caret_after].encode_utf16().count() as u32;
            let _ = el.set_selection_range(units, units);
            let _ = el.focus();
        }
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(found) = matches() else { return };
        if found.is_empty() {
            return;
        }
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                chosen.update(|c| *c = (*c + 1) % found.len());
            }
            "ArrowUp" => {
                ev.prevent_default();
                chosen.update(|c| *c = (*c + found.len() - 1) % found.len());
            }
            "Enter" | "Tab" => {
                ev.prevent_default();
                if let Some(person) = found.get(chosen.get_untracked()).cloned() {
                    pick(person);
                }
            }
            "Escape" => {
                // Closes the list of people, not the dialog the comments are in.
                ev.stop_propagation();
                typing.set(None);
            }
            _ => {}
        }
    };
    view! {
        <div class="mention-box field">
            <textarea node_ref=area rows="3" class="comment-input" aria-label=move || i18n.t(label) placeholder=move || i18n.t(K::WriteComment)
                prop:value=text
                on:input=move |ev| { text.set(event_target_value(&ev)); look(); }
                on:click=move |_| look()
                on:keyup=move |ev: leptos::ev::KeyboardEvent| if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") { look() }
                on:keydown=keydown
                on:blur=move |ev: leptos::ev::FocusEvent| {
                    // A click on a suggestion moves the focus to it: keep the list for it.
                    let into_list = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|el| el.closest(".mention-list").ok().flatten().is_some());
                    if !into_list { typing.set(None) }
                }></textarea>
            {move || matches().map(|found| if found.is_empty() {
                view! { <div class="mention-list empty muted small">{tr(K::NoOneToMention)}</div> }.into_any()
            } else {
                view! {
                    <ul class="mention-list" role="listbox" aria-label=tr(K::Comments)>
                        {found.into_iter().enumerate().map(|(i, person)| {
                            let shown = person.clone();
                            view! {
                                <li role="option" tabindex="-1" aria-selected=move || (chosen.get() == i).to_string() class:chosen=move || chosen.get() == i
                                    on:mousedown=move |ev| { ev.prevent_default(); pick(person.clone()) }>
                                    <span class="mention-name">{shown.display_name}</span>
                                    <span class="muted small">" @" {shown.username}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <FieldError error field="body"/>
        </div>
    }
}
