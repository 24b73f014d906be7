//! Text for people, as `--output table` prints it: aligned tables, key/value blocks and the
//! criteria trees of `match`. Pure functions of the values and a width, so that what a person
//! reads is tested without a terminal.
//!
//! Every value is shown with its control characters escaped (`\u001B`): a stored value must
//! not drive the terminal, nor break a table's lines. Long cells in a table are cut with `…`
//! (the first column, an id, is kept whole when it fits); block values and tree lines wrap.

use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Row, Table, TableStyle};
use serde_json::Value;
use textwrap::core::display_width;

use crate::model::segment::{Criterion, SegmentMatch, Verdict};
use crate::model::wire::{
    ApplicationsResponse, CampaignResponse, CampaignsResponse, EndpointsResponse, SegmentResponse,
    SegmentsResponse, TemplatesResponse,
};
use crate::text::escape_all_controls;

/// The narrowest width anything is laid out for.
const MIN_WIDTH: usize = 20;

/// No borders; a rule under the header.
const STYLE: TableStyle =
    TableStyle::new().header_separator(comfy_table::LineStyle::none().fill('─').junction('─'));

/// A column of a table: its title, and whether its values are kept whole (ids, dates,
/// Pinpoint's enumerations) or cut to make room (names, addresses, free text).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub whole: bool,
}

/// A column whose values are kept whole while the width allows.
pub const fn whole(title: &'static str) -> Column {
    Column { title, whole: true }
}

/// A column whose values are cut with `…` first.
pub const fn cut(title: &'static str) -> Column {
    Column {
        title,
        whole: false,
    }
}

/// How narrow a column that is cut may become before the whole ones give way.
const MIN_CUT: usize = 6;
/// The space between two columns.
const GAP: usize = 2;

/// An aligned table of `rows` under `columns`' titles, at most `width` columns wide. Each
/// row is one line: a cell too long for its column is cut with `…`. The whole columns keep
/// their values whole, in order, as long as the cut ones keep `MIN_CUT` columns each.
pub fn table(columns: &[Column], rows: Vec<Vec<String>>, width: usize) -> String {
    let width = width.clamp(MIN_WIDTH, u16::MAX as usize);
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|cells| {
            cells
                .iter()
                .map(|c| escape_all_controls(c).into_owned())
                .collect()
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| display_width(c))
                .chain([display_width(column.title)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut used = widths.iter().map(|w| (*w).min(MIN_CUT)).sum::<usize>()
        + GAP * columns.len().saturating_sub(1);
    let mut kept = vec![false; columns.len()];
    for (i, column) in columns.iter().enumerate() {
        let more = widths[i] - widths[i].min(MIN_CUT);
        if column.whole && used + more <= width {
            kept[i] = true;
            used += more;
        }
    }

    let mut table = Table::new();
    table
        .load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width as u16)
        .set_truncation_indicator("…");
    // The header too stays on one line (cut only where the width cannot hold it).
    let mut header = Row::from(columns.iter().map(|c| Cell::new(c.title)));
    header.max_height(1);
    table.set_header(header);
    let empty = rows.is_empty();
    for cells in rows {
        let mut row = Row::from(cells.into_iter().map(Cell::new));
        row.max_height(1);
        table.add_row(row);
    }
    let last = columns.len().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, if i == last { 0 } else { GAP as u16 }));
        if kept[i] {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    let mut text = table.trim_fmt();
    if empty {
        text.push_str("\n(none)");
    }
    text
}

/// `user`'s and `delete --user`'s table: one endpoint per line.
pub fn endpoints_table(endpoints: &EndpointsResponse, width: usize) -> String {
    let rows = endpoints
        .item
        .iter()
        .map(|e| {
            vec![
                text(&e.id),
                text(&e.channel_type),
                text(&e.address),
                text(&e.endpoint_status),
                text(&e.opt_out),
                short_time(&e.effective_date),
            ]
        })
        .collect();
    // No user id: the endpoints listed are those of one user.
    let header = [
        whole("ID"),
        whole("CHANNEL"),
        cut("ADDRESS"),
        whole("STATUS"),
        whole("OPT OUT"),
        whole("EFFECTIVE DATE"),
    ];
    table(&header, rows, width)
}

