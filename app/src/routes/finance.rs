//! The KPIs and budget tab: KPI targets with their attainment against the plan so far, the
//! budget by line (committed, paid, remaining), the burn-down, the ROI forecast with its formula,
//! and the expenses. Forms open in a drawer; every change answers with the whole picture.
use crate::loaded::load;
use leptos::prelude::*;

use super::project::use_project;
use crate::api::finance::{
    decide_budget_change, delete_budget_line, delete_expense, delete_kpi, delete_kpi_actual,
    get_finance, record_kpi_actual, save_budget_line, save_expense, save_kpi, set_project_currency,
};
use crate::components::approval_trail::{ChangeLine, RequestSteps};
use crate::components::charts::{burn_down_svg, SvgChart};
use crate::components::dialog::Drawer;
use crate::components::live_connection;
use crate::components::ui::{
    confirm, failed, form_level, format_date, parse_date, today, ErrorBox, FieldError, FormFooter,
    Spinner,
};
use crate::domain::budget::RevenueBasis;
use crate::domain::kpi::{Attainment, Phasing};
use crate::domain::money::{format_amount, scaled, Currency};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{
    ApprovalRequestView, BudgetCategory, BudgetLineInput, BudgetLineView, BudgetPhase, Channel,
    ChannelTargetInput, ExpenseInput, ExpenseState, ExpenseView, Id, KpiActualInput, KpiInput,
    KpiMetric, KpiView, ProjectFinance, RequestStatus,
};

/// What the drawer is showing.
#[derive(Clone, Debug, PartialEq)]
enum Form {
    Kpi(Option<KpiView>),
    Figure(KpiView),
    Line(Option<BudgetLineView>),
    Expense(Option<ExpenseView>),
}

#[derive(Clone, Copy)]
struct Books {
    finance: RwSignal<ProjectFinance>,
    form: RwSignal<Option<Form>>,
    /// The project's own reload: its health changes with the budget and the KPIs.
    project_reload: RwSignal<u32>,
}

impl Books {
    fn currency(&self) -> Currency {
        self.finance.with(|f| f.currency)
    }

    fn money(&self, minor: i64) -> String {
        format_amount(minor, self.currency())
    }

