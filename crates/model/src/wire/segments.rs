//! Segments: CreateSegment, UpdateSegment, GetSegment(s), their dimensions and groups.

include!(concat!(env!("OUT_DIR"), "/wire/segments.rs"));
