//! `export [FILE|-] [--segment SEGMENT] [--gzip]`: every endpoint of the application, or of
//! one segment, in Pinpoint's export format (EndpointResponse JSON, one endpoint a line,
//! gzip'd on request), streamed from the sandbox's database: Pinpoint has no operation that
//! lists an application's endpoints (its export jobs wrote them to S3). A FILE is written
//! beside itself and renamed into place at the end, so that an export cut short leaves no
//! half file.

use std::io::{BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;
use time::OffsetDateTime;

use crate::model::segment::Verdict;
use crate::sandbox::error::ApiError;
use crate::sandbox::{Database, Sandbox};
use crate::store::paths::Paths;
use crate::text::escape_controls;

use super::GlobalArgs;
use super::output::OutputFormat;
use super::remote::print_json;

/// What an export did.
#[derive(Debug, Serialize)]
struct Summary {
    endpoints: u64,
    /// Endpoints read (all of the application's, with --segment).
    read: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment_id: Option<String>,
    file: String,
    gzip: bool,
    bytes: u64,
    seconds: f64,
    endpoints_per_second: f64,
}

/// Why an export stopped: the database, or the output.
enum Stop {
    Store(ApiError),
    Write(std::io::Error),
}

impl From<ApiError> for Stop {
    fn from(e: ApiError) -> Self {
        Stop::Store(e)
    }
}

/// The output, gzip'd or not.
enum Sink<W: Write> {
    Plain(W),
    Gzip(Box<flate2::write::GzEncoder<W>>),
}

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Gzip(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.flush(),
        }
    }
}

impl<W: Write> Sink<W> {
    /// Writes what is buffered (and gzip's trailer).
    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Plain(mut w) => w.flush(),
            Sink::Gzip(w) => w.finish()?.flush(),
        }
    }
}

/// Counts what goes through.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `export [FILE|-] [--segment SEGMENT] [--gzip]`.
pub fn run(
    paths: &Paths,
    global: &GlobalArgs,
    file: Option<&str>,
    segment: Option<&str>,
    gzip: bool,
) -> anyhow::Result<u8> {
    let target = super::sizes::database_target(paths, global, "export")?;
    let app = target.application_id.clone();
    let to_stdout = file.is_none_or(|f| f == "-");
    let gzip = gzip || file.is_some_and(|f| f.ends_with(".gz"));
    let sandbox = Sandbox::open(&Database::File(target.db.clone()))?;
    let store = sandbox.writer();

    let (segments, chosen) = match segment {
        Some(key) => {
            let (segments, id) = super::sizes::find_segment(&store, &app, key)?;
            (segments, Some(id))
        }
        None => (Vec::new(), None),
    };

    let started = Instant::now();
    // Into a file: a temporary file beside it, renamed into place once complete.
    let (sink, temporary): (Box<dyn Write>, Option<tempfile::NamedTempFile>) = if to_stdout {
        (Box::new(std::io::stdout().lock()), None)
    } else {
        let path = Path::new(file.unwrap_or_default());
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temporary = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("{}: cannot write there", path.display()))?;
        let handle = temporary
            .reopen()
            .with_context(|| path.display().to_string())?;
        (Box::new(handle), Some(temporary))
    };
    let mut counted = Counted {
        inner: sink,
        bytes: 0,
    };
    let mut read = 0;
    let mut written = 0;
    let terminal = to_stdout && std::io::stdout().is_terminal();
    let outcome = {
        let buffered = BufWriter::with_capacity(256 * 1024, &mut counted);
        let mut out = if gzip {
            Sink::Gzip(Box::new(flate2::write::GzEncoder::new(
                buffered,
                flate2::Compression::fast(),
            )))
        } else {
            Sink::Plain(buffered)
        };
        let mut write = |line: &str| {
            // On a terminal no stored value may drive it: its control characters are escaped.
            let line = match terminal {
                true => escape_controls(line),
                false => line.into(),
            };
            out.write_all(line.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .map_err(Stop::Write)?;
            written += 1;
            Ok(())
        };
        let result = match &chosen {
            None => store.for_each_endpoint::<Stop>(&app, |body| {
                read += 1;
                write(body)
            }),
            // The segment's members, decided as `segments count` decides them.
            Some(id) => store.decide_segments::<Stop>(
                &app,
                &segments,
                &[id.as_str()],
                OffsetDateTime::now_utc(),
                None,
                true,
                |decided| {
                    read += 1;
                    if decided.verdicts[0] == Verdict::Match
                        && let Some(body) = decided.body
                    {
                        write(body)?;
                    }
                    Ok(ControlFlow::Continue(()))
                },
            ),
        };
        result.and_then(|_| out.finish().map_err(Stop::Write))
    };
    let where_to = file.filter(|_| !to_stdout).unwrap_or("-").to_string();
    match outcome {
        Ok(()) => {}
        Err(Stop::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(Stop::Write(e)) => anyhow::bail!("{where_to}: cannot write: {e}"),
        Err(Stop::Store(e)) => anyhow::bail!(
            "export of application {app}: {}: {}",
            e.kind.name(),
            e.message
        ),
    }
    let bytes = counted.bytes;
    drop(counted);
    if let Some(temporary) = temporary {
        let file = temporary.as_file();
        file.sync_all()
            .with_context(|| format!("{where_to}: cannot write"))?;
        temporary
            .persist(&where_to)
            .map_err(|e| anyhow::anyhow!("{where_to}: cannot write: {}", e.error))?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let summary = Summary {
        endpoints: written,
        read,
        segment_id: chosen,
        file: where_to,
        gzip,
        bytes,
        seconds,
        endpoints_per_second: if seconds > 0.0 {
            written as f64 / seconds
        } else {
            0.0
        },
    };
    let line = format!(
        "exported {} to {}{} in {:.2} s ({:.0} endpoints/s, {:.1} MB)",
        crate::text::counted(summary.endpoints, "endpoint"),
        summary.file,
        if summary.gzip { " (gzip)" } else { "" },
        summary.seconds,
        summary.endpoints_per_second,
        summary.bytes as f64 / 1e6,
    );
    if to_stdout {
        // Standard output holds the endpoints: the summary goes beside them.
        eprintln!("{line}");
    } else {
        match global.output().format {
            OutputFormat::Json => print_json(&summary),
            OutputFormat::Table => out!("{line}"),
        }
    }
    Ok(0)
}
