//! What landed against what was sent: the fields where the endpoint GetEndpoint returns
//! differs from the form (Pinpoint merges, so names left out keep their old values).

use std::fmt;

use crate::model::UserInfo;
use crate::model::form::AttributeMap;
use crate::model::validate::key_path;

use super::form::{Field, FormState, Section, number_text};

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    /// The form's value ("" when the form leaves it out).
    pub sent: String,
    /// The landed value ("" when the endpoint has none).
    pub landed: String,
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
            "{}: sent {}, landed {}",
            self.path,
            show(&self.sent),
            show(&self.landed)
        )
    }
}

fn list_text(values: &[String]) -> String {
    format!("[{}]", values.join(", "))
}

fn compare_lists(
    section: Section,
    sent: &AttributeMap,
    landed: &AttributeMap,
    out: &mut Vec<Difference>,
) {
    for (name, values) in sent {
        let got = landed.get(name);
        // `[]` clears: an empty list that lands as nothing is what was asked for.
        if values.is_empty() && got.is_none() {
            continue;
        }
        if got != Some(values) {
            out.push(Difference {
                path: key_path(section.path(), name),
                sent: list_text(values),
                landed: got.map(|v| list_text(v)).unwrap_or_default(),
            });
        }
    }
    for (name, values) in landed {
        if !sent.contains_key(name) {
            out.push(Difference {
                path: key_path(section.path(), name),
                sent: String::new(),
                landed: list_text(values),
            });
        }
    }
}

/// Every field where `landed` differs from `sent`. Fields the form leaves empty but the
/// endpoint has (kept from before, or filled in by the service) count as differences,
/// except those the service always fills (status and opt-out when the form leaves them).
pub fn differences(sent: &UserInfo, landed: &UserInfo) -> Vec<Difference> {
    let mut out = Vec::new();
    let sent_form = FormState::new(sent.clone());
    let landed_form = FormState::new(landed.clone());
    for section in Section::ALL {
        for field in section.fields() {
            let (a, b) = (sent_form.text(*field), landed_form.text(*field));
            let service_default =
                a.is_empty() && matches!(field, Field::EndpointStatus | Field::OptOut);
            if a != b && !service_default {
                out.push(Difference {
                    path: field.path().to_string(),
                    sent: a,
                    landed: b,
                });
            }
        }
    }
    compare_lists(
        Section::Attributes,
        &sent.attributes,
        &landed.attributes,
        &mut out,
    );
    compare_lists(
        Section::UserAttributes,
        &sent.user_attributes,
        &landed.user_attributes,
        &mut out,
    );
    for (name, value) in &sent.metrics {
        if landed.metrics.get(name) != Some(value) {
            out.push(Difference {
                path: key_path("metrics", name),
                sent: number_text(*value),
                landed: landed
                    .metrics
                    .get(name)
                    .map(|v| number_text(*v))
                    .unwrap_or_default(),
            });
        }
    }
    for (name, value) in &landed.metrics {
        if !sent.metrics.contains_key(name) {
            out.push(Difference {
                path: key_path("metrics", name),
                sent: String::new(),
                landed: number_text(*value),
            });
        }
    }
    out
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
                "location.latitude: sent 47.61, landed 47.6",
                "attributes.old: sent (none), landed [kept]",
                "metrics.n: sent (none), landed 2",
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
