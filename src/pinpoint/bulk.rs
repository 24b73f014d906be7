//! Sending a bulk plan: UpdateEndpointsBatch with at most 100 items a request, a bounded
//! number of requests in flight, throttling backed off and retried; and deleting a plan's
//! endpoints again. An import sends its items the same way, finding the refused ones. Progress is reported as batches finish; a flag cancels what has not
//! started.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;

use crate::model::bulk::{Plan, Template};
use crate::model::wire::EndpointBatchItem;

use super::client::Client;
use super::error::{CallError, ErrorKind};

/// Items per UpdateEndpointsBatch request (Pinpoint's maximum).
pub const BATCH_SIZE: u64 = 100;
/// Extra attempts for a batch that is still throttled after the SDK's own retries.
pub const THROTTLE_RETRIES: u32 = 5;

/// Items that failed, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The first and last endpoint ids of the failed items.
    pub first: String,
    pub last: String,
    pub count: u64,
    pub reason: String,
}

/// `qa-1 .. qa-100 (100): reason`, or `qa-7 (1): reason` for one item.
impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)?;
        } else {
            write!(f, "{} .. {}", self.first, self.last)?;
        }
        write!(f, " ({}): {}", self.count, self.reason)
    }
}

/// The outcome of a bulk run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Endpoints written (or deleted).
    pub done: u64,
    /// Endpoints that were not there to delete.
    pub missing: u64,
    pub failures: Vec<Failure>,
    pub requests: u64,
    pub elapsed: Duration,
    pub cancelled: bool,
}

impl Report {
    pub fn failed(&self) -> u64 {
        self.failures.iter().map(|f| f.count).sum()
    }

    /// `50 endpoints written, 0 failed, in 0.07 s (767 endpoints/s)`, `, cancelled` after it
    /// when the run was.
    pub fn summary(&self) -> String {
        format!(
            "{} endpoints written, {} failed, in {:.2} s ({:.0} endpoints/s){}",
            self.done,
            self.failed(),
            self.elapsed.as_secs_f64(),
            self.rate(),
            if self.cancelled { ", cancelled" } else { "" }
        )
    }

    /// Endpoints per second.
    pub fn rate(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.done as f64 / seconds
        } else {
            0.0
        }
    }
}

/// Where a run stands, for a progress bar or gauge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub finished: u64,
    pub failed: u64,
    pub total: u64,
}

fn fresh_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The batch items of batch number `batch`.
pub fn batch_items(plan: &Plan, batch: u64) -> Vec<EndpointBatchItem> {
    let start = batch * BATCH_SIZE;
    let end = (start + BATCH_SIZE).min(plan.count);
    let mut uuid = fresh_uuid;
    (start..end)
        .map(|i| {
            let form = plan.item(i, &mut uuid);
            let id = form.endpoint_id.clone().unwrap_or_default();
            EndpointBatchItem::from_parts(id, form.to_endpoint_request())
        })
        .collect()
}

/// Sends one UpdateEndpointsBatch request, backing off and retrying while it is throttled;
/// returns how many requests it took.
pub async fn send_batch(client: &Client, items: &[EndpointBatchItem]) -> Result<u64, CallError> {
    let mut delay = Duration::from_millis(200);
    let mut requests = 0;
    for attempt in 0..=THROTTLE_RETRIES {
        requests += 1;
        match client.update_endpoints_batch(items).await {
            Ok(_) => return Ok(requests),
            Err(e) if e.kind() == ErrorKind::TooManyRequests && attempt < THROTTLE_RETRIES => {
                tracing::info!(attempt, "throttled; backing off {delay:?}");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(10));
            }
            Err(e) => return Err(e),
        }
    }
    unreachable!("the last attempt returns")
}

