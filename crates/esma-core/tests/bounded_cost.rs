//! Issue 12's budget, held deterministically: any input up to its size
//! limit is refused or checked with at most 3 × its size + 50 MB of memory,
//! and with work in proportion to its size.
//!
//! Memory is counted by a global allocator in this test binary (the peak of
//! live heap bytes, the input included), and work by the number of
//! allocations: both are exact and the same on every machine, where a
//! wall-clock assert would swing with the load. The time itself (at most
//! 1 s per 10 MB, a 1 MB file in 1 s) is measured on the release CLI by
//! `cargo xtask bench` (`hostile_*` figures).
//!
//! One test function runs every case in turn, so no other test's
//! allocations mix with the counts.

mod hostile_inputs;
#[path = "pack_support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use esma_core::draft_file::{DraftFile, DraftFileLimits};
use esma_core::pack::verify::{verify_pack, Limits, Verdict, Verification};
use esma_core::settings::Settings;
use esma_core::signed::jwk::JwkSet;
use esma_core::signed::jws::Signer;
use hostile_inputs::{big_files, empty_evidence, manifest, referral_at_the_limits, zeros};
use serde_json::{json, Value};
use support::*;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
            COUNT.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new) };
        if !q.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            let now = LIVE.fetch_add(new, Relaxed) + new;
            PEAK.fetch_max(now, Relaxed);
            COUNT.fetch_add(1, Relaxed);
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

const MB: usize = 1_000_000;

/// What reading one input cost.
struct Cost {
    peak_bytes: usize,
    allocations: usize,
}

/// Run `f` on `input`, counting from just before it: the input itself is
/// part of the peak (the CLI holds the whole file).
fn measure<T>(input: &[u8], f: impl FnOnce(&[u8]) -> T) -> (T, Cost) {
    let base = LIVE.load(Relaxed) - input.len();
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    let count = COUNT.load(Relaxed);
    let out = f(input);
    let cost = Cost {
        peak_bytes: PEAK.load(Relaxed) - base,
        allocations: COUNT.load(Relaxed) - count,
    };
    (out, cost)
}

/// The budget: 3 × size + 50 MB of memory; work (allocations) of a fixed
/// 50,000 plus one per byte: linear in the size, whatever the shape (the
/// rules look at long answers word by word, about one allocation per 5
/// bytes of text; the 100,000-item pack once cost millions).
fn within_budget(name: &str, size: usize, cost: &Cost) {
    let memory = 3 * size + 50 * MB;
    let work = 50_000 + size;
    println!(
        "{name}: {size} bytes, peak {} bytes ({:.2} of budget), {} allocations ({:.2} of budget)",
        cost.peak_bytes,
        cost.peak_bytes as f64 / memory as f64,
        cost.allocations,
        cost.allocations as f64 / work as f64
    );
    assert!(
        cost.peak_bytes <= memory,
        "{name}: peak {} > {memory}",
        cost.peak_bytes
    );
    assert!(
        cost.allocations <= work,
        "{name}: {} allocations > {work}",
        cost.allocations
    );
}

/// A pack of `manifest` signed by `key`, carrying `files`.
fn pack(key: &TestKey, manifest: &Value, files: &[Vec<u8>]) -> Vec<u8> {
    let sign = |input: &[u8]| key.sign(input).unwrap();
    hostile_inputs::pack(&key.public(), &sign, manifest, files)
}

fn check(bytes: &[u8], trusted: &JwkSet) -> Verification {
    verify_pack(
        bytes,
        &Limits::default(),
        &P256,
        trusted,
        today(),
        &Settings::default(),
    )
}

#[test]
fn every_input_is_refused_or_checked_within_the_budget() {
    let attacker = TestKey::new(0x42);
    let nobody = JwkSet::empty();
    let trusted: JwkSet = [attacker.public()].into_iter().collect();

    // The issue's examples (scaled where the cost is linear in the size).
    let evidence = pack(
        &attacker,
        &manifest(
            json!({"medicalEvidence": vec![json!({}); 100_000]}),
            json!([]),
        ),
        &[],
    );
    let (v, cost) = measure(&evidence, |b| check(b, &nobody));
    assert_eq!(v.verdict.exit_code(), 1, "{}", v.to_text());
    within_budget("100,000 empty evidence items", evidence.len(), &cost);
    drop(evidence);

    let z = zeros("esma-referral-pack", 20 * MB);
    let (v, cost) = measure(&z, |b| check(b, &nobody));
    assert!(matches!(v.verdict, Verdict::Unreadable { .. }));
    within_budget("20 MB pack of files:[0,0,…]", z.len(), &cost);
    drop(z);

    let z = zeros("esma-consent-request", 20 * MB);
    let (r, cost) = measure(&z, esma_core::consent::parse_request);
    assert!(r.is_err());
    within_budget("20 MB consent request of files:[0,0,…]", z.len(), &cost);
    drop(z);

    let text = empty_evidence(1_000_000);
    let (r, cost) = measure(text.as_bytes(), |b| {
        esma_core::limits::read_referral(std::str::from_utf8(b).unwrap())
    });
    assert!(r.is_err());
    within_budget("3 MB referral of empty evidence items", text.len(), &cost);
    drop(text);

    let mut draft =
        br#"{"format":"esma-referral-draft","formatVersion":1,"referral":{},"attachments":["#
            .to_vec();
    draft.extend(std::iter::repeat_n(b"0,".as_slice(), 10 * MB).flatten());
    draft.extend(b"0]}");
    let (r, cost) = measure(&draft, |b| DraftFile::parse(b, &DraftFileLimits::default()));
    assert!(r.is_err());
    within_budget(
        "20 MB draft file of attachments:[0,0,…]",
        draft.len(),
        &cost,
    );
    drop(draft);

    // At every limit, validly signed: checked in full, rules included,
    // whether the signer is trusted or the rules are asked for.
    let (referral, attachments, file) = referral_at_the_limits();
    let full = pack(&attacker, &manifest(referral, attachments), &[file]);
    let (v, cost) = measure(&full, |b| check(b, &trusted));
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    assert!(v.rules_today.is_some());
    within_budget("a referral at every limit, trusted", full.len(), &cost);
    let (v, cost) = measure(&full, |b| {
        let mut v = check(b, &nobody);
        v.run_rules(today(), &Settings::default());
        v
    });
    assert!(v.rules_today.is_some());
    within_budget("the same, rules run on request", full.len(), &cost);
    drop(full);

    // The largest honest pack scaled down: 20 MB of attachments.
    let (files, entries) = big_files(5, 4 * MB);
    let big = pack(
        &attacker,
        &manifest(json!({"attachments": entries.clone()}), entries),
        &files,
    );
    drop(files);
    let (v, cost) = measure(&big, |b| check(b, &trusted));
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    within_budget("27 MB pack with 20 MB of attachments", big.len(), &cost);
}
