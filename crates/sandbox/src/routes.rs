//! The sandbox's HTTP surface: Pinpoint's methods, paths, status codes and bodies, with
//! every error in Pinpoint's shape (never a 500 for bad input).

mod attributes;
mod campaigns;
mod events;
mod inapp;
mod limits;
mod phone;
mod settings;
mod templates;

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Extension, Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::segment::{Activity, LAST_ACTIVE_HEADER};
use crate::model::segment_rules::check_write_segment;
use crate::model::wire::{
    ApplicationsResponse, CreateApplicationRequest, EndpointBatchRequest, EndpointRequest,
    EndpointsResponse, MessageBody, SegmentResponse, SegmentsResponse, WriteSegmentRequest,
};

use super::error::{ApiError, ErrorKind, RequestId};
use super::rules::UpdateContext;
use super::store::Store;
use super::{
    MAX_BODY_BYTES, SANDBOX_ACCOUNT, SANDBOX_REGION, Sandbox, new_application, new_id, now_iso,
};

/// Most items in one UpdateEndpointsBatch request.
pub const MAX_BATCH_ITEMS: usize = 100;
/// Page size of the list operations (GetApps, GetSegments, GetCampaigns, ListTemplates...)
/// when the request names none.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// Largest PutEvents body.
pub const MAX_EVENTS_BODY_BYTES: usize = crate::model::event_rules::MAX_REQUEST_BYTES;

type Shared = State<Arc<Sandbox>>;
type ApiResult = Result<Response, ApiError>;

/// The router with every operation, the error fallbacks and the request-id middleware.
pub fn router(sandbox: Arc<Sandbox>) -> Router {
    Router::new()
        .route("/v1/apps", get(get_apps).post(create_app))
        .route("/v1/apps/{app}", get(get_app).delete(delete_app))
        .route("/v1/apps/{app}/endpoints", put(update_endpoints_batch))
        .route(
            "/v1/apps/{app}/endpoints/{endpoint}",
            get(get_endpoint)
                .put(update_endpoint)
                .delete(delete_endpoint),
        )
        .route(
            "/v1/apps/{app}/users/{user}",
            get(get_user_endpoints).delete(delete_user_endpoints),
        )
        .route(
            "/v1/apps/{app}/segments",
            get(get_segments).post(create_segment),
        )
        .route(
            "/v1/apps/{app}/segments/{segment}",
            get(get_segment).put(update_segment).delete(delete_segment),
        )
        .route(
            "/v1/apps/{app}/segments/{segment}/versions",
            get(get_segment_versions),
        )
        .route(
            "/v1/apps/{app}/segments/{segment}/versions/{version}",
            get(get_segment_version),
        )
        .route(
            "/v1/apps/{app}/attributes/{attribute_type}",
            put(attributes::remove_attributes),
        )
        .route(
            "/v1/apps/{app}/settings",
            get(settings::get_application_settings).put(settings::update_application_settings),
        )
        .route(
            "/v1/apps/{app}/campaigns",
            get(campaigns::get_campaigns).post(campaigns::create_campaign),
        )
        .route(
            "/v1/apps/{app}/campaigns/{campaign}",
            get(campaigns::get_campaign)
                .put(campaigns::update_campaign)
                .delete(campaigns::delete_campaign),
        )
        .route(
            "/v1/apps/{app}/events",
            post(events::put_events).layer(DefaultBodyLimit::max(MAX_EVENTS_BODY_BYTES)),
        )
        .route(
            "/v1/apps/{app}/endpoints/{endpoint}/inappmessages",
            get(inapp::get_in_app_messages),
        )
        .route("/v1/templates", get(templates::list_templates))
        .route(
            "/v1/templates/{template}/inapp",
            get(templates::get_in_app_template)
                .post(templates::create_in_app_template)
                .put(templates::update_in_app_template)
                .delete(templates::delete_in_app_template),
        )
        .route(
            "/v1/phone/number/validate",
            post(phone::phone_number_validate),
        )
        .fallback(unrouted)
        .method_not_allowed_fallback(unrouted)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&sandbox),
            require_signature,
        ))
        .layer(middleware::from_fn(limits::refuse_oversized))
        .layer(middleware::from_fn(with_request_id))
        .with_state(sandbox)
}

