//! In-app templates: CreateInAppTemplate, GetInAppTemplate, UpdateInAppTemplate and
//! DeleteInAppTemplate (`/v1/templates/{template-name}/inapp`), and ListTemplates
//! (`/v1/templates`). Names and bodies are checked by `model::template_rules`; versions and
//! the active version are the store's (see `sandbox::store`).

use axum::Extension;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;

use crate::model::campaign_rules::template_version;
use crate::model::enums::{TemplateType, one_of};
use crate::model::template_rules::{check_in_app_template, check_template_name};
use crate::model::wire::{InAppTemplateRequest, TemplateCreateMessageBody, TemplatesResponse};

use super::super::error::{ApiError, RequestId};
use super::super::now_iso;
use super::super::store::TemplateUpdate;
use super::{
    ApiResult, Shared, accepted, cut_page, json, parse_body, read_query, with_reader, with_store,
};

/// `version` of GetInAppTemplate and DeleteInAppTemplate.
#[derive(Debug, Deserialize)]
pub(super) struct VersionQuery {
    version: Option<String>,
}

/// `create-new-version` and `version` of UpdateInAppTemplate.
#[derive(Debug, Deserialize)]
pub(super) struct UpdateQuery {
    #[serde(rename = "create-new-version")]
    create_new_version: Option<String>,
    version: Option<String>,
}

/// The query of ListTemplates.
#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    #[serde(rename = "page-size")]
    page_size: Option<String>,
    #[serde(rename = "next-token")]
    next_token: Option<String>,
    prefix: Option<String>,
    #[serde(rename = "template-type")]
    template_type: Option<String>,
}

fn name(template: &str) -> Result<(), ApiError> {
    check_template_name(template).map_err(ApiError::bad_request)
}

fn version(text: Option<&str>) -> Result<Option<i64>, ApiError> {
    match text {
        None | Some("") => Ok(None),
        Some(text) => template_version(text)
            .map(Some)
            .map_err(|e| ApiError::bad_request(format!("version: {e}"))),
    }
}

fn read_template(body: Result<Bytes, BytesRejection>) -> Result<InAppTemplateRequest, ApiError> {
    let request: InAppTemplateRequest = parse_body(body)?;
    check_in_app_template(&request).map_err(ApiError::bad_request)?;
    Ok(request)
}

pub(super) async fn create_in_app_template(
    State(s): Shared,
    Path(template): Path<String>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    name(&template)?;
    let request = read_template(body)?;
    let arn = with_store(&s, move |store| {
        store.create_in_app_template(&template, request, &now_iso())
    })
    .await?;
    Ok(json(
        StatusCode::CREATED,
        &TemplateCreateMessageBody {
            arn: Some(arn),
            message: Some("Created".into()),
            request_id: Some(request_id),
        },
    ))
}

pub(super) async fn get_in_app_template(
    State(s): Shared,
    Path(template): Path<String>,
    query: Result<Query<VersionQuery>, QueryRejection>,
) -> ApiResult {
    name(&template)?;
    let wanted = version(read_query(query)?.version.as_deref())?;
    let found = with_reader(&s, move |store| {
        store.get_in_app_template(&template, wanted)
    })
    .await?;
    Ok(json(StatusCode::OK, &found))
}

pub(super) async fn update_in_app_template(
    State(s): Shared,
    Path(template): Path<String>,
    query: Result<Query<UpdateQuery>, QueryRejection>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    name(&template)?;
    let query = read_query(query)?;
    let wanted = version(query.version.as_deref())?;
    let new_version = match query.create_new_version.as_deref() {
        None | Some("") => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "create-new-version `{v}` is not `true` or `false`"
            )));
        }
    };
    let how = match (new_version, wanted) {
        (true, Some(v)) => {
            return Err(ApiError::bad_request(format!(
                "create-new-version=true and version={v} cannot be used together: a new version follows the latest"
            )));
        }
        (true, None) => TemplateUpdate::NewVersion,
        (false, v) => TemplateUpdate::Overwrite(v),
    };
    let request = read_template(body)?;
    with_store(&s, move |store| {
        store.update_in_app_template(&template, request, how, &now_iso())
    })
    .await?;
    Ok(accepted(&request_id))
}

pub(super) async fn delete_in_app_template(
    State(s): Shared,
    Path(template): Path<String>,
    query: Result<Query<VersionQuery>, QueryRejection>,
    Extension(RequestId(request_id)): Extension<RequestId>,
) -> ApiResult {
    name(&template)?;
    let wanted = version(read_query(query)?.version.as_deref())?;
    with_store(&s, move |store| {
        store.delete_in_app_template(&template, wanted)
    })
    .await?;
    Ok(accepted(&request_id))
}

pub(super) async fn list_templates(
    State(s): Shared,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult {
    let query = read_query(query)?;
    let in_app = match query.template_type.as_deref() {
        None | Some("") => true,
        Some(kind) => match TemplateType::parse(kind) {
            Some(kind) => kind == TemplateType::InApp,
            None => {
                return Err(ApiError::bad_request(format!(
                    "template-type `{kind}` is not valid; the valid types are {}",
                    one_of(TemplateType::NAMES)
                )));
            }
        },
    };
    let prefix = query.prefix.clone().unwrap_or_default();
    let templates = if in_app {
        with_reader(&s, move |store| store.list_templates(&prefix)).await?
    } else {
        // The sandbox keeps in-app templates only.
        Vec::new()
    };
    let (item, next_token) = cut_page(
        templates,
        query.page_size.as_deref(),
        query.next_token.as_deref(),
        "next-token",
    )?;
    Ok(json(
        StatusCode::OK,
        &TemplatesResponse { item, next_token },
    ))
}
