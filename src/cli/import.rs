//! `import FILE...`: endpoints from Pinpoint export files (EndpointResponse JSON lines, plain
//! or gzip'd) and import-job files (JSON lines with `Id`, CSV with Pinpoint's column names),
//! files or folders, streamed. One thread reads and checks the lines while the endpoints are
//! applied a batch at a time: straight into the database of the built-in sandbox (one
//! transaction a batch), or with UpdateEndpointsBatch through any other target (the bulk
//! machinery: requests in flight bounded, throttling backed off). Each bad line is reported
//! as `file:line: message` and the others land; a summary gives the counts; the exit code is
//! 1 if any line failed.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use indicatif::ProgressBar;
use serde::Serialize;

use crate::model::endpoint_file::{
    Checked, CsvHeader, Format, MAX_LINE_BYTES, Record, csv_fields, is_blank, read_json_line, sniff,
};
use crate::model::wire::{EndpointBatchItem, EndpointResponse};
use crate::pinpoint::bulk::{BATCH_SIZE, send_each};
use crate::pinpoint::{AwsEnv, Client, ResolvedTarget, target};
use crate::sandbox::store::{Checkpointer, Imported, Ready, Store};
use crate::sandbox::{Database, Sandbox, new_id, now_iso};
use crate::store::config::{Config, TargetKind};
use crate::store::paths::Paths;

use super::output::OutputFormat;
use super::remote::{block_on, print_json};
use super::{GlobalArgs, say};

/// Lines a batch of the reading thread holds.
pub const BATCH_LINES: usize = 500;
/// The most endpoints a transaction of an import writes, and the longest it goes on: the
/// most a kill can lose (the same import again completes it), and the longest a `serve` on
/// the same database waits to write; then a pause in which such a writer takes its turn.
const TRANSACTION_LINES: usize = 20_000;
const TRANSACTION_TIME: Duration = Duration::from_millis(500);
const PAUSE: Duration = Duration::from_millis(2);
/// Batches read ahead of the one being applied.
const BATCHES_AHEAD: usize = 4;
/// The database's page cache while importing (it holds the three indexes an import writes
/// at random, 56 MB at 1,000,000 endpoints, beside the pages being filled), and how much
/// write-ahead log the importing thread lets build up before it checkpoints it itself; a
/// thread beside it copies the log into the database every [`CHECKPOINT_EVERY`], so that
/// little is left for it to copy.
const CACHE_MIB: u32 = 96;
const CHECKPOINT_MIB: u32 = 256;
const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);
/// The buffer of a file's reader.
const READ_BUFFER: usize = 256 * 1024;

/// Where a line is: `file:line`, or the file alone (`line` 0).
#[derive(Debug, Clone)]
pub struct Position {
    file: Arc<str>,
    line: u64,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}", self.file),
            line => write!(f, "{}:{line}", self.file),
        }
    }
}

/// One line read: its endpoint (checked as UpdateEndpoint checks a request, and made
/// [`Ready`] for the sandbox's database), or why it is not one.
struct Entry<T = Checked> {
    at: Position,
    read: Result<T, String>,
}

// ----- reading -----

/// Reads lines of at most `max` bytes (without their `\n`); a longer line is skipped to its
/// end without being held, and reported with its length.
struct Lines<R> {
    inner: R,
    max: usize,
    buf: Vec<u8>,
    number: u64,
}

enum Line<'a> {
    Text(&'a [u8]),
    TooLong(u64),
}

impl<R: BufRead> Lines<R> {
    fn new(inner: R, max: usize) -> Self {
        Lines {
            inner,
            max,
            buf: Vec::new(),
            number: 0,
        }
    }

    /// The number of the line being read (for an error while reading it).
    fn position(&self) -> u64 {
        self.number + 1
    }