/// A request no route serves: 501 naming the model's operation at that method and path,
/// 405 for an operation's path with another method, 404 for a path that is no operation's.
async fn unrouted(method: Method, uri: Uri) -> ApiError {
    super::operations::unserved(method.as_str(), uri.path())
}

/// Gives every request an id: in the extensions for the handlers, in `x-amzn-RequestId`
/// on the answer, and in `RequestID` of every error body. Any error answer that did not come
/// from a handler (a path that does not decode, say) is put in Pinpoint's shape here too.
async fn with_request_id(mut request: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    request.extensions_mut().insert(RequestId(id.clone()));
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    tracing::debug!(%method, %path, status = status.as_u16(), request_id = %id, "sandbox request");
    let mut response = if status.is_client_error() || status.is_server_error() {
        error_with_request_id(response, &id).await
    } else {
        response
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-amzn-RequestId", value);
    }
    response
}

async fn error_with_request_id(response: Response, id: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let kind = match parts.status {
        StatusCode::BAD_REQUEST => ErrorKind::BadRequest,
        StatusCode::FORBIDDEN => ErrorKind::Forbidden,
        StatusCode::NOT_FOUND => ErrorKind::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorKind::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorKind::PayloadTooLarge,
        StatusCode::TOO_MANY_REQUESTS => ErrorKind::TooManyRequests,
        StatusCode::NOT_IMPLEMENTED => ErrorKind::NotImplemented,
        s if s.is_client_error() => ErrorKind::BadRequest,
        _ => ErrorKind::InternalServerError,
    };
    let message = serde_json::from_slice::<MessageBody>(&bytes)
        .ok()
        .and_then(|b| b.message)
        .unwrap_or_else(|| String::from_utf8_lossy(&bytes).trim().to_string());
    let body = MessageBody {
        message: Some(message),
        request_id: Some(id.to_string()),
    };
    let text = serde_json::to_vec(&body).expect("MessageBody serializes");
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts
        .headers
        .entry("x-amzn-ErrorType")
        .or_insert(HeaderValue::from_static(kind.name()));
    Response::from_parts(parts, Body::from(text))
}

/// With `--require-auth`, refuses (403 ForbiddenException) a request that is not SigV4-signed
/// with the required key; the body is read to check it and handed on unchanged.
async fn require_signature(State(s): Shared, request: Request, next: Next) -> Response {
    let Some(key) = &s.required_key else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return limits::too_large().into_response();
    };
    let uri = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let checked = super::auth::verify(
        key,
        parts.method.as_str(),
        uri,
        &parts.headers,
        &bytes,
        std::time::SystemTime::now(),
    );
    match checked {
        Ok(()) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(message) => {
            tracing::info!(method = %parts.method, path = %parts.uri.path(), "refused an unsigned or badly signed request");
            ApiError::new(ErrorKind::Forbidden, message).into_response()
        }
    }
}

/// Reads a JSON body into `T`: 413 over the size limit, 400 naming the problem otherwise.
fn parse_body<T: DeserializeOwned + Serialize>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let bytes = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            limits::too_large()
        } else {
            ApiError::bad_request(format!(
                "Could not read the request body: {}",
                r.body_text()
            ))
        }
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "The request body is empty; a JSON object is required",
        ));
    }
    // serde reads a JSON array into a struct by position; Pinpoint wants an object.
    if let Some(found) = crate::model::endpoint_file::not_an_object(&bytes) {
        return Err(ApiError::bad_request(format!(
            "Invalid request body: a JSON object is required, not {found}"
        )));
    }
    let invalid =
        |e: serde_json::Error| ApiError::bad_request(format!("Invalid request body: {e}"));
    // The member a problem is about is named by its path (`Dimensions.Attributes.plan`).
    let mut reader = serde_json::Deserializer::from_slice(&bytes);
    let read: T = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
        match e.path().to_string().as_str() {
            "." => invalid(e.into_inner()),
            path => ApiError::bad_request(format!("Invalid request body: {path}: {}", e.inner())),
        }
    })?;
    reader.end().map_err(invalid)?;
    // The same for a member: what was read as an object must have been sent as one.
    let sent: Value = serde_json::from_slice(&bytes).map_err(invalid)?;
    let read_back = serde_json::to_value(&read).map_err(invalid)?;
    if let Some(path) = array_read_as_object(&sent, &read_back, String::new()) {
        return Err(ApiError::bad_request(format!(
            "Invalid request body: {path} must be a JSON object, not an array"
        )));
    }
    Ok(read)
}

