//! Evaluating 200 segments against one endpoint (the console re-evaluates on every edit).

use criterion::{Criterion, criterion_group, criterion_main};
use pinpoint_console::model::import::parse_json;
use pinpoint_console::model::segment::match_all;
use pinpoint_console::model::wire::{SegmentResponse, WriteSegmentRequest};

/// 200 segments: the five example segments, each repeated 40 times with other values, and
/// every fifth one a two-group segment built on earlier segments as sources.
fn segments() -> Vec<SegmentResponse> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/segments");
    let examples: Vec<WriteSegmentRequest> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap()
        })
        .collect();
    (0..200)
        .map(|i| {
            let mut request = examples[i % examples.len()].clone();
            if let Some(metrics) = request.dimensions.as_mut().and_then(|d| d.metrics.as_mut()) {
                for m in metrics.values_mut() {
                    m.value = i as f64;
                }
            }
            let mut groups = request.segment_groups.clone();
            if let (Some(g), true) = (groups.as_mut(), i >= 10) {
                for group in g.groups.iter_mut().flatten() {
                    group.source_segments =
                        Some(vec![pinpoint_console::model::wire::SegmentReference {
                            id: format!("s{}", i - 7),
                            version: None,
                        }]);
                }
            }
            SegmentResponse {
                application_id: "app".into(),
                id: format!("s{i}"),
                name: request.name,
                dimensions: request.dimensions,
                segment_groups: groups,
                segment_type: "DIMENSIONAL".into(),
                ..Default::default()
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let segments = segments();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/profiles/qa-ios.json"
    ))
    .unwrap();
    let (_, endpoint) = parse_json(&text).unwrap();
    assert_eq!(match_all(&segments, &endpoint).len(), 200);
    c.bench_function("match 200 segments against one endpoint", |b| {
        b.iter(|| {
            match_all(
                std::hint::black_box(&segments),
                std::hint::black_box(&endpoint),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
