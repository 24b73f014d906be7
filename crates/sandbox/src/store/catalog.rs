//! What GetInAppMessages reads besides the endpoint, kept parsed between calls: per
//! application, its in-app campaigns as stored (with whether their segment exists, and with
//! their State as of the last call), its segments, the older segment versions campaigns name
//! and the in-app templates campaigns name.
//!
//! The kept catalog is good while the rows it was read from are unchanged. Triggers count
//! every row inserted into, updated in or deleted from those tables (campaigns, segments,
//! segment_versions, templates) inside the writing transaction, whoever writes: this store,
//! another process on the same file, a statement added later. Each GetInAppMessages reads the
//! count first and reads the catalog afresh when it moved, so the first call after a commit
//! sees it, and a write that rolls back counts nothing.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::Connection;
use time::OffsetDateTime;

use crate::model::campaign_rules::{status, with_state};
use crate::model::enums::CampaignStatus;
use crate::model::inapp::{Catalog, has_in_app_content};
use crate::model::segment::parse_instant;
use crate::model::wire::{CampaignResponse, InAppTemplateResponse, Schedule, SegmentResponse};

use super::super::error::ApiError;
use super::Store;

/// The tables the catalog is read from.
const TABLES: [&str; 4] = ["campaigns", "segments", "segment_versions", "templates"];

/// Creates the count of catalog changes and the triggers that keep it (any database
/// version: everything here is created when missing).
pub(super) fn create_change_count(conn: &Connection) -> Result<(), rusqlite::Error> {
    let mut sql = String::from(
        "CREATE TABLE IF NOT EXISTS catalog_changes (n INTEGER NOT NULL);
         INSERT INTO catalog_changes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM catalog_changes);",
    );
    for table in TABLES {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            let name = format!("{table}_{}_counts", op.to_lowercase());
            sql.push_str(&format!(
                "CREATE TRIGGER IF NOT EXISTS {name} AFTER {op} ON {table}
                 BEGIN UPDATE catalog_changes SET n = n + 1; END;"
            ));
        }
    }
    conn.execute_batch(&sql)
}

/// One application's catalog, parsed.
#[derive(Debug, Default)]
pub(super) struct AppCatalog {
    /// Every in-app campaign as stored (no State), oldest first, with whether its segment
    /// exists.
    campaigns: Vec<(CampaignResponse, bool)>,
    /// The same with their State as of the last call, and the statuses it was made of
    /// (each campaign's own, then its treatments').
    stated: Vec<CampaignResponse>,
    statuses: Option<Vec<CampaignStatus>>,
    /// Every instant a status compares the time with (the start and end of each campaign's
    /// and treatment's schedule), sorted: between two of them no status changes.
    boundaries: Vec<OffsetDateTime>,
    /// The stretch between boundaries (how many lie at or before the time) the statuses
    /// were worked out in.
    stretch: Option<usize>,
    /// The application's segments, current versions, oldest first.
    segments: Vec<SegmentResponse>,
    /// The segment versions campaigns name where they are not the current one.
    segment_versions: Vec<SegmentResponse>,
    /// For each template name campaigns name, its active version first, then the versions
    /// campaigns name.
    templates: Vec<InAppTemplateResponse>,
}

impl AppCatalog {
    /// The in-app campaigns with their State at `now`, and what `model::inapp` decides
    /// with. The State is a function of the statuses alone, so the campaigns of the last
    /// call serve while no status changed: always within the stretch of time between two
    /// boundaries, and otherwise when the statuses worked out again are the same.
    pub fn at(&mut self, now: OffsetDateTime) -> (&[CampaignResponse], Catalog<'_>) {
        let stretch = self.boundaries.partition_point(|b| *b <= now);
        if self.stretch != Some(stretch) {
            let statuses: Vec<CampaignStatus> = self
                .campaigns
                .iter()
                .flat_map(|(c, exists)| {
                    let paused = c.is_paused == Some(true);
                    schedules(c).map(move |s| status(s, paused, *exists, now))
                })
                .collect();
            if self.statuses.as_ref() != Some(&statuses) {
                self.stated = self
                    .campaigns
                    .iter()
                    .map(|(c, exists)| with_state(c.clone(), *exists, now))
                    .collect();
                self.statuses = Some(statuses);
            }
            self.stretch = Some(stretch);
        }
        let catalog = Catalog {
            segments: &self.segments,
            segment_versions: &self.segment_versions,
            templates: &self.templates,
            now,
        };
        (&self.stated, catalog)
    }
}

