//! Benchmark: validate the complete fixture many times and print JSON lines,
//! `{"metric":"validate_full_native_us","value":<median µs>,"unit":"us"}`,
//! which `cargo xtask bench` collects. No assertions on time.
//!
//! `validate_with_consent_native_us` is the same referral carrying a parent's
//! in-app consent: every validation then also hashes the referral's content
//! (JCS and SHA-256) to check the consent still matches it.

use std::hint::black_box;
use std::time::Instant;

use esma_core::referral::{ConsentDecision, ConsentRecord, Referral};
use esma_core::{settings::Settings, validate::validate};

const COMPLETE: &str = include_str!("../../../fixtures/referrals/complete.json");

fn main() {
    let referral: Referral = serde_json::from_str(COMPLETE).expect("complete fixture parses");
    println!(
        "{{\"metric\":\"validate_full_native_us\",\"value\":{:.3},\"unit\":\"us\"}}",
        median_us(&referral)
    );
    let mut with_consent = referral.clone();
    with_consent.consent.record = Some(ConsentRecord {
        decision: Some(ConsentDecision::Given),
        name: Some("Chris Taylor".into()),
        relationship: Some("Mother".into()),
        response: Some("{}".into()),
        ..ConsentRecord::default()
    });
    println!(
        "{{\"metric\":\"validate_with_consent_native_us\",\"value\":{:.3},\"unit\":\"us\"}}",
        median_us(&with_consent)
    );
}

/// The median time of one validation, in microseconds.
fn median_us(referral: &Referral) -> f64 {
    let settings = Settings::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    // Warm up.
    for _ in 0..1_000 {
        black_box(validate(black_box(referral), today, &settings));
    }
    const PER_SAMPLE: u32 = 500;
    let mut samples: Vec<f64> = (0..41)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..PER_SAMPLE {
                black_box(validate(black_box(referral), today, &settings));
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(PER_SAMPLE)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
