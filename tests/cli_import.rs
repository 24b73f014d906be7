//! `import` and `export` as a user runs them: each format in (Pinpoint export lines, plain
//! and gzip'd; import-job JSON lines and CSV; folders), export out, the round trip field for
//! field, bad input each with its `file:line` message while the rest lands (a 100 MB line
//! skipped without being held), re-import updating in place, `export --segment` and
//! `segments count|members`, an aws target (through UpdateEndpointsBatch to a
//! loopback `serve`), an import beside a running `serve` on the same database, and a kill
//! during an import that a rerun completes. The files are made here, small.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::serve::{Serve, http};
use common::{Home, assert_success, json, numbers_as_f64, strings};

const APP: &str = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";

/// Endpoint `i` as a Pinpoint export line: every member GetEndpoint returns, users with two
/// endpoints each.
fn export_line(i: usize) -> Value {
    let channel = ["APNS", "GCM", "EMAIL", "SMS"][i % 4];
    json!({
        "Address": format!("addr-{i:04}"),
        "ApplicationId": "0123456789abcdef0123456789abcdef",
        "Attributes": {"interests": ["running", format!("topic-{}", i % 5)], "plan": [if i.is_multiple_of(3) { "premium" } else { "free" }]},
        "ChannelType": channel,
        "CohortId": format!("{}", (i * 7) % 100),
        "CreationDate": format!("2025-0{}-1{}T08:0{}:00.123Z", 1 + i % 9, i % 10, i % 10),
        "Demographic": {"AppVersion": "4.2.0", "Locale": "en_US", "Make": "Apple", "Platform": if i.is_multiple_of(2) { "iOS" } else { "Android" }, "Timezone": "Europe/Berlin"},
        "EffectiveDate": format!("2026-10-2{}T12:00:00.000Z", i % 10),
        "EndpointStatus": if i % 10 == 9 { "INACTIVE" } else { "ACTIVE" },
        "Id": format!("ep-{i:04}"),
        "Location": {"City": "Berlin", "Country": "DE", "Latitude": 52.5, "Longitude": 13.4, "PostalCode": "10115", "Region": "BE"},
        "Metrics": {"logins": (i * 13 % 200) as f64, "score": 1.5},
        "OptOut": if i.is_multiple_of(7) { "ALL" } else { "NONE" },
        "RequestId": format!("req-{i}"),
        "User": {"UserAttributes": {"tier": [if (i / 2).is_multiple_of(2) { "gold" } else { "silver" }]}, "UserId": format!("user-{}", i / 2)}
    })
}

fn lines_text(values: &[Value]) -> String {
    values.iter().map(|v| format!("{v}\n")).collect()
}

/// Parses JSON lines, numbers compared as numbers.
fn parse_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| numbers_as_f64(&serde_json::from_str(l).unwrap()))
        .collect()
}

/// What an import into the default application gives back for an export line.
fn in_this_app(line: &Value) -> Value {
    let mut line = numbers_as_f64(line);
    line["ApplicationId"] = json!(APP);
    line
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(bytes), &mut text)
        .unwrap();
    text
}

