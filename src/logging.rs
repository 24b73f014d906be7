//! Logging through `tracing` to the log file in the data directory, never to the terminal.
//! The level comes from `--log-level`, then `PINPOINT_CONSOLE_LOG`, then `info`.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use crate::store::{atomic, paths::Paths};

/// The environment variable that sets the log level (an `EnvFilter` directive).
pub const LOG_ENV: &str = "PINPOINT_CONSOLE_LOG";

/// The program's own crates: a bare level applies to these.
const OWN_CRATES: [&str; 3] = ["pinpoint_console", "pinpoint_sandbox", "pinpoint_model"];

/// The filter for a bare level: that level for the program's own crates, warnings for the rest.
fn own_level(level: &str) -> String {
    let own: Vec<String> = OWN_CRATES.iter().map(|c| format!("{c}={level}")).collect();
    format!("warn,{}", own.join(","))
}

/// Starts logging to the log file. Returns the guard that flushes it on drop, or `None`
/// when the file cannot be opened (the program then runs without a log).
pub fn init(paths: &Paths, level: Option<&str>) -> Option<WorkerGuard> {
    let directive = level
        .map(str::to_owned)
        .or_else(|| std::env::var(LOG_ENV).ok())
        .unwrap_or_else(|| "info".to_string());
    // A bare level applies to this program; other crates (the AWS SDK, the HTTP stack) log
    // warnings only, so that request details never reach the file unless asked for by name.
    let levels = ["off", "error", "warn", "info", "debug", "trace"];
    let directive = if levels.contains(&directive.to_ascii_lowercase().as_str()) {
        own_level(&directive)
    } else {
        directive
    };
    let filter =
        EnvFilter::try_new(&directive).unwrap_or_else(|_| EnvFilter::new(own_level("info")));
    atomic::ensure_dir(&paths.data_dir).ok()?;
    let log = paths.log_file();
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&log).ok()?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
