//! The ticket registration form: laid out for the keyboard, saved continuously, checked with
//! `spotdesk_core` as the agent types, linked to what is known at the caller's place.

use super::address::AddressInput;
use super::caller::CallerHistory;
use super::context::{LocationPanel, NEARBY_RADIUS_M};
use super::draft::{error_for, is_shown_field, Draft, DraftData, ADDRESS_FIELDS};
use super::fields::ServiceFields;
use super::inputs::{EnumSelect, LineSelect, SegmentSelect, TextInput};
use super::picker::{focus_by_id, ServicePicker};
use super::place_map::PlaceMap;
use super::queue::OutboxPanel;
use super::routing_info::RouteInfo;
use super::saved;
use super::submit::{Notice, Submitter};
use crate::api;
use crate::components::{use_clock, use_media_query, ErrorBanner, FieldErrorText};
use crate::format;
use crate::i18n::{channel_msg, field_problem_text, kind_msg, DeskMsg, Msg};
use crate::outbox::{use_outbox, Outbox};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{
    field_codes, Catalogue, Channel, FieldError, FieldPresence, StandardFields, Ticket, TicketKind,
};
use spotdesk_core::phone::normalize_phone;
use std::collections::BTreeMap;

/// From this width the form puts the caller's and the place's context in a column of its own.
const WIDE_DESK: &str = "(min-width: 1280px)";

