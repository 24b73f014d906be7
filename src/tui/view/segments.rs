//! The Segments view of the preview pane: the application's segments, each marked with
//! whether the form as it is now falls into it and, on the right, how many endpoints stored
//! in the built-in sandbox's database it holds; and the criteria tree of the selected one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::segment::{Criterion, Verdict};
use crate::tui::app::{App, Counted, Focus};
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

/// A segment's count of stored endpoints as its row shows it (`1,204`, or `1,204 +3?` when
/// the segment cannot tell of 3): nothing when there are no counts (not yet, or a target
/// without the database).
pub fn count_text(counted: &Counted, segment_id: &str) -> String {
    let Counted::Sizes(sizes) = counted else {
        return String::new();
    };
    let Some((_, size)) = sizes.sizes.iter().find(|(id, _)| id == segment_id) else {
        return String::new();
    };
    match size.cannot_tell {
        0 => grouped(size.matched),
        n => format!("{} +{}?", grouped(size.matched), grouped(n)),
    }
}

/// What a segment's count says, in words, for the row between the list and the segment's
/// tree: `1,204 stored endpoints in this segment, 3 it cannot tell`. None when there is no
/// count.
pub fn count_words(counted: &Counted, segment_id: &str) -> Option<String> {
    let Counted::Sizes(sizes) = counted else {
        return None;
    };
    let (_, size) = sizes.sizes.iter().find(|(id, _)| id == segment_id)?;
    let noun = if size.matched == 1 {
        "endpoint"
    } else {
        "endpoints"
    };
    let holds = format!("{} stored {noun} in this segment", grouped(size.matched));
    Some(match size.cannot_tell {
        0 => format!("{holds}:"),
        n => format!("{holds}, {} it cannot tell:", grouped(n)),
    })
}

/// A count with its thousands apart: `1,000,000`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
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
    let shown = super::in_view(
        &app.segment_results,
        app.segment_selected,
        list_height.into(),
    );
    let lines: Vec<Line> = shown
        .map(|(i, r)| {
            let (sign, style) = mark(r.outcome);
            let name = r.name.clone().unwrap_or_else(|| r.segment_id.clone());
            let count = count_text(&app.segment_counts.counted, &r.segment_id);
            // The count on the right, a space at least before it.
            let room = match count.chars().count() {
                0 => (area.width as usize).saturating_sub(2),
                n => (area.width as usize).saturating_sub(3 + n),
            };
            let name_style = theme::row(i == app.segment_selected, focused);
            let name = super::clip(&super::printable(&name), room.max(1));
            let gap = match count.is_empty() {
                true => 0,
                false => (room + 1).saturating_sub(name.chars().count()),
            };
            Line::from(vec![
                Span::styled(format!("{sign} "), style),
                Span::styled(name, name_style),
                Span::raw(" ".repeat(gap)),
                Span::styled(count, theme::hint()),
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
    // The row between the list and the tree says what the selected row's count is.
    if let Some(words) = count_words(&app.segment_counts.counted, &selected.segment_id)
        && area.height > list_height
    {
        frame.render_widget(
            Paragraph::new(Line::styled(
                super::clip(&words, area.width as usize),
                theme::hint(),
            )),
            Rect::new(area.x, area.y + list_height, area.width, 1),
        );
    }
    let tree_area = Rect::new(
        area.x,
        area.y + list_height + 1,
        area.width,
        area.height.saturating_sub(list_height + 1),
    );
    let tree = tree_lines(&selected.criteria, 0, tree_area.width);
    super::preview_text(app, frame, tree, tree_area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::store::Size;
    use crate::tui::message::SegmentSizes;

    #[test]
    fn a_count_is_told_in_words_with_what_it_cannot_tell() {
        let size = |matched, cannot_tell| Size {
            matched,
            cannot_tell,
        };
        let counted = Counted::Sizes(SegmentSizes {
            read: 2_000,
            sizes: vec![
                ("one".into(), size(1, 0)),
                ("many".into(), size(1_204, 0)),
                ("unsure".into(), size(17, 1_204)),
            ],
        });
        let words = |id| count_words(&counted, id);
        assert_eq!(
            words("one").as_deref(),
            Some("1 stored endpoint in this segment:")
        );
        assert_eq!(
            words("many").as_deref(),
            Some("1,204 stored endpoints in this segment:")
        );
        assert_eq!(
            words("unsure").as_deref(),
            Some("17 stored endpoints in this segment, 1,204 it cannot tell:")
        );
        assert_eq!(words("other"), None);
        assert_eq!(count_words(&Counted::NotAvailable, "one"), None);
    }
}
