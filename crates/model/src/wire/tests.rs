//! Round trips of the exchanges recorded in `tests/fixtures/inapp/`, and what each shape
//! refuses: every generated shape reads what Pinpoint sends and writes it back unchanged.

use indexmap::IndexMap;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::wire::*;

/// Reads `text` as a `T` and checks that it writes back the same JSON (member order
/// aside); returns what it read.
fn round_trip<T: Serialize + DeserializeOwned>(text: &str) -> T {
    let given: serde_json::Value = serde_json::from_str(text).expect("the example is JSON");
    let read: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(written, given, "written back differently");
    read
}

/// The error reading `text` as a `T` gives (it must fail).
fn refused<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    serde_json::from_str::<T>(text).expect_err(text).to_string()
}

#[test]
fn create_campaign_body_reads_and_writes_back() {
    let read: WriteCampaignRequest = round_trip(include_str!(
        "../../../../tests/fixtures/inapp/create-campaign.request.json"
    ));
    let message = read.message_configuration.unwrap().in_app_message.unwrap();
    assert_eq!(message.layout.as_deref(), Some("BOTTOM_BANNER"));
    assert_eq!(message.custom_config.unwrap()["promo"], "G10");
    let schedule = read.schedule.unwrap();
    assert_eq!(schedule.frequency.as_deref(), Some("IN_APP_EVENT"));
    let filter = schedule.event_filter.unwrap();
    assert_eq!(filter.filter_type, "ENDPOINT");
    let price = &filter.dimensions.metrics.unwrap()["price"];
    assert_eq!(price.value, 10.0);
    assert_eq!(read.limits.unwrap().session, Some(1));
}

#[test]
fn campaign_answers_read_and_write_back() {
    let read: CampaignResponse = round_trip(include_str!(
        "../../../../tests/fixtures/inapp/campaign.response.json"
    ));
    assert_eq!(read.segment_version, 1);
    assert_eq!(
        read.state.unwrap().campaign_status.as_deref(),
        Some("SCHEDULED")
    );
    let list: CampaignsResponse = round_trip(include_str!(
        "../../../../tests/fixtures/inapp/campaigns.response.json"
    ));
    assert_eq!(list.item.len(), 2);
    assert_eq!(list.next_token.as_deref(), Some("2"));
    let treatment = &list.item[1].additional_treatments.as_ref().unwrap()[0];
    assert_eq!(treatment.size_percent, 40);
}

#[test]
fn every_member_of_a_campaign_is_read() {
    // Members of other channels are declared (not unknown), and kept as given.
    let read: WriteCampaignRequest = round_trip(
        r#"{"AdditionalTreatments":[{"SizePercent":50,"TreatmentName":"b",
              "CustomDeliveryConfiguration":{"DeliveryUri":"https://h","EndpointTypes":["IN_APP"]},
              "TemplateConfiguration":{"InAppTemplate":{"Name":"t","Version":"2"}}}],
            "CustomDeliveryConfiguration":{"DeliveryUri":"arn:aws:lambda:f"},
            "Description":"d","HoldoutPercent":10,"Hook":{"Mode":"FILTER","WebUrl":"https://w"},
            "IsPaused":true,
            "Limits":{"Daily":1,"MaximumDuration":60,"MessagesPerSecond":50,"Total":2,"Session":1},
            "MessageConfiguration":{"ADMMessage":{"Body":"a"},"APNSMessage":{"Body":"a"},
              "BaiduMessage":{"Body":"b"},"CustomMessage":{"Data":"d"},"DefaultMessage":{"Body":"d"},
              "EmailMessage":{"Title":"t","Headers":[{"Name":"n","Value":"v"}]},
              "GCMMessage":{"Body":"g"},"SMSMessage":{"Body":"s","MessageType":"PROMOTIONAL"},
              "InAppMessage":{"Body":"x"}},
            "Name":"n","Schedule":{"StartTime":"IMMEDIATE","IsLocalTime":false,"Timezone":"UTC+05:30"},
            "SegmentId":"s","SegmentVersion":2,"tags":{"team":"qa"},
            "TemplateConfiguration":{"EmailTemplate":{"Name":"e"},"PushTemplate":{"Name":"p"},
              "SMSTemplate":{"Name":"s"},"VoiceTemplate":{"Name":"v"},"InAppTemplate":{"Name":"i"}},
            "TreatmentDescription":"td","TreatmentName":"tn","Priority":5}"#,
    );
    let messages = read.message_configuration.unwrap();
    assert_eq!(messages.email_message.unwrap()["Headers"][0]["Name"], "n");
    assert_eq!(
        read.template_configuration
            .unwrap()
            .voice_template
            .unwrap()
            .name
            .as_deref(),
        Some("v")
    );
}