/// `apps`'s table: one application per line.
pub fn apps_table(apps: &ApplicationsResponse, width: usize) -> String {
    let rows = apps
        .item
        .iter()
        .map(|a| {
            let tags = a.tags.as_ref().map(|t| {
                t.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            vec![
                a.id.clone(),
                a.name.clone(),
                short_time(&a.creation_date),
                text(&tags),
            ]
        })
        .collect();
    let header = [
        whole("ID"),
        cut("NAME"),
        whole("CREATION DATE"),
        cut("TAGS"),
    ];
    table(&header, rows, width)
}

/// `segments list`'s table: one segment per line, with what it selects on (an imported
/// segment says so there). The version is in `segments show`.
pub fn segments_table(segments: &SegmentsResponse, width: usize) -> String {
    let rows = segments
        .item
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                text(&s.name),
                criteria_summary(s),
                short_time(
                    &s.last_modified_date
                        .clone()
                        .or(Some(s.creation_date.clone())),
                ),
            ]
        })
        .collect();
    let header = [
        whole("ID"),
        cut("NAME"),
        cut("CRITERIA"),
        whole("LAST MODIFIED"),
    ];
    table(&header, rows, width)
}

/// What a segment selects on, in a few words: its criteria's names
/// (`Attributes.plan, Metrics.logins`), or how its groups combine (`2 groups (Include ANY)`).
pub fn criteria_summary(segment: &SegmentResponse) -> String {
    if let Some(groups) = &segment.segment_groups {
        let count = groups.groups.as_ref().map_or(0, Vec::len);
        let include = groups.include.as_deref().unwrap_or("ALL");
        let groups = if count == 1 { "group" } else { "groups" };
        return format!("{count} {groups} (Include {include})");
    }
    if segment.import_definition.is_some() {
        return "imported".into();
    }
    let Some(dimensions) = &segment.dimensions else {
        return String::new();
    };
    // Two levels of the JSON: the section and the name (or member) under it.
    let value = serde_json::to_value(dimensions).unwrap_or_default();
    let mut names = Vec::new();
    for (section, inner) in value.as_object().into_iter().flatten() {
        for name in inner.as_object().into_iter().flat_map(|o| o.keys()) {
            names.push(format!("{section}.{name}"));
        }
    }
    names.join(", ")
}

/// `campaigns list`'s table: one campaign per line, with the event that shows it, its
/// message (a layout, or the template it takes), priority and state.
pub fn campaigns_table(campaigns: &CampaignsResponse, width: usize) -> String {
    let rows = campaigns
        .item
        .iter()
        .map(|c| {
            let state = match c.is_paused {
                Some(true) => Some("PAUSED".to_string()),
                _ => c.state.as_ref().and_then(|s| s.campaign_status.clone()),
            };
            vec![
                c.id.clone(),
                text(&c.name),
                trigger(c),
                message_summary(c),
                c.priority.map(|p| p.to_string()).unwrap_or_default(),
                text(&state),
            ]
        })
        .collect();
    let header = [
        whole("ID"),
        cut("NAME"),
        cut("EVENT"),
        cut("MESSAGE"),
        whole("PRIORITY"),
        whole("STATE"),
    ];
    table(&header, rows, width)
}

/// The event that shows a campaign's message: its types, and the attributes and metrics
/// the filter checks (`purchase (item, price)`).
fn trigger(campaign: &CampaignResponse) -> String {
    let Some(filter) = campaign
        .schedule
        .as_ref()
        .and_then(|s| s.event_filter.as_ref())
    else {
        return String::new();
    };
    let d = &filter.dimensions;
    let types = d
        .event_type
        .as_ref()
        .map(|t| t.values.join(", "))
        .unwrap_or_default();
    let names: Vec<&str> = d
        .attributes
        .iter()
        .flat_map(|a| a.keys())
        .chain(d.metrics.iter().flat_map(|m| m.keys()))
        .map(String::as_str)
        .collect();
    match names.is_empty() {
        true => types,
        false => format!("{types} ({})", names.join(", ")),
    }
}

