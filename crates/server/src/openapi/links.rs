//! OpenAPI links between operations (a created object's id feeds the operations on it; an
//! object read feeds its update with its `ETag`), and examples of path ids, so that a client
//! generator or a stateful contract run can chain calls the way the SPA does.

use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{OpenApi, RefOr, Schema};

/// `(from operation, its status, to operation, parameters of the target)`: values are OpenAPI
/// runtime expressions.
type LinkSpec = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const LINKS: &[LinkSpec] = &[
    (
        "createTicket",
        "201",
        "getTicket",
        &[("id", "$response.body#/id")],
    ),
    (
        "createTicket",
        "201",
        "patchTicket",
        &[
            ("id", "$response.body#/id"),
            ("If-Match", "$response.header.ETag"),
        ],
    ),
    (
        "createTicket",
        "201",
        "getTicketHistory",
        &[("id", "$response.body#/id")],
    ),
    (
        "createTicket",
        "201",
        "listTicketComments",
        &[("id", "$response.body#/id")],
    ),
    (
        "createTicket",
        "201",
        "createTicketComment",
        &[("id", "$response.body#/id")],
    ),
    (
        "getTicket",
        "200",
        "patchTicket",
        &[
            ("id", "$response.body#/id"),
            ("If-Match", "$response.header.ETag"),
        ],
    ),
    (
        "createIncident",
        "201",
        "getIncident",
        &[("id", "$response.body#/id")],
    ),
    (
        "createIncident",
        "201",
        "patchIncident",
        &[
            ("id", "$response.body#/id"),
            ("If-Match", "$response.header.ETag"),
        ],
    ),
    (
        "createIncident",
        "201",
        "linkIncidentTickets",
        &[("id", "$response.body#/id")],
    ),
    (
        "createIncident",
        "201",
        "incidentLinkSuggestions",
        &[("id", "$response.body#/id")],
    ),
    (
        "getIncident",
        "200",
        "patchIncident",
        &[
            ("id", "$response.body#/id"),
            ("If-Match", "$response.header.ETag"),
        ],
    ),
    (
        "createSpot",
        "201",
        "getSpot",
        &[("id", "$response.body#/id")],
    ),
    (
        "createSpot",
        "201",
        "patchSpot",
        &[
            ("id", "$response.body#/id"),
            ("If-Match", "$response.header.ETag"),
        ],
    ),
    (
        "getSpot",
        "200",
        "patchSpot",
        &[
            ("id", "$response.body#/id"),
            ("If-Match", "$response.header.ETag"),
        ],
    ),
    (
        "createUser",
        "201",
        "getUser",
        &[("id", "$response.body#/user/id")],
    ),
    (
        "createUser",
        "201",
        "unlockUser",
        &[("id", "$response.body#/user/id")],
    ),
];

fn operations(doc: &mut OpenApi) -> impl Iterator<Item = &mut Operation> {
    doc.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
    })
}

/// Valid request bodies against the catalogue every server starts with (the demo data's too), as
/// schema examples: what a generator starts from and a reader copies.
fn examples() -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::json;
    vec![
        (
            "NewTicket",
            json!({
                "service_code": "home-internet", "kind": "incident", "channel": "phone",
                "topic": "no-connection", "customer_phone": "+7 912 345-67-89",
                "customer_name": "Ivan Petrov",
                "address_string": "Nizhny Novgorod, Bolshaya Pokrovskaya 1",
                "lat": 56.3269, "long": 44.0059, "description": "No internet since the morning",
                "fields": {"contract_no": "HI-100200", "connection_type": "gpon"}
            }),
        ),
        (
            "NewIncident",
            json!({
                "title": "Home internet down in the centre",
                "area": {"ring": [[44.0, 56.32], [44.02, 56.32], [44.02, 56.335], [44.0, 56.335]]},
                "service_codes": ["home-internet"], "topic": "no-connection",
                "owner_group": "line2-network", "cause": "Fibre cut",
                "expected_resolution": "2030-01-01T12:00:00Z"
            }),
        ),
        (
            "NewSpot",
            json!({
                "key": "example-spot", "topic": "no-signal", "technology": "4g", "priority": 1.5,
                "outline": {"ring": [[44.0, 56.3], [44.01, 56.3], [44.01, 56.31]]}
            }),
        ),
        (
            "NewComment",
            json!({"text": "Called the customer back", "kind": "note"}),
        ),
        ("IncidentLinkRequest", json!({"ticket_ids": [1, 2]})),
        ("StillBrokenReport", json!({"ticket_id": 1})),
        (
            "LoginRequest",
            json!({"username": "agent", "password": "demo"}),
        ),
        (
            "SubscriptionRequest",
            json!({"contact": "+7 912 345-67-89", "lat": 56.3269, "long": 44.0059}),
        ),
        (
            "RatingRequest",
            json!({"score": 5, "comment": "Fixed quickly"}),
        ),
    ]
}

/// Adds [`LINKS`] to the responses of the document, the [`examples`] to their schemas, and `minimum: 1` with an example to every
/// integer id in a path (ids start at 1; 0 or less is no object, 404).
pub fn add(doc: &mut OpenApi) {
    if let Some(components) = doc.components.as_mut() {
        for (name, example) in examples() {
            if let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut(name) {
                o.examples = vec![example];
            }
        }
    }
    for op in operations(doc) {
        let id = op.operation_id.clone().unwrap_or_default();
        for (from, status, to, params) in LINKS {
            if *from != id {
                continue;
            }
            let Some(RefOr::T(response)) = op.responses.responses.get_mut(*status) else {
                continue;
            };
            let mut link = LinkBuilder::new().operation_id(*to);
            for (name, value) in *params {
                link = link.parameter(*name, *value);
            }
            response
                .links
                .insert((*to).to_owned(), RefOr::T(link.build()));
        }
        for p in op.parameters.iter_mut().flatten() {
            if p.parameter_in != ParameterIn::Path || !(p.name == "id" || p.name.ends_with("_id")) {
                continue;
            }
            if let Some(RefOr::T(Schema::Object(o))) = p.schema.as_mut() {
                o.minimum = Some(1.into());
                o.examples = vec![serde_json::json!(1)];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every link names operations, statuses and parameters the document has.
    #[test]
    fn links_name_what_exists() {
        let doc = serde_json::to_value(crate::openapi::document()).unwrap_or_default();
        let mut ops = std::collections::BTreeMap::new();
        for item in doc["paths"].as_object().into_iter().flatten() {
            for op in item.1.as_object().into_iter().flatten() {
                ops.insert(
                    op.1["operationId"].as_str().unwrap_or("").to_owned(),
                    op.1.clone(),
                );
            }
        }
        for (from, status, to, params) in LINKS {
            let source = &ops[*from];
            assert!(
                source["responses"][*status]["links"][*to].is_object(),
                "{from} {status} has no link to {to}"
            );
            let target = &ops[*to];
            for (name, _) in *params {
                let known = target["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|p| p["name"] == *name);
                assert!(known, "{to} has no parameter {name}");
            }
        }
    }
}
