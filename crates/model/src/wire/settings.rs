//! Application settings (GetApplicationSettings, UpdateApplicationSettings) and the campaign
//! hook, limits and quiet time they share with campaigns.

include!(concat!(env!("OUT_DIR"), "/wire/settings.rs"));
