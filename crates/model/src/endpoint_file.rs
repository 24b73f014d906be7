//! Endpoint files, one endpoint at a time: a line of a Pinpoint export (EndpointResponse
//! JSON, what its export jobs wrote), a line of an import-job JSON file (an endpoint
//! definition: an EndpointRequest with its `Id`), or a row of an import-job CSV file (a
//! header of Pinpoint's dotted column names, `Attributes.interests`, `Location.Country`...;
//! a name given in several columns holds several values). Text in, an endpoint or a one-line
//! reason out; reading the files is the caller's.
//!
//! An export line keeps what only the service writes (CreationDate, CohortId, EffectiveDate)
//! so that an import of an export gives back the same endpoints; ApplicationId is the
//! importing application's.

use std::sync::LazyLock;

use serde_json::error::Category;
use serde_json::value::RawValue;

use super::fields::{self, FIELDS, Mut, Section, Slot, Value};
use super::validate::{problems_line, request_errors};
use super::wire::{EndpointRequest, EndpointResponse};

/// The longest line (or CSV row) read: an endpoint is at most 15 KB of request JSON, so a
/// longer line is no endpoint and is skipped without being held whole.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// One endpoint read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    /// What UpdateEndpoint would be sent for it.
    pub request: EndpointRequest,
    /// What the line says that a request cannot carry.
    pub kept: Kept,
}

/// A record whose request passed Pinpoint's per-request checks (quotas, ids, ranges,
/// enumerations: [`request_errors`]); only [`Record::check`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked(Record);

impl Record {
    /// Pinpoint's per-request checks, as UpdateEndpoint makes them: the record, or one line
    /// saying what Pinpoint would refuse (`endpoint ID: path: message; ...`).
    pub fn check(self) -> Result<Checked, String> {
        let problems = request_errors(&self.id, &self.request);
        if problems.is_empty() {
            Ok(Checked(self))
        } else {
            Err(format!(
                "endpoint {}: {}",
                self.id,
                problems_line(&problems)
            ))
        }
    }
}

impl Checked {
    pub fn record(&self) -> &Record {
        &self.0
    }

    pub fn into_record(self) -> Record {
        self.0
    }
}

/// The members of an export line that only the service writes; the sandbox's import keeps
/// them (a request cannot set them on Pinpoint).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    pub creation_date: Option<String>,
    pub cohort_id: Option<String>,
    /// The export line's EffectiveDate (an import-job line's is not kept: UpdateEndpoint's
    /// rule applies, the time of the update).
    pub effective_date: Option<String>,
}

/// How a file holds its endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object a line: export lines or import-job definitions.
    JsonLines,
    /// A header of Pinpoint's column names, then one endpoint a row.
    Csv,
}

/// The format of a file from its first bytes: JSON starts with `{` (or `[`, a JSON file of
/// another shape, which its first line then says), anything else is read as CSV (whose
/// header then says whether it is one).
pub fn sniff(start: &[u8]) -> Format {
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    match start.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Format::JsonLines,
        _ => Format::Csv,
    }
}

/// Whether a line holds nothing but white space (skipped, as JSON-lines readers do).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Members read into a structure, which serde would also fill from an array by position.
#[derive(serde::Deserialize)]
struct ObjectMembers<'a> {
    #[serde(rename = "Demographic", borrow)]
    demographic: Option<&'a RawValue>,
    #[serde(rename = "Location", borrow)]
    location: Option<&'a RawValue>,
    #[serde(rename = "User", borrow)]
    user: Option<&'a RawValue>,
}

/// What a JSON text starts with, when it is not an object (an import line, a request body).
pub fn not_an_object(text: &[u8]) -> Option<&'static str> {
    match text.iter().find(|b| !b.is_ascii_whitespace())? {
        b'[' => Some("an array"),
        b'"' => Some("a string"),
        b'-' | b'0'..=b'9' => Some("a number"),
        b't' | b'f' => Some("a boolean"),
        b'n' => Some("null"),
        _ => None,
    }
}

/// serde_json's message without its position (a line has one line).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => format!("{} at column {}", &text[..at], e.column()),
        None => text,
    }
}

