//! Two endpoints compared field by field: every form path either of them has, with its value
//! on each side. What a write changed on a stored endpoint (before → after, or that it was
//! created) is made from it here; the console marks where the stored record differs from the
//! form with the same comparison.

use std::fmt;

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

type Getter = fn(&UserInfo) -> Option<Value>;

fn text(value: &Option<String>) -> Option<Value> {
    value.clone().map(Value::Text)
}

/// The scalar fields, in the form's order.
const SCALARS: [(&str, Getter); 20] = [
    ("endpoint_id", |u| text(&u.endpoint_id)),
    ("user_id", |u| text(&u.user_id)),
    ("channel_type", |u| text(&u.channel_type)),
    ("address", |u| text(&u.address)),
    ("opt_out", |u| text(&u.opt_out)),
    ("endpoint_status", |u| text(&u.endpoint_status)),
    ("demographic.app_version", |u| {
        text(&u.demographic.app_version)
    }),
    ("demographic.locale", |u| text(&u.demographic.locale)),
    ("demographic.make", |u| text(&u.demographic.make)),
    ("demographic.model", |u| text(&u.demographic.model)),
    ("demographic.model_version", |u| {
        text(&u.demographic.model_version)
    }),
    ("demographic.platform", |u| text(&u.demographic.platform)),
    ("demographic.platform_version", |u| {
        text(&u.demographic.platform_version)
    }),
    ("demographic.timezone", |u| text(&u.demographic.timezone)),
    ("location.city", |u| text(&u.location.city)),
    ("location.country", |u| text(&u.location.country)),
    ("location.postal_code", |u| text(&u.location.postal_code)),
    ("location.region", |u| text(&u.location.region)),
    ("location.latitude", |u| {
        u.location.latitude.map(Value::Number)
    }),
    ("location.longitude", |u| {
        u.location.longitude.map(Value::Number)
    }),
];

/// The names of one map on both sides: the left's in its order, then those only the right
/// has.
fn map_pairs<T>(
    section: &str,
    left: &indexmap::IndexMap<String, T>,
    right: &indexmap::IndexMap<String, T>,
    value: impl Fn(&T) -> Value,
    out: &mut Vec<Pair>,
) {
    let names = left
        .keys()
        .chain(right.keys().filter(|k| !left.contains_key(*k)));
    out.extend(names.map(|name| Pair {
        path: key_path(section, name),
        left: left.get(name).map(&value),
        right: right.get(name).map(&value),
    }));
}

fn lists(section: &str, left: &AttributeMap, right: &AttributeMap, out: &mut Vec<Pair>) {
    map_pairs(section, left, right, |v| Value::List(v.clone()), out);
}

/// Every field that `left` or `right` has, each with both values: the scalar fields in the
/// form's order, then attributes, user attributes and metrics by name.
pub fn pairs(left: &UserInfo, right: &UserInfo) -> Vec<Pair> {
    let mut out: Vec<Pair> = SCALARS
        .iter()
        .map(|(path, get)| Pair {
            path: path.to_string(),
            left: get(left),
            right: get(right),
        })
        .filter(|p| p.left.is_some() || p.right.is_some())
        .collect();
    lists("attributes", &left.attributes, &right.attributes, &mut out);
    lists(
        "user_attributes",
        &left.user_attributes,
        &right.user_attributes,
        &mut out,
    );
    map_pairs(
        "metrics",
        &left.metrics,
        &right.metrics,
        |v| Value::Number(*v),
        &mut out,
    );
    out
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
    use crate::model::wire::EndpointUser;
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
                "user_attributes.tier (none) → [gold]",
                "metrics.logins 1 → 1.5",
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
    fn pairs_list_every_field_either_side_has_once() {
        let left = UserInfo {
            endpoint_id: Some("e".into()),
            metrics: indexmap! {"a".into() => 1.0},
            ..Default::default()
        };
        let right = UserInfo {
            location: crate::model::form::Location {
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
                ("metrics.a".to_string(), some("1"), some("1")),
                ("metrics.b".to_string(), None, some("2")),
            ]
        );
    }
}
