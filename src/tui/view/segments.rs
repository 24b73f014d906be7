//! The Segments view of the preview pane: the application's segments, each marked with
//! whether the form as it is now falls into it, and the criteria tree of the selected one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::segment::{Criterion, Verdict};
use crate::tui::app::{App, Focus};
use crate::tui::theme;

/// The marker and colour of an outcome.
pub fn mark(verdict: Verdict) -> (&'static str, Style) {
    match verdict {
        Verdict::Match => ("✓", theme::success()),
        Verdict::NoMatch => ("✗", theme::error()),
        Verdict::CannotTell => ("?", theme::warning()),
    }
}

/// A criteria tree as lines indented by depth (plus `indent` levels), each with its marker
/// and its one-line reason, wrapped at `width` under its own text (a hanging indent).
pub fn tree_lines(criteria: &Criterion, indent: usize, width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (depth, c) in criteria.lines() {
        let (sign, style) = mark(c.verdict);
        let lead = "  ".repeat(depth + indent);
        let hang = lead.chars().count() + 2;
        let room = (width as usize).saturating_sub(hang).max(8);
        let text = super::printable(&c.to_string());
        for (i, part) in textwrap::wrap(&text, room).into_iter().enumerate() {
            out.push(if i == 0 {
                Line::from(vec![
                    Span::raw(lead.clone()),
                    Span::styled(format!("{sign} "), style),
                    Span::raw(part.into_owned()),
                ])
            } else {
                Line::raw(format!("{}{part}", " ".repeat(hang)))
            });
        }
    }
    out
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    if app.segments.is_none() {
        let text = if app.busy.is_some() {
            "loading the segments (GetSegments)…".to_string()
        } else {
            format!(
                "segments not loaded: press {} with this pane focused",
                app.keymap.label(crate::tui::keymap::Action::Reload)
            )
        };
        frame.render_widget(Paragraph::new(Line::styled(text, theme::hint())), area);
        return;
    }
    if app.segment_results.is_empty() {
        let text = vec![
            Line::raw("The application has no segments."),
            Line::styled(
                "Create some with `pinpoint-console segments create FILE`.",
                theme::hint(),
            ),
        ];
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    let focused = super::focused(app, Focus::Preview);
    let list_height = (app.segment_results.len() as u16)
        .min(area.height / 2)
        .max(1);
    let offset = app
        .segment_selected
        .saturating_sub(list_height as usize - 1);
    let lines: Vec<Line> = app
        .segment_results
        .iter()
        .enumerate()
        .skip(offset)
        .take(list_height as usize)
        .map(|(i, r)| {
            let (sign, style) = mark(r.outcome);
            let name = r.name.clone().unwrap_or_else(|| r.segment_id.clone());
            let name_style = if i == app.segment_selected && focused {
                theme::selected()
            } else if i == app.segment_selected {
                theme::bold()
            } else {
                theme::plain()
            };
            Line::from(vec![
                Span::styled(format!("{sign} "), style),
                Span::styled(
                    super::clip(
                        &super::printable(&name),
                        area.width.saturating_sub(2) as usize,
                    ),
                    name_style,
                ),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, area.y, area.width, list_height),
    );
    let Some(selected) = app.segment_results.get(app.segment_selected) else {
        return;
    };
    let tree_area = Rect::new(
        area.x,
        area.y + list_height + 1,
        area.width,
        area.height.saturating_sub(list_height + 1),
    );
    let tree = tree_lines(&selected.criteria, 0, tree_area.width);
    let limit =
        super::wrapped_rows_u16(tree.clone(), tree_area.width).saturating_sub(tree_area.height);
    app.scroll_limits.preview.set(limit);
    frame.render_widget(
        Paragraph::new(tree)
            .wrap(Wrap { trim: false })
            .scroll((app.preview_scroll.min(limit), 0)),
        tree_area,
    );
}
