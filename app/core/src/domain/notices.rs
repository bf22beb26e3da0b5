//! What a notification says and where it leads, in either language: the notification centre,
//! email and push put it in the same words.
use crate::domain::money::format_amount;
use crate::i18n::{Locale, K};
use crate::model::{AlertKind, NotificationView, NotifyReason};

/// What a notification says, in the reader's language.
pub fn text(n: &NotificationView, locale: Locale) -> String {
    let t = |key: K| key.text(locale);
    let who = n
        .actor
        .as_ref()
        .map(|a| a.display_name.clone())
        .unwrap_or_default();
    match (n.reason, n.kind, &n.detail) {
        (NotifyReason::Mentioned, _, _) => t(K::MentionedText)
            .replace("{who}", &who)
            .replace("{text}", &n.excerpt),
        (NotifyReason::ApprovalWaiting, _, _) => t(K::ApprovalWaitingText)
            .replace("{who}", &who)
            .replace("{title}", &n.project_name),
        (NotifyReason::RequestApproved, _, _) => t(K::RequestApprovedText)
            .replace("{who}", &who)
            .replace("{title}", &n.project_name),
        (NotifyReason::RequestRejected, _, _) => t(K::RequestRejectedText)
            .replace("{who}", &who)
            .replace("{title}", &n.project_name),
        (NotifyReason::Assigned, _, _) => t(K::AssignedText)
            .replace("{who}", &who)
            .replace("{title}", n.task_title.as_deref().unwrap_or_default()),
        (NotifyReason::Commented, _, _) => t(K::CommentedText)
            .replace("{who}", &who)
            .replace(
                "{title}",
                n.task_title.as_deref().unwrap_or(&n.project_name),
            )
            .replace("{text}", &n.excerpt),
        (NotifyReason::Alert, Some(kind), Some(d)) => {
            let key = match kind {
                AlertKind::OverdueTask => K::AlertOverdueText,
                AlertKind::BudgetOverrun => K::AlertOverrunText,
                AlertKind::ApprovalStalled => K::AlertStalledText,
                AlertKind::CheckInMissing => K::AlertCheckInText,
                AlertKind::DueSoon => K::AlertDueSoonText,
            };
            t(key)
                .replace("{title}", &d.title)
                .replace("{n}", &d.days.to_string())
                .replace("{amount}", &format_amount(d.amount, d.currency))
        }
        (NotifyReason::ReportReady, _, _) => {
            t(K::ReportReadyText).replace("{title}", &n.project_name)
        }
        (NotifyReason::ReportSent, _, _) => t(K::ReportSentText)
            .replace("{who}", &who)
            .replace("{title}", &n.project_name),
        (NotifyReason::Alert, _, _) => t(K::ReasonAlert).to_string(),
    }
}

/// Where a notification leads: the task it is about, or its project.
pub fn link(n: &NotificationView) -> String {
    match (n.reason, n.task_id) {
        (NotifyReason::Alert, _) if n.kind == Some(AlertKind::CheckInMissing) => {
            format!("/projects/{}/check-in", n.project_id)
        }
        (NotifyReason::Alert, Some(task)) => {
            format!("/projects/{}/board?task={task}", n.project_id)
        }
        (NotifyReason::Alert, None) => format!("/projects/{}", n.project_id),
        (NotifyReason::ApprovalWaiting, _) => "/approvals".to_string(),
        (NotifyReason::ReportReady | NotifyReason::ReportSent, _) => match n.report_id {
            Some(r) => format!("/projects/{}/reports?report={r}", n.project_id),
            None => format!("/projects/{}/reports", n.project_id),
        },
        (_, Some(task)) => format!("/projects/{}/board?task={task}", n.project_id),
        (_, None) => format!("/projects/{}/activity", n.project_id),
    }
}

/// A short heading: why the person is told, and the project.
pub fn heading(n: &NotificationView, locale: Locale) -> String {
    let why = match n.kind {
        Some(kind) => kind.label(),
        None => n.reason.label(),
    };
    format!("{} · {}", why.text(locale), n.project_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AlertDetail, UserRef};

    fn mention() -> NotificationView {
        NotificationView {
            id: 1,
            reason: NotifyReason::Mentioned,
            kind: None,
            detail: None,
            project_id: 7,
            project_name: "Double 11".into(),
            task_id: Some(9),
            task_title: Some("Poster".into()),
            actor: Some(UserRef {
                id: 2,
                display_name: "张伟".into(),
            }),
            excerpt: "please check".into(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            read: false,
            report_id: None,
        }
    }

    #[test]
    fn a_mention_reads_in_either_language_and_leads_to_its_task() {
        let n = mention();
        assert_eq!(text(&n, Locale::En), "张伟 mentioned you: “please check”");
        assert_eq!(
            text(&n, Locale::Zh),
            "张伟 在评论中提到了你：“please check”"
        );
        assert_eq!(heading(&n, Locale::Zh), "提到了你 · Double 11");
        assert_eq!(link(&n), "/projects/7/board?task=9");
    }

    #[test]
    fn a_check_in_reminder_leads_to_the_check_in() {
        let n = NotificationView {
            reason: NotifyReason::Alert,
            kind: Some(AlertKind::CheckInMissing),
            detail: Some(AlertDetail {
                title: "Double 11".into(),
                days: 0,
                amount: 0,
                currency: Default::default(),
            }),
            task_id: None,
            actor: None,
            ..mention()
        };
        assert_eq!(link(&n), "/projects/7/check-in");
        assert!(heading(&n, Locale::En).ends_with(" · Double 11"));
    }
}
