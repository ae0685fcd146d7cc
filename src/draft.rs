//! The saved draft: one referral in progress, as IndexedDB keeps it.
//!
//! A draft holds the partial [`Referral`] plus everything else needed to put
//! the user back exactly where they were: the text they typed that does not
//! fit the model yet (`raw_inputs`, e.g. half a date or "about 20" in a number
//! field) and the wizard page they were on.
//!
//! `revision` goes up by one on every save ([`Draft::touch`]). The store
//! refuses to write a revision that is not newer than the stored one, so a
//! late save can never overwrite a newer one, and two tabs editing one draft
//! are caught rather than silently merged.
//!
//! Everything here is pure: the caller brings the id and the time (in the
//! browser, `web::crypto::random_uuid_v4` and `web::clock::now`).
//!
//! ```
//! use esma_app::draft::Draft;
//! let mut d = Draft::new("7b0c…".into(), "Year 9 referral", "2026-11-28T09:00:00.000Z");
//! d.touch("2026-11-28T09:01:00.000Z");
//! assert_eq!(d.revision, 2);
//! assert_eq!(Draft::from_json(&d.to_json()).unwrap(), d);
//! ```

use esma_core::referral::Referral;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The name a draft gets when the user has not named it.
pub const UNTITLED: &str = "Untitled draft";

/// One referral in progress, as saved on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// A random UUID v4; the IndexedDB key.
    pub id: String,
    /// The name the user gave it, shown in the list of drafts.
    pub name: String,
    /// When it was started, RFC 3339 UTC.
    pub created_at: String,
    /// When it was last saved, RFC 3339 UTC.
    pub updated_at: String,
    /// Goes up by one on every save; a save with a revision that is not newer
    /// than the stored one is refused.
    pub revision: u64,
    /// The referral as far as it has been filled in.
    #[serde(default)]
    pub referral: Referral,
    /// Text the user typed that does not fit the model yet, keyed by field
    /// path (e.g. `pupil.dateOfBirth.month`), so nothing typed is lost.
    #[serde(default)]
    pub raw_inputs: BTreeMap<String, String>,
    /// The wizard page to return to.
    #[serde(default)]
    pub page: Option<String>,
    /// The question pages the user has saved ("Save and continue" with
    /// nothing blocking on the page), by key (`health/condition`): a
    /// section is completed only once every page of it is saved.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub saved_pages: BTreeSet<String>,
    /// The last consent request made for this draft: what the parent or
    /// carer was asked to review, so the school can see what changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_request: Option<ConsentRequestSent>,
}

/// A consent request the school has made and sent to a parent or carer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentRequestSent {
    pub request_id: String,
    pub created_at: String,
    /// `esma_core::consent::content_sha256` of the referral sent.
    pub content_sha256: String,
    /// The referral as sent (its consent part cleared).
    pub referral: Referral,
    /// What names the request in its response (id, hash, school key); a
    /// request made before responses named it has none, and is made again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<esma_core::consent::RequestRef>,
}

/// What the list of drafts shows: no health data beyond the name the user chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSummary {
    /// The draft's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was started.
    pub created_at: String,
    /// When it was last saved.
    pub updated_at: String,
    /// Its revision.
    pub revision: u64,
    /// How many files are attached.
    pub attachment_count: usize,
}

impl Draft {
    /// A new, empty draft with this id, at revision 1.
    pub fn new(id: String, name: &str, now: &str) -> Draft {
        Draft {
            id,
            name: clean_name(name),
            created_at: now.to_string(),
            updated_at: now.to_string(),
            revision: 1,
            referral: Referral::default(),
            raw_inputs: BTreeMap::new(),
            page: None,
            saved_pages: BTreeSet::new(),
            consent_request: None,
        }
    }

    /// Marks a change: the next revision, saved now. Call before every save.
    pub fn touch(&mut self, now: &str) {
        self.revision += 1;
        self.updated_at = now.to_string();
    }

    /// The draft as stored: a JSON string.
    pub fn to_json(&self) -> String {
        // A struct of strings, maps and the referral cannot fail to serialise.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored draft. The error is serde's, for logs only: it may
    /// quote the stored text, so never show it to the user.
    pub fn from_json(text: &str) -> Result<Draft, serde_json::Error> {
        let d: Draft = esma_core::json::from_str(text).map_err(serde::de::Error::custom)?;
        if d.id.is_empty() {
            return Err(serde::de::Error::custom("empty id"));
        }
        Ok(d)
    }

    /// The summary the list of drafts shows.
    pub fn summary(&self) -> DraftSummary {
        DraftSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            revision: self.revision,
            attachment_count: self.referral.attachments.len(),
        }
    }

