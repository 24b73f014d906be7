//! Carries out the effects the update function asks for, each on a task: service calls
//! through the client, profile files, the clipboard. Results come back as messages; a call
//! can be cancelled by id.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::model::bulk::Plan;
use crate::model::wire::{EndpointResponse, SegmentResponse};
use crate::pinpoint::target::ResolvedTarget;
use crate::pinpoint::{AwsEnv, CallError, Client, ErrorKind, Outcome, Overrides, target};
use crate::sandbox::store::Store;
use crate::store::StoreError;
use crate::store::config::{Config, TargetKind};
use crate::store::paths::Paths;
use crate::store::profiles::ProfileStore;

use super::draft::DraftKeeper;
use super::message::{
    Call, CallResult, Connection, Effect, Msg, PLAN_PROBLEMS, ProfileRow, Reply, SegmentSizes,
};

/// Requests in flight during a bulk run from the console.
const BULK_CONCURRENCY: usize = 4;

/// Where copied text goes.
#[derive(Debug, Clone)]
pub enum Clipboard {
    /// OSC 52 to the terminal.
    Terminal,
    /// Kept in memory (tests).
    Memory(Arc<Mutex<Vec<String>>>),
}

/// Runs effects and sends their results back.
pub struct Runner {
    tx: UnboundedSender<Msg>,
    client: Arc<Mutex<Option<Arc<Client>>>>,
    /// Counts the connections asked for: only the latest may install its client and report.
    connects: Arc<AtomicU64>,
    calls: HashMap<u64, AbortHandle>,
    paths: Paths,
    config: Config,
    overrides: Overrides,
    clipboard: Clipboard,
    /// Set to stop the bulk run in progress.
    bulk_cancel: Arc<AtomicBool>,
    /// The target of the first connection (the command line's overrides are for it).
    first_target: Option<String>,
    /// Keeps the unsaved form in the draft file.
    pub draft: DraftKeeper,
}

impl Runner {
    pub fn new(
        tx: UnboundedSender<Msg>,
        paths: Paths,
        config: Config,
        overrides: Overrides,
        clipboard: Clipboard,
        draft: DraftKeeper,
    ) -> Runner {
        Runner {
            tx,
            client: Arc::default(),
            connects: Arc::default(),
            calls: HashMap::new(),
            paths,
            config,
            overrides,
            clipboard,
            bulk_cancel: Arc::default(),
            first_target: None,
            draft,
        }
    }

