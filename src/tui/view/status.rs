//! The status line: the last operation and its outcome (status code or error, latency,
//! request id), or a spinner while a call is in flight.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keymap::Action;
use crate::tui::theme;

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let line = match &app.busy {
        Some(call) => {
            let frame_char = SPINNER[app.spinner % SPINNER.len()];
            Line::styled(
                format!(
                    "{frame_char} {}… {:.1} s ({} cancels)",
                    call.call.label(),
                    call.started.elapsed().as_secs_f64(),
                    app.keymap.label(Action::Cancel)
                ),
                theme::accent(),
            )
        }
        None => Line::styled(
            super::clip(&super::printable(&app.status.text), area.width as usize),
            theme::tone(app.status.tone),
        ),
    };
    frame.render_widget(Paragraph::new(line), area);
}
