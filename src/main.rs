//! The `pinpoint-console` binary: parse the arguments and hand over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    pinpoint_console::cli::run(pinpoint_console::cli::Cli::parse())
}
