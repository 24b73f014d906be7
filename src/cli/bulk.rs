//! `bulk SOURCE --count N` and `bulk delete`: many test users from one profile, sent with
//! UpdateEndpointsBatch, with a progress bar on a terminal and a summary at the end.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use indicatif::ProgressBar;

use crate::model::bulk::{Plan, Template};
use crate::pinpoint::bulk::{self, BATCH_SIZE, Progress, Report};
use crate::store::paths::Paths;
use crate::text::counted;

use super::remote::with_client;
use super::{BulkCreateArgs, BulkDeleteArgs, GlobalArgs, source};

/// How many items a dry run prints.
const DRY_RUN_ITEMS: u64 = 3;

fn template(text: &str) -> anyhow::Result<Template> {
    Template::parse(text).map_err(|e| anyhow::anyhow!(e))
}

/// Builds the plan from the command's options.
pub fn plan(paths: &Paths, args: &BulkCreateArgs) -> anyhow::Result<Plan> {
    let (Some(source), Some(count)) = (&args.source, args.count) else {
        anyhow::bail!("name a SOURCE and --count, or `bulk delete`");
    };
    let (base, _) = source::load(paths, source)?;
    args.plan.plan(base, count).map_err(anyhow::Error::msg)
}

fn progress_bar(total: u64, what: &str) -> ProgressBar {
    super::output::progress_bar(
        total,
        &format!("{{wide_bar}} {{pos}}/{{len}} {what} · {{rate}} · eta {{eta}} {{msg}}"),
    )
}

fn on_progress(bar: &ProgressBar) -> impl FnMut(Progress) + '_ {
    move |p| {
        bar.set_position(p.finished);
        if p.failed > 0 {
            bar.set_message(format!("({} failed)", p.failed));
        }
    }
}

/// Runs a bulk operation of `total` items (never cancelled) behind a progress bar counting
/// `unit`, then sums it up with `verb`.
async fn with_bar(
    total: u64,
    unit: &str,
    verb: &str,
    run: impl AsyncFnOnce(Arc<AtomicBool>, &mut dyn FnMut(Progress)) -> Report,
) -> u8 {
    let bar = progress_bar(total, unit);
    let report = run(Arc::new(AtomicBool::new(false)), &mut on_progress(&bar)).await;
    bar.finish_and_clear();
    summary(&report, verb)
}

fn summary(report: &Report, verb: &str) -> u8 {
    out!(
        "{verb} {} endpoints in {:.2} s ({:.0} endpoints/s, {} requests){}",
        report.done,
        report.elapsed.as_secs_f64(),
        report.rate(),
        report.requests,
        if report.cancelled {
            " before it was cancelled"
        } else {
            ""
        }
    );
    if report.missing > 0 {
        out!("{} endpoints were not there", report.missing);
    }
    if !report.failures.is_empty() {
        out!("failed {} endpoints:", report.failed());
        for f in &report.failures {
            out!("  {f}");
        }
    }
    u8::from(!report.failures.is_empty() || report.cancelled)
}

/// `bulk SOURCE --count N ...`.
pub fn create(paths: &Paths, global: &GlobalArgs, args: &BulkCreateArgs) -> anyhow::Result<u8> {
    let plan = plan(paths, args)?;
    // What the console's plan dialog shows: the errors, or every warning.
    let review = plan.review(20);
    if !review.problems.is_empty() {
        for p in &review.problems {
            super::say(&p.to_string());
        }
        eprintln!("nothing was sent: fix the errors above");
        return Ok(1);
    }
    for warning in &review.warnings {
        super::say(&format!("warning: {warning}"));
    }
    let requests = plan.count.div_ceil(BATCH_SIZE);
    if args.dry_run {
        let mut uuid = || uuid::Uuid::new_v4().to_string();
        for i in 0..plan.count.min(DRY_RUN_ITEMS) {
            let item = plan.item(i, &mut uuid);
            let id = item.endpoint_id.clone().unwrap_or_default();
            let body =
                crate::model::wire::EndpointBatchItem::from_parts(id, item.to_endpoint_request());
            out!(
                "{}",
                serde_json::to_string(&body).expect("wire types always serialize")
            );
        }
        let mut uuid = || "<uuid>".to_string();
        let last = plan
            .item(plan.count - 1, &mut uuid)
            .endpoint_id
            .unwrap_or_default();
        let first = plan.item(0, &mut uuid).endpoint_id.unwrap_or_default();
        let ids = if plan.count == 1 {
            first
        } else {
            format!("{first} .. {last}")
        };
        out!(
            "dry run: would send {} ({ids}) in {} of up to {BATCH_SIZE}; nothing was sent",
            counted(plan.count, "endpoint"),
            counted(requests, "UpdateEndpointsBatch request"),
        );
        return Ok(0);
    }
    with_client(paths, global, async |client| {
        client.ensure_writable("UpdateEndpointsBatch")?;
        let concurrency = usize::from(args.concurrency);
        let run = async |cancel, progress: &mut dyn FnMut(Progress)| {
            bulk::create(client, &plan, concurrency, cancel, progress).await
        };
        Ok(with_bar(plan.count, "endpoints", "created or updated", run).await)
    })
}

/// `bulk delete --endpoint-id T --count N`.
pub fn delete(paths: &Paths, global: &GlobalArgs, args: &BulkDeleteArgs) -> anyhow::Result<u8> {
    let template = template(&args.endpoint_id)?;
    if args.start.checked_add(args.count).is_none() {
        anyhow::bail!(
            "--start {} leaves no room for {} numbers",
            args.start,
            args.count
        );
    }
    if args.count > 1 && !template.is_unique() {
        anyhow::bail!("`{template}` names one endpoint; add {{n}}");
    }
    with_client(paths, global, async |client| {
        client.ensure_writable("DeleteEndpoint")?;
        let concurrency = usize::from(args.concurrency);
        let run = async |cancel, progress: &mut dyn FnMut(Progress)| {
            bulk::delete(
                client,
                &template,
                args.start,
                args.count,
                concurrency,
                cancel,
                progress,
            )
            .await
        };
        Ok(with_bar(args.count, "deleted", "deleted", run).await)
    })
}
