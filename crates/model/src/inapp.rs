//! In-app messaging as pure functions, with a one-line reason for every decision:
//! - which in-app campaigns an endpoint is entitled to, as GetInAppMessages answers
//!   ([`deliveries`], [`entitled`]), and why the others are not among them
//!   ([`entitled_messages`] decides the same without writing the reasons);
//! - which message the Amplify client would display for an event ([`amplify_pick`]),
//!   following its trigger matching, caps, priority and conflict handler.
//!
//! What GetInAppMessages returns is not documented beyond "the messages the endpoint is
//! entitled to"; this follows the recommendation of the project's reference, and says so:
//! - a campaign is in-app when it has an in-app message or an in-app template, and its
//!   `Schedule.Frequency` is IN_APP_EVENT;
//! - it is not paused (nor COMPLETED, DELETED or INVALID), its StartTime (or IMMEDIATE) has
//!   come and its EndTime, if any, has not;
//! - the endpoint's ChannelType is IN_APP, it is ACTIVE and has not opted out (OptOut ALL);
//! - the endpoint is in the campaign's segment, at the segment version the campaign names
//!   when that version is known, by the same engine as `match`;
//! - it is outside the campaign's holdout, and gets the treatment its bucket falls in
//!   (buckets are a stable hash of the endpoint and campaign ids, so repeated calls agree);
//!   the default treatment's id is "0";
//! - the message comes from the campaign (or treatment), or from the in-app template it
//!   names (the version named, else the active one); caps come from `Limits` (absent: 0, no
//!   cap), `EndDate` from `Schedule.EndTime`.
//!
//! The Amplify side follows amplify-js v6 (`processInAppMessages`, its helpers and the
//! default conflict handler): the event type must be one of the filter's values (exact; the
//! filter's DimensionType is ignored); every attribute of the filter must hold one of its
//! values (an event without attributes fails a filter with some); every metric must compare
//! true (a filter value of 0 or an unknown operator fails); the message must not have ended;
//! the caps must not be reached; quiet time is not checked. Of the qualifying messages, the
//! lowest non-zero Priority wins (messages without one count only until a prioritized one
//! qualifies); among those left, the one ending first (any end date before none) is shown.

use std::collections::HashMap;

use indexmap::IndexMap;
use time::OffsetDateTime;

use super::enums::{ComparisonOperator, Include as Combine};
use super::form::UserInfo;
use super::segment::{Activity, Criterion, Evaluator, Reasons, Verdict, combined, parse_instant};
use super::wire::{
    CampaignInAppMessage, CampaignResponse, InAppCampaignSchedule, InAppMessage,
    InAppMessageCampaign, InAppMessageContent, InAppTemplateResponse, MessageConfiguration,
    SegmentResponse, TemplateConfiguration, TreatmentResource,
};

pub mod display;

/// The Frequency of an in-app campaign.
pub const IN_APP_EVENT: &str = "IN_APP_EVENT";
/// The treatment id of a campaign's own message (its additional treatments have theirs).
pub const DEFAULT_TREATMENT: &str = "0";

/// What the decisions need besides the campaigns and the endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Catalog<'a> {
    /// The application's segments, current versions (source segments resolve among them).
    pub segments: &'a [SegmentResponse],
    /// Versions of segments that campaigns name, when they are not the current one.
    pub segment_versions: &'a [SegmentResponse],
    /// In-app templates: for each name the active version first, then any version a
    /// campaign names.
    pub templates: &'a [InAppTemplateResponse],
    pub now: OffsetDateTime,
}

/// What the decisions read besides the segments, owned: the application's campaigns, the
/// in-app templates (for each name the active version first, then any version a campaign
/// names) and the versions of segments that campaigns name when they are not the current
/// one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Library {
    pub campaigns: Vec<CampaignResponse>,
    pub templates: Vec<InAppTemplateResponse>,
    pub segment_versions: Vec<SegmentResponse>,
}

