//! Conversions between the wire shapes and `aws_sdk_pinpoint::types`, so that what the SDK
//! sends is built from the same values the preview prints. One file per resource, as in
//! `wire`.
//!
//! The SDK keeps maps in `HashMap`s; maps read back from it are sorted by name so that the
//! output is stable. Lists are read from the SDK's fields, so that an absent list stays
//! absent and an empty one empty.

use std::collections::HashMap;

use indexmap::IndexMap;

mod campaigns;
mod endpoints;
mod events;
mod inapp;
mod segments;
mod templates;

pub use campaigns::{from_sdk_campaign, to_sdk_write_campaign};
pub use endpoints::{from_sdk_request, from_sdk_response, to_sdk_batch_item, to_sdk_request};
pub use events::{from_sdk_events_response, to_sdk_events};
pub use inapp::from_sdk_in_app_messages;
pub use segments::{from_sdk_segment, to_sdk_write_segment};
pub use templates::{
    from_sdk_in_app_template, from_sdk_template, from_sdk_template_created, to_sdk_in_app_template,
};

/// A value the SDK cannot carry as it is, and the member it is in
/// (`AdditionalTreatments[0].SizePercent`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct NotSendable {
    pub path: String,
    pub reason: String,
}

/// The path of `member` below `path` (the top when `path` is empty).
fn at(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else {
        format!("{path}.{member}")
    }
}

/// An integer member as the SDK carries it: the model's integers are 32-bit.
fn int(path: &str, member: &str, value: Option<i64>) -> Result<Option<i32>, NotSendable> {
    value
        .map(|v| {
            i32::try_from(v).map_err(|_| NotSendable {
                path: at(path, member),
                reason: format!(
                    "{v} is outside the model's integers ({} to {})",
                    i32::MIN,
                    i32::MAX
                ),
            })
        })
        .transpose()
}

/// A list member, each element converted with its own path (`Content[1]`).
fn list<A, B>(
    path: &str,
    member: &str,
    items: &Option<Vec<A>>,
    f: impl Fn(&str, &A) -> Result<B, NotSendable>,
) -> Result<Option<Vec<B>>, NotSendable> {
    items
        .as_ref()
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| f(&format!("{}[{i}]", at(path, member)), item))
                .collect()
        })
        .transpose()
}

fn to_hash<V: Clone>(map: &Option<IndexMap<String, V>>) -> Option<HashMap<String, V>> {
    map_to(map, V::clone)
}

fn from_hash<V: Clone>(map: Option<&HashMap<String, V>>) -> Option<IndexMap<String, V>> {
    map_from(map, V::clone)
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_owned)
}

/// A required member, which the SDK keeps optional (empty when absent).
fn required(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// A required enumerated member as text (empty when absent).
fn required_enum<E: AsRef<str>>(value: Option<&E>) -> String {
    value.map(|v| v.as_ref().to_owned()).unwrap_or_default()
}

/// An optional enumerated member as text.
fn optional_enum<E: AsRef<str>>(value: &Option<E>) -> Option<String> {
    value.as_ref().map(|v| v.as_ref().to_owned())
}

fn map_to<A, B>(
    map: &Option<IndexMap<String, A>>,
    f: impl Fn(&A) -> B,
) -> Option<HashMap<String, B>> {
    map.as_ref()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), f(v))).collect())
}

fn map_from<A, B>(
    map: Option<&HashMap<String, A>>,
    f: impl Fn(&A) -> B,
) -> Option<IndexMap<String, B>> {
    map.map(|m| {
        let mut out: IndexMap<String, B> = m.iter().map(|(k, v)| (k.clone(), f(v))).collect();
        out.sort_keys();
        out
    })
}

#[cfg(test)]
mod tests {
    use aws_sdk_pinpoint::types as sdk;

    #[test]
    fn enum_lists_are_the_models() {
        use crate::enums as ours;
        // The SDK is generated from the same service model; it lists values sorted. Each
        // case: the SDK enum's name, its values as `model::enums` lists them, as the SDK does.
        macro_rules! lists {
            ($($ours:ident => $sdk:ident),+ $(,)?) => {
                [$((stringify!($sdk), ours::$ours::NAMES, sdk::$sdk::values())),+]
            };
        }
        let cases: &[(&str, &[&str], &[&str])] = &lists![
            ChannelType => EndpointTypesElement,
            ChannelType => ChannelType,
            AttributeType => AttributeType,
            DimensionType => DimensionType,
            Duration => Duration,
            RecencyType => RecencyType,
            Include => Include,
            Include => SourceType,
            Include => Type,
            HookMode => Mode,
            Layout => Layout,
            Alignment => Alignment,
            ButtonAction => ButtonAction,
            FilterType => FilterType,
            Frequency => Frequency,
            CampaignStatus => CampaignStatus,
            TemplateType => TemplateType,
        ];
        for &(name, ours, theirs) in cases {
            let mut ours = ours.to_vec();
            ours.sort_unstable();
            assert_eq!(ours, theirs, "{name}");
        }
    }
}
