//! Events: PutEvents' request (endpoints, each with its events) and its answer, a status
//! for every endpoint and every event.

include!(concat!(env!("OUT_DIR"), "/wire/events.rs"));