impl Library {
    /// The catalog over these and the application's current segments.
    pub fn catalog<'a>(
        &'a self,
        segments: &'a [SegmentResponse],
        now: OffsetDateTime,
    ) -> Catalog<'a> {
        Catalog {
            segments,
            segment_versions: &self.segment_versions,
            templates: &self.templates,
            now,
        }
    }

    /// The campaigns with in-app content, in their order.
    pub fn in_app_campaigns(&self) -> impl Iterator<Item = &CampaignResponse> {
        self.campaigns.iter().filter(|c| has_in_app_content(c))
    }
}

/// One in-app campaign's answer for an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub campaign_id: String,
    pub name: Option<String>,
    /// Match: the endpoint gets it; NoMatch: it does not; CannotTell: the endpoint alone
    /// cannot decide (a segment's recency without activity, say).
    pub verdict: Verdict,
    /// Every check, with its outcome and reason.
    pub criteria: Criterion,
    /// What GetInAppMessages returns for it, when the endpoint gets it.
    pub message: Option<InAppMessageCampaign>,
    /// Priority and CreationDate, for ordering.
    priority: Option<i64>,
    created: String,
}

/// True for a campaign with an in-app message or template (whatever its schedule).
pub fn has_in_app_content(campaign: &CampaignResponse) -> bool {
    in_app_message(campaign.message_configuration.as_ref()).is_some()
        || in_app_template(campaign.template_configuration.as_ref()).is_some()
}

fn in_app_message(config: Option<&MessageConfiguration>) -> Option<&CampaignInAppMessage> {
    config?.in_app_message.as_ref()
}

fn in_app_template(config: Option<&TemplateConfiguration>) -> Option<(&str, Option<&str>)> {
    let template = config?.in_app_template.as_ref()?;
    Some((template.name.as_deref()?, template.version.as_deref()))
}

/// The in-app templates a campaign names (its own and its treatments'), each with the
/// version named (`None`: the active one).
pub fn named_templates(campaign: &CampaignResponse) -> Vec<(&str, Option<&str>)> {
    let treatments = campaign.additional_treatments.iter().flatten();
    std::iter::once(campaign.template_configuration.as_ref())
        .chain(treatments.map(|t| t.template_configuration.as_ref()))
        .filter_map(in_app_template)
        .collect()
}

/// Every in-app campaign's answer for an endpoint, in the order given.
pub fn deliveries(
    campaigns: &[CampaignResponse],
    endpoint: &UserInfo,
    activity: Option<Activity>,
    catalog: &Catalog<'_>,
) -> Vec<Delivery> {
    deliveries_in(Reasons::Written, campaigns, endpoint, activity, catalog)
}

/// What GetInAppMessages returns, decided as [`deliveries`] decides but without writing the
/// reasons: `entitled(deliveries(..))` of the same arguments, for a fraction of the work.
pub fn entitled_messages(
    campaigns: &[CampaignResponse],
    endpoint: &UserInfo,
    activity: Option<Activity>,
    catalog: &Catalog<'_>,
) -> Vec<InAppMessageCampaign> {
    entitled(&deliveries_in(
        Reasons::Skipped,
        campaigns,
        endpoint,
        activity,
        catalog,
    ))
}

fn deliveries_in(
    r: Reasons,
    campaigns: &[CampaignResponse],
    endpoint: &UserInfo,
    activity: Option<Activity>,
    catalog: &Catalog<'_>,
) -> Vec<Delivery> {
    // One evaluator for every campaign: a segment's tree is worked out once for the endpoint.
    let mut segments = Evaluator::new(catalog.segments, endpoint)
        .with_activity(activity)
        .with_reasons(r);
    campaigns
        .iter()
        .filter(|c| has_in_app_content(c))
        .map(|c| delivery(r, c, endpoint, &mut segments, catalog))
        .collect()
}

/// What GetInAppMessages returns: the campaigns the endpoint gets, by Priority (lowest
/// first, none last), then CreationDate.
pub fn entitled(deliveries: &[Delivery]) -> Vec<InAppMessageCampaign> {
    let mut gets: Vec<&Delivery> = deliveries
        .iter()
        .filter(|d| d.verdict == Verdict::Match && d.message.is_some())
        .collect();
    gets.sort_by(|a, b| {
        let rank = |d: &Delivery| d.priority.filter(|p| *p > 0).unwrap_or(i64::MAX);
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.created.cmp(&b.created))
    });
    gets.into_iter().filter_map(|d| d.message.clone()).collect()
}

