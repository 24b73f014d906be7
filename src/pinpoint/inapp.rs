//! Loads what the in-app decisions (`model::inapp`) read from a target: the application's
//! campaigns and segments, the in-app templates (each active version, then every version a
//! campaign names) and the segment versions campaigns name when they are not the current
//! one. A template or segment version that is not there is left out (the decision then
//! says so); a template list the target cannot give is a note, not a failure.

use std::time::Instant;

use futures::{StreamExt, stream};

use super::{CallError, Client, Outcome};
use crate::model::inapp::{Library, has_in_app_content, named_templates};
use crate::model::wire::{InAppTemplateResponse, SegmentResponse};

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

fn missing(e: &CallError) -> bool {
    e.code == "NotFoundException"
}

/// GetCampaigns and GetSegments (both needed), ListTemplates (INAPP) and GetInAppTemplate
/// for each template listed or named, GetSegmentVersion for each older version named. The
/// request id is GetCampaigns'; the latency is the whole load's.
pub async fn load(client: &Client) -> Result<Outcome<Loaded>, CallError> {
    let start = Instant::now();
    let campaigns = client.get_campaigns().await?;
    let request_id = campaigns.request_id;
    let campaigns = campaigns.value.item;
    let segments = client.get_segments().await?.value.item;
    let mut notes = Vec::new();
    // The active version of every in-app template, then the versions campaigns name.
    let mut wanted: Vec<(String, Option<String>)> = Vec::new();
    match client.list_templates(None, Some("INAPP")).await {
        Ok(list) => wanted.extend(
            list.value
                .item
                .into_iter()
                .filter(|t| t.template_type == "INAPP")
                .map(|t| (t.template_name, None)),
        ),
        Err(e) => notes.push(e.to_string()),
    }
    for campaign in campaigns.iter().filter(|c| has_in_app_content(c)) {
        for (name, version) in named_templates(campaign) {
            wanted.push((name.to_string(), version.map(str::to_string)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    wanted.retain(|w| seen.insert(w.clone()));
    let fetched: Vec<Result<Outcome<InAppTemplateResponse>, CallError>> = stream::iter(wanted)
        .map(|(name, version)| async move {
            client.get_in_app_template(&name, version.as_deref()).await
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let mut templates = Vec::new();
    for result in fetched {
        match result {
            Ok(t) => templates.push(t.value),
            Err(e) if missing(&e) => {}
            Err(e) => notes.push(e.to_string()),
        }
    }
    // The segment versions campaigns name, when not the current one.
    let mut versions: Vec<(String, i64)> = campaigns
        .iter()
        .filter(|c| has_in_app_content(c))
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
    let fetched: Vec<Result<Outcome<SegmentResponse>, CallError>> = stream::iter(versions)
        .map(|(id, version)| async move { client.get_segment_version(&id, version).await })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let mut segment_versions = Vec::new();
    for result in fetched {
        match result {
            Ok(s) => segment_versions.push(s.value),
            Err(e) if missing(&e) => {}
            Err(e) => notes.push(e.to_string()),
        }
    }
    Ok(Outcome {
        value: Loaded {
            segments,
            library: Library {
                campaigns,
                templates,
                segment_versions,
            },
            notes,
        },
        request_id,
        latency: start.elapsed(),
    })
}
