//! Spotdesk reference backend: API v1 over axum + SQLite or PostgreSQL, serving the built SPA.
//!
//! [`prepare`] opens and migrates the database (seeding the catalogue and, on request, demo
//! data) and returns the [`AppState`]; [`build_app`] turns it into the router; [`serve`] runs
//! it until SIGINT/SIGTERM.

pub mod access;
pub mod address_import;
pub mod address_query;
pub mod admin_cli;
pub mod assignment;
pub mod auth;
pub mod clock;
pub mod commit;
pub mod config;
pub mod configuration;
pub mod conn_limit;
pub mod cors;
pub mod coverage_import;
pub mod customer_import;
pub mod db;
pub mod demo_seed;
pub mod error;
pub mod escalation;
pub mod extract;
pub mod geocoder;
pub mod import_cli;
pub mod import_jobs;
pub mod incident_ops;
pub mod incident_view;
pub mod listener;
pub mod login_throttle;
pub mod notify;
pub mod openapi;
pub mod password_check;
pub mod password_policy;
pub mod rate_limit;
pub mod routes;
pub mod state;
pub mod static_files;
pub mod store;
pub mod stream_sessions;
pub mod ticket_import;
pub mod ticket_patch;
pub mod user_admin;

pub use config::Config;
pub use state::AppState;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Largest accepted request body (1 MiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// `Content-Security-Policy` of every response but `index.html` (which gets a nonce policy).
pub const DEFAULT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Browser features the SPA never uses are off; geolocation only for our own origin.
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), payment=(), usb=(), serial=(), bluetooth=(), geolocation=(self)";

/// Any startup failure.
pub type StartupError = Box<dyn std::error::Error + Send + Sync>;

/// Opens and migrates the database, stores the default catalogue when there is none, inserts
/// demo data when asked (and the database is empty), and assembles the state.
pub async fn prepare(config: Config) -> Result<AppState, StartupError> {
    if config.test_clock {
        tracing::warn!(
            "--test-clock is on: /api/v1/test/clock lets an admin move the server clock \
             (every time-based rule, sessions included); this must never be on in production"
        );
    }
    // The one clock of this server, from the first write on.
    let clock = Arc::new(clock::Clock::default());
    let pool = db::connect(&config.db).await?;
    db::migrate(&pool).await?;
    if config.demo {
        demo_seed::seed_if_empty(&pool, &config, clock.now()).await?;
        demo_seed::addresses::import_if_empty(&pool, clock.now()).await?;
    }
    let catalogue = match store::catalogue::load(&pool).await? {
        Some(c) => c,
        None => {
            let c = spotdesk_demo::default_catalogue();
            let mut tx = db::begin_write(&pool).await?;
            configuration::seed(&mut tx, &c, clock.now()).await?;
            tx.commit().await?;
            tracing::info!(services = c.services.len(), "stored the default catalogue");
            c
        }
    };
    if !store::users::admin_exists(&pool).await? {
        tracing::info!(
            "no administrator account yet; the service catalogue is the built-in default one \
             (administrators change it in the app or through /admin/configuration). Create the \
             first administrator with: {} (the password is read from a no-echo prompt, or one \
             line on standard input)",
            admin_cli::first_admin_command(&config.db)
        );
    }
    password_policy::preload();
    let url = config.db.clone();
    let state = AppState::new(pool, catalogue, config, clock);
    stream_sessions::spawn_sweeper(state.clone());
    // PostgreSQL: changes committed by other server processes wake this one's event streams
    // and refresh its cached catalogue.
    let listening = state.clone();
    if db::spawn_change_listener(&url, move |notice| match notice {
        db::Notice::Change(seq) => listening.notify_change(seq),
        db::Notice::Catalogue => reload_catalogue(&listening),
        db::Notice::Reconnected => {
            listening.notify_change(0);
            reload_catalogue(&listening);
        }
    })
    .await?
    {
        tracing::info!("listening for changes committed by any server on this database");
    }
    Ok(state)
}

/// Re-reads the catalogue in the background (another server process stored a new one).
fn reload_catalogue(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        match store::catalogue::load(&state.db).await {
            Ok(Some(c)) => state.set_catalogue(c),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cannot reload the catalogue"),
        }
    });
}

/// The whole application: `/api/v1/...` (JSON errors everywhere, 1 MiB body limit) and the SPA,
/// with security headers on every response.
pub fn build_app(state: AppState) -> Router {
    let (api, _doc) = routes::api_router();
    let cors = cors::layer(&state.config.cors_origins);
    let api = api
        .fallback(routes::api_not_found)
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(cors);
    Router::new()
        .nest(spotdesk_api::API_PREFIX, api)
        .fallback(static_files::fallback)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ))
        // index.html sets its own (nonce) policy; everything else (JSON, files) may run nothing.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        ))
        .layer(TraceLayer::new_for_http())
}

/// Serves the app on `listener` (with the connection limits of [`listener`]) and runs the
/// background workers until SIGINT/SIGTERM, then ends event streams and drains.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    escalation::spawn(state.clone());
    notify::spawn_worker(state.clone());
    listener::serve_until(listener, state, shutdown_signal()).await
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