/// Why a line of a JSON-lines file does not read as an endpoint. An importer decides on the
/// variant (a first line that is no JSON object is a file of another shape); people read
/// the words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// Not JSON at all (serde_json's words, with the column).
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an object: what it is instead.
    #[error("a JSON object (one endpoint) is required, not {0}")]
    NotAnObject(&'static str),
    /// A member that is an object in an endpoint is something else.
    #[error("{member}: a JSON object is required, not {found}")]
    MemberNotAnObject {
        member: &'static str,
        found: &'static str,
    },
    /// An object that does not read as an endpoint, naming the member at fault.
    #[error("{0}")]
    NotAnEndpoint(String),
}

impl LineError {
    /// The line is not even a JSON object (a file of another shape, when it is the first).
    pub fn is_not_an_object(&self) -> bool {
        matches!(self, LineError::NotJson(_) | LineError::NotAnObject(_))
    }
}

/// Reads one line of a JSON-lines file (not blank: see [`is_blank`]).
pub fn read_json_line(line: &[u8]) -> Result<Record, LineError> {
    let not_json = |e: &serde_json::Error| LineError::NotJson(json_message(e));
    if let Some(found) = not_an_object(line) {
        // Still JSON? Then it is the wrong kind of value.
        return match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
            Ok(_) => Err(LineError::NotAnObject(found)),
            Err(e) => Err(not_json(&e)),
        };
    }
    // Read plainly; a line that does not read is read again to name the member at fault.
    let endpoint: EndpointResponse = match serde_json::from_slice(line) {
        Ok(endpoint) => endpoint,
        Err(_) => return Err(why_not(line)),
    };
    // serde fills a structure from an array by position too: these must be objects.
    if (endpoint.demographic.is_some() || endpoint.location.is_some() || endpoint.user.is_some())
        && may_hold_a_member_array(line)
    {
        object_members(line)?;
    }
    let export = endpoint.application_id.is_some()
        || endpoint.cohort_id.is_some()
        || endpoint.creation_date.is_some();
    from_response(endpoint, export).map_err(LineError::NotAnEndpoint)
}

/// Whether Demographic, Location or User may be an array in this line, so that it must be
/// read a second time to tell: where the line names one of them followed by `[`, or has an
/// escape anywhere (a member's name may be written with one). Most lines have neither and
/// are read once.
fn may_hold_a_member_array(line: &[u8]) -> bool {
    if memchr::memchr(b'\\', line).is_some() {
        return true;
    }
    let after_name = |rest: &[u8]| {
        let mut rest = rest.iter().filter(|b| !b.is_ascii_whitespace());
        rest.next() == Some(&b':') && rest.next() == Some(&b'[')
    };
    [&b"\"Demographic\""[..], b"\"Location\"", b"\"User\""]
        .iter()
        .any(|name| {
            memchr::memmem::find_iter(line, name).any(|at| after_name(&line[at + name.len()..]))
        })
}

/// Demographic, Location and User are JSON objects when the line has them.
fn object_members(line: &[u8]) -> Result<(), LineError> {
    let members: ObjectMembers =
        serde_json::from_slice(line).map_err(|e| LineError::NotJson(json_message(&e)))?;
    for (name, member) in [
        ("Demographic", members.demographic),
        ("Location", members.location),
        ("User", members.user),
    ] {
        if let Some(found) = member.and_then(|raw| not_an_object(raw.get().as_bytes())) {
            return Err(LineError::MemberNotAnObject {
                member: name,
                found,
            });
        }
    }
    Ok(())
}

/// Why a line does not read as an endpoint, naming the member at fault.
fn why_not(line: &[u8]) -> LineError {
    let not_json = |e: &serde_json::Error| LineError::NotJson(json_message(e));
    let other = LineError::NotAnEndpoint;
    // Lenient about everything else, this says best what is wrong with these three.
    if let Err(e) = object_members(line)
        && !matches!(e, LineError::NotJson(_))
    {
        return e;
    }
    let mut reader = serde_json::Deserializer::from_slice(line);
    let read: Result<EndpointResponse, _> = serde_path_to_error::deserialize(&mut reader);
    match read {
        Ok(_) => match reader.end() {
            Err(e) => not_json(&e),
            Ok(()) => other("does not read as an endpoint".into()),
        },
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            match (inner.classify(), path.as_str()) {
                (Category::Syntax | Category::Eof | Category::Io, _) => not_json(&inner),
                (_, "Item") => other("this is a list of endpoints (`Item`, GetUserEndpoints' answer), not one endpoint a line".into()),
                (_, "EndpointResponse") => other("this is the AWS CLI's get-endpoint output; write its `EndpointResponse` as the line".into()),
                (_, ".") => other(json_message(&inner)),
                (_, path) => other(format!("{path}: {}", json_message(&inner))),
            }
        }
    }
}

