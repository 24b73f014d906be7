//! The checks Pinpoint makes on a WriteSegmentRequest before it stores it: enumerated values
//! (the lists of `enums`, which the matching engine reads too), GPS ranges and the number of
//! dimensions. Required members are required by the wire shapes themselves.
//!
//! How dimensions are counted for the 100-per-segment quota (the documentation does not
//! say): every criterion is one dimension, summed over every Dimensions object of the
//! request (the top-level one, or each group's list): each name under Attributes,
//! UserAttributes and Metrics, each Demographic member (AppVersion, Channel, DeviceType,
//! Make, Model, Platform), Location.Country, Location.GPSPoint and Behavior.Recency. Source
//! segments are not dimensions.

use super::enums::{
    AttributeType, ComparisonOperator, DimensionType, Duration, Include, RecencyType, check_enum,
};
use super::validate::key_path;
use super::wire::{
    AttributeDimension, GpsPointDimension, MetricDimension, SegmentDimensions, SegmentGroupList,
    SetDimension, WriteSegmentRequest,
};

/// Most dimensions one segment may have.
pub const MAX_DIMENSIONS: usize = 100;

/// Checks a WriteSegmentRequest: the first problem, worded with the member's path
/// (`Dimensions.Attributes.plan.AttributeType`), or `Ok`. Source segments are checked by
/// the store, which knows which exist.
pub fn check_write_segment(request: &WriteSegmentRequest) -> Result<(), String> {
    if request.dimensions.is_some() && request.segment_groups.is_some() {
        return Err("A segment has either Dimensions or SegmentGroups, not both".into());
    }
    let mut count = 0;
    if let Some(d) = &request.dimensions {
        check_dimensions("Dimensions", d, &mut count)?;
    }
    if let Some(groups) = &request.segment_groups {
        check_groups(groups, &mut count)?;
    }
    if count > MAX_DIMENSIONS {
        return Err(format!(
            "The segment has {count} dimensions; at most {MAX_DIMENSIONS} are allowed per segment"
        ));
    }
    Ok(())
}

fn check_groups(groups: &SegmentGroupList, count: &mut usize) -> Result<(), String> {
    check_enum(
        "SegmentGroups.Include",
        groups.include.as_deref(),
        Include::NAMES,
    )?;
    for (i, group) in groups.groups.iter().flatten().enumerate() {
        let path = format!("SegmentGroups.Groups[{i}]");
        check_enum(
            &format!("{path}.SourceType"),
            group.source_type.as_deref(),
            Include::NAMES,
        )?;
        check_enum(
            &format!("{path}.Type"),
            group.group_type.as_deref(),
            Include::NAMES,
        )?;
        for (j, d) in group.dimensions.iter().flatten().enumerate() {
            check_dimensions(&format!("{path}.Dimensions[{j}]"), d, count)?;
        }
        for (j, source) in group.source_segments.iter().flatten().enumerate() {
            if source.id.is_empty() {
                return Err(format!("{path}.SourceSegments[{j}].Id is empty"));
            }
        }
    }
    Ok(())
}

/// Checks one SegmentDimensions and adds its criteria to `count`.
fn check_dimensions(path: &str, d: &SegmentDimensions, count: &mut usize) -> Result<(), String> {
    for (section, map) in [
        ("Attributes", &d.attributes),
        ("UserAttributes", &d.user_attributes),
    ] {
        for (name, dim) in map.iter().flatten() {
            check_attribute(&key_path(&format!("{path}.{section}"), name), dim)?;
            *count += 1;
        }
    }
    for (name, dim) in d.metrics.iter().flatten() {
        check_metric(&key_path(&format!("{path}.Metrics"), name), dim)?;
        *count += 1;
    }
    if let Some(demo) = &d.demographic {
        for (member, dim) in [
            ("AppVersion", &demo.app_version),
            ("Channel", &demo.channel),
            ("DeviceType", &demo.device_type),
            ("Make", &demo.make),
            ("Model", &demo.model),
            ("Platform", &demo.platform),
        ] {
            if let Some(dim) = dim {
                check_set(&format!("{path}.Demographic.{member}"), dim)?;
                *count += 1;
            }
        }
    }
    if let Some(location) = &d.location {
        if let Some(dim) = &location.country {
            check_set(&format!("{path}.Location.Country"), dim)?;
            *count += 1;
        }
        if let Some(point) = &location.gps_point {
            check_gps(&format!("{path}.Location.GPSPoint"), point)?;
            *count += 1;
        }
    }
    if let Some(recency) = d.behavior.as_ref().and_then(|b| b.recency.as_ref()) {
        let at = format!("{path}.Behavior.Recency");
        check_enum(
            &format!("{at}.Duration"),
            Some(&recency.duration),
            Duration::NAMES,
        )?;
        check_enum(
            &format!("{at}.RecencyType"),
            Some(&recency.recency_type),
            RecencyType::NAMES,
        )?;
        *count += 1;
    }
    Ok(())
}

