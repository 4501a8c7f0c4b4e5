//! The accept loop's limits, over raw TCP on 127.0.0.1: slow and idle connections are closed
//! after `--header-read-timeout`, event streams are not, connections over the per-client and
//! total caps are refused while others go on, and shutdown ends streams and drains.

use crate::common;

use reqwest::Method;
use spotdesk_server::Config;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const HEALTH: &[u8] = b"GET /api/v1/health HTTP/1.1\r\nHost: spotdesk\r\n\r\n";

/// The server's address from the harness's `http://ADDR`.
fn addr(s: &common::TestServer) -> SocketAddr {
    s.base.trim_start_matches("http://").parse().unwrap()
}

/// Waits up to `limit` for the server to close `stream` (EOF or reset); returns when it did,
/// counted from `since`. Anything the server sends meanwhile is returned too.
async fn closed_after(
    stream: &mut TcpStream,
    since: Instant,
    limit: Duration,
) -> (Duration, Vec<u8>) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit, stream.read(&mut buf)).await {
            Err(_) => panic!(
                "still open after {limit:?}; got {:?}",
                String::from_utf8_lossy(&got)
            ),
            Ok(Ok(0)) | Ok(Err(_)) => return (since.elapsed(), got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Sends `GET /api/v1/health` on `stream` and reads one whole response (Content-Length body);
/// returns its status line.
async fn health(stream: &mut TcpStream) -> String {
    stream.write_all(HEALTH).await.unwrap();
    read_response(stream).await
}

async fn read_response(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = find(&got, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_string();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().unwrap())
                })
                .expect("a Content-Length");
            if got.len() >= end + 4 + length {
                return head.lines().next().unwrap().to_owned();
            }
        }
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .expect("a response within 5 s")
            .unwrap();
        assert!(
            n > 0,
            "closed mid-response: {:?}",
            String::from_utf8_lossy(&got)
        );
        got.extend_from_slice(&buf[..n]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A connection to `server` from the loopback address `from` (Linux routes all of 127/8).
async fn connect_from(from: [u8; 4], server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((from, 0))).unwrap();
    socket.connect(server).await.unwrap()
}

/// Whether the server answers on a fresh connection from `from` (false: closed at once).
async fn served(from: [u8; 4], server: SocketAddr) -> bool {
    let mut c = connect_from(from, server).await;
    if c.write_all(HEALTH).await.is_err() {
        return false;
    }
    let mut buf = [0u8; 64];
    match tokio::time::timeout(Duration::from_secs(5), c.read(&mut buf)).await {
        Ok(Ok(n)) => n > 0 && buf.starts_with(b"HTTP/1.1 200"),
        Ok(Err(_)) => false,
        Err(_) => panic!("neither answered nor closed within 5 s"),
    }
}

#[tokio::test]
async fn slow_headers_and_silent_connections_are_closed_after_the_timeout() {
    let s = common::start_with(|c| c.header_read_timeout = 1).await;
    let a = addr(&s);

    // Headers trickling in, one line every 300 ms: cut off after 1 s although bytes flow.
    let mut slow = TcpStream::connect(a).await.unwrap();
    let start = Instant::now();
    slow.write_all(b"GET /api/v1/health HTTP/1.1\r\n")
        .await
        .unwrap();
    let trickle = async {
        for i in 0..20 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if slow
                .write_all(format!("X-Slow-{i}: y\r\n").as_bytes())
                .await
                .is_err()
            {
                break;
            }
        }
    };
    trickle.await;
    let (after, got) = closed_after(&mut slow, start, Duration::from_secs(5)).await;
    assert!(
        !got.starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&got)
    );
    assert!(
        after >= Duration::from_millis(900),
        "closed too early: {after:?}"
    );

    // A connection that never sends a byte.
    let mut silent = TcpStream::connect(a).await.unwrap();
    let start = Instant::now();
    let (after, got) = closed_after(&mut silent, start, Duration::from_secs(5)).await;
    assert!(got.is_empty());
    assert!(
        after >= Duration::from_millis(900) && after < Duration::from_secs(4),
        "closed after {after:?}"
    );
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed_between_requests() {
    let s = common::start_with(|c| c.header_read_timeout = 1).await;
    let mut conn = TcpStream::connect(addr(&s)).await.unwrap();
    assert_eq!(health(&mut conn).await, "HTTP/1.1 200 OK");
    // Keep-alive works: a second request shortly after, on the same connection.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(health(&mut conn).await, "HTTP/1.1 200 OK");
    // Then nothing more: closed about 1 s after the response.
    let start = Instant::now();
    let (after, got) = closed_after(&mut conn, start, Duration::from_secs(5)).await;
    assert!(got.is_empty(), "{:?}", String::from_utf8_lossy(&got));
    assert!(
        after >= Duration::from_millis(800) && after < Duration::from_secs(4),
        "closed after {after:?}"
    );
}

