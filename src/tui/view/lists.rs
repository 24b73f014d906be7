//! The form pane for the list sections: attributes and user attributes (names, each with
//! its own list of values) and metrics (names with numbers).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::validate::key_path;
use crate::tui::app::{App, Column, EditTarget, Focus};
use crate::tui::form::{Section, problems_at};
use crate::tui::keymap::Action;
use crate::tui::layout::{list_rows, problem_rows, scroll};
use crate::tui::theme;

use super::form::{marker, problem_lines};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let section = app.section;
    let focused = super::focused(app, Focus::Form);
    let names = app.form.names(section);
    let block = super::pane(format!(" {} ({}) ", section.title(), names.len()), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let cursor = app.cursor();
    // Rows for the lists, and at the bottom the problems of the selected entry.
    let selected_path = names.get(cursor.row).map(|n| key_path(section.path(), n));
    let selected_problems = selected_path
        .as_deref()
        .map(|p| problems_at(&app.problems, p, true))
        .unwrap_or_default();
    let problem_rows = problem_rows(app, inner);
    let list_height = inner.height - problem_rows;
    let rows = list_rows(app, inner);
    let names_area = rows.names;
    // The values column with its title line.
    let values_area = Rect::new(rows.values.x, inner.y, rows.values.width, list_height);

    let new_name = app
        .editor
        .as_ref()
        .filter(|e| matches!(e.target, EditTarget::NewName { .. }));
    if names.is_empty() && new_name.is_none() {
        let what = match section {
            Section::Metrics => "metrics",
            Section::UserAttributes => "user attributes",
            _ => "attributes",
        };
        let text = vec![
            Line::raw(format!("No {what} yet.")),
            // A letter typed starts a name; so does the edit key.
            Line::styled(
                format!(
                    "Press a (or {}) to add a name.",
                    app.keymap.label(Action::EditRow)
                ),
                theme::hint(),
            ),
        ];
        // Wrapped: the names column is narrow.
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), names_area);
    }

    let offset = rows.names_offset;
    for (i, name) in names
        .iter()
        .enumerate()
        .skip(offset)
        .take(names_area.height as usize)
    {
        let y = names_area.y + (i - offset) as u16;
        let row = Rect::new(names_area.x, y, names_area.width, 1);
        let path = key_path(section.path(), name);
        let problems = problems_at(&app.problems, &path, true);
        let here = i == cursor.row;
        let editing = app
            .editor
            .as_ref()
            .filter(|e| here && e.target == EditTarget::Name { section, index: i });
        if let Some(editor) = editing {
            frame.render_widget(&editor.input, row);
            continue;
        }
        let style = theme::row(here, focused && cursor.column == Column::Names);
        let detail = match section {
            Section::Metrics => String::new(),
            _ => format!(" ({})", app.form.values(section, i).len()),
        };
        let width = names_area.width.saturating_sub(2) as usize;
        let line = Line::from(vec![
            marker(&problems),
            Span::styled(
                super::clip(&format!("{}{detail}", super::printable(name)), width),
                style,
            ),
        ]);
        frame.render_widget(Paragraph::new(line), row);
        if section == Section::Metrics {
            draw_metric(
                app,
                frame,
                name,
                here && focused && cursor.column == Column::Values,
                Rect::new(values_area.x, y, values_area.width, 1),
            );
        }
    }
    if let Some(editor) = new_name {
        let y = names_area.y
            + (names.len().saturating_sub(offset) as u16).min(names_area.height.saturating_sub(1));
        frame.render_widget(
            &editor.input,
            Rect::new(names_area.x + 2, y, names_area.width.saturating_sub(2), 1),
        );
    }
    if section != Section::Metrics {
        draw_values(app, frame, values_area, focused);
    }
    if problem_rows > 0 {
        let lines = problem_lines(&selected_problems, inner.width as usize);
        frame.render_widget(
            Paragraph::new(
                lines
                    .into_iter()
                    .take(problem_rows as usize)
                    .collect::<Vec<_>>(),
            ),
            Rect::new(inner.x, inner.y + list_height, inner.width, problem_rows),
        );
    }
}

fn draw_metric(app: &App, frame: &mut Frame, name: &str, selected: bool, row: Rect) {
    let editing = app.editor.as_ref().filter(|e| {
        e.target
            == EditTarget::Metric {
                name: name.to_string(),
            }
    });
    if let Some(editor) = editing {
        frame.render_widget(&editor.input, row);
        return;
    }
    let style = if selected {
        theme::selected()
    } else {
        theme::plain()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(app.form.metric_text(name), style)),
        row,
    );
}

fn draw_values(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let section = app.section;
    let cursor = app.cursor();
    let names = app.form.names(section);
    let Some(name) = names.get(cursor.row) else {
        return;
    };
    let values = app.form.values(section, cursor.row);
    if area.height == 0 {
        return;
    }
    let title = Line::styled(
        super::clip(
            &format!("values of {}", super::printable(name)),
            area.width as usize,
        ),
        theme::bold(),
    );
    frame.render_widget(
        Paragraph::new(title),
        Rect::new(area.x, area.y, area.width, 1),
    );
    let list = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    if values.is_empty() {
        let text = vec![
            Line::raw("[] (clears the values)"),
            Line::styled(
                format!(
                    "{} then a: add a value",
                    app.keymap.label(Action::ValuesColumn)
                ),
                theme::hint(),
            ),
        ];
        frame.render_widget(Paragraph::new(text), list);
        return;
    }
    let offset = scroll(cursor.value_row, list.height as usize);
    let path = key_path(section.path(), name);
    for (i, value) in values
        .iter()
        .enumerate()
        .skip(offset)
        .take(list.height as usize)
    {
        let row = Rect::new(list.x, list.y + (i - offset) as u16, list.width, 1);
        let editing = app.editor.as_ref().filter(|e| {
            e.target
                == EditTarget::Value {
                    section,
                    index: cursor.row,
                    value: i,
                }
        });
        if let Some(editor) = editing {
            let number = format!("{:>3} ", i + 1);
            frame.render_widget(Paragraph::new(number), Rect::new(row.x, row.y, 4, 1));
            frame.render_widget(
                &editor.input,
                Rect::new(row.x + 4, row.y, row.width.saturating_sub(4), 1),
            );
            continue;
        }
        let problems = problems_at(&app.problems, &format!("{path}[{i}]"), false);
        let here = i == cursor.value_row && cursor.column == Column::Values;
        let style = if here && focused {
            theme::selected()
        } else {
            theme::plain()
        };
        let line = Line::from(vec![
            Span::raw(format!("{:>3} ", i + 1)),
            marker(&problems),
            Span::styled(
                super::clip(
                    &super::printable(value),
                    row.width.saturating_sub(6) as usize,
                ),
                style,
            ),
        ]);
        frame.render_widget(Paragraph::new(line), row);
    }
}
