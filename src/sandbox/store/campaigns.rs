//! Campaigns of an application (CreateCampaign, GetCampaigns, GetCampaign, UpdateCampaign,
//! DeleteCampaign) and what an endpoint gets of them (GetInAppMessages).
//!
//! A campaign is stored without its State, which is computed whenever it is read: from its
//! schedule, IsPaused and whether its segment still exists (a campaign whose segment was
//! deleted reads as DELETED and reaches no endpoint). What a write names must exist when it
//! is made, or the write is a 404 naming the member: the segment (SegmentId), the segment
//! version (SegmentVersion, the segment's current one when absent), and each in-app
//! template with the version it names. UpdateCampaign replaces the whole definition (keeping
//! the id, CreationDate and tags) and adds one to Version.

use std::collections::{BTreeSet, HashSet};

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use crate::model::UserInfo;
use crate::model::campaign_rules::{Stored, campaign_response, template_version, with_state};
use crate::model::inapp::{Catalog, Delivery, deliveries, entitled};
use crate::model::wire::{
    CampaignResponse, InAppMessageCampaign, SegmentResponse, TemplateConfiguration,
    WriteCampaignRequest,
};

use super::super::error::{ApiError, ErrorKind};
use super::super::{SANDBOX_ACCOUNT, SANDBOX_REGION, iso_millis, new_id};
use super::{Store, from_json, to_json};

fn not_found(message: String) -> ApiError {
    ApiError::new(ErrorKind::NotFound, message)
}

/// Every in-app template (name, version) a campaign's configurations name, with the path of
/// the member that names it.
fn named_templates(request: &WriteCampaignRequest) -> Vec<(String, &str, Option<&str>)> {
    let mut configs: Vec<(String, &TemplateConfiguration)> = Vec::new();
    if let Some(t) = &request.template_configuration {
        configs.push(("TemplateConfiguration".into(), t));
    }
    for (i, treatment) in request.additional_treatments.iter().flatten().enumerate() {
        if let Some(t) = &treatment.template_configuration {
            configs.push((
                format!("AdditionalTreatments[{i}].TemplateConfiguration"),
                t,
            ));
        }
    }
    configs
        .into_iter()
        .filter_map(|(path, config)| {
            let template = config.in_app_template.as_ref()?;
            Some((
                format!("{path}.InAppTemplate"),
                template.name.as_deref()?,
                template.version.as_deref(),
            ))
        })
        .collect()
}

impl Store {
    /// The segment version a campaign names (its segment's current version when the request
    /// names none), after checking that the segment, the version and the templates exist.
    fn resolve_campaign(
        tx: &Connection,
        app_id: &str,
        request: &WriteCampaignRequest,
    ) -> Result<i64, ApiError> {
        let segment_id = request.segment_id.as_deref().unwrap_or_default();
        let segment = Self::load_segment(tx, app_id, segment_id).map_err(|e| {
            if e.kind == ErrorKind::NotFound {
                not_found(format!(
                    "SegmentId: segment {segment_id} does not exist in application {app_id}"
                ))
            } else {
                e
            }
        })?;
        let version = match request.segment_version {
            None => segment.version.unwrap_or(1),
            Some(v) => {
                if Self::load_version(tx, app_id, segment_id, v)?.is_none() {
                    return Err(not_found(format!(
                        "SegmentVersion: segment {segment_id} has no version {v} in application {app_id}"
                    )));
                }
                v
            }
        };
        for (path, name, version) in named_templates(request) {
            let version = version
                .map(template_version)
                .transpose()
                .map_err(ApiError::bad_request)?;
            if !Self::template_exists(tx, name, version)? {
                return Err(not_found(match version {
                    None => format!("{path}.Name: in-app template {name} does not exist"),
                    Some(v) => format!("{path}.Version: in-app template {name} has no version {v}"),
                }));
            }
        }
        Ok(version)
    }

    fn load_campaign(
        tx: &Connection,
        app_id: &str,
        campaign_id: &str,
    ) -> Result<CampaignResponse, ApiError> {
        Self::require_app(tx, app_id)?;
        let body: Option<String> = tx
            .prepare_cached("SELECT body FROM campaigns WHERE app_id = ?1 AND id = ?2")?
            .query_row(params![app_id, campaign_id], |r| r.get(0))
            .optional()?;
        from_json(&body.ok_or_else(ApiError::not_found)?)
    }

