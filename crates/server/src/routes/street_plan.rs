//! `GET /public/street-plan`: the service area's outline and streets, drawn from the address
//! register (`spotdesk_core::street_plan`), for maps without tiles.
//!
//! The plan is drawn once per register import and kept in memory: a request costs one small
//! query (the newest import's id), so every server sees an import at its commit.

use crate::error::ApiResult;
use crate::rate_limit::ClientAddr;
use crate::state::AppState;
use crate::store::addresses;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use spotdesk_api::{ErrorBody, PlanStreet, Polygon, StreetPlan};
use std::sync::Arc;

/// The outline of the service area and its streets with their names, from the address
/// register: what a map without tiles draws so a customer can find their place. Each street
/// is its houses in number order, smoothed and simplified to 15 m; the outline is the convex
/// hull of every house, 150 m out; at most the 400 streets with the most houses. Empty
/// without a register. No personal data.
#[utoipa::path(get, path = "/public/street-plan", tag = "public", operation_id = "getStreetPlan",
    responses(
        (status = 200, description = "The plan (`Cache-Control: public, max-age=300`)", body = StreetPlan),
        (status = 429, description = "Too many requests from this client", body = ErrorBody),
    ))]
pub async fn street_plan(State(state): State<AppState>, client: ClientAddr) -> ApiResult<Response> {
    state.public_limiter.check(client.0, state.clock.now())?;
    let import = addresses::latest_import(&state.db).await?;
    let plan = match state.street_plan(import) {
        Some(plan) => plan,
        None => {
            let houses = addresses::plan_houses(&state.db).await?;
            let plan = Arc::new(wire(spotdesk_core::street_plan::street_plan(&houses)));
            state.set_street_plan(import, plan.clone());
            plan
        }
    };
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(plan.as_ref().clone()),
    )
        .into_response())
}

/// The plan on the wire.
fn wire(p: spotdesk_core::street_plan::StreetPlan) -> StreetPlan {
    StreetPlan {
        outline: Polygon { ring: p.outline },
        streets: p
            .streets
            .into_iter()
            .map(|s| PlanStreet {
                name: s.name,
                line: s.line,
            })
            .collect(),
    }
}
