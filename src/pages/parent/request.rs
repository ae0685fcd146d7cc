//! Opening a consent request in the browser: esma-core reads and checks the
//! file, WebCrypto checks the school's signature and each attached file's
//! SHA-256, and the page recomputes the hash of the referral it will show,
//! which must equal the one the school signed.

use std::cell::Cell;
use std::rc::Rc;

use esma_core::consent::request::RequestManifest;
use esma_core::consent::RequestRef;
use esma_core::referral::Referral;
use esma_core::settings::Settings;
use web_sys::Blob;

/// One document attached to the referral, with its bytes once they matched
/// the SHA-256 the school signed.
#[derive(Clone)]
pub struct Document {
    pub name: String,
    pub media_type: String,
    pub purpose: String,
    pub size: u64,
    pub blob: Option<Blob>,
}

/// A consent request that passed every check, as the pages show it.
pub struct Opened {
    /// Told apart from another opening of the same file, for Yew's props.
    serial: u32,
    pub referral: Referral,
    pub school_name: String,
    /// The person at the school who made the request: name and role.
    pub referrer: String,
    /// The school key's fingerprint, for reading over the phone.
    pub fingerprint: String,
    /// When the school made the request (RFC 3339).
    pub created_at: String,
    /// The request's id, repeated in the response.
    pub request_id: String,
    /// SHA-256 (hex) of the referral content shown, recomputed here; equal
    /// to the one the school signed.
    pub content_sha256: String,
    pub documents: Vec<Document>,
    pub notice_version: String,
    pub notice_text: String,
    /// SHA-256 (hex) of `notice_text`.
    pub notice_sha256: String,
    /// The request's signed content, to answer it.
    pub manifest: Option<Rc<RequestManifest>>,
    /// What names the request in the response: its id, the SHA-256 of its
    /// signing input and the school's key id.
    pub reference: Option<RequestRef>,
}

impl PartialEq for Opened {
    fn eq(&self, other: &Self) -> bool {
        self.serial == other.serial
    }
}

thread_local! {
    static SERIAL: Cell<u32> = const { Cell::new(0) };
}

fn next_serial() -> u32 {
    SERIAL.with(|s| {
        s.set(s.get() + 1);
        s.get()
    })
}

/// Why a file cannot be used, for the parent: what went wrong, plainly, and
/// the checks that failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub title: String,
    pub reasons: Vec<String>,
}

impl Opened {
    /// Everything the pages show, from a checked referral.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        referral: Referral,
        fingerprint: String,
        created_at: String,
        request_id: String,
        content_sha256: String,
        documents: Vec<Document>,
        notice: (String, String, String),
    ) -> Opened {
        let school_name = referral
            .school
            .name
            .as_deref()
            .map(shown)
            .unwrap_or_else(|| "Your child's school".into());
        let referrer = {
            let p = &referral.school.referrer;
            match (&p.name, &p.role) {
                (Some(n), Some(r)) => shown(&format!("{n}, {r}")),
                (Some(n), None) => shown(n),
                _ => "Not given".into(),
            }
        };
        let (notice_version, notice_text, notice_sha256) = notice;
        Opened {
            serial: next_serial(),
            referral,
            school_name,
            referrer,
            fingerprint,
            created_at,
            request_id,
            content_sha256,
            documents,
            notice_version,
            notice_text,
            notice_sha256,
            manifest: None,
            reference: None,
        }
    }

    /// The child's name, for headings.
    pub fn child(&self) -> String {
        let p = &self.referral.pupil;
        match (&p.first_name, &p.last_name) {
            (Some(f), Some(l)) => shown(&format!("{f} {l}")),
            (Some(n), None) | (None, Some(n)) => shown(n),
            _ => "your child".into(),
        }
    }
}

/// Text from the file as the pages print it: on one line, with no control,
/// bidirectional or invisible character (`esma_core::safe_text`). Yew
/// escapes markup; this stops text that reorders or hides what is shown.
pub fn shown(text: &str) -> String {
    esma_core::safe_text::sanitise(text).into_owned()
}

/// The largest consent request read (esma-core's limit).
pub const MAX_REQUEST_BYTES: u64 = esma_core::consent::request::MAX_REQUEST_BYTES;

/// What the parent decided, as the response records it.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub given: bool,
    pub sla_acknowledged: bool,
    /// NFC-normalised, trimmed.
    pub name: String,
    pub relationship: String,
    /// The drawn signature as a PNG data URL, if the parent drew one.
    pub drawn_signature: Option<String>,
}

fn browser_cannot() -> Refusal {
    Refusal {
        title: "This browser cannot check the file".into(),
        reasons: vec!["Try a recent version of Chrome, Edge, Firefox or Safari.".into()],
    }
}

