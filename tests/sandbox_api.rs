//! The sandbox's Pinpoint API, end to end: the real client (aws-sdk-pinpoint) against a
//! sandbox served on an ephemeral loopback port, plus raw HTTP requests (through the router,
//! in process) for what the SDK cannot send and for the exact error shapes.
//!
//! Covered: every endpoint and application operation through the client, segments and
//! GetApp/DeleteApp over raw HTTP, Pinpoint's errors (status, `x-amzn-ErrorType`,
//! `x-amzn-RequestId`, `{"Message", "RequestID"}` body), the 501 NotImplementedException
//! for a modelled operation the sandbox does not serve, the quotas, and the UpdateEndpoint
//! rules: merging, service-filled fields, shared user attributes, the address rule, the
//! 16th endpoint of a user, case-insensitive and percent-encoded ids. Over raw HTTP too: the
//! per-application attribute-name quota and RemoveAttributes, the segment checks (enums,
//! GPS ranges, required members, 100 dimensions, source segments), segment versions,
//! application settings and the offline PhoneNumberValidate.
//!
//! Only loopback is used. Every client call is bounded by the target's 5 s operation
//! timeout, and every raw request by `RAW_TIMEOUT`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use indexmap::{IndexMap, indexmap};
use serde_json::{Value, json};
use tower::ServiceExt;

use pinpoint_console::model::wire::{EndpointBatchItem, EndpointRequest, EndpointResponse};
use pinpoint_console::pinpoint::{CallError, Client, ResolvedTarget};
use pinpoint_console::sandbox::{
    self, DEFAULT_APP_ID, DEFAULT_APP_NAME, Database, MAX_BODY_BYTES, Sandbox, SandboxHandle,
};
use pinpoint_console::store::config::TargetKind;

/// An application id that no sandbox has.
const UNKNOWN_APP: &str = "0123456789abcdef0123456789abcdef";
/// The longest a raw request may take.
const RAW_TIMEOUT: Duration = Duration::from_secs(30);
/// The client's per-call bound.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

// ----- harness -----

/// Keeps the SDK away from the instance metadata service. Set once, before any client
/// exists, so no other test thread reads the environment while it is written.
fn no_instance_metadata() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: runs once, before the first client exists; std's own environment
        // readers take the same lock, and nothing else here reads the environment.
        unsafe { std::env::set_var("AWS_EC2_METADATA_DISABLED", "true") }
    });
}

/// A sandbox served on a loopback port, also reachable in process through its router.
struct Harness {
    sandbox: Arc<Sandbox>,
    handle: SandboxHandle,
    /// The database file, for the tests that look at what is stored.
    db: Option<(tempfile::TempDir, PathBuf)>,
}

impl Harness {
    /// A sandbox with an in-memory database.
    async fn start() -> Harness {
        Self::serve(Sandbox::open(&Database::Memory).unwrap(), None).await
    }

    /// A sandbox whose database is a file in a temporary directory.
    async fn start_on_disk() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.db");
        let sandbox = Sandbox::open(&Database::File(path.clone())).unwrap();
        Self::serve(sandbox, Some((dir, path))).await
    }

    async fn serve(sandbox: Arc<Sandbox>, db: Option<(tempfile::TempDir, PathBuf)>) -> Harness {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let handle = sandbox::serve(listener, Arc::clone(&sandbox)).unwrap();
        Harness {
            sandbox,
            handle,
            db,
        }
    }

    fn db_path(&self) -> &Path {
        &self.db.as_ref().expect("an on-disk harness").1
    }

    /// A client for the default application.
    async fn client(&self) -> Client {
        self.client_for(DEFAULT_APP_ID, false).await
    }

    /// A client for `application_id`, read-only or not.
    async fn client_for(&self, application_id: &str, read_only: bool) -> Client {
        no_instance_metadata();
        let target = ResolvedTarget {
            name: "test-sandbox".into(),
            kind: TargetKind::Sandbox,
            application_id: application_id.into(),
            region: Some("us-east-1".into()),
            endpoint_url: Some(self.handle.url()),
            aws_profile: None,
            read_only,
            timeout: CALL_TIMEOUT,
            use_instance_metadata: false,
            db: PathBuf::new(),
        };
        Client::connect(target)
            .await
            .expect("connect to the sandbox")
    }

    /// One raw HTTP request, through the router.
    async fn call(&self, method: Method, uri: &str, body: Body) -> Raw {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json")
            .body(body)
            .unwrap();
        let router = sandbox::routes::router(Arc::clone(&self.sandbox));
        let response = tokio::time::timeout(RAW_TIMEOUT, router.oneshot(request))
            .await
            .expect("the request ends in time")
            .expect("the router never fails");
        let (parts, body) = response.into_parts();
        let body = tokio::time::timeout(RAW_TIMEOUT, body.collect())
            .await
            .expect("the body ends in time")
            .expect("the body reads")
            .to_bytes();
        Raw {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    async fn call_json(&self, method: Method, uri: &str, body: &Value) -> Raw {
        self.call(method, uri, Body::from(body.to_string())).await
    }

    async fn call_empty(&self, method: Method, uri: &str) -> Raw {
        self.call(method, uri, Body::empty()).await
    }
}

/// A raw answer.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Raw {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
            .to_str()
            .unwrap()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(500)])
            )
        })
    }

    /// Asserts a success with `status` and returns its JSON body.
    fn expect(&self, status: StatusCode) -> Value {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert!(!self.header("x-amzn-RequestId").is_empty());
        self.json()
    }

    /// Asserts Pinpoint's error shape and returns the message.
    fn expect_error(&self, status: StatusCode, kind: &str) -> String {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("x-amzn-ErrorType"), kind);
        let request_id = self.header("x-amzn-RequestId");
        assert!(!request_id.is_empty());
        let body = self.json();
        let object = body.as_object().expect("an error body is an object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, ["Message", "RequestID"], "body: {body}");
        assert_eq!(body["RequestID"], request_id);
        let message = body["Message"].as_str().expect("Message is a string");
        assert!(!message.is_empty());
        message.to_string()
    }
}

// ----- request and assertion helpers -----

fn request(body: Value) -> EndpointRequest {
    serde_json::from_value(body).expect("a valid EndpointRequest")
}

fn batch_item(id: &str, body: Value) -> EndpointBatchItem {
    EndpointBatchItem::from_parts(id, request(body))
}

/// `n` EMAIL endpoints `{prefix}{i}` of `user`, as batch items.
fn email_items(prefix: &str, user: &str, n: usize) -> Vec<EndpointBatchItem> {
    (0..n)
        .map(|i| {
            batch_item(
                &format!("{prefix}{i}"),
                json!({"ChannelType": "EMAIL", "Address": format!("{prefix}{i}@example.com"),
                       "User": {"UserId": user}}),
            )
        })
        .collect()
}

async fn put(client: &Client, id: &str, body: Value) {
    let out = client
        .update_endpoint(id, &request(body))
        .await
        .unwrap_or_else(|e| panic!("UpdateEndpoint {id}: {e}"));
    assert_eq!(out.value.message.as_deref(), Some("Accepted"));
}

async fn get(client: &Client, id: &str) -> EndpointResponse {
    client
        .get_endpoint(id)
        .await
        .unwrap_or_else(|e| panic!("GetEndpoint {id}: {e}"))
        .value
}

fn assert_call_error(result: Result<impl std::fmt::Debug, CallError>, code: &str, status: u16) {
    let err = result.expect_err("the call fails");
    assert_eq!(err.code, code, "{err}");
    assert_eq!(err.status, Some(status), "{err}");
    assert!(
        err.request_id.as_deref().is_some_and(|id| !id.is_empty()),
        "a request id: {err:?}"
    );
}

async fn assert_no_endpoint(client: &Client, id: &str) {
    assert_call_error(client.get_endpoint(id).await, "NotFoundException", 404);
}

fn user_id(endpoint: &EndpointResponse) -> Option<&str> {
    endpoint.user.as_ref()?.user_id.as_deref()
}

