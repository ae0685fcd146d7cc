//! The draft file: an unsigned referral in progress, exported to move it to
//! another device or pass it to a colleague.
//!
//! It is deliberately a different format from the signed pack
//! (`"format": "esma-referral-draft"`, file name ending `.esma-draft.json`)
//! and says in a `notice` that it is not a referral, so no one mistakes one
//! for the other. See `docs/draft-format.md`.
//!
//! [`DraftFile::parse`] treats the file as hostile: it checks the size before
//! reading, reports every problem as data ([`DraftFileError`]) with a
//! plain-English message that never repeats the file's content, decodes the
//! attachments strictly and checks their sizes. It does **not** hash them:
//! the browser checks each `sha256` with WebCrypto (fast, and no hashing code
//! in the wasm); native callers use [`DraftFile::verify_sha256`].
//!
//! ```
//! use esma_core::draft_file::{DraftFile, DraftFileAttachment, DraftFileLimits};
//! let file = DraftFile {
//!     exported_at: "2026-11-28T09:00:00.000Z".into(),
//!     name: "Year 9".into(),
//!     referral: Default::default(),
//!     raw_inputs: Default::default(),
//!     attachments: vec![],
//! };
//! let json = file.to_json();
//! assert!(json.contains(r#""format": "esma-referral-draft""#));
//! assert_eq!(DraftFile::parse(json.as_bytes(), &DraftFileLimits::default()).unwrap(), file);
//! ```

use crate::attachments::type_allowed;
use crate::json::strict::{self, Caps};
use crate::json::{self, Raw};
use crate::referral::read::{read_borrowed_str, read_into, read_struct_into};
use crate::referral::ToJson;
use crate::referral::{AttachmentPurpose, Referral};
use crate::settings::AttachmentLimits;
use crate::signed::b64;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The `format` value of a draft file.
pub const FORMAT: &str = "esma-referral-draft";
/// The only `formatVersion` this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;
/// The notice every draft file carries.
pub const NOTICE: &str =
    "This is an unsigned draft. It is not a referral and cannot be sent to the council as one.";
/// The end of a draft file's name.
pub const FILE_EXTENSION: &str = crate::file_name::FileKind::Draft.extension();

/// One attached file, with its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftFileAttachment {
    /// Its id in the referral (`attachments[].id` and the `…AttachmentId` fields).
    pub id: String,
    /// File name.
    pub name: String,
    /// Media type.
    pub media_type: String,
    /// Size in bytes; equals `data.len()` after [`DraftFile::parse`].
    pub size: u64,
    /// SHA-256 of `data`, 64 lower-case hex digits. Checked by the caller.
    pub sha256: String,
    /// What it evidences.
    pub purpose: Option<AttachmentPurpose>,
    /// The bytes.
    pub data: Vec<u8>,
}

/// A draft file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftFile {
    /// When it was exported, RFC 3339 UTC.
    pub exported_at: String,
    /// The draft's name.
    pub name: String,
    /// The referral as far as it was filled in.
    pub referral: Referral,
    /// Text typed that did not fit the model yet, by field path.
    pub raw_inputs: BTreeMap<String, String>,
    /// The attached files.
    pub attachments: Vec<DraftFileAttachment>,
}

/// Limits applied before and while reading a draft file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftFileLimits {
    /// Largest draft file, in bytes.
    pub max_file_bytes: u64,
    /// Largest single attachment.
    pub max_attachment_bytes: u64,
    /// Largest total of all attachments.
    pub max_total_attachment_bytes: u64,
    /// Most attachments.
    pub max_attachments: usize,
    /// Media types accepted.
    pub allowed_media_types: Vec<String>,
}

impl DraftFileLimits {
    /// Limits that follow the council's attachment settings. The file itself
    /// may be as large as all attachments in base64 (4/3) plus 4 MB of text.
    pub fn from_settings(a: &AttachmentLimits) -> DraftFileLimits {
        DraftFileLimits {
            max_file_bytes: a.max_total_bytes.saturating_mul(4) / 3 + 4 * 1024 * 1024,
            max_attachment_bytes: a.max_file_bytes,
            max_total_attachment_bytes: a.max_total_bytes,
            max_attachments: crate::limits::MAX_ATTACHMENTS,
            allowed_media_types: a.allowed_media_types.clone(),
        }
    }
}

impl Default for DraftFileLimits {
    fn default() -> Self {
        DraftFileLimits::from_settings(&AttachmentLimits::default())
    }
}

