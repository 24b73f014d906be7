//! Two endpoints compared field by field: every form path either of them has, with its value
//! on each side. What a write changed on a stored endpoint (before → after, or that it was
//! created) is made from it here; the console marks where the stored record differs from the
//! form with the same comparison.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::fields::{FIELDS, Ref, Section, range};
use super::form::{AttributeMap, UserInfo};
use super::validate::key_path;
use super::wire::EndpointResponse;

/// One field's value, as the form holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    List(Vec<String>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(text) => f.write_str(text),
            Value::Number(v) => f.write_str(&super::number::text(*v)),
            Value::List(values) => write!(f, "[{}]", values.join(", ")),
        }
    }
}

/// A field on both sides (`None` where that side does not have it).
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The form path: `demographic.platform`, `metrics.logins`, `attributes."a b"`.
    pub path: String,
    pub left: Option<Value>,
    pub right: Option<Value>,
}

/// A form's fields as paths with their values, in the form's order: the scalar fields as
/// `model::fields` lists them (so a field added there is compared without being listed
/// here), maps flattened to one path per name. What JSON cannot carry (a number that is
/// not finite) is left out, as the JSON the console shows leaves it out.
fn fields(info: &UserInfo) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let scalars = |section: Section, out: &mut Vec<(String, Value)>| {
        for field in &FIELDS[range(section)] {
            let value = match field.get(info) {
                Ref::Text(Some(text)) => Value::Text(text.clone()),
                Ref::Number(Some(n)) if n.is_finite() => Value::Number(*n),
                _ => continue,
            };
            out.push((field.path.to_string(), value));
        }
    };
    let lists = |section: &str, map: &AttributeMap, out: &mut Vec<(String, Value)>| {
        out.extend(
            map.iter()
                .map(|(name, values)| (key_path(section, name), Value::List(values.clone()))),
        );
    };
    scalars(Section::Identity, &mut out);
    lists("attributes", &info.attributes, &mut out);
    scalars(Section::Demographic, &mut out);
    scalars(Section::Location, &mut out);
    out.extend(
        info.metrics
            .iter()
            .filter(|(_, v)| v.is_finite())
            .map(|(name, v)| (key_path("metrics", name), Value::Number(*v))),
    );
    lists("user_attributes", &info.user_attributes, &mut out);
    out
}

/// The paths of both sides once each, each side's order kept: where one side has a path the
/// other has not, it comes where that side has it.
fn merged<'a>(left: &'a [(String, Value)], right: &'a [(String, Value)]) -> Vec<&'a str> {
    let in_left: HashSet<&str> = left.iter().map(|(p, _)| p.as_str()).collect();
    let in_right: HashSet<&str> = right.iter().map(|(p, _)| p.as_str()).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < left.len() || j < right.len() {
        let l = left.get(i).map(|(p, _)| p.as_str());
        let r = right.get(j).map(|(p, _)| p.as_str());
        let next = match (l, r) {
            (Some(l), _) if seen.contains(l) || !in_right.contains(l) => {
                i += 1;
                l
            }
            (_, Some(r)) if seen.contains(r) || !in_left.contains(r) => {
                j += 1;
                r
            }
            // Both at a path both have: the left's first (a map's names may come in
            // another order on the right; each is taken once).
            (Some(l), _) => {
                i += 1;
                l
            }
            (None, Some(r)) => {
                j += 1;
                r
            }
            (None, None) => break,
        };
        if seen.insert(next) {
            out.push(next);
        }
    }
    out
}

/// Every field that `left` or `right` has, each with both values, in the form's order
/// (identity, attributes, demographic, location, metrics, user attributes).
pub fn pairs(left: &UserInfo, right: &UserInfo) -> Vec<Pair> {
    let (a, b) = (fields(left), fields(right));
    let index =
        |side: &[(String, Value)]| -> HashMap<String, Value> { side.iter().cloned().collect() };
    let (on_left, on_right) = (index(&a), index(&b));
    merged(&a, &b)
        .into_iter()
        .map(|path| Pair {
            path: path.to_string(),
            left: on_left.get(path).cloned(),
            right: on_right.get(path).cloned(),
        })
        .collect()
}

/// One field a write changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub path: String,
    /// Its value before the write (`None`: the endpoint did not have it).
    pub before: Option<Value>,
    /// Its value after (`None`: the write removed it).
    pub after: Option<Value>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| v.as_ref().map_or("(none)".to_string(), Value::to_string);
        write!(
            f,
            "{} {} → {}",
            self.path,
            show(&self.before),
            show(&self.after)
        )
    }
}

/// What a write did to the stored endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteChange {
    /// The endpoint was not stored before: the write created it.
    Created,
    /// The fields whose stored value changed (none: the endpoint already was like this).
    /// EffectiveDate and the request id, which every write renews, are not among them.
    Changed(Vec<Change>),
}

