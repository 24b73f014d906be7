//! The sandbox: a local service that speaks Pinpoint's REST-JSON API and follows its rules.

/// The application every new sandbox database starts with, so it works with no set-up.
pub const DEFAULT_APP_ID: &str = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";
/// Where `serve` listens unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:4575";
