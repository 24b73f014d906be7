//! Campaigns: WriteCampaignRequest and CampaignResponse, with their schedule, event filter,
//! hook, limits, message and template configuration and treatments.
//!
//! Only in-app messages are sent: a message of another channel is refused, naming its
//! member. Read back, other channels' messages are kept as JSON, so that nothing a service
//! returns is dropped.

use aws_sdk_pinpoint::types as sdk;
use serde_json::Value;

use super::inapp::{from_sdk_campaign_message, to_sdk_campaign_message};
use super::segments::{
    from_sdk_attribute, from_sdk_metric, from_sdk_set, to_sdk_attribute, to_sdk_metric, to_sdk_set,
};
use super::{
    NotSendable, at, from_hash, int, list, map_from, map_to, optional_enum, required,
    required_enum, to_hash,
};
use crate::wire::{
    CampaignEventFilter, CampaignHook, CampaignLimits, CampaignResponse, CampaignState,
    CustomDeliveryConfiguration, EventDimensions, MessageConfiguration, QuietTime, Schedule,
    Template, TemplateConfiguration, TreatmentResource, WriteCampaignRequest,
    WriteTreatmentResource,
};

/// The SDK's event filter of a campaign.
fn to_sdk_event_filter(f: &CampaignEventFilter) -> sdk::CampaignEventFilter {
    let d = &f.dimensions;
    let dimensions = sdk::EventDimensions::builder()
        .set_attributes(map_to(&d.attributes, to_sdk_attribute))
        .set_event_type(d.event_type.as_ref().map(to_sdk_set))
        .set_metrics(map_to(&d.metrics, to_sdk_metric))
        .build();
    sdk::CampaignEventFilter::builder()
        .dimensions(dimensions)
        .filter_type(sdk::FilterType::from(f.filter_type.as_str()))
        .build()
}

/// The wire event filter of a campaign (also of GetInAppMessages' schedules).
pub(super) fn from_sdk_event_filter(f: &sdk::CampaignEventFilter) -> CampaignEventFilter {
    let dimensions = f
        .dimensions
        .as_ref()
        .map(|d| EventDimensions {
            attributes: map_from(d.attributes.as_ref(), from_sdk_attribute),
            event_type: d.event_type.as_ref().map(from_sdk_set),
            metrics: map_from(d.metrics.as_ref(), from_sdk_metric),
        })
        .unwrap_or_default();
    CampaignEventFilter {
        dimensions,
        filter_type: required_enum(f.filter_type.as_ref()),
    }
}

fn to_sdk_quiet_time(q: &QuietTime) -> sdk::QuietTime {
    sdk::QuietTime::builder()
        .set_end(q.end.clone())
        .set_start(q.start.clone())
        .build()
}

/// The wire quiet time (also of GetInAppMessages' schedules).
pub(super) fn from_sdk_quiet_time(q: &sdk::QuietTime) -> QuietTime {
    QuietTime {
        end: q.end.clone(),
        start: q.start.clone(),
    }
}

fn to_sdk_schedule(s: &Schedule) -> sdk::Schedule {
    sdk::Schedule::builder()
        .set_end_time(s.end_time.clone())
        .set_event_filter(s.event_filter.as_ref().map(to_sdk_event_filter))
        .set_frequency(s.frequency.as_deref().map(sdk::Frequency::from))
        .set_is_local_time(s.is_local_time)
        .set_quiet_time(s.quiet_time.as_ref().map(to_sdk_quiet_time))
        .start_time(s.start_time.clone())
        .set_timezone(s.timezone.clone())
        .build()
}

fn from_sdk_schedule(s: &sdk::Schedule) -> Schedule {
    Schedule {
        end_time: s.end_time.clone(),
        event_filter: s.event_filter.as_ref().map(from_sdk_event_filter),
        frequency: optional_enum(&s.frequency),
        is_local_time: s.is_local_time,
        quiet_time: s.quiet_time.as_ref().map(from_sdk_quiet_time),
        start_time: required(&s.start_time),
        timezone: s.timezone.clone(),
    }
}

