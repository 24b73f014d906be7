//! The In-app view's state: the campaigns and templates loaded from the target (once, off
//! the draw path), every in-app campaign's answer for the form as it is edited, and the
//! event fired from the console with the message the Amplify client would display for it.
//! The answers are pure functions of the form (`model::inapp`), recomputed on every edit.

use indexmap::IndexMap;
use time::OffsetDateTime;

use crate::model::UserInfo;
use crate::model::inapp::{
    AppEvent, Candidate, Delivery, Library, Pick, Shown, amplify_pick, campaign_message,
    deliveries, entitled,
};
use crate::model::segment::Verdict;
use crate::model::wire::{InAppMessage, InAppMessageCampaign, SegmentResponse};

/// What the lower part of the In-app view shows for the selected campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Why the form gets it or not (and, after an event, the client's checks).
    #[default]
    Reasons,
    /// The message drawn as the device shows it.
    Message,
}

/// The In-app view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InAppState {
    /// The application's campaigns and templates, once loaded.
    pub library: Option<Library>,
    /// Why the last load failed.
    pub error: Option<String>,
    /// What a load could not get but did without (a template list the target refuses).
    pub notes: Vec<String>,
    /// A load started after a write, in the background (it does not hold the status line).
    pub refreshing: Option<u64>,
    /// Every in-app campaign's answer for the form, in the application's order.
    pub deliveries: Vec<Delivery>,
    /// The layout each of them is sent with (as the service names it), or why none.
    pub layouts: Vec<String>,
    /// What GetInAppMessages would return for the form, in its order.
    pub entitled: Vec<InAppMessageCampaign>,
    /// The event fired from the console, as typed and as read.
    pub event_text: String,
    pub event: Option<AppEvent>,
    /// The Amplify client's answer to the event.
    pub pick: Option<Pick>,
    pub selected: usize,
    pub detail: Detail,
    /// The page of the selected message (carousels).
    pub page: usize,
    /// Select and draw the message the event shows once the campaigns arrive.
    pub show_when_loaded: bool,
}

impl InAppState {
    /// The In-app view as JSON, for the copy key: each campaign's answer with its reasons, and
    /// the event's pick.
    pub fn json(&self, endpoint_id: Option<&str>) -> serde_json::Value {
        let inapp = self;
        let campaigns: Vec<serde_json::Value> = inapp
            .deliveries
            .iter()
            .map(|d| {
                serde_json::json!({
                    "campaign_id": d.campaign_id,
                    "name": d.name,
                    "outcome": d.verdict,
                    "criteria": d.criteria,
                })
            })
            .collect();
        let mut out = serde_json::json!({
            "endpoint_id": endpoint_id,
            "campaigns": campaigns,
            "in_app_messages": inapp.entitled,
        });
        if let (Some(event), Some(pick)) = (&inapp.event, &inapp.pick) {
            out["event"] = serde_json::json!({
                "name": event.name,
                "attributes": event.attributes,
                "metrics": event.metrics,
                "shown": pick.shown,
                "why": pick.why,
                "candidates": pick.candidates.iter().map(|c| serde_json::json!({
                    "campaign_id": c.campaign_id,
                    "kept": c.kept,
                    "criteria": c.criteria,
                })).collect::<Vec<_>>(),
            });
        }
        out
    }

    /// Decides again for the form: every campaign's answer, the list GetInAppMessages would
    /// return, and the event's pick over it (on a device that has shown nothing yet).
    pub fn decide(&mut self, form: &UserInfo, segments: &[SegmentResponse], now: OffsetDateTime) {
        let Some(library) = &self.library else {
            self.deliveries.clear();
            self.layouts.clear();
            self.entitled.clear();
            self.pick = None;
            return;
        };
        let catalog = library.catalog(segments, now);
        self.deliveries = deliveries(&library.campaigns, form, None, &catalog);
        self.layouts = library
            .in_app_campaigns()
            .zip(&self.deliveries)
            .map(|(campaign, delivery)| {
                let sent = delivery
                    .message
                    .as_ref()
                    .and_then(|m| m.in_app_message.as_ref());
                let layout = match sent {
                    Some(m) => Ok(m.layout.clone()),
                    None => campaign_message(campaign, &catalog).map(|m| m.layout),
                };
                match layout {
                    Ok(layout) => layout.unwrap_or_else(|| "(no layout)".into()),
                    Err(_) => "(no message)".into(),
                }
            })
            .collect();
        self.entitled = entitled(&self.deliveries);
        self.pick = self
            .event
            .as_ref()
            .map(|event| amplify_pick(&self.entitled, event, &Shown::default(), now));
        self.selected = self.selected.min(self.deliveries.len().saturating_sub(1));
    }

    /// Drops what was loaded from a target (another target or application is coming); the
    /// event fired stays.
    pub fn forget_library(&mut self) {
        *self = InAppState {
            event_text: std::mem::take(&mut self.event_text),
            event: self.event.take(),
            detail: self.detail,
            ..InAppState::default()
        };
    }

    pub fn current(&self) -> Option<&Delivery> {
        self.deliveries.get(self.selected)
    }

    /// The client's answer about one campaign, when an event was fired and the device has
    /// it.
    pub fn candidate(&self, campaign_id: &str) -> Option<&Candidate> {
        self.pick
            .as_ref()?
            .candidates
            .iter()
            .find(|c| c.campaign_id == campaign_id)
    }

    /// Selects the campaign the event shows, if any.
    pub fn select_shown(&mut self) -> bool {
        let shown = self.pick.as_ref().and_then(|p| p.shown.clone());
        let at = shown.and_then(|id| self.deliveries.iter().position(|d| d.campaign_id == id));
        if let Some(at) = at {
            self.selected = at;
            self.page = 0;
        }
        at.is_some()
    }

