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

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

use crate::model::UserInfo;
use crate::model::campaign_rules::{Stored, campaign_response, template_version, with_state};
use crate::model::inapp::{Catalog, Delivery, deliveries, entitled_messages};
use crate::model::segment::Activity;
use crate::model::wire::{
    CampaignResponse, InAppMessageCampaign, TemplateConfiguration, WriteCampaignRequest,
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
        let select = "SELECT body FROM campaigns WHERE app_id = ?1 AND id = ?2";
        Self::load_record(tx, select, app_id, campaign_id)
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
        Ok(self
            .stored_campaigns(app_id)?
            .into_iter()
            .map(|(campaign, exists)| with_state(campaign, exists, now))
            .collect())
    }

    /// Every campaign of the application as stored (without its State), oldest first, with
    /// whether its segment exists.
    pub(super) fn stored_campaigns(
        &self,
        app_id: &str,
    ) -> Result<Vec<(CampaignResponse, bool)>, ApiError> {
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
            Ok((from_json(&body)?, exists))
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
        self.decide_in_app(app_id, endpoint_id, now, deliveries)
    }

    /// GetInAppMessages: the in-app campaigns the endpoint gets, by Priority then
    /// CreationDate (what [`Store::in_app_deliveries`] decides, without its reasons).
    pub fn in_app_messages(
        &self,
        app_id: &str,
        endpoint_id: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<InAppMessageCampaign>, ApiError> {
        self.decide_in_app(app_id, endpoint_id, now, entitled_messages)
    }

    /// `decide` of the application's in-app campaigns, the endpoint, its activity and the
    /// catalog, as of `now`.
    fn decide_in_app<T>(
        &self,
        app_id: &str,
        endpoint_id: &str,
        now: OffsetDateTime,
        decide: impl FnOnce(&[CampaignResponse], &UserInfo, Option<Activity>, &Catalog<'_>) -> T,
    ) -> Result<T, ApiError> {
        let endpoint = self.get_endpoint(app_id, endpoint_id)?;
        let activity = self.activity(app_id, endpoint_id, now)?;
        let form = UserInfo::from_endpoint_response(&endpoint);
        self.with_in_app_catalog(app_id, |catalog| {
            let (campaigns, catalog) = catalog.at(now);
            decide(campaigns, &form, Some(activity), &catalog)
        })
    }
}
