//! `/auth/*`: sign in, sign out, who am I.

use super::client::{ApiError, Client};
use spotdesk_api::{LoginRequest, LoginResponse, User};

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
