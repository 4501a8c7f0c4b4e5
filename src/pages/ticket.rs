//! `/tickets/:id`: one ticket — all fields, lifecycle actions, reassignment, notes, comments
//! and history. Every save sends `If-Match`; a 412 opens the conflict screen.

mod actions;
mod comments;
mod conflict;
mod edit_form;
mod edits;
mod facts;
mod history;
mod values;

use crate::api::{self, ApiError};
use crate::components::{AssigneePicker, ErrorBanner, Skeleton};
use crate::i18n::{field_problem_text, TicketMsg, WorkMsg};
use crate::state::use_app;
use actions::Actions;
use chrono::NaiveDate;
use comments::Comments;
use conflict::{Conflict, ConflictView};
use edit_form::EditForm;
use edits::{build_patch, is_empty, Edits};
use facts::Facts;
use history::History;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use spotdesk_api::{FieldError, Ticket, TicketId, TicketPatch, TicketStatus, UserId, WorkKind};
use spotdesk_core::validate::validate_patch;
use values::field_label;

/// The page: reads `:id` from the route.
#[component]
pub fn TicketPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|s| s.parse::<i64>().ok().map(TicketId))
        })
    });
    move || match id.get() {
        Some(id) => view! { <TicketView id=id/> }.into_any(),
        None => view! { <p class="empty">{app.t(TicketMsg::NoSuchTicket)}</p> }.into_any(),
    }
}

/// Save state of the page, `Copy`.
#[derive(Clone, Copy)]
struct Saver {
    app: crate::state::AppState,
    id: TicketId,
    base: RwSignal<Option<Ticket>>,
    edits: Edits,
    conflict: RwSignal<Option<Conflict>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    field_errors: RwSignal<Vec<FieldError>>,
    saved: RwSignal<bool>,
    history: LocalResource<Result<Vec<spotdesk_api::TicketHistoryEntry>, ApiError>>,
}

impl Saver {
    /// Sends `patch` as a change of version `against`.
    fn send(self, patch: TicketPatch, against: Ticket) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        self.field_errors.set(vec![]);
        self.saved.set(false);
        let (app, id) = (self.app, self.id);
        spawn_local(async move {
            let etag = api::tickets::etag(against.version);
            let p = patch.clone();
            let r = app
                .call(|c| async move { api::tickets::update(&c, id, &p, &etag).await })
                .await;
            if self.busy.try_get_untracked().is_none() {
                return; // the page is gone
            }
            match r {
                Ok((t, _)) => {
                    self.base.set(Some(t));
                    self.edits.clear_sent(&patch);
                    self.conflict.set(None);
                    self.saved.set(true);
                    self.history.refetch();
                }
                Err(e) if e.status() == Some(412) => {
                    // Someone saved first: show both versions, keep the user's typing.
                    match app
                        .call(|c| async move { api::tickets::get(&c, id).await })
                        .await
                    {
                        Ok(_) if self.busy.try_get_untracked().is_none() => {}
                        Ok(server) => self.conflict.set(Some(Conflict {
                            mine: patch,
                            base: against,
                            server,
                        })),
                        Err(e2) => self.error.set(Some(e2)),
                    }
                }
                Err(e) => {
                    self.field_errors.set(e.field_errors().to_vec());
                    self.error.set(Some(e));
                }
            }
            self.busy.set(false);
        });
    }

    /// Resolves the ticket with the edits, the resolution `note` and `cause` (empty: none
    /// chosen); core's check first, so a missing note or cause is shown beside its field.
    fn resolve(self, note: String, cause: String, cat: Option<spotdesk_api::Catalogue>) {
        let Some(b) = self.base.get_untracked() else {
            return;
        };
        let mut patch = build_patch(
            &b,
            &untrack(|| self.edits.values()),
            Some(TicketStatus::Resolved),
            None,
        );
        patch.status_notes = Some(note);
        patch.resolution_cause = Some(cause).filter(|c| !c.is_empty());
        if let Some(c) = cat {
            if let Err(errs) = validate_patch(&patch, &b, &c) {
                self.error.set(None);
                self.field_errors.set(errs);
                return;
            }
        }
        self.send(patch, b);
    }

    /// Saves the edits, with a status change when given.
    fn save(
        self,
        status: Option<TicketStatus>,
        planned: Option<NaiveDate>,
        cat: Option<spotdesk_api::Catalogue>,
    ) {
        let Some(b) = self.base.get_untracked() else {
            return;
        };
        let patch = build_patch(&b, &untrack(|| self.edits.values()), status, planned);
        if is_empty(&patch) {
            return;
        }
        if let Some(c) = cat {
            if let Err(errs) = validate_patch(&patch, &b, &c) {
                self.error.set(None);
                self.field_errors.set(errs);
                return;
            }
        }
        self.send(patch, b);
    }
}