fn leaf(text: String, ok: bool) -> Criterion {
    Criterion::leaf(text, Verdict::from_bool(ok))
}

/// A check's outcome, with its reason when reasons are written.
fn check(r: Reasons, text: impl FnOnce() -> String, ok: bool) -> Criterion {
    r.leaf(text, Verdict::from_bool(ok))
}

fn delivery<'a>(
    r: Reasons,
    campaign: &CampaignResponse,
    endpoint: &UserInfo,
    segments: &mut Evaluator<'a>,
    catalog: &Catalog<'a>,
) -> Delivery {
    let mut checks = vec![
        schedule_check(r, campaign),
        state_check(r, campaign),
        window_check(r, campaign, catalog.now),
        endpoint_check(r, endpoint),
        segment_check(r, campaign, segments, catalog),
    ];
    let endpoint_id = endpoint.endpoint_id.as_deref().unwrap_or_default();
    let (treatment, bucket_check) = treatment(r, campaign, endpoint_id);
    checks.push(bucket_check);
    let content = content(campaign, treatment, catalog);
    checks.push(match &content {
        Ok(_) => check(r, || content_source(campaign, treatment), true),
        Err(e) => check(r, || e.clone(), false),
    });
    let text = || crate::labelled("campaign", campaign.name.as_deref(), &campaign.id);
    let criteria = r.combined(text, Combine::All, checks);
    let verdict = criteria.verdict;
    let message = match content {
        Ok(parts) if verdict == Verdict::Match => {
            Some(in_app_campaign(campaign, treatment, parts.message()))
        }
        _ => None,
    };
    Delivery {
        campaign_id: campaign.id.clone(),
        name: campaign.name.clone(),
        verdict,
        message,
        criteria,
        priority: campaign.priority,
        created: campaign.creation_date.clone(),
    }
}

fn schedule_check(r: Reasons, campaign: &CampaignResponse) -> Criterion {
    let frequency = campaign
        .schedule
        .as_ref()
        .and_then(|s| s.frequency.as_deref());
    match frequency {
        Some(IN_APP_EVENT) => check(r, || format!("Schedule.Frequency {IN_APP_EVENT}"), true),
        Some(other) => check(
            r,
            || format!("Schedule.Frequency {other}, not {IN_APP_EVENT}: not shown in apps"),
            false,
        ),
        None => check(
            r,
            || format!("Schedule.Frequency (not set), not {IN_APP_EVENT}: not shown in apps"),
            false,
        ),
    }
}

fn state_check(r: Reasons, campaign: &CampaignResponse) -> Criterion {
    if campaign.is_paused == Some(true) {
        return check(r, || "IsPaused: paused".into(), false);
    }
    let status = campaign
        .state
        .as_ref()
        .and_then(|s| s.campaign_status.as_deref());
    match status {
        Some(s @ ("COMPLETED" | "DELETED" | "INVALID" | "PAUSED")) => {
            check(r, || format!("State {s}"), false)
        }
        _ => check(r, || "not paused".into(), true),
    }
}

fn window_check(r: Reasons, campaign: &CampaignResponse, now: OffsetDateTime) -> Criterion {
    let Some(schedule) = &campaign.schedule else {
        return check(r, || "no Schedule".into(), false);
    };
    let start = match schedule.start_time.as_str() {
        "IMMEDIATE" => Ok(None),
        text => parse_instant(text).map(Some).ok_or(text),
    };
    let end = match schedule.end_time.as_deref() {
        None => Ok(None),
        Some(text) => parse_instant(text).map(Some).ok_or(text),
    };
    let (start, end) = match (start, end) {
        (Ok(start), Ok(end)) => (start, end),
        (Err(text), _) | (_, Err(text)) => {
            return check(r, || format!("schedule time `{text}` is not a date"), false);
        }
    };
    let from = schedule.start_time.as_str();
    let until = schedule.end_time.as_deref().unwrap_or("no end");
    let (how, ok) = match (start, end) {
        (Some(start), _) if now < start => ("not started", false),
        (_, Some(end)) if now >= end => ("ended", false),
        _ => ("running", true),
    };
    check(r, || format!("runs {from} .. {until}: {how}"), ok)
}

