//! `consent-request`, `consent-respond` and `consent-apply`: the consent
//! round trip without a browser, doing what the school's and the parent's
//! pages do, for tests and for anyone checking the formats.
//!
//! Exit codes: 0 done (for `consent-apply`: consent given and recorded),
//! 1 refused (a tampered or mismatched file, a changed referral; for
//! `consent-apply` also a refusal, which is still recorded), 2 a file cannot
//! be read or the command line is wrong.

use std::path::{Path, PathBuf};

use esma_core::consent::request::RequestInfo;
use esma_core::consent::response::Answer;
use esma_core::consent::{self, ConsentCheck};
use esma_core::referral::ConsentDecision;
use esma_core::signed::jwk::PrivateJwk;
use esma_core::signed::jws::{Signer, Verifier};
use esma_core::signed::{b64, PackFile};

use crate::pack_io::{
    is_plain_file_name, now_utc, read_capped, read_key_text, split_opts, uuid_v4, write_replacing,
    P256Signer, P256Verifier,
};
use crate::{Fail, Res};

fn one_file(o: &crate::Opts, cmd: &str, what: &str) -> Res<PathBuf> {
    match o.positional.as_slice() {
        [f] => Ok(PathBuf::from(f)),
        [] => Err(Fail(format!(
            "{cmd} needs a {what} file. Run 'esma-referral --help'."
        ))),
        _ => Err(Fail(format!("{cmd} takes one {what} file"))),
    }
}

fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `consent-request REFERRAL --key KEY.jwk --out FILE`
pub fn request(args: &[String]) -> Res<u8> {
    let (mine, rest) = split_opts(args, &["--key", "--out"])?;
    let o = crate::parse_opts(&rest, &[])?;
    let file = one_file(&o, "consent-request", "REFERRAL")?;
    let key_path = PathBuf::from(
        mine.get("--key")
            .ok_or_else(|| Fail("consent-request needs --key KEY.jwk".into()))?,
    );
    let out = PathBuf::from(
        mine.get("--out")
            .ok_or_else(|| Fail("consent-request needs --out FILE".into()))?,
    );
    let jwk = PrivateJwk::from_json(&read_key_text(&key_path)?)
        .map_err(|e| Fail(format!("{}: {e}", key_path.display())))?;
    let signer = P256Signer::from_jwk(&jwk)
        .map_err(|Fail(m)| Fail(format!("{}: {m}", key_path.display())))?;
    let text = crate::read_text(&file, crate::MAX_FILE_BYTES)?;
    let referral = crate::parse_referral(&file, &text)?;
    let folder = folder_of(&file);
    let limits = esma_core::settings::Settings::default().attachments;
    let mut files = Vec::new();
    for (i, a) in referral.attachments.iter().enumerate() {
        let name = a.name.as_deref().unwrap_or_default();
        if !is_plain_file_name(name) {
            eprintln!("esma-referral: no request made: attachment {}'s file name is not a plain file name in the referral's folder.", i + 1);
            return Ok(1);
        }
        files.push(PackFile::hash(read_capped(
            &folder.join(name),
            limits.max_file_bytes,
        )?));
    }
    let info = RequestInfo {
        request_id: uuid_v4()?,
        created_at: now_utc(),
    };
    let unsigned = match consent::prepare_request(&referral, files, &info, &signer.public()) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("esma-referral: no request made: {e}");
            return Ok(1);
        }
    };
    let sig = signer
        .sign(&unsigned.signing_input())
        .map_err(|e| Fail(e.to_string()))?;
    write_replacing(&out, unsigned.finish(sig).to_json().as_bytes())?;
    eprintln!("Consent request written to {}.", out.display());
    eprintln!("Request id:   {}", info.request_id);
    eprintln!("Signer key:   {}", signer.public().fingerprint());
    println!("{}", info.request_id);
    Ok(0)
}

