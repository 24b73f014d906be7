//! Loads what the in-app decisions (`model::inapp`) read from a target: the application's
//! campaigns and segments, the in-app templates (each active version, then every version a
//! campaign names) and the segment versions campaigns name when they are not the current
//! one. A template or segment version that is not there is left out (the decision then
//! says so); the console takes any other failure of those calls, or of the template list,
//! as a note, and the command line as an error.

use std::collections::HashSet;
use std::time::Instant;

use futures::{StreamExt, stream};

use super::{CallError, Client, ErrorKind, Outcome};
use crate::model::inapp::{Library, has_in_app_content, named_templates};
use crate::model::wire::{CampaignResponse, InAppTemplateResponse, SegmentResponse};

/// Template and segment-version requests in flight at once.
const CONCURRENCY: usize = 8;

/// The application's segments and what the in-app decisions read besides them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    pub segments: Vec<SegmentResponse>,
    pub library: Library,
    /// What could not be loaded but did not stop the rest (`ListTemplates failed: ...`).
    pub notes: Vec<String>,
}

/// The templates and segment versions campaigns take, and the calls for them that failed
/// other than with NotFoundException.
#[derive(Debug, Default)]
pub struct Named {
    /// For each name the active version first, then the versions named.
    pub templates: Vec<InAppTemplateResponse>,
    pub segment_versions: Vec<SegmentResponse>,
    pub failures: Vec<CallError>,
}

fn missing(e: &CallError) -> bool {
    e.kind() == ErrorKind::NotFound
}

/// Each answer in order; a resource the service does not have is left out, another failure
/// is kept in `failures`.
async fn fetch_each<K, T, F, Fut>(keys: Vec<K>, failures: &mut Vec<CallError>, call: F) -> Vec<T>
where
    F: FnMut(K) -> Fut,
    Fut: Future<Output = Result<Outcome<T>, CallError>>,
{
    let answers: Vec<Result<Outcome<T>, CallError>> = stream::iter(keys)
        .map(call)
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let mut found = Vec::new();
    for answer in answers {
        match answer {
            Ok(outcome) => found.push(outcome.value),
            Err(e) if missing(&e) => {}
            Err(e) => failures.push(e),
        }
    }
    found
}

/// GetInAppTemplate for the active version of each template in `listed` and of each one
/// an in-app campaign (or one of its treatments) names, then for each version named;
/// GetSegmentVersion for each segment version an in-app campaign names that is not the
/// current one of `segments`.
pub async fn named(
    client: &Client,
    campaigns: &[CampaignResponse],
    segments: &[SegmentResponse],
    listed: &[String],
) -> Named {
    let in_app: Vec<&CampaignResponse> =
        campaigns.iter().filter(|c| has_in_app_content(c)).collect();
    let named: Vec<(&str, Option<&str>)> = in_app.iter().flat_map(|c| named_templates(c)).collect();
    // The active versions first: a campaign that names no version takes the first by name.
    let mut wanted: Vec<(String, Option<String>)> = listed
        .iter()
        .map(|name| (name.clone(), None))
        .chain(named.iter().map(|(name, _)| (name.to_string(), None)))
        .chain(
            named
                .iter()
                .filter_map(|&(name, v)| Some((name.to_string(), Some(v?.to_string())))),
        )
        .collect();
    let mut seen = HashSet::new();
    wanted.retain(|w| seen.insert(w.clone()));
    let mut versions: Vec<(String, i64)> = in_app
        .iter()
        .filter(|c| c.segment_version >= 1)
        .filter(|c| {
            segments
                .iter()
                .find(|s| s.id == c.segment_id)
                .is_some_and(|s| s.version.is_some_and(|v| v != c.segment_version))
        })
        .map(|c| (c.segment_id.clone(), c.segment_version))
        .collect();
    versions.sort();
    versions.dedup();
    let mut failures = Vec::new();
    let templates = fetch_each(wanted, &mut failures, |(name, version)| async move {
        client.get_in_app_template(&name, version.as_deref()).await
    })
    .await;
    let segment_versions = fetch_each(versions, &mut failures, |(id, version)| async move {
        client.get_segment_version(&id, version).await
    })
    .await;
    Named {
        templates,
        segment_versions,
        failures,
    }
}

/// GetCampaigns and GetSegments (both needed), ListTemplates (INAPP), then [`named`] over
/// every template listed. The request id is GetCampaigns'; the latency is the whole load's.
pub async fn load(client: &Client) -> Result<Outcome<Loaded>, CallError> {
    let start = Instant::now();
    let campaigns = client.get_campaigns().await?;
    let request_id = campaigns.request_id;
    let campaigns = campaigns.value.item;
    let segments = client.get_segments().await?.value.item;
    let mut notes = Vec::new();
    let listed: Vec<String> = match client.list_templates(None, Some("INAPP")).await {
        Ok(list) => list
            .value
            .item
            .into_iter()
            .filter(|t| t.template_type == "INAPP")
            .map(|t| t.template_name)
            .collect(),
        Err(e) => {
            notes.push(e.to_string());
            Vec::new()
        }
    };
    let named = named(client, &campaigns, &segments, &listed).await;
    notes.extend(named.failures.iter().map(ToString::to_string));
    Ok(Outcome {
        value: Loaded {
            segments,
            library: Library {
                campaigns,
                templates: named.templates,
                segment_versions: named.segment_versions,
            },
            notes,
        },
        request_id,
        latency: start.elapsed(),
    })
}
