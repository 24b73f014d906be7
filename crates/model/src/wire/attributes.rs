//! RemoveAttributes: the attribute names of an application.

include!(concat!(env!("OUT_DIR"), "/wire/attributes.rs"));
