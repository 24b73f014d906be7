//! `messages SOURCE | --endpoint ID [--event NAME ...]`: for every in-app campaign of the
//! application, whether the test user gets it and why not (the checks of
//! `model::inapp::deliveries`, over the application's campaigns, its segments at the versions
//! the campaigns name, and the in-app templates they take). With `--endpoint`, the service's
//! own GetInAppMessages answer is shown beside the one worked out here, and any disagreement
//! is said. With `--event`, which message the Amplify client would display for that event
//! (`model::inapp::amplify_pick`, over GetInAppMessages' list in its order), and why not
//! the others.

use indexmap::IndexMap;
use serde::Serialize;
use time::OffsetDateTime;

use crate::model::UserInfo;
use crate::model::inapp::{AppEvent, Catalog, Pick, Shown, amplify_pick, deliveries, entitled};
use crate::model::segment::{Activity, Criterion, Verdict};
use crate::model::wire::{CampaignResponse, InAppMessageCampaign, InAppMessagesResponse};
use crate::pinpoint::inapp;
use crate::store::paths::Paths;

use super::events::app_event;
use super::lookup::resolve;
use super::remote::with_client;
use super::render::{labelled_tree, labelled_trees, wrapped};
use super::{GlobalArgs, MessagesArgs, source};

/// Whether the test user gets a campaign's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Gets {
    Gets,
    DoesNotGet,
    /// The endpoint alone cannot decide (a segment's recency without its activity, say).
    CannotTell,
}

impl Gets {
    const LABELS: [&str; 3] = ["GETS", "DOES_NOT_GET", "CANNOT_TELL"];

    fn from_verdict(verdict: Verdict) -> Gets {
        match verdict {
            Verdict::Match => Gets::Gets,
            Verdict::NoMatch => Gets::DoesNotGet,
            Verdict::CannotTell => Gets::CannotTell,
        }
    }

    fn label(self) -> &'static str {
        Self::LABELS[self as usize]
    }
}

/// One in-app campaign's answer.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignAnswer {
    pub campaign_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub outcome: Gets,
    /// Every check, with its outcome and reason.
    pub criteria: Criterion,
}

/// The service's own GetInAppMessages answer, and how it compares.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceAnswer {
    pub in_app_messages: InAppMessagesResponse,
    pub agrees: bool,
    /// What differs from the answer worked out here, one sentence each.
    pub differences: Vec<String>,
}

/// What the Amplify client does with one cached message when the event is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Displayed {
    /// Displayed (`onMessageReceived`).
    Shown,
    /// Qualifies, but another is displayed (priority, or the conflict handler).
    NotShown,
    /// Fails one of the client's checks.
    DoesNotQualify,
}

impl Displayed {
    const LABELS: [&str; 3] = ["SHOWN", "NOT_SHOWN", "DOES_NOT_QUALIFY"];

    fn label(self) -> &'static str {
        Self::LABELS[self as usize]
    }
}

/// One cached message's answer for the event.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateAnswer {
    pub campaign_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub result: Displayed,
    /// Why, in a line.
    pub reason: String,
    /// Every check the client makes, with its outcome.
    pub criteria: Criterion,
}

/// Which message the Amplify client would display for the event.
#[derive(Debug, Clone, Serialize)]
pub struct EventAnswer {
    pub name: String,
    pub attributes: IndexMap<String, String>,
    #[serde(serialize_with = "crate::model::number::map")]
    pub metrics: IndexMap<String, f64>,
    /// Whose GetInAppMessages list the client holds: `service` (with --endpoint) or `local`.
    pub messages_from: &'static str,
    /// The campaign displayed, if any.
    pub shown: Option<String>,
    pub why: String,
    pub candidates: Vec<CandidateAnswer>,
}

/// What `messages` prints (`--output json`).
#[derive(Debug, Clone, Serialize)]
pub struct MessagesReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
    pub campaigns: Vec<CampaignAnswer>,
    /// GetInAppMessages' answer, as worked out here.
    pub in_app_messages: InAppMessagesResponse,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceAnswer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<EventAnswer>,
}