/// The first member (as `Location` or `Item[0].EndpointRequest`) sent as an array where
/// what was read from it is an object.
fn array_read_as_object(sent: &Value, read: &Value, path: String) -> Option<String> {
    match (sent, read) {
        (Value::Array(_), Value::Object(_)) => Some(path),
        (Value::Object(sent), Value::Object(read)) => read.iter().find_map(|(name, member)| {
            let inner = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            array_read_as_object(sent.get(name)?, member, inner)
        }),
        (Value::Array(sent), Value::Array(read)) => sent
            .iter()
            .zip(read)
            .enumerate()
            .find_map(|(i, (s, r))| array_read_as_object(s, r, format!("{path}[{i}]"))),
        _ => None,
    }
}

/// Reads a JSON object already parsed into `T` (a structure), as `parse_body` reads a body:
/// anything but an object refused, the problem named with its path, and an array sent where
/// an object is read refused.
fn read_value<T: DeserializeOwned + Serialize>(value: &Value) -> Result<T, String> {
    let found = match value {
        Value::Object(_) => None,
        Value::Array(_) => Some("an array"),
        Value::String(_) => Some("a string"),
        Value::Number(_) => Some("a number"),
        Value::Bool(_) => Some("a boolean"),
        Value::Null => Some("null"),
    };
    if let Some(found) = found {
        return Err(format!("a JSON object is required, not {found}"));
    }
    let read: T = serde_path_to_error::deserialize(value).map_err(|e| {
        match e.path().to_string().as_str() {
            "." => e.into_inner().to_string(),
            path => format!("{path}: {}", e.inner()),
        }
    })?;
    let read_back = serde_json::to_value(&read).map_err(|e| e.to_string())?;
    if let Some(path) = array_read_as_object(value, &read_back, String::new()) {
        let what = if path.is_empty() {
            "the value"
        } else {
            path.as_str()
        };
        return Err(format!("{what} must be a JSON object, not an array"));
    }
    Ok(read)
}