    pub fn run(&mut self, effect: Effect) {
        let tx = self.tx.clone();
        match effect {
            Effect::Connect { target, app } => self.connect(target, app),
            Effect::Call { id, call } => {
                self.calls.retain(|_, h| !h.is_finished());
                let client = self.client();
                let task = spawn_guarded(tx.clone(), async move {
                    if std::env::var_os(super::PANIC_FOR_TEST).is_some_and(|v| v == "call") {
                        panic!("{} is set to call", super::PANIC_FOR_TEST);
                    }
                    let start = Instant::now();
                    let result = match client {
                        Some(client) => call_once(&client, call).await,
                        None => Err(CallError::new("NotConnected", "not connected to a target")),
                    };
                    let (result, request_id) = match result {
                        Ok((reply, request_id)) => (Ok(reply), request_id),
                        Err(e) => (Err(e), None),
                    };
                    let _ = tx.send(Msg::CallDone(CallResult {
                        id,
                        result,
                        request_id,
                        latency: start.elapsed(),
                    }));
                });
                self.calls.insert(id, task.abort_handle());
            }
            Effect::Cancel { id } => {
                if let Some(handle) = self.calls.remove(&id) {
                    handle.abort();
                }
            }
            Effect::ListProfiles => {
                self.with_store(tx, move |store| Msg::Profiles(list_profiles(store)))
            }
            Effect::LoadProfile { name } => self.with_store(tx, move |store| {
                let result = store.load(&name);
                Msg::ProfileLoaded { name, result }
            }),
            Effect::SaveProfile {
                name,
                form,
                overwrite,
            } => self.with_store(tx, move |store| {
                let result = store.save(&name, &form, overwrite).map(|_| ());
                Msg::ProfileSaved { name, form, result }
            }),
            Effect::RemoveProfile { name } => self.with_store(tx, move |store| {
                let result = store.remove(&name);
                Msg::ProfileRemoved { name, result }
            }),
            Effect::RenameProfile { from, to } => self.with_store(tx, move |store| {
                let result = store.rename(&from, &to);
                Msg::ProfileRenamed { from, to, result }
            }),
            Effect::Copy(text) => {
                let result = match &self.clipboard {
                    Clipboard::Terminal => copy_osc52(&text).map_err(|e| e.to_string()),
                    Clipboard::Memory(store) => {
                        store.lock().unwrap_or_else(|p| p.into_inner()).push(text);
                        Ok(())
                    }
                };
                let _ = tx.send(Msg::Copied(result));
            }
            Effect::PlanBulk {
                id,
                profile,
                count,
                options,
            } => self.with_store(tx, move |store| {
                // Every item is checked (the longest of the store's work).
                let result = store
                    .load(&profile)
                    .map_err(|e| e.to_string())
                    .and_then(|base| options.plan(base, count))
                    .map(|plan| {
                        let review = plan.review(PLAN_PROBLEMS);
                        (plan, review)
                    });
                Msg::BulkPlanned { id, result }
            }),
            Effect::FindDisplaced {
                id,
                endpoint_id,
                user_id,
                plan,
            } => {
                let client = self.client();
                spawn_guarded(tx.clone(), async move {
                    let result = find_displaced(client, endpoint_id, user_id, plan).await;
                    let _ = tx.send(Msg::BulkStored { id, result });
                });
            }
            Effect::Bulk { plan } => {
                let client = self.client();
                let cancel = Arc::new(AtomicBool::new(false));
                self.bulk_cancel = Arc::clone(&cancel);
                spawn_guarded(tx.clone(), async move {
                    let Some(client) = client else {
                        let _ = tx.send(Msg::BulkRefused("not connected to a target".into()));
                        return;
                    };
                    let progress_tx = tx.clone();
                    let report = crate::pinpoint::bulk::create(
                        &client,
                        &plan,
                        BULK_CONCURRENCY,
                        cancel,
                        |p| {
                            let _ = progress_tx.send(Msg::BulkProgress(p));
                        },
                    )
                    .await;
                    let _ = tx.send(Msg::BulkDone(report));
                });
            }
            Effect::CancelBulk => self.bulk_cancel.store(true, Ordering::Relaxed),
            Effect::CountSegments { id, segments } => {
                let target = self.client().map(|c| c.target().clone());
                in_background(tx, move || Msg::SegmentCounts {
                    id,
                    result: count_segments(target.as_ref(), &segments),
                });
            }
        }
    }

