//! `apps` and `apps create NAME`: the target's applications (projects).

use crate::store::paths::Paths;

use super::remote::with_client;
use super::{GlobalArgs, render};

/// `apps`: GetApps, every page, as {"Item": [...]} or a table.
pub fn list(paths: &Paths, global: &GlobalArgs) -> anyhow::Result<u8> {
    let output = global.output();
    with_client(paths, global, async |client| {
        output.show(&client.get_apps().await?.value, render::apps_table);
        Ok(0)
    })
}

/// `apps create NAME`: CreateApp -> ApplicationResponse (JSON or a key/value block).
pub fn create(paths: &Paths, global: &GlobalArgs, name: &str) -> anyhow::Result<u8> {
    let output = global.output();
    with_client(paths, global, async |client| {
        output.show_block(&client.create_app(name).await?.value);
        Ok(0)
    })
}
