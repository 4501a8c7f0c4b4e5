//! `/admin/*`: user accounts (`/admin/users`) and the audit log (`/admin/audit`).

use super::client::{ApiError, Client};
use chrono::SecondsFormat;
use spotdesk_api::{
    AuditPage, AuditQuery, CreatedUser, NewUser, PasswordReset, UserAccount, UserId, UserPatch,
};

/// `GET /admin/users`: every account, by username.
pub async fn users(c: &Client) -> Result<Vec<UserAccount>, ApiError> {
    c.get("/admin/users", &[]).await
}

/// `GET /admin/users/{id}`: one account as it is now (its `version` is the `ETag`).
pub async fn user(c: &Client, id: UserId) -> Result<UserAccount, ApiError> {
    c.get(&format!("/admin/users/{id}"), &[]).await
}

/// `POST /admin/users` with an `Idempotency-Key`: a retry with the same key and body never
/// creates a second account (and answers without the one-time password).
pub async fn create_user(
    c: &Client,
    body: &NewUser,
    idempotency_key: &str,
) -> Result<CreatedUser, ApiError> {
    c.post("/admin/users", body, Some(idempotency_key)).await
}

/// `PATCH /admin/users/{id}` with `If-Match` of the version the change was made on.
pub async fn update_user(
    c: &Client,
    id: UserId,
    patch: &UserPatch,
    version: i64,
) -> Result<UserAccount, ApiError> {
    let (account, _etag) = c
        .patch(&format!("/admin/users/{id}"), patch, &etag(version))
        .await?;
    Ok(account)
}

/// `POST /admin/users/{id}/password-reset`: a new one-time password, answered this once.
pub async fn reset_password(c: &Client, id: UserId) -> Result<PasswordReset, ApiError> {
    c.post_bare(&format!("/admin/users/{id}/password-reset"))
        .await
}

/// `POST /admin/users/{id}/unlock`: lifts the sign-in delays of failed sign-ins.
pub async fn unlock(c: &Client, id: UserId) -> Result<UserAccount, ApiError> {
    c.post_bare(&format!("/admin/users/{id}/unlock")).await
}

/// `GET /admin/audit` with the query's filters as URL parameters.
pub async fn audit(c: &Client, q: &AuditQuery) -> Result<AuditPage, ApiError> {
    c.get("/admin/audit", &audit_params(q)).await
}

/// The `If-Match` value for an account version: `"<version>"`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The URL parameters of an [`AuditQuery`] (absent filters are left out).
pub fn audit_params(q: &AuditQuery) -> Vec<(&'static str, String)> {
    let mut p = Vec::new();
    let mut push = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            p.push((k, v));
        }
    };
    push("actor", q.actor.clone());
    push("action", q.action.clone());
    push("object_kind", q.object_kind.clone());
    push("object_id", q.object_id.map(|i| i.to_string()));
    push(
        "from",
        q.from.map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    push(
        "to",
        q.to.map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    push("cursor", q.cursor.clone());
    push("limit", q.limit.map(|l| l.to_string()));
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn audit_parameters_leave_out_what_is_not_set() {
        assert!(audit_params(&AuditQuery::default()).is_empty());
        let q = AuditQuery {
            actor: Some("admin".into()),
            action: Some("user.".into()),
            object_kind: Some("user".into()),
            object_id: Some(7),
            from: Utc.with_ymd_and_hms(2025, 3, 1, 21, 0, 0).single(),
            to: None,
            cursor: Some("abc".into()),
            limit: Some(50),
        };
        assert_eq!(
            audit_params(&q),
            vec![
                ("actor", "admin".to_owned()),
                ("action", "user.".to_owned()),
                ("object_kind", "user".to_owned()),
                ("object_id", "7".to_owned()),
                ("from", "2025-03-01T21:00:00Z".to_owned()),
                ("cursor", "abc".to_owned()),
                ("limit", "50".to_owned()),
            ]
        );
    }
}
