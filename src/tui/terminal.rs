//! The real terminal: raw mode, the alternate screen, bracketed paste and mouse on; all of it
//! undone on quit, on panic (after writing the panic and a backtrace to the log) and on
//! SIGTERM/SIGHUP/SIGINT.

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

/// Writes a panic with a backtrace to the log. On the console's own thread it then restores
/// the terminal and says where the log is (the panic ends the process). On a task's thread
/// it does no more: the console's own tasks are guarded and end the console the same way,
/// keeping the unsaved form in the draft (`runner::spawn_guarded`); a panic in another task
/// (a connection of the in-process sandbox) ends only that task.
pub fn install_panic_hook(log: PathBuf) {
    std::panic::set_hook(Box::new(move |info| {
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!(panic = %info, %backtrace, "the console panicked");
        if std::thread::current().name() != Some("main") {
            return;
        }
        restore();
        eprintln!("{}", stopped_message(&info.to_string(), &log));
    }));
}

/// What the user reads after the console stopped on an internal error (what the panic said
/// may hold anything: its control characters are escaped).
pub fn stopped_message(what: &str, log: &std::path::Path) -> String {
    let what = crate::text::escape_controls(what);
    format!(
        "pinpoint-console stopped on an internal error: {what}\nThe details and a backtrace are in {}",
        log.display()
    )
}

/// Enters the console's terminal mode; a panic from then on gives the terminal back (see
/// `install_panic_hook`).
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
