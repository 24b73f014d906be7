//! What a test reads of the console's form.

#![allow(dead_code)]

use pinpoint_console::model::validate::Severity;
use pinpoint_console::tui::app::App;

/// The form's errors as a blocked submit lists them: `path: message`.
pub fn form_errors(app: &App) -> Vec<String> {
    app.problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect()
}
