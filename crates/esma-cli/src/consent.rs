//! `consent-request`, `consent-respond` and `consent-apply`: the consent
//! round trip without a browser, doing what the school's and the parent's
//! pages do, for tests and for anyone checking the formats.
//!
//! Exit codes: 0 done (for `consent-apply`: consent given and recorded),
//! 1 refused (a tampered or mismatched file, a changed referral; for
//! `consent-apply` also a refusal, which is still recorded), 2 a file cannot
//! be read or is not of its kind, or the command line is wrong. A tampered
//! request is 1 for both `consent-respond` and `consent-apply`.
//!
//! A response's signature shows it is unchanged since it was made; who made
//! it is not verified (the key is made for that response alone).

use std::path::{Path, PathBuf};

use esma_core::consent::request::{ConsentRequest, RequestInfo};
use esma_core::consent::response::Answer;
use esma_core::consent::{self, ConsentCheck};
use esma_core::referral::ConsentDecision;
use esma_core::signed::jwk::PrivateJwk;
use esma_core::signed::jws::{Signer, Verifier};
use esma_core::signed::{b64, PackFile};

use crate::pack_io::{
    is_plain_file_name, now_utc, read_capped, read_key_text, uuid_v4, write_replacing, P256Signer,
    P256Verifier,
};
use crate::{shown, Fail, Res};

/// `consent-respond` arguments.
#[derive(clap::Args)]
pub struct RespondArgs {
    /// The consent request the school sent
    request: PathBuf,
    /// Give or refuse consent
    #[arg(long, value_enum)]
    decision: Decision,
    /// Your full name
    #[arg(long)]
    name: String,
    /// Your relationship to the child
    #[arg(long)]
    relationship: String,
    /// Where to write the response
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// You have read and acknowledge the Service Level Agreement (separate from consent)
    #[arg(long)]
    sla_acknowledged: bool,
    /// A drawn signature (PNG, at most 200 KB)
    #[arg(long, value_name = "PNG")]
    signature_png: Option<PathBuf>,
}

/// The decision.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Decision {
    Given,
    Refused,
}

/// `consent-apply` arguments.
#[derive(clap::Args)]
pub struct ApplyArgs {
    /// The referral as it is now
    referral: PathBuf,
    /// The parent's or carer's response
    response: PathBuf,
    /// The consent request the school sent, which the response must answer
    #[arg(long, value_name = "REQUEST")]
    request: PathBuf,
    /// Where to write the referral with the consent record
    #[arg(long, value_name = "REFERRAL2")]
    out: PathBuf,
    /// Print the outcome as JSON
    #[arg(long)]
    json: bool,
}

fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `consent-request REFERRAL --key KEY.jwk --out FILE`
pub fn request(file: &Path, key_path: &Path, out: &Path) -> Res<u8> {
    let jwk = PrivateJwk::from_json(&read_key_text(key_path)?)
        .map_err(|e| Fail(format!("{}: {e}", shown(key_path))))?;
    let signer =
        P256Signer::from_jwk(&jwk).map_err(|Fail(m)| Fail(format!("{}: {m}", shown(key_path))))?;
    let referral = crate::read_referral(file)?;
    let folder = folder_of(file);
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
    write_replacing(out, unsigned.finish(sig).to_json().as_bytes())?;
    eprintln!("Consent request written to {}.", shown(out));
    eprintln!("Request id:   {}", info.request_id);
    eprintln!("Signer key:   {}", signer.public().fingerprint());
    println!("{}", info.request_id);
    Ok(0)
}

/// `consent-respond REQUEST --decision given|refused --name N --relationship R --out FILE [--sla-acknowledged]`
pub fn respond(args: &RespondArgs) -> Res<u8> {
    let decision = match args.decision {
        Decision::Given => ConsentDecision::Given,
        Decision::Refused => ConsentDecision::Refused,
    };
    let drawn_signature = match &args.signature_png {
        None => None,
        Some(p) => Some(format!(
            "data:image/png;base64,{}",
            b64::encode_std(&read_capped(p, 200 * 1024)?)
        )),
    };
    let file = &args.request;
    let request = match open_request(file)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    eprintln!(
        "Request {} from school key {}.",
        request.manifest.request_id, request.fingerprint
    );
    // A key made for this response alone; its private half is never written.
    let one_off = P256Signer::generate()?;
    let answer = Answer {
        decision,
        name: args.name.clone(),
        relationship: args.relationship.clone(),
        decided_at: now_utc(),
        sla_acknowledged: args.sla_acknowledged,
        drawn_signature,
    };
    let unsigned = match consent::prepare_response(
        &request.manifest,
        &request.reference(),
        &answer,
        &one_off.public(),
    ) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("esma-referral: no response made: {e}");
            return Ok(1);
        }
    };
    let sig = one_off
        .sign(&unsigned.signing_input())
        .map_err(|e| Fail(e.to_string()))?;
    write_replacing(&args.out, unsigned.finish(sig).to_json().as_bytes())?;
    eprintln!("Consent response written to {}.", shown(&args.out));
    Ok(0)
}

/// Read and check a consent request, as the parent's page does: `Ok(Err(code))`
/// when it is refused (said on standard error): 2 not a request at all, 1
/// tampered or mismatched. `consent-respond` and `consent-apply` agree.
fn open_request(file: &Path) -> Res<Result<ConsentRequest, u8>> {
    let bytes = read_capped(file, esma_core::consent::request::MAX_REQUEST_BYTES)?;
    let parsed = match consent::parse_request(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("esma-referral: request refused: {e}");
            return Ok(Err(if e.unreadable { 2 } else { 1 }));
        }
    };
    let ok = P256Verifier.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    let hashes = parsed.hash_files();
    match parsed.conclude(ok, &hashes) {
        Ok(r) => Ok(Ok(r)),
        Err(e) => {
            eprintln!("esma-referral: request refused: {e}");
            Ok(Err(1))
        }
    }
}

/// `consent-apply REFERRAL RESPONSE --request REQUEST --out REFERRAL2`
pub fn apply(args: &ApplyArgs) -> Res<u8> {
    let mut referral = crate::read_referral(&args.referral)?;
    let bytes = read_capped(
        &args.response,
        esma_core::consent::response::MAX_RESPONSE_BYTES,
    )?;
    let parsed = match consent::parse_response(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("esma-referral: response refused: {e}");
            return Ok(if e.unreadable { 2 } else { 1 });
        }
    };
    // The request this referral's consent was asked with: the response
    // must name exactly it (id, hash, school key).
    let request = match open_request(&args.request)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let ok = P256Verifier.verify(parsed.jwk(), parsed.signing_input(), parsed.signature());
    let now = consent::content_sha256(&referral);
    let check = parsed.conclude(ok, &request.reference(), &now);
    eprintln!("{}", check.message());
    if let ConsentCheck::ContentChanged { reviewed, current } = &check {
        eprintln!("Reviewed content {reviewed}; now {current}. What changed:");
        for line in consent::changes(&request.manifest.referral, &referral) {
            eprintln!("  - {line}");
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&check).unwrap_or_default()
        );
    }
    if consent::apply(&mut referral, &check) {
        let text = serde_json::to_string_pretty(&referral).unwrap_or_default() + "\n";
        write_replacing(&args.out, text.as_bytes())?;
        eprintln!(
            "Referral with the consent record written to {}.",
            shown(&args.out)
        );
    }
    Ok(if check.counts() { 0 } else { 1 })
}
