//! The form pane for the scalar sections (identity, demographic, location): one row per
//! field, typed into in place, with its problems shown on it. List sections are drawn by
//! `lists`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::validate::{Problem, Severity};
use crate::tui::app::{App, EditTarget, Focus};
use crate::tui::form::{FieldKind, problems_at};
use crate::tui::theme;

/// The marker in front of a field: ✗ for an error, ! for a warning.
pub fn marker(problems: &[&Problem]) -> Span<'static> {
    if problems.iter().any(|p| p.severity == Severity::Error) {
        Span::styled("✗ ", theme::error())
    } else if !problems.is_empty() {
        Span::styled("! ", theme::warning())
    } else {
        Span::raw("  ")
    }
}

/// One line per problem, coloured by severity.
pub fn problem_lines(problems: &[&Problem], width: usize) -> Vec<Line<'static>> {
    problems
        .iter()
        .map(|p| {
            let (sign, style) = match p.severity {
                Severity::Error => ("✗", theme::error()),
                Severity::Warning => ("!", theme::warning()),
            };
            Line::styled(
                super::clip(&format!("{sign} {}: {}", p.path, p.message), width),
                style,
            )
        })
        .collect()
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    if app.section.is_list() {
        return super::lists::draw(app, frame, area);
    }
    let focused = super::focused(app, Focus::Form);
    let block = super::pane(format!(" {} ", app.section.title()), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let fields = app.section.fields();
    let label_width = 18u16.min(inner.width / 2);
    let cursor = app.cursor().row;
    for (i, field) in fields.iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.y + inner.height {
            break;
        }
        let selected = focused && i == cursor;
        let problems = problems_at(&app.problems, field.path(), false);
        let label_style = if selected {
            theme::selected()
        } else {
            theme::plain()
        };
        let label = Line::from(vec![
            marker(&problems),
            Span::styled(
                super::clip(field.label(), (label_width as usize).saturating_sub(2)),
                label_style,
            ),
        ]);
        frame.render_widget(Paragraph::new(label), Rect::new(inner.x, y, label_width, 1));
        let value_area = Rect::new(
            inner.x + label_width + 1,
            y,
            inner.width.saturating_sub(label_width + 1),
            1,
        );
        let editing = app
            .editor
            .as_ref()
            .filter(|e| selected && e.target == EditTarget::Field(*field));
        if let Some(editor) = editing {
            frame.render_widget(&editor.input, value_area);
            continue;
        }
        let text = app.form.text(*field);
        let value = match field.kind() {
            FieldKind::Choice(_) => {
                let shown = if text.is_empty() {
                    "(unset)".to_string()
                } else {
                    text
                };
                let style = if selected {
                    theme::selected()
                } else {
                    theme::accent()
                };
                Line::from(vec![
                    Span::raw("‹ "),
                    Span::styled(shown, style),
                    Span::raw(" ›"),
                ])
            }
            _ if text.is_empty() => Line::styled(field.hint(), theme::hint()),
            _ => Line::raw(super::clip(
                &super::printable(&text),
                value_area.width as usize,
            )),
        };
        frame.render_widget(Paragraph::new(value), value_area);
    }
    // The selected field's problems, under the rows, wrapped so the whole message shows.
    let Some(field) = fields.get(cursor) else {
        return;
    };
    let problems = problems_at(&app.problems, field.path(), false);
    let top = inner.y + fields.len() as u16 + 1;
    if top < inner.y + inner.height && !problems.is_empty() {
        let lines = problem_lines(&problems, usize::MAX);
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }),
            Rect::new(inner.x, top, inner.width, inner.y + inner.height - top),
        );
    }
}
