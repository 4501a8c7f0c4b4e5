//! `spotdesk-server admin …`: account administration on the server's machine, for the first
//! administrator and for recovery (a forgotten administrator password, a locked account).
//!
//! Each command migrates the database first (so it works on an empty one, SQLite or
//! PostgreSQL), makes its change through [`crate::user_admin`] in one write transaction with
//! its audit-log entry (actor `cli`), prints one line saying what it did and exits 0; on bad
//! input it prints what is wrong and what is allowed, and exits 1. Passwords never come from
//! the command line (where `ps` and shell histories would keep them): they are read from a
//! no-echo prompt on the terminal (typed twice), or as one line on standard input when it is
//! not a terminal (`printf '%s\n' "$PW" | spotdesk-server admin create-user …`).

use crate::db;
use crate::error::ApiError;
use crate::store::audit::Actor;
use crate::store::{catalogue, login_throttle, users};
use crate::user_admin;
use spotdesk_api::{NewUser, Role, UserAccount, UserPatch};
use std::fmt;

/// `spotdesk-server admin` arguments.
#[derive(Debug, clap::Args)]
pub struct AdminArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: AdminCommand,
}

/// The database of a command.
#[derive(Debug, Clone, clap::Args)]
pub struct Database {
    /// Database URL, as for `serve`: `sqlite://FILE` or `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(long, env = "SPOTDESK_DB")]
    pub db: String,
}

/// The account a command is about.
#[derive(Debug, Clone, clap::Args)]
pub struct Target {
    #[command(flatten)]
    pub database: Database,
    /// The account's username.
    #[arg(long)]
    pub username: String,
}

/// `create-user` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateUser {
    #[command(flatten)]
    pub database: Database,
    /// Sign-in name: 2 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.
    #[arg(long)]
    pub username: String,
    /// What the user may do.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Role::ALL.map(Role::as_str)))]
    pub role: String,
    /// Assignee group, a group code of the service catalogue (engineers see only their
    /// group's tickets).
    #[arg(long)]
    pub group: Option<String>,
    /// Name shown in the UI (default: the username).
    #[arg(long)]
    pub display_name: Option<String>,
    /// The password is the user's own (you are creating your own account): no change is
    /// asked for at the first sign-in. Without it, the password is a one-time password the
    /// user must change at the first sign-in.
    #[arg(long)]
    pub no_password_change: bool,
}

/// The commands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum AdminCommand {
    /// Create an account; its password is read from the terminal (no echo) or standard input.
    CreateUser(CreateUser),
    /// Set a one-time password (read like create-user's) that must be changed at the next
    /// sign-in, and end the user's sessions.
    ResetPassword(Target),
    /// Disable an account: it cannot sign in, and its sessions end at once.
    DisableUser(Target),
    /// Enable a disabled account again.
    EnableUser(Target),
    /// Lift the sign-in delays that failed sign-ins put on an account.
    Unlock(Target),
}

impl AdminCommand {
    /// Whether the command needs a password.
    pub fn reads_password(&self) -> bool {
        matches!(
            self,
            AdminCommand::CreateUser(_) | AdminCommand::ResetPassword(_)
        )
    }

    fn db(&self) -> &str {
        match self {
            AdminCommand::CreateUser(c) => &c.database.db,
            AdminCommand::ResetPassword(t)
            | AdminCommand::DisableUser(t)
            | AdminCommand::EnableUser(t)
            | AdminCommand::Unlock(t) => &t.database.db,
        }
    }
}

/// Why a command failed: a sentence for the operator.
#[derive(Debug)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

impl From<ApiError> for CliError {
    fn from(e: ApiError) -> Self {
        if e.body.fields.is_empty() {
            return CliError(e.body.message);
        }
        let lines: Vec<String> = e
            .body
            .fields
            .iter()
            .map(|f| format!("  {}: {} ({})", option_name(&f.field), f.message, f.code))
            .collect();
        CliError(format!("refused:\n{}", lines.join("\n")))
    }
}

impl From<sqlx::Error> for CliError {
    fn from(e: sqlx::Error) -> Self {
        CliError(format!("database: {e}"))
    }
}

impl From<sqlx::migrate::MigrateError> for CliError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        CliError(format!("database migration: {e}"))
    }
}

