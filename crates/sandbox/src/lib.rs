//! The sandbox: a local service that speaks Pinpoint's REST-JSON API, stores endpoints in
//! SQLite and follows Pinpoint's rules. `serve` runs it in the foreground; the `sandbox`
//! target starts it inside the process on a loopback port.

pub mod atomic;
pub mod auth;
pub mod error;
pub mod operations;
pub mod phone;
pub mod routes;
pub mod rules;
pub mod settings;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

// The model crate, named `crate::model` here as in the app.
use pinpoint_model as model;

use crate::model::wire::ApplicationResponse;
use error::ApiError;

/// The application every new sandbox database starts with, so it works with no set-up:
/// a sandbox target's application unless it names another.
pub const DEFAULT_APP_ID: &str = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";
/// Where `serve` listens unless told otherwise (the console's built-in sandbox too, when
/// it is free).
pub const DEFAULT_ADDR: &str = "127.0.0.1:4575";
/// The Region the sandbox puts in ARNs, and a sandbox target's unless it names another.
pub const SANDBOX_REGION: &str = "us-east-1";
/// The default application's name.
pub const DEFAULT_APP_NAME: &str = "sandbox";
/// The account the sandbox puts in ARNs.
pub const SANDBOX_ACCOUNT: &str = "000000000000";
/// Largest request body Pinpoint accepts (7 MB).
pub const MAX_BODY_BYTES: usize = 7 * 1024 * 1024;

/// The current time as Pinpoint writes it: ISO-8601, UTC, with milliseconds.
pub fn now_iso() -> String {
    iso_millis(time::OffsetDateTime::now_utc())
}

/// A time as Pinpoint writes it: ISO-8601, UTC, with milliseconds.
pub fn iso_millis(at: time::OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .expect("the format is valid for every date")
}

/// A fresh id as Pinpoint writes application and segment ids: 32 lower-case hex digits.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// An application record.
pub fn new_application(
    id: &str,
    name: &str,
    now: &str,
    tags: Option<IndexMap<String, String>>,
) -> ApplicationResponse {
    ApplicationResponse {
        arn: format!("arn:aws:mobiletargeting:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:apps/{id}"),
        id: id.to_string(),
        name: name.to_string(),
        tags,
        creation_date: Some(now.to_string()),
    }
}

/// Where the sandbox keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    File(PathBuf),
    Memory,
}

/// Read-only connections a database file gets beside its writer: a few more than a small
/// machine's cores, so that a read waiting on the disk does not hold the others back.
pub const READERS: u32 = 4;

/// The shared state of a running sandbox.
pub struct Sandbox {
    /// Read-only connections to the database file, each read in one snapshot beside the
    /// writer (none for an in-memory database, whose reads go to the writer). Declared first
    /// so they close first, leaving the writer to checkpoint the WAL as it closes.
    readers: Option<r2d2::Pool<store::ReadOnly>>,
    /// The writer: writes run on it one at a time.
    pub store: Mutex<store::Store>,
    /// With `--require-auth`: the key every request must be signed with.
    pub required_key: Option<auth::RequiredKey>,
}

impl Sandbox {
    /// Opens the database (creating it and the default application when new).
    pub fn open(db: &Database) -> anyhow::Result<Arc<Sandbox>> {
        Self::open_with_key(db, None)
    }

