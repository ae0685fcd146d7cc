//! Parents' and carers' consent to share the referral (issue 6): the notice
//! they read, the hash of what they reviewed, and what changed since.
//!
//! The formats that carry consent between the school and the parent (a
//! signed consent request, a signed consent response) are described in
//! `docs/consent-format.md`; the decisions are in `crates/esma-core/DESIGN.md`,
//! section "Consent".
//!
//! ```
//! use esma_core::consent;
//! use esma_core::referral::Referral;
//! let r = Referral::default();
//! assert_eq!(consent::content_sha256(&r).len(), 64);
//! assert!(consent::changes(&r, &r).is_empty());
//! assert!(consent::NOTICE_TEXT.contains("withdraw"));
//! ```

mod content;
mod notice;
pub mod request;
pub mod response;

pub use content::{changes, content_bytes, content_sha256, content_value};
pub use notice::{NOTICE_SHA256, NOTICE_TEXT, NOTICE_VERSION};
pub use request::{parse_request, prepare_request, prepare_request_described};
pub use response::{parse_response, prepare_response, ConsentCheck, RequestRef};

/// Put a checked decision (a [`ConsentCheck::Valid`] or
/// [`ConsentCheck::Refused`] record) into the referral; other outcomes leave
/// it unchanged and return `false`.
pub fn apply(referral: &mut crate::referral::Referral, check: &ConsentCheck) -> bool {
    match check.record() {
        Some(r) => {
            referral.consent.record = Some(r.clone());
            true
        }
        None => false,
    }
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    crate::signed::b64::hex(bytes)
}
