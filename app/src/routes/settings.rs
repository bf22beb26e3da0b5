//! The organisation's settings, for administrators: its time zone, the check-in reminder, the
//! largest file that may be uploaded, when weekly reports are drafted.
use leptos::prelude::*;

use crate::api::settings::{get_org_settings, save_org_settings};
use crate::components::layout::Layout;
use crate::components::ui::{failed, form_level, ErrorBox, FieldError, Spinner};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{OrgSettings, OrgSettingsInput};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| get_org_settings());
    view! {
        <Layout>
            <div class="page-head"><h1>{tr(K::OrgSettingsTitle)}</h1></div>
            <Transition fallback=|| view! { <Spinner/> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(e) => failed(e),
                        Ok(settings) => view! { <SettingsForm settings/> }.into_any(),
                    }
                })}
            </Transition>
        </Layout>
    }
}

/// The days of the week, Monday first (as the setting numbers them, from 1).
pub const WEEKDAYS: [K; 7] = [
    K::Monday,
    K::Tuesday,
    K::Wednesday,
    K::Thursday,
    K::Friday,
    K::Saturday,
    K::Sunday,
];

#[component]
fn SettingsForm(settings: OrgSettings) -> impl IntoView {
    let i18n = use_i18n();
    let zone = RwSignal::new(settings.time_zone.clone());
    let check_in_at = RwSignal::new(settings.check_in_at.clone());
    let today = RwSignal::new(settings.today);
    let file_max = RwSignal::new(settings.file_max_mb.to_string());
    let report_weekday = RwSignal::new(settings.report_weekday);
    let report_at = RwSignal::new(settings.report_at.clone());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let zones = settings.zones;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        saved.set(false);
        leptos::task::spawn_local(async move {
            let result = save_org_settings(OrgSettingsInput {
                time_zone: zone.get_untracked(),
                check_in_at: check_in_at.get_untracked(),
                // What is not a whole number is refused by the server, naming the range.
                file_max_mb: Some(file_max.get_untracked().trim().parse().unwrap_or(0)),
                report_weekday: Some(report_weekday.get_untracked()),
                report_at: Some(report_at.get_untracked()),
            })
            .await;
            pending.set(false);
            match result {
                Ok(now) => {
                    error.set(None);
                    zone.set(now.time_zone);
                    check_in_at.set(now.check_in_at);
                    today.set(now.today);
                    file_max.set(now.file_max_mb.to_string());
                    report_weekday.set(now.report_weekday);
                    report_at.set(now.report_at);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="card form narrow-left org-settings" on:submit=submit novalidate>
            <div class="field">
                <label for="org-time-zone">{tr(K::TimeZone)}</label>
                <input id="org-time-zone" list="org-time-zones" autocomplete="off" prop:value=zone
                    on:input=move |ev| { zone.set(event_target_value(&ev)); saved.set(false); }/>
                <datalist id="org-time-zones">
                    {zones.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                </datalist>
                <p class="muted small">{move || i18n.t(K::TimeZoneHint).replace("{date}", &today.get().to_string())}</p>
                <FieldError error field="time_zone"/>
            </div>
            <div class="field">
                <label for="org-check-in-at">{tr(K::CheckInAt)}</label>
                <input id="org-check-in-at" type="time" prop:value=check_in_at
                    on:input=move |ev| { check_in_at.set(event_target_value(&ev)); saved.set(false); }/>
                <p class="muted small">{tr(K::CheckInAtHint)}</p>
                <FieldError error field="check_in_at"/>
            </div>
            <div class="field">
                <label for="org-file-max">{tr(K::FileMaxMb)}</label>
                <input id="org-file-max" type="number" min="1" max="5120" step="1" inputmode="numeric" prop:value=file_max
                    on:input=move |ev| { file_max.set(event_target_value(&ev)); saved.set(false); }/>
                <p class="muted small">{tr(K::FileMaxMbHint)}</p>
                <FieldError error field="file_max_mb"/>
            </div>
            <div class="field">
                <label for="org-report-weekday">{tr(K::ReportDay)}</label>
                <div class="inline-fields">
                    <select id="org-report-weekday" prop:value=move || report_weekday.get().to_string()
                        on:change=move |ev| { report_weekday.set(event_target_value(&ev).parse().unwrap_or(5)); saved.set(false); }>
                        {WEEKDAYS.iter().enumerate().map(|(i, k)| view! { <option value=(i + 1).to_string()>{tr(*k)}</option> }).collect_view()}
                    </select>
                    <input id="org-report-at" type="time" aria-label=move || i18n.t(K::ReportDay) prop:value=report_at
                        on:input=move |ev| { report_at.set(event_target_value(&ev)); saved.set(false); }/>
                </div>
                <p class="muted small">{tr(K::ReportDayHint)}</p>
                <FieldError error field="report_weekday"/>
                <FieldError error field="report_at"/>
            </div>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <Show when=move || saved.get()>
                <div class="alert alert-success" role="status">{tr(K::SettingsSaved)}</div>
            </Show>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=pending>{move || i18n.t(K::Save)}</button>
            </div>
        </form>
    }
}