    fn next_line(&mut self) -> std::io::Result<Option<(u64, Line<'_>)>> {
        self.buf.clear();
        let mut long: Option<u64> = None;
        let mut any = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let end = memchr::memchr(b'\n', available);
            let chunk = &available[..end.unwrap_or(available.len())];
            match long.as_mut() {
                Some(length) => *length += chunk.len() as u64,
                None if self.buf.len() + chunk.len() > self.max => {
                    long = Some((self.buf.len() + chunk.len()) as u64);
                    self.buf = Vec::new();
                }
                None => self.buf.extend_from_slice(chunk),
            }
            let used = end.map_or(available.len(), |at| at + 1);
            self.inner.consume(used);
            if end.is_some() {
                break;
            }
        }
        self.number += 1;
        let line = match long {
            Some(length) => Line::TooLong(length),
            None => Line::Text(&self.buf),
        };
        Ok(Some((self.number, line)))
    }
}

/// Counts the bytes read from a file (before any decompression), for the progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The files to read: each FILE, and every file under each folder (recursively, by name;
/// hidden ones left out). `-` is standard input.
fn expand(inputs: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, std::io::Error)>> {
    fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, (PathBuf, std::io::Error)>>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return out.push(Err((dir.to_path_buf(), e))),
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            // A link to a folder is not followed (it could lead back here).
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => walk(&path, out),
                Ok(_) => out.push(Ok(path)),
                Err(e) => out.push(Err((path, e))),
            }
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Ok(input.clone()));
            continue;
        }
        match std::fs::metadata(input) {
            Ok(meta) if meta.is_dir() => walk(input, &mut out),
            Ok(_) => out.push(Ok(input.clone())),
            Err(e) => out.push(Err((input.clone(), e))),
        }
    }
    out
}

/// Collects entries into batches of [`BATCH_LINES`] and hands each on; `deliver` answers
/// false when nothing more is wanted.
struct Batcher<F> {
    entries: Vec<Entry>,
    deliver: F,
    open: bool,
}

impl<F: FnMut(Vec<Entry>) -> bool> Batcher<F> {
    fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
        if self.entries.len() >= BATCH_LINES {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.entries.is_empty() && self.open {
            let batch = std::mem::replace(&mut self.entries, Vec::with_capacity(BATCH_LINES));
            self.open = (self.deliver)(batch);
        }
        self.entries.clear();
    }
}

/// What a read error means to the person reading the message.
fn read_error(e: &std::io::Error, gzip: bool) -> String {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof if gzip => {
            "the gzip data ends early (a truncated file?); the lines before were read".into()
        }
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData if gzip => {
            format!("the gzip data is corrupt ({e}); the lines before were read")
        }
        _ => format!("cannot read further: {e}"),
    }
}

/// Reads one file into entries.
fn read_file<F: FnMut(Vec<Entry>) -> bool>(
    path: &Path,
    read: &Arc<AtomicU64>,
    out: &mut Batcher<F>,
) {
    let name: Arc<str> = Arc::from(path.display().to_string());
    let at = |line| Position {
        file: Arc::clone(&name),
        line,
    };
    let source: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                return out.push(Entry {
                    at: at(0),
                    read: Err(format!("cannot open: {e}")),
                });
            }
        }
    };
    let mut raw = BufReader::with_capacity(
        READ_BUFFER,
        Counting {
            inner: source,
            read: Arc::clone(read),
        },
    );
    let gzip = match raw.fill_buf() {
        Ok(start) => start.starts_with(&[0x1f, 0x8b]),
        Err(e) => {
            return out.push(Entry {
                at: at(1),
                read: Err(read_error(&e, false)),
            });
        }
    };
    let mut reader: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(
            READ_BUFFER,
            flate2::bufread::MultiGzDecoder::new(raw),
        ))
    } else {
        Box::new(raw)
    };
    let format = match reader.fill_buf() {
        Ok(start) => sniff(start),
        Err(e) => {
            return out.push(Entry {
                at: at(1),
                read: Err(read_error(&e, gzip)),
            });
        }
    };
    let mut lines = Lines::new(reader, MAX_LINE_BYTES);
    let mut header: Option<CsvHeader> = None;
    let mut first = true;
    loop {
        let (number, line) = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                let position = lines.position();
                return out.push(Entry {
                    at: at(position),
                    read: Err(read_error(&e, gzip)),
                });
            }
        };
        let text = match line {
            Line::Text(text) if is_blank(text) => continue,
            Line::Text(text) => text,
            Line::TooLong(length) => {
                out.push(Entry {
                    at: at(number),
                    read: Err(format!(
                        "the line is {length} bytes; at most {MAX_LINE_BYTES} are read (an endpoint is at most 15 KB): skipped"
                    )),
                });
                first = false;
                continue;
            }
        };
        let read = match format {
            Format::JsonLines => {
                let read = read_json_line(text);
                // A first line that is not even a JSON object: a file of another shape.
                if first
                    && let Err(e) = &read
                    && e.is_not_an_object()
                {
                    return out.push(Entry {
                        at: at(number),
                        read: Err(format!(
                            "not a Pinpoint endpoint file (JSON lines, one endpoint a line, or CSV with Pinpoint's column names): {e}"
                        )),
                    });
                }
                read.map_err(|e| e.to_string())
            }
            Format::Csv => match &header {
                None => {
                    match csv_fields(text).and_then(|fields| CsvHeader::parse(&fields)) {
                        Ok(parsed) => header = Some(parsed),
                        Err(e) => {
                            return out.push(Entry {
                                at: at(number),
                                read: Err(format!("not a Pinpoint endpoint file: {e}")),
                            });
                        }
                    }
                    continue;
                }
                Some(header) => csv_fields(text).and_then(|fields| header.record(&fields)),
            },
        };
        first = false;
        out.push(Entry {
            at: at(number),
            read: read.and_then(Record::check),
        });
    }
}

