//! Test endpoints for the benchmarks that fill a sandbox database: each starts from the
//! `qa-ios` example (APNS, attributes, demographic, location, metrics, user attributes) with a
//! unique id (`qa-000001`), a unique 64-hex-digit device token, its own metrics, and a user id
//! shared with its neighbours: users have 1, 2 or 3 endpoints in turn.

use indexmap::IndexMap;

use pinpoint_console::model::wire::{EndpointBatchItem, EndpointRequest};

/// splitmix64: deterministic, well-spread numbers for tokens and random picks.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

pub fn endpoint_id(i: usize) -> String {
    format!("qa-{i:06}")
}

pub fn user_id(u: usize) -> String {
    format!("qa-user-{u:06}")
}

/// The user of each of `count` endpoints: groups of 1, 2 and 3 consecutive endpoints, in
/// turn.
pub fn users(count: usize) -> Vec<usize> {
    let mut owner = Vec::with_capacity(count);
    let mut user = 0;
    while owner.len() < count {
        let size = 1 + user % 3;
        owner.extend(std::iter::repeat_n(user, size.min(count - owner.len())));
        user += 1;
    }
    owner
}

/// The `qa-ios` example as an UpdateEndpoint request.
pub fn base() -> EndpointRequest {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/profiles/qa-ios.json"
    ))
    .unwrap();
    let item: EndpointBatchItem = serde_json::from_str(&text).unwrap();
    item.into_parts().1
}

/// Endpoint `i` of user `u`.
pub fn request(base: &EndpointRequest, i: usize, u: usize) -> EndpointRequest {
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

/// Stores the endpoints of `owner` (see [`users`]) in the store's default application through
/// `Store::update_endpoints`, as UpdateEndpointsBatch stores them, `batch` to a transaction.
pub fn fill(
    store: &mut pinpoint_console::sandbox::store::Store,
    base: &EndpointRequest,
    owner: &[usize],
    batch: usize,
    now: &str,
) -> Result<(), String> {
    for (n, chunk) in owner.chunks(batch).enumerate() {
        let items = chunk
            .iter()
            .enumerate()
            .map(|(k, &u)| {
                let i = n * batch + k;
                (endpoint_id(i), request(base, i, u))
            })
            .collect();
        store
            .update_endpoints(
                pinpoint_console::sandbox::DEFAULT_APP_ID,
                items,
                now,
                "bench-fill",
            )
            .map_err(|e| format!("batch {n}: {}", e.message))?;
    }
    Ok(())
}
