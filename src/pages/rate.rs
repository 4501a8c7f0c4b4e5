//! `/rate/:token`: the customer rates a fix (1-5, optional comment) once. No sign-in. The
//! link is checked first, so a mistyped or used one says so before the form is filled.

use crate::api::{self, ApiError, Client};
use crate::components::ErrorBanner;
use crate::i18n::PublicMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use spotdesk_api::RatingRequest;

/// What happened to the rating.
#[derive(Clone)]
enum Outcome {
    Thanks,
    Already,
    Unknown,
    Failed(ApiError),
}

/// The rating page.
#[component]
pub fn RatePage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let score = RwSignal::new(0i64);
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    // The link is checked before the form shows (a failed check shows the form anyway: the
    // rating itself answers for the link then).
    let checking = RwSignal::new(true);
    spawn_local(async move {
        let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
        let r = api::public::rating_link(&Client::new(app.api_base(), None), &token).await;
        match r {
            Err(e) if e.status() == Some(409) => outcome.set(Some(Outcome::Already)),
            Err(e) if e.status() == Some(404) => outcome.set(Some(Outcome::Unknown)),
            _ => {}
        }
        checking.set(false);
    });
    let form_shown = move || {
        !checking.get()
            && !matches!(
                outcome.get(),
                Some(Outcome::Thanks | Outcome::Already | Outcome::Unknown)
            )
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = score.get_untracked();
        if !(1..=5).contains(&s) || busy.get_untracked() {
            return;
        }
        let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
        let text = comment.get_untracked().trim().to_owned();
        let req = RatingRequest {
            score: s,
            comment: (!text.is_empty()).then_some(text),
        };
        busy.set(true);
        spawn_local(async move {
            let r = api::public::rate(&Client::new(app.api_base(), None), &token, &req).await;
            outcome.set(Some(match r {
                Ok(_) => Outcome::Thanks,
                Err(e) if e.status() == Some(409) => Outcome::Already,
                Err(e) if e.status() == Some(404) => Outcome::Unknown,
                Err(e) => Outcome::Failed(e),
            }));
            busy.set(false);
        });
    };
    view! {
        <section class="page narrow">
            <h1>{move || app.t(PublicMsg::RateTitle)}</h1>
            <Show when=move || checking.get()>
                <p role="status" data-testid="rate-checking">{move || app.t(PublicMsg::RateChecking)}</p>
            </Show>
            <Show when=form_shown>
            <form class="card form" on:submit=submit novalidate data-testid="rate-form">
                <fieldset class="field">
                    <legend>{move || app.t(PublicMsg::RateIntro)} " " {move || app.t(PublicMsg::Score)}</legend>
                    <div class="score-row">
                        {(1..=5i64).map(|n| view! {
                            <label class="score-option">
                                <input type="radio" name="score" value=n.to_string()
                                    data-testid=format!("rate-score-{n}")
                                    prop:checked=move || score.get() == n
                                    on:change=move |_| score.set(n)/>
                                {n.to_string()}
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="field">
                    <label for="rate-comment">{move || app.t(PublicMsg::Comment)}</label>
                    <textarea id="rate-comment" maxlength="2000" data-testid="rate-comment"
                        prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="btn btn-primary" data-testid="rate-submit"
                    disabled=move || busy.get() || score.get() == 0>
                    {move || app.t(if busy.get() { PublicMsg::Sending } else { PublicMsg::SendRating })}
                </button>
            </form>
            </Show>
            <div aria-live="polite" data-testid="rate-result">
                {move || match outcome.get() {
                    None => ().into_any(),
                    Some(Outcome::Thanks) => view! { <p class="banner banner-ok">{app.t(PublicMsg::RatingThanks)}</p> }.into_any(),
                    Some(Outcome::Already) => view! { <p class="banner banner-warn">{app.t(PublicMsg::AlreadyRated)}</p> }.into_any(),
                    Some(Outcome::Unknown) => view! { <p class="banner banner-warn">{app.t(PublicMsg::RateLinkUnknown)}</p> }.into_any(),
                    Some(Outcome::Failed(e)) => view! { <ErrorBanner error=e/> }.into_any(),
                }}
            </div>
        </section>
    }
}
