//! `/status`: the public "is something wrong at my address?" check. No sign-in needed.

use crate::api::{self, ApiError, Client};
use crate::components::{ErrorBanner, Spinner};
use crate::format;
use crate::i18n::Msg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{ProblemKind, PublicProblem, PublicStatus};

/// The public status page.
#[component]
pub fn Status() -> impl IntoView {
    let app = use_app();
    let address = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<PublicStatus, ApiError>>);

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
                    <input id="status-address" name="address" type="text" autocomplete="street-address"
                        prop:value=address on:input=move |ev| address.set(event_target_value(&ev))/>
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
                <dt>{app.t(Msg::ColStatus)}</dt><dd>{p.state}</dd>
            </dl>
        </li>
    }
}
