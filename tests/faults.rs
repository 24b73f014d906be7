//! Faults from the network: a misbehaving loopback server that answers 500s, 429s, never
//! answers, cuts its answer short, answers with something that is not JSON, or with JSON of
//! the wrong shape. For each, the CLI exits 1 within its timeout with one clear line on
//! stderr; the console (its real event loop, driven by scripted keys) shows the error,
//! keeps the form and stays responsive; and a call that never ends can be cancelled.
//!
//! The server counts the requests it received (retries happen and are bounded) and the
//! connections it held open that the client gave up on. Everything is on 127.0.0.1 and
//! bounded in time.

mod common;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use pinpoint_console::model::UserInfo;
use pinpoint_console::pinpoint::client::MAX_ATTEMPTS;
use pinpoint_console::store::paths::Paths;
use pinpoint_console::tui::app::App;

use common::console::{self, Keys, LoopEnd};
use common::{Home, Succeeds, no_instance_metadata, repo_file};

/// The timeout of the fault target in most tests.
const TIMEOUT_SECONDS: u64 = 2;
/// How long a CLI run may take at most: the timeout plus a small margin (start-up,
/// back-off).
const CLI_LIMIT: Duration = Duration::from_secs(TIMEOUT_SECONDS + 4);
/// The longest a console script waits for any one thing.
const WAIT: Duration = Duration::from_secs(10);
/// The longest a whole console script may take.
const WHOLE: Duration = Duration::from_secs(25);

// ----- the misbehaving server -----

/// How the server misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Every request: 500 InternalServerErrorException.
    ServerError,
    /// Every request: 429 TooManyRequestsException.
    Throttled,
    /// Accepts the connection, reads the request and never answers.
    Silent,
    /// Answers 200 with its headers and part of the body, then closes the connection.
    CutOff,
    /// Answers 200 with a body that is not JSON.
    NotJson,
    /// Answers 200 with JSON of the wrong shape: `{"Id": 5}` to a GET, `[1, 2]` otherwise.
    WrongShape,
    /// Accepts writes (202) but answers GetEndpoint with the wrong shape: the update
    /// lands, the fetch back fails.
    FetchFails,
    /// Throttles (429) the first `THROTTLED_AT_FIRST` requests, then accepts every write.
    ThrottledAtFirst,
    /// Accepts every write, each after `SLOW` (so that requests overlap).
    Slow,
}

/// How long `Fault::Slow` takes over each answer.
const SLOW: Duration = Duration::from_millis(40);

/// How many requests `Fault::ThrottledAtFirst` throttles: more than the SDK's own attempts
/// for one call, so that bulk's own backoff has to retry the batch.
const THROTTLED_AT_FIRST: usize = 6;

/// What the server does with one request.
enum Answer {
    /// Sends this and keeps the connection for the next request.
    Full(Vec<u8>),
    /// Sends this and closes the connection.
    Cut(Vec<u8>),
    /// Sends nothing; holds the connection until the client closes it.
    Never,
}

