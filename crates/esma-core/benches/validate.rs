//! Benchmark: validate the complete fixture many times and print one JSON line,
//! `{"metric":"validate_full_native_us","value":<median µs>,"unit":"us"}`,
//! which `cargo xtask bench` collects. No assertions on time.

use std::hint::black_box;
use std::time::Instant;

use esma_core::{referral::Referral, settings::Settings, validate::validate};

const COMPLETE: &str = include_str!("../../../fixtures/referrals/complete.json");

fn main() {
    let referral: Referral = serde_json::from_str(COMPLETE).expect("complete fixture parses");
    let settings = Settings::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    // Warm up.
    for _ in 0..1_000 {
        black_box(validate(black_box(&referral), today, &settings));
    }
    const PER_SAMPLE: u32 = 500;
    let mut samples: Vec<f64> = (0..41)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..PER_SAMPLE {
                black_box(validate(black_box(&referral), today, &settings));
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(PER_SAMPLE)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    println!("{{\"metric\":\"validate_full_native_us\",\"value\":{median:.3},\"unit\":\"us\"}}");
}
