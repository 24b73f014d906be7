//! The registry of attribute names per application, by type (endpoint-custom-attributes,
//! endpoint-metric-attributes, endpoint-user-attributes): what the 250-name quota counts
//! and what RemoveAttributes removes. It is updated in the transaction of the write.
//!
//! A name is registered when an update sends it (with values or with `[]`). RemoveAttributes
//! takes the names matching its Blacklist out of the registry and keeps the Blacklist: as
//! Pinpoint documents, it then stops capturing new or changed values for those names (an
//! update's values for them are dropped, and they do not count again), while endpoints keep
//! the values they had.

use std::collections::HashSet;

use indexmap::IndexMap;
use rusqlite::{Connection, params};
use wildmatch::WildMatch;

use crate::model::enums::EndpointAttributeType;
use crate::model::validate::MAX_NAMES;
use crate::rules::Fresh;

use super::super::error::ApiError;

/// The names an update sends, by type (the names it clears too).
fn sent_names(fresh: &Fresh) -> [(EndpointAttributeType, Vec<&String>); 3] {
    let endpoint = &fresh.endpoint;
    let user = endpoint
        .user
        .as_ref()
        .and_then(|u| u.user_attributes.as_ref());
    [
        (
            EndpointAttributeType::Custom,
            endpoint
                .attributes
                .iter()
                .flat_map(|m| m.keys())
                .chain(&fresh.cleared.attributes)
                .collect(),
        ),
        (
            EndpointAttributeType::Metric,
            endpoint.metrics.iter().flat_map(|m| m.keys()).collect(),
        ),
        (
            EndpointAttributeType::User,
            user.iter()
                .flat_map(|m| m.keys())
                .chain(&fresh.cleared.user_attributes)
                .collect(),
        ),
    ]
}

/// Drops from an update the names a RemoveAttributes Blacklist matches, type by type.
pub(super) fn drop_removed(
    tx: &Connection,
    app_id: &str,
    fresh: &mut Fresh,
) -> Result<(), ApiError> {
    strip(fresh, &removed_patterns(tx, app_id)?);
    Ok(())
}

/// The application's RemoveAttributes patterns: (attribute type, pattern).
fn removed_patterns(tx: &Connection, app_id: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut select = tx.prepare_cached(
        "SELECT attribute_type, pattern FROM removed_attribute_names WHERE app_id = ?1",
    )?;
    let patterns = select
        .query_map([app_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<(String, String)>, _>>()?;
    Ok(patterns)
}

/// Drops from an update the names `patterns` match, type by type; says whether it dropped
/// any.
fn strip(fresh: &mut Fresh, patterns: &[(String, String)]) -> bool {
    if patterns.is_empty() {
        return false;
    }
    let kept = |kind: EndpointAttributeType, name: &str| {
        !patterns
            .iter()
            .any(|(t, p)| t == kind.as_str() && WildMatch::new(p).matches(name))
    };
    let endpoint = &mut fresh.endpoint;
    let user = endpoint.user.as_mut().map(|u| &mut u.user_attributes);
    let cleared = &mut fresh.cleared;
    // Each kind is stripped, whatever the others drop.
    [
        retain_names(&mut endpoint.attributes, |n| {
            kept(EndpointAttributeType::Custom, n)
        }),
        retain_names(&mut endpoint.metrics, |n| {
            kept(EndpointAttributeType::Metric, n)
        }),
        user.is_some_and(|map| retain_names(map, |n| kept(EndpointAttributeType::User, n))),
        retain_list(&mut cleared.attributes, |n| {
            kept(EndpointAttributeType::Custom, n)
        }),
        retain_list(&mut cleared.user_attributes, |n| {
            kept(EndpointAttributeType::User, n)
        }),
    ]
    .contains(&true)
}

/// Keeps the names `keep` answers for; a map left empty is none (as a new endpoint has it).
/// Says whether it dropped any.
fn retain_names<V>(map: &mut Option<IndexMap<String, V>>, keep: impl Fn(&str) -> bool) -> bool {
    let Some(m) = map.as_mut() else { return false };
    let before = m.len();
    m.retain(|name, _| keep(name));
    if m.is_empty() {
        *map = None;
    }
    map.as_ref().map_or(0, IndexMap::len) != before
}

/// Keeps the names `keep` answers for; says whether it dropped any.
fn retain_list(names: &mut Vec<String>, keep: impl Fn(&str) -> bool) -> bool {
    let before = names.len();
    names.retain(|n| keep(n));
    names.len() != before
}

fn over_quota(app_id: &str, count: usize) -> ApiError {
    ApiError::bad_request(format!(
        "Exceeded the quota of {MAX_NAMES} attribute names per application: application {app_id} would have {count} distinct names across Attributes, Metrics and UserAttributes (RemoveAttributes frees names)"
    ))
}

/// Registers the names an update sends; refuses (400) when the application would then have
/// more than `MAX_NAMES` names.
pub(super) fn register(tx: &Connection, app_id: &str, fresh: &Fresh) -> Result<(), ApiError> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO attribute_names (app_id, attribute_type, name) VALUES (?1, ?2, ?3)",
    )?;
    let mut added = 0;
    for (kind, names) in sent_names(fresh) {
        for name in names {
            added += insert.execute(params![app_id, kind.as_str(), name])?;
        }
    }
    if added == 0 {
        return Ok(());
    }
    let count = registered(tx, app_id)?;
    if count > MAX_NAMES {
        return Err(over_quota(app_id, count));
    }
    Ok(())
}

