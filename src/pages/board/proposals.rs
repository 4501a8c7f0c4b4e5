//! Proposed incidents (bursts of similar complaints found by the server's burst detector):
//! register one with a click, or dismiss it for every coordinator.

use super::BoardCtx;
use crate::api::{self, ApiError};
use crate::components::{names, ErrorBanner};
use crate::format;
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{IncidentProposal, ProposalAccept};

/// The proposal list, refetched whenever `version` changes.
#[component]
pub fn Proposals(#[prop(into)] version: Signal<u64>) -> impl IntoView {
    let app = use_app();
    let proposals = LocalResource::new(move || {
        version.track();
        app.call(|c| async move { api::incidents::proposals(&c).await })
    });
    let gone = RwSignal::new(Vec::<String>::new());
    view! {
        <section class="proposals" data-testid="proposals" aria-labelledby="proposals-h">
            <h2 id="proposals-h">{move || app.t(BoardMsg::Proposals)}</h2>
            {move || match proposals.get() {
                None => None,
                Some(Err(e)) => Some(view! { <ErrorBanner error=e/> }.into_any()),
                Some(Ok(list)) => {
                    let list: Vec<IncidentProposal> = list
                        .into_iter()
                        .filter(|p| !gone.with(|g| g.contains(&p.key)))
                        .collect();
                    Some(if list.is_empty() {
                        view! { <p class="muted" data-testid="no-proposals">{app.t(BoardMsg::NoProposals)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="cards">
                                {list.into_iter().map(|p| view! { <ProposalCard proposal=p gone=gone/> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                }
            }}
        </section>
    }
}

#[component]
fn ProposalCard(proposal: IncidentProposal, gone: RwSignal<Vec<String>>) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let key = proposal.key.clone();
    let (service, topic) = (proposal.service_code.clone(), proposal.topic.clone());
    let heading = move || {
        let lang = app.lang.get();
        ctx.catalogue.with(|c| {
            let c = c.as_ref();
            format!(
                "{} · {}",
                names::service_name(c, lang, &service),
                names::service_topic_name(c, lang, &service, &topic)
            )
        })
    };
    let act = move |accept: bool, key: String| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let k = key.clone();
            let r = if accept {
                app.call(|c| async move {
                    api::incidents::accept_proposal(&c, &k, &ProposalAccept::default())
                        .await
                        .map(|_| ())
                })
                .await
            } else {
                app.call(|c| async move { api::incidents::dismiss_proposal(&c, &k).await })
                    .await
            };
            busy.set(false);
            match r {
                Ok(()) => {
                    gone.update(|g| g.push(key));
                    ctx.refresh.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let (k1, k2) = (key.clone(), key);
    let window = (proposal.window_start, proposal.window_end);
    view! {
        <li class="card proposal" data-testid="proposal" data-key=proposal.key.clone()>
            <h3>{heading}</h3>
            <p>
                <strong data-testid="proposal-customers">{proposal.customers}</strong>" "{move || app.t(BoardMsg::Customers)}
                ", "{proposal.ticket_ids.len()}" "{move || app.t(BoardMsg::Tickets)}
            </p>
            <p class="muted small">{move || {
                let lang = app.lang.get();
                format!("{} – {}", format::datetime(lang, window.0), format::datetime(lang, window.1))
            }}</p>
            <div class="btn-row">
                <button type="button" class="btn btn-primary" data-testid="accept-proposal" disabled=move || busy.get()
                    on:click=move |_| act(true, k1.clone())>{move || app.t(BoardMsg::Accept)}</button>
                <button type="button" class="btn btn-secondary" data-testid="dismiss-proposal" disabled=move || busy.get()
                    on:click=move |_| act(false, k2.clone())>{move || app.t(BoardMsg::Dismiss)}</button>
            </div>
            {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
        </li>
    }
}
