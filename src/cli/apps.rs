//! `apps` and `apps create NAME`: the target's applications (projects).

use crate::store::paths::Paths;

use super::GlobalArgs;
use super::remote::{print_json, with_client};

/// `apps`: GetApps, every page, as {"Item": [...]}.
pub fn list(paths: &Paths, global: &GlobalArgs) -> anyhow::Result<u8> {
    with_client(paths, global, async |client| {
        print_json(&client.get_apps().await?.value);
        Ok(0)
    })
}

/// `apps create NAME`: CreateApp -> ApplicationResponse.
pub fn create(paths: &Paths, global: &GlobalArgs, name: &str) -> anyhow::Result<u8> {
    with_client(paths, global, async |client| {
        print_json(&client.create_app(name).await?.value);
        Ok(0)
    })
}
