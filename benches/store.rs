//! The sandbox's storage with 100,000 endpoints in the database: GetUserEndpoints of a random
//! existing user, GetEndpoint of a random existing endpoint, and one UpdateEndpoint of an
//! existing endpoint. The aim (issue 6): a lookup stays under 5 ms.
//!
//! The database is a temporary file, filled once per run through `Store::update_endpoints`
//! in batches of 100, as UpdateEndpointsBatch fills it, with the endpoints of
//! `support/endpoints.rs` (50,000 users).
//!
//! `cargo bench --bench store`

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

use pinpoint_console::model::wire::EndpointRequest;
use pinpoint_console::sandbox::rules::UpdateContext;
use pinpoint_console::sandbox::store::Store;
use pinpoint_console::sandbox::{DEFAULT_APP_ID, now_iso};

const ENDPOINTS: usize = 100_000;
const BATCH: usize = 100;

#[path = "support/endpoints.rs"]
mod endpoints;
use endpoints::{base, endpoint_id, fill, mix, request, user_id, users};

/// A store on a temporary file with `ENDPOINTS` endpoints.
fn filled(dir: &std::path::Path, base: &EndpointRequest, owner: &[usize]) -> Store {
    let started = Instant::now();
    let now = now_iso();
    let mut store = Store::open(&dir.join("bench.sqlite3"), &now).unwrap();
    fill(&mut store, base, owner, BATCH, &now).unwrap();
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
    let owner = users(ENDPOINTS);
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
