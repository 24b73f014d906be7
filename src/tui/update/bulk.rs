//! A bulk run from the profile picker: the prompt read as the `bulk` command's words, the
//! plan shown before anything is written (what, where, every warning, the endpoints already
//! stored that it would make INACTIVE), then the run's dialog.

use crate::model::bulk::{Plan, Review};
use crate::pinpoint::bulk::Report;

use super::super::message::PLAN_PROBLEMS;
use super::*;

/// Reads the bulk prompt (`COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]]` and the options
/// of the `bulk` command: `--address`, `--start`, `--vary`) and opens the plan: the profile
/// is read and every item checked on a task; nothing is written before `y`.
pub(super) fn start_bulk(
    app: &mut App,
    profile: &str,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), String> {
    let (count, options) = crate::args::BulkPrompt::parse_text(text)?;
    if app.read_only() {
        return Err("the target is read-only: bulk writes are unavailable".into());
    }
    if app.connection().is_none() {
        return Err("not connected to a target yet".into());
    }
    let id = app.next_call_id();
    let bulk = BulkPlan {
        id,
        profile: profile.to_string(),
        count,
        text: text.to_string(),
        planned: Planning::Waiting,
        stored: Lookup::Unasked,
    };
    app.dialog = Some(Dialog::confirm(
        &format!("Bulk from profile `{profile}`"),
        Vec::new(),
        &format!("write {count} endpoints"),
        Pending::Bulk(Box::new(bulk)),
    ));
    refresh_plan(app);
    fx.push(Effect::PlanBulk {
        id,
        profile: profile.to_string(),
        count,
        options,
    });
    Ok(())
}

/// The plan being shown, if its dialog is open (or covered by the quit question) and `id`
/// is its.
fn plan_dialog(app: &mut App, id: u64) -> Option<&mut BulkPlan> {
    [&mut app.dialog, &mut app.stashed_dialog]
        .into_iter()
        .find_map(|d| match d {
            Some(Dialog::Confirm(Question {
                pending: Pending::Bulk(bulk),
                ..
            })) if bulk.id == id => Some(&mut **bulk),
            _ => None,
        })
}

/// The plan and its review arrived: show them, and look for the endpoints already stored
/// that it would make INACTIVE.
pub(super) fn on_bulk_planned(
    app: &mut App,
    id: u64,
    result: Result<(Plan, Review), String>,
    fx: &mut Vec<Effect>,
) {
    let Some(bulk) = plan_dialog(app, id) else {
        return; // closed since
    };
    match result {
        Ok((plan, review)) => {
            if !review.problems.is_empty() {
                bulk.stored = Lookup::Unasked;
            } else if plan.address_use().addressed == 0 {
                bulk.stored = Lookup::NotNeeded;
            } else {
                let (endpoint_id, user_id) = candidates(&plan);
                if endpoint_id.is_none() && user_id.is_none() {
                    bulk.stored = Lookup::Found(Vec::new());
                } else {
                    bulk.stored = Lookup::Checking;
                    fx.push(Effect::FindDisplaced {
                        id,
                        endpoint_id,
                        user_id,
                        plan: Box::new(plan.clone()),
                    });
                }
            }
            bulk.planned = Planning::Ready { plan, review };
        }
        Err(e) => bulk.planned = Planning::Failed(e),
    }
    refresh_plan(app);
}

/// The endpoints already stored that the plan would make INACTIVE, or why they could not
/// be looked up.
pub(super) fn on_bulk_stored(
    app: &mut App,
    id: u64,
    result: Result<Vec<EndpointResponse>, String>,
) {
    let Some(bulk) = plan_dialog(app, id) else {
        return;
    };
    bulk.stored = match result {
        Ok(found) => Lookup::Found(found),
        Err(e) => Lookup::Failed(e),
    };
    refresh_plan(app);
}

