//! The client's calls, one entry each: what the call is about and what is checked before it
//! is sent (its id, whether it writes), the request built on the SDK's fluent builder, and the
//! answer read from the SDK's output. `calls!` makes each entry a method of [`Client`]; an
//! entry whose request takes a `token` follows every page. GetEndpoint, which also reads a
//! header of the answer, is in `endpoints`.

use aws_sdk_pinpoint::types as sdk;

use super::{Client, Outcome, converted, message, page};
use crate::model::sdk::{
    from_sdk_campaign, from_sdk_events_response, from_sdk_in_app_messages,
    from_sdk_in_app_template, from_sdk_response, from_sdk_segment, from_sdk_template,
    from_sdk_template_created, to_sdk_batch_item, to_sdk_events, to_sdk_in_app_template,
    to_sdk_request, to_sdk_write_campaign, to_sdk_write_segment,
};
use crate::model::wire::{
    ApplicationResponse, ApplicationsResponse, CampaignResponse, CampaignsResponse,
    EndpointBatchItem, EndpointRequest, EndpointResponse, EndpointsResponse, EventsRequest,
    EventsResponse, InAppMessagesResponse, InAppTemplateRequest, InAppTemplateResponse,
    MessageBody, SegmentResponse, SegmentsResponse, TemplateCreateMessageBody, TemplatesResponse,
    WriteCampaignRequest, WriteSegmentRequest,
};
use crate::pinpoint::CallError;

