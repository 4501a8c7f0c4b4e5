//! `GET /customers/{phone}`: a caller's history (signed-in users only).

use super::client::{ApiError, Client};
use crate::url::encode_query_value;
use spotdesk_api::CustomerHistory;

/// Everything known about the customer calling from `phone` (any notation).
pub async fn history(c: &Client, phone: &str) -> Result<CustomerHistory, ApiError> {
    c.get(&format!("/customers/{}", encode_query_value(phone)), &[])
        .await
}
