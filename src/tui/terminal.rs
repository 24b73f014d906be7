//! The real terminal: raw mode, the alternate screen, bracketed paste and mouse on; all of it
//! undone on quit, on panic (after writing the panic and a backtrace to the log) and on
//! SIGTERM/SIGHUP.

use std::io::{self, Stdout};
use std::path::PathBuf;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back as the shell expects it. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal before a panic is reported, and writes the panic with a backtrace
/// to the log.
pub fn install_panic_hook(log: PathBuf) {
    std::panic::set_hook(Box::new(move |info| {
        restore();
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!(panic = %info, %backtrace, "the console panicked");
        eprintln!(
            "pinpoint-console stopped on an internal error: {info}\nThe details and a backtrace are in {}",
            log.display()
        );
    }));
}

/// Enters the console's terminal mode.
pub fn setup(log: PathBuf) -> io::Result<Term> {
    install_panic_hook(log);
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    ) {
        restore();
        return Err(e);
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    terminal.hide_cursor()?;
    terminal.clear()?;
    Ok(terminal)
}