/// The command-line name of a field the API names.
fn option_name(field: &str) -> String {
    match field {
        "password" | "new_password" => "password".to_owned(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// The `create-user` command that makes the first administrator of the database at `db_url`
/// (its password, if any, replaced by `PASSWORD`), as the server logs it on a database
/// without one.
pub fn first_admin_command(db_url: &str) -> String {
    format!(
        "spotdesk-server admin create-user --db '{}' --username <NAME> --role admin \
         --display-name '<Your Name>' --no-password-change",
        redact_password(db_url)
    )
}

/// A database URL with the password of its user info replaced by `PASSWORD`.
pub fn redact_password(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            if parsed.set_password(Some("PASSWORD")).is_ok() {
                parsed.to_string()
            } else {
                "<DATABASE URL>".to_owned()
            }
        }
        Ok(_) => url.to_owned(),
        // Not a URL the parser knows: say nothing about it rather than leak a secret.
        Err(_) if url.contains('@') => "<DATABASE URL>".to_owned(),
        Err(_) => url.to_owned(),
    }
}

/// The account called `username`, or a sentence saying there is none.
async fn account(pool: &db::Pool, username: &str) -> Result<UserAccount, CliError> {
    users::account_by_username(pool, username)
        .await?
        .ok_or_else(|| CliError(format!("no account is named {username:?}")))
}

/// Runs a command; `password` is asked for (once) only by commands that set one, after
/// everything else was checked. Returns the line to print.
pub async fn run(
    command: AdminCommand,
    password: impl FnOnce() -> Result<String, CliError>,
) -> Result<String, CliError> {
    let pool = db::connect(command.db()).await?;
    db::migrate(&pool).await?;
    let result = execute(&pool, command, password).await;
    pool.close().await;
    result
}

async fn execute(
    pool: &db::Pool,
    command: AdminCommand,
    password: impl FnOnce() -> Result<String, CliError>,
) -> Result<String, CliError> {
    // The clock of a server without an offset: the real time.
    let now = crate::clock::Clock::default().now();
    let cat = catalogue::load(pool)
        .await?
        .unwrap_or_else(spotdesk_demo::default_catalogue);
    match command {
        AdminCommand::CreateUser(c) => {
            let role = Role::parse(&c.role).ok_or_else(|| {
                CliError(format!(
                    "unknown role {:?}; one of agent, engineer, coordinator, manager, admin",
                    c.role
                ))
            })?;
            let mut new = NewUser {
                username: c.username.clone(),
                display_name: c.display_name.clone(),
                role,
                group: c.group.clone(),
                password: None,
            };
            // Everything but the password first, so a typo is reported before typing it.
            user_admin::check_new(&new, &cat)?;
            if users::account_by_username(pool, &new.username)
                .await?
                .is_some()
            {
                return Err(CliError(format!(
                    "refused:\n  --username: an account named {:?} exists already (duplicate)",
                    new.username
                )));
            }
            new.password = Some(password()?);
            let checked = user_admin::check_new(&new, &cat)?;
            let hash = hash(checked.password.clone().unwrap_or_default()).await?;
            let mut tx = db::begin_write(pool).await?;
            let a = user_admin::create(
                &mut tx,
                &Actor::Cli,
                &checked,
                &hash,
                !c.no_password_change,
                now,
            )
            .await?;
            tx.commit().await?;
            Ok(format!(
                "created {} {:?} ({}){}; {}",
                a.role.as_str(),
                a.username,
                a.display_name,
                a.group
                    .as_deref()
                    .map(|g| format!(" in group {g}"))
                    .unwrap_or_default(),
                if a.must_change_password {
                    "the password must be changed at the first sign-in"
                } else {
                    "the password is theirs to keep"
                }
            ))
        }
        AdminCommand::ResetPassword(t) => {
            let a = account(pool, &t.username).await?;
            let pw = password()?;
            let errors = crate::password_policy::check("password", &pw, &a.username);
            if !errors.is_empty() {
                return Err(ApiError::validation(errors).into());
            }
            let hash = hash(pw).await?;
            let mut tx = db::begin_write(pool).await?;
            let (a, ended) =
                user_admin::reset_password(&mut tx, &Actor::Cli, a.id, &hash, now).await?;
            tx.commit().await?;
            Ok(format!(
                "set a one-time password for {:?}: it must be changed at the next sign-in; \
                 ended {} session(s)",
                a.username,
                ended.len()
            ))
        }
        AdminCommand::DisableUser(t) => set_disabled(pool, &t, true, &cat, now).await,
        AdminCommand::EnableUser(t) => set_disabled(pool, &t, false, &cat, now).await,
        AdminCommand::Unlock(t) => {
            let a = account(pool, &t.username).await?;
            let locked_until = login_throttle::account_locks(pool, now)
                .await?
                .get(&a.username)
                .copied();
            let mut tx = db::begin_write(pool).await?;
            let (a, removed) =
                user_admin::unlock(&mut tx, &Actor::Cli, a.id, locked_until, now).await?;
            tx.commit().await?;
            Ok(match locked_until {
                Some(until) => format!(
                    "lifted the sign-in delays of {:?} (delayed until {until}; {removed} \
                     failure counter(s) removed)",
                    a.username
                ),
                None => format!(
                    "{:?} was not delayed; {removed} failure counter(s) removed",
                    a.username
                ),
            })
        }
    }
}

/// Disables or enables an account (disabling ends its sessions).
async fn set_disabled(
    pool: &db::Pool,
    target: &Target,
    disabled: bool,
    cat: &spotdesk_api::Catalogue,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, CliError> {
    let a = account(pool, &target.username).await?;
    if a.disabled == disabled {
        return Ok(format!(
            "{:?} is {} already; nothing changed",
            a.username,
            if disabled { "disabled" } else { "enabled" }
        ));
    }
    let patch = UserPatch {
        disabled: Some(disabled),
        ..UserPatch::default()
    };
    let mut tx = db::begin_write(pool).await?;
    let (a, ended) = user_admin::update(&mut tx, &Actor::Cli, a.id, &patch, None, cat, now).await?;
    tx.commit().await?;
    Ok(if disabled {
        format!(
            "disabled {:?}: it cannot sign in; ended {} session(s) (open live streams close \
             within seconds)",
            a.username,
            ended.len()
        )
    } else {
        format!("enabled {:?}: it can sign in again", a.username)
    })
}

/// An argon2id hash of a password, computed off the async runtime.
async fn hash(password: String) -> Result<String, CliError> {
    tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
        .await
        .map_err(|e| CliError(format!("hashing the password: {e}")))?
        .map_err(|e| CliError(format!("hashing the password: {e}")))
}

/// Reads a password: from a no-echo prompt (typed twice) when standard input is a terminal,
/// else one line of standard input (its line ending taken off; nothing else is trimmed).
pub fn read_password() -> Result<String, CliError> {
    use std::io::{BufRead, IsTerminal};
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt)
                .map_err(|e| CliError(format!("cannot read the password from the terminal: {e}")))
        };
        let first = ask("Password (12 or more characters; not shown): ")?;
        let again = ask("The same password again: ")?;
        if first != again {
            return Err(CliError(
                "the two passwords differ; nothing changed".to_owned(),
            ));
        }
        return Ok(first);
    }
    let mut line = String::new();
    let read = stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError(format!("cannot read the password from standard input: {e}")))?;
    if read == 0 {
        return Err(CliError(
            "no password on standard input: send it as one line, or run the command in a \
             terminal to be asked for it"
                .to_owned(),
        ));
    }
    let line = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line);
    Ok(line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_never_reach_the_log() {
        assert_eq!(
            redact_password("postgres://spot:s3cret@db.local:5432/spotdesk"),
            "postgres://spot:PASSWORD@db.local:5432/spotdesk"
        );
        assert_eq!(
            redact_password("sqlite://spotdesk.db"),
            "sqlite://spotdesk.db"
        );
        assert_eq!(
            redact_password("postgres://spot@db.local/spotdesk"),
            "postgres://spot@db.local/spotdesk"
        );
        let hint = first_admin_command("postgres://a:b@h/d");
        assert!(
            hint.contains("admin create-user --db 'postgres://a:PASSWORD@h/d'"),
            "{hint}"
        );
        assert!(!hint.contains(":b@"), "{hint}");
    }

    #[test]
    fn field_errors_name_the_options() {
        let e = ApiError::validation(vec![spotdesk_api::FieldError::new(
            "display_name",
            spotdesk_api::field_codes::TOO_LONG,
            "at most 200 characters",
        )]);
        let text = CliError::from(e).0;
        assert!(
            text.contains("--display-name: at most 200 characters (too_long)"),
            "{text}"
        );
    }
}
