//! `twilight-mock`: a local Discord for bots written with any library.
//!
//! Serves the gateway and REST API on loopback until killed and prints their
//! URLs on stdout (`gateway: ws://...` and `rest: http://...`).

use std::{net::IpAddr, net::SocketAddr, process::ExitCode, time::Duration};
use twilight_mock::{Mock, MockConfig, fixtures::Fixtures};

const USAGE: &str = "\
twilight-mock: a local Discord (gateway + REST) for testing bots offline

USAGE: twilight-mock [OPTIONS]

OPTIONS:
  --address IP              address to listen on (default 127.0.0.1)
  --gateway-port PORT       gateway port (default 0: any free port)
  --rest-port PORT          REST port (default 0: any free port)
  --token TOKEN             the bot token clients must use (default mock-token)
  --fixtures FILE           JSON file with the guilds, channels, roles, members
  --time-scale FACTOR       run Discord's clocks FACTOR times faster (default 1)
  --heartbeat-interval MS   heartbeat interval in Discord milliseconds (default 41250)
  --max-concurrency N       identifies per 5 s window (default 1)
  --shards N                shards GET /gateway/bot recommends (default 1)
  -h, --help                this text

The URLs are printed on stdout as `gateway: ws://...` and `rest: http://...`.
";

struct Args {
    address: IpAddr,
    gateway_port: u16,
    rest_port: u16,
    config: MockConfig,
}

fn value<T: std::str::FromStr>(flag: &str, raw: Option<String>) -> Result<T, String> {
    let raw = raw.ok_or_else(|| format!("{flag} needs a value"))?;
    raw.parse()
        .map_err(|_| format!("{flag}: invalid value {raw:?}"))
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        address: IpAddr::from([127, 0, 0, 1]),
        gateway_port: 0,
        rest_port: 0,
        config: MockConfig::default(),
    };
    while let Some(flag) = args.next() {
        // Accept `--flag=value` as well as `--flag value`.
        let (flag, inline) = match flag.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (flag, None),
        };
        let mut next = || inline.clone().or_else(|| args.next());
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--address" => parsed.address = value(&flag, next())?,
            "--gateway-port" => parsed.gateway_port = value(&flag, next())?,
            "--rest-port" => parsed.rest_port = value(&flag, next())?,
            "--token" => {
                let token: String = value(&flag, next())?;
                parsed.config.token = token.strip_prefix("Bot ").unwrap_or(&token).to_owned();
            }
            "--fixtures" => {
                let path: String = value(&flag, next())?;
                parsed.config.fixtures = load_fixtures(&path)?;
            }
            "--time-scale" => {
                let scale: f64 = value(&flag, next())?;
                if !(scale.is_finite() && scale > 0.0) {
                    return Err("--time-scale must be a positive number".to_owned());
                }
                parsed.config.time_scale = scale;
            }
            "--heartbeat-interval" => {
                let ms: u64 = value(&flag, next())?;
                if ms == 0 {
                    return Err("--heartbeat-interval must be positive".to_owned());
                }
                parsed.config.heartbeat_interval = Duration::from_millis(ms);
            }
            "--max-concurrency" => {
                let n: u32 = value(&flag, next())?;
                parsed.config.session_start_limit.max_concurrency = n.max(1);
            }
            "--shards" => {
                let n: u32 = value(&flag, next())?;
                parsed.config.recommended_shards = n.max(1);
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(Some(parsed))
}

fn load_fixtures(path: &str) -> Result<Fixtures, String> {
    Fixtures::from_file(path).map_err(|e| format!("{path}: {e}"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("twilight-mock: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mock = match Mock::start_on(
        args.config,
        SocketAddr::new(args.address, args.gateway_port),
        SocketAddr::new(args.address, args.rest_port),
    )
    .await
    {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("twilight-mock: cannot listen: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("gateway: {}", mock.gateway_url());
    println!("rest: {}", mock.rest_url());
    // Serve until killed.
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