impl Fault {
    fn answer(self, method: &str, request_id: &str, nth: usize) -> Answer {
        let json = "application/json";
        match self {
            Fault::ThrottledAtFirst if nth <= THROTTLED_AT_FIRST => Answer::Full(error_response(
                "429 Too Many Requests",
                "TooManyRequestsException",
                "Too many requests",
                request_id,
            )),
            Fault::ThrottledAtFirst | Fault::Slow => {
                let body = format!(r#"{{"Message":"Accepted","RequestID":"{request_id}"}}"#);
                Answer::Full(response("202 Accepted", json, &body, request_id, &[]))
            }
            Fault::ServerError => Answer::Full(error_response(
                "500 Internal Server Error",
                "InternalServerErrorException",
                "Internal server error",
                request_id,
            )),
            Fault::Throttled => Answer::Full(error_response(
                "429 Too Many Requests",
                "TooManyRequestsException",
                "Too many requests",
                request_id,
            )),
            Fault::Silent => Answer::Never,
            Fault::CutOff => {
                let body = r#"{"Id": "qa-fault-0001", "ApplicationId": "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c", "Attributes": {"interests": ["music"]}}"#;
                let mut bytes = response_head("200 OK", json, body.len(), request_id, &[]);
                bytes.extend_from_slice(&body.as_bytes()[..body.len() / 3]);
                Answer::Cut(bytes)
            }
            Fault::NotJson => Answer::Full(response(
                "200 OK",
                "text/html",
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
                request_id,
                &[],
            )),
            Fault::FetchFails if method == "GET" => {
                Answer::Full(response("200 OK", json, r#"{"Id": 5}"#, request_id, &[]))
            }
            Fault::FetchFails => {
                let body = format!(r#"{{"Message":"Accepted","RequestID":"{request_id}"}}"#);
                Answer::Full(response("202 Accepted", json, &body, request_id, &[]))
            }
            Fault::WrongShape => {
                let body = if method == "GET" {
                    r#"{"Id": 5}"#
                } else {
                    "[1, 2]"
                };
                Answer::Full(response("200 OK", json, body, request_id, &[]))
            }
        }
    }
}

fn response_head(
    status: &str,
    content_type: &str,
    length: usize,
    request_id: &str,
    extra: &[(&str, &str)],
) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nx-amzn-RequestId: {request_id}\r\n"
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn response(
    status: &str,
    content_type: &str,
    body: &str,
    request_id: &str,
    extra: &[(&str, &str)],
) -> Vec<u8> {
    let mut bytes = response_head(status, content_type, body.len(), request_id, extra);
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

/// An error the way Pinpoint sends one.
fn error_response(status: &str, error_type: &str, message: &str, request_id: &str) -> Vec<u8> {
    let body = serde_json::json!({"Message": message, "RequestID": request_id}).to_string();
    response(
        status,
        "application/json",
        &body,
        request_id,
        &[("x-amzn-ErrorType", error_type)],
    )
}

/// What the server saw.
#[derive(Debug, Default)]
struct Stats {
    /// Requests received (each attempt of a call is one).
    requests: AtomicUsize,
    /// Connections held open without an answer that the client then closed.
    abandoned: AtomicUsize,
    /// Requests being answered now, and the most at any one time.
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// A loopback HTTP/1.1 server with one fault, on a runtime of its own (so it serves the
/// CLI's process and an in-process console alike); stopped when dropped.
struct FaultServer {
    url: String,
    stats: Arc<Stats>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl FaultServer {
    fn start(fault: Fault) -> FaultServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let stats = Arc::new(Stats::default());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let counts = Arc::clone(&stats);
        runtime.spawn(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, fault, Arc::clone(&counts)));
            }
        });
        FaultServer {
            url,
            stats,
            runtime: Some(runtime),
        }
    }

    fn requests(&self) -> usize {
        self.stats.requests.load(Ordering::SeqCst)
    }

    fn abandoned(&self) -> usize {
        self.stats.abandoned.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Serves the requests of one connection until it closes (or the fault closes it).
async fn serve(stream: TcpStream, fault: Fault, stats: Arc<Stats>) -> io::Result<()> {
    let mut stream = BufReader::new(stream);
    while let Some(method) = read_request(&mut stream).await? {
        let n = stats.requests.fetch_add(1, Ordering::SeqCst) + 1;
        let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
        if let Fault::Slow = fault {
            tokio::time::sleep(SLOW).await;
        }
        let answer = fault.answer(&method, &format!("fault-{n}"), n);
        stats.in_flight.fetch_sub(1, Ordering::SeqCst);
        match answer {
            Answer::Full(bytes) => stream.get_mut().write_all(&bytes).await?,
            Answer::Cut(bytes) => {
                stream.get_mut().write_all(&bytes).await?;
                return stream.get_mut().shutdown().await;
            }
            Answer::Never => {
                let mut buf = [0u8; 1024];
                while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
                stats.abandoned.fetch_add(1, Ordering::SeqCst);
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Reads one request (head and `Content-Length` body); returns its method, or `None` when
/// the client closed the connection.
async fn read_request(stream: &mut BufReader<TcpStream>) -> io::Result<Option<String>> {
    let mut line = String::new();
    if stream.read_line(&mut line).await? == 0 {
        return Ok(None);
    }
    let method = line
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let mut length = 0;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await?;
    Ok(Some(method))
}

// ----- what each fault must look like -----

/// What a call against a fault ends with.
struct Expected {
    /// The error name that starts the line.
    code: &'static str,
    /// A part of the message after it.
    message: &'static str,
    /// How many requests one call makes: every attempt when the error is retried
    /// (throttling, 5xx, a broken connection), one otherwise.
    requests: usize,
    /// The request id shown: the last answer's `x-amzn-RequestId`, when there was one.
    request_id: Option<String>,
}

fn expected(fault: Fault) -> Expected {
    let every_attempt = MAX_ATTEMPTS as usize;
    let (code, message, requests) = match fault {
        Fault::ServerError => (
            "InternalServerErrorException",
            "Internal server error",
            every_attempt,
        ),
        Fault::Throttled => (
            "TooManyRequestsException",
            "Too many requests",
            every_attempt,
        ),
        Fault::Silent => ("TimeoutError", "no answer from http://127.0.0.1:", 1),
        Fault::CutOff => (
            "ResponseError",
            "could not be read: error reading a body from connection: end of file before message length reached",
            every_attempt,
        ),
        Fault::NotJson => (
            "ResponseError",
            "(HTTP 200) could not be read: Error at offset 0: unexpected token '<'",
            1,
        ),
        Fault::WrongShape | Fault::FetchFails | Fault::ThrottledAtFirst | Fault::Slow => (
            "ResponseError",
            "(HTTP 200) could not be read: failed to parse JSON: expected",
            1,
        ),
    };
    Expected {
        code,
        message,
        requests,
        request_id: (fault != Fault::Silent).then(|| format!("fault-{requests}")),
    }
}

/// A home whose default target is the fault server.
fn home_on(server: &FaultServer, timeout_seconds: u64) -> Home {
    let home = Home::new();
    home.write(
        "config/config.toml",
        &format!(
            "default_target = \"fault\"\n\n[targets.fault]\nkind = \"sandbox\"\nendpoint_url = \"{}\"\ntimeout_seconds = {timeout_seconds}\n",
            server.url
        ),
    );
    home
}

// ----- the CLI -----

/// Runs the CLI against a fresh server with `fault` and checks it fails cleanly.
fn cli_fails_cleanly(fault: Fault, args: &[&str], about: &str) {
    let server = FaultServer::start(fault);
    let home = home_on(&server, TIMEOUT_SECONDS);
    let start = Instant::now();
    let output = home
        .cmd()
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let want = expected(fault);
    let what = format!("{fault:?} `{}`", args.join(" "));
    println!(
        "{what}: exit {:?} in {elapsed:.2?}, {} requests, stderr: {}",
        output.status.code(),
        server.requests(),
        stderr.trim_end()
    );
    assert_eq!(output.status.code(), Some(1), "{what}: {stderr}");
    assert!(elapsed < CLI_LIMIT, "{what} took {elapsed:?}");
    assert_eq!(stdout, "", "{what}: nothing on stdout");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: one line on stderr: {stderr}");
    let line = lines[0];
    assert!(
        line.starts_with(&format!("{about} in application {APP}: {}: ", want.code))
            && line.contains(want.message),
        "{what}: `{line}` names {about}, the application and {} ({})",
        want.code,
        want.message
    );
    match &want.request_id {
        Some(id) => assert!(
            line.ends_with(&format!(" (request id {id})")),
            "{what}: {line}"
        ),
        None => assert!(!line.contains("request id"), "{what}: {line}"),
    }
    assert_eq!(
        server.requests(),
        want.requests,
        "{what}: requests received"
    );
}

fn cli_get_and_put_fail_cleanly(fault: Fault) {
    cli_fails_cleanly(fault, &["get", "some-id"], "GetEndpoint some-id");
    let profile = repo_file("assets/profiles/qa-ios.json");
    cli_fails_cleanly(
        fault,
        &["put", profile.to_str().unwrap()],
        "UpdateEndpoint qa-ios-0001",
    );
}

#[test]
fn cli_on_500_names_the_exception_after_bounded_retries() {
    cli_get_and_put_fail_cleanly(Fault::ServerError);
}

#[test]
fn cli_on_429_retries_with_backoff_then_names_the_throttling() {
    cli_get_and_put_fail_cleanly(Fault::Throttled);
}

#[test]
fn cli_on_a_server_that_never_answers_times_out() {
    cli_get_and_put_fail_cleanly(Fault::Silent);
}

#[test]
fn cli_on_an_answer_cut_short_reports_it() {
    cli_get_and_put_fail_cleanly(Fault::CutOff);
}

#[test]
fn cli_on_an_answer_that_is_not_json_reports_it() {
    cli_get_and_put_fail_cleanly(Fault::NotJson);
}

#[test]
fn cli_on_json_of_the_wrong_shape_reports_it() {
    cli_get_and_put_fail_cleanly(Fault::WrongShape);
}

// ----- the console -----

const ENDPOINT_ID: &str = "qa-fault-0001";
/// The application of the fault target (the sandbox's default).
const APP: &str = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";
const USER_ID: &str = "qa-user-fault";
const ADDRESS: &str = "qa-fault@example.com";

/// What the script sees of the state after a redraw.
#[derive(Debug, Clone, Default)]
struct Seen {
    connected: bool,
    status: String,
    busy: bool,
    form: UserInfo,
    preview: String,
    landed: bool,
    dirty: bool,
    quit: bool,
    dialog_open: bool,
}

fn snapshot(app: &App) -> Seen {
    Seen {
        connected: app.connection().is_some(),
        status: app.status.text.clone(),
        busy: app.busy.is_some(),
        form: app.form.info.clone(),
        preview: app.preview_text(),
        landed: app.landed.is_some(),
        dirty: app.dirty(),
        quit: app.should_quit,
        dialog_open: app.dialog.is_some(),
    }
}

/// The form the script types.
fn typed_form() -> UserInfo {
    UserInfo {
        endpoint_id: Some(ENDPOINT_ID.into()),
        user_id: Some(USER_ID.into()),
        channel_type: Some("EMAIL".into()),
        address: Some(ADDRESS.into()),
        ..UserInfo::default()
    }
}

/// A console running the real event loop on a `TestBackend`, on the fault target.
struct Console {
    keys: Keys,
    seen: watch::Receiver<Seen>,
    event_loop: JoinHandle<LoopEnd>,
}

impl Console {
    fn start(paths: &Paths) -> Console {
        let (keys, seen, event_loop) = console::watched(paths, snapshot);
        Console {
            keys,
            seen,
            event_loop,
        }
    }

    /// The state after the last redraw.
    fn now(&self) -> Seen {
        self.seen.borrow().clone()
    }

    /// Waits (at most `WAIT`) until the state satisfies `ok`.
    async fn wait(&mut self, what: &str, ok: impl Fn(&Seen) -> bool) -> Seen {
        console::wait_for(&mut self.seen, WAIT, what, ok).await
    }

    /// Types the form from the first frame's field (Endpoint id), staying in the form.
    async fn fill(&mut self) -> Seen {
        self.keys.type_text(ENDPOINT_ID);
        self.keys.key(KeyCode::Down);
        self.keys.type_text(USER_ID);
        self.keys.key(KeyCode::Down);
        // Channel type cycles unset -> PUSH -> GCM -> ... EMAIL is the 10th value.
        for _ in 0..10 {
            self.keys.key(KeyCode::Right);
        }
        self.keys.key(KeyCode::Down);
        self.keys.type_text(ADDRESS);
        let form = typed_form();
        self.wait("the typed form", |s| s.form == form).await
    }

    /// Types into the field being edited (the address) and checks that the form and the
    /// preview follow.
    async fn still_responds(&mut self, suffix: &str) {
        let before = self.now();
        self.keys.type_text(suffix);
        let address = format!("{ADDRESS}{suffix}");
        let s = self
            .wait("the edit after the error", |s| {
                s.form.address.as_deref() == Some(address.as_str())
            })
            .await;
        assert!(
            s.preview.contains(&address) && s.preview != before.preview,
            "the preview follows the edit: {}",
            s.preview
        );
        assert_eq!(s.status, before.status, "typing leaves the status line");
    }

    /// Quits (discarding the unsaved form) and checks the loop ends cleanly.
    async fn quit(mut self) {
        self.keys.key(KeyCode::Esc);
        self.keys.type_text("q");
        let s = self
            .wait("the quit or its question", |s| s.quit || s.dialog_open)
            .await;
        if !s.quit {
            self.keys.type_text("y");
        }
        tokio::time::timeout(WAIT, self.event_loop)
            .await
            .expect("the loop returns after q")
            .expect("the loop task does not panic")
            .0
            .expect("the loop ends without an error");
    }
}

/// Runs `script` on a console connected to a fresh server with `fault`, on a runtime like
/// the console's, bounded by `WHOLE`; quits afterwards.
fn with_console(
    fault: Fault,
    timeout_seconds: u64,
    script: impl AsyncFnOnce(&mut Console, &FaultServer),
) {
    no_instance_metadata();
    let server = FaultServer::start(fault);
    let home = home_on(&server, timeout_seconds);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        tokio::time::timeout(WHOLE, async {
            let mut console = Console::start(&Paths::under(home.dir.path()));
            console
                .wait("the connection to the fault target", |s| s.connected)
                .await;
            script(&mut console, &server).await;
            console.quit().await;
        })
        .await
        .expect("the whole script finishes in time");
    });
}

/// Submits the typed form against `fault`: the status line names the error, the form is
/// kept, and the console still takes edits.
fn console_shows_the_error_and_keeps_the_form(fault: Fault) {
    with_console(fault, TIMEOUT_SECONDS, async |console, server| {
        let mut want = expected(fault);
        // A submit reads the stored endpoint first (GetEndpoint fails the same way, and does
        // not stop the write), then writes: twice the requests, the last answer the write's.
        want.requests *= 2;
        if want.request_id.is_some() {
            want.request_id = Some(format!("fault-{}", want.requests));
        }
        let typed = console.fill().await;
        console.keys.key(KeyCode::F(5));
        let s = console
            .wait("the submit to fail", |s| {
                !s.busy
                    && s.status.contains(&format!(
                        "UpdateEndpoint {ENDPOINT_ID} in application {APP} failed"
                    ))
            })
            .await;
        println!(
            "{fault:?} console: {} ({} requests)",
            s.status,
            server.requests()
        );
        assert!(
            s.status.contains(&format!("{}: ", want.code)) && s.status.contains(want.message),
            "the status names {} ({}): {}",
            want.code,
            want.message,
            s.status
        );
        assert_eq!(s.form, typed.form, "the form is kept");
        assert_eq!(s.preview, typed.preview, "the preview is the form's");
        assert!(s.dirty && !s.landed);
        if let Some(id) = &want.request_id {
            assert!(
                s.status.contains(&format!("request id {id}")),
                "{}",
                s.status
            );
        }
        assert_eq!(server.requests(), want.requests, "requests received");
        console.still_responds(".x").await;
    });
}

#[test]
fn bulk_backs_off_when_throttled_and_sends_everything() {
    let server = FaultServer::start(Fault::ThrottledAtFirst);
    let home = home_on(&server, 20);
    let out = home
        .cmd()
        .arg("bulk")
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .args([
            "--count",
            "250",
            "--concurrency",
            "1",
            "--endpoint-id",
            "t-{n}",
            "--user-id",
            "t-{n}",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("created or updated 250 endpoints"),
        "{stdout}"
    );
    // 3 batches; the first was throttled 6 times (4 attempts by the SDK, then bulk's own
    // retry after a pause, whose first 2 attempts were throttled too).
    assert_eq!(server.requests(), 3 + THROTTLED_AT_FIRST, "{stdout}");
    // Bulk counts its own calls (the SDK's attempts inside one call are not counted):
    // the first batch was sent twice.
    assert!(stdout.contains("4 requests)"), "{stdout}");
}

/// `count` endpoints as an import-job file (JSON lines with their `Id`).
fn import_file(home: &Home, prefix: &str, count: usize) -> std::path::PathBuf {
    let lines: String = (0..count)
        .map(|i| format!("{{\"Id\":\"{prefix}-{i}\",\"ChannelType\":\"EMAIL\",\"Address\":\"{prefix}-{i}@example.com\"}}\n"))
        .collect();
    home.write(&format!("{prefix}.jsonl"), &lines)
}

/// `import` into a target other than the built-in sandbox goes through UpdateEndpointsBatch
/// with bulk's machinery: throttling is backed off and the batch sent again.
#[test]
fn import_backs_off_when_throttled_and_sends_everything() {
    let server = FaultServer::start(Fault::ThrottledAtFirst);
    let home = home_on(&server, 20);
    let file = import_file(&home, "t", 250);
    let out = home
        .cmd()
        .arg("import")
        .arg(&file)
        .args(["--concurrency", "1", "--output", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["imported"], 250, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    // 3 batches; the first throttled 6 times (the SDK's attempts, then a pause and the
    // batch again), as bulk does.
    assert_eq!(server.requests(), 3 + THROTTLED_AT_FIRST, "{summary}");
    assert_eq!(summary["requests"], 4, "{summary}");
}

/// `import --concurrency N` keeps at most N requests in flight, as bulk does.
#[test]
fn import_keeps_at_most_its_concurrency_in_flight() {
    let server = FaultServer::start(Fault::Slow);
    let home = home_on(&server, 20);
    let file = import_file(&home, "c", 1200);
    home.cmd()
        .arg("import")
        .arg(&file)
        .args(["--concurrency", "3", "--output", "json"])
        .succeeds("");
    assert_eq!(server.requests(), 12);
    let most = server.stats.max_in_flight.load(Ordering::SeqCst);
    assert!((2..=3).contains(&most), "{most} requests in flight at most");
}

/// `--concurrency N` bounds the requests in flight: a server that takes a while over each
/// answer never sees more than N at once (and does see more than one).
#[test]
fn bulk_keeps_at_most_its_concurrency_in_flight() {
    let server = FaultServer::start(Fault::Slow);
    let home = home_on(&server, 20);
    let out = home
        .cmd()
        .arg("bulk")
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .args(["--count", "1200", "--concurrency", "3"])
        .args(["--endpoint-id", "c-{n}", "--user-id", "c-{n}"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(server.requests(), 12, "{stdout}");
    let most = server.stats.max_in_flight.load(Ordering::SeqCst);
    assert!((2..=3).contains(&most), "{most} requests in flight at most");
}

#[test]
fn cli_put_says_the_update_landed_when_the_fetch_back_fails() {
    let server = FaultServer::start(Fault::FetchFails);
    let home = home_on(&server, TIMEOUT_SECONDS);
    let out = home
        .cmd()
        .arg("put")
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("UpdateEndpoint was accepted (202), but fetching the endpoint back failed: GetEndpoint qa-ios-0001 in application {APP}: ResponseError: ")),
        "{stderr}"
    );
    assert_eq!(server.requests(), 2, "one PUT, one GET");
}

#[test]
fn console_says_the_update_landed_when_the_fetch_back_fails() {
    with_console(
        Fault::FetchFails,
        TIMEOUT_SECONDS,
        async |console, _server| {
            let typed = console.fill().await;
            console.keys.key(KeyCode::F(5));
            let s = console
                .wait("the submit to end", |s| {
                    !s.busy && s.status.contains("UpdateEndpoint 202")
                })
                .await;
            assert!(
                s.status
                    .contains(&format!("the update landed, but fetching it back failed: GetEndpoint {ENDPOINT_ID} in application {APP}: ResponseError")),
                "{}",
                s.status
            );
            assert!(!s.status.contains("UpdateEndpoint failed"), "{}", s.status);
            assert_eq!(s.form, typed.form, "the form is kept");
            assert!(!s.landed);
            console.still_responds(".x").await;
        },
    );
}

#[test]
fn console_on_500_shows_the_exception_and_keeps_the_form() {
    console_shows_the_error_and_keeps_the_form(Fault::ServerError);
}

#[test]
fn console_on_429_shows_the_throttling_and_keeps_the_form() {
    console_shows_the_error_and_keeps_the_form(Fault::Throttled);
}

#[test]
fn console_on_a_server_that_never_answers_shows_the_timeout() {
    console_shows_the_error_and_keeps_the_form(Fault::Silent);
}

#[test]
fn console_on_an_answer_cut_short_shows_it() {
    console_shows_the_error_and_keeps_the_form(Fault::CutOff);
}

#[test]
fn console_on_an_answer_that_is_not_json_shows_it() {
    console_shows_the_error_and_keeps_the_form(Fault::NotJson);
}

#[test]
fn console_on_json_of_the_wrong_shape_shows_it() {
    console_shows_the_error_and_keeps_the_form(Fault::WrongShape);
}

/// Polls `done` (at most `WAIT`).
async fn until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Submits against the server that never answers and cancels once it holds the request
/// (the `nth`): the console lets go at once, and so does the client (it closes the
/// connection: the call was dropped, not left running in the background).
async fn submit_and_cancel(console: &mut Console, server: &FaultServer, nth: usize) -> Seen {
    console.keys.key(KeyCode::F(5));
    console.wait("the call in flight", |s| s.busy).await;
    until("the request to reach the server", || {
        server.requests() == nth
    })
    .await;
    let pressed = Instant::now();
    console.keys.key(KeyCode::Esc);
    let s = console.wait("the cancel", |s| !s.busy).await;
    let took = pressed.elapsed();
    assert!(took < Duration::from_secs(1), "cancelled at once: {took:?}");
    assert!(
        s.status.contains("UpdateEndpoint cancelled"),
        "{}",
        s.status
    );
    until("the client to close the connection", || {
        server.abandoned() == nth
    })
    .await;
    s
}

#[test]
fn console_cancels_a_call_that_never_answers_at_once() {
    with_console(Fault::Silent, 30, async |console, server| {
        let typed = console.fill().await;
        let s = submit_and_cancel(console, server, 1).await;
        assert_eq!(s.form, typed.form, "the form is kept");
        // Nothing arrives later to change the state.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let later = console.now();
        assert!(!later.busy && !later.landed);
        assert_eq!(later.status, s.status, "no late result on the status line");
        assert_eq!(later.form, typed.form);
        assert_eq!(server.requests(), 1, "no retry after the cancel");
        // Still responsive: edits, and another call (cancelled as well).
        console.still_responds(".y").await;
        submit_and_cancel(console, server, 2).await;
    });
}