/// An application's registry read once for many updates in one transaction (an import's
/// batch): what it holds cannot change under it, so each update's names are looked up here
/// and only new ones are written.
pub(super) struct Registry {
    app_id: String,
    /// The registered names of each type, in the order of [`KINDS`].
    known: [HashSet<String>; 3],
    removed: Vec<(String, String)>,
    /// New names of the update being applied (the index of their type in [`KINDS`]),
    /// registered once nothing can refuse it.
    pending: Vec<(usize, String)>,
}

/// The types of names, as [`sent_names`] gives them.
const KINDS: [EndpointAttributeType; 3] = [
    EndpointAttributeType::Custom,
    EndpointAttributeType::Metric,
    EndpointAttributeType::User,
];

impl Registry {
    pub(super) fn load(tx: &Connection, app_id: &str) -> Result<Registry, ApiError> {
        let mut select = tx
            .prepare_cached("SELECT attribute_type, name FROM attribute_names WHERE app_id = ?1")?;
        let mut known: [HashSet<String>; 3] = Default::default();
        let rows = select.query_map([app_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (kind, name) = row?;
            if let Some(at) = KINDS.iter().position(|k| k.as_str() == kind) {
                known[at].insert(name);
            }
        }
        Ok(Registry {
            app_id: app_id.to_string(),
            known,
            removed: removed_patterns(tx, app_id)?,
            pending: Vec::new(),
        })
    }

    /// [`drop_removed`], from what was read; says whether it dropped any name.
    pub(super) fn drop_removed(&self, fresh: &mut Fresh) -> bool {
        strip(fresh, &self.removed)
    }

    /// [`register`]'s quota, from what was read: notes the update's new names and refuses
    /// (400) when the application would then have too many. Nothing is written yet.
    pub(super) fn check(&mut self, fresh: &Fresh) -> Result<(), ApiError> {
        self.pending.clear();
        for (at, (_, names)) in sent_names(fresh).into_iter().enumerate() {
            for name in names {
                let noted = |p: &(usize, String)| p.0 == at && p.1 == *name;
                if !self.known[at].contains(name.as_str()) && !self.pending.iter().any(noted) {
                    self.pending.push((at, name.clone()));
                }
            }
        }
        let count = self.known.iter().map(HashSet::len).sum::<usize>() + self.pending.len();
        if !self.pending.is_empty() && count > MAX_NAMES {
            self.pending.clear();
            return Err(over_quota(&self.app_id, count));
        }
        Ok(())
    }

    /// Registers the names [`Registry::check`] noted, now known.
    pub(super) fn write_pending(&mut self, tx: &Connection) -> Result<(), ApiError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO attribute_names (app_id, attribute_type, name) VALUES (?1, ?2, ?3)",
        )?;
        for (at, name) in self.pending.drain(..) {
            insert.execute(params![self.app_id, KINDS[at].as_str(), name])?;
            self.known[at].insert(name);
        }
        Ok(())
    }
}

/// How many names the application has registered, all types together.
pub(super) fn registered(tx: &Connection, app_id: &str) -> Result<usize, ApiError> {
    Ok(tx
        .prepare_cached("SELECT COUNT(*) FROM attribute_names WHERE app_id = ?1")?
        .query_row([app_id], |r| r.get(0))?)
}

/// Removes the names of one type that equal or match (`*` any run of characters, `?` one
/// character) any of `patterns`, and keeps the patterns so that those names are no longer
/// captured; returns the names removed, sorted.
pub(super) fn remove(
    tx: &Connection,
    app_id: &str,
    kind: EndpointAttributeType,
    patterns: &[String],
) -> Result<Vec<String>, ApiError> {
    let matchers: Vec<WildMatch> = patterns.iter().map(|p| WildMatch::new(p)).collect();
    let mut select = tx.prepare_cached(
        "SELECT name FROM attribute_names WHERE app_id = ?1 AND attribute_type = ?2 ORDER BY name",
    )?;
    let names = select
        .query_map(params![app_id, kind.as_str()], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<String>, _>>()?;
    let removed: Vec<String> = names
        .into_iter()
        .filter(|name| matchers.iter().any(|m| m.matches(name)))
        .collect();
    let mut delete = tx.prepare_cached(
        "DELETE FROM attribute_names WHERE app_id = ?1 AND attribute_type = ?2 AND name = ?3",
    )?;
    for name in &removed {
        delete.execute(params![app_id, kind.as_str(), name])?;
    }
    let mut keep = tx.prepare_cached(
        "INSERT OR IGNORE INTO removed_attribute_names (app_id, attribute_type, pattern) VALUES (?1, ?2, ?3)",
    )?;
    for pattern in patterns {
        keep.execute(params![app_id, kind.as_str(), pattern])?;
    }
    Ok(removed)
}
