//! In-app templates (CreateInAppTemplate, GetInAppTemplate, UpdateInAppTemplate,
//! DeleteInAppTemplate, ListTemplates). Templates belong to the account, not to an
//! application, so they have their own table keyed by name (case-sensitive) and version.
//!
//! Versions, as the model documents them: CreateInAppTemplate makes version 1;
//! UpdateInAppTemplate overwrites the latest version, or with `create-new-version` adds the
//! next one (not both with `version`; a `version` it names must be the latest);
//! DeleteInAppTemplate removes one version, or without `version` every one. The active
//! version, the one read without `version` and listed by ListTemplates, is the latest:
//! UpdateTemplateActiveVersion, which could name another, is not served by the sandbox.
//! Every version carries the template's CreationDate and its own LastModifiedDate; an update
//! keeps the creation's tags.

use rusqlite::types::FromSql;
use rusqlite::{Connection, OptionalExtension, params};

use crate::model::wire::{InAppTemplateRequest, InAppTemplateResponse, TemplateResponse};

use super::super::error::{ApiError, ErrorKind};
use super::super::{SANDBOX_ACCOUNT, SANDBOX_REGION};
use super::{Store, from_json, to_json};

/// Most templates per account (Pinpoint's quota).
pub const MAX_TEMPLATES: usize = 20_000;
/// Most versions of one template (Pinpoint's quota).
pub const MAX_TEMPLATE_VERSIONS: i64 = 5_000;
/// The TemplateType of an in-app template.
pub const IN_APP: &str = "INAPP";

/// Which versions an operation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateUpdate {
    /// Overwrite the latest version (`version`, when given, must be it).
    Overwrite(Option<i64>),
    /// Add the next version.
    NewVersion,
}

fn not_found(message: String) -> ApiError {
    ApiError::new(ErrorKind::NotFound, message)
}

fn response(
    name: &str,
    version: i64,
    request: InAppTemplateRequest,
    created: &str,
    modified: &str,
    tags: Option<indexmap::IndexMap<String, String>>,
) -> InAppTemplateResponse {
    InAppTemplateResponse {
        arn: Some(format!(
            "arn:aws:mobiletargeting:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:templates/{name}/{IN_APP}"
        )),
        content: request.content,
        creation_date: created.to_string(),
        custom_config: request.custom_config,
        last_modified_date: modified.to_string(),
        layout: request.layout,
        tags,
        template_description: request.template_description,
        template_name: name.to_string(),
        template_type: IN_APP.to_string(),
        version: Some(version.to_string()),
    }
}

impl Store {
    /// One version of a template (the latest when `version` is `None`), if it exists.
    pub(super) fn load_template(
        tx: &Connection,
        name: &str,
        version: Option<i64>,
    ) -> Result<Option<InAppTemplateResponse>, ApiError> {
        let body: Option<String> = Self::template_column(tx, "body", name, version)?;
        body.map(|b| from_json(&b)).transpose()
    }

    pub(super) fn template_exists(
        tx: &Connection,
        name: &str,
        version: Option<i64>,
    ) -> Result<bool, ApiError> {
        let found: Option<i64> = Self::template_column(tx, "1", name, version)?;
        Ok(found.is_some())
    }

    /// `column` of one version of a template (the latest when `version` is `None`), if it
    /// exists.
    fn template_column<T: FromSql>(
        tx: &Connection,
        column: &str,
        name: &str,
        version: Option<i64>,
    ) -> Result<Option<T>, ApiError> {
        let select = format!("SELECT {column} FROM templates WHERE name = ?1");
        Ok(match version {
            Some(v) => tx
                .prepare_cached(&format!("{select} AND version = ?2"))?
                .query_row(params![name, v], |r| r.get(0))
                .optional()?,
            None => tx
                .prepare_cached(&format!("{select} ORDER BY version DESC LIMIT 1"))?
                .query_row([name], |r| r.get(0))
                .optional()?,
        })
    }

