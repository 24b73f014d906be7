//! The sandbox's storage with 100,000 endpoints in the database: GetUserEndpoints of a random
//! existing user, GetEndpoint of a random existing endpoint, and one UpdateEndpoint of an
//! existing endpoint. The aim (issue 6): a lookup stays under 5 ms.
//!
//! The database is a temporary file, filled once per run through `Store::update_endpoints`
//! in batches of 100, as UpdateEndpointsBatch fills it. Every endpoint starts from the
//! `qa-ios` example (APNS, attributes, demographic, location, metrics, user attributes) with
//! a unique id (`qa-000001`), a unique 64-hex-digit device token, its own metrics, and a user
//! id shared with its neighbours: users have 1, 2 or 3 endpoints in turn (50,000 users).
//!
//! `cargo bench --bench store`

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use indexmap::IndexMap;

use pinpoint_console::model::wire::{EndpointBatchItem, EndpointRequest};
use pinpoint_console::sandbox::rules::UpdateContext;
use pinpoint_console::sandbox::store::Store;
use pinpoint_console::sandbox::{DEFAULT_APP_ID, now_iso};

const ENDPOINTS: usize = 100_000;
const BATCH: usize = 100;

/// splitmix64: deterministic, well-spread numbers for tokens and random picks.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn endpoint_id(i: usize) -> String {
    format!("qa-{i:06}")
}

fn user_id(u: usize) -> String {
    format!("qa-user-{u:06}")
}

/// The user of every endpoint: groups of 1, 2 and 3 consecutive endpoints, in turn.
fn users() -> Vec<usize> {
    let mut owner = Vec::with_capacity(ENDPOINTS);
    let mut user = 0;
    while owner.len() < ENDPOINTS {
        let size = 1 + user % 3;
        owner.extend(std::iter::repeat_n(user, size.min(ENDPOINTS - owner.len())));
        user += 1;
    }
    owner
}

/// The `qa-ios` example as an UpdateEndpoint request.
fn base() -> EndpointRequest {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/profiles/qa-ios.json"
    ))
    .unwrap();
    let item: EndpointBatchItem = serde_json::from_str(&text).unwrap();
    item.into_parts().1
}

/// Endpoint `i` of user `u`.
fn request(base: &EndpointRequest, i: usize, u: usize) -> EndpointRequest {
    let mut r = base.clone();
    let a = mix(i as u64);
    let b = mix(a);
    r.address = Some(format!(
        "{a:016x}{b:016x}{:016x}{:016x}",
        mix(b),
        mix(mix(b))
    ));
    let metrics: IndexMap<String, f64> = [
        ("logins".to_string(), (a % 500) as f64),
        ("purchases".to_string(), (b % 40) as f64),
    ]
    .into_iter()
    .collect();
    r.metrics = Some(metrics);
    let user = r.user.get_or_insert_with(Default::default);
    user.user_id = Some(user_id(u));
    r
}

/// A store on a temporary file with `ENDPOINTS` endpoints.
fn filled(dir: &std::path::Path, base: &EndpointRequest, owner: &[usize]) -> Store {
    let started = Instant::now();
    let now = now_iso();
    let mut store = Store::open(&dir.join("bench.sqlite3"), &now).unwrap();
    for (n, chunk) in owner.chunks(BATCH).enumerate() {
        let items = chunk
            .iter()
            .enumerate()
            .map(|(k, &u)| {
                let i = n * BATCH + k;
                (endpoint_id(i), request(base, i, u))
            })
            .collect();
        store
            .update_endpoints(DEFAULT_APP_ID, items, &now, "bench-fill")
            .unwrap();
    }
    let bytes: u64 = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    eprintln!(
        "filled {ENDPOINTS} endpoints ({} users) in {:.2} s with update_endpoints in batches of {BATCH}; database and WAL {:.1} MB",
        owner.last().unwrap() + 1,
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1e6
    );
    store
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let base = base();
    let owner = users();
    let users = owner.last().unwrap() + 1;
    let mut store = filled(dir.path(), &base, &owner);

    // What was stored is what the lookups find.
    for u in [0, 1, 2, users - 1] {
        let found = store
            .get_user_endpoints(DEFAULT_APP_ID, &user_id(u))
            .unwrap();
        assert_eq!(found.len(), owner.iter().filter(|&&o| o == u).count());
        assert!((1..=3).contains(&found.len()));
    }
    let last = store
        .get_endpoint(DEFAULT_APP_ID, &endpoint_id(ENDPOINTS - 1))
        .unwrap();
    assert_eq!(last.endpoint_status.as_deref(), Some("ACTIVE"));

    let mut group = c.benchmark_group("store_100k_endpoints");
    let mut seed = 1u64;
    group.bench_function("get_user_endpoints (random user)", |b| {
        b.iter(|| {
            seed = mix(seed);
            let user = user_id((seed % users as u64) as usize);
            black_box(
                store
                    .get_user_endpoints(DEFAULT_APP_ID, black_box(&user))
                    .unwrap(),
            )
        })
    });
    group.bench_function("get_endpoint (random endpoint)", |b| {
        b.iter(|| {
            seed = mix(seed);
            let id = endpoint_id((seed % ENDPOINTS as u64) as usize);
            black_box(store.get_endpoint(DEFAULT_APP_ID, black_box(&id)).unwrap())
        })
    });
    // An UpdateEndpoint of an existing endpoint, as Amplify's identifyUser sends it: the
    // whole user again with other metrics (the user's other endpoints take its user
    // attributes, so they are written too).
    let now = now_iso();
    group.bench_function("update_endpoint (random existing endpoint)", |b| {
        b.iter(|| {
            seed = mix(seed);
            let i = (seed % ENDPOINTS as u64) as usize;
            let id = endpoint_id(i);
            let ctx = UpdateContext {
                application_id: DEFAULT_APP_ID,
                endpoint_id: &id,
                now: &now,
                request_id: "bench-update",
            };
            let mut r = request(&base, i, owner[i]);
            r.metrics
                .as_mut()
                .unwrap()
                .insert("logins".into(), (seed % 1000) as f64);
            black_box(store.update_endpoint(r, &ctx).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
