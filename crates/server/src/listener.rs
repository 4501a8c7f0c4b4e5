//! The accept loop: HTTP/1.1 (keep-alive) over hyper, with the connection limits of the
//! configuration, the client's address for the handlers and graceful shutdown.
//!
//! Limits (see [`crate::Config`]):
//! - `--header-read-timeout`: hyper's header-read timer runs from the start of a connection and
//!   again from the end of each response until the next request's headers are complete, so it
//!   closes slow-header connections and keep-alive connections idle between requests alike.
//!   It does not run while a response is being sent, so `GET /events` streams stay open.
//! - `--max-connections-per-client` and `--max-connections` ([`crate::conn_limit`]): beyond
//!   a cap a new connection is closed at once, without an answer (no work for the flood).

use crate::conn_limit::{ConnectionLimiter, RefusalLog};
use crate::state::AppState;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// At most one warning about refused connections per this period.
const REFUSAL_LOG_EVERY: Duration = Duration::from_secs(10);

/// Pause after an accept error that is not about one connection (e.g. out of file descriptors).
const ACCEPT_RETRY: Duration = Duration::from_secs(1);

/// Serves the app of `state` on `listener` until `shutdown` resolves; then stops accepting,
/// ends event streams ([`AppState::begin_shutdown`]) and waits for open connections to finish.
/// Starts no background workers (see [`crate::serve`]).
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let app = crate::build_app(state.clone());
    let config = state.config.clone();
    let limiter = ConnectionLimiter::new(config.max_connections_per_client, config.max_connections);
    let mut refusals = RefusalLog::new(REFUSAL_LOG_EVERY);
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(config.header_read_timeout))
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                tracing::error!(error = %e, "cannot accept connections; retrying in 1 s");
                tokio::select! {
                    () = &mut shutdown => break,
                    () = tokio::time::sleep(ACCEPT_RETRY) => continue,
                }
            }
        };
        let ip = peer.ip();
        let exempt = config.trusted_proxies.iter().any(|p| p.contains(ip));
        let permit = match limiter.try_acquire(ip, exempt) {
            Ok(permit) => permit,
            Err(why) => {
                refusals.record(why, ip);
                drop(stream);
                continue;
            }
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(req)
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                // Header timeouts, resets, malformed requests: the client's business.
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!(
        connections = graceful.count(),
        "shutting down: ending event streams and draining connections"
    );
    state.begin_shutdown();
    graceful.shutdown().await;
    Ok(())
}

/// Errors about one connection (the client gave up before it was accepted): just go on.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