    /// Opens the database; with a key, every request must be SigV4-signed with it.
    pub fn open_with_key(
        db: &Database,
        required_key: Option<auth::RequiredKey>,
    ) -> anyhow::Result<Arc<Sandbox>> {
        let now = now_iso();
        let (store, readers) = match db {
            Database::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    atomic::ensure_dir(dir)?;
                }
                atomic::make_private(path)?;
                for side in ["-wal", "-shm"] {
                    let mut name = path.clone().into_os_string();
                    name.push(side);
                    let side = PathBuf::from(name);
                    if side.exists() {
                        atomic::tighten(&side)?;
                    }
                }
                let store = store::Store::open(path, &now).map_err(|e| {
                    anyhow::anyhow!("{}: cannot open the sandbox database: {e}", path.display())
                })?;
                let readers = r2d2::Pool::builder()
                    .max_size(READERS)
                    .test_on_check_out(false)
                    .build(store::ReadOnly::new(path))
                    .map_err(|e| {
                        anyhow::anyhow!(
                            "{}: cannot open read-only connections to the sandbox database: {e}",
                            path.display()
                        )
                    })?;
                (store, Some(readers))
            }
            Database::Memory => (store::Store::in_memory(&now)?, None),
        };
        Ok(Arc::new(Sandbox {
            readers,
            store: Mutex::new(store),
            required_key,
        }))
    }

    /// `f` on the writer, once the writes before it are done.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut store::Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        f(&mut self.writer())
    }

    /// The writer, once the writes before it are done (a holder that panicked leaves it
    /// usable).
    pub fn writer(&self) -> std::sync::MutexGuard<'_, store::Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `f` in one snapshot of what is committed, on a read-only connection when the database
    /// is a file: it waits for no write (a write in progress is not seen), and sees every
    /// write whose answer was given before it began.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&store::Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        match &self.readers {
            Some(readers) => {
                let reader = readers.get().map_err(|e| {
                    ApiError::internal(format!("no read-only database connection is free: {e}"))
                })?;
                reader.snapshot(f)
            }
            None => self.write(|store| store.snapshot(f)),
        }
    }
}

/// A sandbox listening on a socket; dropping it stops the server.
pub struct SandboxHandle {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SandboxHandle {
    /// `http://ADDR`, for clients.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, and waits for the server to end.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Serves the sandbox on `listener` until the handle is stopped or dropped.
pub fn serve(listener: TcpListener, sandbox: Arc<Sandbox>) -> std::io::Result<SandboxHandle> {
    let addr = listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let app = routes::router(sandbox);
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = rx.await;
        });
        if let Err(e) = server.await {
            tracing::error!(error = %e, "sandbox server failed");
        }
    });
    Ok(SandboxHandle {
        addr,
        shutdown: Some(tx),
        task: Some(task),
    })
}

/// Opens the database and serves it on `addr`.
pub async fn start(db: &Database, addr: SocketAddr) -> anyhow::Result<SandboxHandle> {
    start_with_key(db, addr, None).await
}

/// Opens the database and serves it on `addr`, checking signatures when given a key.
pub async fn start_with_key(
    db: &Database,
    addr: SocketAddr,
    required_key: Option<auth::RequiredKey>,
) -> anyhow::Result<SandboxHandle> {
    let listener = TcpListener::bind(addr).await.map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse && addr.to_string() == DEFAULT_ADDR {
            " (a running console's built-in sandbox, or another `serve`, may hold it: it serves the same API; or pass --addr 127.0.0.1:PORT)"
        } else {
            ""
        };
        anyhow::anyhow!("cannot listen on {addr}: {e}{hint}")
    })?;
    let sandbox = Sandbox::open_with_key(db, required_key)?;
    Ok(serve(listener, sandbox)?)
}

/// The console's built-in sandbox: on `preferred` ([`DEFAULT_ADDR`]) when it is free, so
/// that an `aws --endpoint-url http://127.0.0.1:4575` line works from another shell while the
/// console runs; on another port of the same address otherwise (the handle's `url` says
/// which).
pub async fn start_in_process(
    db: &Database,
    preferred: SocketAddr,
) -> anyhow::Result<SandboxHandle> {
    let listener = match TcpListener::bind(preferred).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::info!(error = %e, "{preferred} is taken; the built-in sandbox takes another port");
            let any = SocketAddr::new(preferred.ip(), 0);
            TcpListener::bind(any)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {any}: {e}"))?
        }
    };
    let sandbox = Sandbox::open(db)?;
    Ok(serve(listener, sandbox)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_built_in_sandbox_takes_the_preferred_port_when_it_is_free() {
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let preferred = free.local_addr().unwrap();
        drop(free);
        let first = start_in_process(&Database::Memory, preferred)
            .await
            .unwrap();
        assert_eq!(first.addr, preferred);
        assert_eq!(first.url(), format!("http://{preferred}"));
        let second = start_in_process(&Database::Memory, preferred)
            .await
            .unwrap();
        assert_ne!(second.addr.port(), preferred.port(), "taken: another port");
        assert_eq!(second.addr.ip(), preferred.ip());
        second.stop().await;
        first.stop().await;
    }
}
