//! The short answer of writes (UpdateEndpoint, UpdateEndpointsBatch...) and of every error.

use serde::{Deserialize, Serialize};

/// The 202 body of UpdateEndpoint / UpdateEndpointsBatch, and the body of every error.
/// Note the capital "ID" in `RequestID`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "RequestID", skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
