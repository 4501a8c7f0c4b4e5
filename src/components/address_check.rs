//! Address check for staff, usable anywhere (it sits in the top bar): typing a caller's
//! address shows at once whether it lies inside a spot or a mass-incident area, with the
//! cause, the expected fix and a ready sentence to say.

use crate::api;
use crate::format;
use crate::i18n::{text, DeskMsg, Lang, MapMsg};
use crate::state::use_app;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Incident, LocationContext, Spot};

/// Pause after the last keystroke before looking the address up.
const DEBOUNCE_MS: u32 = 300;
/// Shortest text worth looking up.
const MIN_CHARS: usize = 3;
/// Radius of the context query in metres (only areas containing the point matter here).
const RADIUS_M: f64 = 10.0;

/// What the check found for the typed address.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckResult {
    /// No geocoder match.
    NotFound,
    /// The matched address and what covers it.
    Found {
        address: String,
        incidents: Vec<Incident>,
        spots: Vec<Spot>,
    },
}

/// The public note in the language, if written.
fn note(n: Option<&spotdesk_api::LocalizedText>, lang: Lang) -> Option<String> {
    n.map(|n| n.get(lang.code()).trim().to_owned())
        .filter(|n| !n.is_empty())
}

/// The sentence to say about a spot.
pub fn say_spot(s: &Spot, lang: Lang) -> String {
    if let Some(n) = note(s.public_note.as_ref(), lang) {
        return n;
    }
    let when = match s.expected_fix {
        Some(d) => format!(
            "{} {}.",
            text(lang, DeskMsg::SayExpected),
            format::date(lang, d)
        ),
        None => text(lang, DeskMsg::SayNoEstimate).to_owned(),
    };
    format!("{} {when}", text(lang, DeskMsg::SaySpot))
}

/// The sentence to say about an incident.
pub fn say_incident(i: &Incident, lang: Lang) -> String {
    if let Some(n) = note(i.public_note.as_ref(), lang) {
        return n;
    }
    let when = match i.expected_resolution {
        Some(t) => format!(
            "{} {}.",
            text(lang, DeskMsg::SayExpected),
            format::datetime(lang, t)
        ),
        None => text(lang, DeskMsg::SayNoEstimate).to_owned(),
    };
    format!("{} {when}", text(lang, DeskMsg::SayIncident))
}