/// `messages`: exit 0 whatever the answers.
pub fn run(paths: &Paths, global: &GlobalArgs, args: &MessagesArgs) -> anyhow::Result<u8> {
    let local = args
        .source
        .as_deref()
        .map(|s| source::load(paths, s))
        .transpose()?;
    let output = global.output();
    with_client(paths, global, async |client| {
        let (form, activity) = match (local, &args.endpoint) {
            (Some((form, _)), _) => (form, None),
            (None, Some(id)) => {
                let (fetched, activity) = client.get_endpoint_with_activity(id).await?;
                (UserInfo::from_endpoint_response(&fetched.value), activity)
            }
            (None, None) => anyhow::bail!("name a SOURCE, or --endpoint ID"),
        };
        let campaigns = client.get_campaigns().await?.value.item;
        let segments = client.get_segments().await?.value.item;
        // A template or segment version the service does not have is left out (the
        // answer then says so); another failure is the command's.
        let named = inapp::named(client, &campaigns, &segments, &[]).await;
        if let Some(failure) = named.failures.into_iter().next() {
            return Err(failure.into());
        }
        let service = match &args.endpoint {
            Some(id) => Some(client.get_in_app_messages(id).await?.value),
            None => None,
        };
        let now = OffsetDateTime::now_utc();
        let catalog = Catalog {
            segments: &segments,
            segment_versions: &named.segment_versions,
            templates: &named.templates,
            now,
        };
        let shown = shown(args, &campaigns, &client.target().application_id)?;
        let report = report(&form, activity, &campaigns, &catalog, service, args, &shown);
        output.show(&report, report_text);
        Ok(0)
    })
}

/// The answers, from what was fetched.
fn report(
    form: &UserInfo,
    activity: Option<Activity>,
    campaigns: &[CampaignResponse],
    catalog: &Catalog<'_>,
    service: Option<InAppMessagesResponse>,
    args: &MessagesArgs,
    shown: &Shown,
) -> MessagesReport {
    let answers = deliveries(campaigns, form, activity, catalog);
    let names = Names(campaigns);
    let local = entitled(&answers);
    let service = service.map(|answer| {
        let theirs = answer
            .in_app_message_campaigns
            .as_deref()
            .unwrap_or_default();
        let differences = differences(&local, theirs, &names);
        ServiceAnswer {
            agrees: differences.is_empty(),
            differences,
            in_app_messages: answer,
        }
    });
    let event = args.event.as_deref().map(|name| {
        let event = app_event(name, &args.data);
        let (messages, from) = match &service {
            Some(s) => (
                s.in_app_messages
                    .in_app_message_campaigns
                    .as_deref()
                    .unwrap_or_default(),
                "service",
            ),
            None => (local.as_slice(), "local"),
        };
        let pick = amplify_pick(messages, &event, shown, catalog.now);
        event_answer(event, messages, pick, from, &names)
    });
    MessagesReport {
        endpoint_id: form.endpoint_id.clone(),
        campaigns: answers
            .into_iter()
            .map(|d| CampaignAnswer {
                campaign_id: d.campaign_id,
                name: d.name,
                outcome: Gets::from_verdict(d.verdict),
                criteria: d.criteria,
            })
            .collect(),
        in_app_messages: InAppMessagesResponse {
            in_app_message_campaigns: Some(local),
        },
        service,
        event,
    }
}

/// Campaign names by id, for sentences.
struct Names<'a>(&'a [CampaignResponse]);

impl Names<'_> {
    fn name(&self, id: &str) -> Option<String> {
        self.0
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.name.clone())
    }

    /// `"spring-sale"`, or the id when the campaign has no name (or is not known).
    fn shown(&self, id: &str) -> String {
        match self.name(id) {
            Some(name) => format!("\"{name}\""),
            None => id.to_string(),
        }
    }
}

/// The device's counts of messages shown, from `--shown-session`, `--shown-today` and
/// `--shown-total` (campaigns named by id or name).
fn shown(
    args: &MessagesArgs,
    campaigns: &[CampaignResponse],
    application: &str,
) -> anyhow::Result<Shown> {
    let counts = |given: &[(String, u64)]| -> anyhow::Result<_> {
        given
            .iter()
            .map(|(key, n)| Ok((resolve(campaigns, key, application)?.id.clone(), *n)))
            .collect::<anyhow::Result<_>>()
    };
    Ok(Shown {
        session: counts(&args.shown_session)?,
        today: args.shown_today.unwrap_or(0),
        total: counts(&args.shown_total)?,
    })
}