fn from_response(endpoint: EndpointResponse, export: bool) -> Result<Record, String> {
    // Taken apart, not copied; every member is named, so a new one is not forgotten here.
    let EndpointResponse {
        address,
        application_id: _,
        attributes,
        channel_type,
        cohort_id,
        creation_date,
        demographic,
        effective_date,
        endpoint_status,
        id,
        location,
        metrics,
        opt_out,
        request_id,
        user,
    } = endpoint;
    let Some(id) = id else {
        return Err("no `Id`: an import names each endpoint by its Id".into());
    };
    let (effective_date, kept_effective_date) = match export {
        true => (None, effective_date),
        false => (effective_date, None),
    };
    let request = EndpointRequest {
        address,
        attributes,
        channel_type,
        demographic,
        effective_date,
        endpoint_status,
        location,
        metrics,
        opt_out,
        request_id,
        user,
    };
    let kept = Kept {
        creation_date,
        cohort_id,
        effective_date: kept_effective_date,
    };
    Ok(Record { id, request, kept })
}

/// The line of a Pinpoint export for an endpoint: its EndpointResponse JSON.
pub fn export_line(endpoint: &EndpointResponse) -> String {
    serde_json::to_string(endpoint).expect("wire types always serialize")
}

// ----- CSV -----

/// What a CSV column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Id,
    Address,
    ChannelType,
    EffectiveDate,
    EndpointStatus,
    OptOut,
    RequestId,
    UserId,
    /// A Demographic or Location field: its index in `model::fields::FIELDS`.
    Part(usize),
    Attribute(String),
    Metric(String),
    UserAttribute(String),
}

/// The columns Pinpoint's import jobs read, for messages.
static COLUMNS_HINT: LazyLock<String> = LazyLock::new(|| {
    // A part's columns: its best-known one, then the others in Pinpoint's (alphabetical) order.
    let part = |section: Section, first: &str| {
        let mut others: Vec<&str> = FIELDS[fields::range(section)]
            .iter()
            .map(|f| f.wire)
            .filter(|w| *w != first)
            .collect();
        others.sort_unstable();
        format!("{}.{first} (and {})", section.wire(), others.join(", "))
    };
    format!(
        "Id, Address, ChannelType, EffectiveDate, EndpointStatus, OptOut, RequestId, User.UserId, \
         {}, {}, Attributes.NAME, Metrics.NAME, User.UserAttributes.NAME",
        part(Section::Demographic, "Platform"),
        part(Section::Location, "Country")
    )
});

impl Column {
    fn parse(name: &str) -> Option<Column> {
        let column = match name {
            "Id" => Column::Id,
            "Address" => Column::Address,
            "ChannelType" => Column::ChannelType,
            "EffectiveDate" => Column::EffectiveDate,
            "EndpointStatus" => Column::EndpointStatus,
            "OptOut" => Column::OptOut,
            "RequestId" => Column::RequestId,
            "User.UserId" => Column::UserId,
            _ => {
                let named = |prefix: &str| {
                    name.strip_prefix(prefix)
                        .filter(|rest| !rest.is_empty())
                        .map(str::to_string)
                };
                if let Some(rest) = named("User.UserAttributes.") {
                    Column::UserAttribute(rest)
                } else if let Some(rest) = named("Attributes.") {
                    Column::Attribute(rest)
                } else if let Some(rest) = named("Metrics.") {
                    Column::Metric(rest)
                } else {
                    let (part, member) = name.split_once('.')?;
                    Column::Part(FIELDS.iter().position(|f| {
                        f.section != Section::Identity
                            && f.section.wire() == part
                            && f.wire == member
                    })?)
                }
            }
        };
        Some(column)
    }