/// `consent-respond REQUEST --decision given|refused --name N --relationship R --out FILE [--sla-acknowledged]`
pub fn respond(args: &[String]) -> Res<u8> {
    let (mine, rest) = split_opts(
        args,
        &[
            "--decision",
            "--name",
            "--relationship",
            "--out",
            "--signature-png",
        ],
    )?;
    let sla = rest.iter().any(|a| a == "--sla-acknowledged");
    let rest: Vec<String> = rest
        .into_iter()
        .filter(|a| a != "--sla-acknowledged")
        .collect();
    let o = crate::parse_opts(&rest, &[])?;
    let file = one_file(&o, "consent-respond", "REQUEST")?;
    let need = |k: &str| {
        mine.get(k)
            .cloned()
            .ok_or_else(|| Fail(format!("consent-respond needs {k}")))
    };
    let decision = match need("--decision")?.as_str() {
        "given" => ConsentDecision::Given,
        "refused" => ConsentDecision::Refused,
        _ => return Err(Fail("--decision must be given or refused".into())),
    };
    let name = need("--name")?;
    let relationship = need("--relationship")?;
    let out = PathBuf::from(need("--out")?);
    let drawn_signature = match mine.get("--signature-png") {
        None => None,
        Some(p) => Some(format!(
            "data:image/png;base64,{}",
            b64::encode_std(&read_capped(Path::new(p), 200 * 1024)?)
        )),
    };

    let bytes = read_capped(&file, esma_core::consent::request::MAX_REQUEST_BYTES)?;
    let parsed = match consent::parse_request(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("esma-referral: request refused: {e}");
            return Ok(if e.unreadable { 2 } else { 1 });
        }
    };
    let ok = P256Verifier.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    let hashes = parsed.hash_files();
    let request = match parsed.conclude(ok, &hashes) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("esma-referral: request refused: {e}");
            return Ok(1);
        }
    };
    eprintln!(
        "Request {} from school key {}.",
        request.manifest.request_id, request.fingerprint
    );
    // A key made for this response alone; its private half is never written.
    let one_off = P256Signer::generate()?;
    let answer = Answer {
        decision,
        name,
        relationship,
        decided_at: now_utc(),
        sla_acknowledged: sla,
        drawn_signature,
    };
    let unsigned = match consent::prepare_response(&request.manifest, &answer, &one_off.public()) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("esma-referral: no response made: {e}");
            return Ok(1);
        }
    };
    let sig = one_off
        .sign(&unsigned.signing_input())
        .map_err(|e| Fail(e.to_string()))?;
    write_replacing(&out, unsigned.finish(sig).to_json().as_bytes())?;
    eprintln!("Consent response written to {}.", out.display());
    Ok(0)
}

/// `consent-apply REFERRAL RESPONSE --out REFERRAL2 [--request REQUEST]`
pub fn apply(args: &[String]) -> Res<u8> {
    let (mine, rest) = split_opts(args, &["--out", "--request"])?;
    let o = crate::parse_opts(&rest, &["--json"])?;
    let (file, response_path) =
        match o.positional.as_slice() {
            [r, s] => (PathBuf::from(r), PathBuf::from(s)),
            _ => return Err(Fail(
                "consent-apply needs a REFERRAL and a RESPONSE file. Run 'esma-referral --help'."
                    .into(),
            )),
        };
    let out = PathBuf::from(
        mine.get("--out")
            .ok_or_else(|| Fail("consent-apply needs --out REFERRAL2".into()))?,
    );
    let text = crate::read_text(&file, crate::MAX_FILE_BYTES)?;
    let mut referral = crate::parse_referral(&file, &text)?;
    let bytes = read_capped(
        &response_path,
        esma_core::consent::response::MAX_RESPONSE_BYTES,
    )?;
    let parsed = match consent::parse_response(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("esma-referral: response refused: {e}");
            return Ok(if e.unreadable { 2 } else { 1 });
        }
    };
    let ok = P256Verifier.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    // The request this referral's consent was asked with: given with
    // --request (then what changed can be listed), else the one the
    // response names.
    let request = match mine.get("--request") {
        None => None,
        Some(p) => {
            let b = read_capped(Path::new(p), esma_core::consent::request::MAX_REQUEST_BYTES)?;
            let pr = consent::parse_request(&b).map_err(|e| Fail(format!("{p}: {e}")))?;
            let sig_ok = P256Verifier.verify(pr.jwk(), pr.signing_input(), pr.signature());
            let hashes = pr.hash_files();
            Some(
                pr.conclude(sig_ok, &hashes)
                    .map_err(|e| Fail(format!("{p}: {e}")))?,
            )
        }
    };
    let expected_id = match (&request, parsed.payload()) {
        (Some(r), _) => r.manifest.request_id.clone(),
        (None, Some(p)) => p.request_id.clone(),
        (None, None) => String::new(),
    };
    let now = consent::content_sha256(&referral);
    let check = parsed.conclude(ok, &expected_id, &now);
    eprintln!("{}", check.message());
    if let (ConsentCheck::ContentChanged { reviewed, current }, Some(r)) = (&check, &request) {
        eprintln!("Reviewed content {reviewed}; now {current}. What changed:");
        for line in consent::changes(&r.manifest.referral, &referral) {
            eprintln!("  - {line}");
        }
    } else if let ConsentCheck::ContentChanged { reviewed, current } = &check {
        eprintln!("Reviewed content {reviewed}; now {current}.");
    }
    if o.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&check).unwrap_or_default()
        );
    }
    if consent::apply(&mut referral, &check) {
        let text = serde_json::to_string_pretty(&referral).unwrap_or_default() + "\n";
        write_replacing(&out, text.as_bytes())?;
        eprintln!(
            "Referral with the consent record written to {}.",
            out.display()
        );
    }
    Ok(if check.counts() { 0 } else { 1 })
}
