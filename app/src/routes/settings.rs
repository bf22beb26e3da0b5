//! The organisation's settings, for administrators: its time zone, the check-in reminder, the
//! largest file that may be uploaded, when weekly reports are drafted; the mail server email
//! goes out through, with a test message.
use crate::loaded::load;
use leptos::prelude::*;

use crate::api::settings::{
    delete_holiday_year, get_mail_settings, get_org_settings, list_holiday_years,
    save_holiday_year, save_mail_settings, save_org_settings, test_mail,
};
use crate::components::layout::Layout;
use crate::components::session::use_session;
use crate::components::ui::{failed, form_level, ErrorBox, FieldError, Spinner};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    HolidayYearView, MailSettings, MailSettingsInput, OrgSettings, OrgSettingsInput, SmtpSecurity,
};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let loaded = load(|| (), |_| get_org_settings());
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
            <MailCard/>
            <HolidaysCard/>
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

#[component]
fn MailCard() -> impl IntoView {
    let loaded = load(|| (), |_| get_mail_settings());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded.await.ok().map(|mail| view! { <MailForm mail/> })
            })}
        </Transition>
    }
}

/// The SMTP server: saved as a whole; a test message goes with what the form says, saved or not.
#[component]
fn MailForm(mail: MailSettings) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let enabled = RwSignal::new(mail.enabled);
    let host = RwSignal::new(mail.host.clone());
    let port = RwSignal::new(mail.port.to_string());
    let security = RwSignal::new(mail.security);
    let username = RwSignal::new(mail.username.clone());
    let password = RwSignal::new(String::new());
    let clear_password = RwSignal::new(false);
    let has_password = RwSignal::new(mail.has_password);
    let from = RwSignal::new(mail.from_address.clone());
    let site = RwSignal::new(mail.site_url.clone());
    let counts = RwSignal::new((mail.pending, mail.sent, mail.failed));
    let test_to = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let tested = RwSignal::new(None::<(bool, String)>);
    // Filled in once in the browser: the address this page is open at, the admin's own inbox.
    Effect::new(move |_| {
        if site.get_untracked().is_empty() {
            if let Some(origin) = web_origin() {
                site.set(origin);
            }
        }
        if test_to.get_untracked().is_empty() {
            if let Some(u) = session.user() {
                test_to.set(u.email);
            }
        }
    });
    let input = move || MailSettingsInput {
        enabled: enabled.get_untracked(),
        host: host.get_untracked(),
        // What is not a port is refused by the server, naming the range.
        port: port.get_untracked().trim().parse().unwrap_or(0),
        security: security.get_untracked(),
        username: username.get_untracked(),
        password: password.get_untracked(),
        clear_password: clear_password.get_untracked(),
        from_address: from.get_untracked(),
        site_url: site.get_untracked(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        saved.set(false);
        tested.set(None);
        leptos::task::spawn_local(async move {
            let result = save_mail_settings(input()).await;
            pending.set(false);
            match result {
                Ok(now) => {
                    error.set(None);
                    password.set(String::new());
                    clear_password.set(false);
                    has_password.set(now.has_password);
                    site.set(now.site_url);
                    counts.set((now.pending, now.sent, now.failed));
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let test = move |_| {
        pending.set(true);
        tested.set(None);
        saved.set(false);
        leptos::task::spawn_local(async move {
            let to = test_to.get_untracked();
            let result = test_mail(input(), to.clone()).await;
            pending.set(false);
            match result {
                Ok(outcome) => {
                    error.set(None);
                    tested.set(Some((
                        outcome.sent,
                        if outcome.sent { to } else { outcome.reason },
                    )));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let edited = move || saved.set(false);
    view! {
        <form class="card form narrow-left mail-settings" on:submit=submit novalidate>
            <h3>{tr(K::MailTitle)}</h3>
            <p class="muted small">{tr(K::MailHint)}</p>
            <label class="checkbox">
                <input id="mail-enabled" type="checkbox" prop:checked=enabled
                    on:change=move |ev| { enabled.set(event_target_checked(&ev)); edited(); }/>
                {tr(K::MailEnabled)}
            </label>
            <div class="inline-fields mail-server">
                <div class="field grow">
                    <label for="mail-host">{tr(K::MailHost)}</label>
                    <input id="mail-host" autocomplete="off" placeholder="smtp.example.com" prop:value=host
                        on:input=move |ev| { host.set(event_target_value(&ev)); edited(); }/>
                    <FieldError error field="host"/>
                </div>
                <div class="field port">
                    <label for="mail-port">{tr(K::MailPort)}</label>
                    <input id="mail-port" type="number" min="1" max="65535" inputmode="numeric" prop:value=port
                        on:input=move |ev| { port.set(event_target_value(&ev)); edited(); }/>
                    <FieldError error field="port"/>
                </div>
            </div>
            <div class="field">
                <label for="mail-security">{tr(K::MailSecurity)}</label>
                <select id="mail-security" prop:value=move || security.get().as_str().to_string()
                    on:change=move |ev| {
                        let chosen = SmtpSecurity::parse(&event_target_value(&ev)).unwrap_or(SmtpSecurity::Starttls);
                        // The usual port goes with it, unless another was typed.
                        let usual = |s: SmtpSecurity| match s { SmtpSecurity::Starttls => "587", SmtpSecurity::Tls => "465", SmtpSecurity::None => "25" };
                        if port.get_untracked() == usual(security.get_untracked()) {
                            port.set(usual(chosen).to_string());
                        }
                        security.set(chosen);
                        edited();
                    }>
                    <option value="starttls">{tr(K::SecurityStarttls)}</option>
                    <option value="tls">{tr(K::SecurityTls)}</option>
                    <option value="none">{tr(K::SecurityNone)}</option>
                </select>
            </div>
            <div class="inline-fields">
                <div class="field grow">
                    <label for="mail-username">{tr(K::MailUsername)}</label>
                    <input id="mail-username" autocomplete="off" prop:value=username
                        on:input=move |ev| { username.set(event_target_value(&ev)); edited(); }/>
                    <FieldError error field="username"/>
                </div>
                <div class="field grow">
                    <label for="mail-password">{tr(K::MailPassword)}</label>
                    <input id="mail-password" type="password" autocomplete="new-password" prop:value=password
                        on:input=move |ev| { password.set(event_target_value(&ev)); edited(); }/>
                    <FieldError error field="password"/>
                    <Show when=move || has_password.get()>
                        <p class="muted small">{tr(K::MailPasswordKept)}</p>
                        <label class="checkbox small">
                            <input type="checkbox" prop:checked=clear_password
                                on:change=move |ev| { clear_password.set(event_target_checked(&ev)); edited(); }/>
                            {tr(K::MailPasswordClear)}
                        </label>
                    </Show>
                </div>
            </div>
            <div class="field">
                <label for="mail-from">{tr(K::MailFrom)}</label>
                <input id="mail-from" autocomplete="off" placeholder="Marquee <marquee@example.com>" prop:value=from
                    on:input=move |ev| { from.set(event_target_value(&ev)); edited(); }/>
                <FieldError error field="from_address"/>
            </div>
            <div class="field">
                <label for="mail-site">{tr(K::MailSiteUrl)}</label>
                <input id="mail-site" type="url" autocomplete="off" placeholder="https://marquee.example.com" prop:value=site
                    on:input=move |ev| { site.set(event_target_value(&ev)); edited(); }/>
                <FieldError error field="site_url"/>
            </div>
            <p class="muted small mail-queue">{move || {
                let (p, s, f) = counts.get();
                i18n.t(K::MailQueue)
                    .replace("{pending}", &p.to_string())
                    .replace("{sent}", &s.to_string())
                    .replace("{failed}", &f.to_string())
            }}</p>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <Show when=move || saved.get()>
                <div class="alert alert-success" role="status">{tr(K::SettingsSaved)}</div>
            </Show>
            {move || tested.get().map(|(sent, detail)| if sent {
                view! { <div class="alert alert-success mail-tested" role="status">{i18n.t(K::MailTestSent).replace("{to}", &detail)}</div> }.into_any()
            } else {
                view! { <div class="alert alert-error mail-tested" role="alert">{i18n.t(K::MailTestFailed).replace("{reason}", &detail)}</div> }.into_any()
            })}
            <div class="field mail-test">
                <label for="mail-test-to">{tr(K::MailTestTo)}</label>
                <div class="inline-fields">
                    <input id="mail-test-to" type="email" autocomplete="email" class="grow" prop:value=test_to
                        on:input=move |ev| test_to.set(event_target_value(&ev))/>
                    <button type="button" class="btn" disabled=pending on:click=test>{tr(K::MailTest)}</button>
                </div>
                <FieldError error field="to"/>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=pending>{move || i18n.t(K::Save)}</button>
            </div>
        </form>
    }
}

#[component]
fn HolidaysCard() -> impl IntoView {
    let loaded = load(|| (), |_| list_holiday_years());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded.await.ok().map(|years| view! { <HolidaysForm years/> })
            })}
        </Transition>
    }
}

/// The official holiday schedules: the years known, each to look at or correct, and a form to
/// enter a year as lines of text (pasted from the announcement, one date or range a line).
#[component]
fn HolidaysForm(years: Vec<HolidayYearView>) -> impl IntoView {
    let i18n = use_i18n();
    let next = years.first().map_or(2027, |y| y.year + 1);
    let years = RwSignal::new(years);
    let year = RwSignal::new(next.to_string());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        saved.set(false);
        leptos::task::spawn_local(async move {
            // What is not a year is refused by the server, naming the range.
            let number = year.get_untracked().trim().parse().unwrap_or(0);
            let result = save_holiday_year(number, text.get_untracked()).await;
            pending.set(false);
            match result {
                Ok(now) => {
                    error.set(None);
                    years.set(now);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |y: i32| {
        leptos::task::spawn_local(async move {
            match delete_holiday_year(y).await {
                Ok(now) => {
                    error.set(None);
                    years.set(now);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="card form narrow-left holidays" on:submit=submit novalidate>
            <h3>{tr(K::HolidaysTitle)}</h3>
            <p class="muted small">{tr(K::HolidaysHint)}</p>
            <ul class="holiday-years">
                {move || years.get().into_iter().map(|y| {
                    let summary = i18n.t(K::HolidaysSummary)
                        .replace("{off}", &y.holidays.to_string())
                        .replace("{worked}", &y.workdays.to_string());
                    let source = if y.entered { K::HolidaysEntered } else { K::HolidaysBuiltIn };
                    let shown = y.text.clone();
                    let number = y.year;
                    view! {
                        <li class="holiday-year" data-year=number>
                            <strong>{number}</strong>
                            <span class="muted small">{summary}" · "{tr(source)}</span>
                            <span class="holiday-actions">
                                <button type="button" class="btn btn-text" on:click=move |_| {
                                    year.set(number.to_string());
                                    text.set(shown.clone());
                                    saved.set(false);
                                }>{tr(K::Edit)}</button>
                                <Show when=move || y.entered>
                                    <button type="button" class="btn btn-text btn-danger" on:click=move |_| remove(number)>{tr(K::Delete)}</button>
                                </Show>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="field holiday-year-field">
                <label for="holiday-year">{tr(K::HolidaysYear)}</label>
                <input id="holiday-year" type="number" min="2000" max="2100" inputmode="numeric" prop:value=year
                    on:input=move |ev| { year.set(event_target_value(&ev)); saved.set(false); }/>
                <FieldError error field="year"/>
            </div>
            <div class="field">
                <label for="holiday-text">{tr(K::HolidaysDays)}</label>
                <textarea id="holiday-text" rows="8" spellcheck="false" placeholder="2027-01-01 off\n2027-02-06 ~ 2027-02-13 off\n2027-02-14 work"
                    prop:value=text on:input=move |ev| { text.set(event_target_value(&ev)); saved.set(false); }></textarea>
                <p class="muted small">{tr(K::HolidaysFormat)}</p>
                <FieldError error field="text"/>
            </div>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            <Show when=move || saved.get()>
                <div class="alert alert-success" role="status">{tr(K::SettingsSaved)}</div>
            </Show>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=pending>{tr(K::HolidaysSave)}</button>
            </div>
        </form>
    }
}

/// The address this page is open at, in the browser.
fn web_origin() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().and_then(|w| w.location().origin().ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}
