//! The example segments, in-app templates and campaigns of `assets/` as a service returns
//! them (ids, dates, versions and states filled in; a campaign's segment named by name is
//! given its id), for the tests and benchmarks that need them without a service.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pinpoint_console::model::inapp::Library;
use pinpoint_console::model::wire::{CampaignResponse, InAppTemplateResponse, SegmentResponse};
use serde_json::{Value, json};

pub const APP_ID: &str = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";
pub const CREATED: &str = "2026-11-01T10:00:00.000Z";
/// When the examples are decided (they run until the end of 2036).
pub const NOW: &str = "2026-11-30T12:00:00Z";

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The example segments, `seg-<file name>`, version 1.
pub fn segments() -> Vec<SegmentResponse> {
    files("segments")
        .iter()
        .map(|path| {
            let mut v = read(path);
            let id = format!("seg-{}", stem(path));
            v["Id"] = json!(id);
            v["ApplicationId"] = json!(APP_ID);
            v["Arn"] = json!(format!(
                "arn:aws:mobiletargeting:us-east-1:111122223333:apps/{APP_ID}/segments/{id}"
            ));
            v["CreationDate"] = json!(CREATED);
            v["SegmentType"] = json!("DIMENSIONAL");
            v["Version"] = json!(1);
            serde_json::from_value(v).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}

/// The example in-app templates, version 1.
pub fn templates() -> Vec<InAppTemplateResponse> {
    files("templates")
        .iter()
        .map(|path| {
            let mut v = read(path);
            v["TemplateName"] = json!(stem(path));
            v["TemplateType"] = json!("INAPP");
            v["CreationDate"] = json!(CREATED);
            v["LastModifiedDate"] = json!(CREATED);
            v["Version"] = json!("1");
            serde_json::from_value(v).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}

/// A campaign as CreateCampaign returns it for a request body, with `id`.
pub fn campaign(request: Value, id: &str, segments: &[SegmentResponse]) -> CampaignResponse {
    let mut v = request;
    let named = v["SegmentId"].as_str().unwrap_or_default().to_string();
    let segment = segments
        .iter()
        .find(|s| s.id == named || s.name.as_deref() == Some(named.as_str()))
        .map(|s| s.id.clone())
        .unwrap_or(named);
    v["SegmentId"] = json!(segment);
    v["SegmentVersion"] = json!(1);
    v["Id"] = json!(id);
    v["ApplicationId"] = json!(APP_ID);
    v["Arn"] = json!(format!(
        "arn:aws:mobiletargeting:us-east-1:111122223333:apps/{APP_ID}/campaigns/{id}"
    ));
    v["CreationDate"] = json!(CREATED);
    v["LastModifiedDate"] = json!(CREATED);
    v["Version"] = json!(1);
    v["State"] = json!({"CampaignStatus": "EXECUTING"});
    serde_json::from_value(v).unwrap_or_else(|e| panic!("campaign {id}: {e}"))
}

/// The example campaigns, ids `c…01` onwards in file order (berlin-store, gloves-promo,
/// loyalty-reward, premium-welcome, settings-tip, spring-sale).
pub fn campaigns(segments: &[SegmentResponse]) -> Vec<CampaignResponse> {
    files("campaigns")
        .iter()
        .enumerate()
        .map(|(i, path)| campaign(read(path), &format!("c{:031x}", i + 1), segments))
        .collect()
}

/// `n` campaigns made from the examples in turn, each named after its example with a
/// number (`spring-sale-7`).
pub fn many_campaigns(n: usize, segments: &[SegmentResponse]) -> Vec<CampaignResponse> {
    let examples = files("campaigns");
    (0..n)
        .map(|i| {
            let path = &examples[i % examples.len()];
            let mut request = read(path);
            request["Name"] = json!(format!("{}-{}", stem(path), i + 1));
            campaign(request, &format!("c{:031x}", i + 1), segments)
        })
        .collect()
}

/// The example segments, and the campaigns and templates as the console loads them.
pub fn library() -> (Vec<SegmentResponse>, Library) {
    let segments = segments();
    let library = Library {
        campaigns: campaigns(&segments),
        templates: templates(),
        segment_versions: Vec::new(),
    };
    (segments, library)
}

/// An example campaign's id by its name.
pub fn id_of(library: &Library, name: &str) -> String {
    library
        .campaigns
        .iter()
        .find(|c| c.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no example campaign {name}"))
        .id
        .clone()
}
