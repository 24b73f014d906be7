//! The stored record against the form: the fields where the endpoint GetEndpoint returned
//! differs from the form (after a submit, Pinpoint merges: names left out keep their old
//! values). The comparison itself is the model's (`model::compare`).

use std::fmt;

use crate::model::UserInfo;
use crate::model::compare::{Value, pairs};

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    /// The form's value ("" when the form leaves it out).
    pub form: String,
    /// The stored value ("" when the endpoint has none).
    pub stored: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &str| {
            if v.is_empty() {
                "(none)".to_string()
            } else {
                v.to_string()
            }
        };
        write!(
            f,
            "{}: form {}, stored {}",
            self.path,
            show(&self.form),
            show(&self.stored)
        )
    }
}

/// Every field where `stored` differs from `form`. Fields the form leaves empty but the
/// endpoint has (kept from before, or filled in by the service) count as differences,
/// except those the service always fills (status and opt-out when the form leaves them)
/// and a list the form clears (`[]`) that is not stored.
pub fn differences(form: &UserInfo, stored: &UserInfo) -> Vec<Difference> {
    let text = |v: Option<Value>| v.map(|v| v.to_string()).unwrap_or_default();
    pairs(form, stored)
        .into_iter()
        .filter(|p| p.left != p.right)
        .filter(|p| {
            let service_default =
                p.left.is_none() && matches!(p.path.as_str(), "endpoint_status" | "opt_out");
            let cleared = p.right.is_none()
                && matches!(&p.left, Some(Value::List(values)) if values.is_empty());
            !service_default && !cleared
        })
        .map(|p| Difference {
            path: p.path,
            form: text(p.left),
            stored: text(p.right),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::indexmap;

    #[test]
    fn merged_and_rounded_fields_are_reported() {
        let sent = UserInfo {
            endpoint_id: Some("e".into()),
            attributes: indexmap! {"a".into() => vec!["1".into()], "cleared".into() => vec![]},
            location: crate::model::form::Location {
                latitude: Some(47.61),
                ..Default::default()
            },
            metrics: indexmap! {"m".into() => 1.0},
            ..Default::default()
        };
        let landed = UserInfo {
            endpoint_id: Some("e".into()),
            opt_out: Some("NONE".into()),
            endpoint_status: Some("ACTIVE".into()),
            attributes: indexmap! {"a".into() => vec!["1".into()], "old".into() => vec!["kept".into()]},
            location: crate::model::form::Location {
                latitude: Some(47.6),
                ..Default::default()
            },
            metrics: indexmap! {"m".into() => 1.0, "n".into() => 2.0},
            ..Default::default()
        };
        let found: Vec<String> = differences(&sent, &landed)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "attributes.old: form (none), stored [kept]",
                "location.latitude: form 47.61, stored 47.6",
                "metrics.n: form (none), stored 2",
            ]
        );
    }

    #[test]
    fn an_identical_endpoint_has_no_differences() {
        let form = UserInfo {
            endpoint_id: Some("e".into()),
            opt_out: Some("ALL".into()),
            ..Default::default()
        };
        assert_eq!(differences(&form, &form), vec![]);
    }
}
