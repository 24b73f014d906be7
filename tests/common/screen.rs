//! What a test terminal shows, for the tests and benchmarks that look at a drawn frame.

#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The symbols of every cell of the terminal's last frame, row after row, in one string.
pub fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect()
}