    /// Sends a change; the answer replaces the picture, or the error is shown.
    fn send<F>(&self, error: RwSignal<Option<AppError>>, change: F)
    where
        F: std::future::Future<Output = Result<ProjectFinance, AppError>> + 'static,
    {
        let (finance, form, reload) = (self.finance, self.form, self.project_reload);
        leptos::task::spawn_local(async move {
            match change.await {
                Ok(f) => {
                    finance.set(f);
                    form.set(None);
                    error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    }
}

#[component]
pub fn FinanceTab() -> impl IntoView {
    let ctx = use_project();
    // Keyed on the project only: the body reads the picture again itself when it changes.
    let data = load(
        move || ctx.id.get(),
        |id| async move {
            match id {
                Some(id) => get_finance(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => failed(e),
                    Ok(f) => view! { <FinanceBody f/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn FinanceBody(f: ProjectFinance) -> impl IntoView {
    let books = Books {
        finance: RwSignal::new(f),
        form: RwSignal::new(None),
        project_reload: use_project().reload,
    };
    // Others' changes, and changes of the project's dates (the plan so far moves): read the
    // picture again.
    if let Some(live) = live_connection::use_live() {
        live.on_event(move |event| {
            if event.change.finance || event.change.project {
                let id = books.finance.with_untracked(|f| f.project_id);
                leptos::task::spawn_local(async move {
                    if let Ok(f) = get_finance(id).await {
                        books.finance.set(f);
                    }
                });
            }
        });
    }
    view! {
        <div class="finance">
            <Summary books/>
            <KpiCard books/>
            <div class="finance-grid">
                <BurnCard books/>
                <RoiCard books/>
            </div>
            <BudgetCard books/>
            <BudgetChangesCard books/>
            <ExpensesCard books/>
            {move || books.form.get().map(|form| view! { <FormDrawer books form/> })}
        </div>
    }
}

#[component]
fn Summary(books: Books) -> impl IntoView {
    let stat =
        move |label: K, class: &'static str, value: Box<dyn Fn() -> String + Send + Sync>| {
            view! {
                <div class=format!("stat {class}")>
                    <span class="stat-label">{tr(label)}</span>
                    <span class="stat-value">{value}</span>
                </div>
            }
        };
    let totals = move || books.finance.with(|f| f.totals);
    let over = move || totals().overrun();
    view! {
        <div class="card">
            <div class="stats">
                {stat(K::Planned, "stat-planned", Box::new(move || books.money(totals().planned)))}
                {stat(K::Committed, "stat-committed", Box::new(move || books.money(totals().committed)))}
                {stat(K::Paid, "stat-paid", Box::new(move || books.money(totals().paid)))}
                <div class="stat stat-remaining" class:overrun=over>
                    <span class="stat-label">{tr(K::Remaining)}</span>
                    <span class="stat-value">{move || books.money(totals().remaining())}</span>
                    {move || over().then(|| view! { <span class="chip chip-error">"▲ " {tr(K::Overrun)}</span> })}
                </div>
            </div>
            <p class="muted small">{tr(K::AmountsEncrypted)}</p>
        </div>
    }
}

/// Edit and delete buttons of a row, for those who may change it; deleting asks first.
#[component]
fn RowActions(
    allowed: Signal<bool>,
    on_edit: Callback<()>,
    on_delete: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        allowed.get().then(|| {
            view! {
                <button class="btn btn-text small" on:click=move |_| on_edit.run(())>{tr(K::Edit)}</button>
                <button class="btn btn-text small danger" on:click=move |_| {
                    if confirm(i18n.t(K::ConfirmDelete)) {
                        on_delete.run(());
                    }
                }>{tr(K::Delete)}</button>
            }
        })
    }
}

fn percent(per_mille: Option<i64>) -> String {
    per_mille.map_or_else(|| "–".to_string(), |p| format!("{}%", p / 10))
}

/// A KPI's standing in words and a bar: share of the target, and behind or on plan.
#[component]
fn AttainmentCell(a: Attainment) -> impl IntoView {
    let i18n = use_i18n();
    let width = a.of_target.unwrap_or(0).clamp(0, 1000) as f64 / 10.0;
    let plan = match a.of_plan {
        None => view! { <span class="chip">{tr(K::NothingPlannedYet)}</span> }.into_any(),
        Some(_) if a.behind => {
            view! { <span class="chip chip-error kpi-behind">"▼ " {tr(K::BehindPlan)}</span> }
                .into_any()
        }
        Some(_) => {
            view! { <span class="chip chip-success kpi-on-plan">"✓ " {tr(K::OnPlan)}</span> }
                .into_any()
        }
    };
    let of_target = a.of_target;
    let of_plan = a.of_plan;
    view! {
        <div class="attainment">
            <div class="progress" aria-hidden="true"><div class="progress-fill" class:behind=a.behind style=format!("width:{width}%")></div></div>
            <div class="attainment-text">
                <span class="attainment-target">{move || i18n.t(K::OfTarget).replace("{n}", &percent(of_target).replace('%', ""))}</span>
                {of_plan.map(|_| view! { <span class="muted small">{move || i18n.t(K::OfPlan).replace("{n}", &percent(of_plan).replace('%', ""))}</span> })}
                {plan}
            </div>
        </div>
    }
}

fn kpi_title(i18n: crate::i18n::I18n, k: &KpiView) -> String {
    if k.name.trim().is_empty() {
        i18n.t(k.metric.label()).to_string()
    } else {
        k.name.clone()
    }
}

fn kpi_value(k: &KpiView, value: i64, currency: Currency) -> String {
    let text = k.metric.format_value(value, currency);
    if k.unit.is_empty() {
        text
    } else {
        format!("{text} {}", k.unit)
    }
}

#[component]
fn KpiCard(books: Books) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let perms = move || books.finance.with(|f| f.permissions);
    let rows = move || {
        let (kpis, currency) = books.finance.with(|f| (f.kpis.clone(), f.currency));
        if kpis.is_empty() {
            return view! { <tr><td class="empty" colspan="6">{tr(K::NoKpis)}</td></tr> }
                .into_any();
        }
        kpis.into_iter()
            .map(|k| {
                let title = kpi_title(i18n, &k);
                let (for_edit, for_figure) = (k.clone(), k.clone());
                let kpi_id = k.id;
                let splits = k.splits.clone();
                let split_rows = (!splits.is_empty()).then(|| {
                    let k2 = k.clone();
                    view! {
                        <tr class="kpi-splits">
                            <td colspan="6">
                                <ul class="split-list">
                                    {splits.into_iter().map(|s| view! {
                                        <li>
                                            <span class="split-channel">{tr(s.channel.label())}</span>
                                            <span>{kpi_value(&k2, s.actual, currency)} " / " {kpi_value(&k2, s.target, currency)}</span>
                                            <span class="muted small">{percent(s.attainment.of_target)}</span>
                                            {s.attainment.behind.then(|| view! { <span class="chip chip-error">"▼ " {tr(K::BehindPlan)}</span> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </td>
                        </tr>
                    }
                });
                view! {
                    <tr class="kpi-row" data-metric=k.metric.as_str()>
                        <td data-label=move || i18n.t(K::Metric)><strong class="kpi-title">{title}</strong></td>
                        <td data-label=move || i18n.t(K::Target) class="num">{kpi_value(&k, k.target, currency)}</td>
                        <td data-label=move || i18n.t(K::PlannedSoFar) class="num">{kpi_value(&k, k.planned, currency)}</td>
                        <td data-label=move || i18n.t(K::Actual) class="num kpi-actual">{kpi_value(&k, k.actual, currency)}</td>
                        <td data-label=move || i18n.t(K::Attainment) class="col-attainment"><AttainmentCell a=k.attainment/></td>
                        <td class="row-actions">
                            {move || perms().record.then(|| {
                                let k = for_figure.clone();
                                view! { <button class="btn small enter-figure" on:click=move |_| books.form.set(Some(Form::Figure(k.clone())))>{tr(K::EnterFigure)}</button> }
                            })}
                            <RowActions
                                allowed=Signal::derive(move || perms().edit_kpis)
                                on_edit=Callback::new(move |_| books.form.set(Some(Form::Kpi(Some(for_edit.clone())))))
                                on_delete=Callback::new(move |_| books.send(error, delete_kpi(kpi_id)))
                            />
                        </td>
                    </tr>
                    {split_rows}
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card kpi-card">
            <div class="card-head">
                <h3>{tr(K::Kpis)}</h3>
                {move || perms().edit_kpis.then(|| view! {
                    <button class="btn btn-primary add-kpi" on:click=move |_| books.form.set(Some(Form::Kpi(None)))>"+ " {tr(K::AddKpi)}</button>
                })}
            </div>
            <ErrorBox error/>
            <table class="table responsive kpi-table">
                <thead><tr>
                    <th>{tr(K::Metric)}</th><th class="num">{tr(K::Target)}</th><th class="num">{tr(K::PlannedSoFar)}</th>
                    <th class="num">{tr(K::Actual)}</th><th>{tr(K::Attainment)}</th><th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn BurnCard(books: Books) -> impl IntoView {
    let i18n = use_i18n();
    let render = Callback::new(move |(width, height): (u32, u32)| {
        books
            .finance
            .with(|f| burn_down_svg(&f.burn, f.currency, width, height))
    });
    let has_budget = move || books.finance.with(|f| f.totals.planned > 0);
    view! {
        <section class="card burn-card">
            <h3>{tr(K::BurnDown)}</h3>
            {move || if has_budget() {
                view! {
                    <SvgChart render label=i18n.t(K::BurnDown) class="burn-chart" export="marquee-burn-down"/>
                    <div class="legend">
                        <span class="legend-item"><span class="swatch swatch-dashed"></span>{tr(K::EvenSpending)}</span>
                        <span class="legend-item"><span class="swatch swatch-primary"></span>{tr(K::LeftToSpend)}</span>
                    </div>
                }.into_any()
            } else {
                view! { <p class="muted">{tr(K::NoBudgetLines)}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn RoiCard(books: Books) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || {
        let f = books.finance.get();
        let money = |v| format_amount(v, f.currency);
        let Some(roi) = f.roi else {
            return view! { <p class="muted">{tr(K::RoiNeedsRevenue)}</p> }.into_any();
        };
        let Some(value) = roi.roi else {
            return view! { <p class="muted">{tr(K::RoiNeedsBudget)}</p> }.into_any();
        };
        let roi_text = KpiMetric::Roi.format_value(value, f.currency);
        let formula = i18n
            .t(K::RoiFormula)
            .replace("{revenue}", &money(roi.revenue))
            .replace("{cost}", &money(roi.cost))
            .replace("{roi}", &roi_text);
        let revenue_kpi = f
            .kpis
            .iter()
            .find(|k| k.metric == KpiMetric::Revenue)
            .cloned();
        let basis = match roi.basis {
            RevenueBasis::Target => i18n.t(K::RoiBasisTarget).to_string(),
            RevenueBasis::Actual => i18n.t(K::RoiBasisActual).to_string(),
            RevenueBasis::Pace => {
                let (actual, planned) = revenue_kpi
                    .map(|k| (k.actual, k.planned))
                    .unwrap_or_default();
                i18n.t(K::RoiBasisPace)
                    .replace("{actual}", &money(actual))
                    .replace("{planned}", &money(planned))
            }
        };
        view! {
            <div class="roi-value" class:negative={value < 0}>{roi_text}</div>
            <p class="roi-formula"><code>{formula}</code></p>
            <p class="muted small">{basis}</p>
            <p class="muted small">{tr(K::RoiCost)}</p>
        }
        .into_any()
    };
    view! {
        <section class="card roi-card">
            <h3>{tr(K::RoiForecastTitle)}</h3>
            {body}
        </section>
    }
}

#[component]
fn BudgetCard(books: Books) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let perms = move || books.finance.with(|f| f.permissions);
    let rows = move || {
        let lines = books.finance.with(|f| f.lines.clone());
        if lines.is_empty() {
            return view! { <tr><td class="empty" colspan="9">{tr(K::NoBudgetLines)}</td></tr> }
                .into_any();
        }
        lines
            .into_iter()
            .map(|l| {
                let s = l.standing;
                let line_id = l.id;
                let for_edit = l.clone();
                let waiting = books.finance.with(|f| {
                    f.budget_changes.iter().any(|r| {
                        r.status == RequestStatus::Pending
                            && r.change.as_ref().is_some_and(|c| c.line_id == Some(line_id))
                    })
                });
                view! {
                    <tr class="budget-row" class:overrun=s.overrun()>
                        <td data-label=move || i18n.t(K::BudgetLineName)>
                            <strong>{l.name.clone()}</strong>
                            {waiting.then(|| view! { " " <span class="chip chip-warn change-waiting">{tr(K::RequestPending)}</span> })}
                        </td>
                        <td data-label=move || i18n.t(K::Channel)>{l.channel.map(|c| tr(c.label()).into_any()).unwrap_or_else(|| "–".into_any())}</td>
                        <td data-label=move || i18n.t(K::Category)>{tr(l.category.label())}</td>
                        <td data-label=move || i18n.t(K::Phase)>{tr(l.phase.label())}</td>
                        <td data-label=move || i18n.t(K::Planned) class="num">{books.money(s.planned)}</td>
                        <td data-label=move || i18n.t(K::Committed) class="num">{books.money(s.committed)}</td>
                        <td data-label=move || i18n.t(K::Paid) class="num">{books.money(s.paid)}</td>
                        <td data-label=move || i18n.t(K::Remaining) class="num line-remaining">
                            {books.money(s.remaining())}
                            {s.overrun().then(|| view! { " " <span class="chip chip-error">"▲ " {tr(K::Overrun)}</span> })}
                        </td>
                        <td class="row-actions">
                            <RowActions
                                allowed=Signal::derive(move || perms().edit_budget)
                                on_edit=Callback::new(move |_| books.form.set(Some(Form::Line(Some(for_edit.clone())))))
                                on_delete=Callback::new(move |_| books.send(error, delete_budget_line(line_id)))
                            />
                        </td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    let totals = move || books.finance.with(|f| f.totals);
    let currency_picker = move || {
        let f = books.finance.get();
        let editable = f.permissions.edit_budget && !f.currency_locked;
        let current = f.currency;
        let project_id = f.project_id;
        view! {
            <label class="currency-picker">
                <span class="muted small">{tr(K::Currency)}</span>
                <select disabled=!editable on:change=move |ev| {
                    if let Some(c) = Currency::parse(&event_target_value(&ev)) {
                        books.send(error, set_project_currency(project_id, c));
                    }
                }>
                    {Currency::ALL.iter().map(|c| view! { <option value=c.code() selected=*c == current>{c.code()}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <section class="card budget-card">
            <div class="card-head">
                <h3>{tr(K::Budget)}</h3>
                <div class="head-actions">
                    {currency_picker}
                    {move || perms().edit_budget.then(|| view! {
                        <button class="btn btn-primary add-line" on:click=move |_| books.form.set(Some(Form::Line(None)))>"+ " {tr(K::AddBudgetLine)}</button>
                    })}
                </div>
            </div>
            <ErrorBox error/>
            <table class="table responsive budget-table">
                <thead><tr>
                    <th>{tr(K::BudgetLineName)}</th><th>{tr(K::Channel)}</th><th>{tr(K::Category)}</th><th>{tr(K::Phase)}</th>
                    <th class="num">{tr(K::Planned)}</th><th class="num">{tr(K::Committed)}</th><th class="num">{tr(K::Paid)}</th>
                    <th class="num">{tr(K::Remaining)}</th><th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr class="total-row">
                        <td colspan="4"><strong>{tr(K::Total)}</strong></td>
                        <td class="num" data-label=move || i18n.t(K::Planned)>{move || books.money(totals().planned)}</td>
                        <td class="num" data-label=move || i18n.t(K::Committed)>{move || books.money(totals().committed)}</td>
                        <td class="num" data-label=move || i18n.t(K::Paid)>{move || books.money(totals().paid)}</td>
                        <td class="num budget-remaining" data-label=move || i18n.t(K::Remaining)>{move || books.money(totals().remaining())}</td>
                        <td></td>
                    </tr>
                </tfoot>
            </table>
        </section>
    }
}

/// Budget changes sent for approval: what each asks, where it stands, and — for whoever
/// decides now — approve or reject with a comment.
#[component]
fn BudgetChangesCard(books: Books) -> impl IntoView {
    let changes = move || books.finance.with(|f| f.budget_changes.clone());
    view! {
        <Show when=move || books.finance.with(|f| !f.budget_changes.is_empty())>
            <section class="card budget-changes">
                <h3>{tr(K::BudgetChanges)}</h3>
                <For each=changes key=|r| (r.id, r.status, r.steps.iter().map(|s| s.decisions.len()).sum::<usize>()) let:request>
                    <ChangeRequest books request/>
                </For>
            </section>
        </Show>
    }
}

#[component]
fn ChangeRequest(books: Books, request: ApprovalRequestView) -> impl IntoView {
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let request_id = request.id;
    let decide = move |approve: bool| {
        let project_id = books.finance.with_untracked(|f| f.project_id);
        books.send(error, async move {
            decide_budget_change(request_id, approve, comment.get_untracked()).await?;
            get_finance(project_id).await
        });
    };
    let state = match request.status {
        RequestStatus::Pending => {
            view! { <span class="chip chip-warn">{tr(K::ChangeWaits)}</span> }.into_any()
        }
        RequestStatus::Approved => {
            view! { <span class="chip chip-success">"✓ " {tr(K::ChangeApplied)}</span> }.into_any()
        }
        RequestStatus::Rejected => {
            view! { <span class="chip chip-error">"✗ " {tr(K::ChangeRejected)}</span> }.into_any()
        }
    };
    let submitted = use_i18n()
        .t(K::SubmittedBy)
        .replace("{name}", &request.submitted_by.display_name);
    view! {
        <article class="change-request" data-request=request_id data-status=request.status.as_str()>
            {request.change.clone().map(|c| view! { <ChangeLine change=c currency=books.currency()/> })}
            <div class="change-state">{state}</div>
            <div class="muted small">{request.flow_name.clone()} " · " {submitted} " · " {request.submitted_at.format("%Y-%m-%d %H:%M").to_string()}</div>
            <RequestSteps request=request.clone()/>
            {request.you_decide.then(|| view! {
                <div class="field">
                    <label for=format!("change-comment-{request_id}")>{tr(K::Comment)}</label>
                    <textarea id=format!("change-comment-{request_id}") class="decision-comment" rows="2" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    <FieldError error field="comment"/>
                </div>
                <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
                <div class="button-row">
                    <button class="btn btn-primary approve" on:click=move |_| decide(true)>{tr(K::ApproveChange)}</button>
                    <button class="btn btn-danger reject" on:click=move |_| decide(false)>{tr(K::RejectChange)}</button>
                </div>
            })}
        </article>
    }
}

#[component]
fn ExpensesCard(books: Books) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let perms = move || books.finance.with(|f| f.permissions);
    let can_add = move || {
        books
            .finance
            .with(|f| f.permissions.record && !f.lines.is_empty())
    };
    let rows = move || {
        let (expenses, lines) = books
            .finance
            .with(|f| (f.expenses.clone(), f.lines.clone()));
        if expenses.is_empty() {
            return view! { <tr><td class="empty" colspan="7">{tr(K::NoExpenses)}</td></tr> }
                .into_any();
        }
        expenses
            .into_iter()
            .map(|e| {
                let line = lines.iter().find(|l| l.id == e.line_id).map(|l| l.name.clone()).unwrap_or_default();
                let expense_id = e.id;
                let for_edit = e.clone();
                view! {
                    <tr class="expense-row">
                        <td data-label=move || i18n.t(K::Day)>{format_date(Some(e.day))}</td>
                        <td data-label=move || i18n.t(K::BudgetLineName)>{line}</td>
                        <td data-label=move || i18n.t(K::Vendor)>{e.vendor.clone()}</td>
                        <td data-label=move || i18n.t(K::Amount) class="num">{books.money(e.amount)}</td>
                        <td data-label=move || i18n.t(K::ExpenseState)><span class=format!("chip expense-{}", e.state.as_str())>{tr(e.state.label())}</span></td>
                        <td data-label=move || i18n.t(K::Note) class="muted">{e.note.clone()}</td>
                        <td class="row-actions">
                            <RowActions
                                allowed=Signal::derive(move || perms().record)
                                on_edit=Callback::new(move |_| books.form.set(Some(Form::Expense(Some(for_edit.clone())))))
                                on_delete=Callback::new(move |_| books.send(error, delete_expense(expense_id)))
                            />
                        </td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card expenses-card">
            <div class="card-head">
                <h3>{tr(K::Expenses)}</h3>
                {move || can_add().then(|| view! {
                    <button class="btn btn-primary record-expense" on:click=move |_| books.form.set(Some(Form::Expense(None)))>"+ " {tr(K::RecordExpense)}</button>
                })}
            </div>
            <ErrorBox error/>
            <table class="table responsive expense-table">
                <thead><tr>
                    <th>{tr(K::Day)}</th><th>{tr(K::BudgetLineName)}</th><th>{tr(K::Vendor)}</th><th class="num">{tr(K::Amount)}</th>
                    <th>{tr(K::ExpenseState)}</th><th>{tr(K::Note)}</th><th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn FormDrawer(books: Books, form: Form) -> impl IntoView {
    let close = move || books.form.set(None);
    let (heading, body) = match form {
        Form::Kpi(k) => (
            if k.is_some() { K::EditKpi } else { K::AddKpi },
            view! { <KpiForm books kpi=k/> }.into_any(),
        ),
        Form::Figure(k) => (
            K::EnterFigure,
            view! { <FigureForm books kpi=k/> }.into_any(),
        ),
        Form::Line(l) => (
            if l.is_some() {
                K::EditBudgetLine
            } else {
                K::AddBudgetLine
            },
            view! { <LineForm books line=l/> }.into_any(),
        ),
        Form::Expense(e) => (
            if e.is_some() {
                K::EditExpense
            } else {
                K::RecordExpense
            },
            view! { <ExpenseForm books expense=e/> }.into_any(),
        ),
    };
    view! {
        <Drawer label=heading class="finance-drawer" on_close=move |()| close()>
            <div class="drawer-head">
                <h2>{tr(heading)}</h2>
                <button type="button" class="btn btn-text" aria-label=tr(K::Close) on:click=move |_| close()>"✕"</button>
            </div>
            {body}
        </Drawer>
    }
}

/// Curve points typed as percentages ("10, 30, 100") in per mille; `None` if one is not a number.
fn curve_from_text(text: &str) -> Option<Vec<u16>> {
    text.split([',', '，', ' ', ';'])
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            let v = scaled(s.trim().trim_end_matches(['%', '％']), 1).ok()?;
            u16::try_from(v).ok()
        })
        .collect()
}

fn curve_to_text(points: &[u16]) -> String {
    points
        .iter()
        .map(|p| {
            if p % 10 == 0 {
                format!("{}", p / 10)
            } else {
                format!("{}.{}", p / 10, p % 10)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn KpiForm(books: Books, kpi: Option<KpiView>) -> impl IntoView {
    let i18n = use_i18n();
    let currency = books.currency();
    let error = RwSignal::new(None::<AppError>);
    let (project_id, id, version) = (
        books.finance.with_untracked(|f| f.project_id),
        kpi.as_ref().map(|k| k.id),
        kpi.as_ref().map_or(0, |k| k.version),
    );
    let metric = RwSignal::new(kpi.as_ref().map_or(KpiMetric::Impressions, |k| k.metric));
    let name = RwSignal::new(kpi.as_ref().map(|k| k.name.clone()).unwrap_or_default());
    let unit = RwSignal::new(kpi.as_ref().map(|k| k.unit.clone()).unwrap_or_default());
    let target = RwSignal::new(
        kpi.as_ref()
            .map(|k| k.metric.format_value(k.target, currency))
            .unwrap_or_default(),
    );
    let (initial_curve, curve_text) = match kpi.as_ref().map(|k| k.phasing.clone()) {
        Some(Phasing::Curve(points)) => (true, curve_to_text(&points)),
        _ => (false, String::new()),
    };
    let use_curve = RwSignal::new(initial_curve);
    let curve = RwSignal::new(curve_text);
    let splits = RwSignal::new(
        kpi.as_ref()
            .map(|k| {
                k.splits
                    .iter()
                    .map(|s| (s.channel, k.metric.format_value(s.target, currency)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let phasing = if use_curve.get_untracked() {
            match curve_from_text(&curve.get_untracked()) {
                Some(points) => Phasing::Curve(points),
                None => {
                    error.set(Some(AppError::invalid("phasing", K::ErrAmount)));
                    return;
                }
            }
        } else {
            Phasing::Linear
        };
        let input = KpiInput {
            project_id,
            id,
            version,
            metric: metric.get_untracked(),
            name: name.get_untracked(),
            unit: unit.get_untracked(),
            target: target.get_untracked(),
            phasing,
            splits: splits
                .get_untracked()
                .into_iter()
                .map(|(channel, target)| ChannelTargetInput { channel, target })
                .collect(),
        };
        books.send(error, save_kpi(input));
    };
    let split_rows = move || {
        splits
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, (channel, value))| {
                view! {
                    <div class="split-row">
                        <select aria-label=tr(K::Channel) on:change=move |ev| {
                            if let Some(c) = Channel::parse(&event_target_value(&ev)) {
                                splits.update(|all| all[i].0 = c);
                            }
                        }>
                            {Channel::ALL.iter().map(|c| view! { <option value=c.as_str() selected=*c == channel>{tr(c.label())}</option> }).collect_view()}
                        </select>
                        <input class="split-target" inputmode="decimal" aria-label=tr(K::Target) prop:value=value on:change=move |ev| {
                            let v = event_target_value(&ev);
                            splits.update(|all| all[i].1 = v);
                        }/>
                        <button type="button" class="btn btn-text small" aria-label=tr(K::Remove) on:click=move |_| splits.update(|all| { all.remove(i); })>"✕"</button>
                        <FieldError error field=format!("splits.{i}")/>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <form class="form" on:submit=save novalidate>
            <div class="field">
                <label for="kpi-metric">{tr(K::Metric)}</label>
                <select id="kpi-metric" on:change=move |ev| if let Some(m) = KpiMetric::parse(&event_target_value(&ev)) { metric.set(m) }>
                    {KpiMetric::ALL.iter().map(|m| { let m = *m; view! { <option value=m.as_str() selected=m == metric.get_untracked()>{tr(m.label())}</option> } }).collect_view()}
                </select>
                <FieldError error field="metric"/>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="kpi-name">{tr(K::KpiName)}</label>
                    <input id="kpi-name" maxlength="120" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    <FieldError error field="name"/>
                </div>
                {move || (metric.get() == KpiMetric::Custom).then(|| view! {
                    <div class="field">
                        <label for="kpi-unit">{tr(K::Unit)}</label>
                        <input id="kpi-unit" maxlength="20" prop:value=unit on:input=move |ev| unit.set(event_target_value(&ev))/>
                        <FieldError error field="unit"/>
                    </div>
                })}
            </div>
            <div class="field">
                <label for="kpi-target">{tr(K::Target)}</label>
                <input id="kpi-target" inputmode="decimal" placeholder=move || match metric.get().unit() {
                    crate::domain::kpi::KpiUnit::BasisPoints => "2.5%",
                    crate::domain::kpi::KpiUnit::Money => "50,000.00",
                    crate::domain::kpi::KpiUnit::Count => "1.2万",
                } prop:value=target on:input=move |ev| target.set(event_target_value(&ev))/>
                <FieldError error field="target"/>
            </div>
            <fieldset class="field plain">
                <legend>{tr(K::Phasing)}</legend>
                <label class="radio"><input type="radio" name="phasing" checked=!initial_curve on:change=move |_| use_curve.set(false)/>{tr(K::PhasingLinear)}</label>
                <label class="radio"><input type="radio" name="phasing" class="phasing-curve" checked=initial_curve on:change=move |_| use_curve.set(true)/>{tr(K::PhasingCurve)}</label>
                {move || use_curve.get().then(|| view! {
                    <input id="kpi-curve" aria-label=tr(K::CurvePoints) placeholder="10, 30, 100" prop:value=curve on:input=move |ev| curve.set(event_target_value(&ev))/>
                    <div class="muted small">{tr(K::CurvePoints)}</div>
                })}
                <FieldError error field="phasing"/>
            </fieldset>
            <fieldset class="field plain">
                <legend>{tr(K::ChannelSplit)}</legend>
                {split_rows}
                <button type="button" class="btn small add-split" on:click=move |_| splits.update(|all| {
                    let next = Channel::ALL.iter().find(|c| !all.iter().any(|(u, _)| u == *c)).copied().unwrap_or(Channel::Other);
                    all.push((next, String::new()));
                })>"+ " {tr(K::Channel)}</button>
                <FieldError error field="splits"/>
            </fieldset>
            <FormFooter error on_cancel=Callback::new(move |_| books.form.set(None))/>
            <p class="muted small">{move || i18n.t(K::Currency).to_string() + ": " + currency.code()}</p>
        </form>
    }
}

#[component]
fn FigureForm(books: Books, kpi: KpiView) -> impl IntoView {
    let i18n = use_i18n();
    let currency = books.currency();
    let error = RwSignal::new(None::<AppError>);
    let day = RwSignal::new(today().to_string());
    let channel = RwSignal::new(None::<Channel>);
    let value = RwSignal::new(String::new());
    let kpi_id = kpi.id;
    let title = kpi_title(i18n, &kpi);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = parse_date(&day.get_untracked()) else {
            error.set(Some(AppError::invalid("day", K::ErrRequired)));
            return;
        };
        books.send(
            error,
            record_kpi_actual(KpiActualInput {
                kpi_id,
                day: d,
                channel: channel.get_untracked(),
                value: value.get_untracked(),
            }),
        );
    };
    let entries = kpi.entries.clone();
    let k = kpi.clone();
    view! {
        <form class="form" on:submit=save novalidate>
            <p><strong>{title}</strong> " · " <span class="muted">{tr(K::Target)} ": " {kpi_value(&kpi, kpi.target, currency)}</span></p>
            <div class="field-row">
                <div class="field">
                    <label for="figure-day">{tr(K::Day)}</label>
                    <input id="figure-day" type="date" prop:value=day on:input=move |ev| day.set(event_target_value(&ev))/>
                    <FieldError error field="day"/>
                </div>
                <div class="field">
                    <label for="figure-channel">{tr(K::Channel)}</label>
                    <select id="figure-channel" on:change=move |ev| channel.set(Channel::parse(&event_target_value(&ev)))>
                        <option value="">{tr(K::WholeCampaign)}</option>
                        {Channel::ALL.iter().map(|c| view! { <option value=c.as_str()>{tr(c.label())}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="figure-value">{tr(K::Value)}</label>
                <input id="figure-value" inputmode="decimal" prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
                <FieldError error field="value"/>
            </div>
            <FormFooter error on_cancel=Callback::new(move |_| books.form.set(None))/>
            {(!entries.is_empty()).then(|| view! {
                <h4>{tr(K::Figures)}</h4>
                <ul class="figure-list">
                    {entries.into_iter().map(|e| {
                        let entry_id = e.id;
                        view! {
                            <li>
                                <span>{e.day.to_string()}</span>
                                <span class="muted">{e.channel.map(|c| tr(c.label()).into_any()).unwrap_or_else(|| tr(K::WholeCampaign).into_any())}</span>
                                <span class="num">{kpi_value(&k, e.value, currency)}</span>
                                <button type="button" class="btn btn-text small danger" on:click=move |_| {
                                    if confirm(i18n.t(K::ConfirmDelete)) {
                                        books.send(error, delete_kpi_actual(entry_id));
                                    }
                                }>{tr(K::Delete)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </form>
    }
}

#[component]
fn LineForm(books: Books, line: Option<BudgetLineView>) -> impl IntoView {
    let currency = books.currency();
    let error = RwSignal::new(None::<AppError>);
    let project_id = books.finance.with_untracked(|f| f.project_id);
    let (id, version) = (
        line.as_ref().map(|l| l.id),
        line.as_ref().map_or(0, |l| l.version),
    );
    let name = RwSignal::new(line.as_ref().map(|l| l.name.clone()).unwrap_or_default());
    let channel = RwSignal::new(line.as_ref().and_then(|l| l.channel));
    let category = RwSignal::new(line.as_ref().map_or(BudgetCategory::Media, |l| l.category));
    let phase = RwSignal::new(line.as_ref().map_or(BudgetPhase::Launch, |l| l.phase));
    let planned = RwSignal::new(
        line.as_ref()
            .map(|l| format_amount(l.standing.planned, currency))
            .unwrap_or_default(),
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        books.send(
            error,
            save_budget_line(BudgetLineInput {
                project_id,
                id,
                version,
                name: name.get_untracked(),
                channel: channel.get_untracked(),
                category: category.get_untracked(),
                phase: phase.get_untracked(),
                planned: planned.get_untracked(),
            }),
        );
    };
    let initial_channel = channel.get_untracked();
    let initial_category = category.get_untracked();
    let initial_phase = phase.get_untracked();
    view! {
        <form class="form" on:submit=save novalidate>
            <div class="field">
                <label for="line-name">{tr(K::BudgetLineName)}</label>
                <input id="line-name" maxlength="120" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <FieldError error field="name"/>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="line-channel">{tr(K::Channel)}</label>
                    <select id="line-channel" on:change=move |ev| channel.set(Channel::parse(&event_target_value(&ev)))>
                        <option value="">"–"</option>
                        {Channel::ALL.iter().map(|c| view! { <option value=c.as_str() selected=Some(*c) == initial_channel>{tr(c.label())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="line-category">{tr(K::Category)}</label>
                    <select id="line-category" on:change=move |ev| if let Some(c) = BudgetCategory::parse(&event_target_value(&ev)) { category.set(c) }>
                        {BudgetCategory::ALL.iter().map(|c| view! { <option value=c.as_str() selected=*c == initial_category>{tr(c.label())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="line-phase">{tr(K::Phase)}</label>
                    <select id="line-phase" on:change=move |ev| if let Some(p) = BudgetPhase::parse(&event_target_value(&ev)) { phase.set(p) }>
                        {BudgetPhase::ALL.iter().map(|p| view! { <option value=p.as_str() selected=*p == initial_phase>{tr(p.label())}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="line-planned">{tr(K::Planned)} " (" {currency.code()} ")"</label>
                <input id="line-planned" inputmode="decimal" placeholder="5万" prop:value=planned on:input=move |ev| planned.set(event_target_value(&ev))/>
                <FieldError error field="planned"/>
            </div>
            <FormFooter error on_cancel=Callback::new(move |_| books.form.set(None))/>
        </form>
    }
}

#[component]
fn ExpenseForm(books: Books, expense: Option<ExpenseView>) -> impl IntoView {
    let currency = books.currency();
    let error = RwSignal::new(None::<AppError>);
    let (project_id, lines) = books
        .finance
        .with_untracked(|f| (f.project_id, f.lines.clone()));
    let (id, version) = (
        expense.as_ref().map(|e| e.id),
        expense.as_ref().map_or(0, |e| e.version),
    );
    let first_line: Option<Id> = lines.first().map(|l| l.id);
    let line_id = RwSignal::new(expense.as_ref().map(|e| e.line_id).or(first_line));
    let day = RwSignal::new(
        expense
            .as_ref()
            .map_or_else(|| today().to_string(), |e| e.day.to_string()),
    );
    let vendor = RwSignal::new(
        expense
            .as_ref()
            .map(|e| e.vendor.clone())
            .unwrap_or_default(),
    );
    let amount = RwSignal::new(
        expense
            .as_ref()
            .map(|e| format_amount(e.amount, currency))
            .unwrap_or_default(),
    );
    let state = RwSignal::new(
        expense
            .as_ref()
            .map_or(ExpenseState::Committed, |e| e.state),
    );
    let note = RwSignal::new(expense.as_ref().map(|e| e.note.clone()).unwrap_or_default());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(d) = parse_date(&day.get_untracked()) else {
            error.set(Some(AppError::invalid("day", K::ErrRequired)));
            return;
        };
        let Some(line) = line_id.get_untracked() else {
            error.set(Some(AppError::invalid("line_id", K::ErrUnknownBudgetLine)));
            return;
        };
        books.send(
            error,
            save_expense(ExpenseInput {
                project_id,
                id,
                version,
                line_id: line,
                day: d,
                vendor: vendor.get_untracked(),
                amount: amount.get_untracked(),
                state: state.get_untracked(),
                note: note.get_untracked(),
            }),
        );
    };
    let initial_line = line_id.get_untracked();
    let initial_state = state.get_untracked();
    view! {
        <form class="form" on:submit=save novalidate>
            <div class="field">
                <label for="expense-line">{tr(K::BudgetLineName)}</label>
                <select id="expense-line" on:change=move |ev| line_id.set(event_target_value(&ev).parse().ok())>
                    {lines.iter().map(|l| view! { <option value=l.id.to_string() selected=Some(l.id) == initial_line>{l.name.clone()}</option> }).collect_view()}
                </select>
                <FieldError error field="line_id"/>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="expense-day">{tr(K::Day)}</label>
                    <input id="expense-day" type="date" prop:value=day on:input=move |ev| day.set(event_target_value(&ev))/>
                    <FieldError error field="day"/>
                </div>
                <div class="field">
                    <label for="expense-state">{tr(K::ExpenseState)}</label>
                    <select id="expense-state" on:change=move |ev| if let Some(s) = ExpenseState::parse(&event_target_value(&ev)) { state.set(s) }>
                        {ExpenseState::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == initial_state>{tr(s.label())}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="expense-vendor">{tr(K::Vendor)}</label>
                <input id="expense-vendor" maxlength="120" prop:value=vendor on:input=move |ev| vendor.set(event_target_value(&ev))/>
                <FieldError error field="vendor"/>
            </div>
            <div class="field">
                <label for="expense-amount">{tr(K::Amount)} " (" {currency.code()} ")"</label>
                <input id="expense-amount" inputmode="decimal" placeholder="12,000.00" prop:value=amount on:input=move |ev| amount.set(event_target_value(&ev))/>
                <FieldError error field="amount"/>
            </div>
            <div class="field">
                <label for="expense-note">{tr(K::Note)}</label>
                <textarea id="expense-note" rows="2" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <FieldError error field="note"/>
            </div>
            <FormFooter error on_cancel=Callback::new(move |_| books.form.set(None))/>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_points_are_typed_as_percentages() {
        assert_eq!(curve_from_text("10, 30, 100"), Some(vec![100, 300, 1000]));
        assert_eq!(curve_from_text("12.5%，100%"), Some(vec![125, 1000]));
        assert_eq!(curve_from_text("10, x"), None);
        assert_eq!(curve_to_text(&[125, 1000]), "12.5, 100");
    }
}
