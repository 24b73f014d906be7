use super::*;
use crate::model::wire::{
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
        "../../../tests/fixtures/inapp/campaign.response.json"
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
    let texts: Vec<String> = d[0]
        .criteria
        .lines()
        .iter()
        .map(|(_, c)| c.text.clone())
        .collect();
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
    c.template_configuration
        .as_mut()
        .unwrap()
        .in_app_template
        .as_mut()
        .unwrap()
        .version = Some("1".into());
    assert_eq!(
        header(&answer_with(&c, &app_user(), &[everyone()], &templates)),
        "first"
    );
    c.template_configuration
        .as_mut()
        .unwrap()
        .in_app_template
        .as_mut()
        .unwrap()
        .version = Some("9".into());
    let d = answer_with(&c, &app_user(), &[everyone()], &templates);
    assert_eq!(d.verdict, Verdict::NoMatch);
    assert!(failing(&d).contains(&"message: in-app template banner has no version 9".to_string()));
    c.template_configuration
        .as_mut()
        .unwrap()
        .in_app_template
        .as_mut()
        .unwrap()
        .version = None;
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
