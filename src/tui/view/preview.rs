//! The preview pane: the exact request (Pinpoint JSON, Amplify userInfo or an AWS CLI line),
//! or after a submit what landed, with the fields that differ from the form marked.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::preview::PreviewFormat;
use crate::tui::app::{App, Focus, PreviewMode};
use crate::tui::diff::Difference;
use crate::tui::theme;
use crate::tui::update::preview_text;

fn title(app: &App, width: u16) -> String {
    let (name, short) = match app.preview {
        PreviewMode::Format(PreviewFormat::Pinpoint) => {
            ("Pinpoint request (UpdateEndpoint body)", "Pinpoint request")
        }
        PreviewMode::Format(PreviewFormat::Amplify) => ("Amplify userInfo", "Amplify userInfo"),
        PreviewMode::Format(PreviewFormat::Cli) => ("AWS CLI", "AWS CLI"),
        PreviewMode::Landed => ("What landed (GetEndpoint)", "What landed"),
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
                _ => last.split('_').map(capitalize).collect::<String>(),
            };
            Some(format!("\"{member}\""))
        })
        .collect()
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
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
    let text = preview_text(app);
    let height = inner.height as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut marks = HashSet::new();
    if let (PreviewMode::Landed, Some(landed)) = (app.preview, &app.landed) {
        marks = marked_keys(&landed.differences);
        if landed.differences.is_empty() {
            lines.push(Line::styled("✓ matches the form", theme::success()));
        } else {
            let count = match landed.differences.len() {
                1 => "1 field differs".to_string(),
                n => format!("{n} fields differ"),
            };
            lines.push(Line::styled(
                format!("≠ {count} from the form (Pinpoint merges):"),
                theme::warning(),
            ));
            const SHOWN: usize = 8;
            lines.extend(
                landed
                    .differences
                    .iter()
                    .take(SHOWN)
                    .map(|d| Line::styled(super::printable(&format!("  {d}")), theme::warning())),
            );
            if landed.differences.len() > SHOWN {
                let more = landed.differences.len() - SHOWN;
                lines.push(Line::styled(
                    format!("  … and {more} more (marked below)"),
                    theme::warning(),
                ));
            }
        }
    }
    if app.preview == PreviewMode::Format(PreviewFormat::Cli) {
        let text = super::printable(&text);
        let limit =
            super::wrapped_rows_u16(text.as_str(), inner.width).saturating_sub(inner.height);
        app.scroll_limits.preview.set(limit);
        let paragraph = Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .scroll((app.preview_scroll.min(limit), 0));
        frame.render_widget(paragraph, inner);
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
