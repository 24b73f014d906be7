use super::*;
use crate::wire::{
    CampaignState, InAppMessageBodyConfig, InAppMessageContent, InAppMessageHeaderConfig,
    SegmentDimensions, Template, TreatmentResource,
};
use indexmap::indexmap;

const NOW: &str = "2026-11-30T12:00:00Z";

fn now() -> OffsetDateTime {
    parse_instant(NOW).unwrap()
}

/// The reference's campaign (§4): in-app, on `purchase` with item gloves and price >= 10,
/// September to December 2026, to segment `s-all`.
fn campaign() -> CampaignResponse {
    let mut c: CampaignResponse = serde_json::from_str(include_str!(
        "../../../../tests/fixtures/inapp/campaign.response.json"
    ))
    .unwrap();
    c.segment_id = "s-all".into();
    c
}

fn everyone() -> SegmentResponse {
    SegmentResponse {
        id: "s-all".into(),
        name: Some("everyone".into()),
        segment_type: "DIMENSIONAL".into(),
        dimensions: Some(SegmentDimensions::default()),
        version: Some(1),
        ..Default::default()
    }
}

fn app_user() -> UserInfo {
    UserInfo {
        endpoint_id: Some("app-1".into()),
        channel_type: Some("IN_APP".into()),
        ..Default::default()
    }
}

fn answer(c: &CampaignResponse, endpoint: &UserInfo, segments: &[SegmentResponse]) -> Delivery {
    answer_with(c, endpoint, segments, &[])
}

fn answer_with(
    c: &CampaignResponse,
    endpoint: &UserInfo,
    segments: &[SegmentResponse],
    templates: &[InAppTemplateResponse],
) -> Delivery {
    let catalog = Catalog {
        segments,
        segment_versions: &[],
        templates,
        now: now(),
    };
    let mut all = deliveries(std::slice::from_ref(c), endpoint, None, &catalog);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// The texts of the failing checks.
fn failing(d: &Delivery) -> Vec<String> {
    d.criteria
        .lines()
        .into_iter()
        .filter(|(_, c)| c.children.is_empty() && c.verdict != Verdict::Match)
        .map(|(_, c)| c.text.clone())
        .collect()
}

#[test]
fn an_in_app_endpoint_in_the_segment_gets_the_campaign_shaped_as_the_device_receives_it() {
    let d = answer(&campaign(), &app_user(), &[everyone()]);
    assert_eq!(d.verdict, Verdict::Match, "{:#?}", d.criteria);
    let m = d.message.unwrap();
    assert_eq!(
        m.campaign_id.as_deref(),
        Some("3c9e2b7a41d04c5f8e6a9b0c1d2e3f4a")
    );
    assert_eq!(
        (m.session_cap, m.daily_cap, m.total_cap),
        (Some(1), Some(3), Some(10))
    );
    assert_eq!(m.priority, Some(1));
    assert_eq!(m.treatment_id.as_deref(), Some("0"));
    let schedule = m.schedule.unwrap();
    assert_eq!(schedule.end_date.as_deref(), Some("2026-12-31T23:59:59Z"));
    assert_eq!(schedule.quiet_time.unwrap().start.as_deref(), Some("22:00"));
    assert_eq!(
        schedule
            .event_filter
            .unwrap()
            .dimensions
            .event_type
            .unwrap()
            .values,
        ["purchase"]
    );
    let message = m.in_app_message.unwrap();
    assert_eq!(message.layout.as_deref(), Some("BOTTOM_BANNER"));
    assert_eq!(message.custom_config.unwrap()["promo"], "G10");
    // Absent limits are 0: no cap.
    let mut c = campaign();
    c.limits = None;
    let m = answer(&c, &app_user(), &[everyone()]).message.unwrap();
    assert_eq!(
        (m.session_cap, m.daily_cap, m.total_cap),
        (Some(0), Some(0), Some(0))
    );
}

#[test]
fn each_reason_not_to_get_it_is_said() {
    let segments = [everyone()];
    type Change = Box<dyn Fn(&mut CampaignResponse, &mut UserInfo)>;
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|_, e| e.channel_type = Some("APNS".into())),
            "ChannelType APNS is IN_APP",
        ),
        (
            Box::new(|_, e| e.channel_type = None),
            "ChannelType (not set) is IN_APP",
        ),
        (
            Box::new(|_, e| e.endpoint_status = Some("INACTIVE".into())),
            "EndpointStatus INACTIVE",
        ),
        (
            Box::new(|_, e| e.opt_out = Some("ALL".into())),
            "OptOut ALL",
        ),
        (
            Box::new(|c, _| c.is_paused = Some(true)),
            "IsPaused: paused",
        ),
        (
            Box::new(|c, _| {
                c.state = Some(CampaignState {
                    campaign_status: Some("DELETED".into()),
                })
            }),
            "State DELETED",
        ),
        (
            Box::new(|c, _| {
                c.schedule.as_mut().unwrap().start_time = "2027-01-01T00:00:00Z".into()
            }),
            "runs 2027-01-01T00:00:00Z .. 2026-12-31T23:59:59Z: not started",
        ),
        (
            Box::new(|c, _| {
                c.schedule.as_mut().unwrap().end_time = Some("2026-11-30T11:59:59Z".into())
            }),
            "runs 2026-09-01T00:00:00Z .. 2026-11-30T11:59:59Z: ended",
        ),
        (
            Box::new(|c, _| c.schedule.as_mut().unwrap().frequency = Some("ONCE".into())),
            "Schedule.Frequency ONCE, not IN_APP_EVENT: not shown in apps",
        ),
        (
            Box::new(|c, _| c.segment_id = "gone".into()),
            "segment gone: does not exist in the application",
        ),
        (
            Box::new(|c, _| c.holdout_percent = Some(100)),
            "in the campaign's 100% holdout",
        ),
    ];
    for (change, reason) in cases {
        let mut c = campaign();
        let mut e = app_user();
        change(&mut c, &mut e);
        let d = answer(&c, &e, &segments);
        assert_eq!(d.verdict, Verdict::NoMatch, "{reason}");
        assert!(d.message.is_none());
        let texts = failing(&d);
        assert!(
            texts.iter().any(|t| t.starts_with(reason)),
            "{reason:?} in {texts:?}"
        );
    }
    // Started IMMEDIATE, no end: running.
    let mut c = campaign();
    c.schedule.as_mut().unwrap().start_time = "IMMEDIATE".into();
    c.schedule.as_mut().unwrap().end_time = None;
    assert_eq!(answer(&c, &app_user(), &segments).verdict, Verdict::Match);
}

