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

use esma_core::referral::read::{read_into, read_struct_into};
use esma_core::referral::Referral;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The name a draft gets when the user has not named it.
pub const UNTITLED: &str = "Untitled draft";

/// One referral in progress, as saved on this device.
///
/// JSON form: camelCase names; `id`, `name`, `createdAt`, `updatedAt` and
/// `revision` are required, the rest may be left out (drafts saved by
/// earlier versions have none of them); unknown names are skipped, a name
/// given twice is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[serde(serialize_with = "esma_core::referral::write::serialize")]
    pub referral: Referral,
    /// Text the user typed that does not fit the model yet, keyed by field
    /// path (e.g. `pupil.dateOfBirth.month`), so nothing typed is lost.
    pub raw_inputs: BTreeMap<String, String>,
    /// The wizard page to return to.
    pub page: Option<String>,
    /// The question pages the user has saved ("Save and continue" with
    /// nothing blocking on the page), by key (`health/condition`): a
    /// section is completed only once every page of it is saved.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub saved_pages: BTreeSet<String>,
    /// The last consent request made for this draft: what the parent or
    /// carer was asked to review, so the school can see what changed since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_request: Option<ConsentRequestSent>,
}

/// A consent request the school has made and sent to a parent or carer.
/// Read like [`Draft`]: every member but `reference` is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<esma_core::consent::RequestRef>,
}

// Both are read by core's shared reader (`read_members`) rather than
// serde's derive, which cost the school page about 11 KB of wasm; the
// JSON form is the derive's (see [`Draft`]).
esma_core::read_by_members! {
    impl<'de> for Draft {
        required: [id, name, created_at, updated_at, revision],
        others_skipped: true,
        blank: Draft::new(String::new(), "", ""),
        members: {
            id: read_into,
            name: read_into,
            created_at: read_into,
            updated_at: read_into,
            revision: read_into,
            referral: read_struct_into,
            raw_inputs: read_into,
            page: read_into,
            saved_pages: read_into,
            consent_request: read_into,
        },
    }
}

