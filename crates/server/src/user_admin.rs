//! Administration of user accounts: the rules and writes shared by the API (`/admin/users`,
//! `POST /auth/password`) and the command line (`spotdesk-server admin …`).
//!
//! Every write here runs inside the caller's write transaction and records itself in the
//! audit log there ([`store::audit::record`]); what it does to sessions comes back as the
//! stored hashes of the sessions it ended, for the caller to close this process's live
//! streams at once after committing ([`close_streams`]). Password hashes are computed by the
//! caller before the transaction (argon2 is slow; the write lock is not held for it).

use crate::db::Tx;
use crate::error::{ApiError, ApiResult};
use crate::extract::IfMatch;
use crate::store::audit::{self, actions, kinds, Actor, Change};
use crate::store::{login_throttle, users};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use spotdesk_api::{
    field_codes, Catalogue, FieldError, NewUser, Role, UserAccount, UserId, UserPatch,
    DISPLAY_NAME_MAX_CHARS, RESERVED_USERNAMES, USERNAME_MAX_CHARS,
};

/// Fewest characters of a username.
pub const USERNAME_MIN_CHARS: usize = 2;

/// A new account, checked.
#[derive(Debug, Clone)]
pub struct CheckedNewUser {
    /// The username.
    pub username: String,
    /// The display name (the username when none was given).
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// The group, if any.
    pub group: Option<String>,
    /// The initial password given, if any (checked against the policy).
    pub password: Option<String>,
}

/// Problems of a username as a new account's (empty: fine).
pub fn check_username(field: &str, username: &str) -> Vec<FieldError> {
    let n = username.chars().count();
    let problem = if username.is_empty() {
        Some((field_codes::REQUIRED, "a username is required".to_owned()))
    } else if n < USERNAME_MIN_CHARS {
        Some((
            field_codes::TOO_SHORT,
            format!("at least {USERNAME_MIN_CHARS} characters"),
        ))
    } else if n > USERNAME_MAX_CHARS {
        Some((
            field_codes::TOO_LONG,
            format!("at most {USERNAME_MAX_CHARS} characters"),
        ))
    } else if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        || !username
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        Some((
            field_codes::INVALID,
            "only lower-case latin letters, digits, '.', '_' and '-', starting with a letter \
             or digit (e.g. ivanov or anna.k)"
                .to_owned(),
        ))
    } else if RESERVED_USERNAMES.contains(&username) {
        Some((
            field_codes::INVALID,
            format!("{username:?} is reserved; choose another username"),
        ))
    } else {
        None
    };
    problem
        .map(|(code, message)| vec![FieldError::new(field, code, message)])
        .unwrap_or_default()
}

/// A display name: trimmed, not blank, at most [`DISPLAY_NAME_MAX_CHARS`].
fn check_display_name(errors: &mut Vec<FieldError>, field: &str, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new(
            field,
            field_codes::REQUIRED,
            "must not be blank",
        ));
    } else if name.chars().count() > DISPLAY_NAME_MAX_CHARS {
        errors.push(FieldError::new(
            field,
            field_codes::TOO_LONG,
            format!("at most {DISPLAY_NAME_MAX_CHARS} characters"),
        ));
    } else if name.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            field_codes::INVALID,
            "control characters are not allowed",
        ));
    }
    name.to_owned()
}

/// A group code: `None` for absent or empty, else it must be in the catalogue.
fn check_group(
    errors: &mut Vec<FieldError>,
    field: &str,
    group: Option<&str>,
    cat: &Catalogue,
) -> Option<String> {
    let group = group.map(str::trim).filter(|g| !g.is_empty())?;
    if !cat.groups.iter().any(|g| g.code == group) {
        let known: Vec<&str> = cat.groups.iter().map(|g| g.code.as_str()).collect();
        errors.push(FieldError::new(
            field,
            field_codes::UNKNOWN,
            format!(
                "no group {group:?} in the catalogue; its groups are: {}",
                known.join(", ")
            ),
        ));
    }
    Some(group.to_owned())
}