/// A campaign's in-app message in a few words: its layout, or the template it takes.
fn message_summary(campaign: &CampaignResponse) -> String {
    match (campaign.in_app_message(), campaign.in_app_template()) {
        (Some(m), _) => m.layout.clone().unwrap_or_else(|| "in-app".into()),
        (None, Some(t)) => match (&t.name, &t.version) {
            (Some(name), Some(v)) => format!("template {name} v{v}"),
            (Some(name), None) => format!("template {name}"),
            _ => "template".into(),
        },
        (None, None) => String::new(),
    }
}

/// `templates list`'s table: one template per line, with its active version.
pub fn templates_table(templates: &TemplatesResponse, width: usize) -> String {
    let rows = templates
        .item
        .iter()
        .map(|t| {
            vec![
                t.template_name.clone(),
                t.template_type.clone(),
                text(&t.version),
                short_time(&Some(t.creation_date.clone())),
                short_time(&Some(t.last_modified_date.clone())),
            ]
        })
        .collect();
    let header = [
        whole("NAME"),
        whole("TYPE"),
        whole("VERSION"),
        whole("CREATION DATE"),
        whole("LAST MODIFIED"),
    ];
    table(&header, rows, width)
}

/// A readable block of every member of `value`: one `key  value` line each, nested members
/// as dotted paths (`Demographic.Platform`, `SegmentGroups.Groups[0].Type`), lists of plain
/// values joined with `, `; `Id` and `Name` first. Keys are aligned; long values wrap under
/// their column.
pub fn block(value: &Value, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut pairs = Vec::new();
    flatten(String::new(), value, &mut pairs);
    let first = |k: &str| match k {
        "Id" => 0,
        "Name" => 1,
        _ => 2,
    };
    pairs.sort_by_key(|(k, _)| first(k));
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| {
            (
                escape_all_controls(&k).into_owned(),
                escape_all_controls(&v).into_owned(),
            )
        })
        .collect();
    let longest = pairs.iter().map(|(k, _)| display_width(k)).max();
    let key_width = longest.unwrap_or(0).min(width / 2);
    let indent = " ".repeat(key_width + 2);
    let options = wrapping(width, &indent, &indent);
    let mut lines = Vec::new();
    for (key, value) in &pairs {
        let mut wrapped = textwrap::wrap(value, &options).into_iter();
        let first = wrapped.next().unwrap_or_default();
        let first = first.get(indent.len()..).unwrap_or_default();
        let gap = key_width.saturating_sub(display_width(key));
        if gap == 0 && display_width(key) > key_width {
            // A key wider than its column: the value starts on the next line.
            let options = wrapping(width, "", "");
            lines.extend(
                textwrap::wrap(key, options)
                    .into_iter()
                    .map(|l| l.into_owned()),
            );
            lines.push(format!("{indent}{first}"));
        } else {
            lines.push(format!("{key}{}  {first}", " ".repeat(gap)));
        }
        lines.extend(wrapped.map(|l| l.into_owned()));
    }
    lines.join("\n")
}

/// Lines of `width` columns at most, the first after `first`, the others after `rest`, broken
/// between words (a word longer than a line where the line ends; never at a hyphen, so that
/// ids and ARNs read whole).
fn wrapping<'a>(width: usize, first: &'a str, rest: &'a str) -> textwrap::Options<'a> {
    textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// `key  value` pairs of a JSON value, nested members as dotted paths.
fn flatten(path: String, value: &Value, out: &mut Vec<(String, String)>) {
    let join = |key: &str| match path.is_empty() {
        true => key.to_string(),
        false => format!("{path}.{key}"),
    };
    match value {
        Value::Object(members) if !members.is_empty() => {
            for (key, inner) in members {
                flatten(join(key), inner, out);
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            for (i, inner) in items.iter().enumerate() {
                flatten(format!("{path}[{i}]"), inner, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let plain: Vec<String> = items.iter().map(plain).collect();
            out.push((path, plain.join(", ")));
        }
        other => out.push((path, plain(other))),
    }
}

/// A JSON value as a person reads it: strings without quotes (an empty one as `""`).
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) if s.is_empty() => "\"\"".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An optional value, or nothing.
fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// A time as a table shows it: `YYYY-MM-DD HH:MM:SS` UTC (the JSON has the milliseconds);
/// as it is when it does not read as a time.
fn short_time(value: &Option<String>) -> String {
    let Some(value) = value else {
        return String::new();
    };
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    crate::model::segment::parse_instant(value)
        .and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&format).ok())
        .unwrap_or_else(|| value.clone())
}

/// How a verdict is written at the head of a segment's tree.
pub fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Match => "MATCH",
        Verdict::NoMatch => "NO_MATCH",
        Verdict::CannotTell => "CANNOT_TELL",
    }
}

