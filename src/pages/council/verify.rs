//! Checking a pack in the browser: esma-core's two halves
//! ([`parse_and_check`], then [`Parsed::conclude`]) with WebCrypto in between
//! for the ES256 signature and the files' SHA-256. Everything else (every
//! check, the verdict, today's rules, the reply) is the same code the CLI
//! runs.

use chrono::NaiveDate;
use esma_core::date::long;
use esma_core::pack::verify::{
    parse_and_check, too_large, Evidence, Limits, Verdict, Verification,
};
use esma_core::settings::Settings;
use esma_core::signed::b64;
use esma_core::signed::jwk::JwkSet;
use esma_core::validate::Report;
use web_sys::Blob;

use crate::web::{crypto, es256, fetch, files};

/// The largest trusted-keys file read (a JWK Set of hundreds of schools is a
/// few hundred kilobytes).
pub const MAX_KEYS_BYTES: u64 = 1024 * 1024;

/// One attachment the signed manifest lists, and what was found for it.
#[derive(Clone)]
pub struct AttachmentRow {
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    /// The file's bytes, only when the pack carries them with the SHA-256
    /// and size the signed manifest records.
    pub blob: Option<Blob>,
}

/// Everything the page shows about one pack.
pub struct Outcome {
    pub verification: Verification,
    /// Whether the signature over the manifest verified (so the manifest's
    /// list of attachments can be shown even when a file is wrong).
    pub signature_ok: bool,
    pub attachments: Vec<AttachmentRow>,
    /// Today's rules on the signed referral (valid packs only), for the
    /// Annex 2 checklist as it stands today.
    pub report: Option<Report>,
    pub today: NaiveDate,
    /// Set when the trusted keys it was checked against were the device's
    /// saved copy of the site's list (offline).
    pub offline_keys: Option<OfflineCopy>,
}

impl Outcome {
    fn only(verification: Verification, today: NaiveDate) -> Self {
        Outcome {
            verification,
            signature_ok: false,
            attachments: Vec::new(),
            report: None,
            today,
            offline_keys: None,
        }
    }

    /// The outcome for a file over the size limit, refused before reading.
    pub fn too_large(size: u64, today: NaiveDate) -> Self {
        Self::only(too_large(size, &Limits::default()), today)
    }

    /// Whether the pack passed every integrity check.
    pub fn is_valid(&self) -> bool {
        matches!(
            self.verification.verdict,
            Verdict::Trusted | Verdict::ValidUnknownSigner
        )
    }
}

/// The limits the council's page reads packs with (the CLI's defaults).
pub fn limits() -> Limits {
    Limits::default()
}

/// Reads a chosen file's bytes into wasm memory.
pub async fn read_bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let (buffer, _) = files::read_file(file).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Checks a pack's bytes against the trusted keys, as of `today`.
pub async fn check_pack(
    bytes: &[u8],
    trusted: &JwkSet,
    today: NaiveDate,
    settings: &Settings,
) -> Outcome {
    let mut parsed = match parse_and_check(bytes, &limits()) {
        Ok(parsed) => parsed,
        Err(done) => return Outcome::only(*done, today),
    };
    let signature_ok =
        es256::verify(parsed.jwk(), parsed.signing_input(), parsed.signature()).await;
    // The parent's consent response inside the referral, if any: same primitive.
    if let Some(c) = parsed.consent_response() {
        let ok = es256::verify(c.jwk(), c.signing_input(), c.signature()).await;
        parsed.consent_signature_checked(ok);
    }
    let mut file_sha256 = Vec::with_capacity(parsed.files().len());
    for f in parsed.files() {
        match crypto::sha256(&f.data).await {
            Ok(digest) => file_sha256.push(digest),
            // Fewer digests than files: `conclude` reports that the files
            // could not be checked.
            Err(_) => break,
        }
    }
    // The attachments the (signed) manifest lists, each with its file's
    // bytes when they match. Made before `conclude`, which takes the files.
    let mut attachments = Vec::new();
    if let Some(manifest) = parsed.manifest().filter(|_| signature_ok) {
        for a in &manifest.attachments {
            let want = b64::parse_sha256_hex(&a.sha256).ok();
            let file = parsed
                .files()
                .iter()
                .zip(&file_sha256)
                .find(|(f, got)| Some(f.claimed_sha256) == want && **got == f.claimed_sha256);
            let blob = file
                .filter(|(f, _)| f.data.len() as u64 == a.size)
                .and_then(|(f, _)| {
                    files::blob_from_bytes(
                        &f.data,
                        &files::safe_media_type(&a.media_type, settings),
                    )
                    .ok()
                });
            attachments.push(AttachmentRow {
                name: a.name.clone(),
                media_type: a.media_type.clone(),
                size: a.size,
                sha256: a.sha256.clone(),
                blob,
            });
        }
    }
    let evidence = Evidence {
        signature_ok,
        file_sha256,
    };
    let verification = parsed.conclude(&evidence, trusted, today, settings);
    // Today's rules as `conclude` ran them: for a trusted signer only (an
    // unknown signer's pack is checked against them when the user asks,
    // with `Verification::run_rules`), and never a second time.
    let report = verification.report.clone();
    Outcome {
        report,
        signature_ok,
        attachments,
        today,
        verification,
        offline_keys: None,
    }
}

/// The site's trusted keys came from the copy saved on this device, because
/// the network failed: a key the council has removed since is still in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfflineCopy {
    /// The day the web host served that copy, if it said (its `Date`).
    pub saved_on: Option<NaiveDate>,
}

impl OfflineCopy {
    /// When the copy was saved, to follow "the copy of the council's list
    /// of trusted keys".
    pub fn saved(&self) -> String {
        match self.saved_on {
            Some(day) => format!("saved on this device on {}", long(day)),
            None => "saved on this device on an earlier visit".to_owned(),
        }
    }
}

/// What happened when the page looked for the council's trusted-keys file
/// beside the site.
#[derive(Debug)]
pub enum SiteKeys {
    Found {
        set: JwkSet,
        /// Set when the network failed and this is the device's saved copy.
        offline_copy: Option<OfflineCopy>,
    },
    NotFound,
    Problem(String),
}

/// Fetches the trusted-keys file at `path` (same origin, relative to the
/// page). Nothing is sent: it is a plain GET of a static file.
pub async fn fetch_site_keys(path: &str) -> SiteKeys {
    let response = match fetch::get(path).await {
        Ok(response) if response.ok() => response,
        _ => return SiteKeys::NotFound,
    };
    let offline_copy = response.is_offline_copy().then(|| OfflineCopy {
        saved_on: response.served_at().map(|t| t.date_naive()),
    });
    match response.text().await {
        Err(_) => SiteKeys::Problem("The file could not be read.".into()),
        Ok(text) if text.len() as u64 > MAX_KEYS_BYTES => {
            SiteKeys::Problem("The file is too large to be a list of keys.".into())
        }
        Ok(text) => match JwkSet::from_json(&text) {
            Ok(set) => SiteKeys::Found { set, offline_copy },
            Err(e) => SiteKeys::Problem(e.to_string()),
        },
    }
}