/// What the reading thread's end means for the import: a panic there (a bug) stopped the
/// reading early, so the summary would count fewer lines than the files hold.
fn read_to_the_end(joined: std::thread::Result<()>) -> anyhow::Result<()> {
    joined.map_err(|_| {
        anyhow::anyhow!(
            "import stopped: reading the files failed unexpectedly (the lines before were imported; the same import again completes it)"
        )
    })
}

/// Reads every file in turn on a thread of its own, handing batches to `deliver`.
fn spawn_reader(
    files: Vec<PathBuf>,
    read: Arc<AtomicU64>,
    deliver: impl FnMut(Vec<Entry>) -> bool + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut out = Batcher {
            entries: Vec::with_capacity(BATCH_LINES),
            deliver,
            open: true,
        };
        for file in &files {
            if !out.open {
                break;
            }
            read_file(file, &read, &mut out);
        }
        out.flush();
    })
}

// ----- applying -----

/// The counts of a run.
#[derive(Debug, Default, Serialize)]
struct Summary {
    files: u64,
    /// Lines (or CSV rows) read, blank ones left out.
    lines: u64,
    imported: u64,
    /// Split of `imported` (known when the sandbox's database is written directly).
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<u64>,
    /// Problems reported: lines, and files that could not be read.
    failed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    requests: Option<u64>,
    seconds: f64,
    endpoints_per_second: f64,
}

/// Reports problems and counts, and draws the progress.
struct Tally {
    summary: Summary,
    bar: ProgressBar,
    read: Arc<AtomicU64>,
    started: Instant,
}

impl Tally {
    fn fail(&mut self, at: &Position, message: &str) {
        if at.line > 0 {
            self.summary.lines += 1;
        }
        self.summary.failed += 1;
        self.bar.suspend(|| say(&format!("{at}: {message}")));
    }

    fn landed(&mut self, how: Option<Imported>) {
        self.summary.lines += 1;
        self.summary.imported += 1;
        match how {
            Some(Imported::Created) => *self.summary.created.get_or_insert(0) += 1,
            Some(Imported::Updated) => *self.summary.updated.get_or_insert(0) += 1,
            None => {}
        }
    }

    fn draw(&self) {
        let seconds = self.started.elapsed().as_secs_f64().max(1e-9);
        self.bar.set_position(self.read.load(Ordering::Relaxed));
        self.bar.set_message(format!(
            "{} endpoints · {:.0}/s",
            self.summary.imported,
            self.summary.imported as f64 / seconds
        ));
    }
}

/// Hands the checked endpoints of the entries to a transaction, noting in order where each
/// entry was and what became of the ones that were no endpoint.
struct Feed<'a, I> {
    entries: &'a mut I,
    /// The entries handed on or refused since the last transaction: (where, the endpoint's
    /// id or why the line is none).
    passed: &'a mut Vec<(Position, Result<String, String>)>,
    ended: &'a mut bool,
}

