//! Input validation. Each check returns every problem at once, keyed by field, so a form can show
//! them all; the server runs the same checks and refuses the request if any fails.
use crate::domain::schedule::calendar::{CalendarProblem, WorkCalendar};
use crate::error::FieldError;
use crate::i18n::K;
use crate::model::{
    BulkEdit, ColumnInput, LabelInput, LinkInput, NewUserInput, ProjectInput, Reschedule,
    SetupInput, TaskInput,
};

/// The years a date anyone gives may fall in: enough for any campaign and its history, and
/// small enough that no sum over the days between two dates can grow without end.
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 2200;
pub const NAME_MAX: usize = 120;
pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 5000;
pub const DISPLAY_NAME_MAX: usize = 60;
pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;
pub const EMAIL_MAX: usize = 254;
pub const RISKS_MAX: usize = 50;
pub const COMMENT_MAX: usize = 2000;
/// A comment on a project or task, in characters of Markdown.
pub const DISCUSSION_MAX: usize = 10_000;
pub const LAG_MAX: i32 = 365;
pub const CALENDAR_DATES_MAX: usize = 2000;
pub const COLUMN_NAME_MAX: usize = 40;
pub const WIP_MAX: u32 = 999;
pub const LABEL_NAME_MAX: usize = 30;
pub const LABELS_PER_TASK_MAX: usize = 20;
pub const COLUMNS_MAX: usize = 20;
pub const LABELS_MAX: usize = 100;
pub const BULK_MAX: usize = 1000;

#[derive(Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: &str, key: K, arg: Option<i64>) {
        self.0.push(FieldError {
            field: field.to_string(),
            key,
            arg,
        });
    }

    /// A required single-line text: not blank and at most `max` characters.
    pub fn required(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, K::ErrRequired, None);
        } else {
            self.at_most(field, value, max);
        }
    }

    pub fn at_most(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, K::ErrTooLong, Some(max as i64));
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

pub fn project(input: &ProjectInput) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    p.required("name", &input.name, NAME_MAX);
    p.at_most("background", &input.background, TEXT_MAX);
    p.at_most("objectives", &input.objectives, TEXT_MAX);
    p.at_most("expected_benefit", &input.expected_benefit, TEXT_MAX);
    if input.end_date < input.start_date {
        p.add("end_date", K::ErrEndBeforeStart, None);
    }
    if input.risks.len() > RISKS_MAX {
        p.add("risks", K::ErrTooMany, Some(RISKS_MAX as i64));
    }
    for (i, risk) in input.risks.iter().enumerate() {
        p.required(
            &format!("risks.{i}.description"),
            &risk.description,
            TITLE_MAX,
        );
        p.at_most(&format!("risks.{i}.mitigation"), &risk.mitigation, TEXT_MAX);
    }
    p.finish()
}

pub fn task(input: &TaskInput) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    p.required("title", &input.title, TITLE_MAX);
    p.at_most("description", &input.description, TEXT_MAX);
    p.at_most("deliverable", &input.deliverable, TEXT_MAX);
    if input.progress > 100 {
        p.add("progress", K::ErrPercent, None);
    }
    if let (Some(start), Some(due)) = (input.start_date, input.due_date) {
        if due < start {
            p.add("due_date", K::ErrEndBeforeStart, None);
        }
    }
    if input.labels.len() > LABELS_PER_TASK_MAX {
        p.add("labels", K::ErrTooMany, Some(LABELS_PER_TASK_MAX as i64));
    }
    p.finish()
}

/// A comment: something to say, not more than [`DISCUSSION_MAX`] characters.
pub fn comment(body: &str) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    if body.trim().is_empty() {
        p.add("body", K::ErrCommentEmpty, None);
    } else {
        p.at_most("body", body, DISCUSSION_MAX);
    }
    p.finish()
}

