//! Administration of people: user accounts (`/admin/users`) and the audit log of
//! administrative changes (`/admin/audit`).

use crate::auth::Role;
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Fewest characters (Unicode scalar values) of a password an administrator or a user sets.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Most characters of such a password.
pub const PASSWORD_MAX_CHARS: usize = 256;
/// Longest username, in characters.
pub const USERNAME_MAX_CHARS: usize = 64;
/// Longest display name, in characters.
pub const DISPLAY_NAME_MAX_CHARS: usize = 200;
/// Usernames no account may take: `cli` names the command line in the audit log.
pub const RESERVED_USERNAMES: [&str; 2] = ["cli", "system"];

/// A user account as administrators see it (never a password or its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserAccount {
    pub id: UserId,
    /// Sign-in name: 2 to 64 of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter or digit;
    /// never changes.
    pub username: String,
    /// Name shown in the UI.
    pub display_name: String,
    pub role: Role,
    /// Assignee group (a catalogue group code), if any. An engineer sees only the tickets of
    /// their group, so an engineer without one sees none.
    pub group: Option<String>,
    /// A disabled account cannot sign in and has no sessions.
    pub disabled: bool,
    /// The password is a one-time password set by an administrator: the user must choose
    /// their own at the next sign-in.
    pub must_change_password: bool,
    /// While failed sign-ins delay further sign-ins to this account (from every address or
    /// from some), when the longest such delay ends; `POST /admin/users/{id}/unlock` lifts
    /// them.
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When the password was last set (by anyone); absent for accounts older than this field.
    pub password_changed_at: Option<DateTime<Utc>>,
    /// Incremented by every change; send it as `If-Match` with `PATCH`.
    pub version: i64,
}

/// `POST /admin/users` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// 2 to 64 of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter or digit; not `cli` or
    /// `system`; unique.
    pub username: String,
    /// Up to 200 characters; default: the username.
    pub display_name: Option<String>,
    pub role: Role,
    /// A group code of the catalogue; absent or empty: none.
    pub group: Option<String>,
    /// The initial one-time password (it must follow the password policy). Absent: the
    /// server generates one and answers it once. Either way the user must change it at the
    /// first sign-in.
    pub password: Option<String>,
}

/// `PATCH /admin/users/{id}` body: only the present fields change. Requires `If-Match`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// Up to 200 characters, not blank.
    pub display_name: Option<String>,
    /// A new role; ends the user's sessions (menus and rights follow the role).
    pub role: Option<Role>,
    /// A catalogue group code, or `""` for none; a change ends the user's sessions (open
    /// streams carry the old group's tickets).
    pub group: Option<String>,
    /// `true` disables the account and ends its sessions at once; `false` enables it again.
    pub disabled: Option<bool>,
}

/// Answer of `POST /admin/users`: the account and, when the server generated it, the one-time
/// password, shown this once (a replay with the same `Idempotency-Key` does not repeat it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedUser {
    pub user: UserAccount,
    /// The generated one-time password; absent when the request gave one, and on replays.
    pub one_time_password: Option<String>,
}

/// Answer of `POST /admin/users/{id}/password-reset`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    pub user: UserAccount,
    /// The new one-time password, shown this once: hand it to the user, who must change it at
    /// the next sign-in.
    pub one_time_password: String,
}

/// Who made an administrative change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditActor {
    /// The signed-in user; absent for the command line (`spotdesk-server admin …`).
    pub id: Option<UserId>,
    /// Their username, or `cli` for the command line.
    pub username: String,
}

/// One administrative change: who did what to which object, and the object before and after
/// (its administrable fields; never a password or a hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Increases with every entry.
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: AuditActor,
    /// What was done: `user.create`, `user.update`, `user.disable`, `user.enable`,
    /// `user.password_reset`, `user.password_change` (by the user themself), `user.unlock`.
    pub action: String,
    /// The kind of object: `user`.
    pub object_kind: String,
    /// The object's id.
    pub object_id: Option<i64>,
    /// The object before the change; absent for a creation.
    pub before: Option<serde_json::Value>,
    /// The object after the change.
    pub after: Option<serde_json::Value>,
}

/// `GET /admin/audit` query parameters. All filters are optional and combine with AND;
/// entries come newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// The actor's username (`cli` for the command line).
    pub actor: Option<String>,
    /// Actions starting with this text, e.g. `user.` or `user.password_reset`.
    pub action: Option<String>,
    /// The kind of object, e.g. `user`.
    pub object_kind: Option<String>,
    /// The object's id.
    pub object_id: Option<i64>,
    /// At or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Opaque cursor from a previous page's `next_cursor` (same filters).
    pub cursor: Option<String>,
    /// Page size, 1..=500 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<u32>,
}

/// One page of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}
