//! Campaigns: CreateCampaign and GetCampaigns (`/v1/apps/{application-id}/campaigns`),
//! GetCampaign, UpdateCampaign and DeleteCampaign (`.../campaigns/{campaign-id}`). The
//! request is checked by `model::campaign_rules` (400 naming the member); what it names is
//! checked by the store (404 naming the member).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use crate::model::campaign_rules::check_write_campaign;
use crate::model::wire::{CampaignsResponse, WriteCampaignRequest};

use super::super::error::ApiError;
use super::{ApiResult, PageQuery, Shared, json, page_query, parse_body, with_reader, with_store};

fn read_request(body: Result<Bytes, BytesRejection>) -> Result<WriteCampaignRequest, ApiError> {
    let request: WriteCampaignRequest = parse_body(body)?;
    check_write_campaign(&request, now()).map_err(ApiError::bad_request)?;
    Ok(request)
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

pub(super) async fn create_campaign(
    State(s): Shared,
    Path(app): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let request = read_request(body)?;
    let created = with_store(&s, move |store| store.create_campaign(&app, request, now())).await?;
    Ok(json(StatusCode::CREATED, &created))
}

pub(super) async fn get_campaigns(
    State(s): Shared,
    Path(app): Path<String>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> ApiResult {
    let query = page_query(query)?;
    let campaigns = with_reader(&s, move |store| store.list_campaigns(&app, now())).await?;
    let (item, next_token) = query.page(campaigns)?;
    Ok(json(
        StatusCode::OK,
        &CampaignsResponse { item, next_token },
    ))
}

pub(super) async fn get_campaign(
    State(s): Shared,
    Path((app, campaign)): Path<(String, String)>,
) -> ApiResult {
    let found = with_reader(&s, move |store| store.get_campaign(&app, &campaign, now())).await?;
    Ok(json(StatusCode::OK, &found))
}

pub(super) async fn update_campaign(
    State(s): Shared,
    Path((app, campaign)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let request = read_request(body)?;
    let updated = with_store(&s, move |store| {
        store.update_campaign(&app, &campaign, request, now())
    })
    .await?;
    Ok(json(StatusCode::OK, &updated))
}

pub(super) async fn delete_campaign(
    State(s): Shared,
    Path((app, campaign)): Path<(String, String)>,
) -> ApiResult {
    let deleted = with_store(&s, move |store| {
        store.delete_campaign(&app, &campaign, now())
    })
    .await?;
    Ok(json(StatusCode::OK, &deleted))
}
