//! `consent-request`, `consent-respond` and `consent-apply` through the
//! built binary: the round trip into a signed pack that `verify` checks, a
//! tampered response refused, a changed referral invalidating consent, and a
//! refusal recorded and blocking.

mod support;

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;
use support::{code, err, fixture_folder, out, run};

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Self {
        let dir = fixture_folder("consent_cli", name);
        let d = Dir(dir);
        assert_eq!(code(&run(&["keygen", "--out", &d.p("key.jwk")])), 0);
        let o = run(&[
            "consent-request",
            &d.p("referral.json"),
            "--key",
            &d.p("key.jwk"),
            "--out",
            &d.p("request.json"),
        ]);
        assert_eq!(code(&o), 0, "{}", err(&o));
        d
    }

    fn p(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }

    fn respond(&self, decision: &str, out: &str) -> Output {
        run(&[
            "consent-respond",
            &self.p("request.json"),
            "--decision",
            decision,
            "--name",
            "Chris Taylor",
            "--relationship",
            "Mother",
            "--sla-acknowledged",
            "--out",
            &self.p(out),
        ])
    }

    fn apply(&self, referral: &str, response: &str, out: &str) -> Output {
        run(&[
            "consent-apply",
            &self.p(referral),
            &self.p(response),
            "--request",
            &self.p("request.json"),
            "--out",
            &self.p(out),
        ])
    }
}

#[test]
fn round_trip_into_a_verified_pack() {
    let d = Dir::new("round-trip");
    let o = d.respond("given", "response.json");
    assert_eq!(code(&o), 0, "{}", err(&o));
    let o = d.apply("referral.json", "response.json", "referral2.json");
    assert_eq!(code(&o), 0, "{}", err(&o));
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(d.p("referral2.json")).unwrap()).unwrap();
    assert_eq!(r["consent"]["record"]["decision"], "given");
    assert_eq!(r["consent"]["record"]["slaAcknowledged"], true);
    // Consent in the app replaces the paper warning: no findings at all.
    let o = run(&[
        "check",
        &d.p("referral2.json"),
        "--today",
        "2026-11-28",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(code(&o), 0);
    assert!(
        v["findings"].as_array().unwrap().is_empty(),
        "{:#}",
        v["findings"]
    );

    let o = run(&[
        "sign",
        &d.p("referral2.json"),
        "--key",
        &d.p("key.jwk"),
        "--out",
        &d.p("pack.json"),
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let o = run(&["verify", &d.p("pack.json"), "--today", "2026-11-28"]);
    assert_eq!(code(&o), 3, "{}", out(&o));
    let text = out(&o);
    assert!(text.contains("[pass] Parental consent"), "{text}");
    assert!(text.contains("Consent:      given in the app"), "{text}");
    assert!(
        text.contains("Consent by:   Chris Taylor (Mother)"),
        "{text}"
    );
    let o = run(&[
        "verify",
        &d.p("pack.json"),
        "--today",
        "2026-11-28",
        "--json",
    ]);
    let j: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(j["consent"]["route"], "app");
    assert_eq!(j["consent"]["decision"], "given");
    assert_eq!(j["consentBy"]["relationship"], "Mother");
    assert!(j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["what"] == "consent" && c["ok"] == true));
}

#[test]
fn a_tampered_response_is_refused() {
    let d = Dir::new("tampered");
    assert_eq!(code(&d.respond("refused", "response.json")), 0);
    let text = std::fs::read_to_string(d.p("response.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let payload = v["signed"]["payload"].as_str().unwrap();
    let bytes = esma_core::signed::b64::decode_url(payload).unwrap();
    let forged = String::from_utf8(bytes)
        .unwrap()
        .replace("\"refused\"", "\"given\"");
    v["signed"]["payload"] = esma_core::signed::b64::encode_url(forged.as_bytes()).into();
    std::fs::write(d.p("forged.json"), v.to_string()).unwrap();
    let o = d.apply("referral.json", "forged.json", "referral2.json");
    assert_eq!(code(&o), 1);
    assert!(err(&o).contains("signature does not match"), "{}", err(&o));
    assert!(!std::path::Path::new(&d.p("referral2.json")).exists());
    // A tampered request is refused by the parent's side.
    let mut r: Value =
        serde_json::from_str(&std::fs::read_to_string(d.p("request.json")).unwrap()).unwrap();
    r["files"][0]["data"] = "AAAA".into();
    std::fs::write(d.p("request.json"), r.to_string()).unwrap();
    assert_eq!(code(&d.respond("given", "r2.json")), 1);
}

#[test]
fn a_changed_referral_invalidates_consent() {
    let d = Dir::new("changed");
    assert_eq!(code(&d.respond("given", "response.json")), 0);
    let mut r: Value =
        serde_json::from_str(&std::fs::read_to_string(d.p("referral.json")).unwrap()).unwrap();
    r["health"]["likelyDuration"] = "Until Easter".into();
    std::fs::write(d.p("changed.json"), r.to_string()).unwrap();
    let o = d.apply("changed.json", "response.json", "referral2.json");
    assert_eq!(code(&o), 1);
    let e = err(&o);
    assert!(e.contains("has changed since"), "{e}");
    assert!(e.contains("Health: likely duration changed"), "{e}");
    assert!(!std::path::Path::new(&d.p("referral2.json")).exists());
}

#[test]
fn a_refusal_is_recorded_and_blocks_signing() {
    let d = Dir::new("refused");
    assert_eq!(code(&d.respond("refused", "response.json")), 0);
    let o = d.apply("referral.json", "response.json", "referral2.json");
    assert_eq!(code(&o), 1);
    assert!(err(&o).contains("refused consent"), "{}", err(&o));
    let o = run(&[
        "check",
        &d.p("referral2.json"),
        "--today",
        "2026-11-28",
        "--json",
    ]);
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "consent-refused"));
    let o = run(&[
        "sign",
        &d.p("referral2.json"),
        "--key",
        &d.p("key.jwk"),
        "--out",
        &d.p("pack.json"),
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(code(&o), 1);
}
