//! PhoneNumberValidate.

use serde::{Deserialize, Serialize};

/// The body of PhoneNumberValidate (`POST /v1/phone/number/validate`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NumberValidateRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso_country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// What PhoneNumberValidate returns about a number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NumberValidateResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleansed_phone_number_e164: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleansed_phone_number_national: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code_iso2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code_numeric: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_country_code_iso2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_type_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
}