    /// Keeps text that does not fit the model yet; empty text removes it.
    pub fn set_raw_input(&mut self, field: &str, text: &str) {
        if text.is_empty() {
            self.raw_inputs.remove(field);
        } else {
            self.raw_inputs.insert(field.to_string(), text.to_string());
        }
    }

    /// Forgets the raw text for a field (once the model holds it).
    pub fn clear_raw_input(&mut self, field: &str) {
        self.raw_inputs.remove(field);
    }

    /// Renames the draft; a blank name becomes [`UNTITLED`]. Save afterwards.
    pub fn rename(&mut self, name: &str) {
        self.name = clean_name(name);
    }
}

/// Trims a draft name and gives a blank one a default.
pub fn clean_name(name: &str) -> String {
    let n = name.trim();
    if n.is_empty() {
        UNTITLED.to_string()
    } else {
        n.to_string()
    }
}

/// The name an imported draft gets: `"<name> (imported)"`.
pub fn imported_name(name: &str) -> String {
    format!("{} (imported)", clean_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft::new("id-1".into(), "  Sam  ", "2026-11-28T09:00:00.000Z")
    }

    #[test]
    fn new_draft_is_empty_at_revision_one() {
        let d = draft();
        assert_eq!(d.name, "Sam");
        assert_eq!(d.revision, 1);
        assert_eq!(d.created_at, d.updated_at);
        assert_eq!(d.referral, Referral::default());
        assert!(d.raw_inputs.is_empty());
        assert_eq!(d.page, None);
    }

    #[test]
    fn touch_moves_revision_and_time() {
        let mut d = draft();
        d.touch("2026-11-28T09:05:00.000Z");
        assert_eq!(d.revision, 2);
        assert_eq!(d.updated_at, "2026-11-28T09:05:00.000Z");
        assert_eq!(d.created_at, "2026-11-28T09:00:00.000Z");
    }

    #[test]
    fn json_round_trip_is_camel_case() {
        let mut d = draft();
        d.set_raw_input("pupil.dateOfBirth.month", "Febuary");
        d.page = Some("pupil".into());
        d.referral.pupil.first_name = Some("Sam".into());
        let json = d.to_json();
        for key in [
            "createdAt",
            "updatedAt",
            "rawInputs",
            "\"page\"",
            "firstName",
        ] {
            assert!(json.contains(key), "{key} in {json}");
        }
        assert_eq!(Draft::from_json(&json).unwrap(), d);
    }

    #[test]
    fn damaged_json_is_an_error() {
        assert!(Draft::from_json("{").is_err());
        assert!(Draft::from_json("{}").is_err());
        assert!(Draft::from_json(
            r#"{"id":"","name":"a","createdAt":"","updatedAt":"","revision":1}"#
        )
        .is_err());
        assert!(Draft::from_json(
            r#"{"id":"x","name":"a","createdAt":"","updatedAt":"","revision":-1}"#
        )
        .is_err());
        // Optional parts may be missing.
        let d = Draft::from_json(
            r#"{"id":"x","name":"a","createdAt":"t","updatedAt":"t","revision":3}"#,
        )
        .unwrap();
        assert_eq!(d.revision, 3);
    }

    #[test]
    fn raw_inputs_keep_and_forget() {
        let mut d = draft();
        d.set_raw_input("absence.schoolDaysMissed", "about 20");
        assert_eq!(d.raw_inputs["absence.schoolDaysMissed"], "about 20");
        d.set_raw_input("absence.schoolDaysMissed", "");
        assert!(d.raw_inputs.is_empty());
        d.set_raw_input("a", "b");
        d.clear_raw_input("a");
        assert!(d.raw_inputs.is_empty());
    }

    #[test]
    fn names() {
        let mut d = draft();
        d.rename("   ");
        assert_eq!(d.name, UNTITLED);
        assert_eq!(imported_name(" Sam "), "Sam (imported)");
        assert_eq!(d.summary().attachment_count, 0);
    }
}
