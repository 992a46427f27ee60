//! `gateway-cluster-service`: see `--help` and the crate's README.

use clap::Parser;
use gateway_cluster_service::Config;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    if let Err(error) = service_support::logging::init(&config.log) {
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    let running = match gateway_cluster_service::start(config).await {
        Ok(running) => running,
        Err(error) => {
            tracing::error!(%error, "not started");
            return ExitCode::FAILURE;
        }
    };
    // Tests and scripts read the address from this line.
    println!("listening on {}", running.url());
    service_support::shutdown_signal().await;
    match running.stop().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server failed");
            ExitCode::FAILURE
        }
    }
}
