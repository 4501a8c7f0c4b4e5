//! The end of every write: commit the transaction, then wake the live streams.

use crate::db::Tx;
use crate::state::AppState;

/// Commits `tx` and, when it recorded changes (`seqs`, the sequence numbers returned by
/// `store::events::record`), tells the open `GET /events` streams of the newest one.
///
/// Every write ends here, so no change is announced before it is committed and none is left
/// unannounced. On PostgreSQL other server processes learn of it from the database's own
/// notification (`db::spawn_change_listener`).
pub async fn commit_and_announce(
    tx: Tx,
    state: &AppState,
    seqs: impl IntoIterator<Item = i64>,
) -> Result<(), sqlx::Error> {
    let newest = seqs.into_iter().max();
    tx.commit().await?;
    if let Some(seq) = newest {
        state.notify_change(seq);
    }
    Ok(())
}