/// Reads and checks a consent request: esma-core's two halves with
/// WebCrypto in between (the school's ES256 signature, each file's
/// SHA-256), then the content hash recomputed here from the referral the
/// pages will show, which must equal the one the school signed.
pub async fn open_request(bytes: &[u8], settings: &Settings) -> Result<Opened, Refusal> {
    use esma_core::consent::request::parse_request;
    let changed = |reason: String| Refusal {
        title: "This file has been changed or damaged".into(),
        reasons: vec![reason],
    };
    let parsed = parse_request(bytes).map_err(|e| {
        if e.unreadable {
            Refusal {
                title: "This file is not a consent request".into(),
                reasons: vec![
                    e.reason,
                    "Check you chose the file the school sent you: its name ends .esma-consent-request.json.".into(),
                ],
            }
        } else {
            changed(e.reason)
        }
    })?;
    let signature_ok =
        crate::web::es256::verify(parsed.jwk(), parsed.signing_input(), parsed.signature()).await;
    let mut file_sha256 = Vec::with_capacity(parsed.files().len());
    for f in parsed.files() {
        file_sha256.push(
            crate::web::crypto::sha256(&f.data)
                .await
                .map_err(|_| browser_cannot())?,
        );
    }
    let request = parsed
        .conclude(signature_ok, &file_sha256)
        .map_err(|e| changed(e.reason))?;
    let m = &request.manifest;
    // The hash of exactly what the pages show, by the browser's SHA-256.
    let content = esma_core::consent::content_bytes(&m.referral);
    let content_sha256 = crate::web::crypto::sha256_hex(&content)
        .await
        .map_err(|_| browser_cannot())?;
    if content_sha256 != m.content_sha256 {
        return Err(changed(
            "The referral in the file does not match the one the school signed.".into(),
        ));
    }
    let notice_sha256 = crate::web::crypto::sha256_hex(m.notice.text.as_bytes())
        .await
        .map_err(|_| browser_cannot())?;
    if notice_sha256 != m.notice.sha256 {
        return Err(changed(
            "The consent notice in the file does not match its signed hash.".into(),
        ));
    }
    let mut documents = Vec::with_capacity(m.attachments.len());
    for a in &m.attachments {
        // `conclude` checked every listed file is carried with its SHA-256
        // and size; make each openable only as a type the council allows.
        let blob = request.file_for(&a.id).and_then(|f| {
            crate::web::files::blob_from_bytes(
                &f.data,
                &crate::web::files::safe_media_type(&a.media_type, settings),
            )
            .ok()
        });
        let purpose = m
            .referral
            .attachments
            .iter()
            .find(|r| r.id.as_deref() == Some(a.id.as_str()))
            .map(|r| crate::display::purpose_label(r.purpose))
            .unwrap_or("Document");
        documents.push(Document {
            name: shown(&a.name),
            media_type: a.media_type.clone(),
            purpose: purpose.to_owned(),
            size: a.size,
            blob,
        });
    }
    let school = &m.school;
    let mut opened = Opened::new(
        m.referral.clone(),
        request.fingerprint.clone(),
        m.created_at.clone(),
        m.request_id.clone(),
        content_sha256,
        documents,
        (
            m.notice.version.clone(),
            m.notice.text.clone(),
            notice_sha256,
        ),
    );
    if let Some(name) = school.name.as_ref().filter(|n| !n.trim().is_empty()) {
        opened.school_name = shown(name);
    }
    if let Some(referrer) = school.referrer.as_ref().map(|r| shown(r)) {
        if !referrer.trim().is_empty() && !opened.referrer.starts_with(referrer.as_str()) {
            opened.referrer = referrer;
        }
    }
    opened.reference = Some(request.reference());
    opened.manifest = Some(Rc::new(request.manifest));
    Ok(opened)
}

/// Makes the signed consent response, with a key made for this one
/// response: its file name and bytes.
pub async fn respond(opened: &Opened, decision: &Decision) -> Result<(String, Vec<u8>), String> {
    use esma_core::consent::prepare_response;
    use esma_core::consent::response::Answer;
    use esma_core::file_name::{file_name, label, FileKind};
    use esma_core::referral::ConsentDecision;
    let (Some(manifest), Some(reference)) = (&opened.manifest, &opened.reference) else {
        return Err("Open the consent request again.".into());
    };
    let failed = "Your browser could not make the file. Try again, or use a recent version of Chrome, Edge, Firefox or Safari.";
    let (private, public) = crate::web::es256::generate().await.map_err(|_| failed)?;
    let jwk = crate::web::es256::public_jwk(&public)
        .await
        .map_err(|_| failed)?;
    let answer = Answer {
        decision: if decision.given {
            ConsentDecision::Given
        } else {
            ConsentDecision::Refused
        },
        name: decision.name.clone(),
        relationship: decision.relationship.clone(),
        decided_at: crate::web::clock::now(),
        sla_acknowledged: decision.sla_acknowledged,
        drawn_signature: decision.drawn_signature.clone(),
    };
    let unsigned = prepare_response(manifest, reference, &answer, &jwk).map_err(|e| e.reason)?;
    // What is signed is what the parent reviewed: the content hash computed
    // here from the referral the pages showed, and the notice they read.
    let p = unsigned.payload();
    if p.reviewed_content_sha256 != opened.content_sha256
        || p.notice_sha256 != opened.notice_sha256
        || p.notice_version != opened.notice_version
    {
        return Err(
            "What you reviewed does not match the request. Open the consent request again.".into(),
        );
    }
    let signature = crate::web::es256::sign(&private, &unsigned.signing_input())
        .await
        .map_err(|_| failed)?;
    let file = unsigned.finish(signature);
    // Named as the school names its files: the pupil's initials and the day.
    let pupil = &opened.referral.pupil;
    let label = label(
        None,
        pupil.first_name.as_deref(),
        pupil.last_name.as_deref(),
    );
    let name = file_name(&label, &answer.decided_at, FileKind::ConsentResponse);
    Ok((name, file.to_json().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_file_is_shown_without_hidden_or_reordering_characters() {
        let mut referral = Referral::default();
        referral.pupil.first_name = Some("Sam\u{202e}ydna".into());
        referral.pupil.last_name = Some("Lee\u{1b}[2J".into());
        referral.school.name = Some("Oak\nSchool".into());
        let o = Opened::new(
            referral,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            Vec::new(),
            Default::default(),
        );
        assert_eq!(o.child(), "Samydna Lee[2J");
        assert_eq!(o.school_name, "Oak School");
    }
}