/// Why a file is not a usable draft file. Carries positions and paths, never
/// content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftFileError {
    /// The file is larger than the limit.
    TooLarge,
    /// Not JSON; where it stopped making sense (1-based).
    NotJson {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// JSON, but not an ESMA draft file (no or another `format`).
    NotADraft,
    /// A signed referral pack (`esma-referral-pack`).
    SignedPack,
    /// A consent file.
    ConsentFile,
    /// A draft file of a version this build cannot read.
    UnsupportedVersion {
        /// The version in the file.
        version: u64,
    },
    /// A value is missing or of the wrong type.
    WrongType {
        /// Where, e.g. `attachments[0].size` (map keys that could be content
        /// are replaced by `…`).
        path: String,
    },
    /// More attachments than allowed.
    TooManyAttachments,
    /// One attachment is larger than allowed.
    AttachmentTooLarge {
        /// 0-based position in `attachments`.
        index: usize,
    },
    /// The attachments together are larger than allowed.
    AttachmentsTooLarge,
    /// An attachment's type is not accepted.
    MediaTypeNotAllowed {
        /// 0-based position.
        index: usize,
    },
    /// An attachment has an empty id.
    MissingAttachmentId {
        /// 0-based position.
        index: usize,
    },
    /// Two attachments share an id.
    DuplicateAttachmentId {
        /// 0-based position of the second.
        index: usize,
    },
    /// An attachment's `data` is not standard padded base64.
    NotBase64 {
        /// 0-based position.
        index: usize,
    },
    /// An attachment's `sha256` is not 64 lower-case hex digits.
    BadSha256 {
        /// 0-based position.
        index: usize,
    },
    /// An attachment's bytes are not `size` long.
    SizeMismatch {
        /// 0-based position.
        index: usize,
    },
    /// An attachment's bytes do not have its `sha256` (found by the caller).
    Sha256Mismatch {
        /// 0-based position.
        index: usize,
    },
    /// The referral, or a text typed, is beyond the format's limits
    /// ([`crate::limits`]).
    BeyondLimits {
        /// Where, e.g. `medicalEvidence` or `rawInputs`.
        path: String,
    },
    /// The referral lists an attachment the file does not carry.
    MissingAttachment {
        /// 0-based position in `referral.attachments`.
        index: usize,
    },
    /// The referral's record of an attachment (size or SHA-256) differs from
    /// the file carried.
    AttachmentMismatch {
        /// 0-based position in `referral.attachments`.
        index: usize,
    },
}

const DAMAGED: &str = "The selected file is damaged or has been changed, so it cannot be imported. Ask for the draft to be exported again";

impl DraftFileError {
    /// Plain-English message for users (GOV.UK style). Never repeats content.
    pub fn message(&self) -> String {
        use DraftFileError::*;
        match self {
            TooLarge => "The selected file is too large to be a draft file".into(),
            NotJson { line, column } => format!(
                "The selected file is not a draft file, or it is damaged (it stops making sense at line {line}, column {column})"
            ),
            NotADraft => "The selected file is not an ESMA referral draft. Choose a file ending .esma-draft.json".into(),
            SignedPack => "The selected file is a signed referral, not a draft. Signed referrals cannot be imported to edit. Use ‘Check a referral’ to check it".into(),
            ConsentFile => "The selected file is a consent file, not a referral draft".into(),
            UnsupportedVersion { version } if *version > FORMAT_VERSION => "The selected draft was made by a newer version of this service. Ask the sender to check they are using the same service, or update this page and try again".into(),
            UnsupportedVersion { .. } => "The selected file is not a draft this service can read".into(),
            WrongType { path } => format!("{DAMAGED} (a value at {path} is missing or not the right kind)"),
            TooManyAttachments => "The selected draft has too many attached files".into(),
            AttachmentTooLarge { index } => format!("File {} in the selected draft is too large", index + 1),
            AttachmentsTooLarge => "The files in the selected draft are too large together".into(),
            MediaTypeNotAllowed { index } => format!("File {} in the selected draft is a type of file this service does not accept", index + 1),
            MissingAttachmentId { index }
            | DuplicateAttachmentId { index }
            | NotBase64 { index }
            | BadSha256 { index }
            | SizeMismatch { index }
            | Sha256Mismatch { index } => format!("{DAMAGED} (file {} in it)", index + 1),
            BeyondLimits { path } => format!("The selected draft holds more than a referral can (at {path}). Ask for the draft to be shortened and exported again"),
            MissingAttachment { index } | AttachmentMismatch { index } => {
                format!("{DAMAGED} (attached file {} is missing or different)", index + 1)
            }
        }
    }
}

impl fmt::Display for DraftFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for DraftFileError {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutFile<'a> {
    format: &'static str,
    format_version: u64,
    exported_at: &'a str,
    name: &'a str,
    notice: &'static str,
    #[serde(serialize_with = "crate::referral::write::serialize")]
    referral: &'a Referral,
    raw_inputs: &'a BTreeMap<String, String>,
    attachments: Vec<OutAttachment<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutAttachment<'a> {
    id: &'a str,
    name: &'a str,
    media_type: &'a str,
    size: u64,
    sha256: &'a str,
    purpose: Option<AttachmentPurpose>,
    data: String,
}