/// The id an edit made offline carries: a UUID as browsers make them
/// (`crypto.randomUUID()`), 36 characters of hexadecimal digits and hyphens.
pub fn edit_id(id: &str) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    let hyphens = [8, 13, 18, 23];
    let well_formed = id.len() == 36
        && id.char_indices().all(|(i, c)| {
            if hyphens.contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if !well_formed {
        p.add("edit_id", K::ErrEditId, None);
    }
    p.finish()
}

/// A check-in: something said about the day, within limits; progress a percentage.
pub fn check_in(input: &crate::model::CheckInInput) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    if input.done.trim().is_empty() && input.tasks.is_empty() {
        p.add("done", K::ErrCheckInEmpty, None);
    }
    p.at_most("done", &input.done, TEXT_MAX);
    p.at_most("next", &input.next, TEXT_MAX);
    p.at_most("blockers", &input.blockers, TEXT_MAX);
    if input.tasks.len() > LABELS_MAX {
        p.add("tasks", K::ErrTooMany, Some(LABELS_MAX as i64));
    }
    if input.tasks.iter().any(|t| t.progress > 100) {
        p.add("tasks", K::ErrPercent, None);
    }
    p.finish()
}

/// A board column: the name may be empty (the status's name is shown); a limit is 1 to 999.
pub fn column(input: &ColumnInput) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    p.at_most("name", &input.name, COLUMN_NAME_MAX);
    if input.wip_limit.is_some_and(|l| l == 0 || l > WIP_MAX) {
        p.add("wip_limit", K::ErrWipRange, Some(i64::from(WIP_MAX)));
    }
    p.finish()
}

/// A bulk edit names at least one task (at most `BULK_MAX`) and at least one change.
pub fn bulk(edit: &BulkEdit) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    if edit.task_ids.is_empty() {
        p.add("task_ids", K::ErrNothingSelected, None);
    } else if edit.task_ids.len() > BULK_MAX {
        p.add("task_ids", K::ErrTooMany, Some(BULK_MAX as i64));
    }
    if edit.is_empty() {
        p.add("change", K::ErrNothingToChange, None);
    }
    p.finish()
}

pub fn label(input: &LabelInput) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    p.required("name", &input.name, LABEL_NAME_MAX);
    p.finish()
}

pub fn link(input: &LinkInput) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    if input.predecessor_id == input.successor_id {
        p.add("successor_id", K::ErrLinkSelf, None);
    }
    if !(-LAG_MAX..=LAG_MAX).contains(&input.lag_days) {
        p.add("lag_days", K::ErrLagRange, Some(i64::from(LAG_MAX)));
    }
    p.finish()
}

pub fn reschedule(input: &Reschedule) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    if input.due < input.start {
        p.add("due_date", K::ErrEndBeforeStart, None);
    }
    p.finish()
}

pub fn calendar(input: &WorkCalendar) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    if input.holidays.len() + input.working_weekends.len() > CALENDAR_DATES_MAX {
        p.add(
            "holidays",
            K::ErrCalendarTooLarge,
            Some(CALENDAR_DATES_MAX as i64),
        );
    }
    match input.check() {
        Ok(()) => {}
        Err(CalendarProblem::NoWorkingWeekday | CalendarProblem::UnknownWeekday) => {
            p.add("weekend", K::ErrNoWorkingWeekday, None)
        }
        Err(CalendarProblem::HolidayAndWorkday(_)) => {
            p.add("working_weekends", K::ErrHolidayAndWorkday, None)
        }
    }
    p.finish()
}

pub fn baseline_name(name: &str) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    p.required("name", name, NAME_MAX);
    p.finish()
}

fn account(p: &mut Problems, username: &str, display_name: &str, password: &str) {
    let length = username.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&length)
        || !username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'))
    {
        p.add("username", K::ErrUsername, None);
    }
    p.required("display_name", display_name, DISPLAY_NAME_MAX);
    password_rules(p, "password", password);
}

