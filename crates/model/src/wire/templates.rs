//! In-app message templates: CreateInAppTemplate and UpdateInAppTemplate (an
//! InAppTemplateRequest), GetInAppTemplate, and ListTemplates' list of templates of any
//! type. TemplateType and Layout are kept as text; their values are in `model::enums`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::InAppMessageContent;

/// The body of CreateInAppTemplate (`POST /v1/templates/{template-name}/inapp`) and
/// UpdateInAppTemplate (`PUT` on the same path).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InAppTemplateRequest {
    #[serde(rename = "Content", skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<InAppMessageContent>>,
    #[serde(rename = "CustomConfig", skip_serializing_if = "Option::is_none")]
    pub custom_config: Option<IndexMap<String, String>>,
    #[serde(rename = "Layout", skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
    #[serde(
        rename = "TemplateDescription",
        skip_serializing_if = "Option::is_none"
    )]
    pub template_description: Option<String>,
}

/// One version of an in-app template, as GetInAppTemplate returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InAppTemplateResponse {
    #[serde(rename = "Arn", skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(rename = "Content", skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<InAppMessageContent>>,
    #[serde(rename = "CreationDate")]
    pub creation_date: String,
    #[serde(rename = "CustomConfig", skip_serializing_if = "Option::is_none")]
    pub custom_config: Option<IndexMap<String, String>>,
    #[serde(rename = "LastModifiedDate")]
    pub last_modified_date: String,
    #[serde(rename = "Layout", skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
    #[serde(
        rename = "TemplateDescription",
        skip_serializing_if = "Option::is_none"
    )]
    pub template_description: Option<String>,
    #[serde(rename = "TemplateName")]
    pub template_name: String,
    #[serde(rename = "TemplateType")]
    pub template_type: String,
    #[serde(rename = "Version", skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// What CreateInAppTemplate returns (the model's TemplateCreateMessageBody). Note the
/// capital "ID" in `RequestID`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateCreateMessageBody {
    #[serde(rename = "Arn", skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "RequestID", skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The model's CreateTemplateMessageBody (what the other channels' Create*Template return)
/// has the same members.
pub type CreateTemplateMessageBody = TemplateCreateMessageBody;

/// What ListTemplates returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplatesResponse {
    pub item: Vec<TemplateResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One template in ListTemplates' list; `Version` is its active version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateResponse {
    #[serde(rename = "Arn", skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(rename = "CreationDate")]
    pub creation_date: String,
    #[serde(
        rename = "DefaultSubstitutions",
        skip_serializing_if = "Option::is_none"
    )]
    pub default_substitutions: Option<String>,
    #[serde(rename = "LastModifiedDate")]
    pub last_modified_date: String,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
    #[serde(
        rename = "TemplateDescription",
        skip_serializing_if = "Option::is_none"
    )]
    pub template_description: Option<String>,
    #[serde(rename = "TemplateName")]
    pub template_name: String,
    #[serde(rename = "TemplateType")]
    pub template_type: String,
    #[serde(rename = "Version", skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::super::tests::{refused, round_trip};
    use super::*;

    #[test]
    fn create_in_app_template_exchange_reads_and_writes_back() {
        let request: InAppTemplateRequest = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/in-app-template.request.json"
        ));
        assert_eq!(request.layout.as_deref(), Some("TOP_BANNER"));
        assert_eq!(request.template_description.as_deref(), Some("first cut"));
        let created: TemplateCreateMessageBody = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/template-create.response.json"
        ));
        assert_eq!(created.message.as_deref(), Some("Created"));
        assert!(
            created
                .arn
                .unwrap()
                .ends_with(":templates/gloves-banner/INAPP")
        );
    }

    #[test]
    fn template_answers_read_and_write_back() {
        let read: InAppTemplateResponse = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/in-app-template.response.json"
        ));
        assert_eq!(read.template_type, "INAPP");
        assert_eq!(read.version.as_deref(), Some("1"));
        let list: TemplatesResponse = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/templates.response.json"
        ));
        assert_eq!(list.item[0].template_name, "gloves-banner");
        assert_eq!(list.next_token, None);
    }

    #[test]
    fn unknown_and_missing_members_are_named() {
        assert!(
            refused::<InAppTemplateRequest>(r#"{"DefaultSubstitutions":"{}"}"#)
                .contains("DefaultSubstitutions")
        );
        assert!(
            refused::<TemplateResponse>(
                r#"{"TemplateName":"t","CreationDate":"d","LastModifiedDate":"d"}"#
            )
            .contains("TemplateType")
        );
        assert!(refused::<TemplatesResponse>("{}").contains("Item"));
    }
}
