//! What segments read of an endpoint (the members, and of Attributes, UserAttributes and
//! Metrics the names), and an endpoint read into the form the segment engine decides on with
//! only those parsed, from its members' JSON stored apart: the rest is skipped unbuilt, which
//! is most of the work when a million stored endpoints are decided for a segment by
//! attribute.
//!
//! The form holds every member the segments read exactly as
//! `UserInfo::from_endpoint_response` makes it, so their answers are the same.

use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor,
};

use super::UserInfo;
use super::segment::SegmentIndex;
use super::wire::SegmentGroupList;
use super::wire::{EndpointDemographic, EndpointLocation, SegmentDimensions};

/// The members of an endpoint that some segments' criteria read (the id and the channel
/// are always read), and of the maps, the names read: the other entries are skipped unbuilt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reads {
    pub attributes: Names,
    pub user_attributes: Names,
    pub demographic: bool,
    pub location: bool,
    pub metrics: Names,
}

/// The entries of a map member that are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Names {
    /// None: the member is not parsed.
    #[default]
    None,
    /// These names only.
    Some(foldhash::HashSet<String>),
    /// Every entry.
    All,
}

impl Names {
    fn add<'a>(&mut self, names: impl IntoIterator<Item = &'a String>) {
        let mut names = names.into_iter().peekable();
        if names.peek().is_none() {
            return;
        }
        match self {
            Names::All => {}
            Names::Some(set) => set.extend(names.cloned()),
            Names::None => *self = Names::Some(names.cloned().collect()),
        }
    }

    fn any(&self) -> bool {
        *self != Names::None
    }

    /// The map member's JSON with the entries read, or none when none is.
    fn parse<V: DeserializeOwned>(
        &self,
        text: Option<&str>,
    ) -> serde_json::Result<Option<IndexMap<String, V>>> {
        match (self, text) {
            (Names::None, _) | (_, None) => Ok(None),
            (Names::All, Some(text)) => serde_json::from_str(text),
            (Names::Some(names), Some(text)) => {
                let mut de = serde_json::Deserializer::from_str(text);
                let map = Picked::<V>::new(names).deserialize(&mut de)?;
                de.end()?;
                Ok(map)
            }
        }
    }
}

/// Reads a map member (or its `null`) keeping only the entries of some names, as a map of
/// them all would hold them (the last of a name repeated).
struct Picked<'n, V> {
    names: &'n foldhash::HashSet<String>,
    value: PhantomData<V>,
}

impl<'n, V> Picked<'n, V> {
    fn new(names: &'n foldhash::HashSet<String>) -> Self {
        Picked {
            names,
            value: PhantomData,
        }
    }
}

