//! `config path` and `completions`: where the files are, and shell completion scripts.

use clap::CommandFactory;

use crate::store::paths::Paths;

use super::Cli;

/// `config path`: one `what  where` line per location.
pub fn path(paths: &Paths) -> anyhow::Result<u8> {
    for (what, path) in paths.all() {
        out!("{what:<9} {}", path.display());
    }
    Ok(0)
}

/// `completions SHELL`: written whole through `out!`, so that a reader that goes away
/// (`| head`) ends it quietly.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pinpoint-console", &mut script);
    out!("{}", String::from_utf8_lossy(&script).trim_end());
    Ok(0)
}
