//! In-app template calls: CreateInAppTemplate, GetInAppTemplate, UpdateInAppTemplate,
//! DeleteInAppTemplate, and ListTemplates. Templates belong to the account, not to an
//! application.

use super::{Client, Outcome, message, not_empty, page, said};
use crate::model::sdk::{
    from_sdk_in_app_template, from_sdk_template, from_sdk_template_created, to_sdk_in_app_template,
};
use crate::model::wire::{
    InAppTemplateRequest, InAppTemplateResponse, MessageBody, TemplateCreateMessageBody,
    TemplatesResponse,
};
use crate::pinpoint::CallError;

/// A template's name, with the version asked for (`spring-sale version 2`).
fn named(name: &str, version: Option<&str>) -> String {
    match version {
        Some(version) => format!("{name} version {version}"),
        None => name.to_owned(),
    }
}

impl Client {
    /// CreateInAppTemplate.
    pub async fn create_in_app_template(
        &self,
        name: &str,
        request: &InAppTemplateRequest,
    ) -> Result<Outcome<TemplateCreateMessageBody>, CallError> {
        let about = self.about_account("CreateInAppTemplate", Some(name));
        said(about, async {
            not_empty("template name", name)?;
            self.ensure_writable("CreateInAppTemplate")?;
            let send = self
                .sdk
                .create_in_app_template()
                .template_name(name)
                .in_app_template_request(to_sdk_in_app_template(request)?)
                .send();
            self.timed(send, |o| {
                o.template_create_message_body()
                    .map(from_sdk_template_created)
                    .unwrap_or_default()
            })
            .await
        })
        .await
    }

    /// GetInAppTemplate: the version asked for, or the active one.
    pub async fn get_in_app_template(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Outcome<InAppTemplateResponse>, CallError> {
        let about = self.about_account("GetInAppTemplate", Some(&named(name, version)));
        said(about, async {
            not_empty("template name", name)?;
            let send = self
                .sdk
                .get_in_app_template()
                .template_name(name)
                .set_version(version.map(str::to_owned))
                .send();
            self.timed(send, |o| {
                o.in_app_template_response()
                    .map(from_sdk_in_app_template)
                    .unwrap_or_default()
            })
            .await
        })
        .await
    }

    /// UpdateInAppTemplate: a new version when `create_new_version`, otherwise `version`
    /// (or the latest) is overwritten.
    pub async fn update_in_app_template(
        &self,
        name: &str,
        request: &InAppTemplateRequest,
        create_new_version: bool,
        version: Option<&str>,
    ) -> Result<Outcome<MessageBody>, CallError> {
        let about = self.about_account("UpdateInAppTemplate", Some(&named(name, version)));
        said(about, async {
            not_empty("template name", name)?;
            self.ensure_writable("UpdateInAppTemplate")?;
            let send = self
                .sdk
                .update_in_app_template()
                .template_name(name)
                .in_app_template_request(to_sdk_in_app_template(request)?)
                .set_create_new_version(create_new_version.then_some(true))
                .set_version(version.map(str::to_owned))
                .send();
            self.timed(send, |o| message(o.message_body())).await
        })
        .await
    }

    /// DeleteInAppTemplate: the version asked for, or every version.
    pub async fn delete_in_app_template(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Outcome<MessageBody>, CallError> {
        let about = self.about_account("DeleteInAppTemplate", Some(&named(name, version)));
        said(about, async {
            not_empty("template name", name)?;
            self.ensure_writable("DeleteInAppTemplate")?;
            let send = self
                .sdk
                .delete_in_app_template()
                .template_name(name)
                .set_version(version.map(str::to_owned))
                .send();
            self.timed(send, |o| message(o.message_body())).await
        })
        .await
    }

    /// ListTemplates, every page: the templates whose name starts with `prefix`, of
    /// `template_type` (EMAIL, PUSH, SMS, VOICE, INAPP) when given.
    pub async fn list_templates(
        &self,
        prefix: Option<&str>,
        template_type: Option<&str>,
    ) -> Result<Outcome<TemplatesResponse>, CallError> {
        let about = self.about_account("ListTemplates", None);
        said(about, async {
            let pages = self
                .all_pages(|token| {
                    let send = self
                        .sdk
                        .list_templates()
                        .set_next_token(token)
                        .set_prefix(prefix.map(str::to_owned))
                        .set_template_type(template_type.map(str::to_owned))
                        .send();
                    self.timed(send, |o| page(o.templates_response(), from_sdk_template))
                })
                .await?;
            Ok(pages.map(|item| TemplatesResponse {
                item,
                next_token: None,
            }))
        })
        .await
    }
}
