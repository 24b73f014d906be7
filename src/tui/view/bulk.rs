//! The bulk run's progress gauge (esc cancels the batches not yet sent), then its summary.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph, Wrap};

use crate::tui::app::BulkRun;
use crate::tui::theme;

pub fn draw(frame: &mut Frame, run: &BulkRun) {
    // Room for the warning's rows too.
    let height = if run.notice.is_some() { 11 } else { 8 };
    let area = super::centered(frame.area(), 70, height);
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
    if let Some(notice) = &run.notice {
        lines.push(Line::styled(
            super::printable(&format!("warning: {notice}")),
            theme::warning(),
        ));
    }
    if p.failed > 0 {
        lines.push(Line::styled(
            format!("{} failed so far", p.failed),
            theme::error(),
        ));
    }
    match &run.report {
        Some(report) => {
            lines.push(Line::raw(format!(
                "{} written, {} failed in {:.2} s ({:.0} endpoints/s){}",
                report.done,
                report.failed(),
                report.elapsed.as_secs_f64(),
                report.rate(),
                if report.cancelled { ", cancelled" } else { "" }
            )));
            for f in report.failures.iter().take(2) {
                lines.push(Line::styled(
                    super::clip(
                        &format!("{} .. {}: {}", f.first, f.last, f.reason),
                        inner.width as usize,
                    ),
                    theme::error(),
                ));
            }
            lines.push(Line::styled("enter closes", theme::hint()));
        }
        None if run.cancelling => lines.push(Line::styled(
            "cancelling: the batches in flight finish…",
            theme::warning(),
        )),
        None if p.finished == 0 => lines.push(Line::styled(
            "checking every item before anything is sent · esc cancels",
            theme::hint(),
        )),
        None => lines.push(Line::styled(
            "UpdateEndpointsBatch, 100 per request · esc cancels",
            theme::hint(),
        )),
    }
    // The warning wraps; the failure lines are cut to one row each.
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2),
    );
}
