//! `preview` and `validate`: what a SOURCE would send, and whether Pinpoint would take it.

use crate::model::preview::{self, CliContext, PreviewFormat};
use crate::model::validate::{Severity, validate as check};
use crate::store::config::{Config, TargetKind};
use crate::store::paths::Paths;

use super::{GlobalArgs, source};

/// Where an `aws pinpoint` line for the chosen target would go. A config that does not
/// load gives an empty context (placeholders), not an error: previews work offline.
pub fn cli_context(paths: &Paths, global: &GlobalArgs) -> CliContext {
    let config = Config::load(paths).unwrap_or_default();
    let name = global
        .target
        .clone()
        .unwrap_or_else(|| config.default_target_name().to_string());
    let target = config.targets.get(&name);
    let sandbox = target.is_some_and(|t| t.kind == TargetKind::Sandbox);
    CliContext {
        application_id: global
            .app
            .clone()
            .or_else(|| target.and_then(|t| t.application_id.clone()))
            .or_else(|| sandbox.then(|| crate::sandbox::DEFAULT_APP_ID.to_string())),
        endpoint_url: global
            .endpoint_url
            .clone()
            .or_else(|| target.and_then(|t| t.endpoint_url.clone()))
            .or_else(|| sandbox.then(|| format!("http://{}", crate::sandbox::DEFAULT_ADDR))),
        region: global
            .region
            .clone()
            .or_else(|| target.and_then(|t| t.region.clone())),
    }
}

/// `preview SOURCE --format F`.
pub fn preview(
    paths: &Paths,
    global: &GlobalArgs,
    source: &str,
    format: PreviewFormat,
) -> anyhow::Result<u8> {
    let (form, _) = source::load(paths, source)?;
    out!(
        "{}",
        preview::render(&form, format, &cli_context(paths, global))
    );
    Ok(0)
}

/// `validate SOURCE`: every problem as `path: severity: message`; exit 1 when any is an error.
pub fn validate(paths: &Paths, source: &str) -> anyhow::Result<u8> {
    let (form, _) = source::load(paths, source)?;
    let problems = check(&form);
    for p in &problems {
        out!("{p}");
    }
    Ok(u8::from(
        problems.iter().any(|p| p.severity == Severity::Error),
    ))
}
