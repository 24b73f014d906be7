//! No lost work in the sandbox, under load and under `kill -9`.
//!
//! - Concurrent load: 16 clients (the console's own `Client`, through aws-sdk-pinpoint) write
//!   at once to a sandbox served on a loopback port over a database file, each to its own
//!   endpoint and to one shared endpoint where each writes only its own attribute name.
//!   Pinpoint merges per name, so afterwards the shared endpoint holds every client's last
//!   acknowledged value, every private endpoint its last acknowledged write, and every stored
//!   record parses completely.
//! - kill -9: the `serve` binary is killed with SIGKILL at a random moment while writers
//!   (raw HTTP) have requests in flight, then restarted on the same database, five times.
//!   Every write that got its 202 is there, a batch that did not is all there or not at all,
//!   and the database passes `PRAGMA integrity_check` after every kill.
//!
//! Only loopback is used; every wait is bounded.

mod common;

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use serde_json::{Value, json};

use common::serve::{Serve, http};
use common::{Home, no_instance_metadata, sandbox_target, strings};
use pinpoint_console::model::wire::{EndpointRequest, EndpointResponse};
use pinpoint_console::pinpoint::{Client, ResolvedTarget};
use pinpoint_console::sandbox::{self, DEFAULT_APP_ID, Database, Sandbox};

/// Concurrent clients in the load test, and writes each makes.
const CLIENTS: usize = 16;
const WRITES_PER_CLIENT: usize = 100;
/// Kills in the kill -9 test, and writer threads per run.
const KILLS: usize = 5;
const WRITERS: usize = 4;
/// The most one whole test may take.
const TEST_LIMIT: Duration = Duration::from_secs(50);

// ----- shared helpers -----

/// Every endpoint stored in a sandbox database, read with a connection of its own: the
/// database opens, passes SQLite's integrity check, and every record parses completely
/// (unknown members are refused by the wire types).
fn stored_endpoints(db: &Path) -> BTreeMap<String, EndpointResponse> {
    let conn = rusqlite::Connection::open(db).expect("the database opens");
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let check = strings(&conn, "PRAGMA integrity_check");
    assert_eq!(check, ["ok"], "PRAGMA integrity_check");
    // Every row is keyed by its endpoint's id.
    let keys: Vec<(String, String)> = conn
        .prepare("SELECT id_key, id FROM endpoints WHERE app_id = ?1")
        .unwrap()
        .query_map([DEFAULT_APP_ID], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (key, id) in &keys {
        assert_eq!(&id.to_lowercase(), key, "the row of endpoint {id}");
    }
    // Read as the sandbox reads them: each endpoint joined from its row's columns.
    let store = sandbox::store::Store::open_read_only(db).expect("the database opens");
    let mut out = BTreeMap::new();
    store
        .for_each_endpoint::<sandbox::error::ApiError>(DEFAULT_APP_ID, |body| {
            let endpoint: EndpointResponse = serde_json::from_str(body)
                .unwrap_or_else(|e| panic!("stored endpoint does not parse ({e}): {body}"));
            let key = endpoint
                .id
                .as_deref()
                .map(str::to_lowercase)
                .unwrap_or_default();
            assert!(!key.is_empty(), "{body}");
            out.insert(key, endpoint);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("stored endpoints read: {}", e.message));
    assert_eq!(out.len(), keys.len(), "every row reads back");
    out
}

fn attribute(endpoint: &EndpointResponse, name: &str) -> Option<Vec<String>> {
    endpoint.attributes.as_ref()?.get(name).cloned()
}

/// A small random number source (the standard library's hasher keys are random per run).
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos(),
        );
        Rng(h.finish() | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

// ----- concurrent load -----

fn request(attributes: &[(&str, String)]) -> EndpointRequest {
    EndpointRequest {
        attributes: Some(
            attributes
                .iter()
                .map(|(k, v)| (k.to_string(), vec![v.clone()]))
                .collect::<IndexMap<_, _>>(),
        ),
        ..EndpointRequest::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_clients_lose_no_acknowledged_write() {
    no_instance_metadata();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.sqlite3");
    let sandbox = Sandbox::open(&Database::File(db.clone())).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let handle = sandbox::serve(listener, Arc::clone(&sandbox)).unwrap();
    let url = handle.url();
    let started = Instant::now();

    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let target = ResolvedTarget {
                timeout: Duration::from_secs(30),
                ..sandbox_target(&format!("load-{c}"), &url, DEFAULT_APP_ID)
            };
            let client = Client::connect(target).await.expect("connect");
            // The last acknowledged sequence number: on the private endpoint, and of this
            // client's own name on the shared one.
            let (mut private, mut shared) = (None, None);
            let own = format!("c{c}");
            for n in 0..WRITES_PER_CLIENT {
                // Two of every three writes go to the shared endpoint, in a pattern that
                // differs per client so that the clients interleave.
                let to_shared = (n + c) % 3 != 0;
                let (id, body) = if to_shared {
                    ("shared".to_string(), request(&[(&own, n.to_string())]))
                } else {
                    (
                        format!("private-{c}"),
                        request(&[("seq", n.to_string()), ("owner", own.clone())]),
                    )
                };
                match client.update_endpoint(&id, &body).await {
                    Ok(_) if to_shared => shared = Some(n),
                    Ok(_) => private = Some(n),
                    Err(e) => panic!("client {c}, write {n} to {id}: {e}"),
                }
            }
            client.shutdown().await;
            (c, private, shared)
        }));
    }
    let results = tokio::time::timeout(TEST_LIMIT, futures::future::join_all(tasks))
        .await
        .expect("the clients finish in time");
    let elapsed = started.elapsed();

    let reader = {
        let target = ResolvedTarget {
            read_only: true,
            ..sandbox_target("reader", &url, DEFAULT_APP_ID)
        };
        Client::connect(target).await.unwrap()
    };
    let shared = reader.get_endpoint("shared").await.unwrap().value;
    let stored = stored_endpoints(&db);
    let mut acknowledged = 0;
    for result in results {
        let (c, private, last_shared) = result.expect("a client task panicked");
        let own = format!("c{c}");
        let last_shared = last_shared.expect("every client wrote the shared endpoint");
        assert_eq!(
            attribute(&shared, &own),
            Some(vec![last_shared.to_string()]),
            "the shared endpoint lost client {c}'s last write"
        );
        assert_eq!(
            attribute(&stored["shared"], &own),
            Some(vec![last_shared.to_string()])
        );
        let last_private = private.expect("every client wrote its own endpoint");
        let id = format!("private-{c}");
        let mine = reader.get_endpoint(&id).await.unwrap().value;
        assert_eq!(
            attribute(&mine, "seq"),
            Some(vec![last_private.to_string()])
        );
        assert_eq!(attribute(&mine, "owner"), Some(vec![own.clone()]));
        assert_eq!(
            attribute(&stored[&id], "seq"),
            Some(vec![last_private.to_string()])
        );
        acknowledged += WRITES_PER_CLIENT;
    }
    assert_eq!(
        shared.attributes.as_ref().unwrap().len(),
        CLIENTS,
        "the shared endpoint holds one name per client and nothing else: {shared:?}"
    );
    assert_eq!(stored.len(), CLIENTS + 1, "{:?}", stored.keys());
    reader.shutdown().await;
    handle.stop().await;
    eprintln!(
        "concurrent load: {CLIENTS} clients, {acknowledged} acknowledged UpdateEndpoint writes in {:.1} s",
        elapsed.as_secs_f64()
    );
}