#[component]
fn TicketView(id: TicketId) -> impl IntoView {
    let app = use_app();
    let catalogue = app.catalogue_resource();
    let cat = Signal::derive(move || catalogue.get().and_then(Result::ok));
    let base = RwSignal::new(None::<Ticket>);
    let load_error = RwSignal::new(None::<ApiError>);
    let history = LocalResource::new(move || {
        app.call(move |c| async move { api::tickets::history(&c, id).await })
    });
    let s = Saver {
        app,
        id,
        base,
        edits: Edits::new(),
        conflict: RwSignal::new(None),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
        field_errors: RwSignal::new(vec![]),
        saved: RwSignal::new(false),
        history,
    };
    let load = move || {
        load_error.set(None);
        spawn_local(async move {
            match app
                .call(|c| async move { api::tickets::get(&c, id).await })
                .await
            {
                Ok(t) => base.set(Some(t)),
                Err(e) => load_error.set(Some(e)),
            }
        });
    };
    load();

    let dirty = Signal::derive(move || {
        base.with(|b| {
            b.as_ref()
                .is_some_and(|b| !is_empty(&build_patch(b, &s.edits.values(), None, None)))
        })
    });
    let reapply = Callback::new(move |_| {
        if let Some(c) = s.conflict.get_untracked() {
            s.base.set(Some(c.server.clone()));
            s.send(c.mine, c.server);
        }
    });
    let discard = Callback::new(move |_| {
        if let Some(c) = s.conflict.get_untracked() {
            s.edits.clear_sent(&c.mine);
            s.base.set(Some(c.server));
            s.conflict.set(None);
            s.history.refetch();
        }
    });
    let undo = Callback::new(move |_| s.edits.clear_all());
    // Assigning sends only the assignee, against the version on screen.
    let assign = Callback::new(move |who: Option<UserId>| {
        if let Some(b) = s.base.get_untracked() {
            let patch = TicketPatch {
                assignee_id: Some(who),
                ..Default::default()
            };
            s.send(patch, b);
        }
    });
    let busy = Signal::derive(move || s.busy.get() || s.conflict.with(Option::is_some));
    // Read only inside `<Show when=base is some>`; the base never goes back to `None`.
    let t = Signal::derive(move || base.get().expect("shown only once loaded"));
    // The resolution causes of the ticket's service, named in the current language.
    let causes = Signal::derive(move || {
        let lang = app.lang.get().code();
        let service = base.with(|b| b.as_ref().map(|b| b.service_code.clone()));
        cat.with(|c| {
            c.as_ref()
                .and_then(|c| {
                    c.services
                        .iter()
                        .find(|s| Some(&s.code) == service.as_ref())
                })
                .map(|s| {
                    s.resolution_causes
                        .iter()
                        .map(|c| (c.code.clone(), c.name.get(lang).to_owned()))
                        .collect()
                })
                .unwrap_or_default()
        })
    });

    view! {
        <section class="page ticket-page">
            <p class="back"><a href="/tickets">{move || app.t(TicketMsg::BackToList)}</a></p>
            <h1>{move || app.t(TicketMsg::Title)} " № " {id.0}</h1>
            {move || load_error.get().map(|e| view! { <ErrorBanner error=e on_retry=Callback::new(move |_| load())/> })}
            {move || s.conflict.get().map(|c| view! {
                <ConflictView conflict=c catalogue=cat on_reapply=reapply on_discard=discard busy=s.busy/>
            })}
            {move || s.error.get().map(|e| view! { <ErrorBanner error=e test_id="save-error"/> })}
            <ul class="error-list" data-testid="save-field-errors">
                {move || s.field_errors.get().into_iter().map(|e| view! {
                    <li>{field_label(app.lang.get(), &e.field)} ": " {field_problem_text(app.lang.get(), &e)}</li>
                }).collect_view()}
            </ul>
            <div role="status" aria-live="polite">
                {move || s.saved.get().then(|| view! { <p class="banner banner-ok" data-testid="saved">{app.t(TicketMsg::Saved)}</p> })}
            </div>
            <Show when=move || base.with(Option::is_some)
                fallback=move || load_error.with(Option::is_none).then(|| view! { <Skeleton lines=8/> })>
                <div class="ticket-layout">
                    <div class="ticket-main">
                        <section class="card" aria-labelledby="facts-title">
                            <h2 id="facts-title" class="visually-hidden">{move || app.t(TicketMsg::Details)}</h2>
                            <Facts ticket=t catalogue=cat/>
                        </section>
                        <section class="card" aria-labelledby="assignee-title">
                            <h2 id="assignee-title" class="visually-hidden">{move || app.t(WorkMsg::Assignee)}</h2>
                            <AssigneePicker work=WorkKind::Ticket key="ticket"
                                group=Signal::derive(move || Some(t.with(|t| t.agency_responsible.clone())))
                                current=Signal::derive(move || t.with(|t| t.assignee.clone()))
                                busy=busy on_assign=assign/>
                        </section>
                        <Actions status=Signal::derive(move || t.with(|t| t.status)) planned=s.edits.planned_at busy=busy
                            on_action=Callback::new(move |(to, date)| s.save(Some(to), date, cat.get_untracked()))
                            causes=causes field_errors=s.field_errors
                            on_resolve=Callback::new(move |(note, cause)| s.resolve(note, cause, cat.get_untracked()))/>
                        <EditForm base=t edits=s.edits catalogue=cat dirty=dirty busy=busy
                            on_save=Callback::new(move |_| s.save(None, None, cat.get_untracked())) on_undo=undo/>
                    </div>
                    <div class="ticket-side">
                        <Comments id=id ticket=t catalogue=cat/>
                        <History entries=history catalogue=cat/>
                    </div>
                </div>
            </Show>
        </section>
    }
}
