//! The address input: a combobox that geocodes as the agent types (WAI-ARIA combobox
//! pattern with a listbox popup; arrows, Enter and Escape work from the keyboard).

use crate::api;
use crate::components::FieldErrorText;
use crate::i18n::Msg;
use crate::state::use_app;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::GeocodeResult;

/// Pause after the last keystroke before asking the geocoder.
const DEBOUNCE_MS: u32 = 250;
/// Shortest text worth geocoding.
const MIN_CHARS: usize = 3;
const LISTBOX_ID: &str = "ticket-address-listbox";

fn option_id(i: usize) -> String {
    format!("ticket-address-opt-{i}")
}

/// Address text plus coordinates of the picked suggestion.
#[component]
pub fn AddressInput(
    value: RwSignal<String>,
    coords: RwSignal<Option<(f64, f64)>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let suggestions = RwSignal::new(Vec::<GeocodeResult>::new());
    let open = RwSignal::new(false);
    let searched = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let generation = StoredValue::new(0u64);

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        value.set(text.clone());
        coords.set(None);
        active.set(None);
        generation.update_value(|g| *g += 1);
        let gen = generation.get_value();
        if text.trim().chars().count() < MIN_CHARS {
            suggestions.set(vec![]);
            open.set(false);
            return;
        }
        spawn_local(async move {
            TimeoutFuture::new(DEBOUNCE_MS).await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            let q = text.trim().to_owned();
            let r = app
                .call(|c| async move { api::geocode::search(&c, &q).await })
                .await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            // A failed lookup just offers nothing; the validation message explains what to do.
            suggestions.set(r.map(|g| g.results).unwrap_or_default());
            searched.set(true);
            open.set(true);
        });
    };

    let pick = move |i: usize| {
        if let Some(s) = suggestions.with_untracked(|v| v.get(i).cloned()) {
            generation.update_value(|g| *g += 1);
            value.set(s.address_string);
            coords.set(Some((s.lat, s.long)));
            open.set(false);
            active.set(None);
            suggestions.set(vec![]);
        }
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = suggestions.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" if open.get_untracked() => {
                if let Some(i) = active.get_untracked() {
                    ev.prevent_default();
                    pick(i);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };

    let expanded = move || open.get() && (suggestions.with(|s| !s.is_empty()) || searched.get());
    view! {
        <div class="field combobox" class:has-error=move || error.with(Option::is_some)>
            <label for="ticket-address">{move || app.t(Msg::Address)}<span class="req" aria-hidden="true">" *"</span></label>
            <input
                id="ticket-address"
                name="address_string"
                type="text"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-required="true"
                aria-controls=LISTBOX_ID
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().map(option_id)
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby="ticket-address-hint ticket-address-error"
                prop:value=value
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| open.set(false)
            />
            <ul id=LISTBOX_ID role="listbox" class="listbox" aria-label=move || app.t(Msg::AddressSuggestions)
                hidden=move || !expanded()>
                {move || {
                    let items = suggestions.get();
                    if items.is_empty() {
                        return view! { <li class="listbox-empty" role="presentation">{app.t(Msg::NoAddressMatches)}</li> }.into_any();
                    }
                    items.into_iter().enumerate().map(|(i, s)| view! {
                        <li
                            id=option_id(i)
                            role="option"
                            class="listbox-option"
                            data-testid="address-option"
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            // Keep focus in the input so blur does not close the list first.
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| pick(i)
                        >
                            {s.address_string}
                        </li>
                    }).collect_view().into_any()
                }}
            </ul>
            <p id="ticket-address-hint" class="hint">
                {move || if coords.with(Option::is_some) {
                    view! { <span class="ok" data-testid="address-located">"✓ " {app.t(Msg::AddressLocated)}</span> }.into_any()
                } else {
                    view! { <span>{app.t(Msg::AddressHint)}</span> }.into_any()
                }}
            </p>
            <FieldErrorText id="ticket-address-error" field="address_string" code=error/>
        </div>
    }
}