fn user_attributes(endpoint: &EndpointResponse) -> IndexMap<String, Vec<String>> {
    endpoint
        .user
        .as_ref()
        .and_then(|u| u.user_attributes.clone())
        .unwrap_or_default()
}

fn values(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn is_iso_millis(text: &str) -> bool {
    const SHAPE: &str = "0000-00-00T00:00:00.000Z";
    text.len() == SHAPE.len()
        && text.chars().zip(SHAPE.chars()).all(|(c, s)| match s {
            '0' => c.is_ascii_digit(),
            _ => c == s,
        })
}

fn endpoint_path(app: &str, id: &str) -> String {
    format!("/v1/apps/{app}/endpoints/{id}")
}

fn batch_path(app: &str) -> String {
    format!("/v1/apps/{app}/endpoints")
}

fn segments_path(app: &str) -> String {
    format!("/v1/apps/{app}/segments")
}

/// Rows stored for an application in one table of the sandbox database.
fn stored_rows(db: &Path, table: &str, app: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        &format!("SELECT COUNT(*) FROM {table} WHERE app_id = ?1"),
        [app],
        |r| r.get(0),
    )
    .unwrap()
}

// ----- every operation through the client -----

#[tokio::test]
async fn update_get_and_delete_an_endpoint() {
    let h = Harness::start().await;
    let c = h.client().await;
    let out = c
        .update_endpoint(
            "ep-1",
            &request(json!({"ChannelType": "SMS", "Address": "+12065550100",
                            "Attributes": {"team": ["red"]}, "User": {"UserId": "u-1"}})),
        )
        .await
        .unwrap();
    assert_eq!(out.value.message.as_deref(), Some("Accepted"));
    assert!(out.value.request_id.is_some() && out.request_id.is_some());

    let e = get(&c, "ep-1").await;
    assert_eq!(e.id.as_deref(), Some("ep-1"));
    assert_eq!(e.application_id.as_deref(), Some(DEFAULT_APP_ID));
    assert_eq!(e.channel_type.as_deref(), Some("SMS"));
    assert_eq!(e.address.as_deref(), Some("+12065550100"));
    assert_eq!(
        e.attributes,
        Some(indexmap! {"team".into() => values(&["red"])})
    );
    assert_eq!(user_id(&e), Some("u-1"));

    let deleted = c.delete_endpoint("ep-1").await.unwrap().value;
    assert_eq!(deleted, e, "DeleteEndpoint returns the endpoint it removed");
    assert_no_endpoint(&c, "ep-1").await;
    assert_call_error(c.delete_endpoint("ep-1").await, "NotFoundException", 404);
}

#[tokio::test]
async fn batch_then_user_endpoints() {
    let h = Harness::start().await;
    let c = h.client().await;
    let items = vec![
        batch_item(
            "b-email",
            json!({"ChannelType": "EMAIL", "Address": "a@example.com", "User": {"UserId": "batch-user"}}),
        ),
        batch_item(
            "b-sms",
            json!({"ChannelType": "SMS", "Address": "+12065550101", "User": {"UserId": "batch-user"}}),
        ),
        batch_item("b-loner", json!({"Metrics": {"score": 3.5}})),
    ];
    let out = c.update_endpoints_batch(&items).await.unwrap();
    assert_eq!(out.value.message.as_deref(), Some("Accepted"));
    assert_eq!(
        get(&c, "b-email").await.address.as_deref(),
        Some("a@example.com")
    );
    assert_eq!(get(&c, "b-sms").await.channel_type.as_deref(), Some("SMS"));
    assert_eq!(
        get(&c, "b-loner").await.metrics,
        Some(indexmap! {"score".into() => 3.5})
    );

    let ids = |r: &pinpoint_console::model::wire::EndpointsResponse| -> Vec<String> {
        r.item.iter().filter_map(|e| e.id.clone()).collect()
    };
    let listed = c.get_user_endpoints("batch-user").await.unwrap().value;
    assert_eq!(ids(&listed), ["b-email", "b-sms"]);
    let deleted = c.delete_user_endpoints("batch-user").await.unwrap().value;
    assert_eq!(
        deleted, listed,
        "DeleteUserEndpoints returns what it removed"
    );
    assert_call_error(
        c.get_user_endpoints("batch-user").await,
        "NotFoundException",
        404,
    );
    assert_no_endpoint(&c, "b-email").await;
    assert_no_endpoint(&c, "b-sms").await;
    get(&c, "b-loner").await;
}

#[tokio::test]
async fn apps_are_listed_and_created() {
    let h = Harness::start().await;
    let c = h.client().await;
    let apps = c.get_apps().await.unwrap().value;
    assert_eq!(apps.item.len(), 1);
    assert_eq!(apps.item[0].id, DEFAULT_APP_ID);
    assert_eq!(apps.item[0].name, DEFAULT_APP_NAME);

    let created = c.create_app("second").await.unwrap().value;
    assert_eq!(created.name, "second");
    assert_eq!(created.id.len(), 32);
    assert!(created.arn.ends_with(&format!(":apps/{}", created.id)));
    assert!(created.creation_date.as_deref().is_some_and(is_iso_millis));

    let in_new_app = h.client_for(&created.id, false).await;
    put(
        &in_new_app,
        "new-app-ep",
        json!({"Address": "x@example.com"}),
    )
    .await;
    assert_eq!(
        get(&in_new_app, "new-app-ep")
            .await
            .application_id
            .as_deref(),
        Some(created.id.as_str())
    );
    assert_no_endpoint(&c, "new-app-ep").await;

    let apps = c.get_apps().await.unwrap().value;
    let ids: Vec<&str> = apps.item.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [DEFAULT_APP_ID, created.id.as_str()]);
    assert_eq!(apps.item[1], created);
}

// ----- segments and applications over raw HTTP -----

