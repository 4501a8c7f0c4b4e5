//! Recording a linked customer's "still not working" after a resolution: their ticket is
//! reopened and, past the threshold, the incident too (decided by the server).

use super::{BoardCtx, CardError};
use crate::api::{self, ApiError};
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{IncidentId, TicketId};

/// A ticket-number field and a button.
#[component]
pub fn StillBroken(incident_id: IncidentId) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let ticket = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(ticket_id) = ticket
            .get_untracked()
            .trim()
            .trim_start_matches('#')
            .parse::<i64>()
            .map(TicketId)
        else {
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r =
                app.call(|c| async move {
                    api::incidents::still_broken(&c, incident_id, ticket_id).await
                })
                .await;
            busy.set(false);
            match r {
                Ok(_) => {
                    ticket.set(String::new());
                    ctx.refresh.run(());
                }
                Err(e) => ctx.failed(error, e),
            }
        });
    };
    view! {
        <form class="still-broken-form" on:submit=submit data-testid="still-broken-form">
            <label>
                <span>{move || app.t(BoardMsg::StillBrokenTicket)}</span>
                <input type="text" inputmode="numeric" required data-testid="still-broken-ticket"
                    prop:value=move || ticket.get() on:input=move |ev| ticket.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="btn btn-secondary" data-testid="still-broken-submit" disabled=move || busy.get()>
                {move || app.t(BoardMsg::StillBrokenRecord)}
            </button>
            <CardError error=error/>
        </form>
    }
}
