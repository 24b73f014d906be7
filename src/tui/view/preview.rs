//! The preview pane: the exact request (Pinpoint JSON, Amplify userInfo with what it leaves
//! out, or an AWS CLI line), or the stored record (after a fetch, a load from a user lookup,
//! or a submit with what the write changed), with the fields that differ from the form
//! marked.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::amplify::left_out;
use crate::model::compare::WriteChange;
use crate::model::preview::PreviewFormat;
use crate::tui::app::{App, Focus, Landed, PreviewMode, Source};
use crate::tui::diff::Difference;
use crate::tui::theme;

fn title(app: &App, width: u16) -> String {
    let (name, short) = match app.preview {
        PreviewMode::Format(PreviewFormat::Pinpoint) => {
            ("Pinpoint request (UpdateEndpoint body)", "Pinpoint request")
        }
        PreviewMode::Format(PreviewFormat::Amplify) => ("Amplify userInfo", "Amplify userInfo"),
        PreviewMode::Format(PreviewFormat::Cli) => ("AWS CLI", "AWS CLI"),
        PreviewMode::Landed => match app.landed.as_ref().map(|l| &l.source) {
            Some(Source::Read) => ("Stored record (GetEndpoint)", "Stored record"),
            _ => ("What landed (GetEndpoint)", "What landed"),
        },
        PreviewMode::Segments => ("Segments: does this form fall in?", "Segments"),
        PreviewMode::InApp => (
            "In-app messages: does this form get them?",
            "In-app messages",
        ),
    };
    // The short name when the full one would be cut by the corners.
    let name = if name.chars().count() + 4 <= width as usize {
        name
    } else {
        short
    };
    format!(" {name} ")
}

/// The JSON member names a difference's path stands for, to mark those lines.
fn marked_keys(differences: &[Difference]) -> HashSet<String> {
    differences
        .iter()
        .filter_map(|d| {
            let last = d.path.rsplit('.').next()?.trim_matches('"');
            let member = match d.path.split('.').next()? {
                "attributes" | "user_attributes" | "metrics" => last.to_string(),
                "endpoint_id" => "Id".to_string(),
                _ => last.split('_').map(super::capitalize).collect::<String>(),
            };
            Some(format!("\"{member}\""))
        })
        .collect()
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = super::focused(app, Focus::Preview);
    let block = super::pane(title(app, area.width), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.preview == PreviewMode::Segments {
        return super::segments::draw(app, frame, inner);
    }
    if app.preview == PreviewMode::InApp {
        return super::inapp::draw(app, frame, inner);
    }
    let text = app.preview_text();
    let height = inner.height as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut marks = HashSet::new();
    if let (PreviewMode::Landed, Some(landed)) = (app.preview, &app.landed) {
        marks = marked_keys(&landed.differences);
        lines = stored_lines(landed);
    }
    if app.preview == PreviewMode::Format(PreviewFormat::Amplify) {
        lines = amplify_note(app);
    }
    if app.preview == PreviewMode::Format(PreviewFormat::Cli) {
        super::preview_text(app, frame, super::printable(&text), inner);
        return;
    }
    // The rows left under what landed (its lines may wrap too).
    let room = height.saturating_sub(super::wrapped_rows(lines.clone(), inner.width));
    // The first line shown when the last one is at the bottom (long lines wrap).
    let mut limit = text.lines().count();
    let mut rows = 0;
    for line in text.lines().rev() {
        rows += super::wrapped_rows(line, inner.width);
        if rows > room {
            break;
        }
        limit -= 1;
    }
    app.scroll_limits
        .preview
        .set(limit.try_into().unwrap_or(u16::MAX));
    let skip = (app.preview_scroll as usize).min(limit);
    let mark = theme::warning().add_modifier(Modifier::BOLD);
    lines.extend(text.lines().skip(skip).take(room).map(|l| {
        let key = l.trim_start().split(':').next().unwrap_or_default();
        if marks.contains(key) {
            super::json::marked(l, mark)
        } else {
            super::json::line(l)
        }
    }));
    // Long values wrap rather than being cut at the border.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// At most this many fields of one list are shown above the record (the rest are marked in
/// it, and the show-message key lists what a write changed in full).
const SHOWN: usize = 8;

/// Above the stored record: what the write changed (after a submit), then whether it
/// matches the form.
fn stored_lines(landed: &Landed) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Source::Write(change) = &landed.source {
        let id = landed.endpoint.id.as_deref().unwrap_or_default();
        match change {
            Ok(WriteChange::Created) => lines.push(Line::styled(
                super::printable(&format!("+ created: endpoint `{id}` was not stored before")),
                theme::success(),
            )),
            Ok(WriteChange::Changed(changes)) if changes.is_empty() => lines.push(Line::styled(
                "= the write changed nothing (it was stored as it is)",
                theme::success(),
            )),
            Ok(WriteChange::Changed(changes)) => {
                let count = crate::text::counted(changes.len() as u64, "field");
                lines.push(Line::styled(
                    format!("Δ the write changed {count} (before → after):"),
                    theme::success(),
                ));
                lines.extend(listed(changes, theme::success()));
            }
            Err(e) => lines.push(Line::styled(
                super::printable(&format!("? what the write changed is not known: {e}")),
                theme::warning(),
            )),
        }
    }
    let differences = &landed.differences;
    if differences.is_empty() {
        lines.push(Line::styled("✓ matches the form", theme::success()));
    } else {
        let count = match differences.len() {
            1 => "1 field differs".to_string(),
            n => format!("{n} fields differ"),
        };
        let why = match landed.source {
            Source::Write(_) => " (Pinpoint merges)",
            Source::Read => "",
        };
        lines.push(Line::styled(
            format!("≠ {count} from the form{why}:"),
            theme::warning(),
        ));
        lines.extend(listed(differences, theme::warning()));
    }
    lines
}

/// The first `SHOWN` of `items`, one a line, then how many more there are.
fn listed<T: std::fmt::Display>(items: &[T], style: Style) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = items
        .iter()
        .take(SHOWN)
        .map(|item| Line::styled(super::printable(&format!("  {item}")), style))
        .collect();
    if items.len() > SHOWN {
        let more = format!("  … and {} more", items.len() - SHOWN);
        lines.push(Line::styled(more, style));
    }
    lines
}

/// Above the Amplify userInfo: what of the form it has no place for, in one paragraph.
fn amplify_note(app: &App) -> Vec<Line<'static>> {
    let left = left_out(&app.form.info);
    if left.is_empty() {
        return Vec::new();
    }
    let list: Vec<String> = left
        .iter()
        .map(|l| format!("{} ({})", l.field, l.why))
        .collect();
    vec![Line::styled(
        format!("Not in userInfo: {}", list.join(", ")),
        theme::hint(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long list shows its first `SHOWN` items, then how many more there are; a short one
    /// shows them all.
    #[test]
    fn a_long_list_shows_its_first_items_and_counts_the_rest() {
        let text =
            |lines: Vec<Line>| -> Vec<String> { lines.iter().map(ToString::to_string).collect() };
        let items: Vec<String> = (1..=10).map(|i| format!("field{i}")).collect();
        let long = text(listed(&items, theme::warning()));
        assert_eq!(long.len(), SHOWN + 1);
        assert_eq!(long[0], "  field1");
        assert_eq!(long[SHOWN - 1], "  field8");
        assert_eq!(long[SHOWN], "  … and 2 more");
        assert_eq!(text(listed(&items[..3], theme::success())).len(), 3);
    }
}
