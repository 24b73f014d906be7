//! The short answer of writes (UpdateEndpoint, UpdateEndpointsBatch...) and of every error.

include!(concat!(env!("OUT_DIR"), "/wire/message.rs"));