/// How GetInAppMessages' answer from the service differs from the one worked out here, one
/// sentence each: a message only one of them has, a message whose members differ, the order.
fn differences(
    local: &[InAppMessageCampaign],
    service: &[InAppMessageCampaign],
    names: &Names<'_>,
) -> Vec<String> {
    let id = |m: &InAppMessageCampaign| m.campaign_id.clone().unwrap_or_default();
    let find =
        |list: &[InAppMessageCampaign], key: &str| list.iter().find(|m| id(m) == key).cloned();
    let mut said = Vec::new();
    for theirs in service {
        let key = id(theirs);
        match find(local, &key) {
            None => said.push(format!(
                "the service returns {}, which the evaluation here says the endpoint does not get",
                names.shown(&key)
            )),
            Some(ours) if ours != *theirs => said.push(format!(
                "{}: the service's {} differs from the one worked out here",
                names.shown(&key),
                differing_members(&ours, theirs).join(", ")
            )),
            Some(_) => {}
        }
    }
    for ours in local {
        let key = id(ours);
        if find(service, &key).is_none() {
            said.push(format!(
                "the service does not return {}, which the evaluation here says the endpoint gets",
                names.shown(&key)
            ));
        }
    }
    let order = |list: &[InAppMessageCampaign], other: &[InAppMessageCampaign]| -> Vec<String> {
        list.iter()
            .map(id)
            .filter(|k| find(other, k).is_some())
            .collect()
    };
    let (ours, theirs) = (order(local, service), order(service, local));
    if said.is_empty() && ours != theirs {
        let list = |ids: &[String]| {
            ids.iter()
                .map(|k| names.shown(k))
                .collect::<Vec<_>>()
                .join(", ")
        };
        said.push(format!(
            "the service lists them in another order: {} (here: {})",
            list(&theirs),
            list(&ours)
        ));
    }
    said
}

/// The members of two InAppMessageCampaigns that differ, by their wire names.
fn differing_members(a: &InAppMessageCampaign, b: &InAppMessageCampaign) -> Vec<&'static str> {
    let (a, b) = (
        serde_json::to_value(a).unwrap_or_default(),
        serde_json::to_value(b).unwrap_or_default(),
    );
    [
        "DailyCap",
        "InAppMessage",
        "Priority",
        "Schedule",
        "SessionCap",
        "TotalCap",
        "TreatmentId",
    ]
    .into_iter()
    .filter(|k| a.get(k) != b.get(k))
    .collect()
}

/// The pick, with a result and a one-line reason for each cached message.
fn event_answer(
    event: AppEvent,
    messages: &[InAppMessageCampaign],
    pick: Pick,
    from: &'static str,
    names: &Names<'_>,
) -> EventAnswer {
    let winner = pick.shown.clone();
    let with_names = |text: &str| match &winner {
        Some(id) => text.replace(id.as_str(), &names.shown(id)),
        None => text.to_string(),
    };
    let priority = |id: &str| {
        messages
            .iter()
            .find(|m| m.campaign_id.as_deref() == Some(id))
            .and_then(|m| m.priority)
            .filter(|p| *p != 0)
    };
    let candidates = pick
        .candidates
        .into_iter()
        .map(|c| {
            let (result, reason) = match (&winner, c.criteria.verdict, c.kept) {
                (Some(w), _, _) if *w == c.campaign_id => (Displayed::Shown, with_names(&pick.why)),
                (_, Verdict::Match, false) => {
                    let w = winner.as_deref().unwrap_or_default();
                    let theirs = match priority(&c.campaign_id) {
                        Some(p) => format!("priority {p}"),
                        None => "no priority".into(),
                    };
                    let winning = priority(w).map_or("none".into(), |p| p.to_string());
                    (
                        Displayed::NotShown,
                        format!(
                            "{} has a higher priority ({winning}; this one has {theirs})",
                            names.shown(w)
                        ),
                    )
                }
                (_, Verdict::Match, true) => (
                    Displayed::NotShown,
                    format!(
                        "the conflict handler picks another: {}",
                        with_names(&pick.why)
                    ),
                ),
                _ => {
                    let failing: Vec<String> = c
                        .criteria
                        .lines()
                        .into_iter()
                        .filter(|(_, k)| k.children.is_empty() && k.verdict != Verdict::Match)
                        .map(|(_, k)| k.text.clone())
                        .collect();
                    (Displayed::DoesNotQualify, failing.join("; "))
                }
            };
            CandidateAnswer {
                name: names.name(&c.campaign_id),
                campaign_id: c.campaign_id,
                result,
                reason,
                criteria: c.criteria,
            }
        })
        .collect();
    EventAnswer {
        name: event.name,
        attributes: event.attributes,
        metrics: event.metrics,
        messages_from: from,
        why: with_names(&pick.why),
        shown: winner,
        candidates,
    }
}

