//! The preview's text, as the preview pane shows it and the copy key copies it.

use super::*;

pub(super) fn preview_name(app: &App) -> &'static str {
    match app.preview {
        PreviewMode::Format(f) => f.name(),
        PreviewMode::Segments => "segments",
        PreviewMode::InApp => "in-app",
        PreviewMode::Landed => "landed",
    }
}

/// The text of the preview pane (also what the copy key copies).
pub fn preview_text(app: &App) -> String {
    match (app.preview, &app.landed) {
        (PreviewMode::Landed, Some(landed)) => {
            serde_json::to_string_pretty(&landed.endpoint).expect("wire types always serialize")
        }
        (PreviewMode::Format(format), _) => {
            preview::render(&app.form.info, format, &app.cli_context())
        }
        (PreviewMode::Segments, _) => serde_json::to_string_pretty(&app.segment_results)
            .expect("segment results always serialize"),
        (PreviewMode::InApp, _) => {
            serde_json::to_string_pretty(&inapp_json(app)).expect("in-app results always serialize")
        }
        (PreviewMode::Landed, None) => preview::pinpoint_json(&app.form.info),
    }
}
