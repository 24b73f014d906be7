//! Connecting a command or the console to its target. A sandbox target that names no
//! running sandbox gets one started here, in the process, and the client is handed its
//! address: the client (`pinpoint`) only speaks to an address, the sandbox only serves.

use std::net::SocketAddr;

use crate::pinpoint::client::LocalServer;
use crate::pinpoint::target::ResolvedTarget;
use crate::pinpoint::{CallError, Client};
use crate::sandbox::{self, Database};
use crate::store::config::TargetKind;

/// Connects to a target; a sandbox started here listens on any free loopback port: a
/// command needs no well-known one.
pub async fn connect(target: ResolvedTarget) -> Result<Client, CallError> {
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    connect_preferring(target, any).await
}

/// The same, a sandbox started here preferring `addr` (the console's, on
/// [`sandbox::DEFAULT_ADDR`], so that its AWS CLI line works from another shell).
pub async fn connect_preferring(
    target: ResolvedTarget,
    addr: SocketAddr,
) -> Result<Client, CallError> {
    if target.kind != TargetKind::Sandbox || target.endpoint_url.is_some() {
        return Client::connect(target).await;
    }
    let handle = sandbox::start_in_process(&Database::File(target.db.clone()), addr)
        .await
        .map_err(|e| CallError::new("SandboxError", format!("{e:#}")))?;
    let server = LocalServer::new(handle.url(), handle.stop());
    Ok(Client::with_local_server(target, server))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn the_cli_line_of_the_built_in_sandbox_names_the_port_in_use() {
        // SAFETY: set before any client is built; every test of this binary sets the same.
        unsafe { std::env::set_var("AWS_EC2_METADATA_DISABLED", "true") };
        let dir = tempfile::tempdir().unwrap();
        let target = ResolvedTarget {
            name: "sandbox".into(),
            kind: TargetKind::Sandbox,
            application_id: crate::sandbox::DEFAULT_APP_ID.into(),
            region: None,
            endpoint_url: None,
            aws_profile: None,
            read_only: false,
            timeout: Duration::from_secs(5),
            use_instance_metadata: false,
            db: dir.path().join("sandbox.sqlite3"),
        };
        // Two consoles: the first may take the preferred port, the second cannot; each
        // line names its own.
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let preferred = free.local_addr().unwrap();
        drop(free);
        let first = connect_preferring(target.clone(), preferred).await.unwrap();
        let second = connect_preferring(target, preferred).await.unwrap();
        assert_eq!(first.url(), format!("http://{preferred}"));
        assert_ne!(first.url(), second.url());
        for client in [&first, &second] {
            let context = client.cli_context();
            assert_eq!(context.endpoint_url.as_deref(), Some(client.url()));
            let port = client.url().rsplit(':').next().unwrap();
            assert_ne!(port, "0");
            client.get_apps().await.expect("the line's URL answers");
        }
        second.shutdown().await;
        first.shutdown().await;
    }
}
