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

#[path = "pack_support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use esma_core::draft_file::{DraftFile, DraftFileLimits};
use esma_core::pack::verify::{verify_pack, Limits, Verdict, Verification};
use esma_core::settings::Settings;
use esma_core::signed::jwk::JwkSet;
use esma_core::signed::jws::{Header, Signer};
use esma_core::signed::{b64, jcs};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
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

fn hex(b: &[u8]) -> String {
    b64::hex(b)
}

/// A pack of `manifest`, signed by `key`, carrying `files`.
fn pack(key: &TestKey, manifest: &Value, files: &[Vec<u8>]) -> Vec<u8> {
    let protected = Header::for_key(&key.public()).encode();
    let payload = b64::encode_url(jcs::to_string(manifest).as_bytes());
    let sig = key
        .sign(format!("{protected}.{payload}").as_bytes())
        .unwrap();
    let mut s = format!(
        r#"{{"format":"esma-referral-pack","formatVersion":1,"signed":{{"protected":"{protected}","payload":"{payload}","signature":"{}"}},"files":["#,
        b64::encode_url(&sig)
    );
    for (i, f) in files.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"sha256":"{}","data":"{}"}}"#,
            hex(&Sha256::digest(f)),
            b64::encode_std(f)
        );
    }
    s.push_str("]}");
    s.into_bytes()
}

fn manifest(referral: Value, attachments: Value) -> Value {
    json!({
        "formatVersion": 1,
        "packId": "0b7e6a4e-1c2d-4f5a-9b8c-7d6e5f4a3b2c",
        "createdAt": "2026-11-28T10:00:00Z",
        "app": {"name": "ESMA referral checker", "version": "0.1.0", "rulesVersion": "x"},
        "referral": referral,
        "findings": [],
        "checklist": (1..=6).map(|i| json!({"item": i, "title": "t", "status": "complete", "reason": "r"})).collect::<Vec<_>>(),
        "attachments": attachments,
    })
}

/// `{"format":F,"files":[0,0,…]}` of `size` bytes.
fn zeros(format: &str, size: usize) -> Vec<u8> {
    let mut v = format!(r#"{{"format":"{format}","formatVersion":1,"files":["#).into_bytes();
    while v.len() + 4 < size {
        v.extend_from_slice(b"0,");
    }
    v.extend_from_slice(b"0]}");
    v
}

/// A referral at every limit the issue's attacks reach for: 50 evidence
/// items and 100 attachments (all one small file, carried once), long
/// answers; with its manifest attachments.
fn referral_at_the_limits() -> (Value, Value, Vec<u8>) {
    let mut r: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("complete.json")).unwrap())
            .unwrap();
    let file = b"a small file".to_vec();
    let sha = hex(&Sha256::digest(&file));
    let long = "A long answer. ".repeat(600);
    let mut evidence = r["medicalEvidence"][0].clone();
    evidence["role"] = json!(long);
    evidence["service"] = json!(long);
    evidence["attachmentId"] = json!("att-0");
    r["medicalEvidence"] = json!(vec![evidence; 50]);
    r["additionalInformation"] = json!(long);
    r["support"]["reasonableAdjustments"] = json!(long);
    let attachments: Vec<Value> = (0..100)
        .map(|i| json!({"id": format!("att-{i}"), "name": format!("letter-{i}.txt"), "mediaType": "text/plain", "size": file.len(), "sha256": sha, "purpose": "medical-evidence"}))
        .collect();
    r["attachments"] = json!(attachments);
    (r, json!(attachments), file)
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

    let text = format!(
        r#"{{"medicalEvidence":[{}]}}"#,
        vec!["{}"; 1_000_000].join(",")
    );
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
    let files: Vec<Vec<u8>> = (0..5u8).map(|i| vec![i; 4 * MB]).collect();
    let entries: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"id": format!("att-{i}"), "name": "a.pdf", "mediaType": "application/pdf", "size": f.len(), "sha256": hex(&Sha256::digest(f)), "purpose": "medical-evidence"}))
        .collect();
    let big = pack(
        &attacker,
        &manifest(json!({"attachments": entries}), json!(entries)),
        &files,
    );
    drop(files);
    let (v, cost) = measure(&big, |b| check(b, &trusted));
    assert_eq!(v.verdict, Verdict::Trusted, "{}", v.to_text());
    within_budget("27 MB pack with 20 MB of attachments", big.len(), &cost);
}