fn run(home: &Home, args: &[&str]) -> std::process::Output {
    home.cmd().args(args).output().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `import` with JSON output; the summary, after checking the exit code.
fn import(home: &Home, args: &[&str], code: i32) -> (Value, String) {
    let out = home
        .cmd()
        .args(["import", "--output", "json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    (json(&out.stdout), stderr(&out))
}

/// Every endpoint of the default application, as `export -` writes it.
fn export_all(home: &Home, extra: &[&str]) -> Vec<Value> {
    let out = home
        .cmd()
        .args(["export", "-"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    parse_lines(&String::from_utf8(out.stdout).unwrap())
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn an_export_imports_and_exports_field_for_field_plain_and_gzipped() {
    let home = Home::new();
    let lines: Vec<Value> = (0..60).map(export_line).collect();
    let file = home.write("export/part-1.json", &lines_text(&lines));

    let (summary, errors) = import(&home, &[path_str(&file)], 0);
    assert_eq!(errors, "");
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["lines"], 60);
    assert_eq!(summary["imported"], 60);
    assert_eq!(summary["created"], 60);
    assert_eq!(summary["failed"], 0);

    // Field for field, in the order stored (the file's); the application is the one imported into.
    let expected: Vec<Value> = lines.iter().map(in_this_app).collect();
    assert_eq!(export_all(&home, &[]), expected);
    let one = json(&run(&home, &["get", "ep-0009"]).stdout);
    assert_eq!(
        one["EndpointStatus"], "INACTIVE",
        "an INACTIVE endpoint of the file stays so"
    );
    assert_eq!(one["CreationDate"], lines[9]["CreationDate"]);

    // The same file again updates the same endpoints in place.
    let (summary, _) = import(&home, &[path_str(&file)], 0);
    assert_eq!(
        (summary["created"].clone(), summary["updated"].clone()),
        (json!(0), json!(60))
    );
    assert_eq!(export_all(&home, &[]), expected);

    // export FILE --gzip, into another sandbox, back out: the same endpoints.
    let gz = home.dir.path().join("all.json.gz");
    let out = run(&home, &["export", path_str(&gz), "--output", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = json(&out.stdout);
    assert_eq!(written["endpoints"], 60);
    assert_eq!(written["gzip"], true, "a .gz name is gzip'd");
    let bytes = std::fs::read(&gz).unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b]);
    assert_eq!(parse_lines(&gunzip(&bytes)), expected);

    let other = Home::new();
    let (summary, _) = import(&other, &[path_str(&gz)], 0);
    assert_eq!(summary["imported"], 60);
    assert_eq!(export_all(&other, &[]), expected);
    let stdout_gz = other.cmd().args(["export", "--gzip"]).output().unwrap();
    assert!(stdout_gz.status.success());
    assert_eq!(parse_lines(&gunzip(&stdout_gz.stdout)), expected);
    assert!(
        String::from_utf8_lossy(&stdout_gz.stderr).starts_with("exported 60 endpoints to - (gzip)"),
        "the summary goes to stderr beside the data: {}",
        stderr(&stdout_gz)
    );
}

#[test]
fn import_job_files_json_lines_and_csv_from_a_folder() {
    let home = Home::new();
    home.write(
        "jobs/a-definitions.json",
        concat!(
            r#"{"Id":"sms-1","ChannelType":"SMS","Address":"+16045550182","Location":{"Country":"CA"},"Demographic":{"Platform":"Android","Make":"LG"},"User":{"UserId":"example-user-id-1"},"EffectiveDate":"2019-08-23T10:54:35.220Z"}"#,
            "\n\n",
            r#"{"Id":"apns-2","ChannelType":"APNS","Address":"1a2b3c4d5e6f7g8h9i0j1a2b3c4d5e6f","Location":{"Country":"US"},"User":{"UserId":"example-user-id-2","UserAttributes":{"FirstName":["Ana"]}}}"#,
            "\n"
        ),
    );
    home.write(
        "jobs/b-rows.csv",
        "Id,ChannelType,Address,Attributes.interests, Attributes.interests,Demographic.Platform,Location.Country,Location.Latitude,Metrics.logins,User.UserId,User.UserAttributes.tier,OptOut\r\n\
         email-3,EMAIL,\"stiles, john@example.com\",running,cooking,iOS,US,47.61,157,example-user-id-2,gold,NONE\r\n\
         email-4,EMAIL,wang@example.com,,,Android,CN,,,,,\r\n",
    );
    home.write("jobs/.hidden.json", "not an endpoint file, and hidden\n");
    let (summary, errors) = import(&home, &[path_str(&home.dir.path().join("jobs"))], 0);
    assert_eq!(errors, "");
    assert_eq!(summary["files"], 2);
    assert_eq!(summary["imported"], 4);

    let sms = json(&run(&home, &["get", "sms-1"]).stdout);
    assert_eq!(sms["Location"]["Country"], "CA");
    assert_eq!(sms["Demographic"]["Make"], "LG");
    assert_ne!(
        sms["EffectiveDate"], "2019-08-23T10:54:35.220Z",
        "an import-job line takes the time of the update, as UpdateEndpoint does"
    );
    assert_eq!(sms["CreationDate"], sms["EffectiveDate"]);
    let email = json(&run(&home, &["get", "email-3"]).stdout);
    assert_eq!(email["Address"], "stiles, john@example.com");
    assert_eq!(
        email["Attributes"]["interests"],
        json!(["running", "cooking"])
    );
    assert_eq!(
        email["Location"]["Latitude"], 47.6,
        "Pinpoint keeps one decimal"
    );
    assert_eq!(email["Metrics"]["logins"].as_f64(), Some(157.0));
    assert_eq!(email["OptOut"], "NONE");
    // One user, two endpoints: the user attributes are shared as UpdateEndpoint shares them.
    assert_eq!(
        email["User"]["UserAttributes"],
        json!({"FirstName": ["Ana"], "tier": ["gold"]})
    );
    let apns = json(&run(&home, &["get", "apns-2"]).stdout);
    assert_eq!(apns["User"]["UserAttributes"]["tier"], json!(["gold"]));
    let sparse = json(&run(&home, &["get", "email-4"]).stdout);
    assert_eq!(sparse.get("Attributes"), None, "empty cells set nothing");
    assert_eq!(sparse.get("User").and_then(|u| u.get("UserId")), None);

    // Out as an export, back into another sandbox: the same endpoints.
    let exported = export_all(&home, &[]);
    assert_eq!(exported.len(), 4);
    let file = home.write("again.json", &lines_text(&exported));
    let other = Home::new();
    import(&other, &[path_str(&file)], 0);
    assert_eq!(export_all(&other, &[]), exported);
}

#[test]
fn bad_lines_are_named_by_file_and_line_and_the_rest_lands() {
    let home = Home::new();
    let too_long = format!(
        r#"{{"Id":"huge","Attributes":{{"a":["{}"]}}}}"#,
        "x".repeat(3 * 1024 * 1024)
    );
    let too_long_bytes = too_long.len();
    let long_value = "v".repeat(101);
    let text = [
        export_line(1).to_string(),
        "this is not JSON".into(),
        r#"{"Id":"e3","Adress":"typo"}"#.into(),
        format!(r#"{{"Id":"e4","Attributes":{{"a":["{long_value}"]}}}}"#),
        String::new(),
        too_long,
        r#"{"Id":"bad$id"}"#.into(),
        r#"{"Address":"no id"}"#.into(),
        r#"{"Id":"e9","Demographic":["not","an","object"]}"#.into(),
        export_line(10).to_string(),
    ]
    .join("\n");
    let file = home.write("mixed.jsonl", &text);
    let name = path_str(&file);
    let (summary, errors) = import(&home, &[name], 1);
    let lines: Vec<&str> = errors.lines().collect();
    let expected = [
        format!("{name}:2: not JSON: expected ident at column 2"),
        format!("{name}:3: Adress: unknown field `Adress`"),
        format!(
            "{name}:4: endpoint e4: attributes.a[0]: the value has 101 characters; at most 100 are allowed"
        ),
        format!(
            "{name}:6: the line is {} bytes; at most 1048576 are read (an endpoint is at most 15 KB): skipped",
            too_long_bytes
        ),
        format!("{name}:7: endpoint bad$id: endpoint_id: endpoint ids must not contain `$`"),
        format!("{name}:8: no `Id`"),
        format!("{name}:9: Demographic: a JSON object is required, not an array"),
    ];
    assert_eq!(lines.len(), expected.len(), "{errors}");
    for (line, start) in lines.iter().zip(&expected) {
        assert!(line.starts_with(start.as_str()), "{line}\n  wanted {start}");
    }
    assert_eq!(summary["lines"], 9, "the blank line is not counted");
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["failed"], 7);
    let ids: Vec<Value> = export_all(&home, &[])
        .into_iter()
        .map(|e| e["Id"].clone())
        .collect();
    assert_eq!(
        ids,
        [json!("ep-0001"), json!("ep-0010")],
        "nothing half-written of a bad line"
    );

    // A table summary says the same in a line.
    let out = run(&home, &["import", name, "--output", "table"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("imported 2 endpoints (0 new, 2 updated) from 1 file in ")
            && said.trim_end().ends_with("; 7 failed"),
        "{said}"
    );
}

/// A line of 100 MB between two endpoints: reported at its line and skipped without being
/// held (the import's peak memory stays well under the line's size), the others land.
#[test]
fn a_100_mb_line_is_skipped_without_being_held() {
    let home = Home::new();
    let path = home.dir.path().join("long-line.jsonl");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(file, "{}", export_line(1)).unwrap();
        file.write_all(br#"{"Id":"huge","Attributes":{"a":[""#)
            .unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            file.write_all(&chunk).unwrap();
        }
        file.write_all(b"\"]}}\n").unwrap();
        writeln!(file, "{}", export_line(2)).unwrap();
    }
    // Reaped below by wait4, which reports its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = home
        .process()
        .args(["import", path_str(&path), "--output", "json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as i32;
    let mut errors = String::new();
    std::io::Read::read_to_string(&mut child.stderr.unwrap(), &mut errors).unwrap();
    // The child's own peak resident memory, from the kernel as it ends.
    let mut status = 0;
    // SAFETY: rusage is plain data the kernel fills; the pid is this test's own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 1,
        "{errors}"
    );
    assert_eq!(errors.lines().count(), 1, "{errors}");
    assert!(
        errors.starts_with(&format!(
            "{}:2: the line is 104857637 bytes; at most 1048576 are read",
            path.display()
        )),
        "{errors}"
    );
    let peak_mib = usage.ru_maxrss / 1024;
    println!("peak RSS {peak_mib} MiB");
    assert!(peak_mib < 80, "peak RSS {peak_mib} MiB for a 100 MiB line");
    let ids: Vec<Value> = export_all(&home, &[])
        .into_iter()
        .map(|e| e["Id"].clone())
        .collect();
    assert_eq!(ids, [json!("ep-0001"), json!("ep-0002")]);
}

#[test]
fn files_of_another_shape_are_refused_at_their_first_line() {
    let home = Home::new();
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            home.write("pretty.json", "{\n  \"Id\": \"e1\"\n}\n"),
            ":1: not a Pinpoint endpoint file (JSON lines, one endpoint a line, or CSV with Pinpoint's column names): not JSON: EOF while parsing an object",
        ),
        (
            home.write("profile.toml", "endpoint_id = \"qa\"\n[attributes]\n"),
            ":1: not a Pinpoint endpoint file: unknown CSV column `endpoint_id = \"qa\"`",
        ),
        (
            home.write("typo.csv", "Id,Adress\ne1,x\n"),
            ":1: not a Pinpoint endpoint file: unknown CSV column `Adress`",
        ),
        (
            home.write("list.json", "[{\"Id\": \"e1\"}]\n"),
            ":1: not a Pinpoint endpoint file (JSON lines, one endpoint a line, or CSV with Pinpoint's column names): a JSON object (one endpoint) is required, not an array",
        ),
        (
            home.write("noid.csv", "Address,ChannelType\nx,SMS\n"),
            ":1: not a Pinpoint endpoint file: the CSV header has no `Id` column",
        ),
    ];
    for (file, message) in &cases {
        let (summary, errors) = import(&home, &[path_str(file)], 1);
        assert!(
            errors.starts_with(&format!("{}{message}", file.display())),
            "{errors}"
        );
        assert_eq!(errors.lines().count(), 1, "one message a file: {errors}");
        assert_eq!(summary["imported"], 0);
    }
    let missing = home.dir.path().join("missing.json");
    let (summary, errors) = import(&home, &[path_str(&missing)], 1);
    assert!(
        errors.starts_with(&format!("{}: cannot read: ", missing.display())),
        "{errors}"
    );
    assert_eq!(summary["files"], 0);
    assert!(export_all(&home, &[]).is_empty(), "nothing landed");
    // A CSV row with a quote left open, a value that is no number.
    let csv = home.write(
        "rows.csv",
        "Id,Address,Metrics.logins\nok-1,a,1\nbad-2,\"open,2\nbad-3,b,many\nok-4,c,4\n",
    );
    let (summary, errors) = import(&home, &[path_str(&csv)], 1);
    let name = csv.display();
    assert_eq!(
        errors.lines().collect::<Vec<_>>(),
        [
            format!(
                "{name}:3: a quoted value is not closed on its line (Pinpoint's CSV has no line breaks in values; a `\"` in a value is written `\"\"` inside quotes)"
            ),
            format!("{name}:4: Metrics.logins: `many` is not a number"),
        ]
    );
    assert_eq!(summary["imported"], 2);
}

#[test]
fn a_truncated_gzip_lands_the_lines_before_the_cut_and_a_rerun_completes() {
    let home = Home::new();
    let lines: Vec<Value> = (0..400).map(export_line).collect();
    let whole = gzip(lines_text(&lines).as_bytes());
    let cut = home.dir.path().join("cut.json.gz");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let (summary, errors) = import(&home, &[path_str(&cut)], 1);
    assert_eq!(errors.lines().count(), 1, "{errors}");
    let (at, message) = errors.trim_end().rsplit_once(": the gzip").unwrap();
    let line: u64 = at.rsplit(':').next().unwrap().parse().unwrap();
    assert!(
        message.starts_with(" data ends early (a truncated file?)"),
        "{errors}"
    );
    let imported = summary["imported"].as_u64().unwrap();
    assert!(imported > 0 && imported < 400, "{summary}");
    assert_eq!(
        line,
        imported + 1,
        "the cut is named at the line it falls in"
    );
    assert_eq!(export_all(&home, &[]).len() as u64, imported);

    let full = home.dir.path().join("full.json.gz");
    std::fs::write(&full, &whole).unwrap();
    let (summary, _) = import(&home, &[path_str(&full)], 0);
    assert_eq!(summary["updated"].as_u64(), Some(imported));
    let expected: Vec<Value> = lines.iter().map(in_this_app).collect();
    let mut got = export_all(&home, &[]);
    got.sort_by_key(|e| e["Id"].as_str().unwrap().to_string());
    assert_eq!(got, expected);
}

#[test]
fn export_of_one_segment_writes_its_members() {
    let home = Home::new();
    let lines: Vec<Value> = (0..30).map(export_line).collect();
    let file = home.write("all.json", &lines_text(&lines));
    import(&home, &[path_str(&file)], 0);
    let segment = home.write(
        "premium.json",
        r#"{"Name": "premium iOS", "Dimensions": {"Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["premium"]}}, "Demographic": {"Platform": {"Values": ["iOS"]}}}}"#,
    );
    let out = run(&home, &["segments", "create", path_str(&segment)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let members = export_all(&home, &["--segment", "premium iOS"]);
    let expected: Vec<Value> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| i.is_multiple_of(6))
        .map(|(_, l)| in_this_app(l))
        .collect();
    assert_eq!(members.len(), 5);
    assert_eq!(members, expected);

    // segments count and members say the same, by id or by name; members a page at a time.
    let out = run(
        &home,
        &["segments", "count", "premium iOS", "--output", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let count = json(&out.stdout);
    assert_eq!(count["Endpoints"], 5, "{count}");
    assert_eq!(count["CannotTell"], 0);
    assert_eq!(count["Read"], 30);
    assert_eq!(count["Name"], "premium iOS");
    let id = count["SegmentId"].as_str().unwrap().to_string();
    let out = run(&home, &["segments", "count", &id, "--output", "table"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        format!("segment \"premium iOS\" ({id}): 5 endpoints of 30 stored")
    );
    let mut pages = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut args = vec!["segments", "members", &id, "--page-size", "2"];
        if let Some(token) = &token {
            args.extend(["--next-token", token.as_str()]);
        }
        args.extend(["--output", "json"]);
        let out = run(&home, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let page = json(&out.stdout);
        pages.push(page["Item"].clone());
        match page.get("NextToken") {
            Some(next) => token = Some(next.as_str().unwrap().to_string()),
            None => break,
        }
    }
    assert_eq!(
        pages,
        [
            json!(["ep-0000", "ep-0006"]),
            json!(["ep-0012", "ep-0018"]),
            json!(["ep-0024"])
        ]
    );
    let out = run(
        &home,
        &["segments", "members", "premium iOS", "--output", "table"],
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        table.lines().filter(|l| l.starts_with("ep-")).count(),
        5,
        "{table}"
    );
    assert!(!table.contains("--next-token"), "{table}");
    // A token this command did not print is a usage error, before the database is read.
    let out = run(
        &home,
        &["segments", "members", &id, "--next-token", "ep-0006"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("--next-token ep-0006: not a NextToken that `segments members` printed"),
        "{}",
        stderr(&out)
    );

    let out = run(&home, &["export", "-", "--segment", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim_end(),
        format!("NotFoundException: no segment `nope` in application {APP}")
    );
}

/// A home with serve running on a database of its own, and a config with an aws target
/// `svc` pointed at serve, a sandbox target `local` on serve's database and a read-only
/// sandbox target `ro`.
fn serve_with_targets() -> (Home, Serve) {
    let home = Home::new();
    let db = home.dir.path().join("served.sqlite3");
    let serve = Serve::start(&home, &db);
    home.write(
        "config/config.toml",
        &format!(
            "[targets.svc]\nkind = \"aws\"\nregion = \"us-east-1\"\napplication_id = \"{APP}\"\nendpoint_url = \"{}\"\n\n\
             [targets.local]\nkind = \"sandbox\"\ndb = \"{}\"\n\n\
             [targets.ro]\nkind = \"sandbox\"\nread_only = true\n",
            serve.url(),
            db.display()
        ),
    );
    (home, serve)
}

#[test]
fn an_aws_target_imports_through_update_endpoints_batch() {
    let (home, _serve) = serve_with_targets();
    // 240 endpoints, one refused here (a value over 100 characters), and one only the
    // service refuses: its 251st attribute name in the application (names 0..248 come first).
    let mut lines: Vec<String> = (0..240).map(|i| export_line(i).to_string()).collect();
    lines[17] = format!(
        r#"{{"Id":"long","Attributes":{{"a":["{}"]}}}}"#,
        "v".repeat(101)
    );
    let names: serde_json::Map<String, Value> =
        (0..245).map(|n| (format!("n{n}"), json!(["x"]))).collect();
    lines[150] = json!({"Id": "many-names", "Attributes": names}).to_string();
    lines[151] = json!({"Id": "one-too-many", "Metrics": {"m1": 1, "m2": 2}}).to_string();
    let file = home.write("to-service.json", &(lines.join("\n") + "\n"));
    let name = path_str(&file);
    let out = home
        .cmd()
        .args(["--target", "svc", "import", name, "--output", "json"])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors = stderr(&out);
    let errors: Vec<&str> = errors.lines().collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        errors[0],
        format!(
            "{name}:18: endpoint long: attributes.a[0]: the value has 101 characters; at most 100 are allowed"
        ),
        "refused here, not sent"
    );
    assert!(
        errors[1].starts_with(&format!("{name}:152: endpoint one-too-many: UpdateEndpointsBatch in application {APP}: BadRequestException: "))
            && errors[1].contains("Exceeded the quota of 250 attribute names"),
        "{}",
        errors[1]
    );
    let summary = json(&out.stdout);
    assert_eq!(summary["imported"], 238);
    assert_eq!(summary["failed"], 2);
    assert_eq!(summary.get("created"), None, "the service does not say");
    // 3 batches, the refused one again item by item.
    assert!(summary["requests"].as_u64().unwrap() > 3, "{summary}");

    // What landed, read back from the database `serve` writes, while it runs.
    let landed = export_all(&home, &["--target", "local"]);
    assert_eq!(landed.len(), 238);
    let ep = landed.iter().find(|e| e["Id"] == "ep-0005").unwrap();
    let line = in_this_app(&export_line(5));
    for member in [
        "Address",
        "Attributes",
        "ChannelType",
        "Demographic",
        "Location",
        "Metrics",
        "OptOut",
        "RequestId",
        "User",
    ] {
        assert_eq!(ep[member], line[member], "{member}");
    }
    assert_ne!(
        ep["CreationDate"], line["CreationDate"],
        "a request cannot set it"
    );

    // export cannot list an aws target's endpoints; a read-only target takes no import.
    let out = run(&home, &["--target", "svc", "export"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Pinpoint has no operation that lists an application's endpoints"),
        "{}",
        stderr(&out)
    );
    for command in [
        &["segments", "count", "x"][..],
        &["segments", "members", "x"],
    ] {
        let out = run(&home, &[&["--target", "svc"][..], command].concat());
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stderr(&out).trim_end(),
            format!(
                "{} reads the sandbox's database; target `svc` is an aws target, and Pinpoint has no operation that lists an application's endpoints (its export jobs wrote them to S3)",
                command[..2].join(" ")
            )
        );
    }
    let out = run(&home, &["--target", "ro", "import", name]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim_end(),
        "target `ro` is read-only; import was not sent"
    );
}

#[test]
fn an_import_beside_a_running_serve_on_the_same_database() {
    let (home, serve) = serve_with_targets();
    let lines: Vec<Value> = (0..6_000).map(export_line).collect();
    let file = home.write("big.json", &lines_text(&lines));
    let mut child = home
        .process()
        .args([
            "--target",
            "local",
            "import",
            path_str(&file),
            "--output",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Meanwhile the service answers, reads and writes alike.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut answered = 0;
    while child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the import did not end within 60 s"
        );
        let (status, body) = http(
            serve.port,
            "PUT",
            &format!("/v1/apps/{APP}/endpoints/beside-{answered}"),
            r#"{"Address":"beside"}"#,
        )
        .unwrap();
        assert_eq!(status, 202, "{body}");
        let (status, body) = http(
            serve.port,
            "GET",
            &format!("/v1/apps/{APP}/endpoints/ep-0000"),
            "",
        )
        .unwrap();
        assert!(status == 200 || status == 404, "{status} {body}");
        answered += 1;
    }
    let out = child.wait_with_output().unwrap();
    assert_success(&out, "");
    assert_eq!(json(&out.stdout)["imported"], 6_000);
    let all = export_all(&home, &["--target", "local"]);
    assert_eq!(all.len(), 6_000 + answered);
}

#[test]
fn a_kill_during_an_import_loses_at_most_the_batch_in_flight() {
    let home = Home::new();
    let lines: Vec<Value> = (0..12_000).map(export_line).collect();
    let file = home.write("big.json", &lines_text(&lines));
    let db = home.data_dir().join("sandbox.sqlite3");
    let mut child = home
        .process()
        .args(["import", path_str(&file)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once a batch has landed.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "no batch landed within 60 s");
        // Opened only once the import made it, and never created here.
        let count: i64 =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|c| c.query_row("SELECT COUNT(*) FROM endpoints", [], |r| r.get(0)))
                .unwrap_or(0);
        if count > 0 || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let count: u64 = conn
        .query_row("SELECT COUNT(*) FROM endpoints", [], |r| r.get(0))
        .unwrap();
    // Transactions land in the file's order: what is there is the file's first lines, whole.
    let ids = strings(&conn, "SELECT id_key FROM endpoints ORDER BY id_key");
    let mut first: Vec<String> = (0..count as usize).map(|i| format!("ep-{i:04}")).collect();
    first.sort();
    assert_eq!(ids, first);
    drop(conn);
    let (summary, _) = import(&home, &[path_str(&file)], 0);
    assert_eq!(summary["updated"].as_u64(), Some(count));
    assert_eq!(export_all(&home, &[]).len(), 12_000);
}
