//! The draft in localStorage, one per signed-in user: survives reloads, closed tabs, lost
//! networks and server restarts.

use super::draft::DraftData;

fn key(user_id: i64) -> String {
    format!("spotdesk.draft.{user_id}")
}

/// The saved draft of a user, or a fresh one.
pub fn load(user_id: i64) -> DraftData {
    crate::storage::get(&key(user_id))
        .and_then(|s| serde_json::from_str::<DraftData>(&s).ok())
        .filter(|d| !d.key.is_empty() && !d.repeat_key.is_empty())
        .unwrap_or_else(DraftData::fresh)
}

/// Saves a user's draft.
pub fn save(user_id: i64, d: &DraftData) {
    if let Ok(json) = serde_json::to_string(d) {
        crate::storage::set(&key(user_id), &json);
    }
}