    /// The client of the current connection, if there is one.
    fn client(&self) -> Option<Arc<Client>> {
        self.client
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Runs `work` with the profile store on the blocking pool (see [`in_background`]).
    fn with_store(
        &self,
        tx: UnboundedSender<Msg>,
        work: impl FnOnce(&ProfileStore) -> Msg + Send + 'static,
    ) {
        let store = ProfileStore::new(self.paths.profiles_dir());
        in_background(tx, move || work(&store));
    }

    fn connect(&mut self, target_name: String, app: Option<String>) {
        let tx = self.tx.clone();
        let slot = Arc::clone(&self.client);
        // The command line's --endpoint-url and --region belong to the target of the first
        // connection; another target picked later is taken as configured. --read-only stays
        // on whatever the target. The application is the one asked for (the command line's
        // --app for the first connection), or the target's own.
        let first = self.first_target.get_or_insert_with(|| target_name.clone());
        let mut overrides = if *first == target_name {
            self.overrides.clone()
        } else {
            Overrides {
                read_only: self.overrides.read_only,
                ..Overrides::default()
            }
        };
        overrides.target = Some(target_name);
        overrides.app = app;
        let resolved = target::resolve(
            &self.config,
            &overrides,
            &AwsEnv::from_process(),
            &self.paths,
        );
        // The old client (and its sandbox) goes as soon as a new connection is asked for.
        slot.lock().unwrap_or_else(|p| p.into_inner()).take();
        let connects = Arc::clone(&self.connects);
        let generation = connects.fetch_add(1, Ordering::SeqCst) + 1;
        spawn_guarded(tx.clone(), async move {
            let result = match resolved {
                Err(e) => Err(e.to_string()),
                Ok(target) => {
                    match crate::connect::connect_preferring(target, console_sandbox_addr()).await {
                        Err(e) => Err(e.to_string()),
                        Ok(client) => {
                            let t = client.target();
                            let connection = Connection {
                                target: t.name.clone(),
                                application_id: t.application_id.clone(),
                                url: client.url().to_string(),
                                read_only: t.read_only,
                                cli: client.cli_context(),
                            };
                            Ok((client, connection))
                        }
                    }
                }
            };
            let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
            if connects.load(Ordering::SeqCst) != generation {
                // Another target was picked since: this one neither takes over nor reports
                // (its client, and its sandbox, are dropped here).
                return;
            }
            let result = result.map(|(client, connection)| {
                *slot = Some(Arc::new(client));
                connection
            });
            let _ = tx.send(Msg::Connected(result));
        });
    }
}

/// Each segment's count of the endpoints stored in the target's database, as `segments
/// count` counts them; none for a target that is not the built-in sandbox (an aws target, or
/// a sandbox reached at an endpoint_url), which has no database here.
fn count_segments(
    target: Option<&ResolvedTarget>,
    segments: &[SegmentResponse],
) -> Result<Option<SegmentSizes>, String> {
    let Some(target) = target.filter(|t| t.kind == TargetKind::Sandbox && t.endpoint_url.is_none())
    else {
        return Ok(None);
    };
    let app = &target.application_id;
    let store = Store::open(&target.db, &crate::sandbox::now_iso())
        .map_err(|e| format!("{}: {e}", target.db.display()))?;
    let ids: Vec<&str> = segments.iter().map(|s| s.id.as_str()).collect();
    let (read, sizes) = store
        .segment_sizes(app, segments, &ids, time::OffsetDateTime::now_utc())
        .map_err(|e| format!("application {app}: {}: {}", e.kind.name(), e.message))?;
    let sizes = ids.iter().map(|id| id.to_string()).zip(sizes).collect();
    Ok(Some(SegmentSizes { read, sizes }))
}

/// Runs file work on the blocking pool and sends its message back; a panic in it ends the
/// console (see `spawn_guarded`).
fn in_background(tx: UnboundedSender<Msg>, work: impl FnOnce() -> Msg + Send + 'static) {
    tokio::task::spawn_blocking(move || {
        let msg = std::panic::catch_unwind(AssertUnwindSafe(work))
            .unwrap_or_else(|panic| Msg::Failed(panic_text(&*panic)));
        let _ = tx.send(msg);
    });
}

/// Spawns one of the console's own tasks. A panic in it ends the console (`Msg::Failed`:
/// the terminal back, the form kept in the draft, exit 101) instead of going unnoticed with
/// the task; the panic hook has written it to the log. Panics in tasks the console does not
/// own (the in-process sandbox's connections) end only those.
fn spawn_guarded(
    tx: UnboundedSender<Msg>,
    task: impl Future<Output = ()> + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(panic) = AssertUnwindSafe(task).catch_unwind().await {
            let _ = tx.send(Msg::Failed(panic_text(&*panic)));
        }
    })
}