fn to_sdk_hook(h: &CampaignHook) -> sdk::CampaignHook {
    sdk::CampaignHook::builder()
        .set_lambda_function_name(h.lambda_function_name.clone())
        .set_mode(h.mode.as_deref().map(sdk::Mode::from))
        .set_web_url(h.web_url.clone())
        .build()
}

fn from_sdk_hook(h: &sdk::CampaignHook) -> CampaignHook {
    CampaignHook {
        lambda_function_name: h.lambda_function_name.clone(),
        mode: optional_enum(&h.mode),
        web_url: h.web_url.clone(),
    }
}

fn to_sdk_limits(path: &str, l: &CampaignLimits) -> Result<sdk::CampaignLimits, NotSendable> {
    let path = at(path, "Limits");
    Ok(sdk::CampaignLimits::builder()
        .set_daily(int(&path, "Daily", l.daily)?)
        .set_maximum_duration(int(&path, "MaximumDuration", l.maximum_duration)?)
        .set_messages_per_second(int(&path, "MessagesPerSecond", l.messages_per_second)?)
        .set_total(int(&path, "Total", l.total)?)
        .set_session(int(&path, "Session", l.session)?)
        .build())
}

fn from_sdk_limits(l: &sdk::CampaignLimits) -> CampaignLimits {
    CampaignLimits {
        daily: l.daily.map(i64::from),
        maximum_duration: l.maximum_duration.map(i64::from),
        messages_per_second: l.messages_per_second.map(i64::from),
        total: l.total.map(i64::from),
        session: l.session.map(i64::from),
    }
}

fn to_sdk_delivery(d: &CustomDeliveryConfiguration) -> sdk::CustomDeliveryConfiguration {
    sdk::CustomDeliveryConfiguration::builder()
        .delivery_uri(d.delivery_uri.clone())
        .set_endpoint_types(d.endpoint_types.as_ref().map(|types| {
            types
                .iter()
                .map(|t| sdk::EndpointTypesElement::from(t.as_str()))
                .collect()
        }))
        .build()
}

fn from_sdk_delivery(d: &sdk::CustomDeliveryConfiguration) -> CustomDeliveryConfiguration {
    CustomDeliveryConfiguration {
        delivery_uri: required(&d.delivery_uri),
        endpoint_types: d
            .endpoint_types
            .as_ref()
            .map(|types| types.iter().map(|t| t.as_str().to_owned()).collect()),
    }
}

/// The SDK's message configuration: its in-app message; any other channel's is refused.
fn to_sdk_messages(
    path: &str,
    m: &MessageConfiguration,
) -> Result<sdk::MessageConfiguration, NotSendable> {
    let path = at(path, "MessageConfiguration");
    let others = [
        ("ADMMessage", &m.adm_message),
        ("APNSMessage", &m.apns_message),
        ("BaiduMessage", &m.baidu_message),
        ("CustomMessage", &m.custom_message),
        ("DefaultMessage", &m.default_message),
        ("EmailMessage", &m.email_message),
        ("GCMMessage", &m.gcm_message),
        ("SMSMessage", &m.sms_message),
    ];
    if let Some((member, _)) = others.iter().find(|(_, message)| message.is_some()) {
        return Err(NotSendable {
            path: at(&path, member),
            reason: "only in-app messages are supported (InAppMessage)".into(),
        });
    }
    let in_app = m
        .in_app_message
        .as_ref()
        .map(|i| to_sdk_campaign_message(&at(&path, "InAppMessage"), i))
        .transpose()?;
    Ok(sdk::MessageConfiguration::builder()
        .set_in_app_message(in_app)
        .build())
}

/// A JSON object of the members that are present.
fn object<const N: usize>(members: [(&str, Option<Value>); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect(),
    )
}

fn text(value: &Option<String>) -> Option<Value> {
    value.clone().map(Value::from)
}

