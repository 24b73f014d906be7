//! In-app templates: InAppTemplateRequest, InAppTemplateResponse, what CreateInAppTemplate
//! returns, and ListTemplates' items.

use aws_sdk_pinpoint::types as sdk;

use super::inapp::{from_sdk_contents, to_sdk_content};
use super::{NotSendable, from_hash, list, optional_enum, required, required_enum, to_hash};
use crate::wire::{
    InAppTemplateRequest, InAppTemplateResponse, TemplateCreateMessageBody, TemplateResponse,
};

/// The SDK's InAppTemplateRequest for a wire one, or the member the SDK cannot send.
pub fn to_sdk_in_app_template(
    r: &InAppTemplateRequest,
) -> Result<sdk::InAppTemplateRequest, NotSendable> {
    Ok(sdk::InAppTemplateRequest::builder()
        .set_content(list("", "Content", &r.content, to_sdk_content)?)
        .set_custom_config(to_hash(&r.custom_config))
        .set_layout(r.layout.as_deref().map(sdk::Layout::from))
        .set_tags(to_hash(&r.tags))
        .set_template_description(r.template_description.clone())
        .build())
}

/// The wire InAppTemplateResponse for what the SDK parsed from GetInAppTemplate.
pub fn from_sdk_in_app_template(r: &sdk::InAppTemplateResponse) -> InAppTemplateResponse {
    InAppTemplateResponse {
        arn: r.arn.clone(),
        content: from_sdk_contents(&r.content),
        creation_date: required(&r.creation_date),
        custom_config: from_hash(r.custom_config.as_ref()),
        last_modified_date: required(&r.last_modified_date),
        layout: optional_enum(&r.layout),
        tags: from_hash(r.tags.as_ref()),
        template_description: r.template_description.clone(),
        template_name: required(&r.template_name),
        template_type: required_enum(r.template_type.as_ref()),
        version: r.version.clone(),
    }
}

/// The wire answer of CreateInAppTemplate.
pub fn from_sdk_template_created(b: &sdk::TemplateCreateMessageBody) -> TemplateCreateMessageBody {
    TemplateCreateMessageBody {
        arn: b.arn.clone(),
        message: b.message.clone(),
        request_id: b.request_id.clone(),
    }
}

/// The wire TemplateResponse for one of ListTemplates' items.
pub fn from_sdk_template(t: &sdk::TemplateResponse) -> TemplateResponse {
    TemplateResponse {
        arn: t.arn.clone(),
        creation_date: required(&t.creation_date),
        default_substitutions: t.default_substitutions.clone(),
        last_modified_date: required(&t.last_modified_date),
        tags: from_hash(t.tags.as_ref()),
        template_description: t.template_description.clone(),
        template_name: required(&t.template_name),
        template_type: required_enum(t.template_type.as_ref()),
        version: t.version.clone(),
    }
}
