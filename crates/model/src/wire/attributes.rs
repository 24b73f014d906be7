//! RemoveAttributes: the attribute names of an application.

use serde::{Deserialize, Serialize};

/// The body of RemoveAttributes (`PUT /v1/apps/{application-id}/attributes/{attribute-type}`):
/// names or glob patterns of the attributes to remove.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UpdateAttributesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blacklist: Option<Vec<String>>,
}

/// What RemoveAttributes returns: the names it removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttributesResource {
    pub application_id: String,
    pub attribute_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<String>>,
}