/// `match`'s answers for people: for each segment its verdict and the criteria tree, one
/// criterion a line with its one-line reason (`Metrics.logins 157 > 100: yes`), indented
/// by depth; then how many segments gave each answer.
pub fn match_tree(endpoint_id: Option<&str>, results: &[SegmentMatch], width: usize) -> String {
    let labels = [Verdict::Match, Verdict::NoMatch, Verdict::CannotTell].map(verdict_label);
    let trees: Vec<(&str, &Criterion)> = results
        .iter()
        .map(|r| (verdict_label(r.outcome), &r.criteria))
        .collect();
    let segments = crate::text::counted(results.len() as u64, "segment");
    let who = match endpoint_id {
        Some(id) => format!("endpoint {id}"),
        None => "the test user".into(),
    };
    labelled_trees(&trees, &labels, &format!("{who}, {segments}"), width)
}

/// Trees under labels, one after another with a blank line between: each tree's first line
/// is its label (padded to the longest of `labels`) and its root's text, then one criterion
/// a line with its reason, indented by depth. Then `summary` and how many trees have each
/// label (`…: 1 MATCH, 0 NO_MATCH, 0 CANNOT_TELL`).
pub fn labelled_trees(
    trees: &[(&str, &Criterion)],
    labels: &[&str],
    summary: &str,
    width: usize,
) -> String {
    let mut lines = Vec::new();
    for (i, (label, criteria)) in trees.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(labelled_tree(label, criteria, labels, width));
    }
    if !trees.is_empty() {
        lines.push(String::new());
    }
    let counts: Vec<String> = labels
        .iter()
        .map(|label| {
            let n = trees.iter().filter(|(l, _)| l == label).count();
            format!("{n} {label}")
        })
        .collect();
    lines.extend(wrapped(
        &format!("{summary}: {}", counts.join(", ")),
        "",
        "  ",
        width,
    ));
    lines.join("\n")
}

/// One tree under its label (see [`labelled_trees`]).
pub fn labelled_tree(
    label: &str,
    criteria: &Criterion,
    labels: &[&str],
    width: usize,
) -> Vec<String> {
    let label_width = labels.iter().map(|l| l.len()).max().unwrap_or(0) + 2;
    let mut lines = Vec::new();
    let head = format!("{label:<label_width$}");
    let under_label = " ".repeat(label_width);
    for (depth, criterion) in criteria.lines() {
        if depth == 0 {
            lines.extend(wrapped(&criterion.text, &head, &under_label, width));
        } else {
            let indent = "  ".repeat(depth);
            let rest = format!("{indent}  ");
            lines.extend(wrapped(&criterion.to_string(), &indent, &rest, width));
        }
    }
    lines
}