/// Registration form; `on_created` receives every ticket it registers.
#[component]
pub fn TicketForm(catalogue: Catalogue, on_created: Callback<Ticket>) -> impl IntoView {
    let app = use_app();
    let outbox = use_outbox();
    let user_id = app
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.user.id.0))
        .unwrap_or_default();
    let cat = StoredValue::new(catalogue);
    let draft = Draft::from_data(saved::load(user_id));
    let s = Submitter {
        app,
        outbox,
        user_id,
        draft,
        cat,
        errors: RwSignal::new(Vec::<FieldError>::new()),
        failure: RwSignal::new(None),
        busy: RwSignal::new(false),
        notice: RwSignal::new(None),
        on_created,
    };
    let errors = s.errors;
    let now = use_clock(30);
    let wide = use_media_query(WIDE_DESK);

    // Every keystroke is saved: a reload, a closed tab or a dead server loses nothing.
    Effect::new(move |_| saved::save(user_id, &draft.snapshot()));
    // The first keystroke of a draft stamps it, for the "draft from HH:MM" marker.
    Effect::new(move |_| {
        let typed = !draft.snapshot().is_pristine();
        if typed && draft.started_at.get_untracked().is_none() {
            draft.started_at.set(Some(chrono::Utc::now()));
        }
    });
    // A draft the outbox delivered while this page was closed is done.
    if let Some(id) = Outbox::delivered_id(&draft.key.get_untracked()) {
        draft.reset();
        s.notice.set(Some(Notice::Created(id)));
    }
    // Deliveries while the page is open.
    Effect::new(move |_| {
        let key = draft.key.get_untracked();
        let hit = outbox
            .delivered
            .with(|d| d.iter().find(|(k, _)| *k == key).map(|(_, t)| t.clone()));
        if let Some(t) = hit {
            s.finish(&key, t, false);
        }
    });
    // A new place: links chosen for the old one no longer apply.
    Effect::new(move |prev: Option<Option<(f64, f64)>>| {
        let c = draft.coords.get();
        if prev.is_some_and(|p| p != c) {
            draft.incident.set(None);
            draft.spot.set(None);
        }
        c
    });
    if untrack(|| draft.snapshot().is_pristine()) {
        focus_by_id("ticket-service-search");
    }

    let queued = Memo::new(move |_| {
        let k = draft.key.get();
        outbox.contains(&k)
    });
    let service = Memo::new(move |_| {
        let code = draft.service.get();
        cat.with_value(|c| c.services.iter().find(|s| s.code == code).cloned())
    });
    // Whether the chosen service's form shows a standard field, and requires it.
    let presence = move |f: fn(&StandardFields) -> FieldPresence| {
        service.with(|s| s.as_ref().map_or(FieldPresence::Optional, |s| f(&s.form)))
    };
    let context = LocalResource::new(move || {
        let coords = draft.coords.get();
        async move {
            let (lat, long) = coords?;
            Some(
                app.call(|c| async move {
                    api::location::context(&c, lat, long, NEARBY_RADIUS_M).await
                })
                .await,
            )
        }
    });
    let context_ok = Signal::derive(move || context.get().flatten().and_then(Result::ok));
    let err = move |fields: &'static [&'static str]| {
        Signal::derive(move || errors.with(|e| error_for(e, fields)))
    };
    let on_phone_blur = Callback::new(move |_| {
        let typed = draft.phone.get_untracked();
        errors.update(|e| e.retain(|e| e.field != "customer_phone"));
        match normalize_phone(&typed) {
            Ok(p) => draft.phone.set(p),
            Err(_) if typed.trim().is_empty() => {}
            Err(_) => errors.update(|e| {
                e.push(FieldError::new(
                    "customer_phone",
                    field_codes::INVALID,
                    "not a phone",
                ))
            }),
        }
    });
    let on_repeat = Callback::new(move |id: i64| {
        draft.reset();
        errors.set(vec![]);
        s.notice.set(Some(Notice::Repeat(id)));
        focus_by_id("ticket-service-search");
    });
    let pristine = Signal::derive(move || draft.snapshot().is_pristine());
    let on_restore = Callback::new(move |(key, value): (String, serde_json::Value)| {
        if let Ok(d) = serde_json::from_value::<DraftData>(value) {
            outbox.remove(&key);
            // A fresh key: the refused body was not registered, the corrected one is new.
            draft.restore(DraftData {
                key: DraftData::fresh().key,
                ..d
            });
        }
    });
    let other_errors = move || {
        let svc = service.get();
        errors.with(|e| {
            e.iter()
                .filter(|e| !is_shown_field(&e.field, svc.as_ref()))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        // Ctrl+Enter (Cmd+Enter) sends from anywhere, the description included.
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            s.submit(service.get_untracked());
        }
    };

    view! {
        <form class="card form ticket-form" novalidate data-testid="ticket-form" on:keydown=on_keydown
            on:submit=move |ev| { ev.prevent_default(); s.submit(service.get_untracked()); }>
            {move || queued.get().then(|| view! {
                <div class="banner banner-warn" role="status" data-testid="draft-queued">
                    <span>{app.t(DeskMsg::DraftQueued)}</span>
                    <button type="button" class="btn btn-secondary" data-testid="new-contact" on:click=move |_| draft.reset()>
                        {app.t(DeskMsg::NewContact)}
                    </button>
                </div>
            })}
            // A draft left from an earlier call is plain to see, and one click clears it for
            // the next caller (it otherwise survives navigation and reloads on purpose).
            {move || (!pristine.get() && !queued.get()).then(|| view! {
                <div class="draft-bar" data-testid="draft-bar">
                    <span class="muted" data-testid="draft-since">
                        {move || draft.started_at.get().map(|t| format!("{} {}", app.t(DeskMsg::DraftFrom), format::datetime(app.lang.get(), t)))}
                    </span>
                    <button type="button" class="btn btn-secondary" data-testid="new-call"
                        on:click=move |_| {
                            draft.reset();
                            errors.set(vec![]);
                            focus_by_id("ticket-service-search");
                        }>
                        {move || app.t(DeskMsg::NewCall)}
                    </button>
                </div>
            })}
            <fieldset class="form-body" disabled=move || queued.get()>
                {move || {
                    let rows = view! {
                <ServicePicker catalogue=cat selected=draft.service error=err(&["service_code"])
                    on_pick=Callback::new(move |code| on_service_change(draft, code))/>
                <div class="field-row">
                    <EnumSelect id="ticket-kind" name="kind" label=Msg::Kind signal=draft.kind error=err(&["kind"])
                        options=vec![TicketKind::Incident, TicketKind::ServiceRequest] label_of=kind_msg
                        wire=|k| match k { TicketKind::Incident => "incident", TicketKind::ServiceRequest => "service_request" }/>
                    <EnumSelect id="ticket-channel" name="channel" label=Msg::Channel signal=draft.channel error=err(&["channel"])
                        options=Channel::ALL.to_vec() label_of=channel_msg
                        wire=|c| match c { Channel::Phone => "phone", Channel::Email => "email", Channel::Office => "office",
                            Channel::Social => "social", Channel::Partner => "partner" }/>
                    <LineSelect value=draft.line error=err(&["line"])/>
                </div>
                <div class="field-row">
                    <TextInput id="ticket-phone" name="customer_phone" label=Msg::CustomerPhone value=draft.phone required=true
                        input_type="tel" autocomplete="off" error=err(&["customer_phone"]) on_blur=on_phone_blur/>
                    {move || shown(presence(|f| f.customer_name)).map(|required| view! {
                        <TextInput id="ticket-name" name="customer_name" label=Msg::CustomerName value=draft.name required=required
                            input_type="text" autocomplete="off" error=err(&["customer_name"])/>
                    })}
                </div>
                    };
                    let rest = view! {
                <Show when=move || service.with(|s| s.as_ref().is_none_or(|s| !s.topics.is_empty()))>
                    <TopicSelect draft=draft service=service error=err(&["topic"])/>
                </Show>
                {move || shown(presence(|f| f.description)).map(|required| view! {
                <div class="field" class:has-error=move || err(&["description"]).with(Option::is_some)>
                    <label for="ticket-description">{move || app.t(Msg::Description)}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
                    <textarea id="ticket-description" name="description" rows="3" aria-describedby="ticket-description-error"
                        aria-required=required.to_string()
                        aria-invalid=move || err(&["description"]).with(Option::is_some).to_string()
                        prop:value=draft.description on:input=move |ev| draft.description.set(event_target_value(&ev))></textarea>
                    <FieldErrorText id="ticket-description-error" field="description" code=err(&["description"]) errors=errors/>
                </div>
                })}
                {move || service.get().map(|s| view! { <ServiceFields service=s draft=draft errors=errors/> })}
                <div class="field-row">
                    {move || shown(presence(|f| f.segment)).map(|required| view! {
                        <SegmentSelect value=draft.segment error=err(&["segment"]) required=required/>
                    })}
                    {move || shown(presence(|f| f.lifetime_value)).map(|required| view! {
                        <TextInput id="ticket-value" name="lifetime_value" label=DeskMsg::CustomerValue value=draft.value
                            required=required input_type="text" inputmode="decimal" autocomplete="off" error=err(&["lifetime_value"])/>
                    })}
                </div>
                    };
                    let caller = view! { <CallerHistory phone=draft.phone catalogue=cat/> };
                    let address = view! { <AddressInput value=draft.address coords=draft.coords error=err(ADDRESS_FIELDS)/> };
                    let place = move || draft.coords.get().is_some().then(|| view! {
                        <div class="place">
                            <PlaceMap coords=draft.coords context=context_ok/>
                            <LocationPanel context=context draft=draft catalogue=cat on_repeat=on_repeat/>
                        </div>
                    });
                    if wide.get() {
                        // Desktop: what the agent types on the left; what is known about this
                        // caller and place on the right, at the top of the screen, so "known
                        // problem here" is in view the moment the address is chosen.
                        view! {
                            <div class="desk-columns">
                                <div class="desk-input">{rows}{address}{rest}</div>
                                <div class="desk-context" data-testid="desk-context">
                                    {move || (draft.coords.with(Option::is_none) && draft.phone.with(|p| p.trim().is_empty())).then(|| view! {
                                        <p class="muted desk-context-hint">{app.t(DeskMsg::ContextHint)}</p>
                                    })}
                                    {place}{caller}
                                </div>
                            </div>
                        }.into_any()
                    } else {
                        view! { {rows}{caller}{address}{place}{rest} }.into_any()
                    }
                }}
            </fieldset>
            <RouteInfo catalogue=cat draft=draft now=now/>
            {move || s.failure.get().map(|e| {
                let hint = match &e {
                    e if e.is_no_answer() => Some(DeskMsg::SavedQueued),
                    api::ApiError::Http { status, .. } if *status >= 500 => Some(DeskMsg::DraftKept),
                    _ => None,
                };
                view! {
                    <ErrorBanner error=e test_id="ticket-form-error"/>
                    {hint.map(|h| view! { <p class="hint" data-testid="ticket-form-hint">{app.t(h)}</p> })}
                }
            })}
            {move || (!errors.with(Vec::is_empty) && s.failure.with(Option::is_none)).then(|| view! {
                <p class="banner banner-error" role="alert" data-testid="ticket-form-error">{app.t(Msg::FixErrors)}</p>
            })}
            <ul class="error-list">
                {move || other_errors().into_iter().map(|e| view! {
                    <li>{e.field.clone()} ": " {field_problem_text(app.lang.get(), &e)}</li>
                }).collect_view()}
            </ul>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="ticket-submit" disabled=move || s.busy.get()
                    aria-busy=move || s.busy.get().to_string()>
                    {move || app.t(if s.busy.get() { Msg::Registering } else { Msg::Register })}
                </button>
                <span class="hint">{move || app.t(DeskMsg::SubmitHint)}</span>
            </div>
            <div role="status" aria-live="polite">
                {move || s.notice.get().map(|n| match n {
                    Notice::Created(id) => view! {
                        <p class="banner banner-ok" data-testid="ticket-created" data-ticket-id=id>
                            {app.t(Msg::TicketCreated)} " " <strong data-testid="ticket-created-number">{id}</strong>
                            " " <a href=format!("/tickets/{id}")>{app.t(DeskMsg::OpenTicket)}</a>
                        </p>
                    }.into_any(),
                    Notice::Repeat(id) => view! {
                        <p class="banner banner-ok" data-testid="repeat-confirmed" data-ticket-id=id>
                            {app.t(DeskMsg::RepeatDone)} " " <a href=format!("/tickets/{id}")>{format!("№ {id}")}</a>
                        </p>
                    }.into_any(),
                    Notice::Queued => ().into_any(),
                })}
            </div>
            <OutboxPanel user_id=user_id can_restore=pristine on_restore=on_restore/>
        </form>
    }
}

