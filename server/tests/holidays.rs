//! Official holidays beyond the built-in years, on SQLite and PostgreSQL: an administrator
//! enters a year as lines of text (every bad line named, nothing stored); a plan reaching that
//! year learns it has a schedule and takes it into its calendar; the
//! year can be corrected and forgotten; nobody else may change them.
mod common;

use app::domain::holidays::years_without_schedule;
use app::i18n::K;
use chrono::NaiveDate;
use common::{field_keys, setup_body, task_body, Harness, BACKENDS};
use serde_json::json;

const PASSWORD: &str = "long enough password";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    h.ok(&admin, "create_user", json!({ "input": { "username": "lina", "display_name": "Lina", "email": "", "role": "project_manager", "password": PASSWORD } }))
        .await;
    let lina = h.login("lina", PASSWORD).await;

    // Built in: 2024 to 2026.
    let years = h.ok(&lina, "list_holiday_years", json!({})).await;
    let listed: Vec<i64> = years
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, vec![2026, 2025, 2024], "{backend}");
    assert_eq!(years[0]["built_in"], true);
    assert_eq!(years[0]["entered"], false);
    assert!(years[0]["text"]
        .as_str()
        .unwrap()
        .contains("2026-02-15 ~ 2026-02-23 off"));

    // Bad lines are each named; nothing is stored; only administrators enter years.
    let before = h.fingerprint().await;
    let refused = h
        .err(
            Some(&admin),
            "save_holiday_year",
            json!({ "year": 2027, "text": "2027-01-01 off\nsoon\n2027-03-03 work" }),
        )
        .await;
    let problems: Vec<(K, Option<i64>)> = match &refused {
        app::error::AppError::Invalid(errors) => errors.iter().map(|e| (e.key, e.arg)).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        problems,
        vec![
            (K::ErrHolidayLine, Some(2)),
            (K::ErrHolidayWorkday, Some(3))
        ]
    );
    let refused = h
        .err(
            Some(&admin),
            "save_holiday_year",
            json!({ "year": 1999, "text": "1999-01-01 off" }),
        )
        .await;
    assert_eq!(field_keys(&refused)[0].1, K::ErrHolidayYearNumber);
    let refused = h
        .err(
            Some(&lina),
            "save_holiday_year",
            json!({ "year": 2027, "text": "2027-01-01 off" }),
        )
        .await;
    assert_eq!(refused, app::error::AppError::Forbidden);
    assert_eq!(h.fingerprint().await, before);

    // A plan on the official calendar reaching into 2027, which has no schedule yet.
    let p = h.project(&admin, "Spring Festival 2027").await;
    h.ok(
        &admin,
        "set_calendar",
        json!({ "project_id": p, "calendar": app::domain::schedule::calendar::WorkCalendar::china() }),
    )
    .await;
    let mut t = task_body("Red envelope campaign");
    t["start_date"] = json!("2027-02-04");
    t["due_date"] = json!("2027-02-09");
    h.ok(
        &admin,
        "create_task",
        json!({ "project_id": p, "input": t }),
    )
    .await;
    let schedule = h.schedule(&admin, p).await;
    assert_eq!(
        years_without_schedule(&schedule.calendar, d(2026, 12, 1), d(2027, 2, 9)),
        vec![2027]
    );
    let refused = h
        .err(
            Some(&admin),
            "apply_holiday_year",
            json!({ "project_id": p, "year": 2027 }),
        )
        .await;
    assert_eq!(field_keys(&refused)[0].1, K::ErrHolidayYearNumber);

    // Entered (pasted as announced), it is offered, and taken in it moves the plan.
    let text = "2027-01-01 ~ 2027-01-03 休\n2027年2月6日 ~ 2027年2月13日 休\n2027-02-14 班\n";
    let years = h
        .ok(
            &admin,
            "save_holiday_year",
            json!({ "year": 2027, "text": text }),
        )
        .await;
    assert_eq!(years[0]["year"], 2027);
    assert_eq!(years[0]["entered"], true);
    assert_eq!(years[0]["holidays"], 11);
    assert_eq!(years[0]["workdays"], 1);
    // The years a Gantt page's first screen is looked up by follow, read without the schedules.
    assert_eq!(
        app::server::holidays::official_years(&h.state.db)
            .await
            .unwrap(),
        vec![2024, 2025, 2026, 2027],
        "{backend}"
    );
    h.ok(
        &admin,
        "apply_holiday_year",
        json!({ "project_id": p, "year": 2027 }),
    )
    .await;
    let schedule = h.schedule(&admin, p).await;
    assert!(!schedule.calendar.is_working(d(2027, 2, 8)), "{backend}");
    // The calendar editor's "official calendar" has it too, with the built-in years.
    let official: app::domain::schedule::calendar::WorkCalendar =
        serde_json::from_value(h.ok(&lina, "official_calendar", json!({})).await).unwrap();
    assert!(!official.is_working(d(2027, 2, 8)));
    assert!(!official.is_working(d(2026, 2, 16)));
    assert!(schedule.calendar.is_working(d(2027, 2, 14)));
    assert!(years_without_schedule(&schedule.calendar, d(2026, 12, 1), d(2027, 2, 9)).is_empty());
    // Corrected, then forgotten: the list follows; a year never entered is nothing to forget.
    h.ok(
        &admin,
        "save_holiday_year",
        json!({ "year": 2027, "text": "2027-01-01 off" }),
    )
    .await;
    let years = h.ok(&admin, "list_holiday_years", json!({})).await;
    assert_eq!(years[0]["holidays"], 1);
    let years = h
        .ok(&admin, "delete_holiday_year", json!({ "year": 2027 }))
        .await;
    assert_eq!(years[0]["year"], 2026);
    let before = h.fingerprint().await;
    h.ok(&admin, "delete_holiday_year", json!({ "year": 2026 }))
        .await;
    assert_eq!(h.fingerprint().await, before);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_enters_the_official_holidays_of_a_new_year() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}