esma_core::read_by_members! {
    impl<'de> for ConsentRequestSent {
        required: [request_id, created_at, content_sha256, referral],
        others_skipped: true,
        blank: ConsentRequestSent {
            request_id: String::new(),
            created_at: String::new(),
            content_sha256: String::new(),
            referral: Referral::default(),
            reference: None,
        },
        members: {
            request_id: read_into,
            created_at: read_into,
            content_sha256: read_into,
            referral: read_struct_into,
            reference: read_into,
        },
    }
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
    use esma_core::referral::read::Members;

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

    /// A draft with every member, and every member of its consent
    /// request, different from what reading starts with.
    fn full_draft() -> Draft {
        let mut d = Draft::new("id-9".into(), "Sam", "2026-11-28T09:00:00.000Z");
        d.touch("2026-11-28T09:05:00.000Z");
        d.referral.pupil.first_name = Some("Sam".into());
        d.referral.safeguarding.teaching_location =
            Some(esma_core::referral::TeachingLocation::Home);
        d.set_raw_input("pupil.dateOfBirth.month", "Febuary");
        d.page = Some("health/condition".into());
        d.saved_pages.insert("pupil/name".into());
        let mut sent = Referral::default();
        sent.school.name = Some("Oak Primary".into());
        d.consent_request = Some(ConsentRequestSent {
            request_id: "req-1".into(),
            created_at: "2026-11-28T09:03:00.000Z".into(),
            content_sha256: "a".repeat(64),
            referral: sent,
            reference: Some(esma_core::consent::RequestRef {
                request_id: "req-1".into(),
                request_sha256: "b".repeat(64),
                school_kid: "kid-1".into(),
            }),
        });
        d
    }

    #[test]
    fn every_member_is_read_back() {
        let d = full_draft();
        let blank = <Draft as Members>::blank();
        assert_ne!(d.id, blank.id);
        assert_ne!(d.name, blank.name);
        assert_ne!(d.created_at, blank.created_at);
        assert_ne!(d.updated_at, blank.updated_at);
        assert_ne!(d.revision, blank.revision);
        assert_ne!(d.referral, blank.referral);
        assert_ne!(d.raw_inputs, blank.raw_inputs);
        assert_ne!(d.page, blank.page);
        assert_ne!(d.saved_pages, blank.saved_pages);
        assert_ne!(d.consent_request, blank.consent_request);
        let json = d.to_json();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&json)
                .unwrap()
                .as_object()
                .unwrap()
                .len(),
            <Draft as Members>::NAMES.len()
        );
        assert_eq!(Draft::from_json(&json).unwrap(), d);
    }

    #[test]
    fn drafts_saved_by_earlier_versions_still_read() {
        // The first stored form: no saved pages, no consent request, and
        // `page` written as null.
        let first = r#"{"id":"x","name":"Sam","createdAt":"2026-11-01T09:00:00.000Z",
            "updatedAt":"2026-11-01T09:00:00.000Z","revision":4,
            "referral":{"pupil":{"firstName":"Sam"},"safeguarding":{"teachingAtHome":true}},
            "rawInputs":{"absence.schoolDaysMissed":"about 20"},"page":null}"#;
        let d = Draft::from_json(first).unwrap();
        assert_eq!(d.revision, 4);
        assert_eq!(d.referral.pupil.first_name.as_deref(), Some("Sam"));
        assert_eq!(d.referral.safeguarding.teaching_at_home, Some(true));
        assert_eq!(d.raw_inputs["absence.schoolDaysMissed"], "about 20");
        assert_eq!(
            (d.page, d.saved_pages.len(), d.consent_request),
            (None, 0, None)
        );
        // A consent request made before responses named their request.
        let before_reference = r#"{"id":"x","name":"Sam","createdAt":"t","updatedAt":"t",
            "revision":2,"savedPages":["pupil/name"],"consentRequest":{"requestId":"r",
            "createdAt":"t","contentSha256":"c","referral":{"school":{"name":"Oak"}}}}"#;
        let d = Draft::from_json(before_reference).unwrap();
        let sent = d.consent_request.unwrap();
        assert_eq!(sent.referral.school.name.as_deref(), Some("Oak"));
        assert_eq!(sent.reference, None);
        assert!(d.saved_pages.contains("pupil/name"));
    }

    #[test]
    fn unknown_names_are_skipped_and_repeated_or_missing_ones_refused() {
        let base = r#""id":"x","name":"a","createdAt":"t","updatedAt":"t","revision":1"#;
        let d = Draft::from_json(&format!(r#"{{{base},"later":{{"a":[1]}}}}"#)).unwrap();
        assert_eq!(d.revision, 1);
        assert!(Draft::from_json(&format!(r#"{{{base},"page":"a","page":"b"}}"#)).is_err());
        assert!(Draft::from_json(&format!(r#"{{{base},"id":"y"}}"#)).is_err());
        // Only an object: serde's derive also read an array as the members
        // in order, which no stored draft ever held.
        assert!(Draft::from_json(r#"["x","a","t","t",1]"#).is_err());
        let sent = r#""requestId":"r","createdAt":"t","contentSha256":"c""#;
        let with = |request: &str| format!(r#"{{{base},"consentRequest":{{{request}}}}}"#);
        assert!(Draft::from_json(&with(&format!(r#"{sent},"referral":{{}}"#))).is_ok());
        assert!(Draft::from_json(&with(sent)).is_err());
        for name in ["id", "name", "createdAt", "updatedAt", "revision"] {
            let left_out = base
                .split(',')
                .filter(|m| !m.starts_with(&format!("\"{name}\"")))
                .collect::<Vec<_>>()
                .join(",");
            assert!(
                Draft::from_json(&format!("{{{left_out}}}")).is_err(),
                "{name}"
            );
        }
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