/// Checks a new account (every problem at once); 422 `validation_failed` naming the fields.
pub fn check_new(new: &NewUser, cat: &Catalogue) -> ApiResult<CheckedNewUser> {
    let mut errors = check_username("username", &new.username);
    let display_name = match new.display_name.as_deref() {
        Some(d) => check_display_name(&mut errors, "display_name", d),
        None => new.username.clone(),
    };
    let group = check_group(&mut errors, "group", new.group.as_deref(), cat);
    if let Some(p) = &new.password {
        errors.extend(crate::password_policy::check("password", p, &new.username));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(CheckedNewUser {
        username: new.username.clone(),
        display_name,
        role: new.role,
        group,
        password: new.password.clone(),
    })
}

/// What the audit log keeps of an account: its administrable fields, no secret.
pub fn snapshot(a: &UserAccount) -> Value {
    json!({
        "id": a.id,
        "username": a.username,
        "display_name": a.display_name,
        "role": a.role,
        "group": a.group,
        "disabled": a.disabled,
        "must_change_password": a.must_change_password,
        "password_changed_at": a.password_changed_at,
        "version": a.version,
    })
}

/// An account read inside the transaction; 404 when it does not exist.
async fn existing(tx: &mut Tx, id: UserId) -> ApiResult<UserAccount> {
    users::account(&mut **tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))
}

/// Re-reads the account after a write.
async fn reread(tx: &mut Tx, id: UserId) -> ApiResult<UserAccount> {
    existing(tx, id).await
}

/// Creates the account with the (one-time, unless `must_change_password` is false) password
/// hashed as `hash`; 422 `duplicate` on `username` when it is taken.
pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    new: &CheckedNewUser,
    hash: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> ApiResult<UserAccount> {
    if users::account_by_username(&mut **tx, &new.username)
        .await?
        .is_some()
    {
        return Err(ApiError::invalid_field(
            "username",
            field_codes::DUPLICATE,
            format!("an account named {:?} exists already", new.username),
        ));
    }
    let id = users::create(
        tx,
        &new.username,
        hash,
        &new.display_name,
        new.role,
        new.group.as_deref(),
        must_change_password,
        now,
    )
    .await?;
    let account = reread(tx, UserId(id)).await?;
    record(tx, actor, actions::USER_CREATE, None, Some(&account), now).await?;
    Ok(account)
}

/// 422 when the change would leave no enabled administrator (nobody could administer any
/// more; the command line still could, but should not have to).
async fn keep_an_admin(
    tx: &mut Tx,
    before: &UserAccount,
    role: Role,
    disabled: bool,
) -> ApiResult<()> {
    let was = before.role == Role::Admin && !before.disabled;
    let stays = role == Role::Admin && !disabled;
    if !was || stays {
        return Ok(());
    }
    if users::enabled_admins_besides(&mut **tx, before.id).await? > 0 {
        return Ok(());
    }
    let field = if disabled { "disabled" } else { "role" };
    Err(ApiError::invalid_field(
        field,
        field_codes::INVALID,
        "this is the last enabled administrator: create or enable another administrator first",
    ))
}