    fn save_template(tx: &Connection, template: &InAppTemplateResponse) -> Result<(), ApiError> {
        let version: i64 = template
            .version
            .as_deref()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        tx.prepare_cached(
            "INSERT OR REPLACE INTO templates (name, version, body) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![template.template_name, version, to_json(template)])?;
        Ok(())
    }

    /// CreateInAppTemplate: version 1 of a new template; its ARN. A name already taken is a
    /// 400.
    pub fn create_in_app_template(
        &mut self,
        name: &str,
        request: InAppTemplateRequest,
        now: &str,
    ) -> Result<String, ApiError> {
        let tx = self.transaction()?;
        if Self::template_exists(&tx, name, None)? {
            return Err(ApiError::bad_request(format!(
                "Template {name} of type {IN_APP} already exists; UpdateInAppTemplate changes it"
            )));
        }
        let count: usize = tx.query_row("SELECT COUNT(DISTINCT name) FROM templates", [], |r| {
            r.get(0)
        })?;
        if count >= MAX_TEMPLATES {
            return Err(ApiError::bad_request(format!(
                "Exceeded the quota of {MAX_TEMPLATES} message templates per account"
            )));
        }
        let tags = request.tags.clone();
        let template = response(name, 1, request, now, now, tags);
        Self::save_template(&tx, &template)?;
        tx.commit()?;
        Ok(template.arn.unwrap_or_default())
    }

    /// GetInAppTemplate: the version named, or the active (latest) one.
    pub fn get_in_app_template(
        &self,
        name: &str,
        version: Option<i64>,
    ) -> Result<InAppTemplateResponse, ApiError> {
        Self::load_template(&self.conn, name, version)?.ok_or_else(|| match version {
            None => not_found(format!("Template {name} of type {IN_APP} does not exist")),
            Some(v) => not_found(format!(
                "Template {name} of type {IN_APP} has no version {v}"
            )),
        })
    }

    /// UpdateInAppTemplate.
    pub fn update_in_app_template(
        &mut self,
        name: &str,
        request: InAppTemplateRequest,
        how: TemplateUpdate,
        now: &str,
    ) -> Result<(), ApiError> {
        let tx = self.transaction()?;
        let latest = Self::load_template(&tx, name, None)?
            .ok_or_else(|| not_found(format!("Template {name} of type {IN_APP} does not exist")))?;
        let latest_version: i64 = latest
            .version
            .as_deref()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let version = match how {
            TemplateUpdate::NewVersion => {
                if latest_version >= MAX_TEMPLATE_VERSIONS {
                    return Err(ApiError::bad_request(format!(
                        "Template {name} has {latest_version} versions; the quota is {MAX_TEMPLATE_VERSIONS} versions per template"
                    )));
                }
                latest_version + 1
            }
            TemplateUpdate::Overwrite(Some(v)) if v != latest_version => {
                if !Self::template_exists(&tx, name, Some(v))? {
                    return Err(not_found(format!(
                        "Template {name} of type {IN_APP} has no version {v}"
                    )));
                }
                return Err(ApiError::bad_request(format!(
                    "version {v} of template {name} is not its latest version ({latest_version}): an update names the latest version, or none"
                )));
            }
            TemplateUpdate::Overwrite(_) => latest_version,
        };
        let template = response(
            name,
            version,
            request,
            &latest.creation_date,
            now,
            latest.tags,
        );
        Self::save_template(&tx, &template)?;
        tx.commit()?;
        Ok(())
    }

    /// DeleteInAppTemplate: one version, or every one.
    pub fn delete_in_app_template(
        &mut self,
        name: &str,
        version: Option<i64>,
    ) -> Result<(), ApiError> {
        let tx = self.transaction()?;
        let deleted = match version {
            Some(v) => tx.execute(
                "DELETE FROM templates WHERE name = ?1 AND version = ?2",
                params![name, v],
            )?,
            None => tx.execute("DELETE FROM templates WHERE name = ?1", [name])?,
        };
        if deleted == 0 {
            return Err(match version {
                Some(v) if Self::template_exists(&tx, name, None)? => not_found(format!(
                    "Template {name} of type {IN_APP} has no version {v}"
                )),
                _ => not_found(format!("Template {name} of type {IN_APP} does not exist")),
            });
        }
        tx.commit()?;
        Ok(())
    }

    /// ListTemplates: every template whose name starts with `prefix` (case-sensitive), by
    /// name, each with its active version.
    pub fn list_templates(&self, prefix: &str) -> Result<Vec<TemplateResponse>, ApiError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.body FROM templates t
             WHERE substr(t.name, 1, length(?1)) = ?1
               AND t.version = (SELECT MAX(version) FROM templates WHERE name = t.name)
             ORDER BY t.name",
        )?;
        let rows = stmt.query_map([prefix], |r| r.get::<_, String>(0))?;
        rows.map(|row| {
            let t: InAppTemplateResponse = from_json(&row?)?;
            Ok(TemplateResponse {
                arn: None,
                creation_date: t.creation_date,
                default_substitutions: None,
                last_modified_date: t.last_modified_date,
                tags: None,
                template_description: None,
                template_name: t.template_name,
                template_type: t.template_type,
                version: t.version,
            })
        })
        .collect()
    }
}
