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
    commit_then_announce(tx, state, seqs, || {}).await
}

/// [`commit_and_announce`] with `after_commit` run between the commit and the announcement:
/// for a cache of this process that must hold what was committed before any stream tells of
/// the change (the catalogue after `PUT /admin/configuration`).
pub async fn commit_then_announce(
    tx: Tx,
    state: &AppState,
    seqs: impl IntoIterator<Item = i64>,
    after_commit: impl FnOnce(),
) -> Result<(), sqlx::Error> {
    let newest = seqs.into_iter().max();
    tx.commit().await?;
    after_commit();
    if let Some(seq) = newest {
        state.notify_change(seq);
    }
    Ok(())
}
