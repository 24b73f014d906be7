//! SOURCE arguments: a saved profile name, a JSON file in any supported shape, a profile
//! TOML file, or `-` for JSON on standard input.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};

use crate::model::UserInfo;
use crate::model::import::{Shape, parse_json};
use crate::store::paths::Paths;
use crate::store::profiles::{self, ProfileStore};

/// Where a form came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Profile(String),
    File { path: String, shape: Option<Shape> },
    Stdin(Shape),
}

impl Origin {
    /// The JSON shape it was read in, when it was JSON.
    pub fn shape(&self) -> Option<Shape> {
        match self {
            Origin::File { shape, .. } => *shape,
            Origin::Stdin(shape) => Some(*shape),
            Origin::Profile(_) => None,
        }
    }
}

/// Reads SOURCE into a form.
pub fn load(paths: &Paths, source: &str) -> anyhow::Result<(UserInfo, Origin)> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        let (shape, form) = parse_json(&text).map_err(|e| anyhow::anyhow!("<stdin>:{e}"))?;
        return Ok((form, Origin::Stdin(shape)));
    }
    let path = Path::new(source);
    let looks_like_file =
        source.contains(['/', '\\']) || source.ends_with(".json") || source.ends_with(".toml");
    if path.is_file() {
        return load_file(path);
    }
    if looks_like_file {
        bail!("{source}: no such file");
    }
    let store = ProfileStore::new(paths.profiles_dir());
    let form = store.load(source)?;
    Ok((form, Origin::Profile(source.to_string())))
}

/// Reads a JSON (any shape) or profile TOML file.
pub fn load_file(path: &Path) -> anyhow::Result<(UserInfo, Origin)> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let shown = path.display().to_string();
    if path.extension().is_some_and(|e| e == "toml") {
        let form = profiles::parse(path, &text)?;
        return Ok((
            form,
            Origin::File {
                path: shown,
                shape: None,
            },
        ));
    }
    let (shape, form) = parse_json(&text).map_err(|e| anyhow::anyhow!("{shown}:{e}"))?;
    Ok((
        form,
        Origin::File {
            path: shown,
            shape: Some(shape),
        },
    ))
}
