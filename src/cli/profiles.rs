//! `profiles list|show|import|export|rm`.

use std::path::Path;

use anyhow::Context;

use crate::model::preview;
use crate::store::paths::Paths;
use crate::store::profiles::{self, ProfileStore};
use crate::text::{format_time, printable};

use super::{ExportFormat, GlobalArgs, ProfilesCommand, offline, source};

pub fn run(paths: &Paths, global: &GlobalArgs, command: ProfilesCommand) -> anyhow::Result<u8> {
    let store = ProfileStore::new(paths.profiles_dir());
    match command {
        ProfilesCommand::List => list(&store),
        ProfilesCommand::Show { name } => {
            let path = store.path(&name)?;
            store.load(&name)?;
            let text =
                std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
            out!("{}", text.trim_end_matches('\n'));
            Ok(0)
        }
        ProfilesCommand::Import { file, name, force } => {
            let path = Path::new(&file);
            let (form, origin) = source::load_file(path)?;
            let name = match name {
                Some(n) => n,
                None => path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .context("give the profile a name with --name")?
                    .to_string(),
            };
            let saved = store.save(&name, &form, force).map_err(|e| {
                match force || !store.exists(&name) {
                    true => anyhow::Error::from(e),
                    false => anyhow::anyhow!("{e}; --force replaces it"),
                }
            })?;
            let from = match origin {
                source::Origin::File {
                    shape: Some(shape), ..
                } => format!(" from {shape}"),
                _ => String::new(),
            };
            let message = format!("saved profile `{name}`{from} to {}", saved.display());
            out!("{}", printable(&message));
            Ok(0)
        }
        ProfilesCommand::Export { name, format } => {
            let form = store.load(&name)?;
            let text = match format {
                ExportFormat::Pinpoint => preview::pinpoint_json(&form),
                ExportFormat::Amplify => preview::amplify_json(&form),
                ExportFormat::Cli => preview::cli_line(&form, &offline::cli_context(paths, global)),
                ExportFormat::Toml => profiles::to_text(&form).trim_end().to_string(),
            };
            out!("{text}");
            Ok(0)
        }
        ProfilesCommand::Rm { name } => {
            store.remove(&name)?;
            out!("removed profile `{}`", printable(&name));
            Ok(0)
        }
    }
}

fn list(store: &ProfileStore) -> anyhow::Result<u8> {
    let entries = store.list()?;
    if entries.is_empty() {
        out!("no profiles in {}", store.dir().display());
        return Ok(0);
    }
    let width = entries
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    out!(
        "{:<width$}  {:<20}  {:<12}  MODIFIED",
        "NAME",
        "USER ID",
        "CHANNEL"
    );
    // Values come from files that may be shared: no control character reaches the terminal.
    let shown = |value: Option<&str>| printable(value.unwrap_or("-"));
    for entry in &entries {
        let modified = entry.modified.map(format_time).unwrap_or_default();
        match &entry.form {
            Ok(form) => out!(
                "{:<width$}  {:<20}  {:<12}  {modified}",
                printable(&entry.name),
                shown(form.user_id.as_deref()),
                shown(form.channel_type.as_deref()),
            ),
            Err(e) => out!(
                "{:<width$}  BROKEN  {}",
                printable(&entry.name),
                printable(&e.to_string())
            ),
        }
    }
    Ok(0)
}