    fn save_campaign(tx: &Connection, campaign: &CampaignResponse) -> Result<(), ApiError> {
        tx.prepare_cached(
            "INSERT OR REPLACE INTO campaigns (app_id, id, created, segment_id, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            campaign.application_id,
            campaign.id,
            campaign.creation_date,
            campaign.segment_id,
            to_json(campaign)
        ])?;
        Ok(())
    }

    fn segment_exists(tx: &Connection, app_id: &str, segment_id: &str) -> Result<bool, ApiError> {
        Ok(tx
            .prepare_cached("SELECT 1 FROM segments WHERE app_id = ?1 AND id = ?2")?
            .query_row(params![app_id, segment_id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn read_campaign(
        tx: &Connection,
        campaign: CampaignResponse,
        now: OffsetDateTime,
    ) -> Result<CampaignResponse, ApiError> {
        let exists = Self::segment_exists(tx, &campaign.application_id, &campaign.segment_id)?;
        Ok(with_state(campaign, exists, now))
    }

    /// CreateCampaign: a checked request, stored with a new id as version 1.
    pub fn create_campaign(
        &mut self,
        app_id: &str,
        request: WriteCampaignRequest,
        now: OffsetDateTime,
    ) -> Result<CampaignResponse, ApiError> {
        let tx = self.transaction()?;
        Self::require_app(&tx, app_id)?;
        let segment_version = Self::resolve_campaign(&tx, app_id, &request)?;
        let id = new_id();
        let arn = format!(
            "arn:aws:mobiletargeting:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:apps/{app_id}/campaigns/{id}"
        );
        let at = iso_millis(now);
        let tags = request.tags.clone();
        let campaign = campaign_response(
            request,
            Stored {
                application_id: app_id,
                id: &id,
                arn: &arn,
                created: &at,
                modified: &at,
                version: 1,
                segment_version,
                tags,
            },
        );
        Self::save_campaign(&tx, &campaign)?;
        let campaign = Self::read_campaign(&tx, campaign, now)?;
        tx.commit()?;
        Ok(campaign)
    }

    /// UpdateCampaign: the request replaces the definition; Version goes up by one.
    pub fn update_campaign(
        &mut self,
        app_id: &str,
        campaign_id: &str,
        request: WriteCampaignRequest,
        now: OffsetDateTime,
    ) -> Result<CampaignResponse, ApiError> {
        let tx = self.transaction()?;
        let stored = Self::load_campaign(&tx, app_id, campaign_id)?;
        let segment_version = Self::resolve_campaign(&tx, app_id, &request)?;
        let at = iso_millis(now);
        let campaign = campaign_response(
            request,
            Stored {
                application_id: app_id,
                id: &stored.id,
                arn: &stored.arn,
                created: &stored.creation_date,
                modified: &at,
                version: stored.version.unwrap_or(1) + 1,
                segment_version,
                tags: stored.tags,
            },
        );
        Self::save_campaign(&tx, &campaign)?;
        let campaign = Self::read_campaign(&tx, campaign, now)?;
        tx.commit()?;
        Ok(campaign)
    }

    /// GetCampaign.
    pub fn get_campaign(
        &self,
        app_id: &str,
        campaign_id: &str,
        now: OffsetDateTime,
    ) -> Result<CampaignResponse, ApiError> {
        let campaign = Self::load_campaign(&self.conn, app_id, campaign_id)?;
        Self::read_campaign(&self.conn, campaign, now)
    }

    /// GetCampaigns: every campaign of the application, oldest first.
    pub fn list_campaigns(
        &self,
        app_id: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<CampaignResponse>, ApiError> {
        Self::require_app(&self.conn, app_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.body, EXISTS (SELECT 1 FROM segments s WHERE s.app_id = c.app_id AND s.id = c.segment_id)
             FROM campaigns c WHERE c.app_id = ?1 ORDER BY c.created, c.id",
        )?;
        let rows = stmt.query_map([app_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
        })?;
        rows.map(|row| {
            let (body, exists) = row?;
            Ok(with_state(from_json(&body)?, exists, now))
        })
        .collect()
    }

    /// DeleteCampaign: the campaign as it was.
    pub fn delete_campaign(
        &mut self,
        app_id: &str,
        campaign_id: &str,
        now: OffsetDateTime,
    ) -> Result<CampaignResponse, ApiError> {
        let tx = self.transaction()?;
        let campaign = Self::load_campaign(&tx, app_id, campaign_id)?;
        let campaign = Self::read_campaign(&tx, campaign, now)?;
        tx.execute(
            "DELETE FROM campaigns WHERE app_id = ?1 AND id = ?2",
            params![app_id, campaign_id],
        )?;
        tx.commit()?;
        Ok(campaign)
    }

    /// Every in-app campaign's answer for a stored endpoint, with the reasons: what
    /// GetInAppMessages decides from. The endpoint's activity (its stored events) decides
    /// Behavior.Recency. 404 for an unknown application or endpoint.
    pub fn in_app_deliveries(
        &self,
        app_id: &str,
        endpoint_id: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<Delivery>, ApiError> {
        let endpoint = self.get_endpoint(app_id, endpoint_id)?;
        let campaigns = self.list_campaigns(app_id, now)?;
        let segments = self.list_segments(app_id)?;
        // The versions campaigns name where they are not the current one.
        let mut segment_versions: Vec<SegmentResponse> = Vec::new();
        let mut seen = HashSet::new();
        for c in &campaigns {
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
        for c in &campaigns {
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
        let activity = self.activity(app_id, endpoint_id, now)?;
        let form = UserInfo::from_endpoint_response(&endpoint);
        let catalog = Catalog {
            segments: &segments,
            segment_versions: &segment_versions,
            templates: &templates,
            now,
        };
        Ok(deliveries(&campaigns, &form, Some(activity), &catalog))
    }

    /// GetInAppMessages: the in-app campaigns the endpoint gets, by Priority then
    /// CreationDate.
    pub fn in_app_messages(
        &self,
        app_id: &str,
        endpoint_id: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<InAppMessageCampaign>, ApiError> {
        Ok(entitled(&self.in_app_deliveries(
            app_id,
            endpoint_id,
            now,
        )?))
    }
}