/// The schedules a campaign's statuses are worked out from: its own, then each treatment's
/// (the campaign's when the treatment has none), as `with_state` reads them.
fn schedules(c: &CampaignResponse) -> impl Iterator<Item = Option<&Schedule>> {
    let treatments = c
        .additional_treatments
        .iter()
        .flatten()
        .map(|t| t.schedule.as_ref().or(c.schedule.as_ref()));
    std::iter::once(c.schedule.as_ref()).chain(treatments)
}

/// The instants `status` compares the time with for these campaigns, sorted.
fn boundaries(campaigns: &[(CampaignResponse, bool)]) -> Vec<OffsetDateTime> {
    let mut all: Vec<OffsetDateTime> = campaigns
        .iter()
        .flat_map(|(c, _)| schedules(c))
        .flatten()
        .flat_map(|s| {
            let start = Some(s.start_time.as_str()).filter(|t| *t != "IMMEDIATE");
            [start, s.end_time.as_deref()]
        })
        .flatten()
        .filter_map(parse_instant)
        .collect();
    all.sort();
    all.dedup();
    all
}

/// The catalogs read so far, with the change count they were read at.
#[derive(Debug, Default)]
pub(super) struct CatalogCache {
    changes: Option<i64>,
    apps: HashMap<String, AppCatalog>,
}

impl Store {
    /// `f` of an application's catalog: the one kept, or read now when the tables changed
    /// since.
    pub(super) fn with_in_app_catalog<T>(
        &self,
        app_id: &str,
        f: impl FnOnce(&mut AppCatalog) -> T,
    ) -> Result<T, ApiError> {
        // Read before the catalog: a write committed in between makes the catalog newer
        // than its count, never older, and the next call reads again.
        let changes: i64 = self
            .conn
            .prepare_cached("SELECT n FROM catalog_changes")?
            .query_row([], |r| r.get(0))?;
        let mut cache = self.catalog.borrow_mut();
        if cache.changes != Some(changes) {
            cache.apps.clear();
            cache.changes = Some(changes);
        }
        let catalog = match cache.apps.entry(app_id.to_string()) {
            Entry::Occupied(kept) => kept.into_mut(),
            Entry::Vacant(new) => new.insert(self.read_app_catalog(app_id)?),
        };
        Ok(f(catalog))
    }

