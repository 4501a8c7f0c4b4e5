//! Login and the signed-in user.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};

/// What a user may do; enforced by the server on every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// First-line agent: registers tickets.
    Agent,
    /// Second/third-line engineer: works tickets, incidents and spots of their group.
    Engineer,
    /// Incident coordinator: runs the mass-incident board.
    Coordinator,
    /// Manager or supervisor: reads dashboards.
    Manager,
    /// Administrator: catalogue, SLA policies, users.
    Admin,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 5] = [
        Role::Agent,
        Role::Engineer,
        Role::Coordinator,
        Role::Manager,
        Role::Admin,
    ];

    /// The role's wire name (`agent`, `engineer`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Engineer => "engineer",
            Role::Coordinator => "coordinator",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// Parses a wire name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// `POST /auth/login` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// `POST /auth/login` answer: a bearer token for the `Authorization` header.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// Opaque bearer token; send as `Authorization: Bearer <token>`.
    pub token: String,
    /// When the token stops working.
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub user: User,
}

/// A user account as seen by clients (never includes the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Assignee group the user belongs to (e.g. `line2-network`), if any.
    pub group: Option<String>,
    /// `true` after signing in with a one-time password set by an administrator: the session
    /// may only change the password (`POST /auth/password`), read `GET /auth/me` and sign
    /// out; everything else answers 403 `password_change_required`. Absent (`false`) from
    /// backends that predate it.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `POST /auth/password` body: the signed-in user changes their own password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password the session was signed in with (the one-time password after a reset).
    pub current_password: String,
    /// The new password: 12 to 256 characters, not a common password, not containing the
    /// username, different from the current one (see [`crate::PASSWORD_MIN_CHARS`]).
    pub new_password: String,
}
