//! What the console does before a bulk run can be confirmed, for 10,000 endpoints from the
//! qa-ios profile: the plan's review (every item checked, the field warnings of the first
//! 1,000) and the search of 16 stored endpoints for addresses the plan writes.

use criterion::{Criterion, criterion_group, criterion_main};
use pinpoint_console::model::bulk::{Plan, Template};
use pinpoint_console::model::import::parse_json;
use pinpoint_console::model::wire::EndpointResponse;

fn bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/profiles/qa-ios.json"
    ))
    .unwrap();
    let (_, base) = parse_json(&text).unwrap();
    let plan = Plan {
        address: Some(Template::parse("qa+{n}@example.com").unwrap()),
        ..Plan::new(base, 10_000, None, None)
    };
    assert!(plan.review(20).problems.is_empty());
    let stored: Vec<EndpointResponse> = (0..16)
        .map(|i| EndpointResponse {
            id: Some(format!("stored-{i}")),
            address: Some(format!("qa+{}@example.com", (i + 1) * 600)),
            ..Default::default()
        })
        .collect();
    assert_eq!(plan.displaced(&stored).len(), 16);
    let mut group = c.benchmark_group("bulk plan of 10,000 endpoints");
    group.sample_size(10);
    group.bench_function("review", |b| b.iter(|| plan.review(20)));
    group.bench_function("displaced among 16 stored endpoints", |b| {
        b.iter(|| plan.displaced(&stored).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