/// Sends items that may each be refused (an import's): as one batch, and when the service
/// refuses the batch for what it holds (400), each item on its own, so that the refused
/// ones are known and the others land. Returns each item's answer and the requests sent.
pub async fn send_each(
    client: &Client,
    items: &[EndpointBatchItem],
) -> (Vec<Result<(), CallError>>, u64) {
    match send_batch(client, items).await {
        Ok(requests) => (items.iter().map(|_| Ok(())).collect(), requests),
        Err(e) if e.kind() == ErrorKind::BadRequest && items.len() > 1 => {
            let mut requests = 1;
            let mut answers = Vec::with_capacity(items.len());
            for item in items {
                let one = send_batch(client, std::slice::from_ref(item)).await;
                requests += one.as_ref().map_or(1, |n| *n);
                answers.push(one.map(|_| ()));
            }
            (answers, requests)
        }
        Err(e) => (items.iter().map(|_| Err(e.clone())).collect(), 1),
    }
}

/// Runs `job` for each of `0..jobs`, `concurrency` of them at a time; a job not started
/// when `cancel` is set is skipped and the report says the run was cancelled. `tally` adds
/// each job's answer to the report, and `progress` hears after each one, out of `total`.
async fn run<T, Job: Future<Output = T>>(
    jobs: u64,
    total: u64,
    concurrency: usize,
    cancel: &AtomicBool,
    job: impl Fn(u64) -> Job,
    mut tally: impl FnMut(&mut Report, T),
    mut progress: impl FnMut(Progress),
) -> Report {
    let started = Instant::now();
    let mut report = Report::default();
    let job = &job;
    let mut results = futures::stream::iter(0..jobs)
        .map(|i| async move {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            Some(job(i).await)
        })
        .buffer_unordered(concurrency.max(1));
    while let Some(outcome) = results.next().await {
        let Some(answer) = outcome else {
            report.cancelled = true;
            continue;
        };
        tally(&mut report, answer);
        progress(Progress {
            finished: report.done + report.missing + report.failed(),
            failed: report.failed(),
            total,
        });
    }
    report.elapsed = started.elapsed();
    report
}

/// Sends every item of the plan. `concurrency` requests are in flight at most.
pub async fn create(
    client: &Client,
    plan: &Plan,
    concurrency: usize,
    cancel: Arc<AtomicBool>,
    progress: impl FnMut(Progress),
) -> Report {
    run(
        plan.count.div_ceil(BATCH_SIZE),
        plan.count,
        concurrency,
        &cancel,
        |batch| async move {
            let items = batch_items(plan, batch);
            let result = send_batch(client, &items).await;
            (items, result)
        },
        |report, (items, result)| {
            let count = items.len() as u64;
            match result {
                Ok(requests) => {
                    report.done += count;
                    report.requests += requests;
                }
                Err(e) => {
                    report.requests += 1;
                    report.failures.push(Failure {
                        first: items.first().and_then(|i| i.id.clone()).unwrap_or_default(),
                        last: items.last().and_then(|i| i.id.clone()).unwrap_or_default(),
                        count,
                        reason: e.to_string(),
                    });
                }
            }
        },
        progress,
    )
    .await
}

/// Deletes the endpoints `template` names for `start..start+count` (DeleteEndpoint each).
pub async fn delete(
    client: &Client,
    template: &Template,
    start: u64,
    count: u64,
    concurrency: usize,
    cancel: Arc<AtomicBool>,
    progress: impl FnMut(Progress),
) -> Report {
    run(
        count,
        count,
        concurrency,
        &cancel,
        |i| async move {
            let id = template.expand(start + i, &mut fresh_uuid);
            let result = client.delete_endpoint(&id).await;
            (id, result)
        },
        |report, (id, result)| {
            report.requests += 1;
            match result {
                Ok(_) => report.done += 1,
                Err(e) if e.kind() == ErrorKind::NotFound => report.missing += 1,
                Err(e) => report.failures.push(Failure {
                    first: id.clone(),
                    last: id,
                    count: 1,
                    reason: e.to_string(),
                }),
            }
        },
        progress,
    )
    .await
}