impl<'de, V: DeserializeOwned> DeserializeSeed<'de> for Picked<'_, V> {
    type Value = Option<IndexMap<String, V>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, V: DeserializeOwned> Visitor<'de> for Picked<'_, V> {
    type Value = Option<IndexMap<String, V>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut picked = IndexMap::new();
        while let Some(name) = map.next_key_seed(Name(self.names))? {
            match name {
                Some(name) => {
                    picked.insert(name, map.next_value()?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(picked))
    }
}

/// A map's key: the name when it is one of those read.
struct Name<'n>(&'n foldhash::HashSet<String>);

impl<'de> DeserializeSeed<'de> for Name<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Name<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(self.0.contains(name).then(|| name.to_owned()))
    }
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
    /// Every member (and map entry) that segments `wanted` read, with the source segments
    /// they are decided with, of an application's `segments`.
    pub fn of(segments: &SegmentIndex<'_>, wanted: &[&str]) -> Reads {
        let mut reads = Reads::default();
        let mut seen = HashSet::new();
        let mut next: Vec<&str> = wanted.to_vec();
        while let Some(id) = next.pop() {
            let Some(segment) = segments.get(id).filter(|_| seen.insert(id)) else {
                continue;
            };
            if let Some(d) = &segment.dimensions {
                reads.add(d);
            }
            let groups = segment
                .segment_groups
                .iter()
                .flat_map(|g: &SegmentGroupList| g.groups.iter().flatten());
            for group in groups {
                for d in group.dimensions.iter().flatten() {
                    reads.add(d);
                }
                next.extend(
                    group
                        .source_segments
                        .iter()
                        .flatten()
                        .map(|s| s.id.as_str()),
                );
            }
        }
        reads
    }

    /// Every member, whole.
    pub fn everything() -> Reads {
        Reads {
            attributes: Names::All,
            user_attributes: Names::All,
            demographic: true,
            location: true,
            metrics: Names::All,
        }
    }

    fn add(&mut self, d: &SegmentDimensions) {
        self.attributes
            .add(d.attributes.iter().flat_map(|m| m.keys()));
        self.user_attributes
            .add(d.user_attributes.iter().flat_map(|m| m.keys()));
        self.demographic |= d.demographic.is_some();
        self.location |= d.location.is_some();
        self.metrics.add(d.metrics.iter().flat_map(|m| m.keys()));
    }

    /// Whether the segments read `member`.
    pub fn reads(&self, member: Member) -> bool {
        match member {
            Member::Attributes => self.attributes.any(),
            Member::Demographic => self.demographic,
            Member::Location => self.location,
            Member::Metrics => self.metrics.any(),
            Member::UserAttributes => self.user_attributes.any(),
        }
    }

    /// The form of a stored endpoint from its members stored apart, with what is read
    /// parsed and the rest empty.
    pub fn form_of(&self, m: &StoredMembers<'_>) -> serde_json::Result<UserInfo> {
        let [attributes, demographic, location, metrics, user_attributes] = m.members;
        let demographic: Option<EndpointDemographic> = parsed(self.demographic, demographic)?;
        let location: Option<EndpointLocation> = parsed(self.location, location)?;
        let form = UserInfo {
            endpoint_id: m.id.map(str::to_owned),
            channel_type: m.channel_type.map(str::to_owned),
            attributes: self.attributes.parse(attributes)?.unwrap_or_default(),
            demographic: demographic.unwrap_or_default(),
            location: location.unwrap_or_default(),
            metrics: self.metrics.parse(metrics)?.unwrap_or_default(),
            user_attributes: self
                .user_attributes
                .parse(user_attributes)?
                .unwrap_or_default(),
            ..UserInfo::default()
        };
        // The channel is read with the demographic; the id is read by none.
        Ok(match self.demographic || self.location {
            true => form.normalized(),
            false => form,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::SegmentResponse;
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
        let user: Option<UserMembers> = parsed(reads.user_attributes.any(), raw(m.user))?;
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
    use crate::segment::match_all;
    use crate::wire::EndpointResponse;

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
            let reads = Reads::of(&SegmentIndex::new(&segments), &["s"]);
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
        let all = Reads::everything();
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

    /// A segment of dimensions or of groups.
    fn named(id: &str, body: serde_json::Value) -> SegmentResponse {
        SegmentResponse {
            id: id.into(),
            segment_type: "DIMENSIONAL".into(),
            dimensions: body
                .get("Dimensions")
                .map(|d| serde_json::from_value(d.clone()).unwrap()),
            segment_groups: body
                .get("SegmentGroups")
                .map(|g| serde_json::from_value(g.clone()).unwrap()),
            ..SegmentResponse::default()
        }
    }

    /// Only the names the wanted segments (and their sources) read are kept; the answers
    /// stay those of the whole endpoint.
    #[test]
    fn the_names_read_are_those_of_the_wanted_segments_and_their_sources() {
        let segments = [
            named(
                "by-plan",
                serde_json::json!({"Dimensions": {"Attributes": {"plan": {"Values": ["premium"]}}}}),
            ),
            named(
                "gold-of-plan",
                serde_json::json!({"SegmentGroups": {"Groups": [{"SourceSegments": [{"Id": "by-plan"}],
                        "Dimensions": [{"UserAttributes": {"tier": {"Values": ["gold"]}},
                                        "Metrics": {"logins": {"ComparisonOperator": "GREATER_THAN", "Value": 1}}}]}]}}),
            ),
            named(
                "ios",
                serde_json::json!({"Dimensions": {"Demographic": {"Platform": {"Values": ["iOS"]}}}}),
            ),
        ];
        let reads = Reads::of(&SegmentIndex::new(&segments), &["gold-of-plan"]);
        let names = |n: &[&str]| Names::Some(n.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            reads,
            Reads {
                attributes: names(&["plan"]),
                user_attributes: names(&["tier"]),
                demographic: false,
                location: false,
                metrics: names(&["logins"]),
            }
        );
        assert_eq!(
            Reads::of(&SegmentIndex::new(&segments), &["ios"]).attributes,
            Names::None
        );
        // Names repeated, escaped, others with escapes, or a null member: kept as a whole map
        // would keep them.
        let stored = r#"{"Id":"e","Attributes":{"plan":["free"],"other":["a","b\"c"],"pl\u0061n":["premium"]},"Metrics":null,"User":{"UserAttributes":{"tier":["gold"],"z":[]}}}"#;
        let lean = form(&reads, stored).unwrap();
        assert_eq!(lean.attributes.len(), 1);
        assert_eq!(lean.attributes["plan"], ["premium"]);
        assert!(lean.metrics.is_empty());
        assert_eq!(lean.user_attributes.keys().collect::<Vec<_>>(), ["tier"]);
        let whole = UserInfo::from_endpoint_response(&serde_json::from_str(stored).unwrap());
        for id in ["by-plan", "gold-of-plan"] {
            let wanted = Reads::of(&SegmentIndex::new(&segments), &[id]);
            let lean = form(&wanted, stored).unwrap();
            let mut a = crate::segment::Evaluator::new(&segments, &lean);
            let mut b = crate::segment::Evaluator::new(&segments, &whole);
            assert_eq!(a.segment(id), b.segment(id), "{id}");
        }
        // A broken map is still an error.
        assert!(form(&reads, r#"{"Attributes":{"plan":"x"}}"#).is_err());
        assert!(form(&reads, r#"{"Attributes":{"plan":["x"],}}"#).is_err());
    }
}