fn push_message_json(m: &sdk::Message) -> Value {
    object([
        ("Action", optional_enum(&m.action).map(Value::from)),
        ("Body", text(&m.body)),
        ("ImageIconUrl", text(&m.image_icon_url)),
        ("ImageSmallIconUrl", text(&m.image_small_icon_url)),
        ("ImageUrl", text(&m.image_url)),
        ("JsonBody", text(&m.json_body)),
        ("MediaUrl", text(&m.media_url)),
        ("RawContent", text(&m.raw_content)),
        ("SilentPush", m.silent_push.map(Value::from)),
        ("TimeToLive", m.time_to_live.map(Value::from)),
        ("Title", text(&m.title)),
        ("Url", text(&m.url)),
    ])
}

fn email_message_json(m: &sdk::CampaignEmailMessage) -> Value {
    let headers = m.headers.as_ref().map(|headers| {
        headers
            .iter()
            .map(|h| object([("Name", text(&h.name)), ("Value", text(&h.value))]))
            .collect()
    });
    object([
        ("Body", text(&m.body)),
        ("FromAddress", text(&m.from_address)),
        ("Headers", headers),
        ("HtmlBody", text(&m.html_body)),
        ("Title", text(&m.title)),
    ])
}

fn sms_message_json(m: &sdk::CampaignSmsMessage) -> Value {
    object([
        ("Body", text(&m.body)),
        (
            "MessageType",
            optional_enum(&m.message_type).map(Value::from),
        ),
        ("OriginationNumber", text(&m.origination_number)),
        ("SenderId", text(&m.sender_id)),
        ("EntityId", text(&m.entity_id)),
        ("TemplateId", text(&m.template_id)),
    ])
}

fn from_sdk_messages(m: &sdk::MessageConfiguration) -> MessageConfiguration {
    let push = |m: &Option<sdk::Message>| m.as_ref().map(push_message_json);
    MessageConfiguration {
        adm_message: push(&m.adm_message),
        apns_message: push(&m.apns_message),
        baidu_message: push(&m.baidu_message),
        custom_message: m
            .custom_message
            .as_ref()
            .map(|c| object([("Data", text(&c.data))])),
        default_message: push(&m.default_message),
        email_message: m.email_message.as_ref().map(email_message_json),
        gcm_message: push(&m.gcm_message),
        sms_message: m.sms_message.as_ref().map(sms_message_json),
        in_app_message: m.in_app_message.as_ref().map(from_sdk_campaign_message),
    }
}

fn to_sdk_template(t: &Template) -> sdk::Template {
    sdk::Template::builder()
        .set_name(t.name.clone())
        .set_version(t.version.clone())
        .build()
}

fn from_sdk_template(t: &sdk::Template) -> Template {
    Template {
        name: t.name.clone(),
        version: t.version.clone(),
    }
}

fn to_sdk_templates(t: &TemplateConfiguration) -> sdk::TemplateConfiguration {
    let template = |t: &Option<Template>| t.as_ref().map(to_sdk_template);
    sdk::TemplateConfiguration::builder()
        .set_email_template(template(&t.email_template))
        .set_push_template(template(&t.push_template))
        .set_sms_template(template(&t.sms_template))
        .set_voice_template(template(&t.voice_template))
        .set_in_app_template(template(&t.in_app_template))
        .build()
}

fn from_sdk_templates(t: &sdk::TemplateConfiguration) -> TemplateConfiguration {
    let template = |t: &Option<sdk::Template>| t.as_ref().map(from_sdk_template);
    TemplateConfiguration {
        email_template: template(&t.email_template),
        push_template: template(&t.push_template),
        sms_template: template(&t.sms_template),
        voice_template: template(&t.voice_template),
        in_app_template: template(&t.in_app_template),
    }
}

fn from_sdk_state(s: &sdk::CampaignState) -> CampaignState {
    CampaignState {
        campaign_status: optional_enum(&s.campaign_status),
    }
}

