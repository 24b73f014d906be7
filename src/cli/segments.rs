//! `segments list|show|create` and `match`: the application's segments, and whether a test
//! user falls into them (with the criteria tree that says why).

use serde::Serialize;

use crate::model::segment::{SegmentMatch, match_all_with};
use crate::model::wire::{SegmentResponse, WriteSegmentRequest};
use crate::pinpoint::Client;
use crate::store::paths::Paths;

use super::lookup::{self, resolve};
use super::remote::{self, with_client};
use super::{GlobalArgs, files, render, source};

/// `segments list`: GetSegments, every page, as {"Item": [...]} or a table.
pub fn list(paths: &Paths, global: &GlobalArgs) -> anyhow::Result<u8> {
    remote::show(
        paths,
        global,
        async |client| Ok(client.get_segments().await?.value),
        render::segments_table,
    )
}

/// `segments show SEGMENT`: GetSegment -> SegmentResponse (JSON or a key/value block).
/// SEGMENT is an id or a name.
pub fn show(paths: &Paths, global: &GlobalArgs, segment: &str) -> anyhow::Result<u8> {
    remote::show_block(paths, global, async |client| {
        get_by_id_or_name(client, segment).await
    })
}

/// GetSegment on `key` as an id; when no segment has that id, the one named `key`.
async fn get_by_id_or_name(client: &Client, key: &str) -> anyhow::Result<SegmentResponse> {
    let get = async |id: &str| Ok(client.get_segment(id).await?.value);
    let list = async || Ok(client.get_segments().await?.value.item);
    lookup::fetch(client, key, get, list).await
}

/// Reads a WriteSegmentRequest JSON file (the body of CreateSegment).
fn read_request(file: &str) -> anyhow::Result<WriteSegmentRequest> {
    let request: WriteSegmentRequest = files::read_json(file)?;
    if request.dimensions.is_some() && request.segment_groups.is_some() {
        anyhow::bail!("{file}: a segment has either Dimensions or SegmentGroups, not both");
    }
    Ok(request)
}

/// `segments create FILE...`: CreateSegment for each file, in order. A file that cannot be
/// read or is refused is reported on stderr (naming the file) and the others are still
/// created; exit 1 if any failed. JSON: each created SegmentResponse in turn; table: one line
/// per file.
pub fn create(paths: &Paths, global: &GlobalArgs, files: &[String]) -> anyhow::Result<u8> {
    let create = async |client: &Client, request: &WriteSegmentRequest| {
        Ok(client.create_segment(request).await?.value)
    };
    files::create_named(paths, global, files, read_request, create, |s| {
        (&s.id, &s.name)
    })
}

/// What `match` prints.
#[derive(Debug, Serialize)]
struct MatchReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint_id: Option<String>,
    results: Vec<SegmentMatch>,
}

/// `match SOURCE [--segment SEGMENT]` or `match --endpoint ID`: every segment's answer (or
/// one's, named by its id or its name) for the test user, with the criteria trees. Exits 0
/// whatever the answers.
pub fn run(
    paths: &Paths,
    global: &GlobalArgs,
    source: Option<&str>,
    endpoint: Option<&str>,
    segment: Option<&str>,
) -> anyhow::Result<u8> {
    let local = source.map(|s| source::load(paths, s)).transpose()?;
    let output = global.output();
    with_client(paths, global, async |client| {
        let (form, activity) = match (local, endpoint) {
            (Some((form, _)), _) => (form, None),
            (None, Some(id)) => {
                let (fetched, activity) = client.get_endpoint_with_activity(id).await?;
                (
                    crate::model::UserInfo::from_endpoint_response(&fetched.value),
                    activity,
                )
            }
            (None, None) => anyhow::bail!("name a SOURCE, or --endpoint ID"),
        };
        let segments = client.get_segments().await?.value.item;
        let application = &client.target().application_id;
        let only = match segment {
            Some(key) => Some(resolve(&segments, key, application)?.id.clone()),
            None => None,
        };
        let mut results = match_all_with(&segments, &form, activity);
        if let Some(id) = only {
            results.retain(|r| r.segment_id == id);
        }
        let report = MatchReport {
            endpoint_id: form.endpoint_id.clone(),
            results,
        };
        output.show(&report, |r, width| {
            render::match_tree(r.endpoint_id.as_deref(), &r.results, width)
        });
        Ok(0)
    })
}