fn endpoint_check(r: Reasons, endpoint: &UserInfo) -> Criterion {
    let channel = endpoint.channel_type.as_deref();
    let status = endpoint.endpoint_status.as_deref().unwrap_or("ACTIVE");
    let opt_out = endpoint.opt_out.as_deref().unwrap_or("NONE");
    r.combined(
        || "the endpoint can receive in-app messages".into(),
        Combine::All,
        vec![
            check(
                r,
                || format!("ChannelType {} is IN_APP", channel.unwrap_or("(not set)")),
                channel == Some("IN_APP"),
            ),
            check(
                r,
                || format!("EndpointStatus {status}"),
                status != "INACTIVE",
            ),
            check(r, || format!("OptOut {opt_out}"), opt_out != "ALL"),
        ],
    )
}

/// The endpoint in the campaign's segment, by `segments` (the application's current
/// segments), or at the version the campaign names.
fn segment_check<'a>(
    r: Reasons,
    campaign: &CampaignResponse,
    segments: &mut Evaluator<'a>,
    catalog: &Catalog<'a>,
) -> Criterion {
    let id = campaign.segment_id.as_str();
    let Some(current) = segments.get(id) else {
        return check(
            r,
            || format!("segment {id}: does not exist in the application"),
            false,
        );
    };
    let wanted = campaign.segment_version;
    let named = catalog
        .segment_versions
        .iter()
        .find(|s| s.id == id && s.version == Some(wanted));
    let (mut tree, note) = match named {
        // The version the campaign names takes the current one's place.
        Some(version) if current.version != Some(wanted) => (
            segments.replacing(version).segment(id),
            r.text(|| format!(" (version {wanted})")),
        ),
        _ if current.version.is_some_and(|v| v != wanted) => (
            segments.segment(id),
            r.text(|| {
                format!(
                    " (the campaign names version {wanted}; version {} is evaluated)",
                    current.version.unwrap_or(1)
                )
            }),
        ),
        _ => (segments.segment(id), String::new()),
    };
    tree.text.push_str(&note);
    tree
}

/// The treatment an endpoint falls in (`None`: the campaign's own, id "0"), and the check
/// that it is not held out.
fn treatment<'c>(
    r: Reasons,
    campaign: &'c CampaignResponse,
    endpoint_id: &str,
) -> (Option<&'c TreatmentResource>, Criterion) {
    let holdout = campaign.holdout_percent.unwrap_or(0).clamp(0, 100) as u64;
    let held = percent_bucket(&[endpoint_id, &campaign.id, "holdout"]);
    if held < holdout {
        return (
            None,
            check(
                r,
                || format!("in the campaign's {holdout}% holdout (bucket {held})"),
                false,
            ),
        );
    }
    let bucket = percent_bucket(&[endpoint_id, &campaign.id, "treatment"]);
    let mut upper = 0u64;
    for t in campaign.additional_treatments.iter().flatten() {
        upper += t.size_percent.clamp(0, 100) as u64;
        if bucket < upper {
            return (
                Some(t),
                check(
                    r,
                    || {
                        format!(
                            "treatment {} ({}% of endpoints, bucket {bucket})",
                            t.id, t.size_percent
                        )
                    },
                    true,
                ),
            );
        }
    }
    let text = || {
        if holdout > 0 {
            format!(
                "outside the {holdout}% holdout; the campaign's own message (treatment {DEFAULT_TREATMENT})"
            )
        } else {
            format!("the campaign's own message (treatment {DEFAULT_TREATMENT})")
        }
    };
    (None, check(r, text, true))
}

/// A number 0..100 from the parts, the same for the same parts (FNV-1a, parts separated by
/// a zero byte).
pub fn percent_bucket(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hash ^= 0;
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        for byte in part.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash % 100
}

type Configs<'c> = (
    Option<&'c MessageConfiguration>,
    Option<&'c TemplateConfiguration>,
);