#[tokio::test]
async fn event_streams_stay_open_past_the_timeout() {
    let s = common::start_with(|c| c.header_read_timeout = 1).await;
    let mut stream = s
        .req(Method::GET, "/events", Some("agent"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    // The client sends nothing while reading; three timeouts pass before anything happens.
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let body = common::valid_ticket(&s.catalogue());
    let created = s.create_ticket("agent", "conn-sse-1", &body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut seen = String::new();
    while !seen.contains("event: change") && !seen.contains("event:change") {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("a change event within 10 s")
            .expect("the stream was cut")
            .expect("the stream ended");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}

/// A server of its own (no demo data) with these caps, its address and its directory.
async fn capped(per_client: usize, total: usize) -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_db(format!(
        "sqlite://{}",
        dir.path().join("spotdesk.db").display()
    ));
    config.max_connections_per_client = per_client;
    config.max_connections = total;
    let state = spotdesk_server::prepare(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a = listener.local_addr().unwrap();
    tokio::spawn(spotdesk_server::listener::serve_until(
        listener,
        state,
        std::future::pending(),
    ));
    (a, dir)
}

#[tokio::test]
async fn connections_over_the_per_client_cap_are_refused_while_others_work() {
    let (a, _dir) = capped(3, 0).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut c = connect_from([127, 0, 0, 1], a).await;
        assert_eq!(health(&mut c).await, "HTTP/1.1 200 OK");
        held.push(c);
    }
    // The fourth from the same address is closed without an answer...
    let mut fourth = connect_from([127, 0, 0, 1], a).await;
    let (_, got) = closed_after(&mut fourth, Instant::now(), Duration::from_secs(5)).await;
    assert!(got.is_empty(), "{:?}", String::from_utf8_lossy(&got));
    // ...while the three held ones and another client are served.
    for c in &mut held {
        assert_eq!(health(c).await, "HTTP/1.1 200 OK");
    }
    assert!(served([127, 0, 0, 2], a).await);
    // Closing one frees its place.
    drop(held.pop());
    let deadline = Instant::now() + Duration::from_secs(5);
    while !served([127, 0, 0, 1], a).await {
        assert!(Instant::now() < deadline, "the freed place was not reused");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn connections_over_the_total_cap_are_refused() {
    let (a, _dir) = capped(0, 2).await;
    let mut one = connect_from([127, 0, 0, 1], a).await;
    let mut two = connect_from([127, 0, 0, 2], a).await;
    assert_eq!(health(&mut one).await, "HTTP/1.1 200 OK");
    assert_eq!(health(&mut two).await, "HTTP/1.1 200 OK");
    assert!(!served([127, 0, 0, 3], a).await);
    drop(two);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !served([127, 0, 0, 3], a).await {
        assert!(Instant::now() < deadline, "the freed place was not reused");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(health(&mut one).await, "HTTP/1.1 200 OK");
}

#[tokio::test]
async fn shutdown_ends_event_streams_and_drains() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_db(format!(
        "sqlite://{}",
        dir.path().join("spotdesk.db").display()
    ));
    config.demo = true;
    config.demo_days = 1;
    config.demo_tickets_per_day = 5;
    let state = spotdesk_server::prepare(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(spotdesk_server::listener::serve_until(
        listener,
        state,
        async move {
            let _ = stopped.await;
        },
    ));
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let login: serde_json::Value = client
        .post(format!("http://{a}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "agent", "password": "demo"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap();
    let mut stream = client
        .get(format!("http://{a}/api/v1/events"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);

    stop.send(()).unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the event stream did not end");
    let result = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server drained within 10 s");
    assert!(result.unwrap().is_ok());
    assert!(
        TcpStream::connect(a).await.is_err(),
        "still accepting after shutdown"
    );
}