/// An attribute dimension (of a segment or a campaign's event filter) at `path`.
pub(crate) fn check_attribute(path: &str, dim: &AttributeDimension) -> Result<(), String> {
    check_enum(
        &format!("{path}.AttributeType"),
        dim.attribute_type.as_deref(),
        AttributeType::NAMES,
    )
}

/// A metric dimension (of a segment or a campaign's event filter) at `path`: a
/// ComparisonOperator of the model's and a finite Value.
pub(crate) fn check_metric(path: &str, dim: &MetricDimension) -> Result<(), String> {
    check_enum(
        &format!("{path}.ComparisonOperator"),
        Some(&dim.comparison_operator),
        ComparisonOperator::NAMES,
    )?;
    if !dim.value.is_finite() {
        return Err(format!(
            "{path}.Value: {} is not a finite number",
            dim.value
        ));
    }
    Ok(())
}

fn check_set(path: &str, dim: &SetDimension) -> Result<(), String> {
    check_enum(
        &format!("{path}.DimensionType"),
        dim.dimension_type.as_deref(),
        DimensionType::NAMES,
    )
}

fn check_gps(path: &str, point: &GpsPointDimension) -> Result<(), String> {
    let c = &point.coordinates;
    for (member, value, limit) in [
        ("Latitude", c.latitude, 90.0),
        ("Longitude", c.longitude, 180.0),
    ] {
        if !value.is_finite() || value.abs() > limit {
            return Err(format!(
                "{path}.Coordinates.{member}: {value} is outside -{limit}..{limit}"
            ));
        }
    }
    if let Some(range) = point.range_in_kilometers
        && !(range.is_finite() && range >= 0.0)
    {
        return Err(format!(
            "{path}.RangeInKilometers: {range} is not a distance (0 or more kilometres)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(body: serde_json::Value) -> Result<(), String> {
        check_write_segment(&serde_json::from_value(body).unwrap())
    }

    #[test]
    fn every_enum_names_its_path_and_the_allowed_values() {
        let cases = [
            (
                json!({"Dimensions": {"Attributes": {"plan": {"AttributeType": "FOO", "Values": ["x"]}}}}),
                "Dimensions.Attributes.plan.AttributeType",
                "`BETWEEN`",
            ),
            (
                json!({"Dimensions": {"UserAttributes": {"a b": {"AttributeType": "ALMOST", "Values": ["x"]}}}}),
                "Dimensions.UserAttributes.\"a b\".AttributeType",
                "`CONTAINS`",
            ),
            (
                json!({"Dimensions": {"Demographic": {"Platform": {"DimensionType": "MAYBE", "Values": ["iOS"]}}}}),
                "Dimensions.Demographic.Platform.DimensionType",
                "`INCLUSIVE` or `EXCLUSIVE`",
            ),
            (
                json!({"Dimensions": {"Location": {"Country": {"DimensionType": "NEAR", "Values": ["US"]}}}}),
                "Dimensions.Location.Country.DimensionType",
                "`EXCLUSIVE`",
            ),
            (
                json!({"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_99", "RecencyType": "ACTIVE"}}}}),
                "Dimensions.Behavior.Recency.Duration",
                "`HR_24`, `DAY_7`, `DAY_14` or `DAY_30`",
            ),
            (
                json!({"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "SLEEPY"}}}}),
                "Dimensions.Behavior.Recency.RecencyType",
                "`ACTIVE` or `INACTIVE`",
            ),
            (
                json!({"Dimensions": {"Metrics": {"logins": {"ComparisonOperator": "ROUGHLY", "Value": 1}}}}),
                "Dimensions.Metrics.logins.ComparisonOperator",
                "`GREATER_THAN_OR_EQUAL`",
            ),
            (
                json!({"SegmentGroups": {"Include": "SOME", "Groups": []}}),
                "SegmentGroups.Include",
                "`ALL`, `ANY` or `NONE`",
            ),
            (
                json!({"SegmentGroups": {"Groups": [{"Type": "EVERY"}]}}),
                "SegmentGroups.Groups[0].Type",
                "`ANY`",
            ),
            (
                json!({"SegmentGroups": {"Groups": [{}, {"SourceType": "MOST"}]}}),
                "SegmentGroups.Groups[1].SourceType",
                "`NONE`",
            ),
            (
                json!({"SegmentGroups": {"Groups": [{"Dimensions": [{}, {"Attributes": {"p": {"AttributeType": "inclusive", "Values": ["x"]}}}]}]}}),
                "SegmentGroups.Groups[0].Dimensions[1].Attributes.p.AttributeType",
                "`INCLUSIVE`",
            ),
        ];
        for (body, path, allowed) in cases {
            let message = check(body.clone()).expect_err(&body.to_string());
            assert!(message.starts_with(path), "{message}");
            assert!(message.contains(allowed), "{message}");
        }
    }

    #[test]
    fn model_values_pass() {
        let mut attributes = serde_json::Map::new();
        for (i, kind) in AttributeType::NAMES.iter().enumerate() {
            attributes.insert(
                format!("a{i}"),
                json!({"AttributeType": kind, "Values": ["2026-01-01"]}),
            );
        }
        let mut metrics = serde_json::Map::new();
        for (i, op) in ComparisonOperator::NAMES.iter().enumerate() {
            metrics.insert(
                format!("m{i}"),
                json!({"ComparisonOperator": op, "Value": 1}),
            );
        }
        for duration in Duration::NAMES {
            for recency in RecencyType::NAMES {
                let body = json!({"Dimensions": {
                    "Attributes": attributes, "Metrics": metrics,
                    "Behavior": {"Recency": {"Duration": duration, "RecencyType": recency}},
                    "Location": {"GPSPoint": {"Coordinates": {"Latitude": -90, "Longitude": 180}, "RangeInKilometers": 0}}
                }});
                assert_eq!(check(body), Ok(()));
            }
        }
        for how in Include::NAMES {
            let body = json!({"SegmentGroups": {"Include": how, "Groups": [{"Type": how, "SourceType": how}]}});
            assert_eq!(check(body), Ok(()));
        }
    }

    #[test]
    fn gps_ranges() {
        let gps = |lat: f64, lon: f64, range: Option<f64>| {
            let mut point = json!({"Coordinates": {"Latitude": lat, "Longitude": lon}});
            if let Some(r) = range {
                point["RangeInKilometers"] = json!(r);
            }
            check(json!({"Dimensions": {"Location": {"GPSPoint": point}}}))
        };
        assert_eq!(gps(90.0, -180.0, None), Ok(()));
        let lat = gps(90.5, 0.0, Some(1.0)).unwrap_err();
        assert!(
            lat.starts_with("Dimensions.Location.GPSPoint.Coordinates.Latitude: 90.5"),
            "{lat}"
        );
        let lon = gps(0.0, -180.1, Some(1.0)).unwrap_err();
        assert!(lon.contains("Coordinates.Longitude"), "{lon}");
        let range = gps(0.0, 0.0, Some(-1.0)).unwrap_err();
        assert!(
            range.starts_with("Dimensions.Location.GPSPoint.RangeInKilometers"),
            "{range}"
        );
    }

    #[test]
    fn at_most_100_dimensions_counted_over_every_dimensions_object() {
        let attrs = |n: usize| {
            let map: serde_json::Map<String, serde_json::Value> = (0..n)
                .map(|i| (format!("a{i}"), json!({"Values": ["x"]})))
                .collect();
            json!({"Attributes": map})
        };
        assert_eq!(check(json!({"Dimensions": attrs(100)})), Ok(()));
        let over = check(json!({"Dimensions": attrs(101)})).unwrap_err();
        assert!(over.contains("101 dimensions"), "{over}");
        assert!(over.contains("100"), "{over}");
        // 60 + 40 across two groups is 100; one more criterion anywhere is 101.
        let groups = |extra: serde_json::Value| {
            json!({"SegmentGroups": {"Groups": [
                {"Dimensions": [attrs(60)]},
                {"Dimensions": [attrs(40), extra]}
            ]}})
        };
        assert_eq!(check(groups(json!({}))), Ok(()));
        let over = check(groups(json!({"Demographic": {"Make": {"Values": ["a"]}}}))).unwrap_err();
        assert!(over.contains("101 dimensions"), "{over}");
    }

    #[test]
    fn dimensions_and_groups_together_are_refused() {
        let both = check(json!({"Dimensions": {}, "SegmentGroups": {}})).unwrap_err();
        assert!(both.contains("Dimensions") && both.contains("SegmentGroups"));
    }
}
