//! Fills a sandbox database file with endpoints for the measurements at size of
//! `bench/run.sh` (section k): COUNT (default 1,000,000) endpoints of
//! `benches/support/endpoints.rs` (users of 1, 2 and 3 endpoints in turn), stored through
//! `Store::update_endpoints`, as UpdateEndpointsBatch stores them (Pinpoint's rules and the
//! attribute-name registry included), in transactions of 10,000. Prints
//! `filled N endpoints (U users) in S s (R endpoints/s); database and WAL M MB`.
//!
//! `cargo run --release --example fill_endpoints -- DB [COUNT]`

use std::path::PathBuf;
use std::time::Instant;

use pinpoint_console::sandbox::now_iso;
use pinpoint_console::sandbox::store::Store;

#[path = "../benches/support/endpoints.rs"]
mod endpoints;
use endpoints::{base, fill, users};

const BATCH: usize = 10_000;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(db), count) = (args.next().map(PathBuf::from), args.next()) else {
        anyhow::bail!("usage: fill_endpoints DB [COUNT]");
    };
    let count: usize = match count {
        Some(c) => c.to_string_lossy().replace(',', "").parse()?,
        None => 1_000_000,
    };
    let started = Instant::now();
    let now = now_iso();
    let mut store = Store::open(&db, &now)?;
    let base = base();
    let owner = users(count);
    fill(&mut store, &base, &owner, BATCH, &now)
        .map_err(|e| anyhow::anyhow!("{}: {e}", db.display()))?;
    drop(store);
    let seconds = started.elapsed().as_secs_f64();
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty());
    let name = db
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let bytes: u64 = std::fs::read_dir(dir.unwrap_or(std::path::Path::new(".")))?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&name))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "filled {count} endpoints ({} users) in {seconds:.1} s ({:.0} endpoints/s); database and WAL {:.0} MB",
        owner.last().map_or(0, |u| u + 1),
        count as f64 / seconds,
        bytes as f64 / 1e6
    );
    Ok(())
}