pub fn password_rules(p: &mut Problems, field: &str, password: &str) {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        p.add(field, K::ErrPasswordShort, Some(PASSWORD_MIN as i64));
    } else if length > PASSWORD_MAX {
        p.add(field, K::ErrTooLong, Some(PASSWORD_MAX as i64));
    }
}

pub fn setup(input: &SetupInput) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    account(
        &mut p,
        &input.username,
        &input.display_name,
        &input.password,
    );
    p.finish()
}

pub fn new_user(input: &NewUserInput) -> Result<(), Vec<FieldError>> {
    let mut p = Problems::default();
    account(
        &mut p,
        &input.username,
        &input.display_name,
        &input.password,
    );
    if input.role.is_none() {
        p.add("role", K::ErrRequired, None);
    }
    let email = input.email.trim();
    if !email.is_empty() {
        let plausible = email.len() <= EMAIL_MAX
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            })
            && !email.contains(char::is_whitespace);
        if !plausible {
            p.add("email", K::ErrEmail, None);
        }
    }
    p.finish()
}

/// The year of a text that is a date or a date and time as JSON carries them (`2026-11-01`,
/// `2026-11-01T10:00:00+08:00`, chrono's `+275760-09-13`), if it is one.
pub fn year_of_date_text(text: &str) -> Option<i64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let negative = text.starts_with('-');
    let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 4 {
        return None;
    }
    let rest = &unsigned.as_bytes()[digits..];
    let shape = rest.len() >= 6
        && rest[0] == b'-'
        && rest[1..3].iter().all(u8::is_ascii_digit)
        && rest[3] == b'-'
        && rest[4..6].iter().all(u8::is_ascii_digit)
        && (rest.len() == 6 || rest[6] == b'T' || rest[6] == b' ');
    if !shape {
        return None;
    }
    let year: i64 = unsigned[..digits.min(12)].parse().ok()?;
    Some(if negative { -year } else { year })
}

