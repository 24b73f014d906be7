//! A picker: profiles, targets, applications or a user's endpoints, filtered as you type.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{Picker, PickerKind};
use crate::tui::theme;

fn title(kind: &PickerKind) -> String {
    match kind {
        PickerKind::Profiles => "Profiles".into(),
        PickerKind::Targets => "Targets".into(),
        PickerKind::Apps => "Applications".into(),
        PickerKind::UserEndpoints { user_id } => format!("Endpoints of user {user_id}"),
        PickerKind::Campaigns => "Campaigns and in-app templates".into(),
    }
}

/// Column widths that fit `width`: each column as wide as its widest cell (at most 40);
/// when they do not fit, the widest is narrowed first (the later one of equals), none below
/// 6, so that no one column is cut to nothing while another is whole. The first two columns
/// (what each row is: a name, an id) are narrowed only when the others cannot be.
fn widths(picker: &Picker, width: usize) -> Vec<usize> {
    let columns = picker.header.len();
    let mut w: Vec<usize> = (0..columns)
        .map(|i| {
            picker
                .rows
                .iter()
                .map(|r| r.columns.get(i).map_or(0, |c| c.chars().count()))
                .chain([picker.header[i].chars().count()])
                .max()
                .unwrap_or(0)
                .min(40)
        })
        .collect();
    let mut total: usize = w.iter().sum::<usize>() + 2 * columns;
    let widest = |w: &[usize], from: usize| {
        (from..columns)
            .filter(|&i| w[i] > 6)
            .max_by_key(|&i| (w[i], i))
    };
    while total > width {
        let Some(widest) = widest(&w, 2).or_else(|| widest(&w, 0)) else {
            break;
        };
        w[widest] -= 1;
        total -= 1;
    }
    w
}

fn row_line(cells: &[String], widths: &[usize]) -> String {
    cells
        .iter()
        .zip(widths)
        .map(|(c, w)| format!("{:<w$}", super::clip(&super::printable(c), *w), w = *w))
        .collect::<Vec<_>>()
        .join("  ")
}

pub fn draw(frame: &mut Frame, picker: &Picker) {
    let screen = frame.area();
    let area = super::centered(
        screen,
        screen.width.saturating_sub(8).max(40),
        screen.height.saturating_sub(4).max(8),
    );
    let inner = super::popup(frame, area, &title(&picker.kind));
    if inner.height < 3 {
        return;
    }
    let filter_label = Paragraph::new(Line::from(Span::styled("filter: ", theme::bold())));
    frame.render_widget(filter_label, Rect::new(inner.x, inner.y, 8, 1));
    frame.render_widget(
        &picker.filter,
        Rect::new(inner.x + 8, inner.y, inner.width.saturating_sub(8), 1),
    );
    let widths = widths(picker, inner.width as usize);
    frame.render_widget(
        Paragraph::new(Line::styled(
            row_line(&picker.header, &widths),
            theme::bold(),
        )),
        Rect::new(inner.x, inner.y + 1, inner.width, 1),
    );
    let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    let visible = picker.visible();
    if visible.is_empty() {
        let text = if picker.rows.is_empty() {
            "nothing here yet"
        } else {
            "nothing matches the filter"
        };
        frame.render_widget(Paragraph::new(Line::styled(text, theme::hint())), list);
        return;
    }
    let height = list.height as usize;
    let lines: Vec<Line> = super::in_view(&visible, picker.selected, height)
        .map(|(i, row)| {
            let text = row_line(&row.columns, &widths);
            let style = if i == picker.selected {
                theme::selected()
            } else if row.broken.is_some() {
                theme::error()
            } else {
                theme::plain()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
