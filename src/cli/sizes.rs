//! `segments count SEGMENT` and `segments members SEGMENT`: how many stored endpoints a
//! segment holds and which, decided by the engine `match` uses over the sandbox's database
//! (Pinpoint has no operation that lists a segment's endpoints); and the target check and
//! segment lookup that `export` shares with them.

use std::ops::ControlFlow;
use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use crate::model::labelled;
use crate::model::segment::Verdict;
use crate::model::wire::SegmentResponse;
use crate::pinpoint::target::ResolvedTarget;
use crate::pinpoint::{AwsEnv, target};
use crate::sandbox::error::ApiError;
use crate::sandbox::store::Store;
use crate::sandbox::{Database, Sandbox};
use crate::store::config::{Config, TargetKind};
use crate::store::paths::Paths;

use super::GlobalArgs;
use super::render::{table, whole};

/// The target of a command that reads the sandbox's database (`command` names it in the
/// refusal): a sandbox target without endpoint_url; any other is refused with the reason.
pub fn database_target(
    paths: &Paths,
    global: &GlobalArgs,
    command: &str,
) -> anyhow::Result<ResolvedTarget> {
    let config = Config::load(paths)?;
    let target = target::resolve(&config, &global.into(), &AwsEnv::from_process(), paths)?;
    match (target.kind, &target.endpoint_url) {
        (TargetKind::Sandbox, None) => Ok(target),
        (TargetKind::Sandbox, Some(url)) => anyhow::bail!(
            "{command} reads the sandbox's database, and target `{}` reaches a sandbox at {url}: use a sandbox target without endpoint_url (its `db` names the database file)",
            target.name
        ),
        (TargetKind::Aws, _) => anyhow::bail!(
            "{command} reads the sandbox's database; target `{}` is an aws target, and Pinpoint has no operation that lists an application's endpoints (its export jobs wrote them to S3)",
            target.name
        ),
    }
}

/// The application's segments and the id of the one `key` names (an id or a name).
pub fn find_segment(
    store: &Store,
    app: &str,
    key: &str,
) -> anyhow::Result<(Vec<SegmentResponse>, String)> {
    let segments = store.list_segments(app).map_err(|e| {
        anyhow::anyhow!(
            "GetSegments in application {app}: {}: {}",
            e.kind.name(),
            e.message
        )
    })?;
    let id = super::lookup::resolve(&segments, key, app)?.id.clone();
    Ok((segments, id))
}

/// The segment a command is about, found in the target's database.
struct Found {
    command: &'static str,
    sandbox: Arc<Sandbox>,
    app: String,
    /// The application's segments.
    segments: Vec<SegmentResponse>,
    id: String,
}

impl Found {
    /// Opens the database of the target and finds the segment `key` names.
    fn open(
        paths: &Paths,
        global: &GlobalArgs,
        command: &'static str,
        key: &str,
    ) -> anyhow::Result<Found> {
        let target = database_target(paths, global, command)?;
        let app = target.application_id.clone();
        let sandbox = Sandbox::open(&Database::File(target.db.clone()))?;
        let (segments, id) = find_segment(&sandbox.writer(), &app, key)?;
        Ok(Found {
            command,
            sandbox,
            app,
            segments,
            id,
        })
    }

    /// Runs `read` with the store and the time now; its error names the command, the
    /// segment and the application.
    fn read<T>(
        &self,
        read: impl FnOnce(&Store, OffsetDateTime) -> Result<T, ApiError>,
    ) -> anyhow::Result<T> {
        read(&self.sandbox.writer(), OffsetDateTime::now_utc()).map_err(|e| {
            anyhow::anyhow!(
                "{} of segment {} in application {}: {}: {}",
                self.command,
                self.id,
                self.app,
                e.kind.name(),
                e.message
            )
        })
    }
}

/// What `segments count` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Count {
    segment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    /// Stored endpoints in the segment.
    endpoints: u64,
    /// Stored endpoints of which the segment cannot tell.
    cannot_tell: u64,
    /// Stored endpoints of the application.
    read: u64,
}

/// `segments count SEGMENT`.
pub fn count(paths: &Paths, global: &GlobalArgs, key: &str) -> anyhow::Result<u8> {
    let output = global.output();
    let found = Found::open(paths, global, "segments count", key)?;
    let (app, id) = (&found.app, found.id.as_str());
    let (read, sizes) =
        found.read(|store, now| store.segment_sizes(app, &found.segments, &[id], now))?;
    let name = found
        .segments
        .iter()
        .find(|s| s.id == id)
        .and_then(|s| s.name.clone());
    let count = Count {
        segment_id: id.to_string(),
        name,
        endpoints: sizes[0].matched,
        cannot_tell: sizes[0].cannot_tell,
        read,
    };
    output.show(&count, |c, _| {
        let unsure = match c.cannot_tell {
            0 => String::new(),
            n => format!(", {} cannot tell", crate::text::counted(n, "endpoint")),
        };
        crate::text::escape_all_controls(&format!(
            "{}: {} of {} stored{unsure}",
            labelled("segment", c.name.as_deref(), &c.segment_id),
            crate::text::counted(c.endpoints, "endpoint"),
            c.read,
        ))
        .into_owned()
    });
    Ok(0)
}

/// What `segments members` prints: a page of ids, as Pinpoint's list operations page.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Members {
    segment_id: String,
    item: Vec<String>,
    /// Where the next page starts (`--next-token`); absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// `segments members SEGMENT [--page-size N] [--next-token T]`: the ids of the stored
/// endpoints in the segment, in the order they were stored, `page_size` a page; the token
/// is the place of the last endpoint of the page before (the page starts after it).
pub fn members(
    paths: &Paths,
    global: &GlobalArgs,
    key: &str,
    page_size: usize,
    next_token: Option<&str>,
) -> anyhow::Result<u8> {
    let output = global.output();
    let after = next_token
        .map(|token| {
            token.parse::<crate::sandbox::store::Place>().map_err(|_| {
                super::usage(
                    &["segments", "members"],
                    format!(
                        "--next-token {}: not a NextToken that `segments members` printed",
                        crate::text::escape_all_controls(token)
                    ),
                )
            })
        })
        .transpose()?;
    let found = Found::open(paths, global, "segments members", key)?;
    let (app, id) = (&found.app, found.id.as_str());
    let mut item = Vec::new();
    let (mut last, mut more) = (None, false);
    found.read(|store, now| {
        store.decide_segments::<ApiError>(app, &found.segments, &[id], now, after, false, |d| {
            if d.verdicts[0] != Verdict::Match {
                return Ok(ControlFlow::Continue(()));
            }
            if item.len() == page_size {
                more = true;
                return Ok(ControlFlow::Break(()));
            }
            item.push(d.id.to_string());
            last = Some(d.at);
            Ok(ControlFlow::Continue(()))
        })
    })?;
    let members = Members {
        segment_id: id.to_string(),
        next_token: last.filter(|_| more).map(|at| at.to_string()),
        item,
    };
    output.show(&members, |m, width| {
        let rows = m.item.iter().map(|id| vec![id.clone()]).collect();
        let mut text = table(&[whole("ENDPOINT ID")], rows, width);
        if let Some(token) = &m.next_token {
            text.push_str(&format!(
                "\nmore: --next-token {}",
                crate::text::escape_all_controls(token)
            ));
        }
        text
    });
    Ok(0)
}
