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
mod campaigns;
mod endpoints;
mod events;
mod inapp;
mod message;
mod phone;
mod segments;
mod settings;
mod templates;

pub use applications::*;
pub use attributes::*;
pub use campaigns::*;
pub use endpoints::*;
pub use events::*;
pub use inapp::*;
pub use message::*;
pub use phone::*;
pub use segments::*;
pub use settings::*;
pub use templates::*;

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    /// Reads `text` as a `T` and checks that it writes back the same JSON (member order
    /// aside); returns what it read.
    pub(super) fn round_trip<T: Serialize + DeserializeOwned>(text: &str) -> T {
        let given: serde_json::Value = serde_json::from_str(text).expect("the example is JSON");
        let read: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let written = serde_json::to_value(&read).unwrap();
        assert_eq!(written, given, "written back differently");
        read
    }

    /// The error reading `text` as a `T` gives (it must fail).
    pub(super) fn refused<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        serde_json::from_str::<T>(text).expect_err(text).to_string()
    }
}
