//! What segments read of an endpoint, and an endpoint read into the form the segment engine
//! decides on with only those members parsed, from its members' JSON stored apart: the
//! others are not built, which is most of the work when a million stored endpoints are
//! decided for a segment by attribute.
//!
//! The form holds every member the segments read exactly as
//! `UserInfo::from_endpoint_response` makes it, so their answers are the same.

use serde::Deserialize;

use super::UserInfo;
use super::form::{AttributeMap, MetricMap};
use super::wire::{EndpointDemographic, EndpointLocation, SegmentDimensions};
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

/// A member of an endpoint that segments read, besides its id and channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    Attributes,
    Demographic,
    Location,
    Metrics,
    /// The user's UserAttributes.
    UserAttributes,
}

impl Member {
    pub const ALL: [Member; 5] = [
        Member::Attributes,
        Member::Demographic,
        Member::Location,
        Member::Metrics,
        Member::UserAttributes,
    ];
}

/// An endpoint's id, channel and the JSON of each member segments read (by [`Member`], in
/// the order of [`Member::ALL`]); none where the endpoint has no such member or it is not
/// read.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoredMembers<'a> {
    pub id: Option<&'a str>,
    pub channel_type: Option<&'a str>,
    pub members: [Option<&'a str>; 5],
}

/// A member parsed when it is read, else left out.
fn parsed<'a, T: Deserialize<'a>>(
    wanted: bool,
    text: Option<&'a str>,
) -> serde_json::Result<Option<T>> {
    match text.filter(|_| wanted) {
        Some(text) => serde_json::from_str::<Option<T>>(text),
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

    /// Whether the segments read `member`.
    pub fn reads(&self, member: Member) -> bool {
        match member {
            Member::Attributes => self.attributes,
            Member::Demographic => self.demographic,
            Member::Location => self.location,
            Member::Metrics => self.metrics,
            Member::UserAttributes => self.user_attributes,
        }
    }

    /// The form of a stored endpoint from its members stored apart, with the members read
    /// parsed and the others empty.
    pub fn form_of(&self, m: &StoredMembers<'_>) -> serde_json::Result<UserInfo> {
        let [attributes, demographic, location, metrics, user_attributes] = m.members;
        let demographic: Option<EndpointDemographic> = parsed(self.demographic, demographic)?;
        let location: Option<EndpointLocation> = parsed(self.location, location)?;
        Ok(UserInfo {
            endpoint_id: m.id.map(str::to_owned),
            channel_type: m.channel_type.map(str::to_owned),
            attributes: parsed::<AttributeMap>(self.attributes, attributes)?.unwrap_or_default(),
            demographic: demographic.map(Into::into).unwrap_or_default(),
            location: location.map(Into::into).unwrap_or_default(),
            metrics: parsed::<MetricMap>(self.metrics, metrics)?.unwrap_or_default(),
            user_attributes: parsed::<AttributeMap>(self.user_attributes, user_attributes)?
                .unwrap_or_default(),
            ..UserInfo::default()
        }
        .normalized())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

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

    /// The members of a stored endpoint's User, left unparsed.
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct UserMembers<'a> {
        #[serde(default, borrow)]
        user_attributes: Option<&'a RawValue>,
    }

    fn raw(value: Option<&RawValue>) -> Option<&str> {
        value.map(RawValue::get)
    }

    /// The form of a stored endpoint from its whole JSON (an EndpointResponse) with the members read parsed, and the
    /// others empty.
    fn form(reads: &Reads, body: &str) -> serde_json::Result<UserInfo> {
        let m: Members = serde_json::from_str(body)?;
        let user: Option<UserMembers> = parsed(reads.user_attributes, raw(m.user))?;
        reads.form_of(&StoredMembers {
            id: m.id.as_deref(),
            channel_type: m.channel_type.as_deref(),
            members: [
                raw(m.attributes),
                raw(m.demographic),
                raw(m.location),
                raw(m.metrics),
                raw(user.and_then(|u| u.user_attributes)),
            ],
        })
    }
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
            let lean = form(&reads, STORED).unwrap();
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
        let lean = form(&all, STORED).unwrap();
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
        assert!(form(&Reads::default(), "{").is_err());
        assert!(form(&all, r#"{"Attributes": 5}"#).is_err());
    }
}
