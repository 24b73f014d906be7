//! Segment calls: CreateSegment, GetSegment, GetSegmentVersion and GetSegments.

use super::{Client, Outcome, converted, page};
use crate::model::sdk::{from_sdk_segment, to_sdk_write_segment};
use crate::model::wire::{SegmentResponse, SegmentsResponse, WriteSegmentRequest};
use crate::pinpoint::CallError;

impl Client {
    /// CreateSegment.
    pub async fn create_segment(
        &self,
        request: &WriteSegmentRequest,
    ) -> Result<Outcome<SegmentResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .create_segment()
                .application_id(self.app())
                .write_segment_request(to_sdk_write_segment(request))
                .send())
        };
        self.call("CreateSegment", request.name.as_deref())
            .writes()
            .send(send, |o| converted(o.segment_response(), from_sdk_segment))
            .await
    }

    /// GetSegment.
    pub async fn get_segment(
        &self,
        segment_id: &str,
    ) -> Result<Outcome<SegmentResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .get_segment()
                .application_id(self.app())
                .segment_id(segment_id)
                .send())
        };
        self.call("GetSegment", Some(segment_id))
            .id("segment id", segment_id)
            .send(send, |o| converted(o.segment_response(), from_sdk_segment))
            .await
    }

    /// GetSegmentVersion: the segment as it was at `version`.
    pub async fn get_segment_version(
        &self,
        segment_id: &str,
        version: i64,
    ) -> Result<Outcome<SegmentResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .get_segment_version()
                .application_id(self.app())
                .segment_id(segment_id)
                .version(version.to_string())
                .send())
        };
        let subject = format!("{segment_id} version {version}");
        self.call("GetSegmentVersion", Some(&subject))
            .id("segment id", segment_id)
            .send(send, |o| converted(o.segment_response(), from_sdk_segment))
            .await
    }

    /// GetSegments, every page.
    pub async fn get_segments(&self) -> Result<Outcome<SegmentsResponse>, CallError> {
        self.call("GetSegments", None)
            .pages(|token| {
                let send = self
                    .sdk
                    .get_segments()
                    .application_id(self.app())
                    .set_token(token)
                    .send();
                self.timed(send, |o| page(o.segments_response(), from_sdk_segment))
            })
            .await
    }
}
