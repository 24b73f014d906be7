//! PhoneNumberValidate: `POST /v1/phone/number/validate`, answered offline (see
//! `sandbox::phone` for what is and is not filled in).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;

use crate::model::wire::NumberValidateRequest;

use super::super::error::ApiError;
use super::super::phone;
use super::{ApiResult, json, parse_body};

pub(super) async fn phone_number_validate(body: Result<Bytes, BytesRejection>) -> ApiResult {
    let request: NumberValidateRequest = parse_body(body)?;
    let answer = phone::validate(&request).map_err(ApiError::bad_request)?;
    tracing::info!(
        phone_type = answer.phone_type.as_deref().unwrap_or_default(),
        "PhoneNumberValidate answered offline: no carrier, line type or location lookup"
    );
    Ok(json(StatusCode::OK, &answer))
}
