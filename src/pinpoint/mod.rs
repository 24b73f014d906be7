//! The client side: target resolution, aws-sdk-pinpoint calls, error mapping, and sending
//! bulk plans and loading what the in-app decisions read.

pub mod bulk;
pub mod client;
pub mod error;
pub mod inapp;
pub mod target;

pub use client::{Client, Outcome};
pub use error::{CallError, ErrorKind};
pub use target::{AwsEnv, Overrides, ResolvedTarget};
