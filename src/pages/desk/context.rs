//! What is already known at the caller's place: mass incidents and spots covering it (with a
//! ready sentence to say) and open tickets nearby. One click links the call to an incident or
//! spot, or adds it to a nearby ticket as a repeat contact instead of opening a duplicate.

use super::draft::Draft;
use crate::api::{self, ApiError};
use crate::components::address_check::{say_incident, say_spot};
use crate::components::{ErrorBanner, Spinner};
use crate::format;
use crate::i18n::{status_msg, text, DeskMsg, Lang, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Catalogue, CommentKind, Incident, LocationContext, NearbyTicket, Spot};
use spotdesk_core::phone::normalize_phone;

/// Radius of "nearby", metres.
pub const NEARBY_RADIUS_M: f64 = 300.0;

/// Nearby tickets of `service` first, each group nearest first (the server sorts by distance).
pub fn same_service_first(mut list: Vec<NearbyTicket>, service: &str) -> Vec<NearbyTicket> {
    spotdesk_core::sort::sort_by_key(&mut list, |n| n.ticket.service_code != service);
    list
}

/// The comment posted on a nearby ticket for a repeat contact.
pub fn repeat_text(lang: Lang, phone: &str, description: &str) -> String {
    let d = description.trim();
    if d.is_empty() {
        format!("{}: {phone}", text(lang, DeskMsg::RepeatPrefix))
    } else {
        format!("{}: {phone}, {d}", text(lang, DeskMsg::RepeatPrefix))
    }
}

