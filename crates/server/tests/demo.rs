//! `--demo` seeding: fills an empty database once, with consistent server-owned fields.

#![allow(clippy::unwrap_used)]

use spotdesk_server::Config;

async fn counts(state: &spotdesk_server::AppState) -> (i64, i64, i64) {
    let q = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(&state.db);
    (
        q("SELECT COUNT(*) FROM users").await.unwrap(),
        q("SELECT COUNT(*) FROM tickets").await.unwrap(),
        q("SELECT COUNT(*) FROM coverage_features").await.unwrap(),
    )
}

#[tokio::test]
async fn demo_data_is_inserted_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_db(format!("sqlite://{}", dir.path().join("demo.db").display()));
    config.demo = true;
    config.demo_days = 2;
    config.demo_tickets_per_day = 30;
    let first = spotdesk_server::prepare(config.clone()).await.unwrap();
    let c1 = counts(&first).await;
    assert_eq!(c1.0, 8);
    assert!(c1.1 >= 30, "{c1:?}");
    assert!(c1.2 > 0);
    // Deadlines come from the SLA policies, after registration; resolved tickets have resolved_at.
    let bad: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets WHERE expected_datetime <= created_at \
         OR ((status IN ('resolved', 'closed')) <> (resolved_at IS NOT NULL))",
    )
    .fetch_one(&first.db)
    .await
    .unwrap();
    assert_eq!(bad, 0);
    first.db.close().await;

    let second = spotdesk_server::prepare(config).await.unwrap();
    assert_eq!(counts(&second).await, c1);
}

#[tokio::test]
async fn without_demo_only_the_catalogue_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::with_db(format!(
        "sqlite://{}",
        dir.path().join("empty.db").display()
    ));
    let state = spotdesk_server::prepare(config).await.unwrap();
    assert_eq!(counts(&state).await, (0, 0, 0));
    assert!(!state.catalogue().services.is_empty());
}
