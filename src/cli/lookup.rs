//! Naming a resource by its id or by its name, wherever an id is asked for: an id wins over
//! a name, and a name that several resources share is an error that lists their ids.

use crate::model::wire::{CampaignResponse, SegmentResponse};
use crate::pinpoint::{CallError, Client, ErrorKind};

/// A resource people may name by its id or its name.
pub trait Named {
    /// What it is, for messages (`segment`).
    const KIND: &'static str;
    fn id(&self) -> &str;
    fn name(&self) -> Option<&str>;
}

/// `Named` for wire types with an `id` and an optional `name`, each of its kind.
macro_rules! named {
    ($($type:ty => $kind:literal),+ $(,)?) => {
        $(impl Named for $type {
            const KIND: &'static str = $kind;

            fn id(&self) -> &str {
                &self.id
            }

            fn name(&self) -> Option<&str> {
                self.name.as_deref()
            }
        })+
    };
}

named! {
    SegmentResponse => "segment",
    CampaignResponse => "campaign",
}

/// What a name or id given by a person stands for.
#[derive(Debug, PartialEq)]
pub enum Found<'a, T> {
    One(&'a T),
    Nothing,
    /// Several resources have that name (and none that id).
    Several(Vec<&'a T>),
}

/// The resource whose id is `key`, or else the one whose name is `key` (exactly).
pub fn by_id_or_name<'a, T: Named>(items: &'a [T], key: &str) -> Found<'a, T> {
    if let Some(item) = items.iter().find(|i| i.id() == key) {
        return Found::One(item);
    }
    let mut named: Vec<&T> = items.iter().filter(|i| i.name() == Some(key)).collect();
    match named.len() {
        0 => Found::Nothing,
        1 => Found::One(named.remove(0)),
        _ => Found::Several(named),
    }
}

/// The resource `key` names among `items` (the application's), or an error: none has that
/// id or name (`NotFoundException: no segment `x` in application …`), or several have that
/// name.
pub fn resolve<'a, T: Named>(
    items: &'a [T],
    key: &str,
    application: &str,
) -> anyhow::Result<&'a T> {
    match by_id_or_name(items, key) {
        Found::One(item) => Ok(item),
        Found::Nothing => anyhow::bail!(
            "NotFoundException: no {} `{key}` in application {application}",
            T::KIND
        ),
        Found::Several(several) => Err(ambiguous(key, &several, application)),
    }
}

/// The resource `key` names, from the client's application: `get` on `key` as an id; when
/// no resource has that id, the one named `key` among `list`'s. Neither an id nor a name: the
/// service's error for the id.
pub async fn fetch<T: Named + Clone>(
    client: &Client,
    key: &str,
    get: impl AsyncFnOnce(&str) -> Result<T, CallError>,
    list: impl AsyncFnOnce() -> Result<Vec<T>, CallError>,
) -> anyhow::Result<T> {
    let by_id = match get(key).await {
        Ok(found) => return Ok(found),
        // Not an id the service knows (a name may not even be a valid id): try the names.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::BadRequest) => e,
        Err(e) => return Err(e.into()),
    };
    let items = list().await?;
    let application = &client.target().application_id;
    match by_id_or_name(&items, key) {
        Found::One(item) => Ok(item.clone()),
        Found::Nothing => Err(by_id.into()),
        Found::Several(several) => Err(ambiguous(key, &several, application)),
    }
}

/// The error for a name several resources share: it lists their ids.
pub fn ambiguous<T: Named>(key: &str, several: &[&T], application: &str) -> anyhow::Error {
    let ids: Vec<&str> = several.iter().map(|i| i.id()).collect();
    anyhow::anyhow!(
        "{} {kind}s in application {application} are named `{key}`: {}; name one by its id",
        several.len(),
        ids.join(", "),
        kind = T::KIND,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(id: &str, name: &str) -> SegmentResponse {
        SegmentResponse {
            id: id.into(),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    #[test]
    fn an_id_wins_over_a_name_and_a_shared_name_lists_the_ids() {
        let segments = [
            segment("s1", "premium"),
            segment("s2", "twice"),
            segment("s3", "twice"),
            segment("s4", "s1"),
        ];
        assert_eq!(
            by_id_or_name(&segments, "premium"),
            Found::One(&segments[0])
        );
        assert_eq!(by_id_or_name(&segments, "s1"), Found::One(&segments[0]));
        assert_eq!(by_id_or_name(&segments, "s4"), Found::One(&segments[3]));
        assert_eq!(by_id_or_name(&segments, "Premium"), Found::Nothing);
        let Found::Several(several) = by_id_or_name(&segments, "twice") else {
            panic!("two segments are named twice");
        };
        assert_eq!(
            ambiguous("twice", &several, "app-1").to_string(),
            "2 segments in application app-1 are named `twice`: s2, s3; name one by its id"
        );
        assert_eq!(resolve(&segments, "s4", "app-1").unwrap().id, "s4");
        assert_eq!(
            resolve(&segments, "twice", "app-1")
                .unwrap_err()
                .to_string(),
            "2 segments in application app-1 are named `twice`: s2, s3; name one by its id"
        );
        assert_eq!(
            resolve(&segments, "none", "app-1").unwrap_err().to_string(),
            "NotFoundException: no segment `none` in application app-1"
        );
    }
}
