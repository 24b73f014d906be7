//! `segments list|show|create` and `match`: the application's segments, and whether a test
//! user falls into them (with the criteria tree that says why).

use anyhow::Context;
use serde::Serialize;

use crate::model::segment::{SegmentMatch, match_all};
use crate::model::wire::WriteSegmentRequest;
use crate::store::paths::Paths;

use super::remote::{print_json, with_client};
use super::{GlobalArgs, source};

/// `segments list`: GetSegments, every page, as {"Item": [...]}.
pub fn list(paths: &Paths, global: &GlobalArgs) -> anyhow::Result<u8> {
    with_client(paths, global, async |client| {
        print_json(&client.get_segments().await?.value);
        Ok(0)
    })
}

/// `segments show ID`: GetSegment -> SegmentResponse.
pub fn show(paths: &Paths, global: &GlobalArgs, id: &str) -> anyhow::Result<u8> {
    with_client(paths, global, async |client| {
        print_json(&client.get_segment(id).await?.value);
        Ok(0)
    })
}

/// Reads a WriteSegmentRequest JSON file (the body of CreateSegment).
pub fn read_request(file: &str) -> anyhow::Result<WriteSegmentRequest> {
    let text = std::fs::read_to_string(file).with_context(|| file.to_string())?;
    let request: WriteSegmentRequest = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{file}:{}", crate::model::import::ImportError::from(e)))?;
    if request.dimensions.is_some() && request.segment_groups.is_some() {
        anyhow::bail!("{file}: a segment has either Dimensions or SegmentGroups, not both");
    }
    Ok(request)
}

/// `segments create FILE`: CreateSegment -> SegmentResponse.
pub fn create(paths: &Paths, global: &GlobalArgs, file: &str) -> anyhow::Result<u8> {
    let request = read_request(file)?;
    with_client(paths, global, async |client| {
        print_json(&client.create_segment(&request).await?.value);
        Ok(0)
    })
}

/// What `match` prints.
#[derive(Debug, Serialize)]
struct MatchReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint_id: Option<String>,
    results: Vec<SegmentMatch>,
}

/// `match SOURCE [--segment ID]` or `match --endpoint ID`: every segment's answer (or one's)
/// for the test user, with the criteria trees. Exits 0 whatever the answers.
pub fn run(
    paths: &Paths,
    global: &GlobalArgs,
    source: Option<&str>,
    endpoint: Option<&str>,
    segment: Option<&str>,
) -> anyhow::Result<u8> {
    let local = source.map(|s| source::load(paths, s)).transpose()?;
    with_client(paths, global, async |client| {
        let form = match (local, endpoint) {
            (Some((form, _)), _) => form,
            (None, Some(id)) => crate::model::UserInfo::from_endpoint_response(
                &client.get_endpoint(id).await?.value,
            ),
            (None, None) => anyhow::bail!("name a SOURCE, or --endpoint ID"),
        };
        let segments = client.get_segments().await?.value.item;
        if let Some(id) = segment
            && !segments.iter().any(|s| s.id == id)
        {
            anyhow::bail!(
                "NotFoundException: no segment `{id}` in application {}",
                client.target().application_id
            );
        }
        let mut results = match_all(&segments, &form);
        if let Some(id) = segment {
            results.retain(|r| r.segment_id == id);
        }
        print_json(&MatchReport {
            endpoint_id: form.endpoint_id.clone(),
            results,
        });
        Ok(0)
    })
}
