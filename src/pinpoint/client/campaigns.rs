//! Campaign calls: CreateCampaign, GetCampaigns, GetCampaign, UpdateCampaign and
//! DeleteCampaign.

use aws_sdk_pinpoint::types as sdk;

use super::{Client, Outcome, not_empty, page, said};
use crate::model::sdk::{from_sdk_campaign, to_sdk_write_campaign};
use crate::model::wire::{CampaignResponse, CampaignsResponse, WriteCampaignRequest};
use crate::pinpoint::CallError;

impl Client {
    /// CreateCampaign.
    pub async fn create_campaign(
        &self,
        request: &WriteCampaignRequest,
    ) -> Result<Outcome<CampaignResponse>, CallError> {
        let about = self.about("CreateCampaign", request.name.as_deref());
        said(about, async {
            self.ensure_writable("CreateCampaign")?;
            let send = self
                .sdk
                .create_campaign()
                .application_id(self.app())
                .write_campaign_request(to_sdk_write_campaign(request)?)
                .send();
            self.timed(send, |o| campaign(o.campaign_response())).await
        })
        .await
    }

    /// GetCampaigns, every page.
    pub async fn get_campaigns(&self) -> Result<Outcome<CampaignsResponse>, CallError> {
        let about = self.about("GetCampaigns", None);
        said(about, async {
            let pages = self
                .all_pages(|token| {
                    let send = self
                        .sdk
                        .get_campaigns()
                        .application_id(self.app())
                        .set_token(token)
                        .send();
                    self.timed(send, |o| page(o.campaigns_response(), from_sdk_campaign))
                })
                .await?;
            Ok(pages.map(|item| CampaignsResponse {
                item,
                next_token: None,
            }))
        })
        .await
    }

    /// GetCampaign.
    pub async fn get_campaign(
        &self,
        campaign_id: &str,
    ) -> Result<Outcome<CampaignResponse>, CallError> {
        let about = self.about("GetCampaign", Some(campaign_id));
        said(about, async {
            not_empty("campaign id", campaign_id)?;
            let send = self
                .sdk
                .get_campaign()
                .application_id(self.app())
                .campaign_id(campaign_id)
                .send();
            self.timed(send, |o| campaign(o.campaign_response())).await
        })
        .await
    }

    /// UpdateCampaign: the request replaces the campaign's definition.
    pub async fn update_campaign(
        &self,
        campaign_id: &str,
        request: &WriteCampaignRequest,
    ) -> Result<Outcome<CampaignResponse>, CallError> {
        let about = self.about("UpdateCampaign", Some(campaign_id));
        said(about, async {
            not_empty("campaign id", campaign_id)?;
            self.ensure_writable("UpdateCampaign")?;
            let send = self
                .sdk
                .update_campaign()
                .application_id(self.app())
                .campaign_id(campaign_id)
                .write_campaign_request(to_sdk_write_campaign(request)?)
                .send();
            self.timed(send, |o| campaign(o.campaign_response())).await
        })
        .await
    }

    /// DeleteCampaign: returns the campaign that was removed.
    pub async fn delete_campaign(
        &self,
        campaign_id: &str,
    ) -> Result<Outcome<CampaignResponse>, CallError> {
        let about = self.about("DeleteCampaign", Some(campaign_id));
        said(about, async {
            not_empty("campaign id", campaign_id)?;
            self.ensure_writable("DeleteCampaign")?;
            let send = self
                .sdk
                .delete_campaign()
                .application_id(self.app())
                .campaign_id(campaign_id)
                .send();
            self.timed(send, |o| campaign(o.campaign_response())).await
        })
        .await
    }
}

fn campaign(response: Option<&sdk::CampaignResponse>) -> CampaignResponse {
    response.map(from_sdk_campaign).unwrap_or_default()
}