// The file's members are read by the shared reader (`read_members`), not
// serde's derive (less wasm): camelCase names, unknown ones skipped, a name
// given twice refused (the strict scan refuses it first), and the required
// members as the table in `docs/draft-format.md` says.

/// The members that say what the file is, read before the rest.
struct InHead<'a> {
    format: Option<Cow<'a, str>>,
    format_version: Option<Raw<'a>>,
}

crate::read_by_members! {
    impl<'a> for InHead<'a> {
        required: [],
        others_skipped: true,
        blank: InHead {
            format: None,
            format_version: None,
        },
        members: {
            format: read_into,
            format_version: read_into,
        },
    }
}

struct InFile<'a> {
    exported_at: String,
    name: String,
    referral: Referral,
    raw_inputs: BTreeMap<String, String>,
    attachments: Vec<InAttachment<'a>>,
}

crate::read_by_members! {
    impl<'a> for InFile<'a> {
        required: [referral],
        others_skipped: true,
        blank: InFile {
            exported_at: String::new(),
            name: String::new(),
            referral: Referral::default(),
            raw_inputs: BTreeMap::new(),
            attachments: Vec::new(),
        },
        members: {
            exported_at: read_into,
            name: read_into,
            referral: read_struct_into,
            raw_inputs: read_into,
            attachments: read_into,
        },
    }
}

struct InAttachment<'a> {
    id: String,
    name: String,
    media_type: String,
    size: u64,
    sha256: String,
    purpose: Option<AttachmentPurpose>,
    /// Borrowed from the file: the base64 is never copied.
    data: Cow<'a, str>,
}

crate::read_by_members! {
    impl<'a> for InAttachment<'a> {
        required: [id, media_type, size, sha256, data],
        others_skipped: true,
        blank: InAttachment {
            id: String::new(),
            name: String::new(),
            media_type: String::new(),
            size: 0,
            sha256: String::new(),
            purpose: None,
            data: Cow::Borrowed(""),
        },
        members: {
            id: read_into,
            name: read_into,
            media_type: read_into,
            size: read_into,
            sha256: read_into,
            purpose: read_into,
            data: read_borrowed_str,
        },
    }
}

/// How much a draft file's JSON may hold: as a referral, with the
/// attachments' base64 (long strings) besides.
const DRAFT_CAPS: Caps = Caps {
    max_values: crate::limits::MAX_JSON_VALUES,
    max_string_bytes: usize::MAX,
};

