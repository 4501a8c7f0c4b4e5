//! The ticket registration form.

use super::address::AddressInput;
use super::draft::{error_for, is_shown_field, Draft, ADDRESS_FIELDS};
use super::fields::ServiceFields;
use crate::api::{self, client::new_idempotency_key, ApiError};
use crate::components::{use_clock, ErrorBanner, FieldErrorText};
use crate::format;
use crate::i18n::{channel_msg, field_error_text, kind_msg, text, Lang, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Catalogue, Channel, FieldError, Service, Ticket, TicketKind};
use spotdesk_core::{routing, sla, validate};
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

/// Registration form. Validates with `spotdesk_core` before sending, sends with an
/// idempotency key reused for retries of the same body, and calls `on_created` on success.
#[component]
pub fn TicketForm(catalogue: Catalogue, on_created: Callback<Ticket>) -> impl IntoView {
    let app = use_app();
    let cat = StoredValue::new(catalogue);
    let draft = Draft::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(None::<Ticket>);
    // (idempotency key, request body) of the last attempt: a retry of the same body reuses the key.
    let pending = StoredValue::new(None::<(String, String)>);
    let now = use_clock(30);

    let service = Memo::new(move |_| {
        let code = draft.service.get();
        cat.with_value(|c| c.services.iter().find(|s| s.code == code).cloned())
    });
    let err = move |fields: &'static [&'static str]| {
        Signal::derive(move || errors.with(|e| error_for(e, fields)))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        created.set(None);
        let svc = service.get_untracked();
        let input = draft.to_new_ticket(svc.as_ref());
        let valid = match cat.with_value(|c| validate::validate_new_ticket(&input, c)) {
            Ok(v) => v,
            Err(list) => {
                errors.set(list);
                focus_first_invalid();
                return;
            }
        };
        errors.set(vec![]);
        let body = valid.ticket;
        let json = serde_json::to_string(&body).unwrap_or_default();
        let key = match pending.get_value() {
            Some((k, b)) if b == json => k,
            _ => new_idempotency_key(),
        };
        pending.set_value(Some((key.clone(), json)));
        busy.set(true);
        spawn_local(async move {
            match app
                .call(|c| async move { api::tickets::create(&c, &body, &key).await })
                .await
            {
                Ok(t) => {
                    pending.set_value(None);
                    draft.reset();
                    created.set(Some(t.clone()));
                    on_created.run(t);
                }
                Err(e) => {
                    errors.set(e.field_errors().to_vec());
                    failure.set(Some(e));
                    focus_first_invalid();
                }
            }
            busy.set(false);
        });
    };

    // Errors about fields the form does not show (e.g. `segment`) are listed in the summary.
    let other_errors = move || {
        let svc = service.get();
        errors.with(|e| {
            e.iter()
                .filter(|e| !is_shown_field(&e.field, svc.as_ref()))
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    view! {
        <form class="card form ticket-form" on:submit=submit novalidate data-testid="ticket-form">
            <div class="field" class:has-error=move || err(&["service_code"]).with(Option::is_some)>
                <label for="ticket-service">{move || app.t(Msg::Service)}<span class="req" aria-hidden="true">" *"</span></label>
                <select id="ticket-service" name="service_code" aria-required="true"
                    aria-invalid=move || err(&["service_code"]).with(Option::is_some).to_string()
                    aria-describedby="ticket-service-error"
                    on:change=move |ev| on_service_change(draft, event_target_value(&ev))>
                    <option value="" prop:selected=move || draft.service.with(String::is_empty)>{move || app.t(Msg::ChooseService)}</option>
                    {move || service_options(cat.with_value(grouped), app.lang.get(), draft)}
                </select>
                <FieldErrorText id="ticket-service-error" field="service_code" code=err(&["service_code"])/>
            </div>
            <div class="field-row">
                <EnumSelect id="ticket-kind" name="kind" label=Msg::Kind signal=draft.kind error=err(&["kind"])
                    options=vec![TicketKind::Incident, TicketKind::ServiceRequest] label_of=kind_msg
                    wire=|k| match k { TicketKind::Incident => "incident", TicketKind::ServiceRequest => "service_request" }/>
                <EnumSelect id="ticket-channel" name="channel" label=Msg::Channel signal=draft.channel error=err(&["channel"])
                    options=Channel::ALL.to_vec() label_of=channel_msg
                    wire=|c| match c { Channel::Phone => "phone", Channel::Email => "email", Channel::Office => "office",
                        Channel::Social => "social", Channel::Partner => "partner" }/>
            </div>
            <div class="field-row">
                <TextInput id="ticket-phone" name="customer_phone" label=Msg::CustomerPhone value=draft.phone required=true
                    input_type="tel" autocomplete="off" error=err(&["customer_phone"])/>
                <TextInput id="ticket-name" name="customer_name" label=Msg::CustomerName value=draft.name required=false
                    input_type="text" autocomplete="off" error=err(&["customer_name"])/>
            </div>
            <AddressInput value=draft.address coords=draft.coords error=err(ADDRESS_FIELDS)/>
            <div class="field" class:has-error=move || err(&["topic"]).with(Option::is_some)>
                <label for="ticket-topic">{move || app.t(Msg::Topic)}<span class="req" aria-hidden="true">" *"</span></label>
                <select id="ticket-topic" name="topic" aria-required="true" aria-describedby="ticket-topic-error"
                    aria-invalid=move || err(&["topic"]).with(Option::is_some).to_string()
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
                <FieldErrorText id="ticket-topic-error" field="topic" code=err(&["topic"])/>
            </div>
            <div class="field" class:has-error=move || err(&["description"]).with(Option::is_some)>
                <label for="ticket-description">{move || app.t(Msg::Description)}</label>
                <textarea id="ticket-description" name="description" rows="3" aria-describedby="ticket-description-error"
                    aria-invalid=move || err(&["description"]).with(Option::is_some).to_string()
                    prop:value=draft.description on:input=move |ev| draft.description.set(event_target_value(&ev))></textarea>
                <FieldErrorText id="ticket-description-error" field="description" code=err(&["description"])/>
            </div>
            {move || service.get().map(|s| view! { <ServiceFields service=s draft=draft errors=errors/> })}
            <p class="sla" data-testid="sla-deadline" aria-live="polite">
                {move || sla_line(cat, draft, service.get().as_ref(), now.get(), app.lang.get())}
            </p>
            {move || failure.get().map(|e| view! { <ErrorBanner error=e test_id="ticket-form-error"/> })}
            {move || (!errors.with(Vec::is_empty) && failure.with(Option::is_none)).then(|| view! {
                <p class="banner banner-error" role="alert" data-testid="ticket-form-error">{app.t(Msg::FixErrors)}</p>
            })}
            <ul class="error-list">
                {move || other_errors().into_iter().map(|e| view! {
                    <li>{e.field.clone()} ": " {field_error_text(app.lang.get(), &e.code)}</li>
                }).collect_view()}
            </ul>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="ticket-submit" disabled=move || busy.get()
                    aria-busy=move || busy.get().to_string()>
                    {move || app.t(if busy.get() { Msg::Registering } else { Msg::Register })}
                </button>
            </div>
            <div role="status" aria-live="polite">
                {move || created.get().map(|t| view! {
                    <p class="banner banner-ok" data-testid="ticket-created" data-ticket-id=t.id.0>
                        {app.t(Msg::TicketCreated)} " " <strong data-testid="ticket-created-number">{t.id.0}</strong>
                    </p>
                })}
            </div>
        </form>
    }
}

/// Choosing another service clears the topic and field values that belonged to the old one.
fn on_service_change(draft: Draft, code: String) {
    draft.service.set(code);
    draft.topic.set(String::new());
    draft.values.set(BTreeMap::new());
    draft.multi.set(BTreeMap::new());
}

/// Services grouped by their catalogue group, groups and services in catalogue order.
fn grouped(c: &Catalogue) -> Vec<(String, Vec<Service>)> {
    let mut out: Vec<(String, Vec<Service>)> = Vec::new();
    for s in &c.services {
        match out.iter_mut().find(|(g, _)| *g == s.group) {
            Some((_, v)) => v.push(s.clone()),
            None => out.push((s.group.clone(), vec![s.clone()])),
        }
    }
    out
}

fn service_options(groups: Vec<(String, Vec<Service>)>, lang: Lang, draft: Draft) -> impl IntoView {
    groups
        .into_iter()
        .map(|(g, services)| {
            view! {
                <optgroup label=g>
                    {services.into_iter().map(|s| {
                        let code = s.code.clone();
                        view! {
                            <option value=s.code.clone() prop:selected=move || draft.service.with(|c| *c == code)>
                                {s.name.get(lang.code()).to_owned()}
                            </option>
                        }
                    }).collect_view()}
                </optgroup>
            }
        })
        .collect_view()
}

/// "Deadline: 24 Nov 17:00 — 8 business hours, line 1" for the current choices.
fn sla_line(
    cat: StoredValue<Catalogue>,
    draft: Draft,
    service: Option<&Service>,
    now: chrono::DateTime<chrono::Utc>,
    lang: Lang,
) -> Option<String> {
    let s = service?;
    let (kind, channel) = (draft.kind.get(), draft.channel.get());
    cat.with_value(|c| {
        let line = routing::route(c, &s.code, channel, kind, None)
            .map(|r| r.line)
            .unwrap_or(1);
        Some(match sla::compute(c, &s.code, kind, line, now) {
            Some(e) => format!(
                "{}: {} — {} {}, {} {}",
                text(lang, Msg::Deadline),
                format::datetime(lang, e.deadline),
                e.hours,
                text(
                    lang,
                    if e.business_hours {
                        Msg::BusinessHours
                    } else {
                        Msg::CalendarHours
                    }
                ),
                text(lang, Msg::Line),
                line
            ),
            None => text(lang, Msg::NoSlaPolicy).to_owned(),
        })
    })
}

/// Moves keyboard focus to the first field marked invalid, once the DOM shows the marks.
fn focus_first_invalid() {
    request_animation_frame(|| {
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            d.query_selector(".ticket-form [aria-invalid=\"true\"]")
                .ok()
                .flatten()
        });
        if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// A labelled text input bound to a signal, with its error text.
#[component]
fn TextInput(
    id: &'static str,
    name: &'static str,
    label: Msg,
    value: RwSignal<String>,
    required: bool,
    input_type: &'static str,
    autocomplete: &'static str,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{move || app.t(label)}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <input id=id name=name type=input_type autocomplete=autocomplete aria-required=required.to_string()
                aria-invalid=move || error.with(Option::is_some).to_string() aria-describedby=err_id.clone()
                prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            <FieldErrorText id=err_id field=name code=error/>
        </div>
    }
}

/// A labelled `<select>` over a small enum, values are the enum's wire names.
#[component]
fn EnumSelect<T>(
    id: &'static str,
    name: &'static str,
    label: Msg,
    signal: RwSignal<T>,
    error: Signal<Option<String>>,
    options: Vec<T>,
    label_of: fn(T) -> Msg,
    wire: fn(T) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let app = use_app();
    let err_id = format!("{id}-error");
    let opts = options.clone();
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{move || app.t(label)}<span class="req" aria-hidden="true">" *"</span></label>
            <select id=id name=name aria-required="true" aria-describedby=err_id.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(o) = opts.iter().find(|o| wire(**o) == v) { signal.set(*o) }
                }>
                {options.into_iter().map(|o| view! {
                    <option value=wire(o) prop:selected=move || signal.get() == o>{move || app.t(label_of(o))}</option>
                }).collect_view()}
            </select>
            <FieldErrorText id=err_id field=name code=error/>
        </div>
    }
}