/// The endpoints that may already hold the plan's addresses and can be asked for: the
/// profile's own endpoint id and its user id (Pinpoint has no lookup by address).
fn candidates(plan: &Plan) -> (Option<String>, Option<String>) {
    let some = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    (some(&plan.base.endpoint_id), some(&plan.base.user_id))
}

/// Words the open plan dialog afresh, and holds `y` back until the plan is known, has no
/// errors and the stored endpoints have been looked up.
fn refresh_plan(app: &mut App) {
    let target = target_words(app, "to");
    // The plan may wait under the quit question: it is worded there too.
    for dialog in [&mut app.dialog, &mut app.stashed_dialog] {
        if let Some(Dialog::Confirm(Question {
            lines,
            pending: Pending::Bulk(bulk),
            hold,
            ..
        })) = dialog
        {
            (*lines, *hold) = plan_lines(bulk, &target);
        }
    }
}

/// The plan dialog's lines, and why `y` waits, if it does.
fn plan_lines(bulk: &BulkPlan, target: &str) -> (Vec<String>, Option<String>) {
    let (plan, review) = match &bulk.planned {
        Planning::Waiting => {
            return (
                vec![format!(
                    "Reading profile `{}` and checking every one of the {} endpoints before anything is sent…",
                    bulk.profile, bulk.count
                )],
                Some("checking the plan…".into()),
            );
        }
        Planning::Failed(e) => {
            return (
                vec![format!(
                    "The plan cannot be made from profile `{}`: {e}",
                    bulk.profile
                )],
                Some("nothing can be sent".into()),
            );
        }
        Planning::Ready { plan, review } => (plan, review),
    };
    let mut uuid = || "<uuid>".to_string();
    let first = plan.item(0, &mut uuid);
    // A start that leaves no room for the count is one of the errors listed below.
    let last = match plan.start.checked_add(plan.count) {
        Some(_) => plan.item(plan.count - 1, &mut uuid),
        None => first.clone(),
    };
    let range = |a: &Option<String>, b: &Option<String>| {
        let (a, b) = (a.clone().unwrap_or_default(), b.clone().unwrap_or_default());
        if plan.count == 1 || a == b {
            a
        } else {
            format!("{a} .. {b}")
        }
    };
    let mut lines = vec![
        format!(
            "Write {} endpoints {target} (UpdateEndpointsBatch, up to 100 a request):",
            plan.count
        ),
        format!(
            "  endpoint ids  {}",
            range(&first.endpoint_id, &last.endpoint_id)
        ),
    ];
    if plan.user_id.is_some() {
        lines.push(format!(
            "  user ids      {}",
            range(&first.user_id, &last.user_id)
        ));
    }
    let addresses = plan.address_use();
    lines.push(match addresses.distinct {
        0 => "  addresses     none".to_string(),
        1 => format!(
            "  addresses     {}{}",
            first.address.clone().unwrap_or_default(),
            if addresses.addressed > 1 {
                " (one for all)"
            } else {
                ""
            }
        ),
        n => format!(
            "  addresses     {} different: {}",
            n,
            range(&first.address, &last.address)
        ),
    });
    if !review.problems.is_empty() {
        lines.push(String::new());
        lines.push(match review.problems.len() {
            n if n >= PLAN_PROBLEMS => {
                format!("The first {n} errors; nothing is sent while there are any:")
            }
            _ => "Errors; nothing is sent while there are any:".to_string(),
        });
        lines.extend(review.problems.iter().map(|p| format!("  {p}")));
    }
    if !review.warnings.is_empty() {
        lines.push(String::new());
        lines.extend(review.warnings.iter().map(|w| format!("warning: {w}")));
    }
    let (endpoint_id, user_id) = candidates(plan);
    let asked = [
        endpoint_id.map(|id| format!("endpoint `{id}`")),
        user_id.map(|id| format!("the endpoints of user `{id}`")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" and ");
    let elsewhere = "Pinpoint cannot search by address: any other endpoint of the application with one of these addresses would become INACTIVE too.";
    let looked_at = if asked.is_empty() {
        format!(
            "The profile has no endpoint id or user id to look stored endpoints up by. {elsewhere}"
        )
    } else {
        format!("Looked at: {asked}. {elsewhere}")
    };
    let mut hold = None;
    match &bulk.stored {
        Lookup::Unasked => hold = Some("fix the errors first".to_string()),
        Lookup::NotNeeded => {
            lines.push(String::new());
            lines.push("No endpoint gets an address, so none becomes INACTIVE.".into());
        }
        Lookup::Checking => {
            lines.push(String::new());
            lines.push(format!(
                "Checking {asked} for endpoints this run would make INACTIVE…"
            ));
            lines.push(elsewhere.into());
            hold = Some("checking the stored endpoints…".into());
        }
        Lookup::Failed(e) => {
            lines.push(String::new());
            lines.push(format!("The stored endpoints could not be checked: {e}"));
            lines.push(looked_at);
        }
        Lookup::Found(found) if found.is_empty() => {
            lines.push(String::new());
            lines.push("No stored endpoint looked at has an address this run writes.".into());
            lines.push(looked_at);
        }
        Lookup::Found(found) => {
            lines.push(String::new());
            lines.push(
                "These stored endpoints have an address this run writes and would become INACTIVE:"
                    .into(),
            );
            lines.extend(found.iter().map(|e| {
                let status = match e.endpoint_status.as_deref() {
                    Some("INACTIVE") => " (INACTIVE already)",
                    _ => "",
                };
                format!(
                    "  {}  {}  user {}{status}",
                    e.id.as_deref().unwrap_or_default(),
                    e.channel_type.as_deref().unwrap_or("-"),
                    e.user
                        .as_ref()
                        .and_then(|u| u.user_id.as_deref())
                        .unwrap_or("-"),
                )
            }));
            lines.push(looked_at);
        }
    }
    (lines, hold)
}

/// `y` on the plan: the run starts, with its progress gauge.
pub(super) fn run_bulk(app: &mut App, bulk: BulkPlan, fx: &mut Vec<Effect>) {
    let Planning::Ready { plan, .. } = bulk.planned else {
        return;
    };
    app.dialog = Some(Dialog::Bulk(BulkRun {
        profile: bulk.profile.clone(),
        progress: Progress {
            finished: 0,
            failed: 0,
            total: plan.count,
        },
        report: None,
        cancelling: false,
    }));
    fx.push(Effect::Bulk {
        plan: Box::new(plan),
    });
}

/// n or esc on the plan: back to the prompt, with what was typed.
pub(super) fn back_to_prompt(app: &mut App, bulk: &BulkPlan) {
    reopen_prompt(
        app,
        PromptKind::Bulk {
            profile: bulk.profile.clone(),
        },
        &bulk.text,
    );
}

/// The run ended: the summary, and every failure behind the show-message key.
pub(super) fn on_bulk_done(app: &mut App, report: Report) {
    let text = format!("bulk: {}", report.summary());
    let tone = if report.failed() > 0 || report.cancelled {
        Tone::Warning
    } else {
        Tone::Success
    };
    if report.failures.is_empty() {
        app.set_status(tone, text);
    } else {
        let lines = report.failures.iter().map(ToString::to_string).collect();
        let details = Details {
            title: format!("Bulk: {} endpoints failed", report.failed()),
            lines,
        };
        app.set_status_details(tone, text, details);
    }
    if let Some(run) = bulk_run(app) {
        run.report = Some(report);
    }
}

/// The bulk run's dialog, open or covered by the quit question.
pub(super) fn bulk_run(app: &mut App) -> Option<&mut BulkRun> {
    [&mut app.dialog, &mut app.stashed_dialog]
        .into_iter()
        .find_map(|d| match d {
            Some(Dialog::Bulk(run)) => Some(run),
            _ => None,
        })
}
