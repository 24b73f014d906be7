//! Errors as Pinpoint sends them: the status code, the `x-amzn-ErrorType` and
//! `x-amzn-RequestId` headers, and a `{"Message": ..., "RequestID": ...}` body.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::model::wire::MessageBody;

/// The errors the sandbox answers with: Pinpoint's modelled ones, and NotImplemented for an
/// operation of the model that the sandbox does not serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    TooManyRequests,
    InternalServerError,
    NotImplemented,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::InternalServerError => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorKind::NotImplemented => StatusCode::NOT_IMPLEMENTED,
        }
    }

    /// The error type name, as sent in `x-amzn-ErrorType`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "BadRequestException",
            ErrorKind::Forbidden => "ForbiddenException",
            ErrorKind::NotFound => "NotFoundException",
            ErrorKind::MethodNotAllowed => "MethodNotAllowedException",
            ErrorKind::PayloadTooLarge => "PayloadTooLargeException",
            ErrorKind::TooManyRequests => "TooManyRequestsException",
            ErrorKind::InternalServerError => "InternalServerErrorException",
            ErrorKind::NotImplemented => "NotImplementedException",
        }
    }
}

/// An error answer. The request id is filled in by the request-id middleware.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, message)
    }

    /// Pinpoint's wording for a missing application, endpoint, user or segment.
    pub fn not_found() -> Self {
        Self::new(ErrorKind::NotFound, "Resource not found")
    }

    /// A path Pinpoint has, with a method it does not take there.
    pub fn method_not_allowed() -> Self {
        Self::new(
            ErrorKind::MethodNotAllowed,
            "Method not allowed for this resource",
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InternalServerError, message)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "sandbox storage failed");
        ApiError::internal(format!("storage error: {e}"))
    }
}

/// The request id of the request being answered, put in the response extensions by the
/// handlers and read by the middleware that writes the headers.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.kind.status(),
            axum::Json(MessageBody {
                message: Some(self.message),
                request_id: None,
            }),
        )
            .into_response();
        response.headers_mut().insert(
            "x-amzn-ErrorType",
            HeaderValue::from_static(self.kind.name()),
        );
        response
    }
}
