//! PhoneNumberValidate: `POST /v1/phone/number/validate`, answered offline (see
//! `sandbox::phone` for what is and is not filled in).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderValue, StatusCode};

use crate::model::wire::NumberValidateRequest;

use super::super::error::ApiError;
use super::super::phone;
use super::{ApiResult, json, parse_body};

/// The header that says an answer was given offline.
pub const OFFLINE_HEADER: &str = "x-pinpoint-console-offline";

pub(super) async fn phone_number_validate(body: Result<Bytes, BytesRejection>) -> ApiResult {
    let request: NumberValidateRequest = parse_body(body)?;
    let answer = phone::validate(&request).map_err(ApiError::bad_request)?;
    tracing::info!(
        phone_type = answer.phone_type.as_deref().unwrap_or_default(),
        "PhoneNumberValidate answered offline: no carrier, line type or location lookup"
    );
    // Said on the answer too, where the model has no member for it: clients ignore a header
    // they do not know (`aws --debug` shows it).
    let mut response = json(StatusCode::OK, &answer);
    response.headers_mut().insert(
        OFFLINE_HEADER,
        HeaderValue::from_static(
            "checked offline by the pinpoint-console sandbox: no carrier, line type or location lookup",
        ),
    );
    Ok(response)
}
