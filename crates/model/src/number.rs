//! Numbers as JavaScript prints them: a whole number without a fraction (`157`, not
//! `157.0`), so previews and exports match what Amplify sends and read back unchanged.

use indexmap::IndexMap;
use serde::Serializer;

/// Largest magnitude at which every whole f64 is exact (2^53).
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

fn number<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite()
        && v.fract() == 0.0
        && v.abs() <= EXACT_INTEGER_LIMIT
        && !(v == 0.0 && v.is_sign_negative())
    {
        s.serialize_i64(v as i64)
    } else {
        s.serialize_f64(v)
    }
}

/// A number as the JSON shows it, for people: `157`, `47.6`.
pub fn text(v: f64) -> String {
    serde_json::to_string(&Whole(v)).unwrap_or_else(|_| v.to_string())
}

/// For `f64` fields.
pub fn plain<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    number(*v, s)
}

/// For `Option<f64>` fields.
pub fn opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(*v, s),
        None => s.serialize_none(),
    }
}

/// A map of numbers, printed as [`number`] does.
pub struct Numbers<'a>(pub &'a IndexMap<String, f64>);

impl serde::Serialize for Numbers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, Whole(*v))))
    }
}

struct Whole(f64);

impl serde::Serialize for Whole {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        number(self.0, s)
    }
}

/// For metric maps.
pub fn map<S: Serializer>(v: &IndexMap<String, f64>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&Numbers(v), s)
}

/// For optional metric maps.
pub fn opt_map<S: Serializer>(v: &Option<IndexMap<String, f64>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(m) => s.serialize_some(&Numbers(m)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct T {
        #[serde(serialize_with = "opt")]
        a: Option<f64>,
        #[serde(serialize_with = "map")]
        m: IndexMap<String, f64>,
    }

    #[test]
    fn whole_numbers_print_without_a_fraction() {
        let cases = [
            (157.0, "157"),
            (47.6, "47.6"),
            (-3.0, "-3"),
            (-0.0, "-0.0"),
            (1e300, "1e+300"),
            (0.5, "0.5"),
        ];
        for (v, text) in cases {
            let json = serde_json::to_string(&T {
                a: Some(v),
                m: IndexMap::from([("x".into(), v)]),
            })
            .unwrap();
            assert_eq!(json, format!(r#"{{"a":{text},"m":{{"x":{text}}}}}"#), "{v}");
        }
    }
}
