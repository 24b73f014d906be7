//! Pinpoint's operations by HTTP method and path, from the service model (the table is
//! generated from botocore's service-2.json by tools/pinpoint_operations.py), so that a
//! request for an operation the sandbox does not serve is answered as such (501
//! NotImplementedException naming it) rather than as a path that does not exist.

mod table;

pub use table::OPERATIONS;

use super::error::{ApiError, ErrorKind};

/// One operation of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// As the model names it (`GetCampaigns`).
    pub name: &'static str,
    pub method: &'static str,
    /// The URI template (`/v1/apps/{application-id}/campaigns`).
    pub uri: &'static str,
}

/// What the model says about a method and a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The operation at this method and path.
    Operation(&'static Operation),
    /// The path is an operation's, but not with this method.
    OtherMethod,
    /// No operation has this path.
    NoOperation,
}

impl Operation {
    /// Whether `path` (as sent: percent-encoded, without the query) fits the URI template:
    /// a literal segment equals, `{label}` takes one non-empty segment, `{label+}` one or
    /// more. A query in the template is not part of the path. `None` when it does not fit;
    /// otherwise how many segments were literal, the root's empty one included (the more,
    /// the more specific the match).
    fn fit(&self, path: &str) -> Option<usize> {
        let template = self.uri.split('?').next().unwrap_or_default();
        let mut wanted = template.split('/');
        let mut given = path.split('/');
        let mut literal = 0;
        loop {
            match (wanted.next(), given.next()) {
                (None, None) => return Some(literal),
                (Some(label), Some(first)) if label.starts_with('{') && label.ends_with("+}") => {
                    // Greedy: the rest of the path, at least one non-empty segment.
                    let rest_empty = first.is_empty() && given.all(str::is_empty);
                    return (!rest_empty && wanted.next().is_none()).then_some(literal);
                }
                (Some(label), Some(segment)) if label.starts_with('{') && label.ends_with('}') => {
                    if segment.is_empty() {
                        return None;
                    }
                }
                (Some(word), Some(segment)) if word == segment => literal += 1,
                _ => return None,
            }
        }
    }

    /// `GetCampaigns (GET /v1/apps/{application-id}/campaigns) is not implemented by the
    /// pinpoint-console sandbox`, as a 501 NotImplementedException: not a modelled error,
    /// so no client takes it for a missing resource, and no SDK retries it.
    pub fn not_implemented(&self) -> ApiError {
        ApiError::new(
            ErrorKind::NotImplemented,
            format!(
                "{} ({} {}) is not implemented by the pinpoint-console sandbox",
                self.name, self.method, self.uri
            ),
        )
    }
}

/// The model's operation for `method` and `path`; when several templates fit, the one
/// with the most literal segments.
pub fn lookup(method: &str, path: &str) -> Lookup {
    let mut best: Option<(usize, &'static Operation)> = None;
    let mut path_known = false;
    for op in OPERATIONS {
        let Some(literal) = op.fit(path) else {
            continue;
        };
        path_known = true;
        if op.method.eq_ignore_ascii_case(method) && best.is_none_or(|(most, _)| literal > most) {
            best = Some((literal, op));
        }
    }
    match best {
        Some((_, op)) => Lookup::Operation(op),
        None if path_known => Lookup::OtherMethod,
        None => Lookup::NoOperation,
    }
}

/// The answer to a request no route serves: 501 for a modelled operation, 405 for a
/// modelled path with another method, 404 for a path that is no operation's.
pub fn unserved(method: &str, path: &str) -> ApiError {
    match lookup(method, path) {
        Lookup::Operation(op) => op.not_implemented(),
        Lookup::OtherMethod => ApiError::method_not_allowed(),
        Lookup::NoOperation => ApiError::not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(uri: &'static str) -> Operation {
        Operation {
            name: "Test",
            method: "GET",
            uri,
        }
    }

    fn name(method: &str, path: &str) -> Option<&'static str> {
        match lookup(method, path) {
            Lookup::Operation(op) => Some(op.name),
            _ => None,
        }
    }

    #[test]
    fn labels_take_one_non_empty_segment() {
        let o = op("/v1/apps/{application-id}/campaigns");
        assert_eq!(o.fit("/v1/apps/abc/campaigns"), Some(4));
        assert_eq!(o.fit("/v1/apps/a%2Fb/campaigns"), Some(4));
        assert_eq!(o.fit("/v1/apps//campaigns"), None);
        assert_eq!(o.fit("/v1/apps/a/b/campaigns"), None);
        assert_eq!(o.fit("/v1/apps/abc/campaigns/"), None);
        assert_eq!(o.fit("/v1/apps/abc"), None);
    }

    #[test]
    fn a_greedy_label_takes_the_rest() {
        let o = op("/v1/files/{Key+}");
        assert_eq!(o.fit("/v1/files/a"), Some(3));
        assert_eq!(o.fit("/v1/files/a/b/c"), Some(3));
        assert_eq!(o.fit("/v1/files/"), None);
        assert_eq!(o.fit("/v1/files"), None);
        let o = op("/v1/files/{Key+}?list");
        assert_eq!(o.fit("/v1/files/a/b"), Some(3));
    }

    #[test]
    fn the_table_names_operations_by_method_and_path() {
        assert_eq!(name("GET", "/v1/apps/x/campaigns"), Some("GetCampaigns"));
        assert_eq!(name("POST", "/v1/apps/x/campaigns"), Some("CreateCampaign"));
        assert_eq!(
            name("get", "/v1/apps/x/channels/sms"),
            Some("GetSmsChannel")
        );
        assert_eq!(
            name("PUT", "/v1/templates/t/sms/active-version"),
            Some("UpdateTemplateActiveVersion")
        );
        assert_eq!(name("GET", "/v1/templates/t/sms"), Some("GetSmsTemplate"));
        assert_eq!(name("GET", "/v1/apps/x/endpoints/e"), Some("GetEndpoint"));
        assert_eq!(lookup("PATCH", "/v1/apps/x/campaigns"), Lookup::OtherMethod);
        assert_eq!(lookup("GET", "/v1/apps/x/nothing"), Lookup::NoOperation);
        assert_eq!(lookup("GET", "/v2/apps"), Lookup::NoOperation);
    }

    #[test]
    fn the_answers_name_the_operation_or_keep_404_and_405() {
        let e = unserved("GET", "/v1/apps/x/campaigns");
        assert_eq!(e.kind, ErrorKind::NotImplemented);
        assert_eq!(
            e.message,
            "GetCampaigns (GET /v1/apps/{application-id}/campaigns) is not implemented by the \
             pinpoint-console sandbox"
        );
        assert_eq!(
            unserved("DELETE", "/v1/apps/x/campaigns").kind,
            ErrorKind::MethodNotAllowed
        );
        assert_eq!(unserved("GET", "/v1/nothing").kind, ErrorKind::NotFound);
    }

    #[test]
    fn every_operation_is_found_at_its_own_template() {
        for op in OPERATIONS {
            let path = op.uri.split('?').next().unwrap().replace('{', "x{");
            assert_eq!(
                lookup(op.method, &path),
                Lookup::Operation(op),
                "{} {}",
                op.method,
                op.uri
            );
        }
        assert!(OPERATIONS.len() > 100, "the whole model");
    }
}
