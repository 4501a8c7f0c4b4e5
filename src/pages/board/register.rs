//! Registering a mass incident by hand: title, service, owner group, expected fix time and
//! optionally an area of 500 m around a ticket's address.

use super::BoardCtx;
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, FieldErrorText};
use crate::i18n::BoardMsg;
use crate::state::use_app;
use chrono::{Duration, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::NewIncident;
use spotdesk_core::geo::circle_polygon;

/// Radius of an area drawn around a ticket, metres.
const AREA_RADIUS_M: f64 = 500.0;

/// A collapsible registration form.
#[component]
pub fn RegisterForm() -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let around = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let key = StoredValue::new(api::client::new_idempotency_key());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let service_code = service.get_untracked();
        let group_code = group.get_untracked();
        let fix_hours = hours.get_untracked().trim().parse::<f64>().ok();
        let around_id = around
            .get_untracked()
            .trim()
            .trim_start_matches('#')
            .parse::<i64>()
            .ok();
        let mut body = NewIncident {
            title: title.get_untracked(),
            service_codes: if service_code.is_empty() {
                Vec::new()
            } else {
                vec![service_code]
            },
            owner_group: (!group_code.is_empty()).then_some(group_code),
            expected_resolution: fix_hours
                .filter(|h| h.is_finite() && *h > 0.0 && *h < 10_000.0)
                .map(|h| Utc::now() + Duration::minutes((h * 60.0) as i64)),
            ..Default::default()
        };
        spawn_local(async move {
            let r = app
                .call(|c| async move {
                    if let Some(t) = around_id {
                        let ticket = api::tickets::get(&c, t).await?;
                        body.area =
                            Some(circle_polygon(ticket.lat, ticket.long, AREA_RADIUS_M, 24));
                    }
                    api::incidents::create(&c, &body, &key.get_value()).await
                })
                .await;
            busy.set(false);
            match r {
                Ok(_) => {
                    title.set(String::new());
                    service.set(String::new());
                    group.set(String::new());
                    hours.set(String::new());
                    around.set(String::new());
                    key.set_value(api::client::new_idempotency_key());
                    open.set(false);
                    ctx.refresh.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let title_error = Signal::derive(move || {
        error.get().and_then(|e| {
            e.field_errors()
                .iter()
                .find(|f| f.field == "title")
                .map(|f| f.code.clone())
        })
    });
    view! {
        <div class="register">
            <button type="button" class="btn btn-primary" data-testid="open-register"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || app.t(BoardMsg::Register)}
            </button>
            <Show when=move || open.get()>
                <form class="card register-form" on:submit=submit data-testid="register-form">
                    <h2>{move || app.t(BoardMsg::RegisterTitle)}</h2>
                    <label>
                        <span>{move || app.t(BoardMsg::Title)}</span>
                        <input type="text" required maxlength="200" data-testid="incident-title" aria-describedby="incident-title-error"
                            prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                        <FieldErrorText id="incident-title-error" field="title" code=title_error/>
                    </label>
                    <label>
                        <span>{move || app.t(BoardMsg::Service)}</span>
                        <select data-testid="incident-service" prop:value=move || service.get() on:change=move |ev| service.set(event_target_value(&ev))>
                            <option value="">{move || app.t(BoardMsg::AnyService)}</option>
                            {move || ctx.catalogue.get().map(|c| c.services.into_iter().map(|s| {
                                let name = s.name.get(app.lang.get().code()).to_owned();
                                view! { <option value=s.code.clone()>{name}</option> }
                            }).collect_view())}
                        </select>
                    </label>
                    <label>
                        <span>{move || app.t(BoardMsg::OwnerGroup)}</span>
                        <select data-testid="incident-group" prop:value=move || group.get() on:change=move |ev| group.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {move || ctx.catalogue.get().map(|c| c.groups.into_iter().map(|g| {
                                let name = g.name.get(app.lang.get().code()).to_owned();
                                view! { <option value=g.code.clone()>{name}</option> }
                            }).collect_view())}
                        </select>
                    </label>
                    <label>
                        <span>{move || app.t(BoardMsg::HoursToFix)}</span>
                        <input type="number" min="0" step="0.5" inputmode="decimal" data-testid="incident-hours"
                            prop:value=move || hours.get() on:input=move |ev| hours.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        <span>{move || app.t(BoardMsg::AreaAroundTicket)}</span>
                        <input type="text" inputmode="numeric" data-testid="incident-around"
                            prop:value=move || around.get() on:input=move |ev| around.set(event_target_value(&ev))/>
                    </label>
                    <div class="btn-row">
                        <button type="submit" class="btn btn-primary" data-testid="register-submit" disabled=move || busy.get()>
                            {move || if busy.get() { app.t(BoardMsg::Registering) } else { app.t(BoardMsg::Save) }}
                        </button>
                    </div>
                    {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
                </form>
            </Show>
        </div>
    }
}
