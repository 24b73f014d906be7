//! The pure core: the form, Pinpoint's wire shapes, Amplify's userInfo, conversions between
//! them, the previews, import of JSON in any shape, and validation. No I/O happens here.

pub mod amplify;
pub mod bulk;
pub mod campaign_rules;
pub mod compare;
pub mod convert;
pub mod endpoint_file;
pub mod enums;
pub mod event_rules;
pub mod fields;
pub mod form;
pub mod import;
pub mod inapp;
pub mod number;
pub mod preview;
pub mod sdk;
pub mod segment;
pub mod segment_reads;
pub mod segment_rules;
pub mod template_rules;
pub mod validate;
pub mod wire;

pub use form::UserInfo;

/// How reasons and reports name a campaign or segment: `segment "VIPs" (id)`, or
/// `segment (id)` when it has no name.
pub fn labelled(kind: &str, name: Option<&str>, id: &str) -> String {
    match name {
        Some(name) => format!("{kind} \"{name}\" ({id})"),
        None => format!("{kind} ({id})"),
    }
}
