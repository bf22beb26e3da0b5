//! A place's files and links — on a project, a task, a comment —: thumbnails of images, a
//! viewer for images and PDFs, each file's versions (download or restore any), uploads with
//! their progress, and links pasted from 网盘 shares with their provider and code. Live: what
//! others add, restore or delete appears as they do.
use leptos::prelude::*;

use super::live_connection::use_live;
use super::session::use_session;
use super::ui::{confirm, error_text};
use super::upload::{human_size, send, Payload};
use crate::api::files::{add_link, delete_attachment, list_attachments, restore_version};
use crate::components::dialog::{hold_focus, keep_tab_within};
use crate::domain::links::provider_name;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{AttachmentBody, AttachmentView, FileLinkInput, FileVersion, Id, Place};

/// Uploads under way: a key, the file's name and how far it is.
pub type Sending = RwSignal<Vec<(u32, String, RwSignal<Option<u32>>)>>;

/// What the viewer shows.
#[derive(Clone, PartialEq)]
struct Viewing {
    name: String,
    url: String,
    pdf: bool,
}

/// Sends files to a place, one after another; `sent` gets each attachment as it is kept and
/// `failed` each refusal with the file's name.
pub fn upload_files(
    project_id: Id,
    place: Place,
    files: Vec<UploadFile>,
    photo: bool,
    sending: Sending,
    sent: Callback<AttachmentView>,
    failed: Callback<(String, AppError)>,
) {
    let mut queue = files;
    queue.reverse();
    next_upload(project_id, place, queue, photo, sending, sent, failed);
}

/// Files chosen to be sent later (with a comment once it is saved, a check-in's photo). In the
/// browser they hold its `File`s, which stay on its one thread; on the server, only names.
#[cfg(feature = "hydrate")]
pub type Chosen = StoredValue<Vec<UploadFile>, LocalStorage>;
#[cfg(not(feature = "hydrate"))]
pub type Chosen = StoredValue<Vec<UploadFile>>;

/// An empty [`Chosen`].
pub fn chosen() -> Chosen {
    #[cfg(feature = "hydrate")]
    {
        StoredValue::new_local(Vec::new())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        StoredValue::new(Vec::new())
    }
}

/// A file chosen in the browser.
pub struct UploadFile {
    pub name: String,
    #[cfg(feature = "hydrate")]
    pub file: web_sys::File,
}

impl UploadFile {
    #[cfg(feature = "hydrate")]
    pub fn from_event(ev: &web_sys::Event) -> Vec<UploadFile> {
        super::upload::chosen(ev)
            .into_iter()
            .map(|file| UploadFile {
                name: file.name(),
                file,
            })
            .collect()
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn from_event(_ev: &leptos::ev::Event) -> Vec<UploadFile> {
        Vec::new()
    }
}

fn next_upload(
    project_id: Id,
    place: Place,
    mut queue: Vec<UploadFile>,
    photo: bool,
    sending: Sending,
    sent: Callback<AttachmentView>,
    failed: Callback<(String, AppError)>,
) {
    let Some(file) = queue.pop() else {
        return;
    };
    let key = sending.with_untracked(|s| s.iter().map(|(k, ..)| *k).max().unwrap_or(0) + 1);
    let progress = RwSignal::new(Some(0));
    sending.update(|s| s.push((key, file.name.clone(), progress)));
    let name = file.name.clone();
    let url = format!(
        "/api/upload/files/{project_id}?place={}&name={}{}",
        place.key(),
        String::from(js_sys::encode_uri_component(&file.name)),
        if photo { "&photo=1" } else { "" }
    );
    #[cfg(feature = "hydrate")]
    let payload = Payload::File(file.file);
    #[cfg(not(feature = "hydrate"))]
    let payload = Payload::Bytes(Vec::new());
    send::<AttachmentView>(&url, &[], payload, progress, move |result| {
        sending.update(|s| s.retain(|(k, ..)| *k != key));
        match result {
            Ok(view) => sent.run(view),
            Err(e) => failed.run((name, e)),
        }
        next_upload(project_id, place, queue, photo, sending, sent, failed);
    });
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The uploads under way, each with its bar.
#[component]
pub fn UploadProgress(sending: Sending) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <For each=move || sending.get() key=|(k, ..)| *k let:item>
            {
                let (_, name, progress) = item;
                let label = name.clone();
                view! {
                    <div class="upload-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                        aria-label=label aria-valuenow=move || progress.get().unwrap_or(0)>
                        <div class="upload-bar"><span style=move || format!("width:{}%", progress.get().unwrap_or(0))></span></div>
                        <span class="upload-text">{move || i18n.t(K::UploadingFile).replace("{name}", &name).replace("{n}", &progress.get().unwrap_or(0).to_string())}</span>
                    </div>
                }
            }
        </For>
    }
}