    fn read_app_catalog(&self, app_id: &str) -> Result<AppCatalog, ApiError> {
        let campaigns = self.stored_campaigns(app_id)?;
        let segments = self.list_segments(app_id)?;
        let mut segment_versions = Vec::new();
        let mut seen = HashSet::new();
        for (c, _) in &campaigns {
            let current = segments
                .iter()
                .find(|s| s.id == c.segment_id)
                .and_then(|s| s.version);
            if current.is_some_and(|v| v != c.segment_version)
                && seen.insert((c.segment_id.as_str(), c.segment_version))
                && let Some(version) =
                    Self::load_version(&self.conn, app_id, &c.segment_id, c.segment_version)?
            {
                segment_versions.push(version);
            }
        }
        // Templates: each name's active version first, then the versions campaigns name.
        let mut names = BTreeSet::new();
        let mut versions = BTreeSet::new();
        for (c, _) in &campaigns {
            let configs = std::iter::once(c.template_configuration.as_ref()).chain(
                c.additional_treatments
                    .iter()
                    .flatten()
                    .map(|t| t.template_configuration.as_ref()),
            );
            for template in configs.flatten().filter_map(|t| t.in_app_template.as_ref()) {
                let Some(name) = template.name.as_deref() else {
                    continue;
                };
                names.insert(name.to_string());
                if let Some(v) = template.version.as_deref().and_then(|v| v.parse().ok()) {
                    versions.insert((name.to_string(), v));
                }
            }
        }
        let mut templates = Vec::new();
        for name in &names {
            if let Some(active) = Self::load_template(&self.conn, name, None)? {
                templates.push(active);
            }
        }
        for (name, version) in &versions {
            if let Some(t) = Self::load_template(&self.conn, name, Some(*version))? {
                templates.push(t);
            }
        }
        let campaigns: Vec<(CampaignResponse, bool)> = campaigns
            .into_iter()
            .filter(|(c, _)| has_in_app_content(c))
            .collect();
        Ok(AppCatalog {
            boundaries: boundaries(&campaigns),
            stretch: None,
            campaigns,
            stated: Vec::new(),
            statuses: None,
            segments,
            segment_versions,
            templates,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};
    use time::OffsetDateTime;

    use super::super::TemplateUpdate;
    use super::*;
    use crate::error::ErrorKind;
    use crate::model::wire::{
        EndpointRequest, InAppTemplateRequest, WriteCampaignRequest, WriteSegmentRequest,
    };
    use crate::rules::UpdateContext;
    use crate::{DEFAULT_APP_ID, DEFAULT_APP_NAME, new_application};

    const NOW: &str = "2026-01-01T00:00:00.000Z";

    fn page(header: &str) -> Value {
        json!([{"BackgroundColor": "#FFFFFF",
                "HeaderConfig": {"Alignment": "CENTER", "Header": header, "TextColor": "#000000"},
                "BodyConfig": {"Alignment": "LEFT", "Body": "b", "TextColor": "#000000"}}])
    }

    fn template(header: &str) -> InAppTemplateRequest {
        serde_json::from_value(json!({"Layout": "BOTTOM_BANNER", "Content": page(header)})).unwrap()
    }

    fn campaign(segment: &str, priority: i64, message: Value) -> WriteCampaignRequest {
        let mut body = json!({
            "Name": format!("on {segment}"), "SegmentId": segment, "Priority": priority,
            "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT",
                "EventFilter": {"FilterType": "SYSTEM", "Dimensions": {"EventType": {"Values": ["e"]}}}}
        });
        body.as_object_mut()
            .unwrap()
            .extend(message.as_object().unwrap().clone());
        serde_json::from_value(body).unwrap()
    }

    fn own(header: &str) -> Value {
        json!({"MessageConfiguration": {"InAppMessage": {"Layout": "BOTTOM_BANNER", "Content": page(header)}}})
    }

    fn platform(id: &str, platform: &str) -> SegmentResponse {
        serde_json::from_value(json!({
            "ApplicationId": DEFAULT_APP_ID, "Arn": "arn", "CreationDate": NOW, "Id": id,
            "SegmentType": "DIMENSIONAL", "Version": 1, "Name": id,
            "Dimensions": {"Demographic": {"Platform": {"Values": [platform]}}}}))
        .unwrap()
    }

    fn to_platform(platform: &str) -> WriteSegmentRequest {
        serde_json::from_value(
            json!({"Dimensions": {"Demographic": {"Platform": {"Values": [platform]}}}}),
        )
        .unwrap()
    }

    fn endpoint(store: &mut Store) {
        let request: EndpointRequest = serde_json::from_value(
            json!({"ChannelType": "IN_APP", "Demographic": {"Platform": "iOS"}}),
        )
        .unwrap();
        let ctx = UpdateContext {
            application_id: DEFAULT_APP_ID,
            endpoint_id: "e",
            now: NOW,
            request_id: "r",
        };
        store.update_endpoint(request, &ctx).unwrap();
    }

    /// What GetInAppMessages gives endpoint `e`: campaign ids with their first header.
    fn messages(store: &Store, now: OffsetDateTime) -> Result<Vec<(String, String)>, ApiError> {
        Ok(store
            .in_app_messages(DEFAULT_APP_ID, "e", now)?
            .into_iter()
            .map(|m| {
                let header = m.in_app_message.unwrap().content.unwrap()[0]
                    .header_config
                    .clone()
                    .unwrap()
                    .header;
                (m.campaign_id.unwrap(), header)
            })
            .collect())
    }

    /// The store that keeps its catalog answers what it is expected to, as does a store
    /// opened on the same file now (which has read nothing before).
    #[track_caller]
    fn check(store: &Store, path: &Path, now: OffsetDateTime, expected: &[(&String, &str)]) {
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(id, header)| (id.to_string(), header.to_string()))
            .collect();
        assert_eq!(messages(store, now).unwrap(), expected, "the kept catalog");
        let fresh = Store::open(path, NOW).unwrap();
        assert_eq!(messages(&fresh, now).unwrap(), expected, "a new store");
    }

