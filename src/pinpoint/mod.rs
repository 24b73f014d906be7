//! The client side: target resolution, aws-sdk-pinpoint calls, and error mapping.

pub mod bulk;
pub mod client;
pub mod error;
pub mod target;

pub use client::{Client, Outcome};
pub use error::CallError;
pub use target::{AwsEnv, Overrides, ResolvedTarget};
