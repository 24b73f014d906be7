//! Segment calls: CreateSegment, GetSegment, GetSegmentVersion and GetSegments.

use super::{Client, Outcome, not_empty, page, said};
use crate::model::sdk::{from_sdk_segment, to_sdk_write_segment};
use crate::model::wire::{SegmentResponse, SegmentsResponse, WriteSegmentRequest};
use crate::pinpoint::CallError;

impl Client {
    /// CreateSegment.
    pub async fn create_segment(
        &self,
        request: &WriteSegmentRequest,
    ) -> Result<Outcome<SegmentResponse>, CallError> {
        let about = self.about("CreateSegment", request.name.as_deref());
        said(about, async {
            self.ensure_writable("CreateSegment")?;
            let send = self
                .sdk
                .create_segment()
                .application_id(self.app())
                .write_segment_request(to_sdk_write_segment(request))
                .send();
            self.timed(send, |o| {
                o.segment_response()
                    .map(from_sdk_segment)
                    .unwrap_or_default()
            })
            .await
        })
        .await
    }

    /// GetSegment.
    pub async fn get_segment(
        &self,
        segment_id: &str,
    ) -> Result<Outcome<SegmentResponse>, CallError> {
        let about = self.about("GetSegment", Some(segment_id));
        said(about, async {
            not_empty("segment id", segment_id)?;
            let send = self
                .sdk
                .get_segment()
                .application_id(self.app())
                .segment_id(segment_id)
                .send();
            self.timed(send, |o| {
                o.segment_response()
                    .map(from_sdk_segment)
                    .unwrap_or_default()
            })
            .await
        })
        .await
    }

    /// GetSegmentVersion: the segment as it was at `version`.
    pub async fn get_segment_version(
        &self,
        segment_id: &str,
        version: i64,
    ) -> Result<Outcome<SegmentResponse>, CallError> {
        let subject = format!("{segment_id} version {version}");
        let about = self.about("GetSegmentVersion", Some(&subject));
        said(about, async {
            not_empty("segment id", segment_id)?;
            let send = self
                .sdk
                .get_segment_version()
                .application_id(self.app())
                .segment_id(segment_id)
                .version(version.to_string())
                .send();
            self.timed(send, |o| {
                o.segment_response()
                    .map(from_sdk_segment)
                    .unwrap_or_default()
            })
            .await
        })
        .await
    }

    /// GetSegments, every page.
    pub async fn get_segments(&self) -> Result<Outcome<SegmentsResponse>, CallError> {
        let about = self.about("GetSegments", None);
        said(about, async {
            let pages = self
                .all_pages(|token| {
                    let send = self
                        .sdk
                        .get_segments()
                        .application_id(self.app())
                        .set_token(token)
                        .send();
                    self.timed(send, |o| page(o.segments_response(), from_sdk_segment))
                })
                .await?;
            Ok(pages.map(|item| SegmentsResponse {
                item,
                next_token: None,
            }))
        })
        .await
    }
}
