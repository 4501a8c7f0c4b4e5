//! Spot candidates computed in the browser, each with its visible "why" and a Register
//! button (registration is idempotent on the server by the candidate's key).

use super::layers::candidate_key;
use crate::api::{self, ApiError};
use crate::components::{names, ErrorBanner};
use crate::i18n::{text, Lang, MapMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Catalogue, NewSpot, Role, Spot, TicketId};
use spotdesk_core::spots::{Factor, SpotCandidate};

/// Label of a score factor.
pub fn factor_msg(f: Factor) -> MapMsg {
    match f {
        Factor::Complaints => MapMsg::FactorComplaints,
        Factor::SegmentMix => MapMsg::FactorSegmentMix,
        Factor::Topic => MapMsg::FactorTopic,
        Factor::CustomerValue => MapMsg::FactorCustomerValue,
        Factor::Growth => MapMsg::FactorGrowth,
    }
}

/// The measured value of a factor as shown (shares as percent).
pub fn factor_value(f: Factor, v: f64) -> String {
    match f {
        Factor::SegmentMix => format!("{:.0} %", v * 100.0),
        Factor::Complaints => format!("{v:.0}"),
        Factor::CustomerValue => format!("{v:.0}"),
        Factor::Topic | Factor::Growth => format!("{v:.2}"),
    }
}

/// The `POST /spots` body of a candidate; the server picks the group by topic.
pub fn new_spot(c: &SpotCandidate, technology: Option<&str>) -> NewSpot {
    NewSpot {
        key: c.key.clone(),
        outline: c.outline.clone(),
        topic: c.topic.clone(),
        technology: technology.map(str::to_owned),
        priority: c.score,
        group: None,
        ticket_ids: c
            .complaint_ticket_ids
            .iter()
            .map(|&i| TicketId(i))
            .collect(),
    }
}

/// Roles that register and work spots (the server checks too).
pub fn may_edit(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Coordinator | Role::Engineer | Role::Admin))
}

/// The list of candidates. `on_registered` gets the new (or existing) spot.
#[component]
pub fn CandidateList(
    #[prop(into)] candidates: Signal<Vec<SpotCandidate>>,
    selected: RwSignal<Option<String>>,
    /// Topic names.
    catalogue: LocalResource<Result<Catalogue, ApiError>>,
    #[prop(into)] technology: Signal<Option<&'static str>>,
    on_registered: Callback<Spot>,
) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="candidates" aria-labelledby="candidates-heading" data-testid="candidates">
            <h2 id="candidates-heading">{move || app.t(MapMsg::Candidates)}</h2>
            {move || {
                let list = candidates.get();
                if list.is_empty() {
                    view! { <p class="empty" data-testid="no-candidates">{app.t(MapMsg::NoCandidates)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="candidate-items">
                            {list.into_iter().map(|c| view! {
                                <CandidateItem candidate=c selected=selected catalogue=catalogue technology=technology on_registered=on_registered/>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn CandidateItem(
    candidate: SpotCandidate,
    selected: RwSignal<Option<String>>,
    catalogue: LocalResource<Result<Catalogue, ApiError>>,
    technology: Signal<Option<&'static str>>,
    on_registered: Callback<Spot>,
) -> impl IntoView {
    let app = use_app();
    let key = candidate_key(&candidate.key);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let c = StoredValue::new(candidate);
    let is_selected = {
        let key = key.clone();
        move || selected.get().as_deref() == Some(key.as_str())
    };
    let register = move |_| {
        busy.set(true);
        error.set(None);
        let body = c.with_value(|c| new_spot(c, technology.get_untracked()));
        spawn_local(async move {
            let r = app
                .call(|cl| async move { api::spots::create(&cl, &body).await })
                .await;
            busy.set(false);
            match r {
                Ok(s) => on_registered.run(s),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let why = move |lang: Lang| {
        c.with_value(|c| {
            c.why
                .iter()
                .map(|f| {
                    view! {
                        <li>
                            <span class="factor-name">{text(lang, factor_msg(f.factor))}</span>
                            ": " {factor_value(f.factor, f.value)}
                            " → " <span class="factor-part">{format!("+{:.2}", f.contribution)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let select_key = key.clone();
    view! {
        <li class="candidate-item" class:selected=is_selected.clone() aria-current=move || is_selected().then_some("true")
            data-testid="candidate-item" data-key=c.with_value(|c| c.key.clone())>
            <button type="button" class="btn btn-row" on:click=move |_| selected.set(Some(select_key.clone()))>
                <span class="spot-title">
                    {move || {
                        let cat = match catalogue.get() {
                            Some(Ok(cat)) => Some(cat),
                            _ => None,
                        };
                        c.with_value(|c| names::topic_name_opt(cat.as_ref(), app.lang.get(), c.topic.as_deref()))
                    }}
                    " · " {c.with_value(|c| c.customers)} " " {move || app.t(MapMsg::Customers)}
                </span>
                <span class="spot-meta">{move || app.t(Msg::Priority)} ": " {c.with_value(|c| format!("{:.1}", c.score))}</span>
            </button>
            <details class="why" data-testid="candidate-why">
                <summary>{move || app.t(MapMsg::Why)}</summary>
                <ul>{move || why(app.lang.get())}</ul>
            </details>
            {move || if may_edit(app.role()) {
                view! {
                    <button type="button" class="btn btn-primary" data-testid="register-spot"
                        prop:disabled=move || busy.get() on:click=register>
                        {move || app.t(if busy.get() { MapMsg::Registering } else { MapMsg::Register })}
                    </button>
                }.into_any()
            } else {
                view! { <p class="hint">{app.t(MapMsg::NoRightToRegister)}</p> }.into_any()
            }}
            {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_show_as_percent() {
        assert_eq!(factor_value(Factor::SegmentMix, 0.25), "25 %");
        assert_eq!(factor_value(Factor::Complaints, 7.0), "7");
    }

    #[test]
    fn only_staff_who_work_spots_may_register() {
        assert!(may_edit(Some(Role::Coordinator)));
        assert!(may_edit(Some(Role::Engineer)));
        assert!(!may_edit(Some(Role::Agent)));
        assert!(!may_edit(Some(Role::Manager)));
        assert!(!may_edit(None));
    }
}
