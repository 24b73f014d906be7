//! Drawing one full frame (`view` into a `TestBackend`, as the event loop draws it) with a
//! 250-name endpoint in the form: the Attributes section selected and focused, the
//! Pinpoint request previewed. 250 is Pinpoint's limit on attributes, metrics and user
//! attributes together per endpoint. Two endpoints: 150 attributes (1 to 3 values each), 50
//! metrics and 50 user attributes (`frame_250_names`); and 250 attributes alone
//! (`frame_250_attributes`); lengths and shapes like those of real test users.
//!
//! The In-app view with 50 in-app campaigns (`frame_inapp_50_campaigns`): the examples of
//! assets/ in turn, decided for an in-app profile with an event fired, the selected one's
//! reasons tree or its message drawn (`reasons_*`, `message_*`); and a keystroke's whole
//! cost while the view is live (`edited_*`): the form's checks, its segments and the 50
//! campaigns and the event decided again, then the frame.
//!
//! `cargo bench --bench frame`

use std::hint::black_box;

#[path = "../tests/common/inapp.rs"]
mod examples;
#[path = "../tests/common/screen.rs"]
mod screen;

use criterion::{Criterion, criterion_group, criterion_main};
use indexmap::IndexMap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pinpoint_console::model::UserInfo;
use pinpoint_console::model::import::parse_json;
use pinpoint_console::model::inapp::Library;
use pinpoint_console::model::preview::PreviewFormat;
use pinpoint_console::model::segment::parse_instant;
use pinpoint_console::store::config::Config;
use pinpoint_console::store::paths::Paths;
use pinpoint_console::tui::app::{App, Clock, Focus, Link, PreviewMode};
use pinpoint_console::tui::form::{FormState, Section};
use pinpoint_console::tui::inapp::{Detail, parse_event};
use pinpoint_console::tui::keymap::Keymap;
use pinpoint_console::tui::message::Connection;
use pinpoint_console::tui::view::view;

const TOPICS: [&str; 10] = [
    "interests",
    "favorite_genres",
    "preferred_channels",
    "subscribed_topics",
    "device_capabilities",
    "purchase_categories",
    "loyalty_badges",
    "campaign_cohorts",
    "feature_flags",
    "visited_sections",
];

const WORDS: [&str; 12] = [
    "music",
    "hiking",
    "science-fiction",
    "weekly-digest",
    "push-enabled",
    "outdoor-gear",
    "gold-tier",
    "spring-2025-promo",
    "beta-checkout",
    "home/electronics/audio",
    "en_US",
    "returning-customer",
];

/// `n` attributes of 1 to 3 values.
fn attributes(n: usize) -> IndexMap<String, Vec<String>> {
    let mut attributes = IndexMap::new();
    for i in 0..n {
        let name = format!("{}_{i:03}", TOPICS[i % TOPICS.len()]);
        let values = (0..1 + i % 3)
            .map(|v| WORDS[(i * 7 + v * 5) % WORDS.len()].to_string())
            .collect();
        attributes.insert(name, values);
    }
    attributes
}

/// 250 attributes, and nothing in metrics or user attributes.
fn attributes_only() -> UserInfo {
    UserInfo {
        attributes: attributes(250),
        metrics: IndexMap::new(),
        user_attributes: IndexMap::new(),
        ..big_user()
    }
}

/// 150 attributes, 50 metrics and 50 user attributes.
fn big_user() -> UserInfo {
    let attributes = attributes(150);
    let mut metrics = IndexMap::new();
    for i in 0..50 {
        let value = match i % 3 {
            0 => (i * 13) as f64,
            1 => 0.25 * i as f64,
            _ => 1234.5 + i as f64,
        };
        metrics.insert(format!("sessions_last_{}_days_{i:02}", 1 + i % 30), value);
    }
    let mut user_attributes = IndexMap::new();
    for i in 0..50 {
        user_attributes.insert(
            format!(
                "account_{}_{i:02}",
                ["plan", "segment", "region", "tier"][i % 4]
            ),
            vec![format!("value-{i}-{}", WORDS[i % WORDS.len()])],
        );
    }
    // The ids, channel, demographic and location of the qa-ios example.
    let qa_ios = parse_json(include_str!("../assets/profiles/qa-ios.json"))
        .unwrap()
        .1;
    UserInfo {
        address: Some("740f4707bebcf74f9b7c25d48e3358945f6aa01da5ddb387462c7eaf61bb78ad".into()),
        endpoint_status: Some("ACTIVE".into()),
        attributes,
        metrics,
        user_attributes,
        ..qa_ios
    }
}

