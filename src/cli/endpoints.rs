//! `get`, `user`, `put` and `delete`: endpoints by id or by user id.

use crate::model::validate::{Problem, has_errors, validate};
use crate::store::paths::Paths;

use super::remote::{show, show_block, with_client};
use super::{GlobalArgs, render, source};

/// `get ENDPOINT_ID`: GetEndpoint -> EndpointResponse (JSON or a key/value block).
pub fn get(paths: &Paths, global: &GlobalArgs, endpoint_id: &str) -> anyhow::Result<u8> {
    show_block(paths, global, async |client| {
        Ok(client.get_endpoint(endpoint_id).await?.value)
    })
}

/// `user USER_ID`: GetUserEndpoints -> {"Item": [...]} or a table.
pub fn user(paths: &Paths, global: &GlobalArgs, user_id: &str) -> anyhow::Result<u8> {
    show(
        paths,
        global,
        async |client| Ok(client.get_user_endpoints(user_id).await?.value),
        render::endpoints_table,
    )
}

/// `put SOURCE [--endpoint-id ID]`: validates, sends UpdateEndpoint, then prints what
/// GetEndpoint returns (Pinpoint merges: this is what actually landed).
pub fn put(
    paths: &Paths,
    global: &GlobalArgs,
    source: &str,
    endpoint_id: Option<String>,
) -> anyhow::Result<u8> {
    let (mut form, _) = source::load(paths, source)?;
    if endpoint_id.is_some() {
        form.endpoint_id = endpoint_id;
    }
    if !sendable(&form, PUT_ID_HINT) {
        return Ok(1);
    }
    let id = form.endpoint_id.clone().unwrap_or_default();
    let request = form.to_endpoint_request();
    let output = global.output();
    with_client(paths, global, async |client| {
        client.update_endpoint(&id, &request).await?;
        let landed = client.get_endpoint(&id).await.map_err(|e| {
            anyhow::anyhow!(
                "UpdateEndpoint was accepted (202), but fetching the endpoint back failed: {e}"
            )
        })?;
        output.show_block(&landed.value);
        Ok(0)
    })
}

/// How `put` is given an endpoint id the SOURCE lacks.
pub const PUT_ID_HINT: &str = "`put SOURCE --endpoint-id ID` gives it one (or an `Id` in the file)";

/// Checks a form before it is sent: every problem on stderr, one line each, and false (with
/// a line saying nothing was sent) when any is an error. A missing endpoint id is followed
/// by `id_hint`, the command's way to give one.
pub fn sendable(form: &crate::model::UserInfo, id_hint: &str) -> bool {
    let mut problems = validate(form);
    with_id_hint(form, &mut problems, id_hint);
    for p in &problems {
        super::say(&p.to_string());
    }
    if has_errors(&problems) {
        eprintln!("nothing was sent: fix the errors above");
        return false;
    }
    true
}

/// Adds `hint` to the problem of a missing endpoint id.
pub fn with_id_hint(form: &crate::model::UserInfo, problems: &mut [Problem], hint: &str) {
    if form.endpoint_id.as_deref().is_some_and(|id| !id.is_empty()) {
        return;
    }
    for p in problems.iter_mut().filter(|p| p.path == "endpoint_id") {
        p.message = format!("{}; {hint}", p.message);
    }
}

/// `delete ENDPOINT_ID` or `delete --user USER_ID`: prints what was removed.
pub fn delete(
    paths: &Paths,
    global: &GlobalArgs,
    endpoint_id: Option<String>,
    user: Option<String>,
) -> anyhow::Result<u8> {
    let output = global.output();
    with_client(paths, global, async |client| {
        match (endpoint_id, user) {
            (_, Some(user)) => output.show(
                &client.delete_user_endpoints(&user).await?.value,
                render::endpoints_table,
            ),
            (Some(id), None) => output.show_block(&client.delete_endpoint(&id).await?.value),
            (None, None) => anyhow::bail!("name an endpoint id, or --user USER_ID"),
        }
        Ok(0)
    })
}