/// What a panic said.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// The stored endpoints that `plan` would make INACTIVE, among `endpoint_id` and the
/// endpoints of `user_id` (one that is not there is no answer, not a failure).
async fn find_displaced(
    client: Option<Arc<Client>>,
    endpoint_id: Option<String>,
    user_id: Option<String>,
    plan: Box<Plan>,
) -> Result<Vec<EndpointResponse>, String> {
    let client = client.ok_or("not connected to a target")?;
    let missing = |e: &CallError| e.kind() == ErrorKind::NotFound;
    let mut stored = Vec::new();
    if let Some(id) = &endpoint_id {
        match client.get_endpoint(id).await {
            Ok(found) => stored.push(found.value),
            Err(e) if missing(&e) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    if let Some(user) = &user_id {
        match client.get_user_endpoints(user).await {
            Ok(found) => stored.extend(found.value.item),
            Err(e) if missing(&e) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    let mut seen = std::collections::HashSet::new();
    stored.retain(|e| seen.insert(e.id.clone().unwrap_or_default().to_lowercase()));
    // Goes through every item of the plan: on the blocking pool.
    tokio::task::spawn_blocking(move || plan.displaced(&stored).into_iter().cloned().collect())
        .await
        .map_err(|e| e.to_string())
}

/// Makes one call (or the three of a submit) and returns the reply and its request id.
async fn call_once(client: &Client, call: Call) -> Result<(Reply, Option<String>), CallError> {
    Ok(match call {
        Call::Submit {
            endpoint_id,
            request,
        } => {
            // What was stored before, to say what the write changed. Not found: the write
            // creates it. Any other failure does not stop the write (a target may allow
            // writes and not reads); the change is then not known.
            let before = match client.get_endpoint(&endpoint_id).await {
                Ok(found) => Ok(Some(found.value)),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            };
            let sent = client.update_endpoint(&endpoint_id, &request).await?;
            // The update landed; if fetching it back fails, say so, not that the update did.
            match client.get_endpoint(&endpoint_id).await {
                Ok(landed) => (
                    Reply::Submitted {
                        before,
                        landed: landed.value,
                    },
                    sent.request_id,
                ),
                Err(e) => (Reply::SubmittedUnconfirmed(e), sent.request_id),
            }
        }
        Call::Fetch { endpoint_id } => {
            reply(client.get_endpoint(&endpoint_id).await?, Reply::Fetched)
        }
        Call::LookupUser { user_id } => {
            reply(client.get_user_endpoints(&user_id).await?, Reply::User)
        }
        Call::DeleteEndpoint { endpoint_id } => {
            reply(client.delete_endpoint(&endpoint_id).await?, Reply::Deleted)
        }
        Call::DeleteUser { user_id } => reply(
            client.delete_user_endpoints(&user_id).await?,
            Reply::DeletedUser,
        ),
        Call::GetApps => reply(client.get_apps().await?, Reply::Apps),
        Call::GetSegments => reply(client.get_segments().await?, Reply::Segments),
        Call::LoadInApp => reply(crate::pinpoint::inapp::load(client).await?, |l| {
            Reply::InApp(Box::new(l))
        }),
    })
}

/// The reply `make` makes of a call's value, with the call's request id.
fn reply<T>(outcome: Outcome<T>, make: impl FnOnce(T) -> Reply) -> (Reply, Option<String>) {
    (make(outcome.value), outcome.request_id)
}

fn list_profiles(store: &ProfileStore) -> Result<Vec<ProfileRow>, StoreError> {
    let entries = store.list()?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let modified = e.modified.map(crate::text::format_time).unwrap_or_default();
            match e.form {
                Ok(form) => ProfileRow {
                    name: e.name,
                    user_id: form.user_id,
                    channel: form.channel_type,
                    modified,
                    broken: None,
                },
                Err(err) => ProfileRow {
                    name: e.name,
                    user_id: None,
                    channel: None,
                    modified,
                    broken: Some(err.to_string()),
                },
            }
        })
        .collect())
}

/// Copies text with OSC 52 (works over SSH and in tmux with set-clipboard on).
fn copy_osc52(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout();
    crossterm::execute!(
        out,
        crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
    )?;
    out.flush()
}

/// Where the console's built-in sandbox listens when it can: `serve`'s address, so that the
/// AWS CLI line in the preview works as pasted into another shell.
fn console_sandbox_addr() -> std::net::SocketAddr {
    crate::sandbox::DEFAULT_ADDR
        .parse()
        .expect("DEFAULT_ADDR is an address")
}
