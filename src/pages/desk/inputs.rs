//! Small labelled inputs of the ticket form.

use crate::components::FieldErrorText;
use crate::i18n::{DeskMsg, Msg, Translate};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::Segment;

/// A labelled text input bound to a signal, with its error text.
#[component]
pub fn TextInput<M>(
    id: &'static str,
    name: &'static str,
    label: M,
    value: RwSignal<String>,
    required: bool,
    input_type: &'static str,
    autocomplete: &'static str,
    error: Signal<Option<String>>,
    /// Called when the input loses focus (e.g. to normalise what was typed).
    #[prop(optional)]
    on_blur: Option<Callback<()>>,
    #[prop(default = "text")] inputmode: &'static str,
) -> impl IntoView
where
    M: Translate + Send + Sync + 'static,
{
    let app = use_app();
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{move || app.t(label)}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <input id=id name=name type=input_type autocomplete=autocomplete aria-required=required.to_string()
                inputmode=inputmode
                aria-invalid=move || error.with(Option::is_some).to_string() aria-describedby=err_id.clone()
                prop:value=value on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |_| { if let Some(cb) = on_blur { cb.run(()) } }/>
            <FieldErrorText id=err_id field=name code=error/>
        </div>
    }
}

/// A labelled `<select>` over a small enum, values are the enum's wire names.
#[component]
pub fn EnumSelect<T>(
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

/// The customer's market segment, optional ("unknown").
#[component]
pub fn SegmentSelect(
    value: RwSignal<Option<Segment>>,
    error: Signal<Option<String>>,
    /// The service's form requires a segment.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let app = use_app();
    let wire = |s: Segment| match s {
        Segment::Mass => "mass",
        Segment::Business => "business",
        Segment::Vip => "vip",
    };
    let label = |s: Segment| match s {
        Segment::Mass => DeskMsg::SegMass,
        Segment::Business => DeskMsg::SegBusiness,
        Segment::Vip => DeskMsg::SegVip,
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for="ticket-segment">{move || app.t(DeskMsg::Segment)}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <select id="ticket-segment" name="segment" aria-describedby="ticket-segment-error" aria-required=required.to_string()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    value.set(Segment::ALL.into_iter().find(|s| wire(*s) == v));
                }>
                <option value="" prop:selected=move || value.get().is_none()>{move || app.t(DeskMsg::Unknown)}</option>
                {Segment::ALL.into_iter().map(|s| view! {
                    <option value=wire(s) prop:selected=move || value.get() == Some(s)>{move || app.t(label(s))}</option>
                }).collect_view()}
            </select>
            <FieldErrorText id="ticket-segment-error" field="segment" code=error/>
        </div>
    }
}

/// The requested support line, 1 to 3.
#[component]
pub fn LineSelect(value: RwSignal<u8>, error: Signal<Option<String>>) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for="ticket-line">{move || app.t(DeskMsg::SupportLine)}</label>
            <select id="ticket-line" name="line" aria-describedby="ticket-line-error"
                on:change=move |ev| { if let Ok(l) = event_target_value(&ev).parse::<u8>() { value.set(l) } }>
                {[1u8, 2, 3].into_iter().map(|l| view! {
                    <option value=l.to_string() prop:selected=move || value.get() == l>{move || format!("{} {l}", app.t(Msg::Line))}</option>
                }).collect_view()}
            </select>
            <FieldErrorText id="ticket-line-error" field="line" code=error/>
        </div>
    }
}
