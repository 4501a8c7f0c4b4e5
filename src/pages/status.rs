//! `/status`: the public "is something wrong at my address?" check. No sign-in needed.
//!
//! The customer types an address (keyboard path) or clicks / taps the place on a small map
//! (works without tiles: the map then draws the service area's outline and streets from the
//! address register, `GET /public/street-plan`, and its background still takes clicks). Too many look-ups
//! answer `429` with `Retry-After`: the page says how many seconds to wait, counts down and
//! enables the button again by itself.

use crate::api::{self, ApiError, Client};
use crate::components::map::plan::use_street_plan;
use crate::components::map::{LeafletMap, Shape, DEFAULT_CENTER};
use crate::components::{ErrorBanner, Spinner};
use crate::format;
use crate::i18n::{wait_text, Msg, PublicMsg};
use crate::state::use_app;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{
    GeocodeResult, ProblemKind, PublicProblem, PublicState, PublicStatus, SubscriptionRequest,
};

/// Zoom of the map at start (the whole service area).
const START_ZOOM: f64 = 12.0;

/// What was looked up: a typed address or a point picked on the map.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    Address(String),
    Point(f64, f64),
}

/// Counts down a `Retry-After` wait: `seconds` shows what is left (0 = may try again).
#[derive(Clone, Copy)]
struct Wait {
    seconds: RwSignal<u32>,
    generation: StoredValue<u64>,
}

impl Wait {
    fn new() -> Self {
        Self {
            seconds: RwSignal::new(0),
            generation: StoredValue::new(0),
        }
    }

    fn active(self) -> bool {
        self.seconds.get() > 0
    }

    /// Starts (or restarts) a wait of `secs`; `done` runs when it is over.
    fn start(self, secs: u32, done: impl Fn() + 'static) {
        self.generation.update_value(|g| *g += 1);
        let gen = self.generation.get_value();
        let until = js_sys::Date::now() + f64::from(secs) * 1000.0;
        self.seconds.set(secs.max(1));
        spawn_local(async move {
            loop {
                TimeoutFuture::new(250).await;
                if self.generation.try_get_value() != Some(gen) {
                    return;
                }
                let left = ((until - js_sys::Date::now()) / 1000.0).ceil().max(0.0) as u32;
                if left != self.seconds.get_untracked() {
                    self.seconds.set(left);
                }
                if left == 0 {
                    done();
                    return;
                }
            }
        });
    }
}