/// `text` (its control characters escaped) in lines of `width` at most, the first after
/// `first`, the others after `rest`.
pub fn wrapped(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let text = escape_all_controls(text);
    let options = wrapping(width.max(MIN_WIDTH), first, rest);
    textwrap::wrap(&text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::wire::{ApplicationResponse, EndpointResponse};
    use indexmap::IndexMap;

    fn widths(text: &str) -> Vec<usize> {
        text.lines().map(display_width).collect()
    }

    #[test]
    fn a_table_aligns_its_columns_and_cuts_a_long_value() {
        let long = "a very long name ".repeat(10);
        let apps = ApplicationsResponse {
            item: vec![
                ApplicationResponse {
                    id: "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c".into(),
                    name: "sandbox".into(),
                    creation_date: Some("2026-01-01T00:00:00.000Z".into()),
                    ..Default::default()
                },
                ApplicationResponse {
                    id: "0123".into(),
                    name: long.clone(),
                    tags: Some([("team".to_string(), "qa".to_string())].into()),
                    ..Default::default()
                },
            ],
            next_token: None,
        };
        let text = apps_table(&apps, 80);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].starts_with("ID"), "{text}");
        for column in ["NAME", "CREATION DATE", "TAGS"] {
            assert!(lines[0].contains(column), "{text}");
        }
        assert!(lines[1].chars().all(|c| c == '─'), "{text}");
        // Every column starts at the same place on every line.
        let at = |line: &str, what: &str| line.find(what).map(|i| line[..i].chars().count());
        assert_eq!(at(lines[0], "NAME"), at(lines[2], "sandbox"));
        assert_eq!(at(lines[0], "NAME"), at(lines[3], "a very"));
        assert_eq!(at(lines[0], "TAGS"), at(lines[3], "team=qa"));
        assert!(lines[2].starts_with("5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c  "));
        assert!(
            lines[3].contains('…') && !lines[3].contains(&long),
            "{text}"
        );
        assert!(widths(&text).iter().all(|w| *w <= 80), "{text}");
    }

    #[test]
    fn wide_characters_and_controls_keep_the_table_straight() {
        let endpoints = EndpointsResponse {
            item: vec![
                EndpointResponse {
                    id: Some("e-1".into()),
                    address: Some("東京都の住所".repeat(8)),
                    channel_type: Some("EMAIL".into()),
                    ..Default::default()
                },
                EndpointResponse {
                    id: Some("e-😀".into()),
                    address: Some("line\nbreak\u{1b}[2J\ttab".into()),
                    effective_date: Some("2026-01-01T01:00:00.000+01:00".into()),
                    ..Default::default()
                },
            ],
        };
        let text = endpoints_table(&endpoints, 80);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(widths(&text).iter().all(|w| *w <= 80), "{text}");
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        assert!(lines[3].contains("line\\u000Abreak\\"), "{text}");
        // A date is kept whole; the address gives way.
        assert!(lines[3].ends_with("2026-01-01 00:00:00"), "{text}");
        assert!(
            lines[2].contains("東京都の住所東京") && lines[2].ends_with('…'),
            "{text}"
        );
        let header = lines[0];
        for column in [
            "ID",
            "CHANNEL",
            "ADDRESS",
            "STATUS",
            "OPT OUT",
            "EFFECTIVE DATE",
        ] {
            assert!(header.contains(column), "{text}");
        }
        // Columns line up by display width, a wide character counting two.
        let column = |line: &str, what: &str| display_width(&line[..line.find(what).unwrap()]);
        assert_eq!(column(header, "ADDRESS"), column(lines[2], "東京都"));
        assert_eq!(column(header, "ADDRESS"), column(lines[3], "line"));
        assert_eq!(column(header, "EFFECTIVE"), column(lines[3], "2026"));
        // Narrower than the headers need: still no line over the width.
        let narrow = endpoints_table(&endpoints, 40);
        assert!(widths(&narrow).iter().all(|w| *w <= 40), "{narrow}");
        assert_eq!(
            endpoints_table(&EndpointsResponse::default(), 60)
                .lines()
                .last(),
            Some("(none)")
        );
    }

    #[test]
    fn segments_table_says_what_each_selects_on() {
        let segments: SegmentsResponse = serde_json::from_value(serde_json::json!({"Item": [
            {"ApplicationId": "a", "Arn": "arn", "CreationDate": "2026-01-01T00:00:00.000Z",
             "Id": "s1", "Name": "Frequent", "SegmentType": "DIMENSIONAL", "Version": 2,
             "Dimensions": {"Metrics": {"logins": {"ComparisonOperator": "GREATER_THAN", "Value": 100}},
                            "Demographic": {"Platform": {"Values": ["iOS"]}}}},
            {"ApplicationId": "a", "Arn": "arn", "CreationDate": "2026-01-01T00:00:00.000Z",
             "LastModifiedDate": "2026-02-02T00:00:00.000Z",
             "Id": "s2", "SegmentType": "DIMENSIONAL",
             "SegmentGroups": {"Include": "ANY", "Groups": [{}, {}]}}
        ]}))
        .unwrap();
        let text = segments_table(&segments, 120);
        let lines: Vec<&str> = text.lines().collect();
        for column in ["ID", "NAME", "CRITERIA", "LAST MODIFIED"] {
            assert!(lines[0].contains(column), "{text}");
        }
        assert!(
            lines[2].contains("Demographic.Platform, Metrics.logins")
                && lines[2].ends_with("2026-01-01 00:00:00"),
            "{text}"
        );
        assert!(
            lines[3].contains("2 groups (Include ANY)") && lines[3].contains("2026-02-02 00:00:00"),
            "{text}"
        );
    }

    #[test]
    fn a_block_shows_nested_members_as_dotted_paths() {
        let value = serde_json::json!({
            "Address": "",
            "Attributes": {"interests": ["running", "cooking"]},
            "Demographic": {"Platform": "iOS"},
            "Id": "qa-1",
            "Metrics": {"logins": 157.0},
            "SegmentGroups": {"Groups": [{"Type": "ANY", "Dimensions": [{"Location": {"Country": {"Values": ["US"]}}}]}]},
            "Empty": {},
            "Note": "word ".repeat(30),
            "Evil": "\u{1b}[2J\u{9b}",
        });
        let text = block(&value, 60);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("Id") && lines[0].ends_with("  qa-1"),
            "{text}"
        );
        let value_at = lines[0].find("qa-1").unwrap();
        for (key, shown) in [
            ("Address", "\"\""),
            ("Attributes.interests", "running, cooking"),
            ("Demographic.Platform", "iOS"),
            ("Metrics.logins", "157.0"),
            ("Empty", "{}"),
            ("Evil", "\\u001B[2J\\u009B"),
        ] {
            let line = lines
                .iter()
                .find(|l| l.starts_with(&format!("{key} ")))
                .unwrap_or_else(|| panic!("{key}: {text}"));
            assert_eq!(line.find(shown), Some(value_at), "{key}: {text}");
        }
        // A key wider than half the width: its value on the next line.
        // (Wider than the whole width, it is broken.)
        let long_key = "SegmentGroups.Groups[0].Dimensions[0].Location.Country.Values";
        let i = lines.iter().position(|l| long_key.starts_with(l)).unwrap();
        assert_eq!(lines[i..i + 2].concat(), long_key, "{text}");
        assert_eq!(lines[i + 2], format!("{}US", " ".repeat(value_at)));
        // A long value wraps under its column.
        let note = lines.iter().position(|l| l.starts_with("Note")).unwrap();
        assert!(lines[note + 1].starts_with(&" ".repeat(value_at)), "{text}");
        assert!(widths(&text).iter().all(|w| *w <= 60), "{text}");
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn the_match_tree_has_one_reason_a_line() {
        use crate::model::segment::match_all;
        use crate::model::wire::{MetricDimension, SegmentDimensions};
        let mut metrics = IndexMap::new();
        metrics.insert(
            "logins".to_string(),
            MetricDimension {
                comparison_operator: "GREATER_THAN".into(),
                value: 100.0,
            },
        );
        let segment = SegmentResponse {
            id: "s1".into(),
            name: Some("Frequent".into()),
            dimensions: Some(SegmentDimensions {
                metrics: Some(metrics),
                ..Default::default()
            }),
            segment_type: "DIMENSIONAL".into(),
            ..Default::default()
        };
        let mut user = crate::model::UserInfo::default();
        user.metrics.insert("logins".into(), 157.0);
        let results = match_all(std::slice::from_ref(&segment), &user);
        let text = match_tree(Some("qa-1"), &results, 100);
        assert_eq!(
            text,
            [
                "MATCH        segment \"Frequent\" (s1)",
                "  all of: yes",
                "    Metrics.logins 157 > 100: yes",
                "",
                "endpoint qa-1, 1 segment: 1 MATCH, 0 NO_MATCH, 0 CANNOT_TELL",
            ]
            .join("\n")
        );
        user.metrics.insert("logins".into(), 7.0);
        let results = match_all(&[segment.clone(), segment], &user);
        let text = match_tree(None, &results, 100);
        assert!(text.starts_with("NO_MATCH     segment"), "{text}");
        assert!(
            text.contains("\n    Metrics.logins 7 > 100: no\n\nNO_MATCH"),
            "{text}"
        );
        assert!(text.ends_with("the test user, 2 segments: 0 MATCH, 2 NO_MATCH, 0 CANNOT_TELL"));
    }
}
