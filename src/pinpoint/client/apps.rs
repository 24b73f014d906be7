//! Application calls: GetApps and CreateApp.

use aws_sdk_pinpoint::types as sdk;

use super::{Client, Outcome, converted, page};
use crate::model::wire::{ApplicationResponse, ApplicationsResponse};
use crate::pinpoint::CallError;

impl Client {
    /// GetApps, every page.
    pub async fn get_apps(&self) -> Result<Outcome<ApplicationsResponse>, CallError> {
        self.account_call("GetApps", None)
            .pages(|token| {
                let send = self.sdk.get_apps().set_token(token).send();
                self.timed(send, |o| page(o.applications_response(), application))
            })
            .await
    }

    /// CreateApp.
    pub async fn create_app(&self, name: &str) -> Result<Outcome<ApplicationResponse>, CallError> {
        let request = || {
            let request = sdk::CreateApplicationRequest::builder().name(name).build();
            Ok(self
                .sdk
                .create_app()
                .create_application_request(request)
                .send())
        };
        self.account_call("CreateApp", Some(name))
            .writes()
            .send(request, |o| {
                converted(o.application_response(), application)
            })
            .await
    }
}

fn application(app: &sdk::ApplicationResponse) -> ApplicationResponse {
    let tags = app.tags().map(|t| {
        let mut tags: indexmap::IndexMap<String, String> =
            t.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        tags.sort_keys();
        tags
    });
    ApplicationResponse {
        arn: app.arn().unwrap_or_default().to_string(),
        id: app.id().unwrap_or_default().to_string(),
        name: app.name().unwrap_or_default().to_string(),
        tags,
        creation_date: app.creation_date().map(str::to_owned),
    }
}
