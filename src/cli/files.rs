//! Commands that take request files (`segments create a.json b.json`, `campaigns create`,
//! `templates create`): a file that does not parse is named with its line and column; with
//! several files each is read and sent in turn, a file that cannot be read or is refused is
//! reported on stderr (naming the file) and the others go on, and the exit code is 1 if any
//! failed.

use anyhow::Context;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::pinpoint::Client;
use crate::store::paths::Paths;

use super::remote::{print_json, with_client};
use super::render::{self, Column, cut, whole};
use super::{GlobalArgs, report};

/// Reads a request body from a JSON file: `path:line:column: message` when it does not
/// parse (an unknown member is named).
pub fn read_json<T: DeserializeOwned>(file: &str) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(file).with_context(|| file.to_string())?;
    serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{file}:{}", crate::model::import::ImportError::from(e)))
}

/// How `create_each` reads, sends and shows one file's request.
pub struct Creation<Read, Create, Row> {
    /// The two columns the table shows of what was created (after FILE and RESULT).
    pub columns: [Column; 2],
    /// Reads a file into a request (nothing is sent yet).
    pub read: Read,
    /// Sends one request.
    pub create: Create,
    /// The two cells of a created one.
    pub row: Row,
}

/// [`create_each`] for what the table shows by its id and its name (segments, campaigns).
pub fn create_named<R, T: Serialize>(
    paths: &Paths,
    global: &GlobalArgs,
    files: &[String],
    read: impl Fn(&str) -> anyhow::Result<R>,
    create: impl AsyncFnMut(&Client, &R) -> anyhow::Result<T>,
    id_and_name: impl Fn(&T) -> (&String, &Option<String>),
) -> anyhow::Result<u8> {
    let row = |_: &R, created: &T| {
        let (id, name) = id_and_name(created);
        [id.clone(), name.clone().unwrap_or_default()]
    };
    let columns = [whole("ID"), cut("NAME")];
    let how = Creation {
        columns,
        read,
        create,
        row,
    };
    create_each(paths, global, files, how)
}

/// Reads every file, then sends each request in turn. JSON: each answer in turn, one document
/// after another; table: one line per file (created, or failed). Exit 1 if any failed.
pub fn create_each<R, T, Read, Create, Row>(
    paths: &Paths,
    global: &GlobalArgs,
    files: &[String],
    mut how: Creation<Read, Create, Row>,
) -> anyhow::Result<u8>
where
    T: Serialize,
    Read: Fn(&str) -> anyhow::Result<R>,
    Create: AsyncFnMut(&Client, &R) -> anyhow::Result<T>,
    Row: Fn(&R, &T) -> [String; 2],
{
    let output = global.output();
    let requests: Vec<(&String, Option<R>)> = files
        .iter()
        .map(|file| (file, (how.read)(file).inspect_err(report).ok()))
        .collect();
    let mut rows: Vec<(&String, Option<[String; 2]>)> = Vec::new();
    if requests.iter().any(|(_, r)| r.is_some()) {
        with_client(paths, global, async |client| {
            for (file, request) in &requests {
                let cells = match request {
                    Some(request) => match (how.create)(client, request).await {
                        Ok(done) => {
                            if output.is_json() {
                                print_json(&done);
                            }
                            Some((how.row)(request, &done))
                        }
                        Err(e) => {
                            report(&e.context(file.to_string()));
                            None
                        }
                    },
                    None => None,
                };
                rows.push((file, cells));
            }
            Ok(())
        })?;
    } else {
        rows = requests.iter().map(|(file, _)| (*file, None)).collect();
    }
    if !output.is_json() {
        let lines = rows
            .iter()
            .map(|(file, cells)| {
                let (result, [a, b]) = match cells {
                    Some(cells) => ("created", cells.clone()),
                    None => ("failed", Default::default()),
                };
                vec![file.to_string(), result.into(), a, b]
            })
            .collect();
        let [a, b] = how.columns;
        let header = [whole("FILE"), whole("RESULT"), a, b];
        out!("{}", render::table(&header, lines, output.width));
    }
    Ok(match rows.iter().all(|(_, cells)| cells.is_some()) {
        true => 0,
        false => 1,
    })
}