    /// Whether several columns may name it (one value each).
    fn is_list(&self) -> bool {
        matches!(self, Column::Attribute(_) | Column::UserAttribute(_))
    }
}

/// A number cell (of column `name`): a finite number.
fn number_cell(name: &str, value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n),
        _ => Err(format!("{name}: `{value}` is not a number")),
    }
}

/// Sets a Demographic or Location field from its cell.
fn set<T>(field: &Value<T>, part: &mut T, name: &str, value: &str) -> Result<(), String> {
    match field.get_mut(part) {
        Mut::Text(text) => *text = Some(value.to_string()),
        Mut::Number(number) => *number = Some(number_cell(name, value)?),
    }
    Ok(())
}

/// A CSV file's header: what each column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvHeader {
    columns: Vec<Column>,
    names: Vec<String>,
}

impl CsvHeader {
    /// Reads the header row (names are trimmed: Pinpoint's own example has a space after a
    /// comma). Every column must be one of Pinpoint's, `Id` among them.
    pub fn parse(fields: &[String]) -> Result<CsvHeader, String> {
        let mut columns = Vec::with_capacity(fields.len());
        let mut names = Vec::with_capacity(fields.len());
        for field in fields {
            let name = field.trim().trim_start_matches('\u{feff}').to_string();
            let Some(column) = Column::parse(&name) else {
                return Err(format!(
                    "unknown CSV column `{name}`: the header names Pinpoint's columns ({})",
                    *COLUMNS_HINT
                ));
            };
            if !column.is_list() && columns.contains(&column) {
                return Err(format!(
                    "CSV column `{name}` appears twice (only Attributes.NAME and User.UserAttributes.NAME take a value a column)"
                ));
            }
            columns.push(column);
            names.push(name);
        }
        if !columns.contains(&Column::Id) {
            return Err(
                "the CSV header has no `Id` column: an import names each endpoint by its Id".into(),
            );
        }
        Ok(CsvHeader { columns, names })
    }

    /// Reads one row; an empty cell sets nothing.
    pub fn record(&self, fields: &[String]) -> Result<Record, String> {
        if fields.len() != self.columns.len() {
            return Err(format!(
                "the row has {} values; the header has {} columns",
                fields.len(),
                self.columns.len()
            ));
        }
        let mut id = None;
        let mut r = EndpointRequest::default();
        for ((column, name), value) in self.columns.iter().zip(&self.names).zip(fields) {
            if value.is_empty() {
                continue;
            }
            let text = || Some(value.clone());
            let number = || number_cell(name, value);
            match column {
                Column::Id => id = text(),
                Column::Address => r.address = text(),
                Column::ChannelType => r.channel_type = text(),
                Column::EffectiveDate => r.effective_date = text(),
                Column::EndpointStatus => r.endpoint_status = text(),
                Column::OptOut => r.opt_out = text(),
                Column::RequestId => r.request_id = text(),
                Column::UserId => r.user.get_or_insert_with(Default::default).user_id = text(),
                Column::Part(index) => match &FIELDS[*index].slot {
                    Slot::Demographic(v) => {
                        set(v, r.demographic.get_or_insert_default(), name, value)?
                    }
                    Slot::Location(v) => set(v, r.location.get_or_insert_default(), name, value)?,
                    Slot::Identity(_) => {}
                },
                Column::Attribute(key) => r
                    .attributes
                    .get_or_insert_with(Default::default)
                    .entry(key.clone())
                    .or_default()
                    .push(value.clone()),
                Column::Metric(key) => {
                    let n = number()?;
                    r.metrics
                        .get_or_insert_with(Default::default)
                        .insert(key.clone(), n);
                }
                Column::UserAttribute(key) => r
                    .user
                    .get_or_insert_with(Default::default)
                    .user_attributes
                    .get_or_insert_with(Default::default)
                    .entry(key.clone())
                    .or_default()
                    .push(value.clone()),
            }
        }
        let id = id.ok_or("the `Id` cell is empty: an import names each endpoint by its Id")?;
        Ok(Record {
            id,
            request: r,
            kept: Kept::default(),
        })
    }
}

