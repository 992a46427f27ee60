//! Graceful shutdown: the signal that starts it and the handle that spreads
//! it.

use tokio::sync::watch;

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM (what container
/// runtimes send). On platforms without SIGTERM, only Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No handler could be installed: never resolve from here.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("SIGINT: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}

/// A cloneable "stop now" flag: [`trigger`](Self::trigger) it once, and
/// every [`wait`](Self::wait) resolves (also those that start later).
#[derive(Clone, Debug)]
pub struct Shutdown {
    sender: std::sync::Arc<watch::Sender<bool>>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
}

impl Shutdown {
    /// A flag not yet triggered.
    #[must_use]
    pub fn new() -> Self {
        Self {
            sender: std::sync::Arc::new(watch::channel(false).0),
        }
    }

    /// Starts the shutdown; later calls do nothing more.
    pub fn trigger(&self) {
        self.sender.send_replace(true);
    }

    /// Whether [`trigger`](Self::trigger) has been called.
    #[must_use]
    pub fn is_triggered(&self) -> bool {
        *self.sender.borrow()
    }

    /// Resolves once the shutdown is triggered.
    pub async fn wait(&self) {
        let mut receiver = self.sender.subscribe();
        // The sender lives in `self`, so `wait_for` cannot fail.
        let _ = receiver.wait_for(|stop| *stop).await;
    }
}
