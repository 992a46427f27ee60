//! Logging with `tracing`: one set of flags for every service.

use std::{error::Error, fmt};
use tracing_subscriber::EnvFilter;

/// How log lines are written to standard error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Plain,
    /// One JSON object per line, for a log collector.
    Json,
}

/// The logging flags; `#[command(flatten)]` them into a service's flags.
#[derive(Clone, Debug, clap::Args)]
pub struct LogArgs {
    /// How log lines are written: `plain` or `json` (one object per line).
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Plain)]
    pub log_format: LogFormat,
    /// Which lines are logged, as a tracing `EnvFilter` directive
    /// (`info`, `warn,gateway_queue_service=debug`).
    #[arg(long = "log", env = "RUST_LOG", default_value = "info")]
    pub log: String,
}

impl Default for LogArgs {
    fn default() -> Self {
        Self {
            log_format: LogFormat::Plain,
            log: "info".to_owned(),
        }
    }
}

/// The filter or the subscriber could not be set up.
#[derive(Debug)]
pub struct LogInitError(String);

impl fmt::Display for LogInitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot set up logging: {}", self.0)
    }
}

impl Error for LogInitError {}

/// Installs the global tracing subscriber these flags describe, writing to
/// standard error.
///
/// # Errors
///
/// [`LogInitError`] if the filter does not parse or a global subscriber is
/// already installed.
pub fn init(args: &LogArgs) -> Result<(), LogInitError> {
    let filter = EnvFilter::try_new(&args.log)
        .map_err(|error| LogInitError(format!("invalid filter {:?}: {error}", args.log)))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = match args.log_format {
        LogFormat::Plain => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    result.map_err(|error| LogInitError(error.to_string()))
}