    #[test]
    fn every_catalog_write_is_seen_by_the_next_get_in_app_messages() {
        let (_dir, path) = crate::atomic::temp_path("catalog.sqlite3");
        let now = OffsetDateTime::now_utc();
        let mut store = Store::open(&path, NOW).unwrap();
        endpoint(&mut store);
        store
            .create_in_app_template("banner", template("t1"), NOW)
            .unwrap();
        store.put_segment(&platform("base", "iOS")).unwrap();
        // p takes its members from base's current version.
        let p: SegmentResponse = serde_json::from_value(json!({
            "ApplicationId": DEFAULT_APP_ID, "Arn": "arn", "CreationDate": NOW, "Id": "p",
            "SegmentType": "DIMENSIONAL", "Version": 1,
            "SegmentGroups": {"Include": "ALL", "Groups": [{"SourceSegments": [{"Id": "base"}]}]}}))
        .unwrap();
        store.put_segment(&p).unwrap();
        let a = store
            .create_campaign(DEFAULT_APP_ID, campaign("p", 1, own("own-1")), now)
            .unwrap()
            .id;
        let banner = json!({"TemplateConfiguration": {"InAppTemplate": {"Name": "banner"}}});
        let b = store
            .create_campaign(DEFAULT_APP_ID, campaign("base", 2, banner), now)
            .unwrap()
            .id;
        check(&store, &path, now, &[(&a, "own-1"), (&b, "t1")]);
        // Read twice: the second answer comes from the kept catalog.
        check(&store, &path, now, &[(&a, "own-1"), (&b, "t1")]);

        // UpdateSegment: p follows base's current version; b keeps the version it names.
        store
            .update_segment(DEFAULT_APP_ID, "base", to_platform("Android"), NOW)
            .unwrap();
        check(&store, &path, now, &[(&b, "t1")]);
        store
            .update_segment(DEFAULT_APP_ID, "base", to_platform("iOS"), NOW)
            .unwrap();
        check(&store, &path, now, &[(&a, "own-1"), (&b, "t1")]);

        // UpdateCampaign.
        store
            .update_campaign(DEFAULT_APP_ID, &a, campaign("p", 1, own("own-2")), now)
            .unwrap();
        check(&store, &path, now, &[(&a, "own-2"), (&b, "t1")]);

        // UpdateInAppTemplate, overwriting the latest version, then adding one.
        store
            .update_in_app_template(
                "banner",
                template("t2"),
                TemplateUpdate::Overwrite(None),
                NOW,
            )
            .unwrap();
        check(&store, &path, now, &[(&a, "own-2"), (&b, "t2")]);
        store
            .update_in_app_template("banner", template("t3"), TemplateUpdate::NewVersion, NOW)
            .unwrap();
        check(&store, &path, now, &[(&a, "own-2"), (&b, "t3")]);

        // A write that fails changes nothing.
        let missing = json!({"TemplateConfiguration": {"InAppTemplate": {"Name": "missing"}}});
        let err = store
            .update_campaign(DEFAULT_APP_ID, &b, campaign("base", 2, missing), now)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
        check(&store, &path, now, &[(&a, "own-2"), (&b, "t3")]);

        // A write through another connection to the same file.
        let c = {
            let mut other = Store::open(&path, NOW).unwrap();
            other
                .create_campaign(DEFAULT_APP_ID, campaign("base", 3, own("other")), now)
                .unwrap()
                .id
        };
        check(
            &store,
            &path,
            now,
            &[(&a, "own-2"), (&b, "t3"), (&c, "other")],
        );

        // DeleteInAppTemplate: b has no message any more.
        store.delete_in_app_template("banner", None).unwrap();
        check(&store, &path, now, &[(&a, "own-2"), (&c, "other")]);

        // DeleteCampaign.
        store.delete_campaign(DEFAULT_APP_ID, &a, now).unwrap();
        check(&store, &path, now, &[(&c, "other")]);

        // DeleteSegment, then CreateSegment with the same id: c is back.
        store.delete_segment(DEFAULT_APP_ID, "base").unwrap();
        check(&store, &path, now, &[]);
        store.put_segment(&platform("base", "iOS")).unwrap();
        check(&store, &path, now, &[(&c, "other")]);

        // DeleteApp, then an application with the same id: nothing of the old one is left.
        store.delete_app(DEFAULT_APP_ID).unwrap();
        let err = messages(&store, now).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
        store
            .create_app(&new_application(
                DEFAULT_APP_ID,
                DEFAULT_APP_NAME,
                NOW,
                None,
            ))
            .unwrap();
        endpoint(&mut store);
        check(&store, &path, now, &[]);
    }

