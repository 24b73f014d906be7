//! Campaigns: CreateCampaign, UpdateCampaign (a WriteCampaignRequest), GetCampaign(s) and
//! DeleteCampaign (a CampaignResponse), with their schedule, event filter, message and
//! template configuration and treatments.
//!
//! Every member of the model is declared, so nothing legal is "unknown". The sandbox serves
//! in-app campaigns only: the message and template members of the other channels are read
//! (messages as plain JSON) so that they can be refused by name. Frequency, FilterType and
//! CampaignStatus are kept as text; their values are in `model::enums`.

use super::CampaignInAppMessage;

include!(concat!(env!("OUT_DIR"), "/wire/campaigns.rs"));

impl CampaignResponse {
    /// The campaign's own in-app message, if it has one.
    pub fn in_app_message(&self) -> Option<&CampaignInAppMessage> {
        self.message_configuration.as_ref()?.in_app_message.as_ref()
    }

    /// The in-app template the campaign takes, if it names one.
    pub fn in_app_template(&self) -> Option<&Template> {
        self.template_configuration
            .as_ref()?
            .in_app_template
            .as_ref()
    }
}
