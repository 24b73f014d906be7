//! `--output json|table` as a user meets it: JSON into a pipe or a file (byte for byte what
//! scripts read before), tables and key/value blocks on a terminal or when asked for, at the
//! terminal's width.

mod common;

use common::{Home, json, repo_file};
use textwrap::core::display_width;

/// A home with the qa-ios endpoint stored and two segments, one with a long name.
fn home_with_data() -> Home {
    let home = Home::new();
    home.cmd()
        .arg("put")
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .success();
    let long = home.write(
        "long.json",
        &serde_json::json!({
            "Name": format!("A segment whose name goes on {}", "and on ".repeat(20)),
            "Dimensions": {"Attributes": {"plan": {"Values": ["premium"]}}}
        })
        .to_string(),
    );
    home.cmd()
        .args(["segments", "create"])
        .arg(repo_file("assets/segments/frequent-users.json"))
        .arg(&long)
        .assert()
        .success();
    home
}

fn stdout(home: &Home, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = home
        .cmd()
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The data commands, with the first word of the table (or block) each prints.
const COMMANDS: [(&[&str], &str); 5] = [
    (&["get", "qa-ios-0001"], "Id "),
    (&["user", "qa-user-0001"], "ID "),
    (&["apps"], "ID "),
    (&["segments", "list"], "ID "),
    (&["match", "--endpoint", "qa-ios-0001"], "MATCH "),
];

#[test]
fn a_pipe_gets_json_as_before_and_a_terminal_gets_tables() {
    let home = home_with_data();
    for (args, starts) in COMMANDS {
        // Piped: the pretty JSON scripts read, the same as asked for by name.
        let piped = stdout(&home, args, &[]);
        let value = json(piped.as_bytes());
        assert_eq!(
            piped,
            serde_json::to_string_pretty(&value).unwrap() + "\n",
            "{args:?}"
        );
        let asked = stdout(&home, &[args, &["--output", "json"]].concat(), &[]);
        assert_eq!(piped, asked, "{args:?}");

        // Asked for a table, into a pipe: the table, and no JSON.
        let table = stdout(&home, &[args, &["--output", "table"]].concat(), &[]);
        assert!(table.starts_with(starts), "{args:?}:\n{table}");
        assert!(serde_json::from_str::<serde_json::Value>(&table).is_err());
        // The environment variable sets the default; the option wins over it.
        let env = [("PINPOINT_CONSOLE_OUTPUT", "table")];
        assert_eq!(stdout(&home, args, &env), table, "{args:?}");
        let json_anyway = stdout(&home, &[args, &["--output", "json"]].concat(), &env);
        assert_eq!(json_anyway, piped, "{args:?}");

        // On a terminal: the table by default, JSON when asked.
        let shown = home.on_a_terminal(args);
        assert!(
            shown.starts_with(starts),
            "{args:?} on a terminal:\n{shown}"
        );
        let shown = home.on_a_terminal(&[args, &["--output", "json"]].concat());
        assert_eq!(json(shown.as_bytes()), value, "{args:?}");
    }
    home.cmd()
        .args(["apps", "--output", "yaml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values: json, table"));
}

#[test]
fn tables_have_their_columns_and_cut_long_values_at_the_width() {
    let home = home_with_data();
    let columns: [(&[&str], &[&str]); 3] = [
        (
            &["user", "qa-user-0001"],
            &[
                "ID",
                "CHANNEL",
                "ADDRESS",
                "STATUS",
                "OPT OUT",
                "EFFECTIVE DATE",
            ],
        ),
        (&["apps"], &["ID", "NAME", "CREATION DATE", "TAGS"]),
        (
            &["segments", "list"],
            &["ID", "NAME", "CRITERIA", "LAST MODIFIED"],
        ),
    ];
    for (args, titles) in columns {
        let table = home.on_a_terminal_of(90, args);
        let lines: Vec<&str> = table.lines().collect();
        let header: Vec<&str> = lines[0].split("  ").filter(|t| !t.is_empty()).collect();
        let titles: Vec<&str> = titles.iter().map(|t| t.trim()).collect();
        let header: Vec<&str> = header.iter().map(|t| t.trim()).collect();
        assert_eq!(header, titles, "{args:?}:\n{table}");
        assert!(lines[1].chars().all(|c| c == '─'), "{table}");
        assert!(lines.iter().all(|l| display_width(l) <= 90), "{table}");
    }
    let user = home.on_a_terminal_of(90, &["user", "qa-user-0001"]);
    let row = user.lines().nth(2).unwrap();
    assert!(
        row.starts_with("qa-ios-0001 ") && row.contains(" APNS ") && row.contains(" ACTIVE "),
        "{user}"
    );

    // The long name is cut with `…` at the terminal's width, the id kept whole.
    let segments = json(stdout(&home, &["segments", "list"], &[]).as_bytes());
    let long = segments["Item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Name"].as_str().unwrap().starts_with("A segment whose"))
        .unwrap();
    for width in [80, 120] {
        let table = home.on_a_terminal_of(width, &["segments", "list"]);
        let id = long["Id"].as_str().unwrap();
        let line = table
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{table}"));
        assert!(line.contains("A segment") && line.contains("…"), "{table}");
        assert_eq!(width > 100, line.contains("Attributes.plan"), "{table}");
        assert!(
            table.lines().all(|l| display_width(l) <= width as usize)
                && table
                    .lines()
                    .any(|l| display_width(l) > width as usize - 10),
            "{width}:\n{table}"
        );
    }
    // Into a pipe: COLUMNS, or 100.
    let table = stdout(&home, &["segments", "list", "--output", "table"], &[]);
    assert_eq!(table.lines().map(display_width).max(), Some(100), "{table}");
    let env = [("COLUMNS", "64")];
    let table = stdout(&home, &["segments", "list", "--output", "table"], &env);
    assert!(table.lines().all(|l| display_width(l) <= 64), "{table}");
}