/// The public status page.
#[component]
pub fn Status() -> impl IntoView {
    let app = use_app();
    let address = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<PublicStatus, ApiError>>);
    let suggestions = RwSignal::new(Vec::<GeocodeResult>::new());
    let checked = RwSignal::new(None::<Place>);
    let marker = RwSignal::new(None::<(f64, f64)>);
    // The marker came from a typed address: the map pans there (a picked point stays put).
    let typed = RwSignal::new(false);
    let wait = Wait::new();
    let (tile_url, tile_attribution, center) = app.config.with_untracked(|c| {
        c.as_ref()
            .map(|c| (c.tile_url.clone(), c.tile_attribution.clone(), c.map_center))
            .unwrap_or_default()
    });

    // Without tiles the map would be a grey box: the register's outline and streets instead.
    let plan = use_street_plan(tile_url.is_some());

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        address.set(text.clone());
        let q = text.trim().to_owned();
        if q.chars().count() < 3 {
            suggestions.set(Vec::new());
            return;
        }
        spawn_local(async move {
            let c = Client::new(app.api_base(), None);
            if let Ok(r) = api::public::suggest(&c, &q).await {
                // Only if the field still holds what was searched.
                if address.get_untracked().trim() == q {
                    suggestions.set(r.results);
                }
            }
        });
    };

    let lookup = move |place: Place| {
        if busy.get_untracked() || wait.seconds.get_untracked() > 0 {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            // No token: this endpoint is public and must not depend on who is signed in.
            let c = Client::new(app.api_base(), None);
            let r = match &place {
                Place::Address(a) => api::public::status_at_address(&c, a).await,
                Place::Point(lat, long) => api::public::status_at(&c, *lat, *long).await,
            };
            let limited = match &r {
                Err(e) if e.status() == Some(429) => Some(e.retry_after().unwrap_or(5)),
                _ => None,
            };
            if let Some(secs) = limited {
                // The page recovers by itself: the message and the block go when the time is up.
                wait.start(secs, move || {
                    if matches!(result.get_untracked(), Some(Err(ref e)) if e.status() == Some(429))
                    {
                        result.set(None);
                    }
                });
            } else {
                checked.set(Some(place));
            }
            result.set(Some(r));
            busy.set(false);
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let a = address.get_untracked().trim().to_owned();
        if a.is_empty() {
            return;
        }
        // A chosen suggestion carries its coordinates: show it on the map too.
        let hit = suggestions.with_untracked(|s| {
            s.iter()
                .find(|r| r.address_string == a)
                .map(|r| (r.lat, r.long))
        });
        marker.set(hit);
        typed.set(hit.is_some());
        lookup(Place::Address(a));
    };

    let on_pick = Callback::new(move |(lat, long): (f64, f64)| {
        if busy.get_untracked() || wait.seconds.get_untracked() > 0 {
            return;
        }
        // Six decimals (about 10 cm) is plenty and keeps the URL short.
        let (lat, long) = (round6(lat), round6(long));
        marker.set(Some((lat, long)));
        typed.set(false);
        lookup(Place::Point(lat, long));
    });

    let shapes = Signal::derive(move || {
        marker
            .get()
            .map(|(lat, long)| Shape::Dot {
                key: format!("picked-{lat}-{long}"),
                lat,
                long,
                radius: 9.0,
                color: "#1f5fae",
                popup: Vec::new(),
            })
            .into_iter()
            .collect::<Vec<_>>()
    });
    let start = center.map(|[lat, long]| (lat, long, START_ZOOM));
    let blocked = move || busy.get() || wait.active();

    view! {
        <section class="page narrow">
            <h1>{move || app.t(Msg::StatusTitle)}</h1>
            <p>{move || app.t(Msg::StatusIntro)}</p>
            <form class="card form inline-form" on:submit=submit novalidate data-testid="status-form">
                <div class="field grow">
                    <label for="status-address">{move || app.t(Msg::Address)}</label>
                    <input id="status-address" name="address" type="text" autocomplete="off"
                        list="status-suggestions" data-testid="status-address"
                        prop:value=address on:input=on_input/>
                    <datalist id="status-suggestions">
                        {move || suggestions.get().into_iter().map(|r| view! {
                            <option value=r.address_string.clone()></option>
                        }).collect_view()}
                    </datalist>
                </div>
                <button type="submit" class="btn btn-primary" data-testid="status-submit" disabled=blocked>
                    {move || app.t(if busy.get() { Msg::Checking } else { Msg::Check })}
                </button>
            </form>
            <div class="card status-map" data-testid="status-map"
                data-picked=move || marker.get().map(|(lat, long)| format!("{lat},{long}")).unwrap_or_default()>
                <p class="hint" id="status-map-hint">{move || app.t(PublicMsg::MapHint)}</p>
                <LeafletMap shapes=shapes keep_view=true
                    focus=Signal::derive(move || {
                        typed.get().then(|| marker.get().map(|(lat, long)| format!("picked-{lat}-{long}"))).flatten()
                    })
                    tile_url=tile_url tile_attribution=tile_attribution
                    label=Signal::derive(move || app.t(PublicMsg::MapLabel))
                    on_click=on_pick start=start.unwrap_or((DEFAULT_CENTER.0, DEFAULT_CENTER.1, 10.0))
                    plan=plan/>
            </div>
            <div aria-live="polite" data-testid="status-result">
                {move || {
                    if busy.get() {
                        return view! { <Spinner/> }.into_any();
                    }
                    if wait.active() {
                        return view! {
                            <p class="banner banner-error" role="alert" data-testid="status-wait">
                                {move || wait_text(app.lang.get(), wait.seconds.get())}
                            </p>
                        }.into_any();
                    }
                    match result.get() {
                        None => ().into_any(),
                        Some(Err(e)) => view! { <ErrorBanner error=e/> }.into_any(),
                        Some(Ok(s)) => {
                            // A typed address is still in its field; a picked point is named,
                            // so the customer knows what the answer is about.
                            let place = matches!(checked.get(), Some(Place::Point(..))).then(|| view! {
                                <p class="muted" data-testid="status-place">{app.t(PublicMsg::PickedPoint)}</p>
                            });
                            let body = if s.problems.is_empty() {
                                view! {
                                    <p class="banner banner-ok" data-testid="status-none">{app.t(Msg::NoProblems)}</p>
                                }.into_any()
                            } else {
                                view! {
                                    <ul class="cards">{s.problems.into_iter().map(problem_card).collect_view()}</ul>
                                }.into_any()
                            };
                            view! { {place} {body} }.into_any()
                        }
                    }
                }}
            </div>
            {move || match (result.get(), checked.get()) {
                (Some(Ok(_)), Some(place)) if !busy.get() => Some(view! { <SubscribeForm place=place/> }),
                _ => None,
            }}
        </section>
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn problem_card(p: PublicProblem) -> impl IntoView {
    let app = use_app();
    let lang = app.lang.get_untracked();
    let title = match p.kind {
        ProblemKind::Incident => Msg::ProblemIncident,
        ProblemKind::Spot => Msg::ProblemSpot,
    };
    view! {
        <li class="card problem" data-testid="status-problem">
            <h2>{app.t(title)}</h2>
            <p>{p.summary.get(lang.code()).to_owned()}</p>
            <dl class="facts">
                <dt>{app.t(Msg::Since)}</dt><dd>{format::datetime(lang, p.since)}</dd>
                <dt>{app.t(Msg::ExpectedFixAt)}</dt>
                <dd>{p.expected_fix.map(|t| format::datetime(lang, t)).unwrap_or_else(|| app.t(Msg::NotSet).to_owned())}</dd>
                <dt>{app.t(Msg::LastUpdate)}</dt><dd>{format::datetime(lang, p.last_update)}</dd>
                <dt>{app.t(Msg::ColStatus)}</dt><dd data-testid="problem-state" data-state=format!("{:?}", p.state)>{app.t(state_msg(&p.state))}</dd>
            </dl>
        </li>
    }
}

/// The state sent by the server, in the page language.
fn state_msg(state: &PublicState) -> PublicMsg {
    match state {
        PublicState::Investigating => PublicMsg::Investigating,
        PublicState::BeingFixed => PublicMsg::BeingFixed,
        PublicState::ReportedAgain => PublicMsg::ReportedAgain,
    }
}

/// "Tell me when it is fixed": a contact for the checked address or point.
#[component]
fn SubscribeForm(place: Place) -> impl IntoView {
    let app = use_app();
    let contact = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<(), ApiError>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = contact.get_untracked().trim().to_owned();
        if c.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (lat, long, address) = match &place {
            Place::Address(a) => (None, None, Some(a.clone())),
            Place::Point(lat, long) => (Some(*lat), Some(*long), None),
        };
        let req = SubscriptionRequest {
            contact: c,
            lat,
            long,
            address,
        };
        spawn_local(async move {
            let r = api::public::subscribe(&Client::new(app.api_base(), None), &req).await;
            outcome.set(Some(r.map(|_| ())));
            busy.set(false);
        });
    };
    view! {
        <form class="card form" on:submit=submit novalidate data-testid="subscribe-form">
            <h2>{move || app.t(PublicMsg::SubscribeTitle)}</h2>
            <p>{move || app.t(PublicMsg::SubscribeHint)}</p>
            <div class="field">
                <label for="subscribe-contact">{move || app.t(PublicMsg::Contact)}</label>
                <input id="subscribe-contact" type="text" autocomplete="tel" data-testid="subscribe-contact"
                    prop:value=contact on:input=move |ev| contact.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="btn" data-testid="subscribe-submit" disabled=move || busy.get()>
                {move || app.t(PublicMsg::Subscribe)}
            </button>
            <div aria-live="polite">
                {move || match outcome.get() {
                    None => ().into_any(),
                    Some(Ok(())) => view! {
                        <p class="banner banner-ok" data-testid="subscribe-done">{app.t(PublicMsg::Subscribed)}</p>
                    }.into_any(),
                    Some(Err(e)) => view! { <ErrorBanner error=e/> }.into_any(),
                }}
            </div>
        </form>
    }
}
