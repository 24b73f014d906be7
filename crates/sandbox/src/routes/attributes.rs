//! RemoveAttributes: `PUT /v1/apps/{application-id}/attributes/{attribute-type}`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::model::enums::{EndpointAttributeType, one_of};
use crate::model::wire::UpdateAttributesRequest;

use super::super::error::ApiError;
use super::{ApiResult, Shared, json, parse_body, with_store};

pub(super) async fn remove_attributes(
    State(s): Shared,
    Path((app, attribute_type)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let request: UpdateAttributesRequest = parse_body(body)?;
    let kind = EndpointAttributeType::parse(&attribute_type).ok_or_else(|| {
        ApiError::bad_request(format!(
            "Attribute type `{attribute_type}` is not valid; the valid types are {}",
            one_of(EndpointAttributeType::NAMES)
        ))
    })?;
    let patterns = request.blacklist.ok_or_else(|| {
        ApiError::bad_request(
            "Blacklist is required: the names, or glob patterns, of the attributes to remove",
        )
    })?;
    let removed = with_store(&s, move |store| {
        store.remove_attributes(&app, kind, &patterns)
    })
    .await?;
    Ok(json(StatusCode::OK, &removed))
}