/// The top-bar widget.
#[component]
pub fn AddressCheck() -> impl IntoView {
    let app = use_app();
    let value = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<CheckResult>);
    let generation = StoredValue::new(0u64);

    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        value.set(typed.clone());
        generation.update_value(|g| *g += 1);
        let gen = generation.get_value();
        if typed.trim().chars().count() < MIN_CHARS {
            result.set(None);
            busy.set(false);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            TimeoutFuture::new(DEBOUNCE_MS).await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            let q = typed.trim().to_owned();
            let found = app
                .call(|c| async move { api::geocode::search(&c, &q).await })
                .await
                .ok()
                .and_then(|g| g.results.into_iter().next());
            let r = match found {
                None => Some(CheckResult::NotFound),
                Some(place) => app
                    .call(|c| async move {
                        api::location::context(&c, place.lat, place.long, RADIUS_M).await
                    })
                    .await
                    .ok()
                    .map(|ctx: LocationContext| CheckResult::Found {
                        address: place.address_string,
                        incidents: ctx.incidents,
                        spots: ctx.spots,
                    }),
            };
            if generation.try_get_value() != Some(gen) {
                return;
            }
            busy.set(false);
            result.set(r);
        });
    };

    let body = move || {
        let lang = app.lang.get();
        if busy.get() {
            return view! { <p class="hint">{text(lang, MapMsg::Checking)}</p> }.into_any();
        }
        match result.get() {
            None => ().into_any(),
            Some(CheckResult::NotFound) => {
                view! { <p class="hint" data-testid="check-not-found">{text(lang, MapMsg::NotFound)}</p> }.into_any()
            }
            Some(CheckResult::Found { address, incidents, spots }) => {
                let nothing = incidents.is_empty() && spots.is_empty();
                view! {
                    <p class="check-address">{address}</p>
                    {nothing.then(|| view! { <p class="empty" data-testid="check-nothing">{text(lang, MapMsg::NothingHere)}</p> })}
                    <ul class="context-list">
                        {incidents.into_iter().map(|i| {
                            let say = say_incident(&i, lang);
                            let cause = i.cause.clone().unwrap_or_else(|| text(lang, MapMsg::NoCause).to_owned());
                            view! {
                                <li class="context-item incident" data-testid="check-incident">
                                    <p class="badge badge-danger">{text(lang, MapMsg::InIncident)}</p>
                                    <p class="context-title">{i.title.clone()}</p>
                                    <p>{text(lang, MapMsg::Cause)} ": " {cause}</p>
                                    <p class="say"><strong>{text(lang, DeskMsg::SayLabel)}</strong> " " <q data-testid="check-say">{say}</q></p>
                                </li>
                            }
                        }).collect_view()}
                        {spots.into_iter().map(|s| {
                            let say = say_spot(&s, lang);
                            let cause = s.cause.clone().unwrap_or_else(|| text(lang, MapMsg::NoCause).to_owned());
                            let fix = s.expected_fix.map(|d| format::date(lang, d));
                            view! {
                                <li class="context-item spot" data-testid="check-spot">
                                    <p class="badge badge-warning">{text(lang, MapMsg::InSpot)}</p>
                                    <p>{text(lang, MapMsg::Cause)} ": " {cause}</p>
                                    {fix.map(|f| view! { <p>{text(lang, MapMsg::ExpectedFix)} ": " {f}</p> })}
                                    <p class="say"><strong>{text(lang, DeskMsg::SayLabel)}</strong> " " <q data-testid="check-say">{say}</q></p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }
    };

    view! {
        <div class="address-check" role="search" data-testid="address-check">
            <label for="address-check-input" class="visually-hidden">{move || app.t(MapMsg::CheckAddress)}</label>
            <input id="address-check-input" type="search" autocomplete="off" data-testid="address-check-input"
                placeholder=move || app.t(MapMsg::CheckAddress) title=move || app.t(MapMsg::CheckAddressHint)
                aria-describedby="address-check-result"
                prop:value=move || value.get() on:input=on_input
                on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { value.set(String::new()); result.set(None); }/>
            <div id="address-check-result" class="address-check-result" aria-live="polite"
                class:open=move || busy.get() || result.with(Option::is_some)>{body}</div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::{LocalizedText, Polygon, SpotId, SpotStatus};

    fn spot() -> Spot {
        Spot {
            id: SpotId(1),
            key: "k".into(),
            status: SpotStatus::InWork,
            outline: Polygon { ring: vec![] },
            center_lat: 0.0,
            center_long: 0.0,
            topic: None,
            technology: None,
            complaints: 3,
            priority: 1.0,
            group: None,
            cause: Some("antenna".into()),
            public_note: None,
            expected_fix: chrono::NaiveDate::from_ymd_opt(2030, 1, 15),
            registered_at: chrono::DateTime::default(),
            updated_at: chrono::DateTime::default(),
            resolved_at: None,
            version: 1,
            assignee: None,
        }
    }

    #[test]
    fn the_sentence_names_the_fix_date_or_uses_the_public_note() {
        let s = spot();
        let ru = say_spot(&s, Lang::Ru);
        let en = say_spot(&s, Lang::En);
        assert_ne!(ru, en);
        assert!(
            en.contains(&format::date(Lang::En, s.expected_fix.unwrap_or_default())),
            "{en}"
        );
        let mut noted = spot();
        noted.public_note = Some(LocalizedText::new("Works end Friday", "Работы до пятницы"));
        assert_eq!(say_spot(&noted, Lang::Ru), "Работы до пятницы");
        let mut open = spot();
        open.expected_fix = None;
        assert!(say_spot(&open, Lang::En).ends_with(text(Lang::En, DeskMsg::SayNoEstimate)));
    }
}
