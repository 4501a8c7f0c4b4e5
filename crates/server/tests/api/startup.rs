//! Start-up: the test clock is announced in the log as a warning.

use spotdesk_server::Config;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// A log sink the test can read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The log lines `prepare` writes for a configuration with or without the test clock.
async fn startup_log(test_clock: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_db(format!(
        "sqlite://{}",
        dir.path().join("spotdesk.db").display()
    ));
    config.test_clock = test_clock;
    let sink = Captured::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The test runtime has one thread: everything `prepare` logs goes to this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);
    spotdesk_server::prepare(config).await.unwrap();
    let bytes = sink.0.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

#[tokio::test]
async fn the_test_clock_is_announced_as_a_warning() {
    let log = startup_log(true).await;
    let warning = log
        .lines()
        .find(|l| l.contains("WARN") && l.contains("--test-clock"))
        .unwrap_or_else(|| panic!("no test-clock warning in:\n{log}"));
    assert!(warning.contains("never be on in production"), "{warning}");

    let log = startup_log(false).await;
    assert!(!log.contains("--test-clock"), "{log}");
}
