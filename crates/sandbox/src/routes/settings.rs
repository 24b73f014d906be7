//! GetApplicationSettings and UpdateApplicationSettings: `/v1/apps/{application-id}/settings`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::model::wire::WriteApplicationSettingsRequest;

use super::super::error::ApiError;
use super::super::{now_iso, settings};
use super::{ApiResult, Shared, json, parse_body, with_reader, with_store};

pub(super) async fn get_application_settings(
    State(s): Shared,
    Path(app): Path<String>,
) -> ApiResult {
    let found = with_reader(&s, move |store| store.get_settings(&app)).await?;
    Ok(json(StatusCode::OK, &found))
}

pub(super) async fn update_application_settings(
    State(s): Shared,
    Path(app): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let request: WriteApplicationSettingsRequest = parse_body(body)?;
    settings::check(&request).map_err(ApiError::bad_request)?;
    let updated = with_store(&s, move |store| {
        store.update_settings(&app, request, &now_iso())
    })
    .await?;
    Ok(json(StatusCode::OK, &updated))
}