/// The panel. `on_repeat` gets the ticket id once the repeat contact was recorded.
#[component]
pub fn LocationPanel(
    context: LocalResource<Option<Result<LocationContext, ApiError>>>,
    draft: Draft,
    catalogue: StoredValue<Catalogue>,
    on_repeat: Callback<i64>,
) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="place-context" aria-labelledby="place-context-heading" data-testid="location-context">
            <h3 id="place-context-heading">{move || app.t(DeskMsg::KnownHere)}</h3>
            {move || match context.get().flatten() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBanner error=e on_retry=Callback::new(move |_| context.refetch())/> }.into_any(),
                Some(Ok(ctx)) => {
                    let service = draft.service.get();
                    let nothing = ctx.incidents.is_empty() && ctx.spots.is_empty() && ctx.nearby_tickets.is_empty();
                    let nearby = same_service_first(ctx.nearby_tickets, &service);
                    view! {
                        {nothing.then(|| view! { <p class="empty" data-testid="context-empty">{app.t(DeskMsg::NothingKnown)}</p> })}
                        <ul class="context-list">
                            {ctx.incidents.into_iter().map(|i| view! { <IncidentItem incident=i draft=draft/> }).collect_view()}
                            {ctx.spots.into_iter().map(|s| view! { <SpotItem spot=s draft=draft/> }).collect_view()}
                        </ul>
                        {(!nearby.is_empty()).then(|| view! {
                            <h4>{app.t(DeskMsg::NearbyOpen)}</h4>
                            <ul class="context-list">
                                {nearby.into_iter().map(|n| view! {
                                    <NearbyItem item=n draft=draft catalogue=catalogue on_repeat=on_repeat/>
                                }).collect_view()}
                            </ul>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn IncidentItem(incident: Incident, draft: Draft) -> impl IntoView {
    let app = use_app();
    let id = incident.id.0;
    let linked = move || draft.incident.get() == Some(id);
    let i = StoredValue::new(incident);
    view! {
        <li class="context-item incident" data-testid="context-incident" data-incident-id=id>
            <p class="badge badge-danger">{move || app.t(DeskMsg::MassIncident)}</p>
            <p class="context-title">{i.with_value(|i| i.title.clone())}</p>
            <dl class="facts">
                {i.with_value(|i| i.cause.clone()).map(|c| view! { <dt>{move || app.t(Msg::Cause)}</dt><dd>{c}</dd> })}
                <dt>{move || app.t(Msg::ExpectedResolution)}</dt>
                <dd>{move || i.with_value(|i| i.expected_resolution).map(|t| format::datetime(app.lang.get(), t))
                    .unwrap_or_else(|| app.t(Msg::NotSet).to_owned())}</dd>
            </dl>
            <p class="say" data-testid="say">
                <span class="say-label">{move || app.t(DeskMsg::SayLabel)}</span> " "
                {move || i.with_value(|i| say_incident(i, app.lang.get()))}
            </p>
            <button type="button" class="btn btn-secondary" aria-pressed=move || linked().to_string()
                data-testid="link-incident"
                on:click=move |_| draft.incident.update(|v| *v = if *v == Some(id) { None } else { Some(id) })>
                {move || app.t(if linked() { DeskMsg::LinkedUndo } else { DeskMsg::LinkIncident })}
            </button>
        </li>
    }
}

#[component]
fn SpotItem(spot: Spot, draft: Draft) -> impl IntoView {
    let app = use_app();
    let id = spot.id.0;
    let linked = move || draft.spot.get() == Some(id);
    let s = StoredValue::new(spot);
    view! {
        <li class="context-item spot" data-testid="context-spot" data-spot-id=id>
            <p class="badge">{move || app.t(DeskMsg::SpotBadge)}</p>
            <p class="context-title">{s.with_value(|s| s.topic.clone().unwrap_or_else(|| format!("#{}", s.id)))}</p>
            <dl class="facts">
                {s.with_value(|s| s.cause.clone()).map(|c| view! { <dt>{move || app.t(Msg::Cause)}</dt><dd>{c}</dd> })}
                <dt>{move || app.t(Msg::ExpectedFix)}</dt>
                <dd>{move || s.with_value(|s| s.expected_fix).map(|d| format::date(app.lang.get(), d))
                    .unwrap_or_else(|| app.t(Msg::NotSet).to_owned())}</dd>
            </dl>
            <p class="say" data-testid="say">
                <span class="say-label">{move || app.t(DeskMsg::SayLabel)}</span> " "
                {move || s.with_value(|s| say_spot(s, app.lang.get()))}
            </p>
            <button type="button" class="btn btn-secondary" aria-pressed=move || linked().to_string()
                data-testid="link-spot"
                on:click=move |_| draft.spot.update(|v| *v = if *v == Some(id) { None } else { Some(id) })>
                {move || app.t(if linked() { DeskMsg::LinkedUndo } else { DeskMsg::LinkSpot })}
            </button>
        </li>
    }
}

#[component]
fn NearbyItem(
    item: NearbyTicket,
    draft: Draft,
    catalogue: StoredValue<Catalogue>,
    on_repeat: Callback<i64>,
) -> impl IntoView {
    let app = use_app();
    let t = item.ticket;
    let id = t.id;
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<ApiError>);
    let need_phone = RwSignal::new(false);
    let code = t.service_code.clone();
    let service = move || {
        let lang = app.lang.get();
        catalogue.with_value(|c| {
            c.services
                .iter()
                .find(|s| s.code == code)
                .map(|s| s.name.get(lang.code()).to_owned())
                .unwrap_or_else(|| code.clone())
        })
    };
    let status = t.status;
    let repeat = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Ok(phone) = normalize_phone(&draft.phone.get_untracked()) else {
            need_phone.set(true);
            super::picker::focus_by_id("ticket-phone");
            return;
        };
        need_phone.set(false);
        problem.set(None);
        busy.set(true);
        let body = repeat_text(
            app.lang.get_untracked(),
            &phone,
            &draft.description.get_untracked(),
        );
        // One key per (draft, ticket): retries never add the comment twice.
        let key = format!("{}-{id}", draft.repeat_key.get_untracked());
        spawn_local(async move {
            let r = app
                .call(|c| async move {
                    api::tickets::add_comment(&c, id, &body, CommentKind::Note, &key).await
                })
                .await;
            if busy.try_get_untracked().is_none() {
                return; // the form is gone
            }
            busy.set(false);
            match r {
                Ok(_) => on_repeat.run(id.0),
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    view! {
        <li class="context-item nearby" data-testid="nearby-ticket" data-ticket-id=id.0>
            <p class="context-title">
                <a href=format!("/tickets/{id}")>{format!("№ {id}")}</a> " · " {service} " · "
                {move || app.t(status_msg(status))} " · " {move || format!("{:.0} {}", item.distance_m, app.t(DeskMsg::Metres))}
            </p>
            <p class="context-desc">{t.address_string.clone()} " — " {t.description.clone()}</p>
            {move || need_phone.get().then(|| view! {
                <p class="field-error" role="alert">{app.t(DeskMsg::PhoneFirst)}</p>
            })}
            {move || problem.get().map(|e| view! { <ErrorBanner error=e/> })}
            <button type="button" class="btn btn-secondary" data-testid="repeat-contact" disabled=move || busy.get()
                aria-busy=move || busy.get().to_string() on:click=repeat>
                {move || app.t(if busy.get() { DeskMsg::Adding } else { DeskMsg::AddRepeat })}
            </button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeat_contact_text() {
        assert_eq!(
            repeat_text(Lang::En, "+79125550123", "  no signal "),
            "Repeat contact: +79125550123, no signal"
        );
        assert_eq!(
            repeat_text(Lang::En, "+79125550123", ""),
            "Repeat contact: +79125550123"
        );
    }
}