#[tokio::test]
async fn segments_are_created_read_updated_and_deleted() {
    let h = Harness::start().await;
    let path = segments_path(DEFAULT_APP_ID);
    let dimensions =
        json!({"Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["iOS"]}}});
    let created = h
        .call_json(
            Method::POST,
            &path,
            &json!({"Name": "ios", "Dimensions": dimensions}),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = created["Id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    assert_eq!(created["ApplicationId"], DEFAULT_APP_ID);
    assert_eq!(created["Name"], "ios");
    assert_eq!(created["Dimensions"], dimensions);
    assert_eq!(created["SegmentType"], "DIMENSIONAL");
    assert_eq!(created["Version"], 1);
    assert!(
        created["Arn"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":apps/{DEFAULT_APP_ID}/segments/{id}"))
    );
    assert!(is_iso_millis(created["CreationDate"].as_str().unwrap()));

    let listed = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([created]));

    let one = format!("{path}/{id}");
    let got = h.call_empty(Method::GET, &one).await.expect(StatusCode::OK);
    assert_eq!(got, created);

    let updated = h
        .call_json(Method::PUT, &one, &json!({"Name": "ios-users"}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(updated["Version"], 2);
    assert_eq!(updated["Name"], "ios-users");
    assert_eq!(updated["Dimensions"], dimensions, "left out, kept");
    assert_eq!(updated["CreationDate"], created["CreationDate"]);
    assert!(is_iso_millis(updated["LastModifiedDate"].as_str().unwrap()));

    let deleted = h
        .call_empty(Method::DELETE, &one)
        .await
        .expect(StatusCode::OK);
    assert_eq!(deleted, updated, "DeleteSegment returns what it removed");
    h.call_empty(Method::GET, &one)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    let listed = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([]));
}

#[tokio::test]
async fn a_segment_with_dimensions_and_groups_is_refused() {
    let h = Harness::start().await;
    let path = segments_path(DEFAULT_APP_ID);
    let message = h
        .call_json(
            Method::POST,
            &path,
            &json!({"Name": "both", "Dimensions": {}, "SegmentGroups": {"Groups": [], "Include": "ALL"}}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("Dimensions") && message.contains("SegmentGroups"));
    let listed = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([]), "nothing was created");
}

#[tokio::test]
async fn get_app_and_delete_app_with_its_endpoints() {
    let h = Harness::start_on_disk().await;
    let created = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "doomed"}))
        .await
        .expect(StatusCode::CREATED);
    let app = created["Id"].as_str().unwrap().to_string();
    let app_path = format!("/v1/apps/{app}");
    let got = h
        .call_empty(Method::GET, &app_path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(got, created);
    assert_eq!(got["Name"], "doomed");
    for key in ["Arn", "Id", "Name", "CreationDate"] {
        assert!(got[key].is_string(), "{key} in {got}");
    }

    for id in ["d-1", "d-2"] {
        h.call_json(
            Method::PUT,
            &endpoint_path(&app, id),
            &json!({"Address": id}),
        )
        .await
        .expect(StatusCode::ACCEPTED);
    }
    h.call_json(
        Method::POST,
        &segments_path(&app),
        &json!({"Name": "s", "Dimensions": {}}),
    )
    .await
    .expect(StatusCode::CREATED);
    assert_eq!(stored_rows(h.db_path(), "endpoints", &app), 2);

    let deleted = h
        .call_empty(Method::DELETE, &app_path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(deleted, created, "DeleteApp returns the application");
    assert_eq!(stored_rows(h.db_path(), "endpoints", &app), 0);
    assert_eq!(stored_rows(h.db_path(), "segments", &app), 0);
    for path in [app_path, endpoint_path(&app, "d-1")] {
        h.call_empty(Method::GET, &path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    let default_app = h
        .call_empty(Method::GET, &format!("/v1/apps/{DEFAULT_APP_ID}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(default_app["Name"], DEFAULT_APP_NAME);
}

// ----- errors through the client -----

#[tokio::test]
async fn unknown_endpoint_user_and_application_are_not_found() {
    let h = Harness::start().await;
    let c = h.client().await;
    assert_no_endpoint(&c, "nobody").await;
    assert_call_error(
        c.get_user_endpoints("no-such-user").await,
        "NotFoundException",
        404,
    );
    assert_call_error(
        c.delete_user_endpoints("no-such-user").await,
        "NotFoundException",
        404,
    );
    let elsewhere = h.client_for(UNKNOWN_APP, false).await;
    assert_no_endpoint(&elsewhere, "nobody").await;
    assert_call_error(
        elsewhere
            .update_endpoint("e", &request(json!({"Address": "a"})))
            .await,
        "NotFoundException",
        404,
    );
    assert_call_error(
        elsewhere.get_user_endpoints("u").await,
        "NotFoundException",
        404,
    );
}

#[tokio::test]
async fn quota_violations_are_bad_requests_that_store_nothing() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "existing",
        json!({"Attributes": {"a": ["1"]}, "Location": {"Latitude": 10.0}}),
    )
    .await;
    let before = get(&c, "existing").await;

    let long_name = "n".repeat(51);
    let violations = [
        json!({"Attributes": {long_name.clone(): ["v"]}}),
        json!({"User": {"UserAttributes": {long_name: ["v"]}}}),
        json!({"Location": {"Latitude": 91.0}}),
        json!({"Attributes": {"a": ["v".repeat(101)]}}),
    ];
    for body in violations {
        for id in ["fresh", "existing"] {
            assert_call_error(
                c.update_endpoint(id, &request(body.clone())).await,
                "BadRequestException",
                400,
            );
        }
    }
    assert_no_endpoint(&c, "fresh").await;
    assert_eq!(get(&c, "existing").await, before, "unchanged");

    assert_call_error(
        c.update_endpoint("bad$id", &request(json!({"Address": "a"})))
            .await,
        "BadRequestException",
        400,
    );
    assert_no_endpoint(&c, "bad$id").await;
}

#[tokio::test]
async fn a_read_only_target_sends_no_writes() {
    let h = Harness::start().await;
    let writer = h.client().await;
    put(&writer, "kept", json!({"Address": "k@example.com"})).await;
    let before = get(&writer, "kept").await;

    let reader = h.client_for(DEFAULT_APP_ID, true).await;
    let refused = [
        reader
            .update_endpoint("ro-new", &request(json!({"Address": "a"})))
            .await
            .map(|_| ()),
        reader
            .update_endpoint("kept", &request(json!({"Address": "changed"})))
            .await
            .map(|_| ()),
        reader
            .update_endpoints_batch(&[batch_item("ro-batch", json!({}))])
            .await
            .map(|_| ()),
        reader.delete_endpoint("kept").await.map(|_| ()),
    ];
    for result in refused {
        let err = result.expect_err("a read-only target refuses writes");
        assert_eq!(err.code, "ReadOnlyTarget", "{err}");
        assert_eq!(
            (err.status, err.request_id),
            (None, None),
            "nothing was sent"
        );
    }
    assert_eq!(get(&reader, "kept").await, before, "reads still work");
    assert_no_endpoint(&writer, "ro-new").await;
    assert_no_endpoint(&writer, "ro-batch").await;
}

// ----- errors over raw HTTP -----

#[tokio::test]
async fn malformed_json_is_a_bad_request() {
    let h = Harness::start().await;
    let path = endpoint_path(DEFAULT_APP_ID, "e");
    let message = h
        .call(Method::PUT, &path, Body::from(r#"{"Address": "a",}"#))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("Invalid request body"), "{message}");
    assert!(message.contains("line 1 column"), "{message}");
    let message = h
        .call(Method::PUT, &path, Body::from(r#"{"Adress": "a"}"#))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("unknown field `Adress`"), "{message}");
    h.call_empty(Method::GET, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn wrong_types_are_bad_requests_naming_the_problem() {
    let h = Harness::start().await;
    let path = endpoint_path(DEFAULT_APP_ID, "e");
    let cases = [
        (
            json!({"Metrics": {"m": "x"}}),
            r#"invalid type: string "x", expected f64"#,
        ),
        (
            json!({"Attributes": {"a": "notalist"}}),
            r#"invalid type: string "notalist", expected a sequence"#,
        ),
        (
            json!({"Address": 5}),
            "invalid type: integer `5`, expected a string",
        ),
        (
            json!("an endpoint"),
            "a JSON object is required, not a string",
        ),
        // serde alone would read an array into the request by position.
        (
            json!([
                null, null, null, null, null, null, null, null, null, null, null
            ]),
            "a JSON object is required, not an array",
        ),
        (json!(null), "a JSON object is required, not null"),
        // ... and a member too (this one would be City "Seattle").
        (
            json!({"Location": ["Seattle", null, null, null, null, null]}),
            "Location must be a JSON object, not an array",
        ),
        (
            json!({"User": {"UserAttributes": {"a": ["x"]}}, "Demographic": [null, null, "Apple", "iPhone", null, null, null, null]}),
            "Demographic must be a JSON object, not an array",
        ),
        (json!(7), "a JSON object is required, not a number"),
    ];
    for (body, expected) in cases {
        let message = h
            .call_json(Method::PUT, &path, &body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains(expected), "{body}: {message}");
    }
    h.call_empty(Method::GET, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn an_empty_update_body_is_a_bad_request() {
    let h = Harness::start().await;
    let path = endpoint_path(DEFAULT_APP_ID, "e");
    for body in ["", "  \n"] {
        let message = h
            .call(Method::PUT, &path, Body::from(body))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains("empty"), "{message}");
    }
}

#[tokio::test]
async fn a_batch_over_100_items_is_refused_whole() {
    let h = Harness::start().await;
    let items: Vec<Value> = (0..101)
        .map(|i| json!({"Id": format!("many-{i}"), "Address": format!("a{i}")}))
        .collect();
    let message = h
        .call_json(
            Method::PUT,
            &batch_path(DEFAULT_APP_ID),
            &json!({"Item": items}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("101"), "{message}");
    for i in [0, 50, 100] {
        h.call_empty(
            Method::GET,
            &endpoint_path(DEFAULT_APP_ID, &format!("many-{i}")),
        )
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
}

#[tokio::test]
async fn a_batch_is_applied_whole_or_not_at_all() {
    let h = Harness::start().await;
    let bad_items = [
        json!({"Id": "third", "Location": {"Latitude": 91.0}}),
        json!({"Id": "bad$id"}),
        json!({"Address": "no id"}),
    ];
    for bad in bad_items {
        let body = json!({"Item": [{"Id": "first", "Address": "1"}, {"Id": "second", "Address": "2"}, bad]});
        let message = h
            .call_json(Method::PUT, &batch_path(DEFAULT_APP_ID), &body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains("Item[2]"), "{message}");
        for id in ["first", "second"] {
            h.call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, id))
                .await
                .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
        }
    }
}

#[tokio::test]
async fn a_body_over_7_mb_is_payload_too_large() {
    let h = Harness::start().await;
    let path = endpoint_path(DEFAULT_APP_ID, "big");
    // Exactly 7 MB is read (and then refused for the 15 KB endpoint quota).
    let prefix = r#"{"Address":""#;
    let suffix = r#""}"#;
    let address = "a".repeat(MAX_BODY_BYTES - prefix.len() - suffix.len());
    let at_limit = format!("{prefix}{address}{suffix}");
    assert_eq!(at_limit.len(), MAX_BODY_BYTES);
    let message = h
        .call(Method::PUT, &path, Body::from(at_limit))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("bytes"), "{message}");

    let over = vec![b' '; MAX_BODY_BYTES + 1];
    h.call(Method::PUT, &path, Body::from(over))
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLargeException");
    h.call_empty(Method::GET, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn a_wrong_method_is_method_not_allowed() {
    let h = Harness::start().await;
    let cases = [
        (Method::POST, endpoint_path(DEFAULT_APP_ID, "e")),
        (Method::PATCH, "/v1/apps".to_string()),
        (Method::GET, batch_path(DEFAULT_APP_ID)),
        (Method::PUT, format!("/v1/apps/{DEFAULT_APP_ID}")),
    ];
    for (method, path) in cases {
        h.call_json(method, &path, &json!({}))
            .await
            .expect_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException");
    }
}

#[tokio::test]
async fn an_unknown_path_is_not_found() {
    let h = Harness::start().await;
    for path in [
        "/v2/apps",
        "/v1/nothing",
        "/v1/apps/x/endpoints/e/extra",
        "/",
    ] {
        h.call_empty(Method::GET, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
}

#[tokio::test]
async fn an_operation_the_sandbox_does_not_serve_says_so_by_name() {
    let h = Harness::start().await;
    let app = DEFAULT_APP_ID;
    let cases = [
        (
            Method::GET,
            format!("/v1/apps/{app}/campaigns"),
            "GetCampaigns (GET /v1/apps/{application-id}/campaigns)",
        ),
        (
            Method::POST,
            format!("/v1/apps/{app}/events"),
            "PutEvents (POST /v1/apps/{application-id}/events)",
        ),
        (
            Method::GET,
            "/v1/apps/x/channels/sms".to_string(),
            "GetSmsChannel (GET /v1/apps/{application-id}/channels/sms)",
        ),
        (
            Method::PUT,
            "/v1/templates/welcome/sms/active-version".to_string(),
            "UpdateTemplateActiveVersion (PUT /v1/templates/{template-name}/{template-type}/active-version)",
        ),
        (
            Method::GET,
            "/v1/tags/arn%3Aaws%3Amobiletargeting%3Aus-east-1%3A0%3Aapps%2Fx".to_string(),
            "ListTagsForResource (GET /v1/tags/{resource-arn})",
        ),
        (
            Method::GET,
            format!("/v1/apps/{app}/endpoints/e/inappmessages"),
            "GetInAppMessages (GET /v1/apps/{application-id}/endpoints/{endpoint-id}/inappmessages)",
        ),
    ];
    for (method, path, named) in cases {
        let message = h
            .call_json(method.clone(), &path, &json!({}))
            .await
            .expect_error(StatusCode::NOT_IMPLEMENTED, "NotImplementedException");
        assert_eq!(
            message,
            format!("{named} is not implemented by the pinpoint-console sandbox"),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn not_implemented_not_found_and_method_not_allowed_stay_apart() {
    let h = Harness::start().await;
    // A modelled path with a method no operation has there: 405, served or not.
    for (method, path) in [
        (
            Method::DELETE,
            format!("/v1/apps/{DEFAULT_APP_ID}/campaigns"),
        ),
        (Method::POST, "/v1/apps/x/channels/sms".to_string()),
        (Method::PATCH, "/v1/apps".to_string()),
    ] {
        h.call_empty(method, &path)
            .await
            .expect_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException");
    }
    // No operation's path: 404.
    for path in ["/v1/apps/x/campaigns/c/nothing", "/v1/apps//campaigns"] {
        h.call_empty(Method::GET, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    // A served operation on a missing resource keeps the modelled 404.
    let message = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "nobody"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    assert_eq!(message, "Resource not found");
}

/// The SDK surfaces the 501's code and message, the console's error mapping shows them,
/// and the call is sent once (not retried) although the client retries up to 3 times.
#[tokio::test]
async fn the_sdk_and_the_console_report_an_unserved_operation_by_name() {
    use aws_sdk_pinpoint::config::retry::RetryConfig;
    use aws_sdk_pinpoint::config::{BehaviorVersion, Credentials, Region};
    use std::sync::atomic::{AtomicUsize, Ordering};

    let sandbox = Sandbox::open(&Database::Memory).unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&seen);
    let router = sandbox::routes::router(sandbox).layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            counted.fetch_add(1, Ordering::SeqCst);
            next.run(request)
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    no_instance_metadata();
    let config = aws_sdk_pinpoint::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .endpoint_url(&url)
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .build();
    let sdk = aws_sdk_pinpoint::Client::from_conf(config);
    let err = tokio::time::timeout(
        CALL_TIMEOUT,
        sdk.get_campaigns().application_id(DEFAULT_APP_ID).send(),
    )
    .await
    .expect("the call ends in time")
    .expect_err("GetCampaigns is not served");
    let shown = CallError::from_sdk(&err, &url, CALL_TIMEOUT);
    assert_eq!(shown.code, "NotImplementedException", "{shown}");
    assert_eq!(shown.status, Some(501));
    assert_eq!(
        shown.message,
        "GetCampaigns (GET /v1/apps/{application-id}/campaigns) is not implemented by the \
         pinpoint-console sandbox"
    );
    assert!(
        shown.request_id.as_deref().is_some_and(|id| !id.is_empty()),
        "{shown:?}"
    );
    assert!(
        shown
            .to_string()
            .starts_with("NotImplementedException: GetCampaigns ("),
        "{shown}"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 1, "sent once, not retried");
    server.abort();
}

// ----- UpdateEndpoint rules through the client -----

#[tokio::test]
async fn attributes_and_metrics_merge_per_name() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "m",
        json!({"Attributes": {"a": ["1"], "b": ["2"], "c": ["3"]}, "Metrics": {"x": 1.0, "y": 2.0}}),
    )
    .await;
    put(&c, "m", json!({"Attributes": {"a": ["9", "10"]}})).await;
    let e = get(&c, "m").await;
    assert_eq!(
        e.attributes,
        Some(
            indexmap! {"a".into() => values(&["9", "10"]), "b".into() => values(&["2"]), "c".into() => values(&["3"])}
        ),
        "names left out keep their values"
    );

    put(
        &c,
        "m",
        json!({"Attributes": {"b": []}, "Metrics": {"y": 5.5}}),
    )
    .await;
    let e = get(&c, "m").await;
    assert_eq!(
        e.attributes,
        Some(indexmap! {"a".into() => values(&["9", "10"]), "c".into() => values(&["3"])}),
        "[] clears the name"
    );
    assert_eq!(
        e.metrics,
        Some(indexmap! {"x".into() => 1.0, "y".into() => 5.5})
    );
}

#[tokio::test]
async fn demographic_and_location_merge_per_field() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "d",
        json!({"Demographic": {"Platform": "iOS", "Locale": "en_US", "Make": "Apple"},
               "Location": {"City": "Seattle", "Country": "US", "Latitude": 47.61, "Longitude": -122.33}}),
    )
    .await;
    let location = get(&c, "d").await.location.unwrap();
    assert_eq!(
        (location.latitude, location.longitude),
        (Some(47.6), Some(-122.3))
    );

    put(
        &c,
        "d",
        json!({"Demographic": {"Locale": "fr_FR"}, "Location": {"City": "Paris"}}),
    )
    .await;
    let e = get(&c, "d").await;
    let d = e.demographic.unwrap();
    assert_eq!(
        (
            d.platform.as_deref(),
            d.locale.as_deref(),
            d.make.as_deref()
        ),
        (Some("iOS"), Some("fr_FR"), Some("Apple"))
    );
    let l = e.location.unwrap();
    assert_eq!(
        (
            l.city.as_deref(),
            l.country.as_deref(),
            l.latitude,
            l.longitude
        ),
        (Some("Paris"), Some("US"), Some(47.6), Some(-122.3))
    );
}

#[tokio::test]
async fn the_service_fills_in_its_fields() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "s",
        json!({"ChannelType": "EMAIL", "Address": "s@example.com"}),
    )
    .await;
    let first = get(&c, "s").await;
    assert_eq!(first.opt_out.as_deref(), Some("NONE"));
    assert_eq!(first.endpoint_status.as_deref(), Some("ACTIVE"));
    let created = first.creation_date.clone().unwrap();
    assert!(is_iso_millis(&created), "{created}");
    assert_eq!(first.effective_date.as_deref(), Some(created.as_str()));
    let cohort = first.cohort_id.clone().unwrap();
    assert!(
        cohort
            .parse::<u8>()
            .is_ok_and(|n| n < 100 && n.to_string() == cohort),
        "CohortId {cohort}"
    );
    assert!(first.request_id.is_some());

    tokio::time::sleep(Duration::from_millis(5)).await;
    put(
        &c,
        "s",
        json!({"Attributes": {"x": ["y"]}, "OptOut": "ALL"}),
    )
    .await;
    let second = get(&c, "s").await;
    assert_eq!(second.creation_date.as_deref(), Some(created.as_str()));
    let effective = second.effective_date.clone().unwrap();
    assert!(
        is_iso_millis(&effective) && effective > created,
        "{effective}"
    );
    assert_eq!(second.cohort_id.as_deref(), Some(cohort.as_str()));
    assert_eq!(second.opt_out.as_deref(), Some("ALL"));
    assert_eq!(second.endpoint_status.as_deref(), Some("ACTIVE"));
}

#[tokio::test]
async fn user_attributes_are_kept_in_step_across_a_user() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "u-email",
        json!({"ChannelType": "EMAIL", "Address": "u@example.com",
               "User": {"UserId": "user-1", "UserAttributes": {"plan": ["free"]}}}),
    )
    .await;
    put(
        &c,
        "u-sms",
        json!({"ChannelType": "SMS", "Address": "+12065550100", "User": {"UserId": "user-1"}}),
    )
    .await;
    assert_eq!(
        user_attributes(&get(&c, "u-sms").await),
        indexmap! {"plan".into() => values(&["free"])},
        "joining a user takes its attributes"
    );

    put(
        &c,
        "u-sms",
        json!({"User": {"UserAttributes": {"plan": ["pro"], "team": ["a"]}}}),
    )
    .await;
    let other = get(&c, "u-email").await;
    assert_eq!(user_id(&other), Some("user-1"));
    assert_eq!(
        user_attributes(&other),
        indexmap! {"plan".into() => values(&["pro"]), "team".into() => values(&["a"])}
    );
}

#[tokio::test]
async fn the_same_address_makes_the_other_endpoint_inactive() {
    let h = Harness::start().await;
    let c = h.client().await;
    let body = json!({"ChannelType": "SMS", "Address": "+12065550199"});
    put(&c, "first", body.clone()).await;
    put(&c, "second", body).await;
    assert_eq!(
        get(&c, "first").await.endpoint_status.as_deref(),
        Some("INACTIVE")
    );
    assert_eq!(
        get(&c, "second").await.endpoint_status.as_deref(),
        Some("ACTIVE")
    );
}

#[tokio::test]
async fn a_sixteenth_non_push_endpoint_of_a_user_is_refused() {
    let h = Harness::start().await;
    let c = h.client().await;
    c.update_endpoints_batch(&email_items("mail-", "U", 15))
        .await
        .unwrap();
    assert_eq!(
        c.get_user_endpoints("U").await.unwrap().value.item.len(),
        15
    );

    let sixteenth =
        request(json!({"ChannelType": "SMS", "Address": "+12065550123", "User": {"UserId": "U"}}));
    assert_call_error(
        c.update_endpoint("sms-16", &sixteenth).await,
        "BadRequestException",
        400,
    );
    assert_no_endpoint(&c, "sms-16").await;
    assert_eq!(
        c.get_user_endpoints("U").await.unwrap().value.item.len(),
        15
    );
}

#[tokio::test]
async fn a_sixteenth_push_endpoint_displaces_the_oldest_push_endpoint() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "old-gcm",
        json!({"ChannelType": "GCM", "Address": "gcm-token", "User": {"UserId": "V"}}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    c.update_endpoints_batch(&email_items("mail-", "V", 14))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    put(
        &c,
        "new-apns",
        json!({"ChannelType": "APNS", "Address": "apns-token",
               "User": {"UserId": "V", "UserAttributes": {"plan": ["pro"]}}}),
    )
    .await;

    let displaced = get(&c, "old-gcm").await;
    assert_eq!(displaced.endpoint_status.as_deref(), Some("INACTIVE"));
    assert_eq!(
        user_id(&displaced),
        None,
        "the displaced endpoint loses its UserId"
    );
    let users = c.get_user_endpoints("V").await.unwrap().value.item;
    assert_eq!(users.len(), 15);
    let ids: Vec<&str> = users.iter().filter_map(|e| e.id.as_deref()).collect();
    assert!(
        ids.contains(&"new-apns") && !ids.contains(&"old-gcm"),
        "{ids:?}"
    );
    assert!(
        users
            .iter()
            .all(|e| user_attributes(e) == indexmap! {"plan".into() => values(&["pro"])}),
        "the user's attributes reach all of its endpoints"
    );
}

#[tokio::test]
async fn endpoint_ids_are_case_insensitive() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "Mixed-Case-ID",
        json!({"Attributes": {"a": ["1"]}, "User": {"UserId": "case-user"}}),
    )
    .await;
    let found = get(&c, "mixed-case-id").await;
    assert_eq!(
        found.id.as_deref(),
        Some("Mixed-Case-ID"),
        "the id as first written"
    );

    put(&c, "MIXED-CASE-ID", json!({"Attributes": {"b": ["2"]}})).await;
    let users = c.get_user_endpoints("case-user").await.unwrap().value.item;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].id.as_deref(), Some("Mixed-Case-ID"));
    assert_eq!(
        users[0].attributes,
        Some(indexmap! {"a".into() => values(&["1"]), "b".into() => values(&["2"])})
    );
    assert_eq!(users[0].creation_date, found.creation_date);
}

#[tokio::test]
async fn ids_needing_percent_encoding_round_trip() {
    let h = Harness::start().await;
    let c = h.client().await;
    let id = "a b/c";
    put(&c, id, json!({"Address": "pct@example.com"})).await;
    let e = get(&c, id).await;
    assert_eq!(e.id.as_deref(), Some(id));
    assert_eq!(e.address.as_deref(), Some("pct@example.com"));
    assert_no_endpoint(&c, "a b").await;
    assert_eq!(
        c.delete_endpoint(id).await.unwrap().value.id.as_deref(),
        Some(id)
    );
    assert_no_endpoint(&c, id).await;
}

// ----- the attribute-name quota and RemoveAttributes -----

/// The path of a segment the service answered with.
fn segment_path(app: &str, segment: &Value) -> String {
    format!("{}/{}", segments_path(app), segment["Id"].as_str().unwrap())
}

fn attributes_path(app: &str, attribute_type: &str) -> String {
    format!("/v1/apps/{app}/attributes/{attribute_type}")
}

/// An UpdateEndpoint body that sends one name: an attribute, a metric or a user attribute
/// by turns (`i % 3`).
fn one_name(i: usize) -> (String, Value) {
    let name = format!("n{i}");
    let body = match i % 3 {
        0 => json!({"Attributes": {name.clone(): ["v"]}}),
        1 => json!({"Metrics": {name.clone(): i}}),
        _ => json!({"User": {"UserAttributes": {name.clone(): ["v"]}}}),
    };
    (name, body)
}

#[tokio::test]
async fn the_250_name_quota_is_per_application_and_remove_attributes_frees_names() {
    let h = Harness::start().await;
    let endpoint_of = |i: usize| endpoint_path(DEFAULT_APP_ID, &format!("e{}", i / 45));
    // 250 distinct names over 6 endpoints (45 each), sent one name at a time; the 251st fails.
    for i in 0..250 {
        let (_, body) = one_name(i);
        h.call_json(Method::PUT, &endpoint_of(i), &body)
            .await
            .expect(StatusCode::ACCEPTED);
    }
    let (name, body) = one_name(250);
    let message = h
        .call_json(Method::PUT, &endpoint_of(250), &body)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    for part in ["quota", "250", "251", DEFAULT_APP_ID] {
        assert!(message.contains(part), "{part} in {message}");
    }
    let e5 = h
        .call_empty(Method::GET, &endpoint_of(250))
        .await
        .expect(StatusCode::OK);
    assert!(
        !e5.to_string().contains(&format!("\"{name}\"")),
        "the refused name was not stored: {e5}"
    );
    // A name already registered is still accepted, on any endpoint.
    h.call_json(
        Method::PUT,
        &endpoint_of(250),
        &json!({"Attributes": {"n0": ["again"]}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    // Another application has its own quota.
    let other = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "other"}))
        .await
        .expect(StatusCode::CREATED);
    let other = other["Id"].as_str().unwrap();
    h.call_json(Method::PUT, &endpoint_path(other, "x"), &body)
        .await
        .expect(StatusCode::ACCEPTED);

    // RemoveAttributes frees two names; the endpoints keep their values.
    let removed = h
        .call_json(
            Method::PUT,
            &attributes_path(DEFAULT_APP_ID, "endpoint-custom-attributes"),
            &json!({"Blacklist": ["n3", "n6"]}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        removed,
        json!({"ApplicationId": DEFAULT_APP_ID, "AttributeType": "endpoint-custom-attributes",
               "Attributes": ["n3", "n6"]})
    );
    let e0 = h
        .call_empty(Method::GET, &endpoint_of(0))
        .await
        .expect(StatusCode::OK);
    assert_eq!(e0["Attributes"]["n3"], json!(["v"]), "values are kept");
    for i in 250..252 {
        let (_, body) = one_name(i);
        h.call_json(Method::PUT, &endpoint_of(i), &body)
            .await
            .expect(StatusCode::ACCEPTED);
    }
    let (_, body) = one_name(252);
    h.call_json(Method::PUT, &endpoint_of(252), &body)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");

    // In a batch, the error names the item, and no item is applied.
    let batch = json!({"Item": [
        {"Id": "b-ok", "Attributes": {"n0": ["fine"]}},
        {"Id": "b-over", "Attributes": {"brand-new": ["x"]}}
    ]});
    let message = h
        .call_json(Method::PUT, &batch_path(DEFAULT_APP_ID), &batch)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("Item[1] (Id b-over)"), "{message}");
    assert!(message.contains("quota"), "{message}");
    h.call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "b-ok"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn remove_attributes_matches_globs_per_type_and_removed_names_are_no_longer_captured() {
    let h = Harness::start().await;
    h.call_json(
        Method::PUT,
        &endpoint_path(DEFAULT_APP_ID, "g"),
        &json!({"Attributes": {"plan": ["a"], "plan_b": ["b"], "color": ["c"], "xplan": ["d"]},
                "Metrics": {"plan_score": 1}, "User": {"UserAttributes": {"plan_u": ["e"]}}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let remove = |kind: &'static str, blacklist: Value| {
        let h = &h;
        async move {
            h.call_json(
                Method::PUT,
                &attributes_path(DEFAULT_APP_ID, kind),
                &json!({ "Blacklist": blacklist }),
            )
            .await
        }
    };
    let custom = remove("endpoint-custom-attributes", json!(["plan*", "nothing"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(custom["Attributes"], json!(["plan", "plan_b"]));
    let again = remove("endpoint-custom-attributes", json!(["plan*"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(again["Attributes"], json!([]), "already removed");
    let metric = remove("endpoint-metric-attributes", json!(["*"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(metric["Attributes"], json!(["plan_score"]));
    let user = remove("endpoint-user-attributes", json!(["plan_?"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(user["AttributeType"], "endpoint-user-attributes");
    assert_eq!(user["Attributes"], json!(["plan_u"]));

    // Pinpoint stops capturing values for removed names: sent again (or a new name the
    // Blacklist matches), they are dropped; other names of the update land, and the
    // endpoints keep what they had.
    let before = h
        .sandbox
        .store
        .lock()
        .unwrap()
        .attribute_name_count(DEFAULT_APP_ID)
        .unwrap();
    h.call_json(
        Method::PUT,
        &endpoint_path(DEFAULT_APP_ID, "g"),
        &json!({"Attributes": {"plan": ["z"], "planet": ["p"], "color": ["c2"]},
                "Metrics": {"anything": 2}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let g = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "g"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(g["Attributes"]["plan"], json!(["a"]), "not captured: {g}");
    assert_eq!(g["Attributes"].get("planet"), None, "{g}");
    assert_eq!(g["Attributes"]["color"], json!(["c2"]), "{g}");
    assert_eq!(
        g["Metrics"].get("anything"),
        None,
        "metrics: `*` removed: {g}"
    );
    let after = h
        .sandbox
        .store
        .lock()
        .unwrap()
        .attribute_name_count(DEFAULT_APP_ID)
        .unwrap();
    assert_eq!(after, before, "no name registered again");
    let back = remove("endpoint-custom-attributes", json!(["plan"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(back["Attributes"], json!([]), "nothing to remove");
    let g = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "g"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        g["Attributes"]["plan_b"],
        json!(["b"]),
        "endpoints keep values"
    );

    let message = remove("endpoint-everything", json!(["x"]))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("`endpoint-everything`"), "{message}");
    assert!(message.contains("endpoint-custom-attributes"), "{message}");
    let message = h
        .call_json(
            Method::PUT,
            &attributes_path(DEFAULT_APP_ID, "endpoint-custom-attributes"),
            &json!({}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("Blacklist"), "{message}");
    h.call_json(
        Method::PUT,
        &attributes_path(UNKNOWN_APP, "endpoint-custom-attributes"),
        &json!({"Blacklist": ["x"]}),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    h.call_json(
        Method::POST,
        &attributes_path(DEFAULT_APP_ID, "endpoint-custom-attributes"),
        &json!({"Blacklist": ["x"]}),
    )
    .await
    .expect_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException");
}

// ----- segment checks -----

/// CreateSegment with `body` must fail with a 400 whose message holds every part of `parts`.
async fn refused_segment(h: &Harness, body: Value, parts: &[&str]) {
    let message = h
        .call_json(Method::POST, &segments_path(DEFAULT_APP_ID), &body)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    for part in parts {
        assert!(message.contains(part), "{part} in {message} (for {body})");
    }
}

#[tokio::test]
async fn segments_with_values_outside_the_model_are_refused_naming_the_member() {
    let h = Harness::start().await;
    let cases = [
        (
            json!({"Dimensions": {"Attributes": {"plan": {"AttributeType": "FOO", "Values": ["x"]}}}}),
            vec![
                "Dimensions.Attributes.plan.AttributeType",
                "`FOO`",
                "`INCLUSIVE`",
                "`BETWEEN`",
            ],
        ),
        (
            json!({"Dimensions": {"Demographic": {"Platform": {"DimensionType": "MAYBE", "Values": ["iOS"]}}}}),
            vec![
                "Dimensions.Demographic.Platform.DimensionType",
                "`INCLUSIVE` or `EXCLUSIVE`",
            ],
        ),
        (
            json!({"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_99", "RecencyType": "ACTIVE"}}}}),
            vec!["Dimensions.Behavior.Recency.Duration", "`DAY_30`"],
        ),
        (
            json!({"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "DORMANT"}}}}),
            vec![
                "Dimensions.Behavior.Recency.RecencyType",
                "`ACTIVE` or `INACTIVE`",
            ],
        ),
        (
            json!({"Dimensions": {"Metrics": {"logins": {"ComparisonOperator": "ROUGHLY", "Value": 1}}}}),
            vec![
                "Dimensions.Metrics.logins.ComparisonOperator",
                "`GREATER_THAN`",
                "`EQUAL`",
            ],
        ),
        (
            json!({"SegmentGroups": {"Include": "SOME", "Groups": []}}),
            vec!["SegmentGroups.Include", "`ALL`, `ANY` or `NONE`"],
        ),
        (
            json!({"SegmentGroups": {"Groups": [{"Type": "EVERY"}]}}),
            vec!["SegmentGroups.Groups[0].Type", "`EVERY`"],
        ),
        (
            json!({"SegmentGroups": {"Groups": [{"SourceType": "HALF"}]}}),
            vec!["SegmentGroups.Groups[0].SourceType", "`HALF`"],
        ),
        // Coordinates out of range and a negative range.
        (
            json!({"Dimensions": {"Location": {"GPSPoint": {"Coordinates": {"Latitude": 91, "Longitude": 0}, "RangeInKilometers": 1}}}}),
            vec!["Dimensions.Location.GPSPoint.Coordinates.Latitude", "91"],
        ),
        (
            json!({"Dimensions": {"Location": {"GPSPoint": {"Coordinates": {"Latitude": 0, "Longitude": -181}}}}}),
            vec!["Dimensions.Location.GPSPoint.Coordinates.Longitude", "-181"],
        ),
        (
            json!({"Dimensions": {"Location": {"GPSPoint": {"Coordinates": {"Latitude": 0, "Longitude": 0}, "RangeInKilometers": -5}}}}),
            vec!["Dimensions.Location.GPSPoint.RangeInKilometers", "-5"],
        ),
        // Required members missing.
        (
            json!({"Dimensions": {"Attributes": {"plan": {"AttributeType": "INCLUSIVE"}}}}),
            vec!["Dimensions.Attributes.plan", "Values"],
        ),
        (
            json!({"Dimensions": {"Metrics": {"logins": {"Value": 1}}}}),
            vec!["Dimensions.Metrics.logins", "ComparisonOperator"],
        ),
        (
            json!({"Dimensions": {"Metrics": {"logins": {"ComparisonOperator": "EQUAL"}}}}),
            vec!["Dimensions.Metrics.logins", "Value"],
        ),
        (
            json!({"Dimensions": {"Location": {"GPSPoint": {"RangeInKilometers": 5}}}}),
            vec!["Dimensions.Location.GPSPoint", "Coordinates"],
        ),
        (
            json!({"SegmentGroups": {"Groups": [{"SourceSegments": [{"Version": 1}]}]}}),
            vec!["SegmentGroups.Groups[0].SourceSegments[0]", "Id"],
        ),
    ];
    for (body, parts) in cases {
        refused_segment(&h, body, &parts).await;
    }
    let listed = h
        .call_empty(Method::GET, &segments_path(DEFAULT_APP_ID))
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([]), "nothing was stored");

    // UpdateSegment checks the same, and a refused update changes nothing.
    let created = h
        .call_json(
            Method::POST,
            &segments_path(DEFAULT_APP_ID),
            &json!({"Name": "ok", "Dimensions": {"Demographic": {"Make": {"Values": ["Apple"]}}}}),
        )
        .await
        .expect(StatusCode::CREATED);
    let one = segment_path(DEFAULT_APP_ID, &created);
    let message = h
        .call_json(
            Method::PUT,
            &one,
            &json!({"Dimensions": {"UserAttributes": {"tier": {"AttributeType": "NOT_BETWEEN", "Values": ["a", "b"]}}}}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(
        message.contains("Dimensions.UserAttributes.tier.AttributeType"),
        "{message}"
    );
    let got = h.call_empty(Method::GET, &one).await.expect(StatusCode::OK);
    assert_eq!(got, created, "unchanged");
}

#[tokio::test]
async fn a_segment_has_at_most_100_dimensions() {
    let h = Harness::start().await;
    let attributes = |n: usize| -> Value {
        (0..n)
            .map(|i| (format!("a{i}"), json!({"Values": ["x"]})))
            .collect::<serde_json::Map<String, Value>>()
            .into()
    };
    // 99 attributes plus a metric is 100: accepted.
    h.call_json(
        Method::POST,
        &segments_path(DEFAULT_APP_ID),
        &json!({"Dimensions": {"Attributes": attributes(99),
                "Metrics": {"m": {"ComparisonOperator": "EQUAL", "Value": 1}}}}),
    )
    .await
    .expect(StatusCode::CREATED);
    // Two groups of 50 and 51: 101.
    refused_segment(
        &h,
        json!({"SegmentGroups": {"Groups": [
            {"Dimensions": [{"Attributes": attributes(50)}]},
            {"Dimensions": [{"UserAttributes": attributes(50)}, {"Location": {"Country": {"Values": ["US"]}}}]}
        ]}}),
        &["101 dimensions", "at most 100"],
    )
    .await;
}

#[tokio::test]
async fn source_segments_must_exist_in_the_application() {
    let h = Harness::start().await;
    let base = h
        .call_json(
            Method::POST,
            &segments_path(DEFAULT_APP_ID),
            &json!({"Name": "base", "Dimensions": {}}),
        )
        .await
        .expect(StatusCode::CREATED);
    let base_id = base["Id"].as_str().unwrap();
    let groups = |id: &str, version: Option<i64>| {
        let mut source = json!({ "Id": id });
        if let Some(v) = version {
            source["Version"] = json!(v);
        }
        json!({"Name": "derived", "SegmentGroups": {"Groups": [{"SourceSegments": [source]}]}})
    };
    refused_segment(
        &h,
        groups("0000000000000000000000000000dead", None),
        &[
            "SegmentGroups.Groups[0].SourceSegments[0].Id",
            "0000000000000000000000000000dead",
            DEFAULT_APP_ID,
        ],
    )
    .await;
    refused_segment(
        &h,
        groups(base_id, Some(2)),
        &["SourceSegments[0].Version", base_id, "no version 2"],
    )
    .await;
    // A segment of another application is not a source here.
    let other = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "other"}))
        .await
        .expect(StatusCode::CREATED);
    h.call_json(
        Method::POST,
        &segments_path(other["Id"].as_str().unwrap()),
        &groups(base_id, None),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    let derived = h
        .call_json(
            Method::POST,
            &segments_path(DEFAULT_APP_ID),
            &groups(base_id, Some(1)),
        )
        .await
        .expect(StatusCode::CREATED);
    // UpdateSegment checks the sources too.
    let one = segment_path(DEFAULT_APP_ID, &derived);
    let message = h
        .call_json(Method::PUT, &one, &groups("gone", None))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("gone"), "{message}");
}

// ----- segment versions -----

#[tokio::test]
async fn every_version_of_a_segment_is_kept_and_served() {
    let h = Harness::start_on_disk().await;
    let path = segments_path(DEFAULT_APP_ID);
    let v1 = h
        .call_json(
            Method::POST,
            &path,
            &json!({"Name": "v1", "Dimensions": {"Demographic": {"Platform": {"Values": ["iOS"]}}}}),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = v1["Id"].as_str().unwrap().to_string();
    let one = format!("{path}/{id}");
    let v2 = h
        .call_json(Method::PUT, &one, &json!({"Name": "v2"}))
        .await
        .expect(StatusCode::OK);
    // A refused update makes no version.
    h.call_json(
        Method::PUT,
        &one,
        &json!({"Dimensions": {"Demographic": {"Platform": {"DimensionType": "NO", "Values": ["a"]}}}}),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    let v3 = h
        .call_json(
            Method::PUT,
            &one,
            &json!({"Dimensions": {"Demographic": {"Platform": {"Values": ["Android"]}}}}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(v3["Version"], 3);

    let versions = format!("{one}/versions");
    let all = h
        .call_empty(Method::GET, &versions)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        all,
        json!({"Item": [v1, v2, v3]}),
        "oldest first, no NextToken"
    );
    let page = h
        .call_empty(Method::GET, &format!("{versions}?page-size=2"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["Item"], json!([v1, v2]));
    let token = page["NextToken"].as_str().expect("a NextToken");
    let rest = h
        .call_empty(
            Method::GET,
            &format!("{versions}?page-size=2&token={token}"),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(rest, json!({"Item": [v3]}));

    for (n, expected) in [(1, &v1), (2, &v2), (3, &v3)] {
        let got = h
            .call_empty(Method::GET, &format!("{versions}/{n}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(&got, expected, "version {n}");
    }
    h.call_empty(Method::GET, &format!("{versions}/4"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    let message = h
        .call_empty(Method::GET, &format!("{versions}/latest"))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("`latest`"), "{message}");
    for missing in [
        format!("{path}/nosuchsegment/versions"),
        format!("{path}/nosuchsegment/versions/1"),
        format!("/v1/apps/{UNKNOWN_APP}/segments/{id}/versions"),
    ] {
        h.call_empty(Method::GET, &missing)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    assert_eq!(
        stored_rows(h.db_path(), "segment_versions", DEFAULT_APP_ID),
        3
    );

    h.call_empty(Method::DELETE, &one)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        stored_rows(h.db_path(), "segment_versions", DEFAULT_APP_ID),
        0
    );
    h.call_empty(Method::GET, &versions)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

// ----- application settings -----

#[tokio::test]
async fn application_settings_start_empty_update_by_member_and_are_checked() {
    let h = Harness::start().await;
    let path = format!("/v1/apps/{DEFAULT_APP_ID}/settings");
    let app = h
        .call_empty(Method::GET, &format!("/v1/apps/{DEFAULT_APP_ID}"))
        .await
        .expect(StatusCode::OK);
    let fresh = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        fresh,
        json!({"ApplicationId": DEFAULT_APP_ID, "CampaignHook": {},
               "LastModifiedDate": app["CreationDate"], "Limits": {}, "QuietTime": {}})
    );

    let updated = h
        .call_json(
            Method::PUT,
            &path,
            &json!({"CloudWatchMetricsEnabled": true,
                    "Limits": {"Daily": 10, "MessagesPerSecond": 50},
                    "QuietTime": {"Start": "22:00", "End": "07:30"},
                    "CampaignHook": {"Mode": "FILTER", "LambdaFunctionName": "hook"}}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(updated["ApplicationId"], DEFAULT_APP_ID);
    assert_eq!(
        updated["Limits"],
        json!({"Daily": 10, "MessagesPerSecond": 50})
    );
    assert_eq!(
        updated["QuietTime"],
        json!({"Start": "22:00", "End": "07:30"})
    );
    assert_eq!(
        updated["CampaignHook"],
        json!({"Mode": "FILTER", "LambdaFunctionName": "hook"})
    );
    assert!(is_iso_millis(updated["LastModifiedDate"].as_str().unwrap()));
    assert!(updated.get("CloudWatchMetricsEnabled").is_none());
    let got = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(got, updated);

    // A member sent replaces the stored one; one left out is kept.
    let second = h
        .call_json(
            Method::PUT,
            &path,
            &json!({"JourneyLimits": {"DailyCap": 3, "TimeframeCap": {"Cap": 5, "Days": 7}}}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(second["Limits"], updated["Limits"]);
    assert_eq!(
        second["JourneyLimits"],
        json!({"DailyCap": 3, "TimeframeCap": {"Cap": 5, "Days": 7}})
    );

    for (body, member) in [
        (json!({"Limits": {"Daily": 101}}), "Limits.Daily"),
        (
            json!({"Limits": {"MessagesPerSecond": 0}}),
            "Limits.MessagesPerSecond",
        ),
        (
            json!({"Limits": {"MaximumDuration": 30}}),
            "Limits.MaximumDuration",
        ),
        (json!({"QuietTime": {"Start": "25:00"}}), "QuietTime.Start"),
        (
            json!({"CampaignHook": {"Mode": "SEND"}}),
            "CampaignHook.Mode",
        ),
        (
            json!({"JourneyLimits": {"TimeframeCap": {"Days": 31}}}),
            "JourneyLimits.TimeframeCap.Days",
        ),
        (json!({"QuietTimes": {}}), "QuietTimes"),
    ] {
        let message = h
            .call_json(Method::PUT, &path, &body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains(member), "{member} in {message}");
    }
    let unchanged = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(unchanged, second);

    let elsewhere = format!("/v1/apps/{UNKNOWN_APP}/settings");
    h.call_empty(Method::GET, &elsewhere)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    h.call_json(Method::PUT, &elsewhere, &json!({}))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn delete_app_removes_its_versions_settings_and_attribute_names() {
    let h = Harness::start_on_disk().await;
    let created = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "doomed"}))
        .await
        .expect(StatusCode::CREATED);
    let app = created["Id"].as_str().unwrap().to_string();
    h.call_json(
        Method::PUT,
        &endpoint_path(&app, "e"),
        &json!({"Attributes": {"a": ["1"]}, "Metrics": {"m": 1}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let segment = h
        .call_json(Method::POST, &segments_path(&app), &json!({"Name": "s"}))
        .await
        .expect(StatusCode::CREATED);
    h.call_json(
        Method::PUT,
        &segment_path(&app, &segment),
        &json!({"Name": "s2"}),
    )
    .await
    .expect(StatusCode::OK);
    h.call_json(
        Method::PUT,
        &format!("/v1/apps/{app}/settings"),
        &json!({"Limits": {"Daily": 1}}),
    )
    .await
    .expect(StatusCode::OK);
    let tables = ["segment_versions", "app_settings", "attribute_names"];
    let counts: Vec<i64> = tables
        .iter()
        .map(|t| stored_rows(h.db_path(), t, &app))
        .collect();
    assert_eq!(counts, [2, 1, 2]);
    h.call_empty(Method::DELETE, &format!("/v1/apps/{app}"))
        .await
        .expect(StatusCode::OK);
    for table in tables {
        assert_eq!(stored_rows(h.db_path(), table, &app), 0, "{table}");
    }
}

// ----- PhoneNumberValidate -----

#[tokio::test]
async fn phone_number_validate_answers_offline() {
    let h = Harness::start().await;
    let path = "/v1/phone/number/validate";
    let raw = h
        .call_json(
            Method::POST,
            path,
            &json!({"PhoneNumber": "+44 7911 123456"}),
        )
        .await;
    assert!(
        raw.header("x-pinpoint-console-offline")
            .contains("checked offline"),
        "the answer says it was given offline"
    );
    let valid = raw.expect(StatusCode::OK);
    assert_eq!(
        valid,
        json!({"CleansedPhoneNumberE164": "+447911123456", "CountryCodeNumeric": "44",
               "OriginalPhoneNumber": "+44 7911 123456", "PhoneType": "OTHER", "PhoneTypeCode": 4}),
        "+44 is shared by GB, GG, IM and JE: no CountryCodeIso2; no carrier is claimed"
    );
    let national = h
        .call_json(
            Method::POST,
            path,
            &json!({"PhoneNumber": "030 1234567", "IsoCountryCode": "DE"}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(national["CleansedPhoneNumberE164"], "+49301234567");
    assert_eq!(national["CountryCodeIso2"], "DE");
    assert_eq!(national["OriginalCountryCodeIso2"], "DE");
    let invalid = h
        .call_json(Method::POST, path, &json!({"PhoneNumber": "12345"}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        invalid,
        json!({"OriginalPhoneNumber": "12345", "PhoneType": "INVALID", "PhoneTypeCode": 3})
    );
    let message = h
        .call_json(Method::POST, path, &json!({}))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("PhoneNumber"), "{message}");
    let message = h
        .call_json(
            Method::POST,
            path,
            &json!({"PhoneNumber": "+12065550142", "IsoCountryCode": "ZZ"}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("`ZZ`"), "{message}");
    h.call_empty(Method::GET, path)
        .await
        .expect_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException");
}