/// What a write changed, from the stored endpoint before it (`None`: there was none) and
/// after it.
pub fn write_change(before: Option<&EndpointResponse>, after: &EndpointResponse) -> WriteChange {
    let Some(before) = before else {
        return WriteChange::Created;
    };
    let before = UserInfo::from_endpoint_response(before);
    let after = UserInfo::from_endpoint_response(after);
    WriteChange::Changed(
        pairs(&before, &after)
            .into_iter()
            .filter(|p| p.left != p.right)
            .map(|p| Change {
                path: p.path,
                before: p.left,
                after: p.right,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::EndpointUser;
    use indexmap::indexmap;

    fn stored(logins: f64) -> EndpointResponse {
        EndpointResponse {
            id: Some("qa-1".into()),
            address: Some("token".into()),
            channel_type: Some("APNS".into()),
            attributes: Some(indexmap! {"plan".into() => vec!["free".into()]}),
            metrics: Some(indexmap! {"logins".into() => logins}),
            effective_date: Some("2026-03-14T09:26:53.000Z".into()),
            request_id: Some("r-1".into()),
            ..Default::default()
        }
    }

    fn changes(before: Option<&EndpointResponse>, after: &EndpointResponse) -> Vec<String> {
        match write_change(before, after) {
            WriteChange::Changed(found) => found.iter().map(ToString::to_string).collect(),
            WriteChange::Created => vec!["created".into()],
        }
    }

    #[test]
    fn a_changed_metric_reads_before_then_after() {
        let mut after = stored(212.0);
        after.effective_date = Some("2026-03-15T10:00:00.000Z".into());
        after.request_id = Some("r-2".into());
        assert_eq!(
            changes(Some(&stored(157.0)), &after),
            ["metrics.logins 157 → 212"],
            "the dates and the request id a write renews are not listed"
        );
    }

    #[test]
    fn fields_added_removed_and_changed_are_each_listed_in_form_order() {
        let before = stored(1.0);
        let mut after = stored(1.5);
        after.address = None;
        after.endpoint_status = Some("ACTIVE".into());
        after.attributes = Some(indexmap! {
            "plan".into() => vec!["premium".into(), "trial".into()],
            "odd name".into() => vec![],
        });
        after.user = Some(EndpointUser {
            user_id: Some("u-1".into()),
            user_attributes: Some(indexmap! {"tier".into() => vec!["gold".into()]}),
        });
        assert_eq!(
            changes(Some(&before), &after),
            [
                "user_id (none) → u-1",
                "address token → (none)",
                "endpoint_status (none) → ACTIVE",
                "attributes.plan [free] → [premium, trial]",
                "attributes.\"odd name\" (none) → []",
                "metrics.logins 1 → 1.5",
                "user_attributes.tier (none) → [gold]",
            ]
        );
    }

    #[test]
    fn no_endpoint_before_means_created_and_the_same_one_means_no_change() {
        assert_eq!(write_change(None, &stored(1.0)), WriteChange::Created);
        assert_eq!(
            write_change(Some(&stored(1.0)), &stored(1.0)),
            WriteChange::Changed(vec![])
        );
    }

    #[test]
    fn names_in_another_order_are_each_paired_once_and_equal() {
        let left = UserInfo {
            attributes: indexmap! {"a".into() => vec!["1".into()], "b".into() => vec!["2".into()]},
            ..Default::default()
        };
        let right = UserInfo {
            attributes: indexmap! {"b".into() => vec!["2".into()], "a".into() => vec!["1".into()]},
            ..Default::default()
        };
        let found = pairs(&left, &right);
        let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["attributes.a", "attributes.b"]);
        assert!(found.iter().all(|p| p.left == p.right));
    }

    #[test]
    fn every_field_is_compared_in_the_form_s_order() {
        let mut form = UserInfo {
            attributes: indexmap! {"a".into() => vec!["x".into()]},
            metrics: indexmap! {"m".into() => 1.0, "bad".into() => f64::NAN},
            user_attributes: indexmap! {"u".into() => vec![]},
            ..Default::default()
        };
        for field in crate::fields::FIELDS {
            if let Some(text) = field.text_mut(&mut form) {
                *text = Some("t".into());
            }
        }
        form.location.latitude = Some(f64::INFINITY);
        form.location.longitude = Some(-122.3);
        let paths: Vec<String> = fields(&form).into_iter().map(|(p, _)| p).collect();
        let of = |section| FIELDS[range(section)].iter().map(|f| f.path.to_string());
        let mut expected: Vec<String> = of(Section::Identity).collect();
        expected.push("attributes.a".into());
        expected.extend(of(Section::Demographic));
        expected.extend(of(Section::Location).filter(|p| p != "location.latitude"));
        expected.extend(["metrics.m".into(), "user_attributes.u".into()]);
        assert_eq!(paths, expected);
        assert_eq!(
            paths.len(),
            FIELDS.len() + 2,
            "all but the infinite latitude"
        );
    }

    /// Each side's order is kept: a name only the right has comes where the right has it.
    #[test]
    fn pairs_list_every_field_either_side_has_once() {
        let left = UserInfo {
            endpoint_id: Some("e".into()),
            metrics: indexmap! {"a".into() => 1.0},
            ..Default::default()
        };
        let right = UserInfo {
            location: crate::form::Location {
                latitude: Some(47.6),
                ..Default::default()
            },
            metrics: indexmap! {"b".into() => 2.0, "a".into() => 1.0},
            ..Default::default()
        };
        let found: Vec<(String, Option<String>, Option<String>)> = pairs(&left, &right)
            .into_iter()
            .map(|p| {
                (
                    p.path,
                    p.left.map(|v| v.to_string()),
                    p.right.map(|v| v.to_string()),
                )
            })
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            found,
            [
                ("endpoint_id".to_string(), some("e"), None),
                ("location.latitude".to_string(), None, some("47.6")),
                ("metrics.b".to_string(), None, some("2")),
                ("metrics.a".to_string(), some("1"), some("1")),
            ]
        );
    }
}
