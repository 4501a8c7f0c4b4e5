//! `/status`: the public "is something wrong at my address?" check. No sign-in needed.

use crate::api::{self, ApiError, Client};
use crate::components::{ErrorBanner, Spinner};
use crate::format;
use crate::i18n::{Msg, PublicMsg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{GeocodeResult, ProblemKind, PublicProblem, PublicStatus, SubscriptionRequest};

/// The public status page.
#[component]
pub fn Status() -> impl IntoView {
    let app = use_app();
    let address = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<PublicStatus, ApiError>>);
    let suggestions = RwSignal::new(Vec::<GeocodeResult>::new());
    let checked = RwSignal::new(String::new());

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

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let a = address.get_untracked().trim().to_owned();
        if a.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            // No token: this endpoint is public and must not depend on who is signed in.
            let r = api::public::status_at_address(&Client::new(app.api_base(), None), &a).await;
            result.set(Some(r));
            checked.set(a);
            busy.set(false);
        });
    };

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
                <button type="submit" class="btn btn-primary" data-testid="status-submit" disabled=move || busy.get()>
                    {move || app.t(if busy.get() { Msg::Checking } else { Msg::Check })}
                </button>
            </form>
            <div aria-live="polite" data-testid="status-result">
                {move || {
                    if busy.get() {
                        return view! { <Spinner/> }.into_any();
                    }
                    match result.get() {
                        None => ().into_any(),
                        Some(Err(e)) => view! { <ErrorBanner error=e/> }.into_any(),
                        Some(Ok(s)) if s.problems.is_empty() => view! {
                            <p class="banner banner-ok" data-testid="status-none">{app.t(Msg::NoProblems)}</p>
                        }.into_any(),
                        Some(Ok(s)) => view! {
                            <ul class="cards">{s.problems.into_iter().map(problem_card).collect_view()}</ul>
                        }.into_any(),
                    }
                }}
            </div>
            <Show when=move || matches!(result.get(), Some(Ok(_))) && !busy.get()>
                <SubscribeForm address=checked.get_untracked()/>
            </Show>
        </section>
    }
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
                <dt>{app.t(Msg::ColStatus)}</dt><dd>{app.t(state_msg(&p.state))}</dd>
            </dl>
        </li>
    }
}

/// The plain-language state sent by the server, in the page language.
fn state_msg(state: &str) -> PublicMsg {
    if state == "investigating" {
        PublicMsg::Investigating
    } else {
        PublicMsg::BeingFixed
    }
}

/// "Tell me when it is fixed": a contact for the checked address.
#[component]
fn SubscribeForm(address: String) -> impl IntoView {
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
        let req = SubscriptionRequest {
            contact: c,
            lat: None,
            long: None,
            address: Some(address.clone()),
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