#[test]
fn campaign_shapes_name_unknown_and_missing_members_are_named() {
    assert!(refused::<WriteCampaignRequest>(r#"{"Tags":{}}"#).contains("Tags"));
    assert!(refused::<MessageConfiguration>(r#"{"PushMessage":{}}"#).contains("PushMessage"));
    assert!(refused::<Schedule>(r#"{"EndTime":"2026-01-01T00:00:00Z"}"#).contains("StartTime"));
    assert!(refused::<WriteTreatmentResource>("{}").contains("SizePercent"));
    assert!(refused::<CustomDeliveryConfiguration>("{}").contains("DeliveryUri"));
    assert!(
        refused::<CampaignResponse>(
            r#"{"Id":"c","Arn":"a","ApplicationId":"a",
            "CreationDate":"d","LastModifiedDate":"d","SegmentId":"s"}"#
        )
        .contains("SegmentVersion")
    );
    // The developer guide's GetInAppMessages example leaves out FilterType; the model
    // requires it.
    assert!(
        refused::<CampaignEventFilter>(
            r#"{"Dimensions":{"EventType":{"DimensionType":"INCLUSIVE","Values":["a"]}}}"#
        )
        .contains("FilterType")
    );
}

#[test]
fn put_events_exchange_reads_and_writes_back() {
    let request: EventsRequest = round_trip(include_str!(
        "../../../../tests/fixtures/inapp/put-events.request.json"
    ));
    let batch = &request.batch_item["ep-1"];
    assert_eq!(batch.endpoint, PublicEndpoint::default());
    let event = &batch.events["e-1"];
    assert_eq!(event.event_type, "purchase");
    assert_eq!(event.metrics.as_ref().unwrap()["price"], 12.5);
    assert_eq!(event.session.as_ref().unwrap().id, "s-1");

    let response: EventsResponse = round_trip(include_str!(
        "../../../../tests/fixtures/inapp/put-events.response.json"
    ));
    let item = &response.results.unwrap()["ep-1"];
    assert_eq!(
        item.endpoint_item_response.as_ref().unwrap().status_code,
        Some(202)
    );
    let events = item.events_item_response.as_ref().unwrap();
    assert_eq!(events["e-1"].message.as_deref(), Some("Accepted"));
}

#[test]
fn a_batch_carries_an_endpoint_update() {
    let batch: EventsBatch = round_trip(
        r#"{"Endpoint":{"Address":"a@example.com","ChannelType":"EMAIL","Metrics":{"n":2},
              "User":{"UserId":"u"}},
            "Events":{"e":{"AppPackageName":"p","AppTitle":"t","AppVersionCode":"3",
              "ClientSdkVersion":"6.0","EventType":"_session.stop","SdkName":"amplify",
              "Session":{"Duration":1500,"Id":"s","StartTimestamp":"2026-09-01T09:58:00.000Z",
                "StopTimestamp":"2026-09-01T09:58:01.500Z"},
              "Timestamp":"2026-09-01T09:58:01.500Z"}}}"#,
    );
    assert_eq!(batch.endpoint.metrics.unwrap()["n"], 2.0);
    assert_eq!(
        batch.events["e"].session.as_ref().unwrap().duration,
        Some(1500)
    );
}

#[test]
fn event_shapes_name_unknown_and_missing_members_are_named() {
    assert!(refused::<EventsRequest>("{}").contains("BatchItem"));
    assert!(refused::<EventsBatch>(r#"{"Events":{}}"#).contains("Endpoint"));
    assert!(refused::<EventsBatch>(r#"{"Endpoint":{}}"#).contains("Events"));
    assert!(refused::<Event>(r#"{"EventType":"a","Timestamp":"t","Name":"x"}"#).contains("Name"));
    assert!(refused::<Event>(r#"{"Timestamp":"t"}"#).contains("EventType"));
    assert!(refused::<Event>(r#"{"EventType":"a"}"#).contains("Timestamp"));
    assert!(refused::<Session>(r#"{"Id":"s"}"#).contains("StartTimestamp"));
    assert!(refused::<PublicEndpoint>(r#"{"Id":"x"}"#).contains("Id"));
}

#[test]
fn get_in_app_messages_answer_reads_and_writes_back() {
    let read: InAppMessagesResponse = round_trip(include_str!(
        "../../../../tests/fixtures/inapp/in-app-messages.response.json"
    ));
    let campaigns = read.in_app_message_campaigns.unwrap();
    let campaign = &campaigns[0];
    assert_eq!(campaign.priority, Some(3));
    let message = campaign.in_app_message.as_ref().unwrap();
    assert_eq!(message.layout.as_deref(), Some("MIDDLE_BANNER"));
    let content = &message.content.as_ref().unwrap()[0];
    assert_eq!(content.header_config.as_ref().unwrap().header, "Sample");
    let button = content.primary_btn.as_ref().unwrap();
    assert_eq!(
        button.default_config.as_ref().unwrap().border_radius,
        Some(50)
    );
    let filter = campaign.schedule.as_ref().unwrap().event_filter.as_ref();
    let dimensions = &filter.unwrap().dimensions;
    assert_eq!(dimensions.attributes.as_ref().map(IndexMap::len), Some(0));
    assert_eq!(
        dimensions.event_type.as_ref().unwrap().values,
        ["_session.start"]
    );
}

#[test]
fn per_platform_buttons_keep_their_model_names() {
    let button: InAppMessageButton = round_trip(
        r##"{"Android":{"ButtonAction":"DEEP_LINK","Link":"app://a"},
            "DefaultConfig":{"BackgroundColor":"#000000","BorderRadius":4,"ButtonAction":"LINK",
              "Link":"https://example.com","Text":"Go","TextColor":"#FFFFFF"},
            "IOS":{"ButtonAction":"CLOSE"},"Web":{"ButtonAction":"LINK","Link":"https://w"}}"##,
    );
    assert_eq!(button.ios.unwrap().button_action, "CLOSE");
    assert!(refused::<InAppMessageButton>(r#"{"Ios":{"ButtonAction":"CLOSE"}}"#).contains("Ios"));
}

#[test]
fn in_app_required_members_are_required() {
    let cases = [
        (
            refused::<InAppMessageBodyConfig>(r#"{"Alignment":"LEFT","Body":"b"}"#),
            "TextColor",
        ),
        (
            refused::<InAppMessageHeaderConfig>(r##"{"Alignment":"LEFT","TextColor":"#000"}"##),
            "Header",
        ),
        (
            refused::<DefaultButtonConfiguration>(r#"{"Text":"t"}"#),
            "ButtonAction",
        ),
        (refused::<OverrideButtonConfiguration>("{}"), "ButtonAction"),
    ];
    for (error, member) in cases {
        assert!(error.contains(member), "{member}: {error}");
    }
}

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
fn template_shapes_name_unknown_and_missing_members_are_named() {
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
