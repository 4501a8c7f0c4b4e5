//! Lifecycle actions allowed from the current status (the same rule the server applies:
//! `spotdesk_core::validate::transition_allowed`); "planned" asks for its completion date,
//! "resolve" for the resolution note sent to the customer and a cause of the service.

use crate::components::FieldErrorText;
use crate::i18n::TicketMsg;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use spotdesk_api::{FieldError, TicketStatus};
use spotdesk_core::validate::transition_allowed;

/// The statuses reachable from `from`, in lifecycle order.
pub fn next_statuses(from: TicketStatus) -> Vec<TicketStatus> {
    TicketStatus::ALL
        .into_iter()
        .filter(|&to| to != from && transition_allowed(from, to))
        .collect()
}

/// The button text for moving to a status.
pub fn action_msg(to: TicketStatus) -> TicketMsg {
    match to {
        TicketStatus::New => TicketMsg::ActNew,
        TicketStatus::InWork => TicketMsg::ActInWork,
        TicketStatus::Waiting => TicketMsg::ActWaiting,
        TicketStatus::Planned => TicketMsg::ActPlanned,
        TicketStatus::Resolved => TicketMsg::ActResolved,
        TicketStatus::Closed => TicketMsg::ActClosed,
        TicketStatus::Reopened => TicketMsg::ActReopened,
    }
}

/// The code of the first error of `field` among `errors`.
fn code_of(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.code.clone())
}

/// The action buttons. `on_action` gets the target status and, for "planned", the date;
/// `on_resolve` the resolution note and the chosen cause (empty when none was chosen).
#[component]
pub fn Actions(
    #[prop(into)] status: Signal<TicketStatus>,
    /// The planned date as the page holds it (kept while the user types).
    planned: RwSignal<Option<NaiveDate>>,
    on_action: Callback<(TicketStatus, Option<NaiveDate>)>,
    /// The resolution causes of the ticket's service as `(code, name)`.
    #[prop(into)]
    causes: Signal<Vec<(String, String)>>,
    on_resolve: Callback<(String, String)>,
    /// The field errors of the last save, shown beside the resolve form's fields.
    #[prop(into)]
    field_errors: Signal<Vec<FieldError>>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let app = use_app();
    let planning = RwSignal::new(false);
    let missing_date = RwSignal::new(false);
    let resolving = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let cause = RwSignal::new(String::new());
    // A new status (resolved, or reopened later) closes the form.
    Effect::new(move |_| {
        status.track();
        resolving.set(false);
    });
    let note_error = Signal::derive(move || field_errors.with(|e| code_of(e, "status_notes")));
    let cause_error = Signal::derive(move || field_errors.with(|e| code_of(e, "resolution_cause")));
    view! {
        <section class="card actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{move || app.t(TicketMsg::Actions)}</h2>
            <div class="action-buttons" role="group" aria-labelledby="actions-title">
                {move || next_statuses(status.get()).into_iter().map(|to| view! {
                    <button type="button" class="btn" class:btn-primary=to == TicketStatus::InWork
                        data-testid=format!("action-{}", to.as_str()) disabled=move || busy.get()
                        aria-expanded=match to {
                            TicketStatus::Planned => Some(planning.get().to_string()),
                            TicketStatus::Resolved => Some(resolving.get().to_string()),
                            _ => None,
                        }
                        on:click=move |_| {
                            if to == TicketStatus::Planned {
                                planning.update(|p| *p = !*p);
                            } else if to == TicketStatus::Resolved {
                                resolving.update(|r| *r = !*r);
                            } else {
                                on_action.run((to, None));
                            }
                        }>
                        {move || app.t(action_msg(to))}
                    </button>
                }).collect_view()}
            </div>
            {move || (planning.get() && next_statuses(status.get()).contains(&TicketStatus::Planned)).then(|| view! {
                <div class="field-row planned-row">
                    <div class="field" class:has-error=move || missing_date.get()>
                        <label for="planned-date">{move || app.t(TicketMsg::PlannedDate)}</label>
                        <input id="planned-date" type="date" aria-describedby="planned-date-error"
                            aria-invalid=move || missing_date.get().to_string()
                            prop:value=move || planned.get().map(|d| d.to_string()).unwrap_or_default()
                            on:input=move |ev| planned.set(event_target_value(&ev).parse().ok())/>
                        <p id="planned-date-error" class="field-error">
                            {move || missing_date.get().then(|| app.t(TicketMsg::DateNeeded))}
                        </p>
                    </div>
                    <button type="button" class="btn btn-primary" data-testid="action-planned-confirm" disabled=move || busy.get()
                        on:click=move |_| match planned.get_untracked() {
                            Some(d) => { missing_date.set(false); planning.set(false); on_action.run((TicketStatus::Planned, Some(d))); }
                            None => missing_date.set(true),
                        }>
                        {move || app.t(TicketMsg::SetPlanned)}
                    </button>
                </div>
            })}
            {move || (resolving.get() && next_statuses(status.get()).contains(&TicketStatus::Resolved)).then(|| view! {
                <form class="form resolve-form" data-testid="resolve-form" novalidate
                    on:submit=move |ev| {
                        ev.prevent_default();
                        on_resolve.run((note.get_untracked(), cause.get_untracked()));
                    }>
                    <h3>{move || app.t(TicketMsg::ResolveTitle)}</h3>
                    <p class="hint">{move || app.t(TicketMsg::ResolveHint)}</p>
                    {move || (!causes.with(Vec::is_empty)).then(|| view! {
                        <div class="field" class:has-error=move || cause_error.with(Option::is_some)>
                            <label for="resolve-cause">{move || app.t(TicketMsg::FResolutionCause)}</label>
                            <select id="resolve-cause" aria-describedby="resolve-cause-error" required
                                aria-invalid=move || cause_error.with(Option::is_some).to_string()
                                prop:value=move || cause.get()
                                on:change=move |ev| cause.set(event_target_value(&ev))>
                                <option value="">{move || app.t(TicketMsg::ChooseCause)}</option>
                                {move || causes.get().into_iter().map(|(code, name)| view! {
                                    <option value=code.clone() selected=move || cause.with(|c| *c == code)>{name}</option>
                                }).collect_view()}
                            </select>
                            <FieldErrorText id="resolve-cause-error" field="resolution_cause" code=cause_error errors=field_errors/>
                        </div>
                    })}
                    <div class="field" class:has-error=move || note_error.with(Option::is_some)>
                        <label for="resolve-note">{move || app.t(TicketMsg::ResolutionNote)}</label>
                        <textarea id="resolve-note" rows="3" aria-describedby="resolve-note-error" required
                            aria-invalid=move || note_error.with(Option::is_some).to_string()
                            prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        <FieldErrorText id="resolve-note-error" field="status_notes" code=note_error errors=field_errors/>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" data-testid="action-resolved-confirm"
                            disabled=move || busy.get()>
                            {move || app.t(TicketMsg::ConfirmResolve)}
                        </button>
                    </div>
                </form>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    #[test]
    fn mirrors_the_lifecycle() {
        assert_eq!(
            next_statuses(New),
            [InWork, Waiting, Planned, Resolved, Closed]
        );
        assert_eq!(next_statuses(InWork), [Waiting, Planned, Resolved]);
        assert_eq!(next_statuses(Resolved), [InWork, Closed, Reopened]);
        assert_eq!(next_statuses(Closed), [Reopened]);
    }
}
