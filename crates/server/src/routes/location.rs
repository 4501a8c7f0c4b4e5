//! `GET /location/context`: what is already known at a place.

use crate::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::tickets::{self, BoundingBox};
use crate::store::{incidents, spots};
use axum::extract::State;
use axum::Json;
use spotdesk_api::{field_codes, ErrorBody, LocationContext, LocationQuery, NearbyTicket};
use spotdesk_core::geo::{haversine_m, point_in_polygon, valid_lat_long, EARTH_RADIUS_M};

/// Radius of the nearby-tickets search when none is given, in metres.
pub const DEFAULT_RADIUS_M: f64 = 300.0;
/// Smallest accepted radius.
pub const MIN_RADIUS_M: f64 = 10.0;
/// Largest accepted radius.
pub const MAX_RADIUS_M: f64 = 5000.0;
/// Most nearby tickets answered.
pub const MAX_NEARBY: usize = 20;

/// The box around a point that holds every point within `radius_m` (slightly larger).
pub fn bounding_box(lat: f64, long: f64, radius_m: f64) -> BoundingBox {
    // 1 % margin against rounding; the exact distance filter follows.
    let dlat = (radius_m * 1.01 / EARTH_RADIUS_M).to_degrees();
    let (min_lat, max_lat) = (lat - dlat, lat + dlat);
    let cos = min_lat
        .abs()
        .max(max_lat.abs())
        .min(90.0)
        .to_radians()
        .cos();
    let long_range = if max_lat >= 90.0 || min_lat <= -90.0 || cos < 1e-6 {
        None
    } else {
        let dlong = dlat / cos;
        Some((long - dlong, long + dlong)).filter(|(a, b)| *a >= -180.0 && *b <= 180.0)
    };
    BoundingBox {
        min_lat,
        max_lat,
        long: long_range,
    }
}

/// Active incidents and unresolved spots covering a point, and open tickets near it.
///
/// `incidents`: incidents not resolved or confirmed whose `area` contains the point. `spots`:
/// spots not resolved whose `outline` contains it. `nearby_tickets`: open tickets (not
/// resolved or closed) within `radius_m` (10..=5000, default 300) of the point, nearest
/// first, at most 20, optionally only of `service_code`; engineers see only their group's
/// tickets. Bad `lat`, `long` or `radius_m` is 400 naming the parameter.
#[utoipa::path(get, path = "/location/context", tag = "location", operation_id = "getLocationContext",
    security(("bearer" = [])),
    params(LocationQuery),
    responses(
        (status = 200, description = "What is known at the place", body = LocationContext),
        (status = 400, description = "Missing or bad `lat`, `long` or `radius_m` (see `fields`)", body = ErrorBody),
        SignedIn,
    ))]
pub async fn location_context(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> ApiResult<Json<LocationContext>> {
    access::LOCATION_CONTEXT.check(&user)?;
    if !q.lat.is_finite() || !(-90.0..=90.0).contains(&q.lat) {
        return Err(ApiError::bad_field(
            "lat",
            field_codes::OUT_OF_RANGE,
            "latitude is -90..=90",
        ));
    }
    if !valid_lat_long(q.lat, q.long) {
        return Err(ApiError::bad_field(
            "long",
            field_codes::OUT_OF_RANGE,
            "longitude is -180..=180",
        ));
    }
    let radius = q.radius_m.unwrap_or(DEFAULT_RADIUS_M);
    if !(MIN_RADIUS_M..=MAX_RADIUS_M).contains(&radius) {
        return Err(ApiError::bad_field(
            "radius_m",
            field_codes::OUT_OF_RANGE,
            "radius is 10..=5000 metres",
        ));
    }
    let service = q
        .service_code
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());

    let mut tx = state.db.begin().await?;
    let incidents = incidents::list(&mut *tx, true, u32::MAX)
        .await?
        .into_iter()
        .filter(|i| point_in_polygon(q.lat, q.long, &i.area))
        .collect();
    let spots = spots::list(&mut *tx, true, u32::MAX)
        .await?
        .into_iter()
        .filter(|s| point_in_polygon(q.lat, q.long, &s.outline))
        .collect();
    let candidates = tickets::open_in_box(
        &mut *tx,
        bounding_box(q.lat, q.long, radius),
        service,
        access::ticket_scope(&user),
    )
    .await?;
    tx.rollback().await?;

    let mut nearby: Vec<NearbyTicket> = candidates
        .into_iter()
        .map(|t| NearbyTicket {
            distance_m: haversine_m(q.lat, q.long, t.lat, t.long),
            ticket: t,
        })
        .filter(|n| n.distance_m <= radius)
        .collect();
    nearby.sort_by(|a, b| {
        a.distance_m
            .total_cmp(&b.distance_m)
            .then(a.ticket.id.cmp(&b.ticket.id))
    });
    nearby.truncate(MAX_NEARBY);
    Ok(Json(LocationContext {
        incidents,
        spots,
        nearby_tickets: nearby,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_the_circle() {
        for (lat, long) in [(56.3, 44.0), (-33.9, 151.2), (0.0, 0.0), (89.99, 10.0)] {
            let b = bounding_box(lat, long, 5000.0);
            for i in 0..360 {
                let a = f64::from(i).to_radians();
                let dlat = (5000.0 / EARTH_RADIUS_M).to_degrees() * a.sin();
                let dlong = (5000.0 / EARTH_RADIUS_M).to_degrees() * a.cos()
                    / lat.to_radians().cos().max(1e-9);
                let (plat, plong) = (lat + dlat, long + dlong);
                assert!(plat >= b.min_lat && plat <= b.max_lat, "{lat} {long} {i}");
                if let Some((lo, hi)) = b.long {
                    assert!(plong >= lo && plong <= hi, "{lat} {long} {i}");
                }
            }
        }
        // Across the antimeridian: no longitude bound.
        assert_eq!(bounding_box(10.0, 179.99, 3000.0).long, None);
    }
}