#[test]
fn the_segment_decides_with_the_same_engine_as_match() {
    let premium = SegmentResponse {
        id: "s-all".into(),
        segment_type: "DIMENSIONAL".into(),
        dimensions: Some(
            serde_json::from_str(r#"{"Attributes":{"plan":{"Values":["premium"]}}}"#).unwrap(),
        ),
        version: Some(1),
        ..Default::default()
    };
    let d = answer(&campaign(), &app_user(), std::slice::from_ref(&premium));
    assert_eq!(d.verdict, Verdict::NoMatch);
    assert!(
        failing(&d).iter().any(|t| t.starts_with("Attributes.plan")),
        "{:?}",
        failing(&d)
    );
    let mut user = app_user();
    user.attributes = indexmap! {"plan".into() => vec!["premium".into()]};
    assert_eq!(
        answer(&campaign(), &user, &[premium]).verdict,
        Verdict::Match
    );

    // Recency without activity: cannot tell; with it, decided.
    let recent = SegmentResponse {
        id: "s-all".into(),
        segment_type: "DIMENSIONAL".into(),
        dimensions: Some(
            serde_json::from_str(
                r#"{"Behavior":{"Recency":{"Duration":"DAY_7","RecencyType":"ACTIVE"}}}"#,
            )
            .unwrap(),
        ),
        version: Some(1),
        ..Default::default()
    };
    let d = answer(&campaign(), &app_user(), std::slice::from_ref(&recent));
    assert_eq!(d.verdict, Verdict::CannotTell);
    assert!(d.message.is_none());
    let catalog = Catalog {
        segments: std::slice::from_ref(&recent),
        segment_versions: &[],
        templates: &[],
        now: now(),
    };
    let active = Activity {
        last: parse_instant("2026-11-29T08:00:00Z"),
        now: now(),
    };
    let d = deliveries(&[campaign()], &app_user(), Some(active), &catalog);
    assert_eq!(d[0].verdict, Verdict::Match);
}

#[test]
fn the_segment_version_the_campaign_names_is_evaluated_when_known() {
    let v2 = SegmentResponse {
        version: Some(2),
        dimensions: Some(
            serde_json::from_str(r#"{"Attributes":{"plan":{"Values":["premium"]}}}"#).unwrap(),
        ),
        ..everyone()
    };
    // The campaign names version 1 (everyone); the current one is 2 (premium only).
    let catalog = Catalog {
        segments: std::slice::from_ref(&v2),
        segment_versions: &[everyone()],
        templates: &[],
        now: now(),
    };
    let d = deliveries(&[campaign()], &app_user(), None, &catalog);
    assert_eq!(d[0].verdict, Verdict::Match, "{:#?}", d[0].criteria);
    // Version 1 not known: the current one is evaluated, and that is said.
    let catalog = Catalog {
        segment_versions: &[],
        ..catalog
    };
    let d = deliveries(&[campaign()], &app_user(), None, &catalog);
    assert_eq!(d[0].verdict, Verdict::NoMatch);
    let texts = d[0].criteria.texts();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("the campaign names version 1; version 2 is evaluated")),
        "{texts:?}"
    );
}