/// Applies a patch (after `if_match`, when given, matches the current version); a changed
/// role or group or a disabling ends the user's sessions. Returns the account after and the
/// sessions ended. A patch that changes nothing changes nothing (no version, no entry).
pub async fn update(
    tx: &mut Tx,
    actor: &Actor,
    id: UserId,
    patch: &UserPatch,
    if_match: Option<IfMatch>,
    cat: &Catalogue,
    now: DateTime<Utc>,
) -> ApiResult<(UserAccount, Vec<String>)> {
    let before = existing(tx, id).await?;
    if let Some(m) = if_match {
        if !m.matches(before.version) {
            return Err(ApiError::version_conflict(before.version));
        }
    }
    let mut errors = Vec::new();
    let display_name = match &patch.display_name {
        Some(d) => check_display_name(&mut errors, "display_name", d),
        None => before.display_name.clone(),
    };
    let group = match &patch.group {
        Some(g) => check_group(&mut errors, "group", Some(g), cat),
        None => before.group.clone(),
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let role = patch.role.unwrap_or(before.role);
    let disabled = patch.disabled.unwrap_or(before.disabled);
    if display_name == before.display_name
        && role == before.role
        && group == before.group
        && disabled == before.disabled
    {
        return Ok((before, Vec::new()));
    }
    keep_an_admin(tx, &before, role, disabled).await?;
    users::update(
        tx,
        id,
        &display_name,
        role,
        group.as_deref(),
        disabled.then_some(now),
    )
    .await?;
    let ends = disabled || role != before.role || group != before.group;
    let ended = if ends {
        users::end_sessions(tx, id, None).await?
    } else {
        Vec::new()
    };
    let after = reread(tx, id).await?;
    let action = match (before.disabled, after.disabled) {
        (false, true) => actions::USER_DISABLE,
        (true, false) => actions::USER_ENABLE,
        _ => actions::USER_UPDATE,
    };
    record(tx, actor, action, Some(&before), Some(&after), now).await?;
    Ok((after, ended))
}

/// Sets a one-time password (hashed as `hash`) that must be changed at the next sign-in, and
/// ends the user's sessions.
pub async fn reset_password(
    tx: &mut Tx,
    actor: &Actor,
    id: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> ApiResult<(UserAccount, Vec<String>)> {
    let before = existing(tx, id).await?;
    users::set_password(tx, id, hash, true, now).await?;
    let ended = users::end_sessions(tx, id, None).await?;
    let after = reread(tx, id).await?;
    record(
        tx,
        actor,
        actions::USER_PASSWORD_RESET,
        Some(&before),
        Some(&after),
        now,
    )
    .await?;
    Ok((after, ended))
}

/// The user's own new password (hashed as `hash`): clears `must_change_password` and ends
/// every other session of theirs (the one stored as `keep` stays).
pub async fn change_own_password(
    tx: &mut Tx,
    id: UserId,
    hash: &str,
    keep: &str,
    now: DateTime<Utc>,
) -> ApiResult<(UserAccount, Vec<String>)> {
    let before = existing(tx, id).await?;
    users::set_password(tx, id, hash, false, now).await?;
    let ended = users::end_sessions(tx, id, Some(keep)).await?;
    let after = reread(tx, id).await?;
    let actor = Actor::User {
        id,
        username: before.username.clone(),
    };
    record(
        tx,
        &actor,
        actions::USER_PASSWORD_CHANGE,
        Some(&before),
        Some(&after),
        now,
    )
    .await?;
    Ok((after, ended))
}

/// Lifts the account's sign-in delays; returns the account and how many failure counters
/// were removed (recorded in the entry's `after` as `counters_removed`).
pub async fn unlock(
    tx: &mut Tx,
    actor: &Actor,
    id: UserId,
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ApiResult<(UserAccount, u64)> {
    let account = existing(tx, id).await?;
    let removed = login_throttle::unlock_account_in(tx, &account.username).await?;
    let mut before = snapshot(&account);
    before["locked_until"] = json!(locked_until);
    let mut after = snapshot(&account);
    after["locked_until"] = Value::Null;
    after["counters_removed"] = json!(removed);
    audit::record(
        tx,
        actor,
        Change {
            action: actions::USER_UNLOCK,
            object_kind: kinds::USER,
            object_id: Some(id.0),
            before: Some(before),
            after: Some(after),
        },
        now,
    )
    .await?;
    Ok((account, removed))
}

/// One audit entry about an account.
async fn record(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    before: Option<&UserAccount>,
    after: Option<&UserAccount>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let object_id = after.or(before).map(|a| a.id.0);
    audit::record(
        tx,
        actor,
        Change {
            action,
            object_kind: kinds::USER,
            object_id,
            before: before.map(snapshot),
            after: after.map(snapshot),
        },
        now,
    )
    .await?;
    Ok(())
}

/// Closes this process's live streams of the sessions ended (after the commit); other
/// processes' close within seconds by their sweep.
pub fn close_streams(state: &crate::AppState, ended: &[String]) {
    for hash in ended {
        state.stream_sessions.end(hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_plain_lower_case() {
        let code = |u: &str| {
            check_username("username", u)
                .first()
                .map(|e| e.code.clone())
        };
        for ok in [
            "anna",
            "ivanov",
            "anna.k",
            "agent_2",
            "engineer-billing",
            "7up",
        ] {
            assert_eq!(code(ok), None, "{ok}");
        }
        assert_eq!(code("").as_deref(), Some(field_codes::REQUIRED));
        assert_eq!(code("a").as_deref(), Some(field_codes::TOO_SHORT));
        assert_eq!(
            code(&"a".repeat(65)).as_deref(),
            Some(field_codes::TOO_LONG)
        );
        for bad in [
            "Anna", "анна", "anna k", ".anna", "-x", "cli", "system", "a@b",
        ] {
            assert_eq!(code(bad).as_deref(), Some(field_codes::INVALID), "{bad}");
        }
    }

    #[test]
    fn snapshots_carry_no_secret() {
        let a = UserAccount {
            id: UserId(3),
            username: "anna".into(),
            display_name: "Anna".into(),
            role: Role::Agent,
            group: None,
            disabled: false,
            must_change_password: true,
            locked_until: None,
            created_at: DateTime::<Utc>::MIN_UTC,
            password_changed_at: None,
            version: 2,
        };
        let text = snapshot(&a).to_string();
        assert!(
            !text.contains("password_hash") && !text.contains("argon2"),
            "{text}"
        );
        assert!(text.contains("\"must_change_password\":true"), "{text}");
    }
}