/// Whether a date text is outside the years Marquee takes.
pub fn date_out_of_range(text: &str) -> bool {
    year_of_date_text(text).is_some_and(|y| y < i64::from(FIRST_YEAR) || y > i64::from(LAST_YEAR))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProjectKind, Risk, RiskLevel};
    use chrono::NaiveDate;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("valid date")
    }

    fn a_project() -> ProjectInput {
        ProjectInput {
            name: "双十一大促".into(),
            kind: ProjectKind::HolidayPromotion,
            background: String::new(),
            objectives: String::new(),
            expected_benefit: String::new(),
            risks: vec![],
            owner_id: 1,
            start_date: date(1),
            end_date: date(11),
            observers_comment: true,
        }
    }

    fn fields(result: Result<(), Vec<FieldError>>) -> Vec<(String, K)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.key))
            .collect()
    }

    #[test]
    fn an_edit_id_is_a_uuid() {
        assert!(edit_id("0f8fad5b-d9cb-469f-a165-70867728950e").is_ok());
        assert!(edit_id("0F8FAD5B-D9CB-469F-A165-70867728950E").is_ok());
        for bad in [
            "",
            "0f8fad5b-d9cb-469f-a165-70867728950",
            "0f8fad5bxd9cb-469f-a165-70867728950e",
            "0f8fad5b-d9cb-469f-a165-70867728950g",
            "'; drop table tasks; --0000000000000000",
            "0f8fad5b-d9cb-469f-a165-70867728950é",
        ] {
            assert!(edit_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_good_project_passes() {
        assert!(project(&a_project()).is_ok());
    }

    #[test]
    fn blank_and_overlong_names_are_refused() {
        let mut p = a_project();
        p.name = "   ".into();
        assert_eq!(fields(project(&p)), vec![("name".into(), K::ErrRequired)]);
        p.name = "营".repeat(NAME_MAX + 1);
        assert_eq!(fields(project(&p)), vec![("name".into(), K::ErrTooLong)]);
        // Length counts characters, not bytes: 120 Chinese characters are fine.
        p.name = "营".repeat(NAME_MAX);
        assert!(project(&p).is_ok());
    }

    #[test]
    fn end_before_start_is_refused() {
        let mut p = a_project();
        p.end_date = date(1);
        p.start_date = date(2);
        assert_eq!(
            fields(project(&p)),
            vec![("end_date".into(), K::ErrEndBeforeStart)]
        );
    }

    #[test]
    fn risks_need_a_description() {
        let mut p = a_project();
        p.risks.push(Risk {
            description: " ".into(),
            likelihood: RiskLevel::High,
            impact: RiskLevel::Low,
            mitigation: String::new(),
        });
        assert_eq!(
            fields(project(&p)),
            vec![("risks.0.description".into(), K::ErrRequired)]
        );
    }

    #[test]
    fn task_dates_and_progress_are_checked() {
        let mut t = TaskInput::titled("主视觉设计");
        assert!(task(&t).is_ok());
        t.start_date = Some(date(5));
        t.due_date = Some(date(4));
        t.progress = 101;
        assert_eq!(
            fields(task(&t)),
            vec![
                ("progress".into(), K::ErrPercent),
                ("due_date".into(), K::ErrEndBeforeStart)
            ]
        );
    }

    #[test]
    fn accounts_need_a_sane_username_and_a_long_password() {
        let mut s = SetupInput {
            username: "Admin User".into(),
            display_name: "管理员".into(),
            password: "short".into(),
            load_demo: false,
        };
        assert_eq!(
            fields(setup(&s)),
            vec![
                ("username".into(), K::ErrUsername),
                ("password".into(), K::ErrPasswordShort)
            ]
        );
        s.username = "admin".into();
        s.password = "correct horse battery".into();
        assert!(setup(&s).is_ok());
    }

    #[test]
    fn emails_are_checked_when_given() {
        let mut u = NewUserInput {
            username: "zhangwei".into(),
            display_name: "张伟".into(),
            email: "not-an-email".into(),
            role: Some(crate::model::OrgRole::Member),
            password: "a long enough password".into(),
        };
        assert_eq!(fields(new_user(&u)), vec![("email".into(), K::ErrEmail)]);
        u.email = "zhangwei@example.cn".into();
        assert!(new_user(&u).is_ok());
        u.email.clear();
        assert!(new_user(&u).is_ok());
    }

    #[test]
    fn columns_and_labels_are_checked() {
        let mut c = ColumnInput {
            project_id: 1,
            id: None,
            name: String::new(),
            category: crate::model::TaskStatus::Review,
            colour: crate::model::Colour::Gold,
            wip_limit: Some(0),
        };
        assert_eq!(
            fields(column(&c)),
            vec![("wip_limit".into(), K::ErrWipRange)]
        );
        c.wip_limit = Some(5);
        assert!(column(&c).is_ok(), "an empty name shows the status's name");
        c.name = "设".repeat(COLUMN_NAME_MAX + 1);
        assert_eq!(fields(column(&c)), vec![("name".into(), K::ErrTooLong)]);
        let l = LabelInput {
            project_id: 1,
            id: None,
            name: "  ".into(),
            colour: crate::model::Colour::Red,
        };
        assert_eq!(fields(label(&l)), vec![("name".into(), K::ErrRequired)]);
    }

    #[test]
    fn dates_outside_the_years_taken_are_recognised_in_any_form_json_carries() {
        for outside in [
            "1969-12-31",
            "2201-01-01",
            "+275760-09-13",
            "-0001-01-01",
            "9999-12-31T23:59:59Z",
            "0000-01-01 00:00",
        ] {
            assert!(date_out_of_range(outside), "{outside}");
        }
        for inside in [
            "1970-01-01",
            "2026-11-01",
            "2200-12-31T10:00:00+08:00",
            "Launch 1900-01-01",
            "1900",
            "19000101",
            "2026-1-1",
            "",
        ] {
            assert!(!date_out_of_range(inside), "{inside}");
        }
    }
}