/// Splits one CSV line into its values (`"aaa,bbb"` quoted, `""` a quote inside quotes).
/// Pinpoint's CSV has no line breaks in values, so a quote left open at the end of the line
/// is an error.
pub fn csv_fields(line: &[u8]) -> Result<Vec<String>, String> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
        return Err("a quoted value is not closed on its line (Pinpoint's CSV has no line breaks in values; a `\"` in a value is written `\"\"` inside quotes)".into());
    }
    let mut reader = csv_core::Reader::new();
    // Unquoting only shortens: the buffers hold the whole line.
    let mut output = vec![0u8; line.len() + 1];
    let mut ends = vec![0usize; line.len() + 2];
    let (mut input, mut written, mut fields) = (line, 0, 0);
    loop {
        // Once the line is read, an empty input ends its record.
        let (result, read, wrote, ended) =
            reader.read_record(input, &mut output[written..], &mut ends[fields..]);
        input = &input[read..];
        written += wrote;
        fields += ended;
        match result {
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {
                unreachable!("the buffers hold the whole line")
            }
        }
    }
    let mut start = 0;
    ends[..fields]
        .iter()
        .map(|&end| {
            let field = std::str::from_utf8(&output[start..end])
                .map(str::to_string)
                .map_err(|_| "the line is not UTF-8".to_string());
            start = end;
            field
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<String> {
        csv_fields(text.as_bytes()).unwrap()
    }

    #[test]
    fn an_export_line_keeps_what_the_service_wrote() {
        let line = br#"{"ApplicationId":"other","Id":"ep-1","CohortId":"42","CreationDate":"2024-01-01T00:00:00.000Z","EffectiveDate":"2024-02-01T00:00:00.000Z","EndpointStatus":"INACTIVE","OptOut":"ALL","RequestId":"r-1","ChannelType":"EMAIL","Address":"a@b.c","User":{"UserId":"u-1"}}"#;
        let record = read_json_line(line).unwrap();
        assert_eq!(record.id, "ep-1");
        assert_eq!(
            record.kept,
            Kept {
                creation_date: Some("2024-01-01T00:00:00.000Z".into()),
                cohort_id: Some("42".into()),
                effective_date: Some("2024-02-01T00:00:00.000Z".into()),
            }
        );
        assert_eq!(record.request.effective_date, None);
        assert_eq!(record.request.endpoint_status.as_deref(), Some("INACTIVE"));
        assert_eq!(record.request.request_id.as_deref(), Some("r-1"));
        assert_eq!(record.request.user.unwrap().user_id.as_deref(), Some("u-1"));
    }

    #[test]
    fn an_import_job_line_is_a_request_with_its_id() {
        let record = read_json_line(
            br#"{"Id":"e","ChannelType":"SMS","Address":"+16045550182","EffectiveDate":"2020-01-01T00:00:00Z","Location":{"Country":"CA"}}"#,
        )
        .unwrap();
        assert_eq!(record.id, "e");
        assert_eq!(record.kept, Kept::default());
        assert_eq!(
            record.request.effective_date.as_deref(),
            Some("2020-01-01T00:00:00Z"),
            "sent as the request's; the update rule decides"
        );
    }

    #[test]
    fn bad_lines_say_why() {
        for (line, says) in [
            (
                &b"{\"Id\": \"e\""[..],
                "not JSON: EOF while parsing an object at column 10",
            ),
            (
                b"[1, 2]",
                "a JSON object (one endpoint) is required, not an array",
            ),
            (b"{\"Id\": \"e\", \"Foo\": 1}", "unknown field `Foo`"),
            (
                b"{\"Id\": \"e\", \"Demographic\": {\"Plattform\": \"iOS\"}}",
                "Demographic.Plattform: unknown field `Plattform`",
            ),
            (
                b"{\"Id\": \"e\", \"User\": [{}, \"u\"]}",
                "User: a JSON object is required, not an array",
            ),
            (
                b"{\"Id\": \"e\", \"Location\": [\"c\"]}",
                "Location: a JSON object is required, not an array",
            ),
            // Read once when no member can be an array: these are read again.
            (
                b"{\"Id\": \"e\", \"User\" :\t [{}, \"u\"], \"Demographic\": {}}",
                "User: a JSON object is required, not an array",
            ),
            (
                b"{\"Id\": \"e\", \"Us\\u0065r\": [{}, \"u\"]}",
                "User: a JSON object is required, not an array",
            ),
            (b"{\"Address\": \"x\"}", "no `Id`"),
            (b"{\"Item\": []}", "GetUserEndpoints"),
            (b"{\"EndpointResponse\": {}}", "get-endpoint"),
            (
                b"{\"Id\": \"e\", \"Metrics\": {\"m\": \"1\"}}",
                "Metrics.m: invalid type",
            ),
            (b"{\"Id\": \"e\", \"Address\": \"\xff\"}", "not JSON"),
        ] {
            let error = read_json_line(line).unwrap_err().to_string();
            assert!(
                error.contains(says),
                "{}: {error}",
                String::from_utf8_lossy(line)
            );
            assert!(!error.contains('\n'), "{error}");
        }
    }

    /// An importer decides on the variant whether a first line makes the file one of
    /// another shape (it used to look at the first words).
    #[test]
    fn a_line_that_is_no_object_is_its_own_error() {
        let error = |line: &[u8]| read_json_line(line).unwrap_err();
        assert_eq!(error(b"[1, 2]"), LineError::NotAnObject("an array"));
        assert!(matches!(error(b"Id,Address"), LineError::NotJson(_)));
        assert!(error(b"[1, 2]").is_not_an_object());
        assert!(error(b"Id,Address").is_not_an_object());
        assert_eq!(
            error(br#"{"Id": "e", "User": []}"#),
            LineError::MemberNotAnObject {
                member: "User",
                found: "an array"
            }
        );
        assert!(!error(br#"{"Id": "e", "User": []}"#).is_not_an_object());
        assert!(matches!(
            error(br#"{"Address": "x"}"#),
            LineError::NotAnEndpoint(_)
        ));
        assert!(!error(br#"{"Address": "x"}"#).is_not_an_object());
    }

    #[test]
    fn a_check_says_what_pinpoint_would_refuse() {
        let bad = read_json_line(br#"{"Id":"e$","Location":{"Latitude":91}}"#).unwrap();
        assert_eq!(
            bad.check().unwrap_err(),
            "endpoint e$: endpoint_id: endpoint ids must not contain `$`, `{` or `}` (found `$`); location.latitude: latitude 91 is outside -90..90"
        );
        let good = read_json_line(br#"{"Id":"e","Location":{"Latitude":9}}"#).unwrap();
        assert_eq!(good.clone().check().unwrap().into_record(), good);
    }

    #[test]
    fn the_format_is_told_from_the_first_bytes() {
        assert_eq!(sniff(b"  \n{\"Id\": 1}"), Format::JsonLines);
        assert_eq!(sniff(b"\xEF\xBB\xBF{"), Format::JsonLines);
        assert_eq!(sniff(b"[{\"Id\": 1}]"), Format::JsonLines);
        assert_eq!(sniff(b"Id,Address\n"), Format::Csv);
        assert_eq!(sniff(b""), Format::Csv);
        assert!(is_blank(b" \t\r"));
        assert!(!is_blank(b" x"));
    }

    #[test]
    fn a_csv_row_fills_the_request_pinpoint_would_read() {
        let header = CsvHeader::parse(&fields(
            "Id,ChannelType,Address,Attributes.interests, Attributes.interests,Demographic.Platform,Location.Country,Location.Latitude,Metrics.logins,User.UserId,User.UserAttributes.tier,OptOut",
        ))
        .unwrap();
        let record = header
            .record(&fields(
                "qa-1,EMAIL,\"a,b@example.com\",running,cooking,iOS,US,47.61,157,u-1,gold,",
            ))
            .unwrap();
        assert_eq!(record.id, "qa-1");
        let expected: EndpointRequest = serde_json::from_value(serde_json::json!({
            "ChannelType": "EMAIL", "Address": "a,b@example.com",
            "Attributes": {"interests": ["running", "cooking"]},
            "Demographic": {"Platform": "iOS"},
            "Location": {"Country": "US", "Latitude": 47.61},
            "Metrics": {"logins": 157.0},
            "User": {"UserId": "u-1", "UserAttributes": {"tier": ["gold"]}},
        }))
        .unwrap();
        assert_eq!(record.request, expected);
        let sparse = header.record(&fields("qa-2,,,,,,,,,,,")).unwrap();
        assert_eq!(
            sparse.request,
            EndpointRequest::default(),
            "empty cells set nothing"
        );
    }

    #[test]
    fn every_demographic_and_location_column_is_read_into_its_member() {
        let error = CsvHeader::parse(&fields("Id,Adress")).unwrap_err();
        assert_eq!(
            error,
            "unknown CSV column `Adress`: the header names Pinpoint's columns (Id, Address, \
             ChannelType, EffectiveDate, EndpointStatus, OptOut, RequestId, User.UserId, \
             Demographic.Platform (and AppVersion, Locale, Make, Model, ModelVersion, \
             PlatformVersion, Timezone), Location.Country (and City, Latitude, Longitude, \
             PostalCode, Region), Attributes.NAME, Metrics.NAME, User.UserAttributes.NAME)"
        );
        for field in FIELDS.iter().filter(|f| f.section != Section::Identity) {
            let column = format!("{}.{}", field.section.wire(), field.wire);
            let header = CsvHeader::parse(&fields(&format!("Id,{column}"))).unwrap();
            let record = header.record(&fields("e,12")).unwrap();
            let json = serde_json::to_value(&record.request).unwrap();
            let want = match field.kind {
                fields::Kind::Number => serde_json::json!(12),
                _ => serde_json::json!("12"),
            };
            assert_eq!(
                json,
                serde_json::json!({field.section.wire(): {field.wire: want}}),
                "{column}"
            );
        }
    }

    #[test]
    fn bad_csv_says_why() {
        for (header, says) in [
            ("Id,Adress", "unknown CSV column `Adress`"),
            (
                "Id,Demographic.Plattform",
                "unknown CSV column `Demographic.Plattform`",
            ),
            ("Id,Attributes.", "unknown CSV column `Attributes.`"),
            ("Address,ChannelType", "no `Id` column"),
            ("Id,Address,Address", "`Address` appears twice"),
            ("endpoint_id = \"qa\"", "unknown CSV column"),
        ] {
            let error = CsvHeader::parse(&fields(header)).unwrap_err();
            assert!(error.contains(says), "{header}: {error}");
        }
        let header = CsvHeader::parse(&fields("Id,Metrics.logins,Location.Longitude")).unwrap();
        for (row, says) in [
            ("e,many,", "Metrics.logins: `many` is not a number"),
            ("e,1,east", "Location.Longitude: `east` is not a number"),
            ("e,1", "2 values; the header has 3 columns"),
            (",1,2", "the `Id` cell is empty"),
        ] {
            let error = header.record(&fields(row)).unwrap_err();
            assert!(error.contains(says), "{row}: {error}");
        }
        let error = csv_fields(b"a,\"b,c").unwrap_err();
        assert!(error.contains("not closed"), "{error}");
        assert_eq!(fields("a,\"say \"\"hi\"\"\",\r"), ["a", "say \"hi\"", ""]);
        assert_eq!(csv_fields(b"a,\xff").unwrap_err(), "the line is not UTF-8");
    }

    #[test]
    fn an_export_line_reads_back_as_the_same_endpoint() {
        let endpoint: EndpointResponse = serde_json::from_value(serde_json::json!({
            "Address": "tok", "ApplicationId": "app", "Attributes": {"a": ["1", "2"]},
            "ChannelType": "APNS", "CohortId": "7", "CreationDate": "2024-01-01T00:00:00.000Z",
            "Demographic": {"Platform": "iOS"}, "EffectiveDate": "2024-01-02T00:00:00.000Z",
            "EndpointStatus": "ACTIVE", "Id": "e-1", "Location": {"Latitude": 47.6},
            "Metrics": {"m": 1.5}, "OptOut": "NONE", "RequestId": "r",
            "User": {"UserAttributes": {"t": ["g"]}, "UserId": "u"}
        }))
        .unwrap();
        let record = read_json_line(export_line(&endpoint).as_bytes()).unwrap();
        let mut request = endpoint.to_request();
        request.effective_date = None;
        assert_eq!(record.request, request);
        assert_eq!(record.kept.effective_date, endpoint.effective_date);
        assert_eq!(record.kept.creation_date, endpoint.creation_date);
        assert_eq!(record.kept.cohort_id, endpoint.cohort_id);
    }
}
