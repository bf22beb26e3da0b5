//! Two people editing the same task: a three-way merge per field. An edit names the task as it
//! was when the person started (`base`); whatever they changed is laid over the task as it is now
//! (`current`), so edits of different fields both survive. A field both changed, to different
//! values, is a conflict: the edit is refused naming those fields.
use crate::i18n::K;
use crate::model::TaskInput;

/// Merges `mine` (an edit of `base`) into `current`. `Err` names the fields changed on both sides
/// to different values, by their labels.
pub fn merge_task(
    base: &TaskInput,
    mine: &TaskInput,
    current: &TaskInput,
) -> Result<TaskInput, Vec<K>> {
    let (merged, conflicts, _) = lay_over(base, mine, current, false);
    if conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(conflicts)
    }
}

/// `mine` laid over `current` where the person chose their own values: every field they changed
/// from `base` takes their value, also those someone else changed meanwhile.
pub fn keep_mine(base: &TaskInput, mine: &TaskInput, current: &TaskInput) -> TaskInput {
    lay_over(base, mine, current, true).0
}

/// The fields `mine` changed from `base`, by their labels.
pub fn changed(base: &TaskInput, mine: &TaskInput) -> Vec<K> {
    lay_over(base, mine, base, false).2
}

/// The merge of `mine` into `current`, the fields changed on both sides to different values
/// (taking `mine`'s value in the merge when `mine_wins`), and the fields `mine` changed.
fn lay_over(
    base: &TaskInput,
    mine: &TaskInput,
    current: &TaskInput,
    mine_wins: bool,
) -> (TaskInput, Vec<K>, Vec<K>) {
    let mut merged = current.clone();
    let mut conflicts = Vec::new();
    let mut changed = Vec::new();
    macro_rules! field {
        ($name:ident, $label:expr) => {
            if mine.$name != base.$name {
                changed.push($label);
                if current.$name == base.$name || current.$name == mine.$name {
                    merged.$name = mine.$name.clone();
                } else {
                    conflicts.push($label);
                    if mine_wins {
                        merged.$name = mine.$name.clone();
                    }
                }
            }
        };
    }
    field!(parent_id, K::Parent);
    field!(title, K::TaskTitle);
    field!(description, K::Description);
    field!(deliverable, K::Deliverable);
    field!(owner_id, K::Owner);
    field!(start_date, K::StartDate);
    field!(due_date, K::DueDate);
    field!(status, K::Status);
    field!(priority, K::Priority);
    field!(progress, K::Progress);
    field!(milestone, K::Milestone);
    field!(labels, K::Labels);
    field!(column_id, K::Column);
    (merged, conflicts, changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaskStatus;
    use chrono::NaiveDate;

    fn date(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 12, d)
    }

    #[test]
    fn kept_mine_takes_every_field_i_changed_and_the_rest_as_it_is_now() {
        let base = TaskInput::titled("Brief");
        let mut mine = base.clone();
        mine.progress = 90;
        mine.due_date = date(10);
        let mut current = base.clone();
        current.progress = 70;
        current.title = "Brief v2".into();
        assert_eq!(merge_task(&base, &mine, &current), Err(vec![K::Progress]));
        let kept = keep_mine(&base, &mine, &current);
        assert_eq!((kept.progress, kept.due_date), (90, date(10)));
        assert_eq!(kept.title, "Brief v2", "what only they changed stays");
        assert_eq!(changed(&base, &mine), vec![K::DueDate, K::Progress]);
        assert!(changed(&base, &base).is_empty());
    }

    #[test]
    fn edits_of_different_fields_both_survive() {
        let base = TaskInput::titled("Brief");
        let mut mine = base.clone();
        mine.title = "Creative brief".into();
        let mut theirs = base.clone();
        theirs.due_date = date(4);
        let merged = merge_task(&base, &mine, &theirs).unwrap();
        assert_eq!(merged.title, "Creative brief");
        assert_eq!(merged.due_date, date(4));
    }

    #[test]
    fn the_same_field_changed_twice_is_a_conflict_unless_both_agree() {
        let base = TaskInput::titled("Brief");
        let mut mine = base.clone();
        mine.due_date = date(5);
        mine.status = TaskStatus::Done;
        let mut theirs = base.clone();
        theirs.due_date = date(4);
        theirs.status = TaskStatus::Done;
        assert_eq!(merge_task(&base, &mine, &theirs), Err(vec![K::DueDate]));
        theirs.due_date = date(5);
        assert_eq!(merge_task(&base, &mine, &theirs).unwrap(), mine);
    }

    #[test]
    fn an_unchanged_edit_keeps_the_current_task() {
        let base = TaskInput::titled("Brief");
        let mut theirs = base.clone();
        theirs.progress = 40;
        assert_eq!(merge_task(&base, &base, &theirs).unwrap(), theirs);
    }
}