/// Runs a write off the async threads, on the writer.
async fn with_store<T, F>(sandbox: &Arc<Sandbox>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
{
    let sandbox = Arc::clone(sandbox);
    tokio::task::spawn_blocking(move || sandbox.write(f))
        .await
        .map_err(|e| ApiError::internal(format!("the operation failed: {e}")))?
}

/// Runs a read off the async threads, beside the writer ([`Sandbox::read`]).
async fn with_reader<T, F>(sandbox: &Arc<Sandbox>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
{
    let sandbox = Arc::clone(sandbox);
    tokio::task::spawn_blocking(move || sandbox.read(f))
        .await
        .map_err(|e| ApiError::internal(format!("the operation failed: {e}")))?
}

fn json<T: serde::Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

fn accepted(request_id: &str) -> Response {
    json(
        StatusCode::ACCEPTED,
        &MessageBody {
            message: Some("Accepted".into()),
            request_id: Some(request_id.to_string()),
        },
    )
}

// ----- endpoints -----

async fn update_endpoint(
    State(s): Shared,
    Path((app, endpoint)): Path<(String, String)>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let request: EndpointRequest = parse_body(body)?;
    let id = request_id.clone();
    with_store(&s, move |store| {
        let now = now_iso();
        let ctx = UpdateContext {
            application_id: &app,
            endpoint_id: &endpoint,
            now: &now,
            request_id: &id,
        };
        store.update_endpoint(request, &ctx)
    })
    .await?;
    Ok(accepted(&request_id))
}

/// GetEndpoint; the answer says when the endpoint was last active in [`LAST_ACTIVE_HEADER`]
/// (for `Behavior.Recency`), which Pinpoint's clients ignore.
async fn get_endpoint(
    State(s): Shared,
    Path((app, endpoint)): Path<(String, String)>,
) -> ApiResult {
    let now = time::OffsetDateTime::now_utc();
    let (found, activity) = with_reader(&s, move |store| {
        let found = store.get_endpoint(&app, &endpoint)?;
        Ok((found, store.activity(&app, &endpoint, now)?))
    })
    .await?;
    let mut response = json(StatusCode::OK, &found);
    if let Ok(value) = HeaderValue::from_str(&Activity::header_value(activity.last)) {
        response.headers_mut().insert(LAST_ACTIVE_HEADER, value);
    }
    Ok(response)
}

async fn delete_endpoint(
    State(s): Shared,
    Path((app, endpoint)): Path<(String, String)>,
) -> ApiResult {
    let deleted = with_store(&s, move |store| store.delete_endpoint(&app, &endpoint)).await?;
    Ok(json(StatusCode::ACCEPTED, &deleted))
}

async fn update_endpoints_batch(
    State(s): Shared,
    Path(app): Path<String>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let batch: EndpointBatchRequest = parse_body(body)?;
    if batch.item.len() > MAX_BATCH_ITEMS {
        return Err(ApiError::bad_request(format!(
            "The batch has {} items; at most {MAX_BATCH_ITEMS} are allowed",
            batch.item.len()
        )));
    }
    let mut items = Vec::with_capacity(batch.item.len());
    for (i, item) in batch.item.into_iter().enumerate() {
        match item.into_parts() {
            (Some(id), request) if !id.is_empty() => items.push((id, request)),
            _ => return Err(ApiError::bad_request(format!("Item[{i}] has no Id"))),
        }
    }
    let id = request_id.clone();
    with_store(&s, move |store| {
        store.update_endpoints(&app, items, &now_iso(), &id)
    })
    .await?;
    Ok(accepted(&request_id))
}

async fn get_user_endpoints(
    State(s): Shared,
    Path((app, user)): Path<(String, String)>,
) -> ApiResult {
    let item = with_reader(&s, move |store| store.get_user_endpoints(&app, &user)).await?;
    Ok(json(StatusCode::OK, &EndpointsResponse { item }))
}

async fn delete_user_endpoints(
    State(s): Shared,
    Path((app, user)): Path<(String, String)>,
) -> ApiResult {
    let item = with_store(&s, move |store| store.delete_user_endpoints(&app, &user)).await?;
    Ok(json(StatusCode::ACCEPTED, &EndpointsResponse { item }))
}

// ----- applications -----

/// `page-size` and `token` of the list operations.
#[derive(Debug, Deserialize)]
struct PageQuery {
    #[serde(rename = "page-size")]
    page_size: Option<String>,
    token: Option<String>,
}

impl PageQuery {
    /// Cuts one page out of `items`; the token is the offset of the next page.
    fn page<T>(&self, items: Vec<T>) -> Result<(Vec<T>, Option<String>), ApiError> {
        cut_page(
            items,
            self.page_size.as_deref(),
            self.token.as_deref(),
            "token",
        )
    }
}

/// One page of `items`: `size` items (`DEFAULT_PAGE_SIZE` when absent) from the offset
/// `token` gives (the start when absent), and the token of the next page, if any.
/// `token_name` is the query parameter's name, for the message.
fn cut_page<T>(
    items: Vec<T>,
    size: Option<&str>,
    token: Option<&str>,
    token_name: &str,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let size = match size {
        None | Some("") => DEFAULT_PAGE_SIZE,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                ApiError::bad_request(format!("page-size `{text}` is not a positive whole number"))
            })?,
    };
    let start = match token {
        None | Some("") => 0,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= items.len())
            .ok_or_else(|| ApiError::bad_request(format!("{token_name} `{text}` is not valid")))?,
    };
    let end = start.saturating_add(size).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    Ok((
        items.into_iter().skip(start).take(end - start).collect(),
        next,
    ))
}

/// A query string read into `T`, or a 400 naming the problem.
fn read_query<T>(
    query: Result<Query<T>, axum::extract::rejection::QueryRejection>,
) -> Result<T, ApiError> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request(format!("Invalid query string: {}", e.body_text())))
}