    #[test]
    fn a_campaign_state_follows_the_time_asked_about() {
        let mut store = Store::in_memory(NOW).unwrap();
        endpoint(&mut store);
        store.put_segment(&platform("base", "iOS")).unwrap();
        let start = OffsetDateTime::now_utc() + time::Duration::hours(1);
        let end = start + time::Duration::hours(1);
        let mut request = campaign("base", 1, own("later"));
        let schedule = request.schedule.as_mut().unwrap();
        schedule.start_time = crate::iso_millis(start);
        schedule.end_time = Some(crate::iso_millis(end));
        let created = store
            .create_campaign(DEFAULT_APP_ID, request, start - time::Duration::hours(1))
            .unwrap();
        let minutes = |m: i64| start + time::Duration::minutes(m);
        // (when, gets it, its State)
        for (at, gets, state) in [
            (minutes(-30), false, "SCHEDULED"),
            (minutes(30), true, "EXECUTING"),
            (minutes(90), false, "COMPLETED"),
            (minutes(-30), false, "SCHEDULED"),
            (minutes(30), true, "EXECUTING"),
        ] {
            let got = messages(&store, at).unwrap();
            assert_eq!(got.len(), usize::from(gets), "at {at}");
            let deliveries = store.in_app_deliveries(DEFAULT_APP_ID, "e", at).unwrap();
            let texts = deliveries[0].criteria.texts();
            let completed = texts.iter().any(|t| t == "State COMPLETED");
            assert_eq!(completed, state == "COMPLETED", "at {at}: {texts:#?}");
            let listed = store.get_campaign(DEFAULT_APP_ID, &created.id, at).unwrap();
            assert_eq!(
                listed.state.unwrap().campaign_status.as_deref(),
                Some(state),
                "at {at}"
            );
        }
    }
}
