//! The project's working calendar: weekend days, holidays and make-up working days. Saving it
//! reschedules the project on the server.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::planning::set_calendar;
use crate::api::settings::official_calendar;
use crate::components::dialog::Drawer;
use crate::components::ui::{parse_date, ErrorBox};
use crate::domain::schedule::calendar::WorkCalendar;
use crate::error::AppError;
use crate::i18n::{tr, K};
use crate::model::{Id, ScheduleChange};

const WEEKDAYS: [K; 7] = [
    K::WeekdayMon,
    K::WeekdayTue,
    K::WeekdayWed,
    K::WeekdayThu,
    K::WeekdayFri,
    K::WeekdaySat,
    K::WeekdaySun,
];

/// A list of dates with a remove button each and a date field to add one.
#[component]
fn DateList(dates: RwSignal<BTreeSet<NaiveDate>>, label: K, id: &'static str) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let add = move |_| {
        if let Some(date) = parse_date(&typed.get_untracked()) {
            dates.update(|d| {
                d.insert(date);
            });
            typed.set(String::new());
        }
    };
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <div class="date-chips">
                // Newest first: the coming year is what people edit.
                {move || dates.get().into_iter().rev().map(|date| view! {
                    <span class="chip date-chip">
                        {date.format("%Y-%m-%d").to_string()}
                        <button type="button" class="chip-remove" aria-label=tr(K::Delete) on:click=move |_| dates.update(|d| { d.remove(&date); })>"✕"</button>
                    </span>
                }).collect_view()}
            </div>
            <div class="inline-add">
                <input id=id type="date" prop:value=typed on:input=move |ev| typed.set(event_target_value(&ev))/>
                <button type="button" class="btn" on:click=add>{tr(K::AddDate)}</button>
            </div>
        </div>
    }
}

#[component]
pub fn CalendarEditor(
    project_id: Id,
    calendar: RwSignal<WorkCalendar>,
    open: RwSignal<bool>,
    on_saved: Callback<ScheduleChange>,
) -> impl IntoView {
    let current = calendar.get_untracked();
    let weekend = RwSignal::new(current.weekend.clone());
    let holidays = RwSignal::new(current.holidays.clone());
    let workdays = RwSignal::new(current.working_weekends.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let load = move |c: WorkCalendar| {
        weekend.set(c.weekend);
        holidays.set(c.holidays);
        workdays.set(c.working_weekends);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut days = weekend.get_untracked();
        days.sort_unstable();
        days.dedup();
        let edited = WorkCalendar {
            weekend: days,
            holidays: holidays.get_untracked(),
            working_weekends: workdays.get_untracked(),
        };
        if let Err(problems) = crate::domain::validate::calendar(&edited) {
            error.set(Some(AppError::Invalid(problems)));
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            match set_calendar(project_id, edited.clone()).await {
                Ok(change) => {
                    calendar.set(edited);
                    on_saved.run(change);
                    open.set(false);
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };
    view! {
        <Drawer label=K::WorkingCalendar class="calendar-editor" on_close=move |()| open.set(false)>
            <div class="drawer-head">
                <h2>{tr(K::WorkingCalendar)}</h2>
                <button type="button" class="btn btn-text" aria-label=tr(K::Cancel) on:click=move |_| open.set(false)>"✕"</button>
            </div>
            <form class="form" on:submit=save>
                <div class="field">
                    <span class="label">{tr(K::Weekend)}</span>
                    <div class="weekday-picks">
                        {WEEKDAYS.iter().enumerate().map(|(i, &name)| {
                            let day = i as u8;
                            view! {
                                <label class="checkbox inline">
                                    <input
                                        type="checkbox"
                                        data-weekday=day
                                        prop:checked=move || weekend.with(|w| w.contains(&day))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            weekend.update(|w| {
                                                w.retain(|d| *d != day);
                                                if on {
                                                    w.push(day);
                                                }
                                            });
                                        }
                                    />
                                    {tr(name)}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </div>
                <DateList dates=holidays label=K::Holidays id="calendar-holiday"/>
                <DateList dates=workdays label=K::MakeUpWorkdays id="calendar-workday"/>
                <div class="button-row">
                    <button type="button" class="btn" on:click=move |_| {
                        // With the years the organisation entered; the built-in ones if it cannot be asked.
                        leptos::task::spawn_local(async move {
                            load(official_calendar().await.unwrap_or_else(|_| WorkCalendar::china()));
                        });
                    }>{tr(K::UseChinaCalendar)}</button>
                    <button type="button" class="btn" on:click=move |_| load(WorkCalendar::weekdays())>{tr(K::UseWeekdays)}</button>
                </div>
                <ErrorBox error=error/>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=pending>{tr(K::Save)}</button>
                    <button type="button" class="btn" on:click=move |_| open.set(false)>{tr(K::Cancel)}</button>
                </div>
            </form>
        </Drawer>
    }
}
