//! Campaign calls: CreateCampaign, GetCampaigns, GetCampaign, UpdateCampaign and
//! DeleteCampaign.

use super::{Client, Outcome, converted, page};
use crate::model::sdk::{from_sdk_campaign, to_sdk_write_campaign};
use crate::model::wire::{CampaignResponse, CampaignsResponse, WriteCampaignRequest};
use crate::pinpoint::CallError;

impl Client {
    /// CreateCampaign.
    pub async fn create_campaign(
        &self,
        request: &WriteCampaignRequest,
    ) -> Result<Outcome<CampaignResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .create_campaign()
                .application_id(self.app())
                .write_campaign_request(to_sdk_write_campaign(request)?)
                .send())
        };
        self.call("CreateCampaign", request.name.as_deref())
            .writes()
            .send(send, |o| {
                converted(o.campaign_response(), from_sdk_campaign)
            })
            .await
    }

    /// GetCampaigns, every page.
    pub async fn get_campaigns(&self) -> Result<Outcome<CampaignsResponse>, CallError> {
        self.call("GetCampaigns", None)
            .pages(|token| {
                let send = self
                    .sdk
                    .get_campaigns()
                    .application_id(self.app())
                    .set_token(token)
                    .send();
                self.timed(send, |o| page(o.campaigns_response(), from_sdk_campaign))
            })
            .await
    }

    /// GetCampaign.
    pub async fn get_campaign(
        &self,
        campaign_id: &str,
    ) -> Result<Outcome<CampaignResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .get_campaign()
                .application_id(self.app())
                .campaign_id(campaign_id)
                .send())
        };
        self.call("GetCampaign", Some(campaign_id))
            .id("campaign id", campaign_id)
            .send(send, |o| {
                converted(o.campaign_response(), from_sdk_campaign)
            })
            .await
    }

    /// UpdateCampaign: the request replaces the campaign's definition.
    pub async fn update_campaign(
        &self,
        campaign_id: &str,
        request: &WriteCampaignRequest,
    ) -> Result<Outcome<CampaignResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .update_campaign()
                .application_id(self.app())
                .campaign_id(campaign_id)
                .write_campaign_request(to_sdk_write_campaign(request)?)
                .send())
        };
        self.call("UpdateCampaign", Some(campaign_id))
            .id("campaign id", campaign_id)
            .writes()
            .send(send, |o| {
                converted(o.campaign_response(), from_sdk_campaign)
            })
            .await
    }

    /// DeleteCampaign: returns the campaign that was removed.
    pub async fn delete_campaign(
        &self,
        campaign_id: &str,
    ) -> Result<Outcome<CampaignResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .delete_campaign()
                .application_id(self.app())
                .campaign_id(campaign_id)
                .send())
        };
        self.call("DeleteCampaign", Some(campaign_id))
            .id("campaign id", campaign_id)
            .writes()
            .send(send, |o| {
                converted(o.campaign_response(), from_sdk_campaign)
            })
            .await
    }
}
