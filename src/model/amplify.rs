//! Amplify's `userInfo` object: the camelCase shape `identifyUser(userId, userInfo)` takes.

use serde::{Deserialize, Serialize};

use super::form::{AttributeMap, MetricMap};

/// Amplify's userInfo: attributes, demographic, location, metrics, address and optOut.
/// The user id is `identifyUser`'s first argument, so it is not part of this object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AmplifyUserInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demographic: Option<AmplifyDemographic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<AmplifyLocation>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::number::opt_map"
    )]
    pub metrics: Option<MetricMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
}

/// `userInfo.demographic`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AmplifyDemographic {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// `userInfo.location`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AmplifyLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::number::opt"
    )]
    pub latitude: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::number::opt"
    )]
    pub longitude: Option<f64>,
}
