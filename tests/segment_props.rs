//! Property tests: an endpoint built to satisfy a randomly generated set of segment
//! dimensions matches it; a segment's outcome alone is the outcome of its tree.

use indexmap::IndexMap;
use pinpoint_console::model::UserInfo;
use pinpoint_console::model::segment::{Evaluator, Reasons, Verdict, dimensions};
use pinpoint_console::model::wire::{
    AttributeDimension, GpsCoordinates, GpsPointDimension, MetricDimension, SegmentDemographics,
    SegmentDimensions, SegmentGroup, SegmentGroupList, SegmentLocation, SegmentReference,
    SegmentResponse, SetDimension,
};
use proptest::prelude::*;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// A criterion on an attribute, with the endpoint values that satisfy it.
#[derive(Debug, Clone)]
struct AttributeCase {
    dimension: AttributeDimension,
    endpoint: Option<Vec<String>>,
}

fn iso(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (1_000_000_000i64..2_000_000_000).prop_map(|s| OffsetDateTime::from_unix_timestamp(s).unwrap())
}

fn word() -> impl Strategy<Value = String> + Clone {
    "[a-zA-Z0-9 _.-]{1,12}"
}

fn attribute_case() -> impl Strategy<Value = AttributeCase> {
    let values = || proptest::collection::vec(word(), 1..4);
    let dim = |kind: &str, values: Vec<String>| AttributeDimension {
        attribute_type: Some(kind.to_string()),
        values,
    };
    prop_oneof![
        (values(), any::<prop::sample::Index>()).prop_map(move |(v, i)| AttributeCase {
            endpoint: Some(vec!["unrelated".into(), i.get(&v).clone()]),
            dimension: dim("INCLUSIVE", v),
        }),
        (values(), any::<prop::sample::Index>(), word(), word()).prop_map(move |(v, i, a, b)| {
            AttributeCase {
                endpoint: Some(vec![format!("{a}{}{b}", i.get(&v))]),
                dimension: dim("CONTAINS", v),
            }
        }),
        (values(), any::<bool>()).prop_map(move |(v, absent)| AttributeCase {
            endpoint: (!absent).then(|| vec![format!("{}-not-listed", v.join("|"))]),
            dimension: dim("EXCLUSIVE", v),
        }),
        (instant(), 1i64..10_000_000).prop_map(move |(t, d)| AttributeCase {
            endpoint: Some(vec![iso(t - time::Duration::seconds(d))]),
            dimension: dim("BEFORE", vec![iso(t)]),
        }),
        (instant(), 1i64..10_000_000).prop_map(move |(t, d)| AttributeCase {
            endpoint: Some(vec![iso(t + time::Duration::seconds(d))]),
            dimension: dim("AFTER", vec![iso(t)]),
        }),
        (instant(), 0i64..86_400).prop_map(move |(t, s)| {
            let day = t.date().midnight().assume_utc();
            AttributeCase {
                endpoint: Some(vec![iso(day + time::Duration::seconds(s))]),
                dimension: dim("ON", vec![iso(t)]),
            }
        }),
        (instant(), instant(), 0.0f64..=1.0).prop_map(move |(a, b, f)| {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let span = (hi - lo).whole_seconds() as f64;
            let inside = lo + time::Duration::seconds((span * f) as i64);
            AttributeCase {
                endpoint: Some(vec![iso(inside)]),
                dimension: dim("BETWEEN", vec![iso(lo), iso(hi)]),
            }
        }),
    ]
}

fn metric_case() -> impl Strategy<Value = (MetricDimension, f64)> {
    let ops = prop::sample::select(vec![
        "GREATER_THAN",
        "LESS_THAN",
        "GREATER_THAN_OR_EQUAL",
        "LESS_THAN_OR_EQUAL",
        "EQUAL",
    ]);
    (ops, -1e6f64..1e6, 0.5f64..1000.0).prop_map(|(op, value, delta)| {
        let have = match op {
            "GREATER_THAN" => value + delta,
            "LESS_THAN" => value - delta,
            "GREATER_THAN_OR_EQUAL" | "LESS_THAN_OR_EQUAL" | "EQUAL" if delta < 10.0 => value,
            "GREATER_THAN_OR_EQUAL" => value + delta,
            "LESS_THAN_OR_EQUAL" => value - delta,
            _ => value,
        };
        let dim = MetricDimension {
            comparison_operator: op.to_string(),
            value,
        };
        (dim, have)
    })
}

/// A set criterion and the endpoint value that satisfies it.
fn set_case() -> impl Strategy<Value = (SetDimension, Option<String>)> {
    (
        proptest::collection::vec(word(), 1..4),
        any::<prop::sample::Index>(),
        any::<bool>(),
    )
        .prop_map(|(values, i, exclusive)| {
            if exclusive {
                let outside = format!("{}-elsewhere", values.join("|"));
                let dim = SetDimension {
                    dimension_type: Some("EXCLUSIVE".into()),
                    values,
                };
                (dim, Some(outside))
            } else {
                let inside = i.get(&values).clone();
                let dim = SetDimension {
                    dimension_type: None,
                    values,
                };
                (dim, Some(inside))
            }
        })
}

