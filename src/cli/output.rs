//! `--output json|table`: JSON for scripts, tables and blocks for people. On a terminal the
//! default is `table`; piped or redirected it is `json`, as the commands printed before there
//! was a choice. `PINPOINT_CONSOLE_OUTPUT` sets the default for both.

use std::io::IsTerminal;

use clap::ValueEnum;
use serde::Serialize;

/// What the commands that print data print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Pinpoint's JSON (or the command's own), pretty-printed: for scripts.
    Json,
    /// Aligned tables, key/value blocks and criteria trees: for people.
    Table,
}

/// Where the text goes with a width of its own: the terminal's, or `COLUMNS`, or 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub format: OutputFormat,
    pub width: usize,
}

/// The width when nothing says another.
pub const DEFAULT_WIDTH: usize = 100;

impl Output {
    /// The format chosen (`--output` or the environment), or the default for where stdout goes.
    pub fn for_stdout(chosen: Option<OutputFormat>) -> Output {
        let terminal = std::io::stdout().is_terminal();
        let columns = terminal
            .then(|| crossterm::terminal::size().ok())
            .flatten()
            .map(|(columns, _)| columns as usize);
        Output::new(chosen, terminal, columns, std::env::var("COLUMNS").ok())
    }

    /// The choice, from what is known of stdout: whether it is a terminal, the terminal's
    /// width, and `COLUMNS`.
    pub fn new(
        chosen: Option<OutputFormat>,
        terminal: bool,
        terminal_columns: Option<usize>,
        columns_env: Option<String>,
    ) -> Output {
        let format = chosen.unwrap_or(match terminal {
            true => OutputFormat::Table,
            false => OutputFormat::Json,
        });
        let width = terminal_columns
            .filter(|w| *w > 0)
            .or_else(|| columns_env.and_then(|c| c.trim().parse().ok()))
            .filter(|w| *w > 0)
            .unwrap_or(DEFAULT_WIDTH);
        Output { format, width }
    }

    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Prints `value` as JSON, or as `people` lays it out at this width.
    pub fn show<T: Serialize>(&self, value: &T, people: impl FnOnce(&T, usize) -> String) {
        match self.format {
            OutputFormat::Json => super::remote::print_json(value),
            OutputFormat::Table => out!("{}", people(value, self.width)),
        }
    }

    /// Prints `value` as JSON, or as a key/value block.
    pub fn show_block<T: Serialize>(&self, value: &T) {
        self.show(value, |v, width| {
            let json = serde_json::to_value(v).expect("wire types always serialize");
            super::render::block(&json, width)
        });
    }
}

/// A progress bar drawn on the terminal (hidden when stdout is not one) from an indicatif
/// `template`, which may also use `{rate}`: whole positions per second (indicatif's own
/// `{per_sec}` shows four decimals).
pub fn progress_bar(total: u64, template: &str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressState, ProgressStyle};
    if !std::io::stdout().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            },
        );
    bar.set_style(style);
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_gets_tables_and_a_pipe_json_unless_told() {
        use OutputFormat::*;
        let format = |chosen, terminal| Output::new(chosen, terminal, None, None).format;
        assert_eq!(format(None, true), Table);
        assert_eq!(format(None, false), Json);
        assert_eq!(format(Some(Table), false), Table);
        assert_eq!(format(Some(Json), true), Json);
    }

    #[test]
    fn the_width_is_the_terminals_then_columns_then_100() {
        let width = |columns, env: Option<&str>| {
            Output::new(None, true, columns, env.map(str::to_owned)).width
        };
        assert_eq!(width(Some(132), Some("80")), 132);
        assert_eq!(width(Some(0), Some("80")), 80);
        assert_eq!(width(None, Some(" 90 ")), 90);
        assert_eq!(width(None, Some("wide")), 100);
        assert_eq!(width(None, Some("0")), 100);
        assert_eq!(width(None, None), 100);
    }
}
