//! pinpoint-console: a terminal admin console for Amazon Pinpoint endpoints, with a local
//! Pinpoint-compatible sandbox.

pub mod args;
pub mod cli;
pub mod connect;
pub mod logging;
pub mod pinpoint;
pub mod store;
pub mod text;
pub mod tui;

pub use pinpoint_model as model;
pub use pinpoint_sandbox as sandbox;
