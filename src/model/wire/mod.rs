//! Pinpoint's wire shapes, with the service's exact member names (PascalCase, and `tags`).
//!
//! These are the types the preview prints, the sandbox reads and writes, and import parses:
//! one set of serde types, so what the preview shows is what is sent. Absent or empty
//! parts are left out of the JSON, as Amplify and the SDK do. Unknown members are refused.
//!
//! One file per resource; every shape is re-exported here, so `wire::X` names it wherever
//! it lives.

mod applications;
mod attributes;
mod endpoints;
mod message;
mod phone;
mod segments;
mod settings;

pub use applications::*;
pub use attributes::*;
pub use endpoints::*;
pub use message::*;
pub use phone::*;
pub use segments::*;
pub use settings::*;