/// Makes each entry a method: `call` (about the application) or `account_call`, with the
/// checks chained after it; `|sdk, app|` builds the request from the SDK client and the
/// application id (`|sdk, app, token|`: one page of it); `|o|` reads the answer (a page's
/// items and next token).
macro_rules! calls {
    () => {};
    (
        $(#[$doc:meta])*
        fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty {
            $scope:ident($op:literal, $subject:expr) $(.$check:ident($($check_arg:expr),*))*;
            |$sdk:ident, $app:ident| $request:expr;
            |$o:ident| $answer:expr
        }
        $($rest:tt)*
    ) => {
        impl Client {
            $(#[$doc])*
            pub async fn $name(&self, $($arg: $ty),*) -> Result<Outcome<$out>, CallError> {
                let send = || {
                    let $sdk = &self.sdk;
                    let $app = self.app();
                    Ok($request.send())
                };
                self.$scope($op, $subject)$(.$check($($check_arg),*))*
                    .send(send, |$o| $answer)
                    .await
            }
        }
        calls! { $($rest)* }
    };
    (
        $(#[$doc:meta])*
        fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty {
            $scope:ident($op:literal, $subject:expr) $(.$check:ident($($check_arg:expr),*))*;
            |$sdk:ident, $app:ident, $token:ident| $request:expr;
            |$o:ident| $answer:expr
        }
        $($rest:tt)*
    ) => {
        impl Client {
            $(#[$doc])*
            pub async fn $name(&self, $($arg: $ty),*) -> Result<Outcome<$out>, CallError> {
                self.$scope($op, $subject)$(.$check($($check_arg),*))*
                    .pages(|$token| {
                        let $sdk = &self.sdk;
                        let $app = self.app();
                        self.timed($request.send(), |$o| $answer)
                    })
                    .await
            }
        }
        calls! { $($rest)* }
    };
}

calls! {
    /// GetApps, every page.
    fn get_apps() -> ApplicationsResponse {
        account_call("GetApps", None);
        |sdk, _app, token| sdk.get_apps().set_token(token);
        |o| page(o.applications_response(), application)
    }

    /// CreateApp.
    fn create_app(name: &str) -> ApplicationResponse {
        account_call("CreateApp", Some(name)).writes();
        |sdk, _app| sdk
            .create_app()
            .create_application_request(sdk::CreateApplicationRequest::builder().name(name).build());
        |o| converted(o.application_response(), application)
    }

    /// GetUserEndpoints.
    fn get_user_endpoints(user_id: &str) -> EndpointsResponse {
        call("GetUserEndpoints", Some(user_id)).id("user id", user_id);
        |sdk, app| sdk.get_user_endpoints().application_id(app).user_id(user_id);
        |o| endpoints(o.endpoints_response())
    }

    /// UpdateEndpoint.
    fn update_endpoint(endpoint_id: &str, request: &EndpointRequest) -> MessageBody {
        call("UpdateEndpoint", Some(endpoint_id)).id("endpoint id", endpoint_id).writes();
        |sdk, app| sdk
            .update_endpoint()
            .application_id(app)
            .endpoint_id(endpoint_id)
            .endpoint_request(to_sdk_request(request));
        |o| message(o.message_body())
    }

    /// UpdateEndpointsBatch (at most 100 items; the caller splits larger sets).
    fn update_endpoints_batch(items: &[EndpointBatchItem]) -> MessageBody {
        call("UpdateEndpointsBatch", None).writes();
        |sdk, app| sdk
            .update_endpoints_batch()
            .application_id(app)
            .endpoint_batch_request(
                sdk::EndpointBatchRequest::builder()
                    .set_item(Some(items.iter().map(to_sdk_batch_item).collect()))
                    .build(),
            );
        |o| message(o.message_body())
    }

    /// DeleteEndpoint: returns the endpoint that was removed.
    fn delete_endpoint(endpoint_id: &str) -> EndpointResponse {
        call("DeleteEndpoint", Some(endpoint_id)).id("endpoint id", endpoint_id).writes();
        |sdk, app| sdk.delete_endpoint().application_id(app).endpoint_id(endpoint_id);
        |o| converted(o.endpoint_response(), from_sdk_response)
    }

    /// DeleteUserEndpoints: returns the endpoints that were removed.
    fn delete_user_endpoints(user_id: &str) -> EndpointsResponse {
        call("DeleteUserEndpoints", Some(user_id)).id("user id", user_id).writes();
        |sdk, app| sdk.delete_user_endpoints().application_id(app).user_id(user_id);
        |o| endpoints(o.endpoints_response())
    }

    /// PutEvents: the endpoints' updates and their events; the answer has a status for each.
    fn put_events(request: &EventsRequest) -> EventsResponse {
        call("PutEvents", only_endpoint(request)).writes();
        |sdk, app| sdk.put_events().application_id(app).events_request(to_sdk_events(request)?);
        |o| converted(o.events_response(), from_sdk_events_response)
    }

    /// GetInAppMessages: the in-app campaigns an endpoint is entitled to.
    fn get_in_app_messages(endpoint_id: &str) -> InAppMessagesResponse {
        call("GetInAppMessages", Some(endpoint_id)).id("endpoint id", endpoint_id);
        |sdk, app| sdk.get_in_app_messages().application_id(app).endpoint_id(endpoint_id);
        |o| converted(o.in_app_messages_response(), from_sdk_in_app_messages)
    }

    /// CreateSegment.
    fn create_segment(request: &WriteSegmentRequest) -> SegmentResponse {
        call("CreateSegment", request.name.as_deref()).writes();
        |sdk, app| sdk
            .create_segment()
            .application_id(app)
            .write_segment_request(to_sdk_write_segment(request));
        |o| converted(o.segment_response(), from_sdk_segment)
    }

    /// GetSegment.
    fn get_segment(segment_id: &str) -> SegmentResponse {
        call("GetSegment", Some(segment_id)).id("segment id", segment_id);
        |sdk, app| sdk.get_segment().application_id(app).segment_id(segment_id);
        |o| converted(o.segment_response(), from_sdk_segment)
    }

    /// GetSegmentVersion: the segment as it was at `version`.
    fn get_segment_version(segment_id: &str, version: i64) -> SegmentResponse {
        call("GetSegmentVersion", Some(&named(segment_id, Some(version))))
            .id("segment id", segment_id);
        |sdk, app| sdk
            .get_segment_version()
            .application_id(app)
            .segment_id(segment_id)
            .version(version.to_string());
        |o| converted(o.segment_response(), from_sdk_segment)
    }

    /// GetSegments, every page.
    fn get_segments() -> SegmentsResponse {
        call("GetSegments", None);
        |sdk, app, token| sdk.get_segments().application_id(app).set_token(token);
        |o| page(o.segments_response(), from_sdk_segment)
    }

    /// CreateCampaign.
    fn create_campaign(request: &WriteCampaignRequest) -> CampaignResponse {
        call("CreateCampaign", request.name.as_deref()).writes();
        |sdk, app| sdk
            .create_campaign()
            .application_id(app)
            .write_campaign_request(to_sdk_write_campaign(request)?);
        |o| converted(o.campaign_response(), from_sdk_campaign)
    }

    /// GetCampaigns, every page.
    fn get_campaigns() -> CampaignsResponse {
        call("GetCampaigns", None);
        |sdk, app, token| sdk.get_campaigns().application_id(app).set_token(token);
        |o| page(o.campaigns_response(), from_sdk_campaign)
    }

    /// GetCampaign.
    fn get_campaign(campaign_id: &str) -> CampaignResponse {
        call("GetCampaign", Some(campaign_id)).id("campaign id", campaign_id);
        |sdk, app| sdk.get_campaign().application_id(app).campaign_id(campaign_id);
        |o| converted(o.campaign_response(), from_sdk_campaign)
    }

    /// UpdateCampaign: the request replaces the campaign's definition.
    fn update_campaign(campaign_id: &str, request: &WriteCampaignRequest) -> CampaignResponse {
        call("UpdateCampaign", Some(campaign_id)).id("campaign id", campaign_id).writes();
        |sdk, app| sdk
            .update_campaign()
            .application_id(app)
            .campaign_id(campaign_id)
            .write_campaign_request(to_sdk_write_campaign(request)?);
        |o| converted(o.campaign_response(), from_sdk_campaign)
    }

    /// DeleteCampaign: returns the campaign that was removed.
    fn delete_campaign(campaign_id: &str) -> CampaignResponse {
        call("DeleteCampaign", Some(campaign_id)).id("campaign id", campaign_id).writes();
        |sdk, app| sdk.delete_campaign().application_id(app).campaign_id(campaign_id);
        |o| converted(o.campaign_response(), from_sdk_campaign)
    }

    /// CreateInAppTemplate. Templates belong to the account, not to an application.
    fn create_in_app_template(
        name: &str,
        request: &InAppTemplateRequest
    ) -> TemplateCreateMessageBody {
        account_call("CreateInAppTemplate", Some(name)).id("template name", name).writes();
        |sdk, _app| sdk
            .create_in_app_template()
            .template_name(name)
            .in_app_template_request(to_sdk_in_app_template(request)?);
        |o| converted(o.template_create_message_body(), from_sdk_template_created)
    }

    /// GetInAppTemplate: the version asked for, or the active one.
    fn get_in_app_template(name: &str, version: Option<&str>) -> InAppTemplateResponse {
        account_call("GetInAppTemplate", Some(&named(name, version))).id("template name", name);
        |sdk, _app| sdk
            .get_in_app_template()
            .template_name(name)
            .set_version(version.map(str::to_owned));
        |o| converted(o.in_app_template_response(), from_sdk_in_app_template)
    }

    /// UpdateInAppTemplate: a new version when `create_new_version`, otherwise `version`
    /// (or the latest) is overwritten.
    fn update_in_app_template(
        name: &str,
        request: &InAppTemplateRequest,
        create_new_version: bool,
        version: Option<&str>
    ) -> MessageBody {
        account_call("UpdateInAppTemplate", Some(&named(name, version)))
            .id("template name", name)
            .writes();
        |sdk, _app| sdk
            .update_in_app_template()
            .template_name(name)
            .in_app_template_request(to_sdk_in_app_template(request)?)
            .set_create_new_version(create_new_version.then_some(true))
            .set_version(version.map(str::to_owned));
        |o| message(o.message_body())
    }

    /// DeleteInAppTemplate: the version asked for, or every version.
    fn delete_in_app_template(name: &str, version: Option<&str>) -> MessageBody {
        account_call("DeleteInAppTemplate", Some(&named(name, version)))
            .id("template name", name)
            .writes();
        |sdk, _app| sdk
            .delete_in_app_template()
            .template_name(name)
            .set_version(version.map(str::to_owned));
        |o| message(o.message_body())
    }

    /// ListTemplates, every page: the templates whose name starts with `prefix`, of
    /// `template_type` (EMAIL, PUSH, SMS, VOICE, INAPP) when given.
    fn list_templates(prefix: Option<&str>, template_type: Option<&str>) -> TemplatesResponse {
        account_call("ListTemplates", None);
        |sdk, _app, token| sdk
            .list_templates()
            .set_next_token(token)
            .set_prefix(prefix.map(str::to_owned))
            .set_template_type(template_type.map(str::to_owned));
        |o| page(o.templates_response(), from_sdk_template)
    }
}

/// A PutEvents' one endpoint id, when it has one only: what its errors are about.
fn only_endpoint(request: &EventsRequest) -> Option<&str> {
    let mut ids = request.batch_item.keys();
    match (ids.next(), ids.next()) {
        (Some(only), None) => Some(only.as_str()),
        _ => None,
    }
}

/// A template's or segment's name or id, with the version asked for (`spring-sale version
/// 2`): what a call about one version is about.
fn named(name: &str, version: Option<impl std::fmt::Display>) -> String {
    match version {
        Some(version) => format!("{name} version {version}"),
        None => name.to_owned(),
    }
}

/// GetUserEndpoints' and DeleteUserEndpoints' answer: every endpoint, none when absent.
fn endpoints(response: Option<&sdk::EndpointsResponse>) -> EndpointsResponse {
    EndpointsResponse {
        item: response
            .map(|r| r.item().iter().map(from_sdk_response).collect())
            .unwrap_or_default(),
    }
}

/// An application as the SDK parses it, its tags sorted by name.
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
