//! `--demo` seeding: fills an empty database once, with consistent server-owned fields.

use spotdesk_server::Config;

/// Users, tickets, coverage features and addresses of the register.
async fn counts(state: &spotdesk_server::AppState) -> (i64, i64, i64, i64) {
    let q = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(&state.db);
    (
        q("SELECT COUNT(*) FROM users").await.unwrap(),
        q("SELECT COUNT(*) FROM tickets").await.unwrap(),
        q("SELECT COUNT(*) FROM coverage_features").await.unwrap(),
        q("SELECT COUNT(*) FROM addresses").await.unwrap(),
    )
}

/// The best address the register gives for `q`.
async fn geocode(state: &spotdesk_server::AppState, q: &str) -> Option<String> {
    spotdesk_server::geocoder::search_register(&state.db, q, 3)
        .await
        .unwrap()
        .into_iter()
        .next()
        .map(|r| r.address_string)
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
    // The demo city's addresses are an import into the register, searched like an operator's.
    let houses = spotdesk_demo::gazetteer().address_count() as i64;
    assert_eq!(c1.3, houses);
    for q in [
        "ул. Ленина, 12",
        "Северогорск, ул. Ленина, 12",
        "Severogorsk, ul. Lenina 12",
        "Ленена 12",
    ] {
        assert_eq!(
            geocode(&first, q).await.as_deref(),
            Some("ул. Ленина, 12"),
            "{q}"
        );
    }
    let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM address_imports")
        .fetch_one(&first.db)
        .await
        .unwrap();
    assert_eq!(runs, 1);
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
    let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM address_imports")
        .fetch_one(&second.db)
        .await
        .unwrap();
    assert_eq!(runs, 1, "a second start imports nothing");
}

#[tokio::test]
async fn without_demo_only_the_catalogue_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::with_db(format!(
        "sqlite://{}",
        dir.path().join("empty.db").display()
    ));
    let state = spotdesk_server::prepare(config).await.unwrap();
    assert_eq!(counts(&state).await, (0, 0, 0, 0));
    assert!(!state.catalogue().services.is_empty());
    // Nothing built into the binary is searched: no register, no address.
    assert_eq!(geocode(&state, "ул. Ленина, 12").await, None);
}

/// The demo has a past: fixed incidents and spots with linked tickets (some linked when
/// registered, some registered already linked), transfers and ratings, and every ticket's
/// history accounts for its version.
#[tokio::test]
async fn demo_data_has_a_consistent_past() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_db(format!("sqlite://{}", dir.path().join("past.db").display()));
    config.demo = true;
    config.demo_days = 14;
    config.demo_tickets_per_day = 40;
    let state = spotdesk_server::prepare(config).await.unwrap();
    let q = |sql: &'static str| {
        let db = state.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };

    let incidents = q("SELECT COUNT(*) FROM incidents").await;
    assert!(incidents >= 2, "{incidents} incidents");
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM incidents WHERE status NOT IN ('resolved', 'confirmed') \
           OR resolved_at IS NULL OR resolved_at <= registered_at"
        )
        .await,
        0,
        "every demo incident is fixed, after its registration"
    );
    assert_eq!(
        q("SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS \
           (SELECT 1 FROM incident_tickets l WHERE l.incident_id = i.id) \
           OR affected_customers < 1")
        .await,
        0,
        "every demo incident has linked tickets and affected customers"
    );
    let spots = q("SELECT COUNT(*) FROM spots").await;
    assert!(spots >= 1, "{spots} spots");
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM spots s WHERE status <> 'resolved' OR NOT EXISTS \
           (SELECT 1 FROM spot_tickets l WHERE l.spot_id = s.id)"
        )
        .await,
        0
    );
    // Links agree both ways.
    assert_eq!(
        q("SELECT COUNT(*) FROM tickets t WHERE t.incident_id IS NOT NULL AND NOT EXISTS \
           (SELECT 1 FROM incident_tickets l WHERE l.ticket_id = t.id AND l.incident_id = t.incident_id)")
            .await,
        0
    );

    // The facts the dashboard reads: transfers, "known problem" answers, links.
    let facts = spotdesk_server::store::facts::load(&state.db, &Default::default())
        .await
        .unwrap();
    let n = facts.created.len();
    let transferred = facts.transferred.iter().filter(|&&t| t).count();
    let known = facts.known_problem.iter().filter(|&&k| k).count();
    let linked = (0..n)
        .filter(|&i| facts.incident[i].is_some() || facts.spot[i].is_some())
        .count();
    assert!(
        transferred > 0 && transferred < n / 5,
        "{transferred} of {n} transferred"
    );
    assert!(
        known > 0 && known < linked,
        "{known} known-problem answers, {linked} linked"
    );

    // Every ticket's history has one entry per version, numbered 1..=version.
    assert_eq!(
        q("SELECT COUNT(*) FROM tickets t WHERE t.version <> \
           (SELECT COUNT(DISTINCT h.version) FROM ticket_history h WHERE h.ticket_id = t.id) \
           OR t.version <> (SELECT MAX(h.version) FROM ticket_history h WHERE h.ticket_id = t.id)")
        .await,
        0
    );

    // Ratings: 1-5 stars, after the fix they rate, by source.
    let ratings = q("SELECT COUNT(*) FROM fix_ratings").await;
    assert!(ratings > 10, "{ratings} ratings");
    assert!(q("SELECT COUNT(*) FROM fix_ratings WHERE source = 'incident'").await > 0);
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM fix_ratings r JOIN incidents i ON r.source = 'incident' \
           AND i.id = r.source_id WHERE r.rated_at < i.resolved_at"
        )
        .await,
        0
    );
}
