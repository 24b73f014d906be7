//! The Segments view's counts of stored endpoints: asked for when the segments arrive and
//! after the console's writes (submit, delete), counted off the draw path, taken when they
//! come back (a reply to an older request is dropped).

use super::*;
use crate::tui::app::Counted;
use crate::tui::message::SegmentSizes;

/// Asks for the segments' counts, when there are segments and a connection.
pub(super) fn count_segments(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(segments) = app.segments.clone().filter(|s| !s.is_empty()) else {
        return;
    };
    if app.connection().is_none() || app.segment_counts.counted == Counted::NotAvailable {
        return;
    }
    let id = app.next_call_id();
    app.segment_counts.asked = Some(id);
    fx.push(Effect::CountSegments { id, segments });
}

/// Takes the counts of request `id`. A failure is said once, in the status line.
pub(super) fn on_segment_counts(
    app: &mut App,
    id: u64,
    result: Result<Option<SegmentSizes>, String>,
) {
    if app.segment_counts.asked != Some(id) {
        return;
    }
    app.segment_counts.asked = None;
    match result {
        Ok(Some(sizes)) => app.segment_counts.counted = Counted::Sizes(sizes),
        Ok(None) => app.segment_counts.counted = Counted::NotAvailable,
        Err(e) => app.set_status(
            Tone::Warning,
            format!("the segments' endpoints were not counted: {e}"),
        ),
    }
}
