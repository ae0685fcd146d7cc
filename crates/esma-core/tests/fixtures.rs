//! Whole-referral fixtures: each gives the outcome `fixtures/referrals/expected.json`
//! records, and every attachment's size and SHA-256 match its file.

mod common;

use common::*;
use esma_core::{settings::Settings, validate::validate};
use serde_json::Value;
use std::collections::BTreeSet;

#[test]
fn fixtures_give_expected_findings() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures_dir().join("expected.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(expected["asOf"], "2026-11-28");
    let map = expected["fixtures"].as_object().unwrap();
    // Every fixture file is listed.
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && name != "expected.json" {
            assert!(map.contains_key(&name), "{name} is not in expected.json");
        }
    }
    for (name, exp) in map {
        let report = validate(&fixture(name), as_of(), &Settings::default());
        let found: BTreeSet<&str> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(
            report.has_blocking(),
            exp["blocking"].as_bool().unwrap(),
            "{name}: {:#?}",
            report.findings
        );
        if let Some(rules) = exp.get("rules") {
            let want: BTreeSet<&str> = rules
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(found, want, "{name}");
        }
        if let Some(rules) = exp.get("rulesInclude") {
            for r in rules.as_array().unwrap() {
                assert!(found.contains(r.as_str().unwrap()), "{name}: expected {r}");
            }
        }
    }
}

#[test]
fn complete_fixture_checklist_is_complete() {
    let report = validate(&complete(), as_of(), &Settings::default());
    // Only the warning that a paper consent form cannot be checked.
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule == "consent-paper-unverifiable"),
        "{:#?}",
        report.findings
    );
    for item in &report.checklist.items {
        assert_eq!(item.status.as_str(), "complete", "item {}", item.item);
    }
}

#[test]
fn attachment_sizes_and_digests_match_files() {
    use std::fmt::Write;
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") || path.ends_with("expected.json") {
            continue;
        }
        let r: esma_core::referral::Referral =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for a in &r.attachments {
            let bytes = std::fs::read(
                fixtures_dir()
                    .join("files")
                    .join(a.name.as_deref().unwrap()),
            )
            .unwrap();
            assert_eq!(a.size, Some(bytes.len() as u64), "{}", path.display());
            let digest = sha256(&bytes);
            let mut hex = String::new();
            for b in digest {
                write!(hex, "{b:02x}").unwrap();
            }
            assert_eq!(
                a.sha256.as_deref(),
                Some(hex.as_str()),
                "{}",
                path.display()
            );
        }
    }
}

/// A small SHA-256 so the core crate needs no hashing dependency.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[test]
fn sha256_known_answer() {
    let d = sha256(b"abc");
    assert_eq!(d[0], 0xba);
    assert_eq!(d[31], 0xad);
}

/// The model's readers (`referral::read`, not serde's derive) keep every member
/// of every fixture: written back, each says what its file said.
#[test]
fn fixtures_read_and_write_back_every_member() {
    use esma_core::json::prune_blanks;
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name == "expected.json" {
            continue;
        }
        let text = std::fs::read_to_string(fixtures_dir().join(&name)).unwrap();
        let mut original: Value = serde_json::from_str(&text).unwrap();
        let mut written = serde_json::to_value(fixture(&name)).unwrap();
        prune_blanks(&mut original);
        prune_blanks(&mut written);
        assert_eq!(written, original, "{name}");
    }
}

/// A choice's names are the kebab-case ones serde writes; any other is refused.
#[test]
fn choices_read_only_their_own_names() {
    use esma_core::referral::{HealthKind, Referral};
    let read = |kind: &str| {
        esma_core::json::from_str::<Referral>(&format!(r#"{{"health":{{"kind":"{kind}"}}}}"#))
            .map(|r| r.health.kind)
    };
    assert_eq!(
        read("mental-health").unwrap(),
        Some(HealthKind::MentalHealth)
    );
    assert_eq!(
        serde_json::to_value(HealthKind::MentalHealth).unwrap(),
        "mental-health"
    );
    for wrong in [
        "MentalHealth",
        "mental_health",
        "mentalhealth",
        "mental-health-",
        "",
    ] {
        assert_eq!(
            read(wrong).unwrap_err().problem,
            esma_core::json::Problem::NotAllowed,
            "{wrong}"
        );
    }
    // A struct is an object: an array of its members in order is refused.
    assert_eq!(
        esma_core::json::from_str::<Referral>(r#"{"pupil":["Ann"]}"#)
            .unwrap_err()
            .problem,
        esma_core::json::Problem::WrongType
    );
}
