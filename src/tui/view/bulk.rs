//! The bulk run's progress gauge (esc cancels the batches not yet sent), then its summary;
//! the show-message key lists every failure in full.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph, Wrap};

use crate::tui::app::{App, BulkRun};
use crate::tui::keymap::Action;
use crate::tui::theme;

pub fn draw(app: &App, frame: &mut Frame, run: &BulkRun) {
    let area = super::centered(frame.area(), 70, 8);
    let inner = super::popup(
        frame,
        area,
        &format!("Bulk from profile {}", super::printable(&run.profile)),
    );
    if inner.height < 3 {
        return;
    }
    let p = run.progress;
    let ratio = if p.total == 0 {
        0.0
    } else {
        (p.finished as f64 / p.total as f64).clamp(0.0, 1.0)
    };
    let gauge = Gauge::default()
        .gauge_style(theme::accent())
        .ratio(ratio)
        .label(format!("{} / {} endpoints", p.finished, p.total));
    frame.render_widget(gauge, Rect::new(inner.x, inner.y, inner.width, 1));
    let mut lines = Vec::new();
    if p.failed > 0 {
        lines.push(Line::styled(
            format!("{} failed so far", p.failed),
            theme::error(),
        ));
    }
    match &run.report {
        Some(report) => {
            lines.push(Line::raw(report.summary()));
            for f in report.failures.iter().take(2) {
                lines.push(Line::styled(
                    super::clip(&f.to_string(), inner.width as usize),
                    theme::error(),
                ));
            }
            // Each failure is cut to a row here; the show-message key lists them in full.
            lines.push(Line::styled(
                if report.failures.is_empty() {
                    format!("{} closes", app.keymap.label(Action::Ok))
                } else {
                    format!(
                        "{} closes · {} shows every failure in full",
                        app.keymap.label(Action::Ok),
                        app.keymap.label(Action::ShowMessage)
                    )
                },
                theme::hint(),
            ));
        }
        None if run.cancelling => lines.push(Line::styled(
            "cancelling: the batches in flight finish…",
            theme::warning(),
        )),
        None if p.finished == 0 => lines.push(Line::styled(
            format!(
                "checking every item before anything is sent · {} cancels",
                app.keymap.label(Action::Cancel)
            ),
            theme::hint(),
        )),
        None => lines.push(Line::styled(
            format!(
                "UpdateEndpointsBatch, 100 per request · {} cancels",
                app.keymap.label(Action::Cancel)
            ),
            theme::hint(),
        )),
    }
    // The failure lines are cut to one row each.
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2),
    );
}