/// A campaign's name and id, as the text says it (`"spring-sale" (0f1e…)`).
fn titled(name: Option<&str>, id: &str) -> String {
    match name {
        Some(name) => format!("\"{name}\" ({id})"),
        None => id.to_string(),
    }
}

/// A list of GetInAppMessages' messages in a line: `"premium-welcome" (priority 1), …`.
fn message_list(messages: &[InAppMessageCampaign], names: &Names<'_>) -> String {
    if messages.is_empty() {
        return "none".into();
    }
    messages
        .iter()
        .map(|m| {
            let id = m.campaign_id.as_deref().unwrap_or_default();
            match m.priority.filter(|p| *p != 0) {
                Some(p) => format!("{} (priority {p})", names.shown(id)),
                None => names.shown(id),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `messages` for people: each campaign's answer with its tree of checks and the count of
/// each answer; GetInAppMessages' list (and the service's, with whether it agrees); with an
/// event, each cached message's tree and which one is displayed.
pub fn report_text(report: &MessagesReport, width: usize) -> String {
    let stored: Vec<CampaignResponse> = report
        .campaigns
        .iter()
        .map(|c| CampaignResponse {
            id: c.campaign_id.clone(),
            name: c.name.clone(),
            ..Default::default()
        })
        .collect();
    let names = Names(&stored);
    let trees: Vec<(&str, &Criterion)> = report
        .campaigns
        .iter()
        .map(|c| (c.outcome.label(), &c.criteria))
        .collect();
    let who = match &report.endpoint_id {
        Some(id) => format!("endpoint {id}"),
        None => "the test user".into(),
    };
    let count = match trees.len() {
        1 => "1 in-app campaign".to_string(),
        n => format!("{n} in-app campaigns"),
    };
    let mut text = labelled_trees(&trees, &Gets::LABELS, &format!("{who}, {count}"), width);
    let mut lines: Vec<String> = vec![String::new()];
    let local = report
        .in_app_messages
        .in_app_message_campaigns
        .as_deref()
        .unwrap_or_default();
    let line = format!(
        "GetInAppMessages, worked out here: {}",
        message_list(local, &names)
    );
    lines.extend(wrapped(&line, "", "  ", width));
    if let Some(service) = &report.service {
        let theirs = service
            .in_app_messages
            .in_app_message_campaigns
            .as_deref()
            .unwrap_or_default();
        let line = format!(
            "GetInAppMessages, from the service: {}",
            message_list(theirs, &names)
        );
        lines.extend(wrapped(&line, "", "  ", width));
        if service.agrees {
            lines.push("the service agrees".into());
        } else {
            lines.push("the service DISAGREES:".into());
            for d in &service.differences {
                lines.extend(wrapped(d, "  - ", "    ", width));
            }
        }
    }
    if let Some(event) = &report.event {
        lines.push(String::new());
        lines.extend(event_text(event, width));
    }
    text.push_str(&lines.join("\n"));
    text
}

/// The event's part of `report_text`.
fn event_text(event: &EventAnswer, width: usize) -> Vec<String> {
    let data: Vec<String> = event
        .attributes
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .chain(event.metrics.iter().map(|(k, v)| format!("{k}={v}")))
        .collect();
    let data = match data.is_empty() {
        true => String::new(),
        false => format!(" ({})", data.join(", ")),
    };
    let whose = match event.messages_from {
        "service" => "the service's",
        _ => "the",
    };
    let count = event.candidates.len();
    let mut lines = wrapped(
        &format!(
            "event {}{data}: what the Amplify client does with {whose} {}",
            event.name,
            crate::text::counted(count as u64, "cached message")
        ),
        "",
        "  ",
        width,
    );
    for c in &event.candidates {
        lines.push(String::new());
        let mut tree = c.criteria.clone();
        tree.text = format!("message {}", titled(c.name.as_deref(), &c.campaign_id));
        if c.result == Displayed::NotShown {
            tree.text.push_str(&format!(": {}", c.reason));
        }
        lines.extend(labelled_tree(
            c.result.label(),
            &tree,
            &Displayed::LABELS,
            width,
        ));
    }
    lines.push(String::new());
    let outcome = match &event.shown {
        Some(_) => format!("displayed: {}", event.why),
        None => event.why.clone(),
    };
    lines.extend(wrapped(&outcome, "", "  ", width));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str, priority: Option<i64>) -> InAppMessageCampaign {
        InAppMessageCampaign {
            campaign_id: Some(id.into()),
            priority,
            treatment_id: Some("0".into()),
            ..Default::default()
        }
    }

    fn named(ids: &[&str]) -> Vec<CampaignResponse> {
        ids.iter()
            .map(|id| CampaignResponse {
                id: id.to_string(),
                name: Some(format!("{id}-name")),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn the_same_answer_has_no_differences_and_each_difference_is_said() {
        let campaigns = named(&["a", "b", "c"]);
        let names = Names(&campaigns);
        let ours = [message("a", Some(1)), message("b", None)];
        assert!(differences(&ours, &ours, &names).is_empty());
        let theirs = [message("a", Some(2)), message("c", None)];
        assert_eq!(
            differences(&ours, &theirs, &names),
            [
                "\"a-name\": the service's Priority differs from the one worked out here",
                "the service returns \"c-name\", which the evaluation here says the endpoint \
                 does not get",
                "the service does not return \"b-name\", which the evaluation here says the \
                 endpoint gets",
            ]
        );
        let swapped = [message("b", None), message("a", Some(1))];
        assert_eq!(
            differences(&ours, &swapped, &names),
            [
                "the service lists them in another order: \"b-name\", \"a-name\" (here: \
              \"a-name\", \"b-name\")"
            ]
        );
    }

    #[test]
    fn each_cached_message_says_why_it_is_or_is_not_shown() {
        use crate::model::wire::{
            CampaignEventFilter, EventDimensions, InAppCampaignSchedule, SetDimension,
        };
        let on_open = |id: &str, priority: Option<i64>, end: Option<&str>| InAppMessageCampaign {
            schedule: Some(InAppCampaignSchedule {
                end_date: end.map(str::to_string),
                event_filter: Some(CampaignEventFilter {
                    filter_type: "ENDPOINT".into(),
                    dimensions: EventDimensions {
                        event_type: Some(SetDimension {
                            values: vec!["open".into()],
                            ..Default::default()
                        }),
                        ..Default::default()
                    },
                }),
                ..Default::default()
            }),
            ..message(id, priority)
        };
        let campaigns = named(&["late", "soon", "low", "other"]);
        let names = Names(&campaigns);
        let mut other = on_open("other", None, None);
        other
            .schedule
            .as_mut()
            .unwrap()
            .event_filter
            .as_mut()
            .unwrap()
            .dimensions
            .event_type = Some(SetDimension {
            values: vec!["close".into()],
            ..Default::default()
        });
        let messages = [
            on_open("late", Some(1), Some("2027-06-30T00:00:00Z")),
            on_open("soon", Some(1), Some("2027-01-31T00:00:00Z")),
            on_open("low", Some(3), None),
            other,
        ];
        let event = AppEvent {
            name: "open".into(),
            ..Default::default()
        };
        let now = crate::model::segment::parse_instant("2026-12-01T00:00:00Z").unwrap();
        let pick = amplify_pick(&messages, &event, &Shown::default(), now);
        let answer = event_answer(event, &messages, pick, "local", &names);
        assert_eq!(answer.shown.as_deref(), Some("soon"));
        let why =
            "\"soon-name\" ends first (2027-01-31T00:00:00Z) of the 2 messages of equal priority";
        assert_eq!(answer.why, why);
        let results: Vec<(Displayed, &str)> = answer
            .candidates
            .iter()
            .map(|c| (c.result, c.reason.as_str()))
            .collect();
        assert_eq!(
            results,
            [
                (
                    Displayed::NotShown,
                    format!("the conflict handler picks another: {why}").as_str()
                ),
                (Displayed::Shown, why),
                (
                    Displayed::NotShown,
                    "\"soon-name\" has a higher priority (1; this one has priority 3)"
                ),
                (Displayed::DoesNotQualify, "event `open` in [close]"),
            ]
        );
        assert_eq!(answer.candidates[0].name.as_deref(), Some("late-name"));
    }
}
