//! `/auth/*`: sign in, sign out, who am I, change my password.

use super::client::{ApiError, Client};
use spotdesk_api::{LoginRequest, LoginResponse, PasswordChange, User};

/// `POST /auth/login`.
pub async fn login(c: &Client, username: &str, password: &str) -> Result<LoginResponse, ApiError> {
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    c.post("/auth/login", &body, None).await
}

/// `POST /auth/logout`: revokes the client's token.
pub async fn logout(c: &Client) -> Result<(), ApiError> {
    c.post_empty("/auth/logout").await
}

/// `GET /auth/me`: the user the token belongs to.
pub async fn me(c: &Client) -> Result<User, ApiError> {
    c.get("/auth/me", &[]).await
}

/// `POST /auth/password`: changes the signed-in user's own password; answers the user, whose
/// `must_change_password` is then `false`. Ends the user's other sessions, not this one.
pub async fn change_password(c: &Client, current: &str, new: &str) -> Result<User, ApiError> {
    let body = PasswordChange {
        current_password: current.to_owned(),
        new_password: new.to_owned(),
    };
    c.post("/auth/password", &body, None).await
}
