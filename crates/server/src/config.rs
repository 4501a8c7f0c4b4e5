//! Server configuration: command-line flags of `spotdesk-server serve`, each also settable by
//! an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How to run the server.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database URL: `sqlite://FILE` (created when missing) or `postgres://USER:PASSWORD@HOST/DB`
    /// (the database must exist; several servers may share it).
    #[arg(long, env = "SPOTDESK_DB", default_value = "sqlite://spotdesk.db")]
    pub db: String,

    /// Address to listen on.
    #[arg(long, env = "SPOTDESK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory of the built SPA (Trunk's `dist`), served at `/`.
    #[arg(long, env = "SPOTDESK_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Fill an empty database with generated demo data.
    #[arg(long, env = "SPOTDESK_DEMO")]
    pub demo: bool,

    /// Random seed of the demo data.
    #[arg(long, env = "SPOTDESK_SEED", default_value_t = 42)]
    pub seed: u64,

    /// Days of demo history.
    #[arg(long, env = "SPOTDESK_DEMO_DAYS", default_value_t = 90)]
    pub demo_days: u32,

    /// Average demo tickets per day.
    #[arg(long, env = "SPOTDESK_DEMO_TICKETS_PER_DAY", default_value_t = 200)]
    pub demo_tickets_per_day: u32,

    /// Map tile URL template for the SPA (e.g. `https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png`):
    /// served as `tile_url` in `/config.json` and its origin allowed in the CSP `img-src`.
    /// Without it, a `tile_url` in the built `config.json` is honoured the same way.
    #[arg(long, env = "SPOTDESK_TILE_URL")]
    pub tile_url: Option<String>,

    /// Origins (e.g. `https://desk.example.org`) allowed to call the API from a browser when
    /// the SPA is hosted elsewhere; comma-separated. Empty: same origin only.
    #[arg(long, env = "SPOTDESK_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Public look-ups (status, subscriptions, ratings) allowed per client per window; 0 turns
    /// the limit off.
    #[arg(long, env = "SPOTDESK_PUBLIC_RATE_LIMIT", default_value_t = 30)]
    pub public_rate_limit: u32,

    /// Length of the public rate-limit window, in seconds.
    #[arg(long, env = "SPOTDESK_PUBLIC_RATE_WINDOW", default_value_t = 60)]
    pub public_rate_window: u64,

    /// Reverse proxies (addresses or CIDR networks, comma-separated) whose `X-Forwarded-For`
    /// header names the client for the public rate limit. Opt-in: without it the header is
    /// ignored and the limit counts per connecting address. The header is read only on
    /// connections from these proxies, right to left, skipping trusted hops.
    #[arg(
        long = "trusted-proxy",
        env = "SPOTDESK_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<crate::rate_limit::TrustedProxy>,

    /// Deliver outbox messages by POSTing JSON to this URL (the webhook adapter). Without it,
    /// messages are written to the log (the logging adapter).
    #[arg(long, env = "SPOTDESK_NOTIFY_WEBHOOK")]
    pub notify_webhook: Option<String>,

    /// Without a webhook, log each notification in full (recipient, text, rating link)
    /// instead of with the recipient masked: for development and demos, so a rating link can
    /// be followed. On by default with `--demo`; never use it with real customers' data.
    #[arg(long, env = "SPOTDESK_LOG_FULL_MESSAGES")]
    pub log_full_messages: bool,
    /// Most password checks (argon2, 19 MiB each) run at once; sign-ins beyond wait up to 2 s,
    /// then get 503 `busy`. Default: the number of cores, at least 2, at most 8.
    #[arg(
        long,
        env = "SPOTDESK_MAX_PASSWORD_CHECKS",
        value_parser = clap::value_parser!(u32).range(1..=1024)
    )]
    pub max_password_checks: Option<u32>,

    /// Enable `/api/v1/test/clock`, which moves the server clock (escalation timers) for
    /// tests. Never enable in production.
    #[arg(long, env = "SPOTDESK_TEST_CLOCK")]
    pub test_clock: bool,

    /// Seconds a client has to send a request's headers, counted from the connection's start or
    /// the end of the previous response; so it also closes keep-alive connections left idle
    /// between requests. A streaming response (`GET /events`) is not affected.
    #[arg(
        long,
        env = "SPOTDESK_HEADER_READ_TIMEOUT",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub header_read_timeout: u64,

    /// Open connections allowed per client address (IPv6: per /64 network); beyond it a new
    /// connection is closed at once. 0 turns the cap off. Behind a reverse proxy every
    /// connection comes from the proxy: connections from a `--trusted-proxy` are exempt (the
    /// proxy should cap its clients), otherwise raise the cap or set 0.
    #[arg(
        long,
        env = "SPOTDESK_MAX_CONNECTIONS_PER_CLIENT",
        default_value_t = 256
    )]
    pub max_connections_per_client: usize,

    /// Open connections allowed in total; beyond it a new connection is closed at once. 0 turns
    /// the cap off. Keep it below the process's file-descriptor limit (`ulimit -n`).
    #[arg(long, env = "SPOTDESK_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,
}

impl Config {
    /// A configuration for the given database with every other setting at its default
    /// (handy for tests and embedding).
    pub fn with_db(db: impl Into<String>) -> Self {
        Self {
            db: db.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            static_dir: None,
            demo: false,
            seed: 42,
            demo_days: 90,
            demo_tickets_per_day: 200,
            tile_url: None,
            cors_origins: Vec::new(),
            public_rate_limit: 30,
            public_rate_window: 60,
            trusted_proxies: Vec::new(),
            notify_webhook: None,
            log_full_messages: false,
            test_clock: false,
            max_password_checks: None,
            header_read_timeout: 10,
            max_connections_per_client: 256,
            max_connections: 10_000,
        }
    }
}
