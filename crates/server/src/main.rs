//! `spotdesk-server`: `serve` runs the reference backend, `openapi` prints the API document,
//! `admin …` administers accounts on the server's machine, `import …` loads the operator's data.
//!
//! Logs go to stderr; stdout carries only `Spotdesk listening on http://ADDR` (and the document,
//! and the one-line outcome of an `admin` command).

use clap::{Parser, Subcommand};
use spotdesk_server::admin_cli::{self, AdminArgs};
use spotdesk_server::import_cli::{self, ImportArgs};
use spotdesk_server::Config;
use std::io::Write;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// Spotdesk reference backend.
#[derive(Debug, Parser)]
#[command(name = "spotdesk-server", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What to do.
// Parsed once at start-up: the size of the `Serve` variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP server (API v1 under /api/v1, the SPA at /).
    Serve(Config),
    /// Print the OpenAPI document (JSON) to stdout.
    Openapi,
    /// Administer accounts (create the first administrator, reset a password, disable,
    /// enable, lift sign-in delays); passwords are read from the terminal or standard input.
    Admin(AdminArgs),
    /// Import the operator's own data from files (`import addresses`, `import coverage`,
    /// `import customers`, `import tickets`), checked whole before anything is written and
    /// applied all-or-nothing.
    Import(ImportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(spotdesk_server::openapi::document_json().as_bytes())
                .is_err()
            {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Command::Admin(args) => admin(args),
        Command::Import(args) => import(args),
        Command::Serve(config) => {
            tracing_subscriber::fmt()
                .with_env_filter(
                    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
                )
                .with_writer(std::io::stderr)
                // Colours only on a terminal: a log file or a collector gets plain text that
                // `grep rating_link=` finds.
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .init();
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    eprintln!("cannot start the runtime: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match runtime.block_on(run(config)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    tracing::error!(error = %e, "server failed");
                    eprintln!("spotdesk-server: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Prepares the state, binds, announces the address and serves until a shutdown signal.
async fn run(config: Config) -> Result<(), spotdesk_server::StartupError> {
    let listen = config.listen;
    let state = spotdesk_server::prepare(config).await?;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    println!("Spotdesk listening on http://{addr}");
    std::io::stdout().flush()?;
    spotdesk_server::serve(listener, state).await?;
    Ok(())
}

/// Runs an `admin` command: its outcome on stdout and exit 0, or what is wrong on stderr and
/// exit 1.
fn admin(args: AdminArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(admin_cli::run(args.command, admin_cli::read_password)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("spotdesk-server admin: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs an `import` command: progress on stderr, the summary on stdout and exit 0, or the
/// report of what is wrong on stderr and exit 1 (nothing imported).
fn import(args: ImportArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(import_cli::run(args.command)) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("spotdesk-server import: {e}");
            ExitCode::FAILURE
        }
    }
}