#[test]
fn get_and_segments_show_print_key_value_blocks() {
    let home = home_with_data();
    let block = home.on_a_terminal(&["get", "qa-ios-0001"]);
    let lines: Vec<&str> = block.lines().collect();
    assert!(lines[0].starts_with("Id ") && lines[0].ends_with(" qa-ios-0001"));
    let at = lines[0].find("qa-ios-0001").unwrap();
    for (key, value) in [
        ("Attributes.interests", "running, cooking"),
        ("Demographic.Platform", "iOS"),
        ("Location.Latitude", "47.6"),
        ("Metrics.logins", "157"),
        ("User.UserId", "qa-user-0001"),
        ("ChannelType", "APNS"),
    ] {
        assert!(
            lines.contains(&format!("{key:<at$}{value}").as_str()),
            "{key}:\n{block}"
        );
    }
    let listed = json(stdout(&home, &["segments", "list"], &[]).as_bytes());
    let id = listed["Item"][0]["Id"].as_str().unwrap().to_string();
    let block = home.on_a_terminal_of(100, &["segments", "show", &id]);
    assert!(block.starts_with("Id "), "{block}");
    assert!(
        block.lines().any(
            |l| l.starts_with("Dimensions.Metrics.logins.ComparisonOperator")
                && l.ends_with(" GREATER_THAN")
        ),
        "{block}"
    );
}

#[test]
fn a_stored_control_character_is_escaped_in_tables_even_into_a_pipe() {
    let home = Home::new();
    let evil = home.write(
        "evil.json",
        r#"{"Id": "evil-1", "Address": "a\u001b[2Jb\u009b31m\nc", "ChannelType": "EMAIL",
            "User": {"UserId": "u-evil"}}"#,
    );
    home.cmd().arg("put").arg(&evil).assert().success();
    for args in [&["user", "u-evil"][..], &["get", "evil-1"]] {
        let table = stdout(&home, &[args, &["--output", "table"]].concat(), &[]);
        assert!(
            !table.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?}: {table:?}"
        );
        assert!(table.contains("a\\u001B[2Jb\\u009B31m\\u000Ac"), "{table}");
    }
}