/// Where the message comes from: the treatment's configuration when it has an in-app
/// message or template, else the campaign's.
fn configs<'c>(
    campaign: &'c CampaignResponse,
    treatment: Option<&'c TreatmentResource>,
) -> Configs<'c> {
    let own: Option<Configs<'c>> = treatment.map(|t| {
        (
            t.message_configuration.as_ref(),
            t.template_configuration.as_ref(),
        )
    });
    match own {
        Some((m, t)) if in_app_message(m).is_some() || in_app_template(t).is_some() => (m, t),
        _ => (
            campaign.message_configuration.as_ref(),
            campaign.template_configuration.as_ref(),
        ),
    }
}

fn content_source(campaign: &CampaignResponse, treatment: Option<&TreatmentResource>) -> String {
    let (messages, templates) = configs(campaign, treatment);
    match (in_app_message(messages), in_app_template(templates)) {
        (Some(_), _) => "message: the campaign's own".into(),
        (None, Some((name, Some(version)))) => {
            format!("message: in-app template {name}, version {version}")
        }
        (None, Some((name, None))) => format!("message: in-app template {name}, active version"),
        (None, None) => "message: none".into(),
    }
}

/// Where the parts of a message are: a campaign's (or treatment's) own in-app message, or a
/// template. They are copied only for a campaign the endpoint gets.
struct Parts<'c> {
    content: &'c Option<Vec<InAppMessageContent>>,
    custom_config: &'c Option<IndexMap<String, String>>,
    layout: &'c Option<String>,
}

impl Parts<'_> {
    fn message(&self) -> InAppMessage {
        InAppMessage {
            content: self.content.clone(),
            custom_config: self.custom_config.clone(),
            layout: self.layout.clone(),
        }
    }
}

/// The message the endpoint would receive: its own in-app message, else its in-app
/// template's.
fn content<'c>(
    campaign: &'c CampaignResponse,
    treatment: Option<&'c TreatmentResource>,
    catalog: &Catalog<'c>,
) -> Result<Parts<'c>, String> {
    let (messages, templates) = configs(campaign, treatment);
    if let Some(m) = in_app_message(messages) {
        return Ok(Parts {
            content: &m.content,
            custom_config: &m.custom_config,
            layout: &m.layout,
        });
    }
    let Some((name, version)) = in_app_template(templates) else {
        return Err("message: none (no in-app message or template)".into());
    };
    let found = catalog.templates.iter().find(|t| {
        t.template_name == name
            && match version {
                Some(v) => t.version.as_deref() == Some(v),
                None => true,
            }
    });
    match (found, version) {
        (Some(t), _) => Ok(Parts {
            content: &t.content,
            custom_config: &t.custom_config,
            layout: &t.layout,
        }),
        (None, Some(v)) => Err(format!(
            "message: in-app template {name} has no version {v}"
        )),
        (None, None) => Err(format!("message: in-app template {name} does not exist")),
    }
}

/// The message of a campaign's own treatment (its in-app message, else its template's),
/// whoever it goes to, or why there is none.
pub fn campaign_message(
    campaign: &CampaignResponse,
    catalog: &Catalog<'_>,
) -> Result<InAppMessage, String> {
    content(campaign, None, catalog).map(|parts| parts.message())
}

/// The campaign as GetInAppMessages returns it.
fn in_app_campaign(
    campaign: &CampaignResponse,
    treatment: Option<&TreatmentResource>,
    message: InAppMessage,
) -> InAppMessageCampaign {
    let limits = campaign.limits.as_ref();
    let cap = |v: Option<i64>| Some(v.unwrap_or(0));
    let schedule = treatment
        .and_then(|t| t.schedule.as_ref())
        .or(campaign.schedule.as_ref());
    InAppMessageCampaign {
        campaign_id: Some(campaign.id.clone()),
        daily_cap: cap(limits.and_then(|l| l.daily)),
        in_app_message: Some(message),
        priority: campaign.priority,
        schedule: schedule.map(|s| InAppCampaignSchedule {
            end_date: s.end_time.clone(),
            event_filter: s.event_filter.clone(),
            quiet_time: s.quiet_time.clone(),
        }),
        session_cap: cap(limits.and_then(|l| l.session)),
        total_cap: cap(limits.and_then(|l| l.total)),
        treatment_id: Some(
            treatment
                .map(|t| t.id.clone())
                .unwrap_or_else(|| DEFAULT_TREATMENT.into()),
        ),
    }
}