impl<I: Iterator<Item = Entry<Ready>>> Iterator for Feed<'_, I> {
    type Item = Ready;

    fn next(&mut self) -> Option<Ready> {
        loop {
            let Some(entry) = self.entries.next() else {
                *self.ended = true;
                return None;
            };
            match entry.read {
                Ok(ready) => {
                    self.passed.push((entry.at, Ok(ready.id().to_string())));
                    return Some(ready);
                }
                Err(e) => self.passed.push((entry.at, Err(e))),
            }
        }
    }
}

/// Applies the entries to the sandbox's database, a transaction at a time (at most
/// [`TRANSACTION_LINES`] endpoints and [`TRANSACTION_TIME`]), reporting each problem in the
/// files' order; an error of the database itself stops the import.
fn into_store(
    store: &mut Store,
    app: &str,
    mut entries: impl Iterator<Item = Entry<Ready>>,
    tally: &mut Tally,
    mut spent: impl FnMut(EndpointResponse),
) -> anyhow::Result<()> {
    let mut passed = Vec::new();
    let mut ended = false;
    // The first transaction goes without the filter of the keys stored: an import that one
    // transaction holds does not pay for building it.
    let mut filter = false;
    while !ended {
        let mut feed = Feed {
            entries: &mut entries,
            passed: &mut passed,
            ended: &mut ended,
        }
        .take(TRANSACTION_LINES);
        let answers = store
            .import_endpoints(app, &mut feed, TRANSACTION_TIME, filter, &mut spent)
            .map_err(|e| {
                let at = passed.iter().find(|(_, read)| read.is_ok()).map(|(at, _)| at);
                anyhow::anyhow!(
                    "{}: import into application {app} stopped: {}: {} (the lines before this one are imported; the same import again completes it)",
                    at.map(ToString::to_string).unwrap_or_default(),
                    e.kind.name(),
                    e.message
                )
            })?;
        filter = true;
        let mut answers = answers.into_iter();
        for (at, read) in passed.drain(..) {
            match read {
                Err(e) => tally.fail(&at, &e),
                Ok(id) => match answers.next() {
                    Some(Ok(how)) => tally.landed(Some(how)),
                    Some(Err(e)) => tally.fail(
                        &at,
                        &format!("endpoint {id}: {}: {}", e.kind.name(), e.message),
                    ),
                    None => unreachable!("an answer for every endpoint handed on"),
                },
            }
        }
        tally.draw();
        // The database is left free for a moment: a writer waiting for it (a `serve` on the
        // same file) takes its turn.
        std::thread::sleep(PAUSE);
    }
    Ok(())
}

/// The entries of a batch in chunks holding at most one request's items.
fn chunks(batch: Vec<Entry>) -> Vec<Vec<Entry>> {
    let mut out = Vec::new();
    let mut chunk = Vec::new();
    let mut records = 0;
    for entry in batch {
        records += u64::from(entry.read.is_ok());
        chunk.push(entry);
        if records == BATCH_SIZE {
            out.push(std::mem::take(&mut chunk));
            records = 0;
        }
    }
    if !chunk.is_empty() {
        out.push(chunk);
    }
    out
}

/// Sends a chunk's endpoints (checked already) and answers for each entry in order.
async fn send_chunk(
    client: &Client,
    chunk: Vec<Entry>,
) -> (Vec<(Position, Result<(), String>)>, u64) {
    let mut items = Vec::new();
    let mut outcomes = Vec::with_capacity(chunk.len());
    for entry in chunk {
        let outcome = entry.read.map(|checked| {
            let record = checked.into_record();
            items.push(EndpointBatchItem::from_parts(record.id, record.request));
        });
        outcomes.push((entry.at, outcome));
    }
    let (answers, requests) = if items.is_empty() {
        (Vec::new(), 0)
    } else {
        send_each(client, &items).await
    };
    let mut answers = answers.into_iter().zip(&items);
    for (_, outcome) in outcomes.iter_mut().filter(|(_, o)| o.is_ok()) {
        if let Some((Err(e), item)) = answers.next() {
            *outcome = Err(format!(
                "endpoint {}: {e}",
                item.id.as_deref().unwrap_or_default()
            ));
        }
    }
    (outcomes, requests)
}

