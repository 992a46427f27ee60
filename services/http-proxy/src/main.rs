//! `http-proxy-service`: the REST proxy's binary. Flags and environment
//! variables in, [`http_proxy_service::Proxy`] served until SIGINT/SIGTERM.

use clap::Parser;
use http_proxy_service::{ClientAuth, Config, Proxy};
use service_support::{LogArgs, Secret, Shutdown, shutdown_signal};
use std::{net::SocketAddr, process::ExitCode, time::Duration};
use twilight_http_ratelimiting::store::Limits;

/// A Discord REST proxy holding every ratelimit for the bots behind it,
/// alone or as several instances sharing Redis.
#[derive(Debug, Parser)]
#[command(name = "http-proxy-service", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "PROXY_LISTEN", default_value = "127.0.0.1:3000")]
    listen: SocketAddr,
    /// Where requests go: scheme and host (twilight-mock in tests).
    #[arg(long, env = "PROXY_UPSTREAM", default_value = "https://discord.com")]
    upstream: String,
    /// Shared secret clients send as `X-Proxy-Authorization: Bearer <secret>`.
    #[arg(long, env = "PROXY_SECRET", hide_env_values = true)]
    secret: Option<String>,
    /// Bot tokens (`Bot ...`, comma-separated) whose requests are let in
    /// without the secret: the token is the client's key.
    #[arg(
        long,
        env = "PROXY_BOT_TOKENS",
        hide_env_values = true,
        value_delimiter = ','
    )]
    bot_tokens: Vec<String>,
    /// Serve without client authentication: only on a loopback address.
    #[arg(long, env = "PROXY_ALLOW_UNAUTHENTICATED_LOOPBACK")]
    allow_unauthenticated_loopback: bool,
    /// `Authorization` sent for requests that have none (`Bot ...`).
    #[arg(long, env = "PROXY_DEFAULT_TOKEN", hide_env_values = true)]
    default_token: Option<String>,
    /// Redis URL: instances with the same Redis and prefix share every limit.
    #[arg(long, env = "PROXY_REDIS", hide_env_values = true)]
    redis: Option<String>,
    /// Prefix of the proxy's Redis keys.
    #[arg(
        long,
        env = "PROXY_REDIS_PREFIX",
        default_value = "twilight-http-proxy:"
    )]
    redis_prefix: String,
    /// Requests per second per bot (Discord's 50, or the bot's raised limit).
    #[arg(long, env = "PROXY_GLOBAL_LIMIT", default_value_t = 50)]
    global_limit: u32,
    /// Raised global limits of some bots, `Bot TOKEN=PER_SECOND`
    /// (comma-separated); others get --global-limit.
    #[arg(
        long,
        env = "PROXY_BOT_GLOBAL_LIMITS",
        hide_env_values = true,
        value_delimiter = ','
    )]
    bot_global_limits: Vec<String>,
    /// Invalid requests (401, 403, 429) in ten minutes at which the proxy
    /// stops sending (Discord bans at 10,000).
    #[arg(long, env = "PROXY_INVALID_REQUEST_LIMIT", default_value_t = 9_500)]
    invalid_request_limit: u32,
    /// Milliseconds a request may wait for the limiter without `X-Proxy-Max-Wait`.
    #[arg(long, env = "PROXY_MAX_WAIT_MS", default_value_t = 10_000)]
    max_wait_ms: u64,
    /// Seconds upstream may take to answer (then 504).
    #[arg(long, env = "PROXY_UPSTREAM_TIMEOUT", default_value_t = 15)]
    upstream_timeout: u64,
    /// Largest request body in bytes.
    #[arg(long, env = "PROXY_MAX_BODY", default_value_t = 100 * 1024 * 1024)]
    max_body: u64,
    /// Distinct bot tokens served at most.
    #[arg(long, env = "PROXY_MAX_BOTS", default_value_t = 1024)]
    max_bots: usize,
    /// Seconds shutdown waits for requests in flight.
    #[arg(long, env = "PROXY_GRACE", default_value_t = 30)]
    grace: u64,
    #[command(flatten)]
    log: LogArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if let Err(error) = service_support::logging::init(&args.log) {
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    let secret = args.secret.map(Secret::new);
    let tokens: Vec<Secret> = args
        .bot_tokens
        .into_iter()
        .filter(|t| !t.is_empty())
        .map(Secret::new)
        .collect();
    // Authenticated by a secret or by the tokens served; otherwise the
    // shared rule: loopback only, and allowed explicitly.
    let open = if secret.as_ref().is_some_and(|s| !s.is_empty()) || !tokens.is_empty() {
        false
    } else {
        match service_support::auth::check_startup(
            args.listen,
            None,
            args.allow_unauthenticated_loopback,
        ) {
            Ok(_) => true,
            Err(error) => {
                tracing::error!(%error, "refusing to start");
                return ExitCode::FAILURE;
            }
        }
    };
    let mut global_limits = Vec::new();
    for entry in args.bot_global_limits.iter().filter(|e| !e.is_empty()) {
        match entry
            .rsplit_once('=')
            .map(|(token, limit)| (token, limit.trim().parse::<u32>()))
        {
            Some((token, Ok(limit))) => global_limits.push((Secret::new(token.trim()), limit)),
            // The entry holds a token: never print it.
            _ => {
                tracing::error!("--bot-global-limits: an entry is not `Bot TOKEN=PER_SECOND`");
                return ExitCode::FAILURE;
            }
        }
    }
    let margin = Limits::default().margin;
    let config = Config {
        upstream: args.upstream,
        auth: ClientAuth {
            secret,
            tokens,
            open,
        },
        default_token: args.default_token.map(Secret::new),
        max_body: args.max_body,
        upstream_timeout: Duration::from_secs(args.upstream_timeout),
        default_max_wait: Duration::from_millis(args.max_wait_ms),
        limits: Limits {
            global_limit: args.global_limit,
            invalid_limit: args.invalid_request_limit,
            lease: Duration::from_secs(args.upstream_timeout + 5),
            global_window: Duration::from_secs(1) + margin,
            ..Limits::default()
        },
        global_limits,
        redis: args.redis,
        redis_prefix: args.redis_prefix,
        max_bots: args.max_bots,
        grace: Duration::from_secs(args.grace),
    };
    let proxy = match Proxy::new(config).await {
        Ok(proxy) => proxy,
        Err(error) => {
            tracing::error!(%error, "refusing to start");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!(%error, listen = %args.listen, "cannot listen");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(listen = %args.listen, "http proxy serving");
    let shutdown = Shutdown::new();
    let trigger = shutdown.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing requests in flight");
        trigger.trigger();
    });
    match proxy.serve(listener, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server failed");
            ExitCode::FAILURE
        }
    }
}