// ----- the Amplify client -----

/// An event as the app dispatches it (`dispatchEvent({name, attributes, metrics})`, or an
/// analytics `record`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppEvent {
    pub name: String,
    pub attributes: IndexMap<String, String>,
    pub metrics: IndexMap<String, f64>,
}

/// How often the device has shown messages so far (Amplify keeps these; 0 on a new device).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// This session's shows, per campaign.
    pub session: HashMap<String, u64>,
    /// Today's shows of any message.
    pub today: u64,
    /// All shows, per campaign.
    pub total: HashMap<String, u64>,
}

/// One cached message's answer for an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub campaign_id: String,
    /// Every check the client makes, with its outcome.
    pub criteria: Criterion,
    /// Qualified, and kept by the priority rule.
    pub kept: bool,
}

/// Which message the client would display for an event, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub candidates: Vec<Candidate>,
    /// The campaign shown (`onMessageReceived`), if any.
    pub shown: Option<String>,
    /// How it was chosen among those kept, or why none was.
    pub why: String,
}

/// What the Amplify client does with its cached messages (GetInAppMessages' answer, in its
/// order) when `event` is dispatched.
pub fn amplify_pick(
    messages: &[InAppMessageCampaign],
    event: &AppEvent,
    shown: &Shown,
    now: OffsetDateTime,
) -> Pick {
    let mut candidates: Vec<Candidate> = messages
        .iter()
        .map(|m| Candidate {
            campaign_id: m.campaign_id.clone().unwrap_or_default(),
            criteria: qualifies(m, event, shown, now),
            kept: false,
        })
        .collect();
    // Priority, as processInAppMessages keeps them.
    let mut highest: Option<i64> = None;
    let mut kept: Vec<usize> = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        if candidates[i].criteria.verdict != Verdict::Match {
            continue;
        }
        let priority = m.priority.filter(|p| *p != 0);
        match (highest, priority) {
            (None, Some(p)) => {
                highest = Some(p);
                kept = vec![i];
            }
            (None, None) => kept.push(i),
            (Some(h), Some(p)) if p < h => {
                highest = Some(p);
                kept = vec![i];
            }
            (Some(h), Some(p)) if p == h => kept.push(i),
            _ => {}
        }
    }
    for &i in &kept {
        candidates[i].kept = true;
    }
    let qualifying = candidates
        .iter()
        .filter(|c| c.criteria.verdict == Verdict::Match)
        .count();
    if kept.is_empty() {
        return Pick {
            candidates,
            shown: None,
            why: format!(
                "no cached message qualifies for `{}`: nothing is shown",
                event.name
            ),
        };
    }
    // The default conflict handler: the message ending first; any end date before none;
    // equal end dates keep their order.
    let end = |i: usize| {
        messages[i]
            .schedule
            .as_ref()
            .and_then(|s| s.end_date.as_deref())
            .filter(|e| !e.is_empty())
    };
    let mut order = kept.clone();
    order.sort_by(|&a, &b| match (end(a), end(b)) {
        (Some(x), Some(y)) if x == y => std::cmp::Ordering::Equal,
        (None, None) => std::cmp::Ordering::Equal,
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => match (parse_instant(x), parse_instant(y)) {
            (Some(x), Some(y)) if x < y => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        },
    });
    let winner = order[0];
    let id = candidates[winner].campaign_id.clone();
    let why = match (kept.len(), highest) {
        (1, Some(p)) if qualifying > 1 => {
            format!("{id} has the highest priority ({p}) of the {qualifying} qualifying messages")
        }
        (1, _) => format!("{id} is the only qualifying message"),
        (n, _) => match end(winner) {
            Some(e) => format!("{id} ends first ({e}) of the {n} messages of equal priority"),
            None => format!(
                "{id} comes first of the {n} messages of equal priority, none with an end date"
            ),
        },
    };
    Pick {
        candidates,
        shown: Some(id),
        why,
    }
}