    /// The message of a campaign: what the device receives when the form gets it (the
    /// treatment's), else the campaign's own; or why there is none.
    pub fn message_of(
        &self,
        campaign_id: &str,
        segments: &[SegmentResponse],
        now: OffsetDateTime,
    ) -> Result<InAppMessage, String> {
        if let Some(message) = self
            .deliveries
            .iter()
            .find(|d| d.campaign_id == campaign_id)
            .and_then(|d| d.message.as_ref())
            .and_then(|m| m.in_app_message.clone())
        {
            return Ok(message);
        }
        let library = self
            .library
            .as_ref()
            .ok_or("the campaigns are not loaded")?;
        let campaign = library
            .campaigns
            .iter()
            .find(|c| c.id == campaign_id)
            .ok_or_else(|| format!("campaign {campaign_id} is not loaded"))?;
        campaign_message(campaign, &library.catalog(segments, now))
    }

    /// What the event shows and why, campaigns named by their names.
    pub fn pick_words(&self) -> String {
        let Some(pick) = &self.pick else {
            return String::new();
        };
        let mut why = pick.why.clone();
        for d in &self.deliveries {
            if let Some(name) = &d.name {
                why = why.replace(&d.campaign_id, name);
            }
        }
        why
    }

    /// Counts for the view's first line: (gets, cannot tell, of).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |v: Verdict| self.deliveries.iter().filter(|d| d.verdict == v).count();
        (
            count(Verdict::Match),
            count(Verdict::CannotTell),
            self.deliveries.len(),
        )
    }
}

/// Reads `NAME [K=V]... [K:=N]...`, quoted as in a shell: the event's name, then its
/// attributes (`item=gloves`) and metrics (`price:=12.5`).
pub fn parse_event(text: &str) -> Result<AppEvent, String> {
    let words = shlex::split(text).ok_or("unbalanced quotes")?;
    let mut words = words.into_iter();
    let name = words
        .next()
        .filter(|n| !n.is_empty())
        .ok_or("type an event name first, then K=V attributes and K:=N metrics")?;
    if name.contains('=') {
        return Err(format!(
            "`{name}`: the event's name comes first, then K=V attributes and K:=N metrics"
        ));
    }
    let mut attributes = IndexMap::new();
    let mut metrics = IndexMap::new();
    for word in words {
        if let Some((key, number)) = word.split_once(":=") {
            let value: f64 = number
                .trim()
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| format!("metric `{key}`: `{number}` is not a number"))?;
            if key.is_empty() {
                return Err(format!("`{word}`: a metric needs a name before :="));
            }
            if metrics.insert(key.to_string(), value).is_some() {
                return Err(format!("metric `{key}` is given twice"));
            }
        } else if let Some((key, value)) = word.split_once('=') {
            if key.is_empty() {
                return Err(format!("`{word}`: an attribute needs a name before ="));
            }
            if attributes
                .insert(key.to_string(), value.to_string())
                .is_some()
            {
                return Err(format!("attribute `{key}` is given twice"));
            }
        } else {
            return Err(format!(
                "`{word}`: write attributes as K=V and metrics as K:=N"
            ));
        }
    }
    Ok(AppEvent {
        name,
        attributes,
        metrics,
    })
}

/// The event as one line (`purchase item=gloves price:=12.5`), quoted where a shell
/// would need it.
pub fn event_words(event: &AppEvent) -> String {
    let plain = |c: char| c.is_alphanumeric() || "_-.:=/@%+,".contains(c);
    let quote = |s: &str| {
        if !s.is_empty() && s.chars().all(plain) {
            return s.to_string();
        }
        shlex::try_quote(s)
            .map(|q| q.into_owned())
            .unwrap_or_else(|_| s.to_string())
    };
    let mut words = vec![quote(&event.name)];
    words.extend(
        event
            .attributes
            .iter()
            .map(|(k, v)| quote(&format!("{k}={v}"))),
    );
    words.extend(
        event
            .metrics
            .iter()
            .map(|(k, v)| quote(&format!("{k}:={v}"))),
    );
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_read_name_attributes_and_metrics() {
        let event =
            parse_event("purchase item=gloves 'note=two words' price:=12.5 qty:=2").unwrap();
        assert_eq!(event.name, "purchase");
        assert_eq!(event.attributes["item"], "gloves");
        assert_eq!(event.attributes["note"], "two words");
        assert_eq!(event.metrics["price"], 12.5);
        assert_eq!(event.metrics["qty"], 2.0);
        assert_eq!(
            event_words(&event),
            "purchase item=gloves 'note=two words' price:=12.5 qty:=2"
        );
        assert_eq!(
            parse_event("_session.start").unwrap().name,
            "_session.start"
        );
        // An attribute value may hold `=` and `:`.
        let event = parse_event("open url=a=b:c").unwrap();
        assert_eq!(event.attributes["url"], "a=b:c");
    }

    #[test]
    fn bad_events_say_what_is_wrong() {
        for (text, said) in [
            ("", "event name"),
            ("item=gloves", "name comes first"),
            ("buy price:=ten", "not a number"),
            ("buy price:=inf", "not a number"),
            ("buy gloves", "K=V"),
            ("buy =x", "needs a name"),
            ("buy :=1", "needs a name"),
            ("buy a=1 a=2", "twice"),
            ("buy n:=1 n:=2", "twice"),
            ("buy 'open", "quotes"),
        ] {
            let error = parse_event(text).unwrap_err();
            assert!(error.contains(said), "{text}: {error}");
        }
    }
}
