//! `preview` and `validate`: what a SOURCE would send, and whether Pinpoint would take it.

use crate::model::import::Shape;
use crate::model::preview::{self, CliContext, PreviewFormat};
use crate::model::validate::{Severity, validate as check};
use crate::pinpoint::{AwsEnv, target};
use crate::store::config::Config;
use crate::store::paths::Paths;

use super::endpoints::{PUT_ID_HINT, with_id_hint};
use super::{GlobalArgs, say, source};

/// Where an `aws pinpoint` line for the chosen target would go. A target that does not
/// resolve (a config that does not load, an aws target without an application) gives what
/// the command line says and placeholders, not an error: previews work offline.
pub fn cli_context(paths: &Paths, global: &GlobalArgs) -> CliContext {
    let config = Config::load(paths).unwrap_or_default();
    match target::resolve(&config, &global.into(), &AwsEnv::from_process(), paths) {
        Ok(target) => target.cli_context(),
        Err(_) => CliContext {
            application_id: global.app.clone(),
            endpoint_url: global.endpoint_url.clone(),
            region: global.region.clone(),
        },
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
    // The preview is printed whatever it holds (it is what would be sent); what Pinpoint
    // would refuse is said on stderr, so that a pasted line's 400 is no surprise.
    let errors: Vec<_> = check(&form)
        .into_iter()
        .filter(|p| p.severity == Severity::Error && p.path != "endpoint_id")
        .collect();
    for p in &errors {
        say(&format!("warning: {p}"));
    }
    if !errors.is_empty() {
        say(&format!(
            "warning: Pinpoint would refuse this request ({}; `validate SOURCE` lists every problem)",
            crate::text::counted(errors.len() as u64, "error")
        ));
    }
    out!(
        "{}",
        preview::render(&form, format, &cli_context(paths, global))
    );
    Ok(0)
}

/// `validate SOURCE`: every problem as `path: severity: message`; exit 1 when any is an error.
pub fn validate(paths: &Paths, source: &str) -> anyhow::Result<u8> {
    let (form, origin) = source::load(paths, source)?;
    let mut problems = check(&form);
    // Amplify's userInfo and an EndpointRequest never carry the endpoint id (Amplify makes
    // one per device; the request names it in its path): its absence is only a warning here.
    if let Some(shape @ (Shape::Amplify | Shape::EndpointRequest)) = origin.shape()
        && form.endpoint_id.is_none()
    {
        for p in problems.iter_mut().filter(|p| p.path == "endpoint_id") {
            p.severity = Severity::Warning;
            p.message = format!("{} carries no endpoint id", shape.with_article());
        }
    }
    with_id_hint(&form, &mut problems, PUT_ID_HINT);
    for p in &problems {
        out!("{p}");
    }
    Ok(u8::from(
        problems.iter().any(|p| p.severity == Severity::Error),
    ))
}
