//! The keys an import may find stored: a Bloom filter of the id, user and active-address
//! numbers ([`super::key_hash`]) of every stored endpoint, so that an import skips looking up
//! a key that is certainly not stored, as most keys of a new audience are not (each lookup
//! searches an index of the whole table). The filter answers "perhaps" or "no", never a
//! wrong "no": a "perhaps" is looked up as before.
//!
//! It stays right while the connection that built it is the only writer of endpoints: a
//! commit by another connection (a `serve` on the same file) changes SQLite's
//! `data_version`, and the filter is then built again; a write of the same store outside an
//! import drops it (see `Store::transaction`).

use fastbloom::BloomFilter;
use foldhash::fast::FixedState;
use rusqlite::Connection;

/// What a key numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Id,
    User,
    /// The address of an ACTIVE endpoint.
    Address,
}

/// The keys noted, in one filter.
pub struct Known {
    filter: BloomFilter<FixedState>,
    /// SQLite's `data_version` when it was built.
    version: i64,
    /// How many keys it was made for, and how many it holds (a key noted again, or one the
    /// filter lets through, is not counted).
    capacity: usize,
    held: usize,
}

/// Bits per key the filter is made for, and bits set per key: a key not stored gets through
/// to a lookup one time in 70 when the filter is full, and a check of one costs mostly one
/// read of memory (two for a key noted).
const BITS_PER_KEY: usize = 16;
const HASHES: u32 = 2;
/// A filter is made for half as many keys again as the indexes hold (room for what the
/// import adds), for at least 4,000,000 keys (8 MB) and at most 32,000,000 (64 MB: past
/// that, more keys not stored get through to a lookup).
const LEAST_CAPACITY: usize = 4_000_000;
const MOST_CAPACITY: usize = 32_000_000;
/// The filter's hashing is seeded, so that it answers the same in every run.
const SEED: u64 = 0x5eed_0f6b_6e6f_776e;

/// The statements that read every key of one kind, from its index alone.
const KEYS: [(Kind, &str); 3] = [
    (
        Kind::Id,
        "SELECT id_hash FROM endpoints INDEXED BY endpoints_by_id",
    ),
    (
        Kind::User,
        "SELECT user_hash FROM endpoints INDEXED BY endpoints_by_user WHERE user_hash IS NOT NULL",
    ),
    (
        Kind::Address,
        "SELECT address_hash FROM endpoints INDEXED BY endpoints_by_active_address WHERE active = 1 AND address_hash IS NOT NULL",
    ),
];

impl Known {
    /// The filter for a write transaction `tx`: the one in `known` when it still holds
    /// (no other connection has written since it was built, and it is not over-full while a
    /// larger one could be made), else one built from the indexes as `tx` sees them.
    pub fn refresh<'a>(
        known: &'a mut Option<Known>,
        tx: &Connection,
    ) -> Result<&'a mut Known, rusqlite::Error> {
        let version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        match known {
            Some(k)
                if k.version == version
                    && (k.held <= k.capacity || k.capacity >= MOST_CAPACITY) => {}
            _ => *known = Some(Self::build(tx, version)?),
        }
        Ok(known.as_mut().expect("kept or just built"))
    }

    fn build(tx: &Connection, version: i64) -> Result<Known, rusqlite::Error> {
        // Row ids only grow, so the largest bounds how many rows there are.
        let rows: i64 = tx.query_row("SELECT coalesce(max(rowid), 0) FROM endpoints", [], |r| {
            r.get(0)
        })?;
        let keys = usize::try_from(rows).unwrap_or_default() * KEYS.len();
        let capacity = (keys + keys / 2).clamp(LEAST_CAPACITY, MOST_CAPACITY);
        let mut known = Known {
            filter: BloomFilter::with_num_bits(capacity * BITS_PER_KEY)
                .hasher(FixedState::with_seed(SEED))
                .hashes(HASHES),
            version,
            capacity,
            held: 0,
        };
        for (kind, sql) in KEYS {
            let mut select = tx.prepare(sql)?;
            let mut rows = select.query([])?;
            while let Some(row) = rows.next()? {
                known.check_in(kind, row.get(0)?);
            }
        }
        Ok(known)
    }

    /// Whether a key of `kind` numbered `hash` may be stored already ("no" is certain); it
    /// is noted as stored from then on, as the update that asks stores its keys (one that is
    /// refused after all leaves a key noted that costs a lookup, never a wrong answer).
    pub fn check_in(&mut self, kind: Kind, hash: i64) -> bool {
        let held_already = self.filter.insert(&(kind, hash));
        self.held += usize::from(!held_already);
        held_already
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn every_stored_key_may_be_held_and_others_mostly_not() {
        let store = Store::in_memory("now").unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO endpoints (app_id, id_key, id_hash, user_hash, address_hash, active, body)
                 VALUES ('a', 'e1', 11, 21, 31, 1, '{}'), ('a', 'e2', 12, NULL, 32, 0, '{}')",
            )
            .unwrap();
        let mut known = None;
        let k = Known::refresh(&mut known, &store.conn).unwrap();
        assert!(k.check_in(Kind::Id, 11) && k.check_in(Kind::Id, 12));
        assert!(k.check_in(Kind::User, 21));
        assert!(k.check_in(Kind::Address, 31));
        // Only an ACTIVE endpoint's address is a key; a number is a key of its kind only.
        let others = [
            (Kind::Address, 32),
            (Kind::User, 11),
            (Kind::Id, 21),
            (Kind::Id, 99),
        ];
        let through = others
            .iter()
            .filter(|(kind, h)| k.check_in(*kind, *h))
            .count();
        assert_eq!(through, 0, "a filter this empty lets none of four through");
        assert!(k.check_in(Kind::Id, 99), "noted when asked about");
    }

    #[test]
    fn a_filter_noted_past_its_capacity_is_built_again() {
        let store = Store::in_memory("now").unwrap();
        let mut known = None;
        let k = Known::refresh(&mut known, &store.conn).unwrap();
        // More than it is made for, some of which it lets through as held already.
        let keys = LEAST_CAPACITY + LEAST_CAPACITY / 10;
        for hash in 0..i64::try_from(keys).unwrap() {
            k.check_in(Kind::Id, hash);
        }
        assert!(k.held > k.capacity, "{} of {}", k.held, k.capacity);
        assert!(k.check_in(Kind::Id, 5));
        let k = Known::refresh(&mut known, &store.conn).unwrap();
        assert!(
            !k.check_in(Kind::Id, 5),
            "built from the indexes, which have none"
        );
    }

    #[test]
    fn a_write_by_another_connection_builds_it_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = Store::open(&path, "now").unwrap();
        let other = Store::open(&path, "now").unwrap();
        let mut known = None;
        // A read by this connection, and its own notes, keep the filter as it is.
        let k = Known::refresh(&mut known, &store.conn).unwrap();
        assert!(!k.check_in(Kind::User, 5));
        let k = Known::refresh(&mut known, &store.conn).unwrap();
        assert!(k.check_in(Kind::User, 5), "kept");
        other
            .conn
            .execute(
                "INSERT INTO endpoints (app_id, id_key, id_hash, body) VALUES ('a', 'e', 7, '{}')",
                [],
            )
            .unwrap();
        let k = Known::refresh(&mut known, &store.conn).unwrap();
        assert!(k.check_in(Kind::Id, 7), "built again, with the other's row");
        assert!(!k.check_in(Kind::User, 5), "built from the indexes alone");
    }
}