fn to_sdk_treatment(
    path: &str,
    t: &WriteTreatmentResource,
) -> Result<sdk::WriteTreatmentResource, NotSendable> {
    let messages = t
        .message_configuration
        .as_ref()
        .map(|m| to_sdk_messages(path, m))
        .transpose()?;
    Ok(sdk::WriteTreatmentResource::builder()
        .set_custom_delivery_configuration(
            t.custom_delivery_configuration
                .as_ref()
                .map(to_sdk_delivery),
        )
        .set_message_configuration(messages)
        .set_schedule(t.schedule.as_ref().map(to_sdk_schedule))
        .set_size_percent(int(path, "SizePercent", Some(t.size_percent))?)
        .set_template_configuration(t.template_configuration.as_ref().map(to_sdk_templates))
        .set_treatment_description(t.treatment_description.clone())
        .set_treatment_name(t.treatment_name.clone())
        .build())
}

fn from_sdk_treatment(t: &sdk::TreatmentResource) -> TreatmentResource {
    TreatmentResource {
        custom_delivery_configuration: t
            .custom_delivery_configuration
            .as_ref()
            .map(from_sdk_delivery),
        id: required(&t.id),
        message_configuration: t.message_configuration.as_ref().map(from_sdk_messages),
        schedule: t.schedule.as_ref().map(from_sdk_schedule),
        size_percent: t.size_percent.map(i64::from).unwrap_or_default(),
        state: t.state.as_ref().map(from_sdk_state),
        template_configuration: t.template_configuration.as_ref().map(from_sdk_templates),
        treatment_description: t.treatment_description.clone(),
        treatment_name: t.treatment_name.clone(),
    }
}

/// The SDK's WriteCampaignRequest for a wire one, or the member the SDK cannot send (a
/// message of another channel than in-app, an integer beyond 32 bits).
pub fn to_sdk_write_campaign(
    r: &WriteCampaignRequest,
) -> Result<sdk::WriteCampaignRequest, NotSendable> {
    let messages = r
        .message_configuration
        .as_ref()
        .map(|m| to_sdk_messages("", m))
        .transpose()?;
    Ok(sdk::WriteCampaignRequest::builder()
        .set_additional_treatments(list(
            "",
            "AdditionalTreatments",
            &r.additional_treatments,
            to_sdk_treatment,
        )?)
        .set_custom_delivery_configuration(
            r.custom_delivery_configuration
                .as_ref()
                .map(to_sdk_delivery),
        )
        .set_description(r.description.clone())
        .set_holdout_percent(int("", "HoldoutPercent", r.holdout_percent)?)
        .set_hook(r.hook.as_ref().map(to_sdk_hook))
        .set_is_paused(r.is_paused)
        .set_limits(
            r.limits
                .as_ref()
                .map(|l| to_sdk_limits("", l))
                .transpose()?,
        )
        .set_message_configuration(messages)
        .set_name(r.name.clone())
        .set_schedule(r.schedule.as_ref().map(to_sdk_schedule))
        .set_segment_id(r.segment_id.clone())
        .set_segment_version(int("", "SegmentVersion", r.segment_version)?)
        .set_tags(to_hash(&r.tags))
        .set_template_configuration(r.template_configuration.as_ref().map(to_sdk_templates))
        .set_treatment_description(r.treatment_description.clone())
        .set_treatment_name(r.treatment_name.clone())
        .set_priority(int("", "Priority", r.priority)?)
        .build())
}