fn gps_case() -> impl Strategy<Value = (GpsPointDimension, f64, f64)> {
    (
        -80.0f64..80.0,
        -179.0f64..179.0,
        1.0f64..1000.0,
        0.0f64..0.9,
    )
        .prop_map(|(lat, lon, range, f)| {
            // Move north by a fraction of the range: about 111.2 km per degree of latitude.
            let moved = lat + range * f / 111.3;
            let point = GpsPointDimension {
                coordinates: GpsCoordinates {
                    latitude: lat,
                    longitude: lon,
                },
                range_in_kilometers: Some(range),
            };
            (point, moved, lon)
        })
}

type Built = (SegmentDimensions, UserInfo);

/// The dimensions of `cases`, each case's values (where it has them) put in `values` too.
fn place(
    cases: BTreeMap<String, AttributeCase>,
    values: &mut IndexMap<String, Vec<String>>,
) -> IndexMap<String, AttributeDimension> {
    cases
        .into_iter()
        .map(|(name, case)| {
            if let Some(have) = case.endpoint {
                values.insert(name.clone(), have);
            }
            (name, case.dimension)
        })
        .collect()
}

fn dimension_set() -> impl Strategy<Value = Built> {
    let attributes = proptest::collection::btree_map("[a-z]{1,8}", attribute_case(), 0..4);
    let user_attributes = proptest::collection::btree_map("[a-z]{1,8}", attribute_case(), 0..3);
    let metrics = proptest::collection::btree_map("[a-z]{1,8}", metric_case(), 0..4);
    let demographic = (
        proptest::option::of(set_case()),
        proptest::option::of(set_case()),
        proptest::option::of(set_case()),
        proptest::option::of(set_case()),
        proptest::option::of(set_case()),
    );
    let location = (
        proptest::option::of(set_case()),
        proptest::option::of(gps_case()),
    );
    (attributes, user_attributes, metrics, demographic, location).prop_map(
        |(
            attributes,
            user_attributes,
            metrics,
            (app, channel, make, model, platform),
            (country, gps),
        )| {
            let mut endpoint = UserInfo::default();
            let mut dims = SegmentDimensions {
                attributes: Some(place(attributes, &mut endpoint.attributes)),
                user_attributes: Some(place(user_attributes, &mut endpoint.user_attributes)),
                ..SegmentDimensions::default()
            };
            let mut metric_dims = IndexMap::new();
            for (name, (dim, have)) in metrics {
                endpoint.metrics.insert(name.clone(), have);
                metric_dims.insert(name, dim);
            }
            dims.metrics = Some(metric_dims);
            let mut demo = SegmentDemographics::default();
            let take = |case: Option<(SetDimension, Option<String>)>, slot: &mut Option<String>| {
                case.map(|(dim, value)| {
                    *slot = value;
                    dim
                })
            };
            demo.app_version = take(app, &mut endpoint.demographic.app_version);
            demo.channel = take(channel, &mut endpoint.channel_type);
            demo.make = take(make, &mut endpoint.demographic.make);
            demo.model = take(model, &mut endpoint.demographic.model);
            demo.platform = take(platform, &mut endpoint.demographic.platform);
            dims.demographic = Some(demo);
            let mut location = SegmentLocation {
                country: take(country, &mut endpoint.location.country),
                gps_point: None,
            };
            if let Some((point, lat, lon)) = gps {
                endpoint.location.latitude = Some(lat);
                endpoint.location.longitude = Some(lon);
                location.gps_point = Some(point);
            }
            dims.location = Some(location);
            (dims, endpoint)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn an_endpoint_built_to_satisfy_a_dimension_set_matches_it((dims, endpoint) in dimension_set()) {
        let tree = dimensions(&dims, &endpoint);
        let failing: Vec<String> = tree.lines().iter().filter(|(_, c)| c.verdict != Verdict::Match).map(|(_, c)| c.to_string()).collect();
        prop_assert_eq!(tree.verdict, Verdict::Match, "{:#?}", failing);
    }
}

/// Three segments: one of dimensions `a`, one of `b`, and one of groups whose source is the
/// first, filtered by `b`.
fn segments(a: SegmentDimensions, b: SegmentDimensions, any: bool) -> Vec<SegmentResponse> {
    let plain = |id: &str, dims: SegmentDimensions| SegmentResponse {
        id: id.into(),
        segment_type: "DIMENSIONAL".into(),
        dimensions: Some(dims),
        ..SegmentResponse::default()
    };
    let grouped = SegmentResponse {
        id: "grouped".into(),
        segment_type: "DIMENSIONAL".into(),
        segment_groups: Some(SegmentGroupList {
            groups: Some(vec![SegmentGroup {
                dimensions: Some(vec![b.clone()]),
                source_segments: Some(vec![SegmentReference {
                    id: "a".into(),
                    version: None,
                }]),
                source_type: None,
                group_type: Some(if any { "ANY" } else { "ALL" }.into()),
            }]),
            include: None,
        }),
        ..SegmentResponse::default()
    };
    vec![plain("a", a), plain("b", b), grouped]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_segments_outcome_alone_is_the_outcome_of_its_tree(
        (a, endpoint) in dimension_set(),
        (b, _) in dimension_set(),
        any in any::<bool>(),
    ) {
        let segments = segments(a, b, any);
        for reasons in [Reasons::Written, Reasons::Skipped] {
            let mut alone = Evaluator::new(&segments, &endpoint).with_reasons(reasons);
            let mut trees = Evaluator::new(&segments, &endpoint);
            for id in ["grouped", "a", "b", "grouped", "missing"] {
                prop_assert_eq!(alone.verdict(id), trees.segment(id).verdict, "{}", id);
            }
        }
    }
}
