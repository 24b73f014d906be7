//! `apps` and `apps create NAME`: the target's applications (projects).

use crate::store::paths::Paths;

use super::remote::{show, show_block};
use super::{GlobalArgs, render};

/// `apps`: GetApps, every page, as {"Item": [...]} or a table.
pub fn list(paths: &Paths, global: &GlobalArgs) -> anyhow::Result<u8> {
    show(
        paths,
        global,
        async |client| Ok(client.get_apps().await?.value),
        render::apps_table,
    )
}

/// `apps create NAME`: CreateApp -> ApplicationResponse (JSON or a key/value block).
pub fn create(paths: &Paths, global: &GlobalArgs, name: &str) -> anyhow::Result<u8> {
    show_block(paths, global, async |client| {
        Ok(client.create_app(name).await?.value)
    })
}
