//! An approval request as people read it, wherever it is shown (the approvals inbox, the
//! project's overview, the budget tab): its steps with approvers and decisions, and the budget
//! change a request holds.
use leptos::prelude::*;

use crate::domain::money::{format_amount, Currency};
use crate::i18n::{tr, use_i18n, K};
use crate::model::{ApprovalRequestView, BudgetChange};

/// The steps of a request: who approves each, how many must, and each decision with its comment.
#[component]
pub fn RequestSteps(request: ApprovalRequestView) -> impl IntoView {
    let i18n = use_i18n();
    let current = request.current_step;
    view! {
        <ol class="approval-steps">
            {request.steps.into_iter().enumerate().map(|(i, s)| {
                let title = if s.name.is_empty() {
                    i18n.t(K::StepN).replace("{n}", &(i + 1).to_string())
                } else {
                    s.name.clone()
                };
                let names = s.approvers.iter().map(|u| u.display_name.clone()).collect::<Vec<_>>().join(", ");
                view! {
                    <li class="approval-step" class:current={current == Some(i)}>
                        <div class="step-head">
                            <strong>{title}</strong>
                            <span class="muted small">{tr(s.mode.label())}</span>
                        </div>
                        <div class="muted small">{names}</div>
                        {s.decisions.into_iter().map(|d| view! {
                            <div class="decision" class:rejected={!d.approve}>
                                <span class="decision-mark">{if d.approve { "✓ " } else { "✗ " }}</span>
                                <span>{d.by.display_name.clone()}</span>
                                <span class="muted small">{d.at.format("%Y-%m-%d %H:%M").to_string()}</span>
                                {(!d.comment.is_empty()).then(|| view! { <div class="comment">{d.comment.clone()}</div> })}
                            </div>
                        }).collect_view()}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// A budget change waiting for approval: the line, its amount before and after, and the raise.
#[component]
pub fn ChangeLine(change: BudgetChange, currency: Currency) -> impl IntoView {
    let raise = change.after.saturating_sub(change.before);
    view! {
        <p class="change-line">
            <strong>{change.name.clone()}</strong>
            {change.line_id.is_none().then(|| view! { <span class="muted small">" (" {tr(K::NewBudgetLine)} ")"</span> })}
            " "
            <span class="amount">{format_amount(change.before, currency)}</span>
            " → "
            <span class="amount strong">{format_amount(change.after, currency)}</span>
            " "
            <span class="chip chip-warn">{if raise >= 0 { "+" } else { "" }} {format_amount(raise, currency)}</span>
        </p>
    }
}
