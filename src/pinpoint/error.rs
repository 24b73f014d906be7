//! What a failed call tells the user: the modelled error's name, message and request id
//! (never the SDK's bare "service error"), or what went wrong on the way.

use std::fmt;

use aws_sdk_pinpoint::config::http::HttpResponse;
use aws_sdk_pinpoint::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_pinpoint::operation::RequestId;

/// One failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    /// What the call was about: the operation, its subject and the application
    /// (`GetEndpoint qa-7 in application 5a9d…`), set by the client for every call.
    pub about: Option<String>,
    /// The error name: a Pinpoint exception (`NotFoundException`), or `TimeoutError`,
    /// `ConnectionError`, `ResponseError`, `CredentialsError`, `ReadOnlyTarget`...
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(about) = &self.about {
            write!(f, "{about}: ")?;
        }
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CallError {}

/// What a failed call means for what the console does next: the service's error names it
/// acts on, read once here from the name (`code` keeps the name for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `NotFoundException`: the service does not have it.
    NotFound,
    /// `BadRequestException`: the service refuses the request for what it holds.
    BadRequest,
    /// `TooManyRequestsException`: throttled; it may be sent again later.
    TooManyRequests,
    /// Any other failure (another service error, or none reached the service).
    Other,
}

/// A request the SDK cannot carry as it was given (the member is named); nothing was sent.
impl From<crate::model::sdk::NotSendable> for CallError {
    fn from(e: crate::model::sdk::NotSendable) -> Self {
        CallError::new("RequestError", e.to_string())
    }
}

impl CallError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        CallError {
            about: None,
            code: code.into(),
            message: message.into(),
            request_id: None,
            status: None,
        }
    }

    /// Maps an SDK error; `url` and `timeout` name what was being reached.
    pub fn from_sdk<E>(
        err: &SdkError<E, HttpResponse>,
        url: &str,
        timeout: std::time::Duration,
    ) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let detail = || one_line(&DisplayErrorContext(err).to_string());
        // What went wrong, in each cause's own words, without the debug dump of the raw
        // response that `DisplayErrorContext` ends with: the causes `depth` levels down,
        // below the SDK's label ("response error", "dispatch failure": 1) or, for an
        // unmodelled service error, below the operation error's "unhandled error" (2).
        let cause = |depth: usize| {
            let mut source = std::error::Error::source(err);
            for _ in 1..depth {
                source = source.and_then(std::error::Error::source);
            }
            source
                .map(causes)
                .filter(|c| !c.is_empty())
                .unwrap_or_else(detail)
        };
        let status = err.raw_response().map(|r| r.status().as_u16());
        let request_id = err.request_id().map(str::to_owned);
        let (code, message) = match err {
            SdkError::ServiceError(_) => match err.code() {
                Some(code) => (
                    code.to_string(),
                    err.message()
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("HTTP {}", status.unwrap_or_default())),
                ),
                // A success status with a body that is not the operation's answer (not
                // JSON, or JSON of another shape): the SDK reports it as an unmodelled
                // service error; it is an answer that could not be read.
                None if status.is_some_and(|s| (200..300).contains(&s)) => (
                    "ResponseError".into(),
                    format!(
                        "the answer from {url} (HTTP {}) could not be read: {}",
                        status.unwrap_or_default(),
                        cause(2)
                    ),
                ),
                None => (
                    "UnknownError".into(),
                    format!(
                        "HTTP {} from {url} without a Pinpoint error name: {}",
                        status.unwrap_or_default(),
                        cause(2)
                    ),
                ),
            },
            SdkError::TimeoutError(_) => (
                "TimeoutError".into(),
                format!("no answer from {url} within {:.1} s", timeout.as_secs_f64()),
            ),
            SdkError::DispatchFailure(failure) if failure.is_timeout() => (
                "TimeoutError".into(),
                format!("no answer from {url} within {:.1} s", timeout.as_secs_f64()),
            ),
            SdkError::DispatchFailure(failure) if failure.is_io() => (
                "ConnectionError".into(),
                format!("cannot reach {url}: {}", cause(1)),
            ),
            SdkError::DispatchFailure(_) => ("ConnectionError".into(), cause(1)),
            SdkError::ResponseError(_) => (
                "ResponseError".into(),
                format!("the answer from {url} could not be read: {}", cause(1)),
            ),
            SdkError::ConstructionFailure(_) => ("RequestError".into(), detail()),
            _ => ("UnknownError".into(), detail()),
        };
        CallError {
            about: None,
            code,
            message,
            request_id,
            status,
        }
    }

    /// What the failure means for what happens next.
    pub fn kind(&self) -> ErrorKind {
        match self.code.as_str() {
            "NotFoundException" => ErrorKind::NotFound,
            "BadRequestException" => ErrorKind::BadRequest,
            "TooManyRequestsException" => ErrorKind::TooManyRequests,
            _ => ErrorKind::Other,
        }
    }

    /// The same error, saying what the call was about (unless it already says).
    pub fn about(mut self, about: impl Into<String>) -> Self {
        self.about.get_or_insert_with(|| about.into());
        self
    }
}

/// An error and its sources, outermost first, each in its own words on one line (a cause
/// whose words the one before already holds is left out).
pub fn causes(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = one_line(&e.to_string());
        if !text.is_empty() && !parts.last().is_some_and(|last| last.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

pub use crate::text::one_line;

#[cfg(test)]
mod tests {
    use super::*;

    /// The retries, the "not there" answers and the by-name look-ups decide on the kind
    /// (they used to compare the name where they stood).
    #[test]
    fn the_service_errors_acted_on_have_their_kind() {
        let kind = |code: &str| CallError::new(code, "m").kind();
        assert_eq!(kind("NotFoundException"), ErrorKind::NotFound);
        assert_eq!(kind("BadRequestException"), ErrorKind::BadRequest);
        assert_eq!(kind("TooManyRequestsException"), ErrorKind::TooManyRequests);
        for other in [
            "ForbiddenException",
            "TimeoutError",
            "ConnectionError",
            "notfoundexception",
        ] {
            assert_eq!(kind(other), ErrorKind::Other, "{other}");
        }
        // What a person reads is unchanged by the kind, and what it is about stays.
        let e = CallError::new("NotFoundException", "Resource not found").about("GetEndpoint qa-1");
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(
            e.to_string(),
            "GetEndpoint qa-1: NotFoundException: Resource not found"
        );
    }
}
