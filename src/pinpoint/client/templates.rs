//! In-app template calls: CreateInAppTemplate, GetInAppTemplate, UpdateInAppTemplate,
//! DeleteInAppTemplate, and ListTemplates. Templates belong to the account, not to an
//! application.

use super::{Client, Outcome, converted, message, page};
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
        let send = || {
            Ok(self
                .sdk
                .create_in_app_template()
                .template_name(name)
                .in_app_template_request(to_sdk_in_app_template(request)?)
                .send())
        };
        self.account_call("CreateInAppTemplate", Some(name))
            .id("template name", name)
            .writes()
            .send(send, |o| {
                converted(o.template_create_message_body(), from_sdk_template_created)
            })
            .await
    }

    /// GetInAppTemplate: the version asked for, or the active one.
    pub async fn get_in_app_template(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Outcome<InAppTemplateResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .get_in_app_template()
                .template_name(name)
                .set_version(version.map(str::to_owned))
                .send())
        };
        self.account_call("GetInAppTemplate", Some(&named(name, version)))
            .id("template name", name)
            .send(send, |o| {
                converted(o.in_app_template_response(), from_sdk_in_app_template)
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
        let send = || {
            Ok(self
                .sdk
                .update_in_app_template()
                .template_name(name)
                .in_app_template_request(to_sdk_in_app_template(request)?)
                .set_create_new_version(create_new_version.then_some(true))
                .set_version(version.map(str::to_owned))
                .send())
        };
        self.account_call("UpdateInAppTemplate", Some(&named(name, version)))
            .id("template name", name)
            .writes()
            .send(send, |o| message(o.message_body()))
            .await
    }

    /// DeleteInAppTemplate: the version asked for, or every version.
    pub async fn delete_in_app_template(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Outcome<MessageBody>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .delete_in_app_template()
                .template_name(name)
                .set_version(version.map(str::to_owned))
                .send())
        };
        self.account_call("DeleteInAppTemplate", Some(&named(name, version)))
            .id("template name", name)
            .writes()
            .send(send, |o| message(o.message_body()))
            .await
    }

    /// ListTemplates, every page: the templates whose name starts with `prefix`, of
    /// `template_type` (EMAIL, PUSH, SMS, VOICE, INAPP) when given.
    pub async fn list_templates(
        &self,
        prefix: Option<&str>,
        template_type: Option<&str>,
    ) -> Result<Outcome<TemplatesResponse>, CallError> {
        self.account_call("ListTemplates", None)
            .pages(|token| {
                let send = self
                    .sdk
                    .list_templates()
                    .set_next_token(token)
                    .set_prefix(prefix.map(str::to_owned))
                    .set_template_type(template_type.map(str::to_owned))
                    .send();
                self.timed(send, |o| page(o.templates_response(), from_sdk_template))
            })
            .await
    }
}
