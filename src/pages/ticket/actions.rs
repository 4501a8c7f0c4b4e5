//! Lifecycle actions allowed from the current status (the same rule the server applies:
//! `spotdesk_core::validate::transition_allowed`); "planned" asks for its completion date.

use crate::i18n::TicketMsg;
use crate::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use spotdesk_api::TicketStatus;
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

/// The action buttons. `on_action` gets the target status and, for "planned", the date.
#[component]
pub fn Actions(
    #[prop(into)] status: Signal<TicketStatus>,
    /// The planned date as the page holds it (kept while the user types).
    planned: RwSignal<Option<NaiveDate>>,
    on_action: Callback<(TicketStatus, Option<NaiveDate>)>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let app = use_app();
    let planning = RwSignal::new(false);
    let missing_date = RwSignal::new(false);
    view! {
        <section class="card actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{move || app.t(TicketMsg::Actions)}</h2>
            <div class="action-buttons" role="group" aria-labelledby="actions-title">
                {move || next_statuses(status.get()).into_iter().map(|to| view! {
                    <button type="button" class="btn" class:btn-primary=to == TicketStatus::InWork
                        data-testid=format!("action-{}", to.as_str()) disabled=move || busy.get()
                        aria-expanded=(to == TicketStatus::Planned).then(|| planning.get().to_string())
                        on:click=move |_| {
                            if to == TicketStatus::Planned {
                                planning.update(|p| *p = !*p);
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
