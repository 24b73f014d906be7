//! The form: `UserInfo`, one test user as the console edits it and as a profile stores it.
//!
//! Field names are snake_case and double as the profile file's TOML keys and as the paths
//! that validation reports (`attributes.hobbies[3]`, `location.latitude`). Enumerated
//! fields are kept as text so that a hand-edited profile with a wrong value loads and is
//! reported by validation instead of failing to parse.

use super::enums::{ChannelType, EndpointStatus, OptOut};
pub use super::wire::{EndpointDemographic as Demographic, EndpointLocation as Location};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Attribute or user-attribute name -> its list of values.
pub type AttributeMap = IndexMap<String, Vec<String>>;
/// Metric name -> its value.
pub type MetricMap = IndexMap<String, f64>;

/// One test user: everything Amplify's `identifyUser` sends plus what a Pinpoint endpoint
/// also carries (endpoint id, channel type, status, user id, user attributes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_status: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub attributes: AttributeMap,
    #[serde(
        skip_serializing_if = "Demographic::is_empty",
        with = "super::fields::form_shape"
    )]
    pub demographic: Demographic,
    #[serde(
        skip_serializing_if = "Location::is_empty",
        with = "super::fields::form_shape"
    )]
    pub location: Location,
    #[serde(
        skip_serializing_if = "IndexMap::is_empty",
        serialize_with = "super::number::map"
    )]
    pub metrics: MetricMap,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub user_attributes: AttributeMap,
}

/// Pinpoint's ChannelType values, in the model's order (the list is in `model::enums`).
pub const CHANNEL_TYPES: &[&str] = ChannelType::NAMES;
/// The documented OptOut values.
pub const OPT_OUT_VALUES: &[&str] = OptOut::NAMES;
/// The documented EndpointStatus values.
pub const ENDPOINT_STATUSES: &[&str] = EndpointStatus::NAMES;

/// Turns an empty or blank text into `None`: an empty form field means "not set".
pub fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

impl UserInfo {
    /// The number of attribute, metric and user-attribute names together (Pinpoint's
    /// 250-name quota counts them collectively).
    pub fn name_count(&self) -> usize {
        self.attributes.len() + self.metrics.len() + self.user_attributes.len()
    }

    /// Replaces empty strings by `None` in every optional text field, as the form treats
    /// an empty field as unset.
    pub fn normalized(mut self) -> Self {
        for field in super::fields::FIELDS {
            if let Some(text) = field.text_mut(&mut self) {
                *text = non_empty(text.take());
            }
        }
        self
    }
}
