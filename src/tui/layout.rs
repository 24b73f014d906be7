//! Where each pane goes for a terminal size: three columns when wide, a tab strip and two
//! panes side by side when narrow (80x24), stacked when very narrow; and where the rows of a
//! list section are. The view draws with it and the mouse handler (in `update`) places
//! clicks with it, so the two cannot disagree.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use crate::model::validate::key_path;
use crate::tui::app::App;
use crate::tui::form::{Section, problems_at};

/// Terminals at least this wide get the section list as a column.
pub const WIDE: u16 = 100;

/// The panes' rectangles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub sections: Rect,
    /// The sections are a one-line tab strip instead of a column.
    pub tabs: bool,
    pub form: Rect,
    pub preview: Rect,
    pub status: Rect,
    pub keybar: Rect,
}

impl Areas {
    /// The section under a point of the section list or tab strip.
    pub fn section_at(&self, x: u16, y: u16) -> Option<Section> {
        let r = self.sections;
        let index = if self.tabs {
            let width = (r.width / Section::ALL.len() as u16).max(1);
            ((x.saturating_sub(r.x) / width) as usize).min(Section::ALL.len() - 1)
        } else {
            y.checked_sub(r.y + 1)? as usize
        };
        Section::ALL.get(index).copied()
    }
}

pub fn layout(width: u16, height: u16) -> Areas {
    let full = Rect::new(0, 0, width, height);
    let tabs = width < WIDE;
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Length(u16::from(tabs)),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .split(full);
    let (header, tab_strip, body, status, keybar) = (rows[0], rows[1], rows[2], rows[3], rows[4]);
    if !tabs {
        let cols = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([
                Constraint::Length(24),
                Constraint::Min(40),
                Constraint::Percentage(42),
            ])
            .split(body);
        return Areas {
            header,
            sections: cols[0],
            tabs,
            form: cols[1],
            preview: cols[2],
            status,
            keybar,
        };
    }
    let direction = if width >= 60 {
        Direction::Horizontal
    } else {
        Direction::Vertical
    };
    let split = Layout::default()
        .direction(direction)
        .constraints([Constraint::Percentage(52), Constraint::Percentage(48)])
        .split(body);
    Areas {
        header,
        sections: tab_strip,
        tabs,
        form: split[0],
        preview: split[1],
        status,
        keybar,
    }
}

/// The first row to show so that `cursor` stays in a window of `height` rows.
pub fn scroll(cursor: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        cursor.saturating_sub(height - 1)
    }
}

/// Where the rows of a list section are, and which entries they start at (the view draws
/// with it, and a mouse click is placed with it).
pub struct ListRows {
    /// The names column; its first row shows name number `names_offset`.
    pub names: Rect,
    pub names_offset: usize,
    /// The values of the selected name, below their title line; the first row shows value
    /// number `values_offset`.
    pub values: Rect,
    pub values_offset: usize,
}

/// The rows of the list section inside the form pane's `inner` area.
pub fn list_rows(app: &App, inner: Rect) -> ListRows {
    let cursor = app.cursor();
    let list_height = inner.height.saturating_sub(problem_rows(app, inner));
    let half = inner.width / 2;
    let names = Rect::new(inner.x, inner.y, half.saturating_sub(1), list_height);
    let values = Rect::new(
        inner.x + half + 1,
        inner.y + 1,
        inner.width.saturating_sub(half + 1),
        list_height.saturating_sub(1),
    );
    ListRows {
        names_offset: scroll(cursor.row, names.height as usize),
        names,
        values_offset: scroll(cursor.value_row, values.height as usize),
        values,
    }
}

/// How many lines the selected entry's problems take under the lists.
pub fn problem_rows(app: &App, inner: Rect) -> u16 {
    let section = app.section;
    let count = app
        .form
        .names(section)
        .get(app.cursor().row)
        .map(|n| problems_at(&app.problems, &key_path(section.path(), n), true).len())
        .unwrap_or(0);
    (count as u16).min(3).min(inner.height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_get_three_columns() {
        let a = layout(120, 40);
        assert!(!a.tabs);
        assert_eq!(a.sections.width, 24);
        assert!(a.form.x > a.sections.x && a.preview.x > a.form.x);
        assert_eq!(a.section_at(3, a.sections.y + 1), Some(Section::Identity));
        assert_eq!(
            a.section_at(3, a.sections.y + 6),
            Some(Section::UserAttributes)
        );
        assert_eq!(a.section_at(3, a.sections.y + 7), None);
    }

    #[test]
    fn eighty_by_twenty_four_gets_tabs_and_two_panes() {
        let a = layout(80, 24);
        assert!(a.tabs);
        assert_eq!(a.sections.height, 1);
        assert_eq!(a.form.y, a.preview.y);
        assert!(a.form.height >= 18);
        assert_eq!(a.section_at(0, a.sections.y), Some(Section::Identity));
        assert_eq!(
            a.section_at(79, a.sections.y),
            Some(Section::UserAttributes)
        );
    }

    #[test]
    fn narrow_terminals_stack() {
        let a = layout(50, 30);
        assert_eq!(a.form.x, a.preview.x);
        assert!(a.preview.y > a.form.y);
    }
}