/// Whether a standard field with this presence is on the form (`Some`), and whether it is
/// required then.
fn shown(p: FieldPresence) -> Option<bool> {
    match p {
        FieldPresence::Hidden => None,
        FieldPresence::Optional => Some(false),
        FieldPresence::Required => Some(true),
    }
}

/// The topic `<select>` of the chosen service.
#[component]
fn TopicSelect(
    draft: Draft,
    service: Memo<Option<spotdesk_api::Service>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for="ticket-topic">{move || app.t(Msg::Topic)}<span class="req" aria-hidden="true">" *"</span></label>
            <select id="ticket-topic" name="topic" aria-required="true" aria-describedby="ticket-topic-error"
                aria-invalid=move || error.with(Option::is_some).to_string()
                disabled=move || service.with(Option::is_none)
                on:change=move |ev| draft.topic.set(event_target_value(&ev))>
                <option value="" prop:selected=move || draft.topic.with(String::is_empty)>{move || app.t(Msg::ChooseTopic)}</option>
                {move || service.get().map(|s| s.topics.into_iter().map(|o| {
                    let v = o.value.clone();
                    view! {
                        <option value=o.value.clone() prop:selected=move || draft.topic.with(|t| *t == v)>
                            {o.label.get(app.lang.get().code()).to_owned()}
                        </option>
                    }
                }).collect_view())}
            </select>
            <FieldErrorText id="ticket-topic-error" field="topic" code=error/>
        </div>
    }
}

/// Choosing another service clears the topic and field values that belonged to the old one.
fn on_service_change(draft: Draft, code: String) {
    if draft.service.get_untracked() == code {
        return;
    }
    draft.service.set(code);
    draft.topic.set(String::new());
    draft.values.set(BTreeMap::new());
    draft.multi.set(BTreeMap::new());
}
