//! What a failed call tells the user: the modelled error's name, message and request id
//! (never the SDK's bare "service error"), or what went wrong on the way.

use std::fmt;

use aws_sdk_pinpoint::config::http::HttpResponse;
use aws_sdk_pinpoint::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_pinpoint::operation::RequestId;

/// One failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
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
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CallError {}

impl CallError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        CallError {
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
        let status = err.raw_response().map(|r| r.status().as_u16());
        let request_id = err.request_id().map(str::to_owned);
        let (code, message) = match err {
            SdkError::ServiceError(_) => (
                err.code().unwrap_or("UnknownError").to_string(),
                err.message()
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("HTTP {}", status.unwrap_or_default())),
            ),
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
                format!("cannot reach {url}: {}", detail()),
            ),
            SdkError::DispatchFailure(_) => ("ConnectionError".into(), detail()),
            SdkError::ResponseError(_) => (
                "ResponseError".into(),
                format!("the answer from {url} could not be read: {}", detail()),
            ),
            SdkError::ConstructionFailure(_) => ("RequestError".into(), detail()),
            _ => ("UnknownError".into(), detail()),
        };
        CallError {
            code,
            message,
            request_id,
            status,
        }
    }
}

/// Folds a multi-line message onto one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
