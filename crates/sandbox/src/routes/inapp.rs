//! GetInAppMessages: `GET /v1/apps/{application-id}/endpoints/{endpoint-id}/inappmessages`,
//! the in-app campaigns the endpoint is entitled to, as `model::inapp` decides (404 for an
//! unknown application or endpoint, as GetEndpoint; an empty list when none qualifies).

use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::model::wire::InAppMessagesResponse;

use super::{ApiResult, Shared, json, with_reader};

pub(super) async fn get_in_app_messages(
    State(s): Shared,
    Path((app, endpoint)): Path<(String, String)>,
) -> ApiResult {
    let campaigns = with_reader(&s, move |store| {
        store.in_app_messages(&app, &endpoint, time::OffsetDateTime::now_utc())
    })
    .await?;
    Ok(json(
        StatusCode::OK,
        &InAppMessagesResponse {
            in_app_message_campaigns: Some(campaigns),
        },
    ))
}