/// A place's files and links, loaded and kept live, with the means to add to them.
#[component]
pub fn Attachments(project_id: Id, place: Place, #[prop(optional)] heading: bool) -> impl IntoView {
    let items = RwSignal::new(Vec::<AttachmentView>::new());
    let can_attach = RwSignal::new(false);
    let can_moderate = RwSignal::new(false);
    let limit = RwSignal::new(0u32);
    let loaded = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<String>::new());
    let said = error_text();
    let reload = move || {
        leptos::task::spawn_local(async move {
            match list_attachments(project_id, place).await {
                Ok(found) => {
                    items.set(found.items);
                    can_attach.set(found.can_attach);
                    can_moderate.set(found.can_moderate);
                    limit.set(found.file_max_mb);
                    loaded.set(true);
                }
                Err(e) => errors.set(vec![untrack(|| said(&e))]),
            }
        });
    };
    Effect::new(move |_| reload());
    if let Some(live) = use_live() {
        live.on_event(move |event| {
            if event.change.files.contains(&place) {
                reload();
            }
        });
    }
    view! {
        <section class="files" aria-label=tr(K::Files) data-place=place.key()>
            {heading.then(|| view! {
                <h3>{tr(K::Files)} " " <span class="muted small">{move || items.with(|i| i.len())}</span></h3>
            })}
            <FileList items can_moderate errors/>
            {move || (loaded.get() && items.with(Vec::is_empty)).then(|| view! { <p class="muted small">{tr(K::NoFiles)}</p> })}
            {move || can_attach.get().then(|| view! { <AddFiles project_id place limit items errors/> })}
            <Errors errors/>
        </section>
    }
}

#[component]
fn Errors(errors: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        {move || (!errors.with(Vec::is_empty)).then(|| view! {
            <div class="alert alert-error" role="alert">
                <For each=move || errors.get().into_iter().enumerate() key=|(i, e)| (*i, e.clone()) let:e>
                    <div>{e.1}</div>
                </For>
                <button type="button" class="link-button" on:click=move |_| errors.set(Vec::new())>{tr(K::CloseViewer)}</button>
            </div>
        })}
    }
}

/// The buttons to add files and a link, the uploads' progress.
#[component]
fn AddFiles(
    project_id: Id,
    place: Place,
    limit: RwSignal<u32>,
    items: RwSignal<Vec<AttachmentView>>,
    errors: RwSignal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sending = RwSignal::new(Vec::new());
    let linking = RwSignal::new(false);
    let put = move |view: AttachmentView| {
        items.update(|all| {
            all.retain(|a| a.id != view.id);
            all.insert(0, view);
        });
    };
    let sent = Callback::new(put);
    let failed = Callback::new(move |(name, e): (String, AppError)| {
        let text = i18n
            .t(K::UploadFailed)
            .replace("{name}", &name)
            .replace("{error}", &e.message(i18n.locale.get_untracked()));
        errors.update(|all| all.push(text));
    });
    let on_files = move |ev: leptos::ev::Event| {
        let files = UploadFile::from_event(&ev);
        upload_files(project_id, place, files, false, sending, sent, failed);
    };
    view! {
        <UploadProgress sending/>
        <div class="file-actions">
            <label class="btn file-button">
                {tr(K::AttachFiles)}
                <input type="file" multiple class="visually-hidden" data-test="attach-files" on:change=on_files/>
            </label>
            <button type="button" class="btn" on:click=move |_| linking.update(|l| *l = !*l)>{tr(K::AddLink)}</button>
            <span class="muted small">{move || i18n.t(K::FilesLimit).replace("{n}", &limit.get().to_string())}</span>
        </div>
        {move || linking.get().then(|| view! { <LinkForm project_id place linking put=Callback::new(put)/> })}
    }
}

