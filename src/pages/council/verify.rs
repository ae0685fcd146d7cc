//! Checking a pack in the browser: esma-core's two halves
//! ([`parse_and_check`], then [`Parsed::conclude`]) with WebCrypto in between
//! for the ES256 signature and the files' SHA-256. Everything else (every
//! check, the verdict, today's rules, the reply) is the same code the CLI
//! runs.

use std::rc::Rc;

use chrono::NaiveDate;
use esma_core::date::long;
use esma_core::pack::verify::{
    parse_and_check, too_large, Evidence, Limits, RulesRun, RulesToday, Verdict, Verification,
};
use esma_core::safe_text::sanitise;
use esma_core::settings::Settings;
use esma_core::signed::b64;
use esma_core::signed::jwk::JwkSet;
use esma_core::validate::Report;
use std::sync::Arc;
use web_sys::Blob;

use crate::web::{crypto, es256, fetch, files};

/// Above this size of what was signed, the referral is shown only when the
/// user asks: drawn at once, the megabyte of text a hostile pack can hold
/// took the page's memory up by about 70 MB, beyond issue 12's budget
/// (3 x the file's size + 50 MB). An honest referral's manifest is a few
/// tens of kilobytes.
pub const LONG_REFERRAL_BYTES: usize = 256 * 1024;

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
    /// and size the signed manifest records. (The name and media type are
    /// sanitised: they are printed.) Shared with the checked pack, and made
    /// a Blob only when the user opens the file: a hundred-megabyte pack
    /// would otherwise hold its files twice more (issue 12's budget).
    pub bytes: Option<Arc<Vec<u8>>>,
    /// The media type the browser opens the file as (a safe one).
    pub open_as: String,
}

impl AttachmentRow {
    /// The file as a Blob, to open in a new tab.
    pub fn blob(&self) -> Option<Blob> {
        files::blob_from_bytes(self.bytes.as_ref()?, &self.open_as).ok()
    }
}

/// Everything the page shows about one pack. Cheap to clone: the
/// verification is shared, and today's rules run on request are kept beside
/// it rather than written into it.
#[derive(Clone)]
pub struct Outcome {
    pub verification: Rc<Verification>,
    /// Today's rules, run when the user asked (an unknown signer's pack).
    pub asked: Option<Rc<RulesRun>>,
    /// The attachments the signed manifest lists. Valid packs only.
    pub attachments: Vec<AttachmentRow>,
    pub today: NaiveDate,
    /// Set when the trusted keys it was checked against were the device's
    /// saved copy of the site's list (offline).
    pub offline_keys: Option<OfflineCopy>,
    /// The size of what was signed (the header and the manifest, in
    /// base64url): a long referral is shown only when asked.
    pub signed_bytes: usize,
}

impl Outcome {
    /// The page's view of `verification`, made on `today`, with no
    /// attachments to open.
    pub fn new(verification: Verification, today: NaiveDate) -> Self {
        Outcome {
            verification: Rc::new(verification),
            asked: None,
            attachments: Vec::new(),
            today,
            offline_keys: None,
            signed_bytes: 0,
        }
    }

    /// Whether the referral is too long to draw before the user asks
    /// ([`LONG_REFERRAL_BYTES`]).
    pub fn long(&self) -> bool {
        self.signed_bytes > LONG_REFERRAL_BYTES
    }

    /// The outcome for a file over the size limit, refused before reading.
    pub fn too_large(size: u64, today: NaiveDate) -> Self {
        Self::new(too_large(size, &Limits::default()), today)
    }

    /// Today's rules in full, once they have run (for a trusted signer at
    /// once, for an unknown one when asked).
    pub fn report(&self) -> Option<&Report> {
        match &self.asked {
            Some(run) => Some(&run.report),
            None => self.verification.report.as_ref(),
        }
    }

    /// Today's rules against those at signing, once they have run.
    pub fn rules_today(&self) -> Option<&RulesToday> {
        match &self.asked {
            Some(run) => Some(&run.rules_today),
            None => self.verification.rules_today.as_ref(),
        }
    }

    /// The reply to the school, as the rules run so far make it.
    pub fn reply(&self) -> &str {
        match &self.asked {
            Some(run) => &run.reply,
            None => &self.verification.reply,
        }
    }

    /// Whether the pack passed every integrity check: only then does the
    /// page show anything from it.
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

/// Checks a pack's bytes against the trusted keys, as of `today`.
pub async fn check_pack(
    bytes: &[u8],
    trusted: &JwkSet,
    today: NaiveDate,
    settings: &Settings,
) -> Outcome {
    let mut parsed = match parse_and_check(bytes, &limits()) {
        Ok(parsed) => parsed,
        Err(done) => return Outcome::new(*done, today),
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
            let bytes = file
                .filter(|(f, _)| f.data.len() as u64 == a.size)
                .map(|(f, _)| Arc::clone(&f.data));
            attachments.push(AttachmentRow {
                name: sanitise(&a.name).into_owned(),
                media_type: sanitise(&a.media_type).into_owned(),
                size: a.size,
                sha256: a.sha256.clone(),
                bytes,
                open_as: files::safe_media_type(&a.media_type, settings),
            });
        }
    }
    let evidence = Evidence {
        signature_ok,
        file_sha256,
    };
    // Today's rules run in `conclude` for a trusted signer only; for an
    // unknown signer, when the user asks (`Action::RunRules`).
    let signed_bytes = parsed.signing_input().len();
    let mut outcome = Outcome::new(parsed.conclude(&evidence, trusted, today, settings), today);
    outcome.signed_bytes = signed_bytes;
    if outcome.is_valid() {
        outcome.attachments = attachments;
    }
    outcome
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
