//! In-app messages: what GetInAppMessages returns (`InAppMessageCampaign`s, each with its
//! message, caps, priority and schedule) and the message content a campaign or an in-app
//! template carries (layout, header, body, image, buttons). Layout, Alignment and
//! ButtonAction are kept as text; their values are in `model::enums`.

include!(concat!(env!("OUT_DIR"), "/wire/inapp.rs"));
