//! `serve`: the sandbox in the foreground, on loopback unless told otherwise.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;

use crate::sandbox::{self, DEFAULT_APP_ID, DEFAULT_APP_NAME, Database};
use crate::store::paths::Paths;

/// `serve [--addr A] [--db PATH] [--allow-remote] [--require-auth KEY:SECRET]`. Returns 2
/// for an address it refuses.
pub fn run(
    paths: &Paths,
    addr: &str,
    db: Option<PathBuf>,
    allow_remote: bool,
    require_auth: Option<&str>,
) -> anyhow::Result<u8> {
    let required_key = require_auth
        .map(crate::sandbox::auth::RequiredKey::parse)
        .transpose()
        .map_err(|e| anyhow::anyhow!(e))?;
    let addr: SocketAddr = addr
        .parse()
        .with_context(|| format!("`{addr}` is not an address such as 127.0.0.1:4575"))?;
    if !addr.ip().is_loopback() {
        if !allow_remote {
            eprintln!(
                "refusing to listen on {addr}: the sandbox binds loopback only unless --allow-remote is given (add --require-auth KEY:SECRET so that only signed requests are served)"
            );
            return Ok(2);
        }
        if required_key.is_none() {
            eprintln!(
                "warning: listening on {addr}: anyone who can reach it can read and change the sandbox's endpoints (--require-auth checks signatures)"
            );
        }
    }
    let db = db.unwrap_or_else(|| paths.sandbox_db());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let handle =
            sandbox::start_with_key(&Database::File(db.clone()), addr, required_key.clone())
                .await?;
        out!("pinpoint-console sandbox listening on {}", handle.url());
        out!("  database     {}", db.display());
        out!("  application  {DEFAULT_APP_ID} ({DEFAULT_APP_NAME})");
        if let Some(key) = &required_key {
            out!(
                "  auth         SigV4 with access key {} (others get 403)",
                key.access_key()
            );
        }
        out!(
            "  try          aws --endpoint-url {} pinpoint get-apps",
            handle.url()
        );
        tracing::info!(addr = %handle.addr, db = %db.display(), "sandbox serving");
        shutdown_signal().await;
        eprintln!("stopping");
        handle.stop().await;
        anyhow::Ok(0)
    })
}

/// Ctrl+C, SIGTERM or SIGHUP.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        let mut hup = signal(SignalKind::hangup()).expect("SIGHUP handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
