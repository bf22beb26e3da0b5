//! A project's health: its status in words and colour, its score, and the reasons.
use leptos::prelude::*;

use crate::domain::health::{Health, HealthReason};
use crate::i18n::{tr, use_i18n, I18n, K};

/// One reason in the reader's language.
pub fn reason_text(i18n: I18n, reason: &HealthReason) -> String {
    let (key, n) = match reason {
        HealthReason::BehindSchedule { points } => (K::ReasonBehindSchedule, *points),
        HealthReason::OverBudget { percent } => (K::ReasonOverBudget, *percent),
        HealthReason::SpendingAhead { points } => (K::ReasonSpendingAhead, *points),
        HealthReason::OverdueTasks { count } => (K::ReasonOverdueTasks, *count),
        HealthReason::KpiBehind { percent, .. } => (K::ReasonKpiBehind, *percent),
    };
    let text = i18n.t(key).replace("{n}", &n.to_string());
    match reason {
        // A KPI without a name of its own goes by its metric, named in the reader's language.
        HealthReason::KpiBehind { name, .. } => match crate::model::KpiMetric::parse(name) {
            Some(metric) => text.replace("{name}", i18n.t(metric.label())),
            None => text.replace("{name}", name),
        },
        _ => text,
    }
}

/// The status as a badge (words and a mark, not colour alone) with the score, and the reasons
/// beneath it.
#[component]
pub fn HealthBadge(health: Health) -> impl IntoView {
    let i18n = use_i18n();
    let status = health.status;
    let reasons = health.reasons;
    view! {
        <div class="health" data-health=status.as_str()>
            <span class=format!("badge health-{}", status.as_str())>
                // The word in an element of its own: two text nodes side by side would be one
                // in the page the server sends, and the browser could not hydrate it.
                <span>{tr(status.label())}</span> " " <b class="health-score">{health.score}</b>
            </span>
            <ul class="health-reasons">
                {reasons
                    .into_iter()
                    .map(|r| view! { <li>{move || reason_text(i18n, &r)}</li> })
                    .collect_view()}
            </ul>
        </div>
    }
}
