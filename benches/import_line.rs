//! What `import`'s reading thread does with each line of a Pinpoint export file: 1,000 lines
//! of the benchmark's shape (`bench/gen_export.py`) read into endpoints, then checked as
//! UpdateEndpoint would check them. A line with an escape in it is also read a second time
//! (to refuse an array in Demographic, Location or User): the same lines with one escape each
//! show what that second reading costs.

use criterion::{Criterion, criterion_group, criterion_main};
use pinpoint_console::model::endpoint_file::read_json_line;

/// Export line `i`; with `escape`, its city is written with a JSON escape.
fn line(i: usize, escape: bool) -> Vec<u8> {
    let city = if escape { r"Berl\u0069n" } else { "Berlin" };
    format!(
        r#"{{"Address":"{i:032x}","ApplicationId":"5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c","Attributes":{{"interests":["cooking","gaming"],"plan":["family"]}},"ChannelType":"APNS","CohortId":"35","CreationDate":"2025-04-26T09:36:00.888Z","Demographic":{{"AppVersion":"4.7.0","Locale":"en_US","Make":"Google","Model":"Pixel 8","Platform":"Android","PlatformVersion":"15","Timezone":"Europe/Berlin"}},"EffectiveDate":"2026-10-29T12:00:00.000Z","EndpointStatus":"ACTIVE","Id":"ep-{i:07}","Location":{{"City":"{city}","Country":"DE","Latitude":52.5,"Longitude":13.4,"PostalCode":"10115","Region":"BE"}},"Metrics":{{"logins":35.0,"sessions":9.0}},"OptOut":"NONE","RequestId":"910a2dec89025cc1975835de1c9756ce","User":{{"UserAttributes":{{"tier":["silver"]}},"UserId":"user-{i:07}"}}}}"#
    )
    .into_bytes()
}

fn bench(c: &mut Criterion) {
    let plain: Vec<Vec<u8>> = (0..1_000).map(|i| line(i, false)).collect();
    let escaped: Vec<Vec<u8>> = (0..1_000).map(|i| line(i, true)).collect();
    for lines in [&plain, &escaped] {
        for text in lines {
            read_json_line(text).unwrap().check().unwrap();
        }
    }
    let read = |lines: &[Vec<u8>]| lines.iter().filter(|l| read_json_line(l).is_ok()).count();
    let mut group = c.benchmark_group("1,000 export lines");
    group.sample_size(20);
    group.bench_function("read", |b| b.iter(|| read(&plain)));
    group.bench_function("read, each with an escape (read twice)", |b| {
        b.iter(|| read(&escaped))
    });
    group.bench_function("read and checked", |b| {
        b.iter(|| {
            plain
                .iter()
                .filter(|l| read_json_line(l).unwrap().check().is_ok())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
