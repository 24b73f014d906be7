//! `templates list|show|create|update|delete`: in-app message templates. A template is
//! named by its name (templates have no id); a file's template is named after the file
//! (`gloves-modal.json` makes `gloves-modal`) unless `--name` says otherwise.

use std::path::Path;

use crate::model::wire::{InAppTemplateRequest, TemplateCreateMessageBody, TemplatesResponse};
use crate::pinpoint::Client;
use crate::store::paths::Paths;

use super::remote::{show, show_block};
use super::render::{cut, whole};
use super::{GlobalArgs, TemplatesCommand, files, render, usage};

/// The TemplateType of in-app templates.
pub const IN_APP: &str = "INAPP";

/// Runs a `templates` command.
pub fn run(paths: &Paths, global: &GlobalArgs, command: TemplatesCommand) -> anyhow::Result<u8> {
    match command {
        TemplatesCommand::List => show(paths, global, in_app_templates, render::templates_table),
        TemplatesCommand::Show { name, version } => show_block(paths, global, async |client| {
            let template = client.get_in_app_template(&name, version.as_deref());
            Ok(template.await?.value)
        }),
        TemplatesCommand::Create { files, name } => {
            if name.is_some() && files.len() > 1 {
                return Err(usage(
                    &["templates", "create"],
                    "--name names one template: give it one FILE (without --name, each \
                     template is named after its file)",
                ));
            }
            create(paths, global, &files, name)
        }
        TemplatesCommand::Update {
            name,
            file,
            new_version,
        } => {
            let request: InAppTemplateRequest = files::read_json(&file)?;
            show_block(paths, global, async |client| {
                let answer = client.update_in_app_template(&name, &request, new_version, None);
                Ok(answer.await?.value)
            })
        }
        TemplatesCommand::Delete { name, version } => show_block(paths, global, async |client| {
            let answer = client.delete_in_app_template(&name, version.as_deref());
            Ok(answer.await?.value)
        }),
    }
}

/// ListTemplates, the in-app ones only ({"Item": [...]}): the type is kept here, since
/// Pinpoint documents no in-app value for ListTemplates' `template-type`.
async fn in_app_templates(client: &Client) -> anyhow::Result<TemplatesResponse> {
    let mut all = client.list_templates(None, None).await?.value;
    all.item.retain(|t| t.template_type == IN_APP);
    Ok(all)
}

/// The name a file's template gets: `--name`, else the file's name without its extension.
fn template_name(file: &str, name: Option<&str>) -> anyhow::Result<String> {
    if let Some(name) = name {
        return Ok(name.to_string());
    }
    Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("{file}: no template name in the file's name; use --name"))
}

/// `templates create FILE... [--name NAME]`: CreateInAppTemplate for each file, in order
/// (see [`files::create_each`]); JSON: each answer (its Arn) in turn.
fn create(
    paths: &Paths,
    global: &GlobalArgs,
    files: &[String],
    name: Option<String>,
) -> anyhow::Result<u8> {
    type Named = (String, InAppTemplateRequest);
    files::create_each(
        paths,
        global,
        files,
        files::Creation {
            columns: [whole("NAME"), cut("ARN")],
            read: |file: &str| -> anyhow::Result<Named> {
                let request = files::read_json(file)?;
                Ok((template_name(file, name.as_deref())?, request))
            },
            create: async |client: &Client, (name, request): &Named| {
                Ok(client.create_in_app_template(name, request).await?.value)
            },
            row: |(name, _): &Named, created: &TemplateCreateMessageBody| {
                [name.clone(), created.arn.clone().unwrap_or_default()]
            },
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_named_after_its_file_unless_told() {
        let name = |file, given| template_name(file, given).unwrap();
        assert_eq!(
            name("assets/templates/gloves-modal.json", None),
            "gloves-modal"
        );
        assert_eq!(name("spring.v2.json", None), "spring.v2");
        assert_eq!(name("a/b.json", Some("other")), "other");
        assert!(template_name("/", None).is_err());
    }
}
