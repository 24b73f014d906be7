//! Connecting the headless commands to their target, and running them on a runtime.

use std::future::Future;

use crate::pinpoint::{AwsEnv, Client, Overrides, target};
use crate::store::config::Config;
use crate::store::paths::Paths;

use super::GlobalArgs;

impl From<&GlobalArgs> for Overrides {
    fn from(g: &GlobalArgs) -> Self {
        Overrides {
            target: g.target.clone(),
            app: g.app.clone(),
            endpoint_url: g.endpoint_url.clone(),
            region: g.region.clone(),
            read_only: g.read_only,
        }
    }
}

/// Resolves the target and connects to it.
pub async fn connect(paths: &Paths, global: &GlobalArgs) -> anyhow::Result<Client> {
    let config = Config::load(paths)?;
    let target = target::resolve(&config, &global.into(), &AwsEnv::from_process(), paths)?;
    tracing::info!(target = %target.name, kind = ?target.kind, app = %target.application_id, "connecting");
    Ok(crate::connect::connect(target).await?)
}

/// Runs one command on a single-threaded runtime (a command makes one call at a time).
pub fn block_on<F: Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(future))
}

/// Connects, runs `f` with the client, and shuts the client down whatever `f` returned.
pub fn with_client<T, F>(paths: &Paths, global: &GlobalArgs, f: F) -> anyhow::Result<T>
where
    F: AsyncFnOnce(&Client) -> anyhow::Result<T>,
{
    block_on(async {
        let client = connect(paths, global).await?;
        let result = f(&client).await;
        client.shutdown().await;
        result
    })?
}

/// Connects, runs `call` with the client and prints its answer as `people` draw it (or as
/// JSON); exit 0.
pub fn show<T: serde::Serialize>(
    paths: &Paths,
    global: &GlobalArgs,
    call: impl AsyncFnOnce(&Client) -> anyhow::Result<T>,
    people: impl FnOnce(&T, usize) -> String,
) -> anyhow::Result<u8> {
    let output = global.output();
    with_client(paths, global, async |client| {
        output.show(&call(client).await?, people);
        Ok(0)
    })
}

/// `show`, the answer as a key/value block.
pub fn show_block<T: serde::Serialize>(
    paths: &Paths,
    global: &GlobalArgs,
    call: impl AsyncFnOnce(&Client) -> anyhow::Result<T>,
) -> anyhow::Result<u8> {
    let output = global.output();
    with_client(paths, global, async |client| {
        output.show_block(&call(client).await?);
        Ok(0)
    })
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) {
    out!(
        "{}",
        serde_json::to_string_pretty(value).expect("wire types always serialize")
    );
}