// ----- the command -----

/// How the endpoints reach the target.
enum Destination {
    /// The built-in sandbox's database, written directly.
    Database(PathBuf),
    /// The target's API.
    Service,
}

fn destination(target: &ResolvedTarget) -> Destination {
    match (target.kind, &target.endpoint_url) {
        (TargetKind::Sandbox, None) => Destination::Database(target.db.clone()),
        _ => Destination::Service,
    }
}

/// `import FILE... [--concurrency N]`.
pub fn run(
    paths: &Paths,
    global: &GlobalArgs,
    inputs: &[PathBuf],
    concurrency: u16,
) -> anyhow::Result<u8> {
    let config = Config::load(paths)?;
    let target = target::resolve(&config, &global.into(), &AwsEnv::from_process(), paths)?;
    if target.read_only {
        anyhow::bail!("target `{}` is read-only; import was not sent", target.name);
    }
    let output = global.output();
    let started = Instant::now();
    let mut files = Vec::new();
    let mut summary = Summary::default();
    for found in expand(inputs) {
        match found {
            Ok(path) => files.push(path),
            Err((path, e)) => {
                say(&format!("{}: cannot read: {e}", path.display()));
                summary.failed += 1;
            }
        }
    }
    summary.files = files.len() as u64;
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let read = Arc::new(AtomicU64::new(0));
    let bar = super::output::progress_bar(
        total,
        "{wide_bar} {bytes}/{total_bytes} · {msg} · eta {eta}",
    );
    let mut tally = Tally {
        summary,
        bar,
        read: Arc::clone(&read),
        started,
    };
    tracing::info!(target = %target.name, app = %target.application_id, files = files.len(), "import");
    let result = match destination(&target) {
        Destination::Database(db) => {
            // Written directly, the database says which endpoints are new.
            tally.summary.created = Some(0);
            tally.summary.updated = Some(0);
            let sandbox = Sandbox::open(&Database::File(db.clone()))?;
            let mut store = sandbox.writer();
            store
                .for_bulk_writes(CACHE_MIB, CHECKPOINT_MIB)
                .map_err(|e| anyhow::anyhow!(e.message))?;
            let checkpointer = Checkpointer::start(&db, CHECKPOINT_EVERY)
                .map_err(|e| anyhow::anyhow!(e.message))?;
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<_>>(BATCHES_AHEAD);
            // The endpoints written go back to the reading thread, which made them, to be
            // freed there.
            let (give_back, given_back) = std::sync::mpsc::channel::<Vec<EndpointResponse>>();
            let app = target.application_id.clone();
            // The reading thread also makes each endpoint ready (the endpoint it creates, as
            // its row), so that the writing thread mostly writes.
            let reader = spawn_reader(files, Arc::clone(&read), move |batch| {
                given_back.try_iter().for_each(drop);
                // An endpoint's EffectiveDate (and CreationDate) is the time its line was
                // read, a moment before it is written.
                let (now, request_id) = (now_iso(), new_id());
                let ready = |checked| Ready::new(checked, &app, &now, &request_id);
                let batch = batch.into_iter().map(|entry| Entry {
                    at: entry.at,
                    read: entry.read.map(ready),
                });
                send.send(batch.collect()).is_ok()
            });
            let entries = receive.iter().flatten();
            let mut spent = Vec::with_capacity(BATCH_LINES);
            let spent = |endpoint| {
                spent.push(endpoint);
                if spent.len() == BATCH_LINES {
                    let batch = std::mem::replace(&mut spent, Vec::with_capacity(BATCH_LINES));
                    // Once the reading thread has ended, the batch is freed here.
                    let _ = give_back.send(batch);
                }
            };
            let result = into_store(
                &mut store,
                &target.application_id,
                entries,
                &mut tally,
                spent,
            );
            drop(checkpointer);
            drop(receive);
            result.and(read_to_the_end(reader.join()))
        }
        Destination::Service => block_on(async {
            let client = crate::connect::connect(target.clone()).await?;
            let (send, mut receive) = tokio::sync::mpsc::channel::<Vec<Entry>>(BATCHES_AHEAD);
            let reader = spawn_reader(files, Arc::clone(&read), move |batch| {
                send.blocking_send(batch).is_ok()
            });
            let batches = futures::stream::poll_fn(|cx| receive.poll_recv(cx));
            let mut sent = batches
                .flat_map(|batch| futures::stream::iter(chunks(batch)))
                .map(|chunk| send_chunk(&client, chunk))
                .buffered(usize::from(concurrency.max(1)));
            let mut requests = 0;
            while let Some((outcomes, n)) = sent.next().await {
                requests += n;
                for (at, outcome) in outcomes {
                    match outcome {
                        Ok(()) => tally.landed(None),
                        Err(e) => tally.fail(&at, &e),
                    }
                }
                tally.draw();
            }
            drop(sent);
            tally.summary.requests = Some(requests);
            client.shutdown().await;
            let joined = tokio::task::spawn_blocking(move || reader.join()).await;
            read_to_the_end(joined.unwrap_or_else(|e| Err(Box::new(e))))
        })
        .and_then(|r| r),
    };
    tally.bar.finish_and_clear();
    let mut summary = tally.summary;
    summary.seconds = started.elapsed().as_secs_f64();
    summary.endpoints_per_second = if summary.seconds > 0.0 {
        summary.imported as f64 / summary.seconds
    } else {
        0.0
    };
    result?;
    match output.format {
        OutputFormat::Json => print_json(&summary),
        OutputFormat::Table => out!("{}", summary_line(&summary)),
    }
    Ok(u8::from(summary.failed > 0))
}