// ----- kill -9 -----

/// One write a writer sent, and whether it was acknowledged.
#[derive(Debug, Clone)]
struct Sent {
    /// The endpoint ids it writes (one, or a whole batch).
    ids: Vec<String>,
    /// For writes to the shared endpoint: the attribute name and value.
    shared: Option<(String, u64)>,
    /// The value written to attribute `n` of each endpoint in `ids`.
    value: u64,
    acknowledged: bool,
}

const BATCH: usize = 10;

/// Writes until told to stop or until the server goes away; returns what it sent.
fn writer(port: u16, round: usize, w: usize, stop: &AtomicBool) -> Vec<Sent> {
    let app = DEFAULT_APP_ID;
    let mut sent = Vec::new();
    let mut n: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let (path, body, write) = match n % 4 {
            // One endpoint of its own.
            0 | 1 => {
                let id = format!("k{round}-w{w}-{n}");
                (
                    format!("/v1/apps/{app}/endpoints/{id}"),
                    json!({"Attributes": {"n": [n.to_string()]}, "Metrics": {"n": n}}),
                    Sent {
                        ids: vec![id],
                        shared: None,
                        value: n,
                        acknowledged: false,
                    },
                )
            }
            // Its own name on the shared endpoint.
            2 => {
                let name = format!("k{round}w{w}");
                (
                    format!("/v1/apps/{app}/endpoints/shared"),
                    json!({"Attributes": {name.clone(): [n.to_string()]}}),
                    Sent {
                        ids: vec!["shared".into()],
                        shared: Some((name, n)),
                        value: n,
                        acknowledged: false,
                    },
                )
            }
            // A batch of endpoints of its own: all or nothing.
            _ => {
                let ids: Vec<String> = (0..BATCH)
                    .map(|i| format!("k{round}-w{w}-{n}-b{i}"))
                    .collect();
                let items: Vec<Value> = ids
                    .iter()
                    .map(|id| json!({"Id": id, "Attributes": {"n": [n.to_string()]}}))
                    .collect();
                (
                    format!("/v1/apps/{app}/endpoints"),
                    json!({"Item": items}),
                    Sent {
                        ids,
                        shared: None,
                        value: n,
                        acknowledged: false,
                    },
                )
            }
        };
        let result = http(port, "PUT", &path, &body.to_string());
        let mut write = write;
        match result {
            Ok((202, _)) => {
                write.acknowledged = true;
                sent.push(write);
            }
            Ok((status, body)) => panic!("writer {w}: {status} for {path}: {body}"),
            Err(_) => {
                // The server is gone (killed): this write may or may not have landed.
                sent.push(write);
                break;
            }
        }
    }
    sent
}