#[component]
fn LinkForm(
    project_id: Id,
    place: Place,
    linking: RwSignal<bool>,
    put: Callback<AttachmentView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let input = FileLinkInput {
            project_id,
            place,
            text: text.get_untracked(),
            title: title.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match add_link(input).await {
                Ok(view) => {
                    put.run(view);
                    linking.set(false);
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    view! {
        <form class="link-form" on:submit=save novalidate>
            <textarea rows="2" data-test="link-text" placeholder=move || i18n.t(K::LinkPaste)
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <input type="text" data-test="link-title" placeholder=move || i18n.t(K::LinkTitle) maxlength="200"
                prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
            <super::ui::ErrorBox error/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=pending>{tr(K::SaveLink)}</button>
                <button type="button" class="btn" on:click=move |_| linking.set(false)>{tr(K::Cancel)}</button>
            </div>
        </form>
    }
}

/// Attachments as a list: what each is, who added it and when, what may be done with it.
#[component]
pub fn FileList(
    items: RwSignal<Vec<AttachmentView>>,
    #[prop(into)] can_moderate: Signal<bool>,
    errors: RwSignal<Vec<String>>,
) -> impl IntoView {
    let viewing = RwSignal::new(None::<Viewing>);
    let me = use_session().user().map(|u| u.id);
    view! {
        <ul class="file-list">
            <For each=move || items.get() key=|a| (a.id, a.updated_at, a.name.clone()) let:item>
                <FileItem item items viewing me can_moderate errors/>
            </For>
        </ul>
        <Viewer viewing/>
    }
}

#[component]
fn FileItem(
    item: AttachmentView,
    items: RwSignal<Vec<AttachmentView>>,
    viewing: RwSignal<Option<Viewing>>,
    me: Option<Id>,
    can_moderate: Signal<bool>,
    errors: RwSignal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id;
    let mine = me == Some(item.created_by.id);
    let name = item.name.clone();
    let remove = Callback::new(move |_: ()| {
        let ask = i18n.t(K::ConfirmDeleteFile).replace("{name}", &name);
        if !confirm(&ask) {
            return;
        }
        leptos::task::spawn_local(async move {
            match delete_attachment(id).await {
                Ok(()) => items.update(|all| all.retain(|a| a.id != id)),
                Err(e) => errors.update(|all| all.push(e.message(i18n.locale.get_untracked()))),
            }
        });
    });
    let delete_button = move || {
        (mine || can_moderate.get()).then(|| {
            view! { <button type="button" class="link-button danger" data-test="delete-file" on:click=move |_| remove.run(())>{tr(K::DeleteFile)}</button> }
        })
    };
    match item.body.clone() {
        AttachmentBody::Link {
            url,
            provider,
            code,
        } => {
            let shown = provider_name(&provider, i18n.locale.get_untracked());
            view! {
                <li class="file-item link-item" data-test="link-item">
                    <span class="file-icon kind-doc" aria-hidden="true"><LinkIcon/></span>
                    <div class="file-main">
                        <a href=url.clone() target="_blank" rel="noopener noreferrer" class="file-name">{item.name.clone()}</a>
                        <div class="file-meta muted small">
                            <span class="provider">{shown}</span>
                            {code.map(|c| view! { " · " <span class="share-code">{i18n.t(K::ExtractionCode).replace("{code}", &c)}</span> })}
                            " · " {item.created_by.display_name.clone()}
                        </div>
                    </div>
                    <div class="file-buttons">{delete_button}</div>
                </li>
            }
            .into_any()
        }
        AttachmentBody::File { versions } => {
            let current = versions[0].clone();
            let expanded = RwSignal::new(false);
            let count = versions.len();
            let versions = StoredValue::new(versions);
            let open = {
                let current = current.clone();
                move |ev: leptos::ev::MouseEvent| {
                    if current.viewable() {
                        ev.prevent_default();
                        viewing.set(Some(Viewing {
                            name: current.name.clone(),
                            url: current.inline_url(),
                            pdf: current.mime == "application/pdf",
                        }));
                    }
                }
            };
            let meta = i18n
                .t(K::FileMeta)
                .replace("{size}", &human_size(current.size))
                .replace("{who}", &current.uploaded_by.display_name)
                .replace("{when}", &when(current.uploaded_at));
            view! {
                <li class="file-item" data-test="file-item">
                    {if current.thumbnail {
                        view! { <a href=current.inline_url() class="file-thumb" on:click=open.clone()><img src=current.thumbnail_url() alt="" loading="lazy"/></a> }.into_any()
                    } else {
                        let (kind, label) = badge(&current.name, &current.mime);
                        view! { <span class=format!("file-icon kind-{kind}") aria-hidden="true">{label}</span> }.into_any()
                    }}
                    <div class="file-main">
                        <a href=if current.viewable() { current.inline_url() } else { current.url() } class="file-name" on:click=open>{current.name.clone()}</a>
                        <div class="file-meta muted small">
                            <span class="version-tag">{i18n.t(K::VersionN).replace("{n}", &current.number.to_string())}</span>
                            " · " {meta}
                        </div>
                    </div>
                    <div class="file-buttons">
                        <a href=current.url() class="link-button" download=current.name.clone() data-test="download">{tr(K::Download)}</a>
                        {(count > 1).then(|| view! {
                            <button type="button" class="link-button" data-test="versions" aria-expanded=move || expanded.get().to_string()
                                on:click=move |_| expanded.update(|e| *e = !*e)>
                                {tr(K::VersionsTitle)} " (" {count} ")"
                            </button>
                        })}
                        {delete_button}
                    </div>
                    {move || expanded.get().then(|| view! {
                        <ol class="versions">
                            {versions.get_value().into_iter().enumerate().map(|(i, v)| view! {
                                <VersionRow v newest=i == 0 items errors/>
                            }).collect_view()}
                        </ol>
                    })}
                </li>
            }
            .into_any()
        }
    }
}

#[component]
fn VersionRow(
    v: FileVersion,
    newest: bool,
    items: RwSignal<Vec<AttachmentView>>,
    errors: RwSignal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = v.id;
    let restore = move |_| {
        leptos::task::spawn_local(async move {
            match restore_version(id).await {
                Ok(view) => items.update(|all| {
                    all.retain(|a| a.id != view.id);
                    all.insert(0, view);
                }),
                Err(e) => errors.update(|all| all.push(e.message(i18n.locale.get_untracked()))),
            }
        });
    };
    view! {
        <li class="version" data-test="version">
            <span class="version-tag">{i18n.t(K::VersionN).replace("{n}", &v.number.to_string())}</span>
            <span class="version-text">
                {v.name.clone()} " · " {human_size(v.size)} " · " {v.uploaded_by.display_name.clone()} " · " {when(v.uploaded_at)}
                {v.restored_from.map(|n| view! { " · " <em>{i18n.t(K::RestoredFrom).replace("{n}", &n.to_string())}</em> })}
            </span>
            <a href=v.url() class="link-button" download=v.name.clone()>{tr(K::Download)}</a>
            {(!newest).then(|| view! {
                <button type="button" class="link-button" data-test="restore" on:click=restore>{tr(K::RestoreVersion)}</button>
            })}
        </li>
    }
}

/// What a file's icon says: its kind (for its colour) and its extension.
fn badge(name: &str, mime: &str) -> (&'static str, String) {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_uppercase())
        .filter(|e| !e.is_empty() && e.len() <= 4 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "FILE".into());
    let kind = match ext.as_str() {
        "PDF" => "pdf",
        "DOC" | "DOCX" | "PAGE" | "ODT" | "TXT" | "MD" => "doc",
        "XLS" | "XLSX" | "CSV" | "ODS" | "NUMB" => "sheet",
        "PPT" | "PPTX" | "KEY" | "ODP" => "slides",
        _ if mime.starts_with("video/")
            || mime.starts_with("audio/")
            || mime.starts_with("image/") =>
        {
            "media"
        }
        _ => "other",
    };
    (kind, ext)
}

/// A chain link, drawn (no emoji font needed).
#[component]
fn LinkIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7"/>
            <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7"/>
        </svg>
    }
}

/// Images and PDFs over the page; Escape or the button closes it.
#[component]
fn Viewer(viewing: RwSignal<Option<Viewing>>) -> impl IntoView {
    let close = move |_| viewing.set(None);
    view! {
        {move || viewing.get().map(|v| {
            let panel = NodeRef::<leptos::html::Div>::new();
            hold_focus(move || panel.get().map(|e| web_sys::Element::clone(&e)));
            view! {
            <leptos::portal::Portal>
            <div class="file-viewer" role="dialog" aria-modal="true" aria-label=v.name.clone() tabindex="-1" node_ref=panel
                on:keydown=move |ev| if ev.key() == "Escape" { viewing.set(None) } else { keep_tab_within(panel.get_untracked().map(|e| web_sys::Element::clone(&e)), &ev) }>
                <div class="file-viewer-bar">
                    <span class="file-viewer-name">{v.name.clone()}</span>
                    <a href=v.url.replace("?inline=1", "") class="btn btn-small" download=v.name.clone()>{tr(K::Download)}</a>
                    <button type="button" class="btn btn-small" data-test="close-viewer" on:click=close>{tr(K::CloseViewer)}</button>
                </div>
                <div class="file-viewer-body" on:click=close>
                    {if v.pdf {
                        view! { <iframe src=v.url.clone() title=v.name.clone()></iframe> }.into_any()
                    } else {
                        view! { <img src=v.url.clone() alt=v.name.clone() on:click=|ev| ev.stop_propagation()/> }.into_any()
                    }}
                </div>
            </div>
            </leptos::portal::Portal>
        }})}
    }
}