fn template(name: &str, version: &str, header: &str) -> InAppTemplateResponse {
    InAppTemplateResponse {
        template_name: name.into(),
        template_type: "INAPP".into(),
        version: Some(version.into()),
        creation_date: "2026-08-01T00:00:00Z".into(),
        last_modified_date: "2026-08-01T00:00:00Z".into(),
        layout: Some("TOP_BANNER".into()),
        content: Some(vec![InAppMessageContent {
            background_color: Some("#FFFFFF".into()),
            header_config: Some(InAppMessageHeaderConfig {
                alignment: "CENTER".into(),
                header: header.into(),
                text_color: "#000000".into(),
            }),
            body_config: Some(InAppMessageBodyConfig {
                alignment: "CENTER".into(),
                body: "b".into(),
                text_color: "#000000".into(),
            }),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

fn header(d: &Delivery) -> String {
    let message = d.message.as_ref().unwrap().in_app_message.as_ref().unwrap();
    message.content.as_ref().unwrap()[0]
        .header_config
        .as_ref()
        .unwrap()
        .header
        .clone()
}

/// The template version a campaign with an in-app template names.
fn template_version(c: &mut CampaignResponse) -> &mut Option<String> {
    let config = c.template_configuration.as_mut().unwrap();
    &mut config.in_app_template.as_mut().unwrap().version
}

#[test]
fn a_template_gives_the_message_its_active_or_named_version() {
    let mut c = campaign();
    c.message_configuration = None;
    c.template_configuration = Some(TemplateConfiguration {
        in_app_template: Some(Template {
            name: Some("banner".into()),
            version: None,
        }),
        ..Default::default()
    });
    let templates = [
        template("banner", "2", "active"),
        template("banner", "1", "first"),
    ];
    let d = answer_with(&c, &app_user(), &[everyone()], &templates);
    assert_eq!(header(&d), "active");
    assert!(
        d.criteria
            .lines()
            .iter()
            .any(|(_, c)| c.text == "message: in-app template banner, active version")
    );
    *template_version(&mut c) = Some("1".into());
    assert_eq!(
        header(&answer_with(&c, &app_user(), &[everyone()], &templates)),
        "first"
    );
    *template_version(&mut c) = Some("9".into());
    let d = answer_with(&c, &app_user(), &[everyone()], &templates);
    assert_eq!(d.verdict, Verdict::NoMatch);
    assert!(failing(&d).contains(&"message: in-app template banner has no version 9".to_string()));
    *template_version(&mut c) = None;
    let d = answer_with(&c, &app_user(), &[everyone()], &[]);
    assert!(failing(&d).contains(&"message: in-app template banner does not exist".to_string()));
}

#[test]
fn holdout_and_treatments_are_stable_per_endpoint() {
    let mut c = campaign();
    c.additional_treatments = Some(vec![TreatmentResource {
        id: "1".into(),
        size_percent: 100,
        ..Default::default()
    }]);
    let d = answer(&c, &app_user(), &[everyone()]);
    let m = d.message.unwrap();
    assert_eq!(
        m.treatment_id.as_deref(),
        Some("1"),
        "every bucket is in treatment 1"
    );
    // Half held out: over many endpoints, roughly half; each endpoint always the same.
    c.additional_treatments = None;
    c.holdout_percent = Some(50);
    let mut held = 0;
    for i in 0..200 {
        let mut e = app_user();
        e.endpoint_id = Some(format!("app-{i}"));
        let first = answer(&c, &e, &[everyone()]).verdict;
        assert_eq!(answer(&c, &e, &[everyone()]).verdict, first, "stable");
        held += usize::from(first == Verdict::NoMatch);
    }
    assert!((60..140).contains(&held), "{held} of 200 held out");
    assert_eq!(percent_bucket(&["a", "b"]), percent_bucket(&["a", "b"]));
    assert_ne!(percent_bucket(&["ab", ""]), percent_bucket(&["a", "b"]));
}

#[test]
fn entitled_orders_by_priority_then_creation() {
    let make = |id: &str, priority: Option<i64>, created: &str| {
        let mut c = campaign();
        c.id = id.into();
        c.priority = priority;
        c.creation_date = created.into();
        c
    };
    let campaigns = [
        make("none", None, "2026-01-01T00:00:00Z"),
        make("p2-late", Some(2), "2026-03-01T00:00:00Z"),
        make("p1", Some(1), "2026-05-01T00:00:00Z"),
        make("p2-early", Some(2), "2026-02-01T00:00:00Z"),
    ];
    let catalog = Catalog {
        segments: &[everyone()],
        segment_versions: &[],
        templates: &[],
        now: now(),
    };
    let ids: Vec<String> = entitled(&deliveries(&campaigns, &app_user(), None, &catalog))
        .into_iter()
        .map(|m| m.campaign_id.unwrap())
        .collect();
    assert_eq!(ids, ["p1", "p2-early", "p2-late", "none"]);
}

// ----- the Amplify client -----

fn cached(id: &str, priority: Option<i64>, end: Option<&str>) -> InAppMessageCampaign {
    let mut m = answer(&campaign(), &app_user(), &[everyone()])
        .message
        .unwrap();
    m.campaign_id = Some(id.into());
    m.priority = priority;
    m.schedule.as_mut().unwrap().end_date = end.map(str::to_string);
    m
}

fn purchase(item: &str, price: f64) -> AppEvent {
    AppEvent {
        name: "purchase".into(),
        attributes: indexmap! {"item".into() => item.into()},
        metrics: indexmap! {"price".into() => price},
    }
}

fn pick(messages: &[InAppMessageCampaign], event: &AppEvent) -> Pick {
    amplify_pick(messages, event, &Shown::default(), now())
}

fn failed(p: &Pick, i: usize) -> Vec<String> {
    p.candidates[i]
        .criteria
        .children
        .iter()
        .filter(|c| c.verdict != Verdict::Match)
        .map(|c| c.text.clone())
        .collect()
}

#[test]
fn the_client_matches_event_type_attributes_and_metrics_as_amplify_does() {
    let m = [cached("c", None, Some("2026-12-31T23:59:59Z"))];
    assert_eq!(
        pick(&m, &purchase("gloves", 12.5)).shown.as_deref(),
        Some("c")
    );
    let cases = [
        (
            AppEvent {
                name: "Purchase".into(),
                ..purchase("gloves", 12.5)
            },
            "event `Purchase` in [purchase]",
        ),
        (purchase("hats", 12.5), "attribute item hats in [gloves]"),
        (purchase("gloves", 9.0), "metric price 9 >= 10"),
        (
            AppEvent {
                attributes: IndexMap::new(),
                ..purchase("gloves", 12.5)
            },
            "attributes: the filter has some, the event none",
        ),
        (
            AppEvent {
                metrics: IndexMap::new(),
                ..purchase("gloves", 12.5)
            },
            "metrics: the filter has some, the event none",
        ),
    ];
    for (event, reason) in cases {
        let p = pick(&m, &event);
        assert_eq!(p.shown, None, "{reason}");
        assert!(
            failed(&p, 0).contains(&reason.to_string()),
            "{reason:?} in {:?}",
            failed(&p, 0)
        );
        assert!(
            p.why.starts_with("no cached message qualifies"),
            "{}",
            p.why
        );
    }
    // A filter value of 0 never matches on the device.
    let mut zero = m[0].clone();
    let filter = zero
        .schedule
        .as_mut()
        .unwrap()
        .event_filter
        .as_mut()
        .unwrap();
    filter.dimensions.metrics.as_mut().unwrap()["price"].value = 0.0;
    let p = pick(&[zero], &purchase("gloves", 12.5));
    assert_eq!(p.shown, None);
    assert!(failed(&p, 0)[0].contains("never matches a filter value of 0"));
    // Ended messages and caps.
    let ended = [cached("c", None, Some("2026-11-30T11:00:00Z"))];
    assert!(
        failed(&pick(&ended, &purchase("gloves", 12.5)), 0)
            .contains(&"ends 2026-11-30T11:00:00Z".to_string())
    );
    let shown = Shown {
        session: HashMap::from([("c".to_string(), 1)]),
        ..Default::default()
    };
    let p = amplify_pick(&m, &purchase("gloves", 12.5), &shown, now());
    assert!(failed(&p, 0).contains(&"SessionCap 1: shown 1 this session".to_string()));
    let shown = Shown {
        today: 3,
        ..Default::default()
    };
    let p = amplify_pick(&m, &purchase("gloves", 12.5), &shown, now());
    assert!(failed(&p, 0).contains(&"DailyCap 3: shown 3 today, of any message".to_string()));
}

#[test]
fn the_lowest_priority_number_wins_then_the_message_ending_first() {
    let event = purchase("gloves", 12.5);
    // Unprioritized messages count only until a prioritized one qualifies.
    let m = [
        cached("none", None, Some("2026-12-01T00:00:00Z")),
        cached("p3", Some(3), Some("2026-12-31T00:00:00Z")),
        cached("p1-late", Some(1), Some("2026-12-20T00:00:00Z")),
        cached("p2", Some(2), Some("2026-12-02T00:00:00Z")),
        cached("p1-early", Some(1), Some("2026-12-10T00:00:00Z")),
        cached("none-2", Some(0), None),
    ];
    let p = pick(&m, &event);
    let kept: Vec<&str> = p
        .candidates
        .iter()
        .filter(|c| c.kept)
        .map(|c| c.campaign_id.as_str())
        .collect();
    assert_eq!(kept, ["p1-late", "p1-early"]);
    assert_eq!(p.shown.as_deref(), Some("p1-early"));
    assert_eq!(
        p.why,
        "p1-early ends first (2026-12-10T00:00:00Z) of the 2 messages of equal priority"
    );
    // Only unprioritized: all kept; an end date beats none.
    let m = [
        cached("a", None, None),
        cached("b", None, Some("2026-12-25T00:00:00Z")),
    ];
    let p = pick(&m, &event);
    assert_eq!(p.shown.as_deref(), Some("b"));
    // Only one: said so.
    let p = pick(&m[..1], &event);
    assert_eq!(p.why, "a is the only qualifying message");
    let m = [cached("a", None, None), cached("b", Some(4), None)];
    assert_eq!(
        pick(&m, &event).why,
        "b has the highest priority (4) of the 2 qualifying messages"
    );
}

// ----- reasons skipped -----

/// The tree with every reason emptied: what the decisions are made of.
fn outcomes(c: &Criterion) -> Criterion {
    Criterion {
        text: String::new(),
        verdict: c.verdict,
        children: c.children.iter().map(outcomes).collect(),
    }
}

/// A segment from choices: an attribute, a platform, a metric and a recency criterion
/// (each possibly absent or malformed), source segments among s0..s6 (missing ones, itself
/// and cycles included), sometimes imported; with an older version when it has one.
fn generated_segment(i: usize, b: [u8; 6]) -> Vec<SegmentResponse> {
    // Each dimension left out, or one of its values as a byte picks.
    let mut dims = serde_json::Map::new();
    let choices = [
        (
            "Attributes",
            b[0],
            vec![
                serde_json::json!({"plan": {"Values": ["premium"]}}),
                serde_json::json!({"plan": {"AttributeType": "EXCLUSIVE", "Values": ["basic"]}}),
                serde_json::json!({"plan": {"AttributeType": "CONTAINS", "Values": ["prem"]}}),
            ],
        ),
        (
            "Demographic",
            b[1],
            vec![
                serde_json::json!({"Platform": {"Values": ["iOS"]}}),
                serde_json::json!({"Platform": {"DimensionType": "EXCLUSIVE", "Values": ["Android"]}}),
            ],
        ),
        (
            "Behavior",
            b[3],
            vec![
                serde_json::json!({"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}),
                serde_json::json!({"Recency": {"Duration": "HR_24", "RecencyType": "INACTIVE"}}),
                serde_json::json!({"Recency": {"Duration": "YEAR", "RecencyType": "ACTIVE"}}),
            ],
        ),
    ];
    for (key, n, values) in choices {
        // 0, or a multiple of one more than there are values: left out.
        if let Some(i) = (usize::from(n) % (values.len() + 1)).checked_sub(1) {
            dims.insert(key.into(), values[i].clone());
        }
    }
    let op = ["GREATER_THAN", "LESS_THAN", "NOT_AN_OPERATOR"][usize::from(b[2] % 3)];
    if b[2] % 4 != 3 {
        dims.insert(
            "Metrics".into(),
            serde_json::json!({"logins": {"ComparisonOperator": op, "Value": 10.0}}),
        );
    }
    let source = |n: u8| serde_json::json!({"Id": format!("s{}", n % 7)});
    let groups = match b[4] % 4 {
        1 => Some(serde_json::json!({"Groups": [{"SourceSegments": [source(b[5])]}]})),
        2 => Some(
            serde_json::json!({"Groups": [{"SourceSegments": [source(b[5])], "Type": "ALL",
            "Dimensions": [{"Attributes": {"plan": {"Values": ["premium"]}}}]}]}),
        ),
        3 => Some(serde_json::json!({"Include": "NONE", "Groups": [
            {"SourceSegments": [source(b[5]), source(b[5] / 7)], "SourceType": "ALL"}]})),
        _ => None,
    };
    let version = i64::from(b[5] % 3) + 1;
    let mut segment = serde_json::json!({"ApplicationId": "app", "Arn": "arn", "CreationDate": NOW,
        "Id": format!("s{i}"), "Name": format!("segment {i}"),
        "SegmentType": if b[0] >= 250 { "IMPORT" } else { "DIMENSIONAL" }, "Version": version,
        "Dimensions": dims});
    if let Some(groups) = groups {
        segment["SegmentGroups"] = groups;
    }
    let current: SegmentResponse = serde_json::from_value(segment).unwrap();
    let mut all = vec![current.clone()];
    if version > 1 {
        let mut older = current;
        older.version = Some(version - 1);
        older.dimensions = serde_json::from_value(
            serde_json::json!({"Demographic": {"Platform": {"Values": ["Android"]}}}),
        )
        .unwrap();
        older.segment_groups = None;
        all.push(older);
    }
    all
}

/// A campaign from choices, starting from the reference's: its segment and version, paused,
/// State, schedule, frequency, holdout, treatments, template and priority.
fn generated_campaign(j: usize, c: [u8; 10]) -> CampaignResponse {
    let mut campaign = campaign();
    campaign.id = format!("c{j}");
    campaign.creation_date = format!("2026-08-{:02}T12:00:00Z", 1 + c[9] % 28);
    campaign.segment_id = format!("s{}", c[0] % 7);
    campaign.segment_version = i64::from(c[1] % 4);
    campaign.is_paused = c[2].is_multiple_of(5).then_some(true);
    campaign.state = ["EXECUTING", "DELETED", "COMPLETED", "PAUSED", "INVALID", ""]
        .get(usize::from(c[3] % 7))
        .filter(|s| !s.is_empty())
        .map(|s| CampaignState {
            campaign_status: Some(s.to_string()),
        });
    let schedule = campaign.schedule.as_mut().unwrap();
    match c[4] % 5 {
        1 => {
            schedule.start_time = "IMMEDIATE".into();
            schedule.end_time = None;
        }
        2 => schedule.start_time = "2027-01-01T00:00:00Z".into(),
        3 => schedule.end_time = Some("2026-10-01T00:00:00Z".into()),
        4 => schedule.start_time = "soon".into(),
        _ => {}
    }
    if c[5].is_multiple_of(4) {
        schedule.frequency = Some("ONCE".into());
    }
    campaign.holdout_percent = [None, Some(30), Some(100)][usize::from(c[6] % 3)];
    let banner = |version: Option<&str>| TemplateConfiguration {
        in_app_template: Some(Template {
            name: Some("banner".into()),
            version: version.map(str::to_string),
        }),
        ..Default::default()
    };
    campaign.additional_treatments = match c[7] % 3 {
        1 => Some(vec![TreatmentResource {
            id: "1".into(),
            size_percent: 50,
            message_configuration: campaign.message_configuration.clone(),
            ..Default::default()
        }]),
        2 => Some(vec![TreatmentResource {
            id: "1".into(),
            size_percent: 40,
            template_configuration: Some(banner(Some("1"))),
            ..Default::default()
        }]),
        _ => None,
    };
    let (message, template) = match c[8] % 4 {
        1 => (None, Some(banner(None))),
        2 => (None, Some(banner(Some("7")))),
        3 => (
            None,
            Some(TemplateConfiguration {
                in_app_template: Some(Template {
                    name: Some("missing".into()),
                    version: None,
                }),
                ..Default::default()
            }),
        ),
        _ => (campaign.message_configuration.clone(), None),
    };
    campaign.message_configuration = message;
    campaign.template_configuration = template;
    campaign.priority = [None, Some(0), Some(1), Some(3)][usize::from(c[9] % 4)];
    campaign
}

fn generated_endpoint(e: [u8; 6]) -> UserInfo {
    let mut endpoint = app_user();
    endpoint.endpoint_id = Some(["app-1", "x", "yz"][usize::from(e[0] % 3)].into());
    endpoint.channel_type = [Some("IN_APP"), Some("IN_APP"), Some("APNS"), None]
        [usize::from(e[1] % 4)]
    .map(str::to_string);
    if let Some(plan) = [Some("premium"), Some("basic"), None][usize::from(e[2] % 3)] {
        endpoint.attributes.insert("plan".into(), vec![plan.into()]);
    }
    endpoint.demographic.platform =
        [Some("iOS"), Some("Android"), None][usize::from(e[3] % 3)].map(str::to_string);
    if !e[4].is_multiple_of(4) {
        endpoint
            .metrics
            .insert("logins".into(), f64::from(e[4] % 20));
    }
    if e[5].is_multiple_of(5) {
        endpoint.opt_out = Some("ALL".into());
    }
    if e[5].is_multiple_of(7) {
        endpoint.endpoint_status = Some("INACTIVE".into());
    }
    endpoint
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Skipping the reasons changes no decision: every check's outcome, every message and
    /// what GetInAppMessages returns are those of the reasons written.
    #[test]
    fn skipping_the_reasons_changes_no_decision(
        segments in proptest::collection::vec(proptest::prelude::any::<[u8; 6]>(), 1..7),
        campaigns in proptest::collection::vec(proptest::prelude::any::<[u8; 10]>(), 1..8),
        endpoint in proptest::prelude::any::<[u8; 6]>(),
        active_hours_ago in proptest::option::of(0u8..200),
    ) {
        let mut current = Vec::new();
        let mut older = Vec::new();
        for (i, b) in segments.into_iter().enumerate() {
            let mut versions = generated_segment(i, b).into_iter();
            current.extend(versions.next());
            older.extend(versions);
        }
        let campaigns: Vec<CampaignResponse> = campaigns
            .into_iter()
            .enumerate()
            .map(|(j, c)| generated_campaign(j, c))
            .collect();
        let endpoint = generated_endpoint(endpoint);
        let activity = active_hours_ago.map(|h| Activity {
            last: (h < 150).then(|| now() - time::Duration::hours(i64::from(h))),
            now: now(),
        });
        let templates = [template("banner", "2", "active"), template("banner", "1", "first")];
        let catalog = Catalog {
            segments: &current,
            segment_versions: &older,
            templates: &templates,
            now: now(),
        };
        let written = deliveries(&campaigns, &endpoint, activity, &catalog);
        let skipped = deliveries_in(Reasons::Skipped, &campaigns, &endpoint, activity, &catalog);
        proptest::prop_assert_eq!(written.len(), skipped.len());
        for (w, s) in written.iter().zip(&skipped) {
            proptest::prop_assert_eq!(outcomes(&w.criteria), s.criteria.clone());
            proptest::prop_assert_eq!(
                Delivery { criteria: outcomes(&w.criteria), ..w.clone() },
                s.clone()
            );
        }
        proptest::prop_assert_eq!(
            entitled(&written),
            entitled_messages(&campaigns, &endpoint, activity, &catalog)
        );
    }
}
