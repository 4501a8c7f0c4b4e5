//! The complaints reopened by "still not working" since an incident's resolution, listed on
//! its card (issue 22), so the coordinator sees who reported it again and where.

use crate::api;
use crate::i18n::{status_msg, BoardMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Incident, TicketQuery, TicketStatus};

/// Most reopened complaints listed on a card.
const SHOWN: u32 = 20;

/// The incident's linked tickets that are reopened now, each a link to the ticket; asked for
/// again whenever the incident changes, shown only while it has "still broken" reports.
#[component]
pub fn ReopenedComplaints(#[prop(into)] incident: Signal<Incident>) -> impl IntoView {
    let app = use_app();
    let key = Memo::new(move |_| incident.with(|i| (i.id, i.version, i.still_broken_reports)));
    let found = LocalResource::new(move || {
        let (id, _, reports) = key.get();
        async move {
            if reports == 0 {
                return Vec::new();
            }
            let q = TicketQuery {
                incident_id: Some(id),
                status: Some(TicketStatus::Reopened.as_str().to_owned()),
                limit: Some(SHOWN),
                ..Default::default()
            };
            app.call(|c| async move { api::tickets::list(&c, &q).await })
                .await
                .map(|p| p.items)
                .unwrap_or_default()
        }
    });
    move || {
        let list = found.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|t| {
                    let (id, status) = (t.id.0, t.status);
                    view! {
                        <li data-testid="reopened-ticket">
                            <a href=format!("/tickets/{id}")>{format!("#{id}")}</a>
                            " · " {t.address_string.clone()} " · " {move || app.t(status_msg(status))}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="reopened" data-testid="reopened-complaints">
                    <p class="small">{move || app.t(BoardMsg::ReopenedComplaints)}</p>
                    <ul class="plain-list">{items}</ul>
                </div>
            }
        })
    }
}
