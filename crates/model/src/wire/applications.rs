//! Applications (projects): CreateApp, GetApp, GetApps and DeleteApp.

include!(concat!(env!("OUT_DIR"), "/wire/applications.rs"));
