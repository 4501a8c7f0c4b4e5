//! Registering a mass incident by hand: title, affected services, owner group, expected fix
//! time and the area (from a spot, drawn on a map, or a circle around a centre).

use super::area::{AreaPicker, AreaState, ServicePicker};
use super::BoardCtx;
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, FieldErrorText};
use crate::i18n::BoardMsg;
use crate::state::use_app;
use chrono::{Duration, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::NewIncident;

/// A collapsible registration form.
#[component]
pub fn RegisterForm() -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let services = RwSignal::new(Vec::<String>::new());
    let group = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let area = AreaState::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let key = StoredValue::new(api::client::new_idempotency_key());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !area.check() {
            return;
        }
        busy.set(true);
        error.set(None);
        let group_code = group.get_untracked();
        let fix_hours = hours.get_untracked().trim().parse::<f64>().ok();
        let picked = area.snapshot();
        let mut body = NewIncident {
            title: title.get_untracked(),
            service_codes: services.get_untracked(),
            owner_group: (!group_code.is_empty()).then_some(group_code),
            expected_resolution: fix_hours
                .filter(|h| h.is_finite() && *h > 0.0 && *h < 10_000.0)
                .map(|h| Utc::now() + Duration::minutes((h * 60.0) as i64)),
            ..Default::default()
        };
        spawn_local(async move {
            let r = app
                .call(|c| async move {
                    let choice = picked.resolve(&c).await?;
                    body.area = choice.area;
                    body.spot_id = choice.spot_id;
                    api::incidents::create(&c, &body, &key.get_value()).await
                })
                .await;
            busy.set(false);
            match r {
                Ok(_) => {
                    title.set(String::new());
                    services.set(Vec::new());
                    group.set(String::new());
                    hours.set(String::new());
                    area.reset();
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
                    <ServicePicker selected=services/>
                    <AreaPicker state=area editing=false id_prefix="register".to_owned()/>
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