#[test]
fn acknowledged_writes_survive_kill_9() {
    let started = Instant::now();
    let home = Home::new();
    let db = home.dir.path().join("sandbox.sqlite3");
    let mut rng = Rng::new();
    let mut total_acknowledged = 0;
    let mut total_in_flight = 0;
    let mut in_flight_landed = 0;
    let mut serve = Serve::start(&home, &db);
    for round in 0..KILLS {
        assert!(
            started.elapsed() < TEST_LIMIT,
            "the kill test ran out of time"
        );
        let port = serve.port;
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || writer(port, round, w, &stop))
            })
            .collect();
        // A random moment while the writers are busy.
        std::thread::sleep(Duration::from_millis(100 + rng.below(400)));
        serve.kill_9();
        stop.store(true, Ordering::Relaxed);
        let sent: Vec<Vec<Sent>> = writers
            .into_iter()
            .map(|h| h.join().expect("a writer panicked"))
            .collect();

        // The database of the killed process opens cleanly and every record parses: opened
        // first by SQLite on its own, or first by the restarted server, in turn.
        let stored = if round % 2 == 0 {
            let stored = stored_endpoints(&db);
            serve = Serve::start(&home, &db);
            stored
        } else {
            serve = Serve::start(&home, &db);
            stored_endpoints(&db)
        };
        let port = serve.port;
        let mut acknowledged = 0;
        for (w, writes) in sent.iter().enumerate() {
            assert!(
                writes.iter().any(|x| x.acknowledged),
                "writer {w} got no write through in round {round}"
            );
            for write in writes {
                let present: Vec<bool> = write
                    .ids
                    .iter()
                    .map(|id| match &write.shared {
                        Some((name, value)) => stored
                            .get(id)
                            .and_then(|e| attribute(e, name))
                            .is_some_and(|v| v == [value.to_string()]),
                        None => stored
                            .get(&id.to_lowercase())
                            .and_then(|e| attribute(e, "n"))
                            .is_some_and(|v| v == [write.value.to_string()]),
                    })
                    .collect();
                if write.acknowledged {
                    acknowledged += 1;
                    if write.shared.is_some() {
                        continue; // checked below: later writes replace the value
                    }
                    assert!(
                        present.iter().all(|p| *p),
                        "round {round}: acknowledged write lost: {write:?}"
                    );
                    // And the restarted server serves it.
                    let (status, body) = http(
                        port,
                        "GET",
                        &format!("/v1/apps/{DEFAULT_APP_ID}/endpoints/{}", write.ids[0]),
                        "",
                    )
                    .unwrap();
                    assert_eq!(status, 200, "{body}");
                    let got: EndpointResponse = serde_json::from_str(&body).unwrap();
                    assert_eq!(attribute(&got, "n"), Some(vec![write.value.to_string()]));
                } else {
                    total_in_flight += 1;
                    let landed = present.iter().filter(|p| **p).count();
                    if write.shared.is_none() {
                        assert!(
                            landed == 0 || landed == write.ids.len(),
                            "round {round}: a write in flight landed in part ({landed} of {}): {write:?}",
                            write.ids.len()
                        );
                    }
                    if landed > 0 {
                        in_flight_landed += 1;
                    }
                }
            }
            // The shared endpoint holds this writer's last acknowledged value, or the one
            // that was in flight when the server died.
            let shared_writes: Vec<&Sent> = writes.iter().filter(|x| x.shared.is_some()).collect();
            if let Some(last_ack) = shared_writes.iter().rev().find(|x| x.acknowledged) {
                let (name, _) = last_ack.shared.as_ref().unwrap();
                let allowed: Vec<String> = shared_writes
                    .iter()
                    .filter(|x| x.value >= last_ack.value)
                    .map(|x| x.value.to_string())
                    .collect();
                let got = stored
                    .get("shared")
                    .and_then(|e| attribute(e, name))
                    .unwrap_or_else(|| panic!("round {round}: shared name {name} lost"));
                assert!(
                    got.len() == 1 && allowed.contains(&got[0]),
                    "round {round}: shared {name} = {got:?}, expected one of {allowed:?}"
                );
            }
        }
        total_acknowledged += acknowledged;
    }
    // The last restart's database, once more, through a clean stop.
    serve.kill_9();
    stored_endpoints(&db);
    eprintln!(
        "kill -9: {KILLS} kills, {WRITERS} writers, {total_acknowledged} acknowledged writes all present, \
         {total_in_flight} in flight at a kill ({in_flight_landed} of them landed, none in part), {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