impl DraftFile {
    /// The file as JSON text (attachments in standard padded base64).
    pub fn to_json(&self) -> String {
        let out = OutFile {
            format: FORMAT,
            format_version: FORMAT_VERSION,
            exported_at: &self.exported_at,
            name: &self.name,
            notice: NOTICE,
            referral: &self.referral,
            raw_inputs: &self.raw_inputs,
            attachments: self
                .attachments
                .iter()
                .map(|a| OutAttachment {
                    id: &a.id,
                    name: &a.name,
                    media_type: &a.media_type,
                    size: a.size,
                    sha256: &a.sha256,
                    purpose: a.purpose,
                    data: b64::encode_std(&a.data),
                })
                .collect(),
        };
        // Strings, maps and whole numbers only: serialising cannot fail.
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// Reads a draft file, checking everything but the SHA-256 of each
    /// attachment (see the module documentation).
    pub fn parse(bytes: &[u8], limits: &DraftFileLimits) -> Result<DraftFile, DraftFileError> {
        use DraftFileError::*;
        if bytes.len() as u64 > limits.max_file_bytes {
            return Err(TooLarge);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| NotJson { line: 0, column: 0 })?;
        // Strict JSON within the caps first, building nothing: a hostile
        // file is refused before any of it is held twice.
        strict::scan(text, DRAFT_CAPS).map_err(|e| {
            let (line, column) = e.position(text);
            NotJson { line, column }
        })?;
        let Ok(head) = json::from_str::<InHead>(text) else {
            return Err(NotADraft);
        };
        match head.format.as_deref() {
            Some(FORMAT) => {}
            Some(crate::pack::FORMAT) => return Err(SignedPack),
            Some(f) if f.contains("consent") => return Err(ConsentFile),
            _ => return Err(NotADraft),
        }
        match head.format_version.map(|v| json::from_str::<u64>(v.0)) {
            Some(Ok(FORMAT_VERSION)) => {}
            Some(Ok(version)) => return Err(UnsupportedVersion { version }),
            _ => {
                return Err(WrongType {
                    path: "formatVersion".into(),
                })
            }
        }
        let file: InFile = crate::json::from_str(text).map_err(|e| WrongType {
            path: if !e.path.is_empty() {
                e.path
            } else if cfg!(feature = "error-paths") {
                "the top level".into()
            } else {
                // Without path tracking (the browser), say where in the text.
                format!("line {}, column {}", e.line, e.column)
            },
        })?;

        if file.attachments.len() > limits.max_attachments {
            return Err(TooManyAttachments);
        }
        crate::limits::check_referral(&file.referral).map_err(|e| BeyondLimits {
            path: format!("referral.{}", e.path),
        })?;
        if file
            .raw_inputs
            .values()
            .any(|t| t.chars().count() > crate::limits::MAX_TEXT_CHARS)
        {
            return Err(BeyondLimits {
                path: "rawInputs".into(),
            });
        }
        let mut ids = BTreeSet::new();
        let mut total: u64 = 0;
        let mut attachments = Vec::with_capacity(file.attachments.len());
        for (index, a) in file.attachments.into_iter().enumerate() {
            if a.id.trim().is_empty() {
                return Err(MissingAttachmentId { index });
            }
            if !ids.insert(a.id.clone()) {
                return Err(DuplicateAttachmentId { index });
            }
            if !type_allowed(&limits.allowed_media_types, &a.media_type) {
                return Err(MediaTypeNotAllowed { index });
            }
            if b64::parse_sha256_hex(&a.sha256).is_err() {
                return Err(BadSha256 { index });
            }
            if a.size > limits.max_attachment_bytes {
                return Err(AttachmentTooLarge { index });
            }
            total = total.saturating_add(a.size);
            if total > limits.max_total_attachment_bytes {
                return Err(AttachmentsTooLarge);
            }
            let data = b64::decode_std(&a.data).map_err(|_| NotBase64 { index })?;
            if data.len() as u64 != a.size {
                return Err(SizeMismatch { index });
            }
            attachments.push(DraftFileAttachment {
                id: a.id,
                name: a.name,
                media_type: a.media_type,
                size: a.size,
                sha256: a.sha256,
                purpose: a.purpose,
                data,
            });
        }
        for (index, r) in file.referral.attachments.iter().enumerate() {
            let Some(id) = r.id.as_deref() else { continue };
            let Some(f) = attachments.iter().find(|f| f.id == id) else {
                return Err(MissingAttachment { index });
            };
            if r.size.is_some_and(|s| s != f.size)
                || r.sha256.as_deref().is_some_and(|s| s != f.sha256)
            {
                return Err(AttachmentMismatch { index });
            }
        }
        // A draft from an earlier version gets this version's questions.
        let mut referral = file.referral;
        crate::referral::upgrade(&mut referral);
        Ok(DraftFile {
            exported_at: file.exported_at,
            name: file.name,
            referral,
            raw_inputs: file.raw_inputs,
            attachments,
        })
    }

    /// Checks every attachment's SHA-256 with the `sha2` crate. For native
    /// callers (the CLI, tests); the browser uses WebCrypto instead.
    pub fn verify_sha256(&self) -> Result<(), DraftFileError> {
        use sha2::{Digest, Sha256};
        for (index, a) in self.attachments.iter().enumerate() {
            if b64::hex(&Sha256::digest(&a.data)) != a.sha256 {
                return Err(DraftFileError::Sha256Mismatch { index });
            }
        }
        Ok(())
    }
}

/// Replaces attachment ids throughout a referral (`attachments[].id` and
/// every `attachmentId` / `…AttachmentId` field) by `map`; ids not in `map`
/// are left alone. Used on import, where every file gets a new id.
///
/// Works on the JSON form so that attachment fields added to the model later
/// are mapped too.
pub fn remap_attachment_ids(referral: &mut Referral, map: &BTreeMap<String, String>) {
    fn swap(v: &mut Value, map: &BTreeMap<String, String>) {
        if let Some(new) = v.as_str().and_then(|s| map.get(s)) {
            *v = Value::String(new.clone());
        }
    }
    fn walk(v: &mut Value, map: &BTreeMap<String, String>) {
        match v {
            Value::Object(o) => {
                for (k, child) in o.iter_mut() {
                    if k == "attachmentId" || k.ends_with("AttachmentId") {
                        swap(child, map);
                    } else {
                        walk(child, map);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, map)),
            _ => {}
        }
    }
    let mut v = referral.to_json();
    if let Some(Value::Array(items)) = v.get_mut("attachments") {
        for item in items {
            if let Some(id) = item.get_mut("id") {
                swap(id, map);
            }
        }
    }
    walk(&mut v, map);
    if let Ok(r) = crate::json::from_value(&v) {
        *referral = r;
    }
}