fn app(user: UserInfo, size: (u16, u16)) -> App {
    let config = Config::default();
    let paths = Paths::under(std::env::temp_dir().join("pinpoint-console-bench"));
    let mut app = App::new(config, paths, Keymap::default(), "sandbox".into());
    app.form = FormState::new(user);
    app.baseline = app.form.info.clone();
    app.form_changed();
    app.section = Section::Attributes;
    app.focus = Focus::Form;
    app.preview = PreviewMode::Format(PreviewFormat::Pinpoint);
    app.link = Link::Connected(Connection {
        target: "sandbox".into(),
        application_id: "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c".into(),
        url: "http://127.0.0.1:4599".into(),
        read_only: false,
        cli: pinpoint_console::model::preview::CliContext::default(),
    });
    app.size = size;
    app
}

fn frame(c: &mut Criterion) {
    for (group, user) in [
        ("frame_250_names", big_user()),
        ("frame_250_attributes", attributes_only()),
    ] {
        let names = user.attributes.len() + user.metrics.len() + user.user_attributes.len();
        assert_eq!(names, 250);
        frames(c, group, user);
    }
}

/// A terminal `w` by `h` with `app` drawn on it, and what it shows.
fn drawn(app: &App, (w, h): (u16, u16)) -> (Terminal<TestBackend>, String) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view(app, f)).unwrap();
    let screen = screen::text(&terminal);
    (terminal, screen)
}

/// What is measured: `app` drawn again on `terminal`.
fn redraw(b: &mut criterion::Bencher, terminal: &mut Terminal<TestBackend>, app: &App) {
    b.iter(|| {
        terminal.draw(|f| view(black_box(app), f)).unwrap();
    })
}

fn frames(c: &mut Criterion, group: &str, user: UserInfo) {
    let mut group = c.benchmark_group(group);
    for (w, h) in [(120, 40), (80, 24)] {
        let app = app(user.clone(), (w, h));
        // The frame shows what it should.
        let (mut terminal, screen) = drawn(&app, (w, h));
        assert!(
            screen.contains("interests_000"),
            "the attributes are listed"
        );
        assert!(
            screen.contains("\"Attributes\""),
            "the preview shows the request"
        );
        group.bench_function(format!("{w}x{h}"), |b| redraw(b, &mut terminal, &app));
    }
    group.finish();
}

/// The console on the In-app view of 50 campaigns, `purchase` fired, the 20th selected.
fn inapp_app(size: (u16, u16), detail: Detail) -> App {
    let profile = include_str!("../assets/profiles/app-premium.json");
    let mut app = app(parse_json(profile).unwrap().1, size);
    app.clock = Clock::Fixed(parse_instant(examples::NOW).unwrap());
    let segments = examples::segments();
    app.inapp.library = Some(Library {
        campaigns: examples::many_campaigns(50, &segments),
        templates: examples::templates(),
        segment_versions: Vec::new(),
    });
    app.segments = Some(segments);
    app.inapp.event_text = "purchase item=gloves price:=12.5".into();
    app.inapp.event = Some(parse_event(&app.inapp.event_text).unwrap());
    app.form_changed();
    app.preview = PreviewMode::InApp;
    app.focus = Focus::Preview;
    app.inapp.selected = 19;
    app.inapp.detail = detail;
    app
}

fn inapp_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_inapp_50_campaigns");
    for (w, h) in [(120, 40), (80, 24)] {
        for (name, detail) in [("reasons", Detail::Reasons), ("message", Detail::Message)] {
            let app = inapp_app((w, h), detail);
            assert_eq!(app.inapp.deliveries.len(), 50);
            let (mut terminal, screen) = drawn(&app, (w, h));
            assert!(
                screen.contains("of 50 reach this form"),
                "the view is drawn"
            );
            assert!(
                screen.contains(if detail == Detail::Reasons {
                    "reasons ("
                } else {
                    "app screen"
                }),
                "the lower part is drawn"
            );
            group.bench_function(format!("{name}_{w}x{h}"), |b| {
                redraw(b, &mut terminal, &app)
            });
        }
        let mut app = inapp_app((w, h), Detail::Reasons);
        assert!(app.inapp.pick.is_some(), "the event is decided");
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        group.bench_function(format!("edited_{w}x{h}"), |b| {
            b.iter(|| {
                black_box(&mut app).form_changed();
                terminal.draw(|f| view(&app, f)).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frame, inapp_frame);
criterion_main!(benches);
