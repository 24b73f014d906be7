//! Bodies over the size limits (7 MB, PutEvents 4 MB): a body whose Content-Length is over
//! its limit is read and dropped before the 413 goes out, so a client that writes the whole
//! body before reading (urllib, the AWS CLI) reads the answer instead of a reset connection.

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

use super::MAX_EVENTS_BODY_BYTES;
use crate::MAX_BODY_BYTES;
use crate::error::{ApiError, ErrorKind};

/// Most bytes of a refused body read and dropped; past it the connection is closed.
const DRAIN_BYTES: u64 = 64 * 1024 * 1024;

/// The 413 of every operation but PutEvents.
pub(super) fn too_large() -> ApiError {
    ApiError::new(
        ErrorKind::PayloadTooLarge,
        format!("Request body exceeds the maximum size of {MAX_BODY_BYTES} bytes"),
    )
}

/// The 413 of PutEvents.
pub(super) fn events_too_large() -> ApiError {
    ApiError::new(
        ErrorKind::PayloadTooLarge,
        format!(
            "The request body exceeds PutEvents' maximum of {MAX_EVENTS_BODY_BYTES} bytes (4 MB) per request"
        ),
    )
}

/// Answers 413 to a request whose declared length is over its operation's limit, after
/// reading its body (up to [`DRAIN_BYTES`]; not at all when the client waits for
/// `100-continue`). Bodies without a length are limited where they are read.
pub(super) async fn refuse_oversized(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let is_put_events = request.method() == Method::POST
        && request.uri().path().starts_with("/v1/apps/")
        && request.uri().path().ends_with("/events")
        && request.uri().path().matches('/').count() == 4;
    let (limit, refusal): (usize, fn() -> ApiError) = if is_put_events {
        (MAX_EVENTS_BODY_BYTES, events_too_large)
    } else {
        (MAX_BODY_BYTES, too_large)
    };
    let Some(declared) = declared.filter(|&n| n > limit as u64) else {
        return next.run(request).await;
    };
    let waits_for_continue = request
        .headers()
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if !waits_for_continue && declared <= DRAIN_BYTES {
        let mut body = request.into_body().into_data_stream();
        while let Some(Ok(_)) = body.next().await {}
    }
    refusal().into_response()
}
