//! Running `spotdesk-server import <kind>` as an operator would, against a test server's
//! database: the exit code and both outputs, and a file to import.

use std::path::{Path, PathBuf};
use std::process::Command;

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
