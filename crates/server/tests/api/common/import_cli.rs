//! Running `spotdesk-server import <kind>` as an operator would, against a test server's
//! database: the exit code and both outputs, a file to import, and an import killed while it
//! writes.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The server binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_spotdesk-server");

/// What a run of the import did.
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `spotdesk-server import <kind> --db DB FILE [args]`; never a panic in its output.
pub fn run(db: &str, kind: &str, file: &Path, args: &[&str]) -> Outcome {
    let out = Command::new(BIN)
        .args(["import", kind, "--db", db])
        .arg(file)
        .args(args)
        .env_remove("SPOTDESK_DB")
        .output()
        .unwrap();
    let o = Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    o
}

/// An import that succeeds; its summary (standard output).
#[track_caller]
pub fn ok(db: &str, kind: &str, file: &Path, args: &[&str]) -> String {
    let o = run(db, kind, file, args);
    assert_eq!(o.code, Some(0), "{}{}", o.stdout, o.stderr);
    o.stdout
}

/// An import that is refused (exit 1) saying each of `wants`; its standard error.
#[track_caller]
pub fn fails(db: &str, kind: &str, file: &Path, args: &[&str], wants: &[&str]) -> String {
    let o = run(db, kind, file, args);
    assert_eq!(o.code, Some(1), "{}{}", o.stdout, o.stderr);
    for want in wants {
        assert!(o.stderr.contains(want), "{want:?} not in:\n{}", o.stderr);
    }
    o.stderr
}

/// Writes `bytes` to `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A child process killed when dropped: a failed assertion leaves no import running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `spotdesk-server import <kind> --db DB FILE [args]` with progress on, waits for its
/// `writing: started` line, lets it write for 700 ms and kills it (SIGKILL: no rollback of its
/// own, so only the transaction keeps the previous data); what it printed on standard error.
/// Fails when the import ended before it was killed: `file` must be big enough to be caught
/// writing.
pub async fn kill_while_writing(db: &str, kind: &str, file: &Path, args: &[&str]) -> String {
    let mut child = Running(
        Command::new(BIN)
            .args(["import", kind, "--db", db])
            .arg(file)
            .args(args)
            .env_remove("SPOTDESK_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    // Kept open until the kill: a progress line written after the wait must not fail.
    let mut stderr = BufReader::new(child.0.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    while line.trim_end() != "writing: started" {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            panic!("the import ended before writing:\n{seen}");
        }
        seen.push_str(&line);
    }
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    if let Some(status) = child.0.try_wait().unwrap() {
        panic!("the import ended ({status}) before it was killed; make the file bigger:\n{seen}");
    }
    child.0.kill().unwrap();
    let status = child.0.wait().unwrap();
    assert!(!status.success(), "killed mid-way, yet: {seen}");
    assert!(!seen.contains("panicked"), "{seen}");
    seen
}