/// The wire CampaignResponse for what the SDK parsed.
pub fn from_sdk_campaign(r: &sdk::CampaignResponse) -> CampaignResponse {
    CampaignResponse {
        additional_treatments: r
            .additional_treatments
            .as_ref()
            .map(|t| t.iter().map(from_sdk_treatment).collect()),
        application_id: required(&r.application_id),
        arn: required(&r.arn),
        creation_date: required(&r.creation_date),
        custom_delivery_configuration: r
            .custom_delivery_configuration
            .as_ref()
            .map(from_sdk_delivery),
        default_state: r.default_state.as_ref().map(from_sdk_state),
        description: r.description.clone(),
        holdout_percent: r.holdout_percent.map(i64::from),
        hook: r.hook.as_ref().map(from_sdk_hook),
        id: required(&r.id),
        is_paused: r.is_paused,
        last_modified_date: required(&r.last_modified_date),
        limits: r.limits.as_ref().map(from_sdk_limits),
        message_configuration: r.message_configuration.as_ref().map(from_sdk_messages),
        name: r.name.clone(),
        schedule: r.schedule.as_ref().map(from_sdk_schedule),
        segment_id: required(&r.segment_id),
        segment_version: r.segment_version.map(i64::from).unwrap_or_default(),
        state: r.state.as_ref().map(from_sdk_state),
        tags: from_hash(r.tags.as_ref()),
        template_configuration: r.template_configuration.as_ref().map(from_sdk_templates),
        treatment_description: r.treatment_description.clone(),
        treatment_name: r.treatment_name.clone(),
        version: r.version.map(i64::from),
        priority: r.priority.map(i64::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign(text: &str) -> WriteCampaignRequest {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn messages_of_other_channels_are_refused_by_name() {
        let err = to_sdk_write_campaign(&campaign(
            r#"{"MessageConfiguration":{"InAppMessage":{"Body":"x"},"EmailMessage":{"Title":"t"}}}"#,
        ))
        .unwrap_err();
        assert_eq!(err.path, "MessageConfiguration.EmailMessage");
        let err = to_sdk_write_campaign(&campaign(
            r#"{"AdditionalTreatments":[{"SizePercent":10},
                {"SizePercent":20,"MessageConfiguration":{"SMSMessage":{"Body":"s"}}}]}"#,
        ))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "AdditionalTreatments[1].MessageConfiguration.SMSMessage: only in-app messages are supported (InAppMessage)"
        );
    }

    #[test]
    fn integers_beyond_32_bits_are_refused_by_name() {
        let err =
            to_sdk_write_campaign(&campaign(r#"{"Limits":{"Daily":1099511627776}}"#)).unwrap_err();
        assert_eq!(err.path, "Limits.Daily");
        assert!(err.reason.contains("1099511627776"), "{err}");
        let err = to_sdk_write_campaign(&campaign(
            r#"{"MessageConfiguration":{"InAppMessage":{"Content":[{},
                {"SecondaryBtn":{"DefaultConfig":{"ButtonAction":"CLOSE","Text":"x",
                  "BorderRadius":-3000000000}}}]}}}"#,
        ))
        .unwrap_err();
        assert_eq!(
            err.path,
            "MessageConfiguration.InAppMessage.Content[1].SecondaryBtn.DefaultConfig.BorderRadius"
        );
        let fits = campaign(r#"{"Priority":2147483647,"SegmentVersion":-2147483648}"#);
        let sent = to_sdk_write_campaign(&fits).unwrap();
        assert_eq!(
            (sent.priority, sent.segment_version),
            (Some(i32::MAX), Some(i32::MIN))
        );
    }

    #[test]
    fn other_channels_read_back_are_kept_as_json() {
        let email = sdk::CampaignEmailMessage::builder()
            .title("t")
            .headers(sdk::MessageHeader::builder().name("n").value("v").build())
            .build();
        let sms = sdk::CampaignSmsMessage::builder()
            .body("b")
            .message_type(sdk::MessageType::Promotional)
            .build();
        let push = sdk::Message::builder()
            .action(sdk::Action::DeepLink)
            .silent_push(true)
            .time_to_live(60)
            .build();
        let messages = sdk::MessageConfiguration::builder()
            .email_message(email)
            .sms_message(sms)
            .gcm_message(push)
            .custom_message(sdk::CampaignCustomMessage::builder().data("d").build())
            .build();
        let read = from_sdk_messages(&messages);
        assert_eq!(
            serde_json::to_value(&read).unwrap(),
            serde_json::json!({
                "CustomMessage": {"Data": "d"},
                "EmailMessage": {"Headers": [{"Name": "n", "Value": "v"}], "Title": "t"},
                "GCMMessage": {"Action": "DEEP_LINK", "SilentPush": true, "TimeToLive": 60},
                "SMSMessage": {"Body": "b", "MessageType": "PROMOTIONAL"},
            })
        );
    }
}
