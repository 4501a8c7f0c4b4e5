//! Who works on a ticket, an incident or a spot (issue 22): the `assignee_id` of a patch
//! checked against the accounts and the access policy ([`access::may_work_on`]), shared by the
//! three `PATCH` handlers and `GET /users/assignable`.

use crate::access;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::store::users::{self, Worker};
use axum::http::StatusCode;
use spotdesk_api::{field_codes, Actor, FieldError, UserId, WorkKind};

/// The field of a patch that names the assignee.
pub const FIELD: &str = "assignee_id";

/// The assignee after a patch, or `None` when it stays as it is.
///
/// * `wanted` is the patch's `assignee_id`: `Some(None)` unassigns; `Some(Some(id))` must be
///   an enabled account (else 422 `unknown`) who may work on it once the patch is applied,
///   i.e. with `owner` as its group (else 422 `not_assignable`, the message saying why);
/// * absent, a `current` assignee who may no longer work on it under the new `owner` (the
///   object moved to another group) is unassigned, so nobody keeps work they may not change.
pub async fn settle<'e>(
    ex: impl db::Executor<'e>,
    work: WorkKind,
    wanted: Option<Option<UserId>>,
    current: Option<&Actor>,
    owner: Option<&str>,
) -> ApiResult<Option<Option<Actor>>> {
    match wanted {
        Some(None) => Ok(Some(None)),
        Some(Some(id)) => {
            let worker = users::worker(ex, id)
                .await?
                .filter(|w| !w.disabled)
                .ok_or_else(|| {
                    ApiError::invalid_field(FIELD, field_codes::UNKNOWN, "no such active user")
                })?;
            access::may_work_on(work, worker.role, worker.group.as_deref(), owner)
                .map_err(|why| ApiError::invalid_field(FIELD, field_codes::NOT_ASSIGNABLE, why))?;
            Ok(Some(Some(actor(worker))))
        }
        None => match current {
            None => Ok(None),
            Some(a) => {
                let still = users::worker(ex, a.id).await?.is_some_and(|w| {
                    access::may_work_on(work, w.role, w.group.as_deref(), owner).is_ok()
                });
                Ok((!still).then_some(None))
            }
        },
    }
}

/// The rest of a patch's checks (`rest`, field errors) and its assignee's ([`settle`]) as one
/// answer: every field problem of the body together in one 422, any other error as it is.
pub fn together<T, A>(
    rest: Result<T, Vec<FieldError>>,
    assignee: ApiResult<A>,
) -> ApiResult<(T, A)> {
    match (rest, assignee) {
        (Ok(t), Ok(a)) => Ok((t, a)),
        (_, Err(e)) if e.status != StatusCode::UNPROCESSABLE_ENTITY => Err(e),
        (Ok(_), Err(e)) => Err(e),
        (Err(errors), Ok(_)) => Err(ApiError::validation(errors)),
        (Err(mut errors), Err(e)) => {
            errors.extend(e.body.fields);
            Err(ApiError::validation(errors))
        }
    }
}

/// The enabled accounts who may work on a `work` owned by `group`, by display name.
pub async fn candidates<'e>(
    ex: impl db::Executor<'e>,
    work: WorkKind,
    group: Option<&str>,
) -> ApiResult<Vec<Actor>> {
    Ok(users::active_workers(ex)
        .await?
        .into_iter()
        .filter(|w| access::may_work_on(work, w.role, w.group.as_deref(), group).is_ok())
        .map(actor)
        .collect())
}

fn actor(w: Worker) -> Actor {
    Actor {
        id: w.id,
        display_name: w.display_name,
    }
}
