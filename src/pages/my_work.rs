//! `/my-work`: what is assigned to the signed-in user (issue 22, "my queue"): their open
//! tickets (the shared ticket table, `GET /tickets?assignee=me`, earliest deadline first),
//! active incidents (each a link to its card on the board) and open spots (each a link to
//! its panel on the map), with an empty state when nothing is.

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Skeleton, TicketTable};
use crate::i18n::{incident_status_msg, spot_status_msg, WorkMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{
    Incident, Spot, SpotStatus, Ticket, TicketQuery, TicketSort, TicketStatus, UserId,
};

/// Most tickets listed (one page of the list; the rest are reached from the ticket list).
const MAX_TICKETS: u32 = 200;

/// Everything assigned to one person.
#[derive(Debug, Clone, Default, PartialEq)]
struct Assigned {
    tickets: Vec<Ticket>,
    incidents: Vec<Incident>,
    spots: Vec<Spot>,
}

impl Assigned {
    fn is_empty(&self) -> bool {
        self.tickets.is_empty() && self.incidents.is_empty() && self.spots.is_empty()
    }
}

/// The open statuses, as the list's `status` filter.
fn open_statuses() -> String {
    TicketStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(TicketStatus::as_str)
        .collect::<Vec<_>>()
        .join(",")
}

/// The active incidents assigned to `me`.
fn my_incidents(all: Vec<Incident>, me: UserId) -> Vec<Incident> {
    all.into_iter()
        .filter(|i| i.status.is_active() && i.assignee.as_ref().is_some_and(|a| a.id == me))
        .collect()
}

/// The open spots assigned to `me`.
fn my_spots(all: Vec<Spot>, me: UserId) -> Vec<Spot> {
    all.into_iter()
        .filter(|s| {
            s.status != SpotStatus::Resolved && s.assignee.as_ref().is_some_and(|a| a.id == me)
        })
        .collect()
}

async fn load(app: crate::state::AppState, me: UserId) -> Result<Assigned, ApiError> {
    let q = TicketQuery {
        assignee: Some("me".to_owned()),
        status: Some(open_statuses()),
        sort: Some(TicketSort::DeadlineAsc),
        limit: Some(MAX_TICKETS),
        ..Default::default()
    };
    let tickets = app
        .call(|c| async move { api::tickets::list(&c, &q).await })
        .await?
        .items;
    let incidents = app
        .call(|c| async move { api::incidents::list(&c).await })
        .await?;
    let spots = app
        .call(|c| async move { api::spots::list(&c).await })
        .await?;
    Ok(Assigned {
        tickets,
        incidents: my_incidents(incidents, me),
        spots: my_spots(spots, me),
    })
}

/// The page.
#[component]
pub fn MyWorkPage() -> impl IntoView {
    let app = use_app();
    let retry = RwSignal::new(0u32);
    let me = Memo::new(move |_| app.session.with(|s| s.as_ref().map(|s| s.user.id)));
    let found = LocalResource::new(move || {
        retry.track();
        let me = me.get();
        async move {
            match me {
                Some(me) => load(app, me).await,
                None => Ok(Assigned::default()),
            }
        }
    });
    let catalogue = app.catalogue_resource();
    let cat = Signal::derive(move || catalogue.get().and_then(Result::ok));
    let error = move || found.get().and_then(Result::err);
    view! {
        <section class="page my-work-page" aria-busy=move || found.get().is_none().to_string()>
            <h1>{move || app.t(WorkMsg::MyWork)}</h1>
            <p class="hint">{move || app.t(WorkMsg::Intro)}</p>
            {move || error().map(|e: ApiError| view! {
                <ErrorBanner error=e on_retry=Callback::new(move |_| retry.update(|r| *r += 1))/>
            })}
            <Show when=move || found.get().is_some() fallback=|| view! { <Skeleton lines=4/> }>
                {move || found.get().and_then(Result::ok).map(|a| {
                    if a.is_empty() {
                        return view! {
                            <p class="empty" role="status" data-testid="my-work-empty">{app.t(WorkMsg::AllClear)}</p>
                        }.into_any();
                    }
                    let Assigned { tickets, incidents, spots } = a;
                    let no_tickets = tickets.is_empty();
                    view! {
                        <section class="card" data-testid="my-tickets" aria-labelledby="my-tickets-title">
                            <h2 id="my-tickets-title">{move || app.t(WorkMsg::MyTickets)}</h2>
                            {no_tickets.then(|| view! { <p class="empty">{move || app.t(WorkMsg::NoTickets)}</p> })}
                            <TicketTable rows=Signal::stored(tickets) catalogue=cat/>
                        </section>
                        <Incidents incidents=incidents/>
                        <Spots spots=spots/>
                    }.into_any()
                })}
            </Show>
        </section>
    }
}

/// The incidents assigned, each a link to its card on the board.
#[component]
fn Incidents(incidents: Vec<Incident>) -> impl IntoView {
    let app = use_app();
    let empty = incidents.is_empty();
    let items = incidents
        .into_iter()
        .map(|i| {
            let id = i.id.0;
            view! {
                <li data-testid="my-incident" data-incident-id=id>
                    <a href=format!("/board?incident={id}")>"№" {id} ": " {i.title.clone()}</a>
                    " · " {move || app.t(incident_status_msg(i.status))}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="my-incidents" aria-labelledby="my-incidents-title">
            <h2 id="my-incidents-title">{move || app.t(WorkMsg::MyIncidents)}</h2>
            {empty.then(|| view! { <p class="empty">{move || app.t(WorkMsg::NoIncidents)}</p> })}
            <ul class="plain-list">{items}</ul>
        </section>
    }
}

/// The spots assigned, each a link to its panel on the map.
#[component]
fn Spots(spots: Vec<Spot>) -> impl IntoView {
    let app = use_app();
    let empty = spots.is_empty();
    let items = spots
        .into_iter()
        .map(|s| {
            let id = s.id.0;
            let place = format!("{:.4}, {:.4}", s.center_lat, s.center_long);
            view! {
                <li data-testid="my-spot" data-spot-id=id>
                    <a href=format!("/map?spot={id}")>"#" {id} " · " {place}</a>
                    " · " {move || app.t(spot_status_msg(s.status))}
                    " · " {s.complaints} " " {move || app.t(WorkMsg::Complaints)}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="my-spots" aria-labelledby="my-spots-title">
            <h2 id="my-spots-title">{move || app.t(WorkMsg::MySpots)}</h2>
            {empty.then(|| view! { <p class="empty">{move || app.t(WorkMsg::NoSpots)}</p> })}
            <ul class="plain-list">{items}</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_statuses_leave_out_resolved_and_closed() {
        assert_eq!(open_statuses(), "new,in_work,waiting,planned,reopened");
    }
}
