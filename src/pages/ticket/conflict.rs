//! The edit-conflict screen: someone saved the ticket after this page loaded it. Both
//! versions side by side, per field; the user re-applies their changes on top of the latest
//! version or discards them. Nothing is overwritten silently.

use super::values::{display, field_label};
use crate::i18n::{Lang, TicketMsg};
use crate::state::use_app;
use leptos::prelude::*;
use serde_json::Value;
use spotdesk_api::{Catalogue, Ticket, TicketPatch};

/// Fields compared on the conflict screen, in display order.
const FIELDS: &[&str] = &[
    "status",
    "planned_at",
    "status_notes",
    "description",
    "customer_name",
    "line",
    "agency_responsible",
    "topic",
    "incident_id",
    "spot_id",
];

/// A save refused with 412: what the user tried to send, what the page had, what is current.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub mine: TicketPatch,
    pub base: Ticket,
    pub server: Ticket,
}

/// One row: a field, its latest saved value, the user's unsaved value (if they changed it),
/// and whether someone else changed it meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub field: &'static str,
    pub server: Value,
    pub mine: Option<Value>,
    pub changed_by_others: bool,
}

/// The rows worth showing: every field the user changed or someone else changed.
pub fn rows(c: &Conflict) -> Vec<Row> {
    let base = serde_json::to_value(&c.base).unwrap_or_default();
    let server = serde_json::to_value(&c.server).unwrap_or_default();
    let mine = serde_json::to_value(&c.mine).unwrap_or_default();
    FIELDS
        .iter()
        .filter_map(|&f| {
            let s = server.get(f).cloned().unwrap_or(Value::Null);
            let b = base.get(f).cloned().unwrap_or(Value::Null);
            let m = mine.get(f).cloned().filter(|v| !v.is_null());
            let changed_by_others = s != b;
            (m.is_some() || changed_by_others).then_some(Row {
                field: f,
                server: s,
                mine: m,
                changed_by_others,
            })
        })
        .collect()
}

/// The conflict screen.
#[component]
pub fn ConflictView(
    conflict: Conflict,
    #[prop(into)] catalogue: Signal<Option<Catalogue>>,
    on_reapply: Callback<()>,
    on_discard: Callback<()>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let app = use_app();
    let list = rows(&conflict);
    let server_version = conflict.server.version;
    let cell = move |lang: Lang, field: &str, v: &Value| {
        catalogue.with(|c| display(lang, c.as_ref(), field, v))
    };
    view! {
        <section class="card conflict" role="alertdialog" aria-labelledby="conflict-title"
            aria-describedby="conflict-text" data-testid="conflict">
            <h2 id="conflict-title">{move || app.t(TicketMsg::ConflictTitle)}</h2>
            <p id="conflict-text">{move || app.t(TicketMsg::ConflictText)} " (" {move || app.t(TicketMsg::Version)} " " {server_version} ")"</p>
            <div class="table-wrap">
                <table class="conflict-table">
                    <thead><tr>
                        <th scope="col">{move || app.t(TicketMsg::ColField)}</th>
                        <th scope="col">{move || app.t(TicketMsg::ColServer)}</th>
                        <th scope="col">{move || app.t(TicketMsg::ColMine)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|r| {
                            let (f, s, m, others) = (r.field, r.server.clone(), r.mine.clone(), r.changed_by_others);
                            view! {
                                <tr data-testid="conflict-row" data-field=f>
                                    <th scope="row">{move || field_label(app.lang.get(), f)}</th>
                                    <td data-col="server" class:changed=others>{move || cell(app.lang.get(), f, &s)}</td>
                                    <td data-col="mine">{move || match &m {
                                        Some(v) => cell(app.lang.get(), f, v),
                                        None => app.t(TicketMsg::Unchanged).to_owned(),
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" data-testid="conflict-reapply" disabled=move || busy.get()
                    on:click=move |_| on_reapply.run(())>{move || app.t(TicketMsg::Reapply)}</button>
                <button type="button" class="btn btn-secondary" data-testid="conflict-discard" disabled=move || busy.get()
                    on:click=move |_| on_discard.run(())>{move || app.t(TicketMsg::DiscardMine)}</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(notes: Option<&str>, status: &str, version: i64) -> Ticket {
        serde_json::from_value(serde_json::json!({
            "id": 7, "service_code": "billing", "kind": "incident", "channel": "phone",
            "topic": "t", "description": "d", "customer_phone": "+79120000000",
            "customer_name": null, "address_string": "a", "lat": 55.0, "long": 37.0,
            "segment": null, "lifetime_value": null, "line": 1,
            "agency_responsible": "g", "status": status, "status_notes": notes,
            "expected_datetime": "2030-01-01T00:00:00Z", "planned_at": null, "fields": {},
            "incident_id": null, "spot_id": null, "created_by": null,
            "created_at": "2030-01-01T00:00:00Z", "updated_at": "2030-01-01T00:00:00Z",
            "resolved_at": null, "version": version, "rating": null
        }))
        .expect("a ticket")
    }

    #[test]
    fn shows_my_fields_and_fields_others_changed() {
        let c = Conflict {
            base: ticket(None, "new", 1),
            server: ticket(Some("theirs"), "in_work", 2),
            mine: TicketPatch {
                status_notes: Some("mine".into()),
                ..Default::default()
            },
        };
        let r = rows(&c);
        let fields: Vec<_> = r.iter().map(|r| r.field).collect();
        assert_eq!(fields, ["status", "status_notes"]);
        assert_eq!(r[1].server, Value::from("theirs"));
        assert_eq!(r[1].mine, Some(Value::from("mine")));
        assert!(r[0].changed_by_others && r[0].mine.is_none());
    }
}
