//! `esma-referral verify PACK [--trusted KEYS.json] [--json]`: check a pack.
//!
//! Exit 0 valid and trusted, 3 valid but the signer is not on the trusted
//! list (or no list was given), 1 invalid or tampered, 2 unreadable (the pack
//! or the trusted list cannot be read, or the file is not a pack).

use std::path::PathBuf;

use esma_core::pack::verify::{too_large, verify_pack, Limits, Verification};
use esma_core::signed::jwk::JwkSet;

use crate::pack_io::{read_key_text, split_opts, P256Verifier};
use crate::{Fail, Res};

pub fn run(args: &[String]) -> Res<u8> {
    let (mine, rest) = split_opts(args, &["--trusted", "--max-bytes"])?;
    let o = crate::parse_opts(&rest, &["--json", "--today", "--settings"])?;
    let file = match o.positional.as_slice() {
        [f] => PathBuf::from(f),
        [] => {
            return Err(Fail(
                "verify needs a PACK file. Run 'esma-referral --help'.".into(),
            ))
        }
        _ => return Err(Fail("verify takes one PACK file".into())),
    };
    let mut limits = Limits::default();
    if let Some(m) = mine.get("--max-bytes") {
        limits.max_pack_bytes = m
            .parse()
            .map_err(|_| Fail("--max-bytes needs a whole number of bytes".into()))?;
    }
    let trusted = match mine.get("--trusted") {
        None => JwkSet::empty(),
        Some(p) => {
            let p = PathBuf::from(p);
            JwkSet::from_json(&read_key_text(&p)?)
                .map_err(|e| Fail(format!("{}: {e}", p.display())))?
        }
    };
    let settings = crate::load_settings(&o)?;
    let today = crate::today(&o);

    let shown = file.display();
    let meta = std::fs::metadata(&file).map_err(|e| Fail(format!("cannot read {shown}: {e}")))?;
    if meta.is_dir() {
        return Err(Fail(format!(
            "cannot read {shown}: it is a folder, not a file"
        )));
    }
    // Refuse a huge file before reading it; the core checks the same limit.
    let v: Verification = if meta.len() > limits.max_pack_bytes {
        too_large(meta.len(), &limits)
    } else {
        let bytes = std::fs::read(&file).map_err(|e| Fail(format!("cannot read {shown}: {e}")))?;
        verify_pack(&bytes, &limits, &P256Verifier, &trusted, today, &settings)
    };
    if o.json {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Out<'a> {
            file: String,
            exit_code: u8,
            #[serde(flatten)]
            verification: &'a Verification,
            #[serde(skip_serializing_if = "Option::is_none")]
            consent_by: Option<serde_json::Value>,
        }
        let consent_by = v
            .consent
            .as_ref()
            .filter(|c| c.route == "app")
            .and_then(|c| Some(serde_json::json!({"name": c.name.as_ref()?, "relationship": c.relationship.as_ref()?})));
        let out = Out {
            file: shown.to_string(),
            exit_code: v.verdict.exit_code(),
            verification: &v,
            consent_by,
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        println!("Referral pack: {shown}");
        print!("{}", v.to_text());
        // Who consented, for a valid pack whose consent check passed: the
        // words the parent or carer signed, printed apart from the checker's
        // own output (which never repeats the pack).
        if let Some(c) = v.consent.as_ref().filter(|c| c.route == "app") {
            if let (Some(n), Some(r)) = (&c.name, &c.relationship) {
                println!();
                println!(
                    "Consent by:   {} ({})",
                    crate::clip(n, 80),
                    crate::clip(r, 80)
                );
            }
        }
    }
    Ok(v.verdict.exit_code())
}