/// `imported 998 endpoints (990 new, 8 updated) from 2 files in 0.05 s (19960 endpoints/s);
/// 2 failed` (lines, and files that could not be read).
fn summary_line(s: &Summary) -> String {
    let split = match (s.created, s.updated) {
        (None, None) => String::new(),
        (created, updated) => format!(
            " ({} new, {} updated)",
            created.unwrap_or(0),
            updated.unwrap_or(0)
        ),
    };
    let failed = match s.failed {
        0 => String::new(),
        n => format!("; {n} failed"),
    };
    format!(
        "imported {}{split} from {} in {:.2} s ({:.0} endpoints/s){failed}",
        crate::text::counted(s.imported, "endpoint"),
        crate::text::counted(s.files, "file"),
        s.seconds,
        s.endpoints_per_second,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8], max: usize) -> Vec<String> {
        let mut reader = Lines::new(std::io::BufReader::with_capacity(4, text), max);
        let mut out = Vec::new();
        while let Some((n, line)) = reader.next_line().unwrap() {
            out.push(match line {
                Line::Text(t) => format!("{n}:{}", String::from_utf8_lossy(t)),
                Line::TooLong(length) => format!("{n}:too long ({length})"),
            });
        }
        out
    }

    #[test]
    fn a_line_over_the_bound_is_skipped_to_its_end() {
        assert_eq!(
            lines(b"ab\n0123456789abc\nlast", 8),
            ["1:ab", "2:too long (13)", "3:last"]
        );
        assert_eq!(lines(b"a\n\nb\n", 8), ["1:a", "2:", "3:b"]);
        assert_eq!(lines(b"", 8), Vec::<String>::new());
        assert_eq!(
            lines(b"12345678\n123456789", 8),
            ["1:12345678", "2:too long (9)"]
        );
    }

    #[test]
    fn chunks_hold_one_requests_items_and_keep_the_failures_in_place() {
        let entry = |line, ok: bool| Entry {
            at: Position {
                file: Arc::from("f"),
                line,
            },
            read: if ok {
                Record {
                    id: format!("e{line}"),
                    request: Default::default(),
                    kept: Default::default(),
                }
                .check()
            } else {
                Err("bad".into())
            },
        };
        let batch: Vec<Entry> = (1..=250).map(|i| entry(i, i % 50 != 0)).collect();
        let split = chunks(batch);
        let sizes: Vec<(usize, usize)> = split
            .iter()
            .map(|c| (c.len(), c.iter().filter(|e| e.read.is_ok()).count()))
            .collect();
        assert_eq!(sizes, [(102, 100), (102, 100), (46, 45)]);
        let order: Vec<u64> = split.iter().flatten().map(|e| e.at.line).collect();
        assert_eq!(order, (1..=250).collect::<Vec<_>>());
    }
}
