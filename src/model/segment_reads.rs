//! What segments read of an endpoint, and an endpoint's stored JSON (an EndpointResponse)
//! read into the form the segment engine decides on with only those members parsed: the
//! others are skipped over without being built, which is most of the work when a million
//! stored endpoints are decided for a segment by attribute.
//!
//! The form holds every member the segments read exactly as
//! `UserInfo::from_endpoint_response` makes it, so their answers are the same.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::UserInfo;
use super::form::{AttributeMap, MetricMap};
use super::wire::{EndpointDemographic, EndpointLocation, EndpointUser, SegmentDimensions};
use super::wire::{SegmentGroupList, SegmentResponse};

/// The members of an endpoint that some segments' criteria read (the id and the channel
/// are always read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reads {
    pub attributes: bool,
    pub user_attributes: bool,
    pub demographic: bool,
    pub location: bool,
    pub metrics: bool,
}

/// The top-level members of a stored endpoint, each left unparsed.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Members<'a> {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    channel_type: Option<String>,
    #[serde(default, borrow)]
    attributes: Option<&'a RawValue>,
    #[serde(default, borrow)]
    demographic: Option<&'a RawValue>,
    #[serde(default, borrow)]
    location: Option<&'a RawValue>,
    #[serde(default, borrow)]
    metrics: Option<&'a RawValue>,
    #[serde(default, borrow)]
    user: Option<&'a RawValue>,
}

/// A member parsed when it is read, else left out.
fn parsed<'a, T: Deserialize<'a>>(
    wanted: bool,
    raw: Option<&'a RawValue>,
) -> serde_json::Result<Option<T>> {
    match raw.filter(|_| wanted) {
        Some(raw) => serde_json::from_str::<Option<T>>(raw.get()),
        None => Ok(None),
    }
}

impl Reads {
    /// Every member read by any of `segments` (all of an application's: a segment's source
    /// segments are decided with it).
    pub fn of(segments: &[SegmentResponse]) -> Reads {
        let mut reads = Reads::default();
        for segment in segments {
            if let Some(d) = &segment.dimensions {
                reads.add(d);
            }
            let groups = segment
                .segment_groups
                .iter()
                .flat_map(|g: &SegmentGroupList| g.groups.iter().flatten());
            for d in groups.flat_map(|g| g.dimensions.iter().flatten()) {
                reads.add(d);
            }
        }
        reads
    }

    fn add(&mut self, d: &SegmentDimensions) {
        self.attributes |= d.attributes.is_some();
        self.user_attributes |= d.user_attributes.is_some();
        self.demographic |= d.demographic.is_some();
        self.location |= d.location.is_some();
        self.metrics |= d.metrics.is_some();
    }

    /// The form of a stored endpoint with the members read parsed, and the others empty.
    pub fn form(&self, body: &str) -> serde_json::Result<UserInfo> {
        let m: Members = serde_json::from_str(body)?;
        let user: Option<EndpointUser> = parsed(self.user_attributes, m.user)?;
        let demographic: Option<EndpointDemographic> = parsed(self.demographic, m.demographic)?;
        let location: Option<EndpointLocation> = parsed(self.location, m.location)?;
        Ok(UserInfo {
            endpoint_id: m.id,
            channel_type: m.channel_type,
            attributes: parsed::<AttributeMap>(self.attributes, m.attributes)?.unwrap_or_default(),
            demographic: demographic.map(Into::into).unwrap_or_default(),
            location: location.map(Into::into).unwrap_or_default(),
            metrics: parsed::<MetricMap>(self.metrics, m.metrics)?.unwrap_or_default(),
            user_attributes: user.and_then(|u| u.user_attributes).unwrap_or_default(),
            ..UserInfo::default()
        }
        .normalized())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::segment::match_all;
    use crate::model::wire::EndpointResponse;

    fn segment(dimensions: serde_json::Value) -> SegmentResponse {
        SegmentResponse {
            id: "s".into(),
            segment_type: "DIMENSIONAL".into(),
            dimensions: Some(serde_json::from_value(dimensions).unwrap()),
            ..SegmentResponse::default()
        }
    }

    const STORED: &str = r#"{"Address":"a","ApplicationId":"x","Attributes":{"plan":["premium"],"blank":[]},"ChannelType":"EMAIL","CohortId":"3","CreationDate":"2026-01-01T00:00:00.000Z","Demographic":{"AppVersion":"","Make":"Apple","Platform":"iOS"},"EffectiveDate":"2026-01-01T00:00:00.000Z","EndpointStatus":"ACTIVE","Id":"e1","Location":{"Country":"DE","Latitude":52.5,"Longitude":13.4},"Metrics":{"logins":157},"OptOut":"NONE","RequestId":"r","User":{"UserAttributes":{"tier":["gold"]},"UserId":"u1"}}"#;

    #[test]
    fn only_what_the_segments_read_is_parsed_and_the_answers_are_the_same() {
        let whole = UserInfo::from_endpoint_response(
            &serde_json::from_str::<EndpointResponse>(STORED).unwrap(),
        );
        let cases = [
            serde_json::json!({"Attributes": {"plan": {"Values": ["premium"]}}}),
            serde_json::json!({"UserAttributes": {"tier": {"Values": ["silver"]}}}),
            serde_json::json!({"Demographic": {"Platform": {"Values": ["iOS"]}, "Channel": {"Values": ["EMAIL"]}, "AppVersion": {"Values": [""], "DimensionType": "EXCLUSIVE"}}}),
            serde_json::json!({"Location": {"GPSPoint": {"Coordinates": {"Latitude": 52.5, "Longitude": 13.4}, "RangeInKilometers": 10}}}),
            serde_json::json!({"Metrics": {"logins": {"ComparisonOperator": "GREATER_THAN", "Value": 100}}}),
        ];
        for dimensions in cases {
            let segments = [segment(dimensions.clone())];
            let reads = Reads::of(&segments);
            let lean = reads.form(STORED).unwrap();
            assert_eq!(
                match_all(&segments, &lean),
                match_all(&segments, &whole),
                "{dimensions}"
            );
            // Only the member read is there (besides the id and the channel).
            let filled = [
                !lean.attributes.is_empty(),
                !lean.user_attributes.is_empty(),
                lean.demographic != Default::default(),
                lean.location != Default::default(),
                !lean.metrics.is_empty(),
            ];
            assert_eq!(filled.iter().filter(|f| **f).count(), 1, "{dimensions}");
            assert_eq!(lean.endpoint_id.as_deref(), Some("e1"));
        }
        // Everything read: the same form as from_endpoint_response, but for what no segment
        // reads (address, user id, status, opt-out).
        let all = Reads {
            attributes: true,
            user_attributes: true,
            demographic: true,
            location: true,
            metrics: true,
        };
        let lean = all.form(STORED).unwrap();
        assert_eq!(
            lean,
            UserInfo {
                address: None,
                user_id: None,
                endpoint_status: None,
                opt_out: None,
                ..whole
            }
        );
        // A stored endpoint that does not parse is an error, whatever is read.
        assert!(Reads::default().form("{").is_err());
        assert!(all.form(r#"{"Attributes": 5}"#).is_err());
    }
}