fn page_query(
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<PageQuery, ApiError> {
    read_query(query)
}

async fn create_app(State(s): Shared, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let request: CreateApplicationRequest = parse_body(body)?;
    if request.name.trim().is_empty() {
        return Err(ApiError::bad_request("Name is required"));
    }
    let app = new_application(&new_id(), &request.name, &now_iso(), request.tags);
    let created = app.clone();
    with_store(&s, move |store| store.create_app(&app)).await?;
    Ok(json(StatusCode::CREATED, &created))
}

async fn get_apps(
    State(s): Shared,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let query = page_query(query)?;
    let apps = with_reader(&s, |store| store.list_apps()).await?;
    let (item, next_token) = query.page(apps)?;
    Ok(json(
        StatusCode::OK,
        &ApplicationsResponse { item, next_token },
    ))
}

async fn get_app(State(s): Shared, Path(app): Path<String>) -> ApiResult {
    let found = with_reader(&s, move |store| store.get_app(&app)).await?;
    Ok(json(StatusCode::OK, &found))
}

async fn delete_app(State(s): Shared, Path(app): Path<String>) -> ApiResult {
    let deleted = with_store(&s, move |store| store.delete_app(&app)).await?;
    Ok(json(StatusCode::OK, &deleted))
}

// ----- segments -----

fn check_segment_request(request: &WriteSegmentRequest) -> Result<(), ApiError> {
    check_write_segment(request).map_err(ApiError::bad_request)
}

async fn create_segment(
    State(s): Shared,
    Path(app): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let request: WriteSegmentRequest = parse_body(body)?;
    check_segment_request(&request)?;
    let now = now_iso();
    let id = new_id();
    let segment = SegmentResponse {
        arn: format!(
            "arn:aws:mobiletargeting:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:apps/{app}/segments/{id}"
        ),
        application_id: app,
        creation_date: now.clone(),
        dimensions: request.dimensions,
        id,
        import_definition: None,
        last_modified_date: Some(now),
        name: request.name,
        segment_groups: request.segment_groups,
        segment_type: "DIMENSIONAL".into(),
        tags: request.tags,
        version: Some(1),
    };
    let created = segment.clone();
    with_store(&s, move |store| store.put_segment(&segment)).await?;
    Ok(json(StatusCode::CREATED, &created))
}

async fn update_segment(
    State(s): Shared,
    Path((app, segment_id)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let request: WriteSegmentRequest = parse_body(body)?;
    check_segment_request(&request)?;
    let updated = with_store(&s, move |store| {
        store.update_segment(&app, &segment_id, request, &now_iso())
    })
    .await?;
    Ok(json(StatusCode::OK, &updated))
}

async fn get_segments(
    State(s): Shared,
    Path(app): Path<String>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let query = page_query(query)?;
    let segments = with_reader(&s, move |store| store.list_segments(&app)).await?;
    let (item, next_token) = query.page(segments)?;
    Ok(json(StatusCode::OK, &SegmentsResponse { item, next_token }))
}

async fn get_segment(State(s): Shared, Path((app, segment)): Path<(String, String)>) -> ApiResult {
    let found = with_reader(&s, move |store| store.get_segment(&app, &segment)).await?;
    Ok(json(StatusCode::OK, &found))
}

async fn delete_segment(
    State(s): Shared,
    Path((app, segment)): Path<(String, String)>,
) -> ApiResult {
    let deleted = with_store(&s, move |store| store.delete_segment(&app, &segment)).await?;
    Ok(json(StatusCode::OK, &deleted))
}

async fn get_segment_versions(
    State(s): Shared,
    Path((app, segment)): Path<(String, String)>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let query = page_query(query)?;
    let versions = with_reader(&s, move |store| store.segment_versions(&app, &segment)).await?;
    let (item, next_token) = query.page(versions)?;
    Ok(json(StatusCode::OK, &SegmentsResponse { item, next_token }))
}

async fn get_segment_version(
    State(s): Shared,
    Path((app, segment, version)): Path<(String, String, String)>,
) -> ApiResult {
    let number = version
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "Version `{version}` of segment {segment} is not a positive whole number"
            ))
        })?;
    let found = with_reader(&s, move |store| {
        store.segment_version(&app, &segment, number)
    })
    .await?;
    Ok(json(StatusCode::OK, &found))
}