/// The client's checks of one cached message against an event.
fn qualifies(
    m: &InAppMessageCampaign,
    event: &AppEvent,
    shown: &Shown,
    now: OffsetDateTime,
) -> Criterion {
    let dimensions = m
        .schedule
        .as_ref()
        .and_then(|s| s.event_filter.as_ref())
        .map(|f| &f.dimensions);
    let mut checks = Vec::new();
    // Event type: exact, case-sensitive; DimensionType is not read.
    let types = dimensions
        .and_then(|d| d.event_type.as_ref())
        .map(|t| t.values.clone())
        .unwrap_or_default();
    checks.push(leaf(
        format!("event `{}` in [{}]", event.name, types.join(", ")),
        types.contains(&event.name),
    ));
    checks.extend(dimension_checks(
        "attributes",
        dimensions.and_then(|d| d.attributes.as_ref()),
        event.attributes.is_empty(),
        |key, dim| {
            let have = event.attributes.get(key);
            leaf(
                format!(
                    "attribute {key} {} in [{}]",
                    have.map_or("(not set)", String::as_str),
                    dim.values.join(", ")
                ),
                have.is_some_and(|v| dim.values.contains(v)),
            )
        },
    ));
    checks.extend(dimension_checks(
        "metrics",
        dimensions.and_then(|d| d.metrics.as_ref()),
        event.metrics.is_empty(),
        |key, dim| {
            metric_check(
                key,
                &dim.comparison_operator,
                dim.value,
                event.metrics.get(key).copied(),
            )
        },
    ));
    // End date.
    let end = m.schedule.as_ref().and_then(|s| s.end_date.as_deref());
    checks.push(match end {
        None | Some("") => leaf("no end date".into(), true),
        Some(text) => match parse_instant(text) {
            Some(at) => leaf(format!("ends {text}"), now < at),
            None => leaf(format!("end date `{text}` is not a date"), false),
        },
    });
    // Caps (0 or absent: none).
    let id = m.campaign_id.clone().unwrap_or_default();
    let caps = [
        (
            "SessionCap",
            m.session_cap,
            shown.session.get(&id).copied().unwrap_or(0),
            "this session",
        ),
        (
            "DailyCap",
            m.daily_cap,
            shown.today,
            "today, of any message",
        ),
        (
            "TotalCap",
            m.total_cap,
            shown.total.get(&id).copied().unwrap_or(0),
            "in all",
        ),
    ];
    for (name, cap, count, when) in caps {
        match cap.filter(|c| *c > 0) {
            Some(cap) => checks.push(leaf(
                format!("{name} {cap}: shown {count} {when}"),
                count < cap as u64,
            )),
            None => checks.push(leaf(format!("{name}: none"), true)),
        }
    }
    combined(format!("message {id}"), Combine::All, checks)
}

/// The checks of the filter's attributes or metrics (`what`) against the event's: none in
/// the filter passes; some in the filter and none in the event fails; otherwise each the
/// filter names is checked with `check`.
fn dimension_checks<D>(
    what: &str,
    wanted: Option<&IndexMap<String, D>>,
    event_has_none: bool,
    check: impl Fn(&str, &D) -> Criterion,
) -> Vec<Criterion> {
    match wanted {
        Some(wanted) if !wanted.is_empty() => {
            if event_has_none {
                vec![leaf(
                    format!("{what}: the filter has some, the event none"),
                    false,
                )]
            } else {
                wanted.iter().map(|(key, dim)| check(key, dim)).collect()
            }
        }
        _ => vec![leaf(format!("{what}: none in the filter"), true)],
    }
}

fn metric_check(key: &str, operator: &str, value: f64, have: Option<f64>) -> Criterion {
    let Some(op) = ComparisonOperator::parse(operator) else {
        return leaf(
            format!("metric {key}: unknown ComparisonOperator `{operator}`"),
            false,
        );
    };
    let (symbol, compare) = op.comparison();
    if value == 0.0 {
        return leaf(
            format!("metric {key} {symbol} 0: the client never matches a filter value of 0"),
            false,
        );
    }
    match have {
        None => leaf(format!("metric {key} (not set) {symbol} {value}"), false),
        Some(have) => leaf(
            format!("metric {key} {have} {symbol} {value}"),
            compare(&have, &value),
        ),
    }
}

#[cfg(test)]
mod tests;
