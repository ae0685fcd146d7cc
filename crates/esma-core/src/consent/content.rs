//! What the parent reviews, as one hash, and what changed since.
//!
//! The **content** of a referral is its JSON form without the `consent` part
//! (so recording consent does not change what was consented to), with every
//! `null`, empty object and empty array left out (so the hash does not change
//! when a later app adds an optional question nobody has answered: the hash
//! covers what was said, not how this version of the model spells a blank).
//! [`content_sha256`] is the SHA-256 of that value's RFC 8785 (JCS) form.
//! Attachments are in it with each file's SHA-256 and size, so the hash binds
//! the documents too.

use crate::referral::ToJson;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::attachments::purpose_in_sentence;
use crate::referral::{AttachmentPurpose, Consent, Referral};
use crate::section::{part_name, part_position};
use crate::signed::jcs;

/// The referral's content as a JSON value (see the module documentation).
pub fn content_value(referral: &Referral) -> Value {
    let mut r = referral.clone();
    r.consent = Consent::default();
    let mut v = r.to_json();
    if let Value::Object(m) = &mut v {
        m.remove("consent");
    }
    crate::json::prune_blanks(&mut v);
    v
}

/// The referral content's canonical bytes (RFC 8785).
pub fn content_bytes(referral: &Referral) -> Vec<u8> {
    jcs::to_string(&content_value(referral)).into_bytes()
}

/// SHA-256 (lower-case hex) of [`content_bytes`].
pub fn content_sha256(referral: &Referral) -> String {
    super::hex(&Sha256::digest(content_bytes(referral)))
}

/// Field names whose words are not just the camelCase split.
const WORDS: &[(&str, &str)] = &[
    ("condition", "the medical condition"),
    ("upn", "unique pupil number"),
    ("urn", "URN"),
    ("apdr", "APDR"),
    ("ehcp", "EHCP"),
    ("mashReferrals", "MASH referrals"),
    ("attachmentId", "attached file"),
    ("planAttachmentId", "attached plan"),
];

fn words(key: &str) -> String {
    if let Some((_, w)) = WORDS.iter().find(|(k, _)| *k == key) {
        return (*w).to_owned();
    }
    let mut s = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            s.push(' ');
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

/// What changed between the referral a parent reviewed (`before`) and now
/// (`after`), in plain English, one line per change, by section and field
/// name: e.g. "Health: the medical condition changed", "Medical evidence,
/// item 2: date was added", "Attachments: a file was added (medical
/// evidence)". Messages never quote what was written (it is health data);
/// files are named by number and purpose. Empty when the content is the same.
pub fn changes(before: &Referral, after: &Referral) -> Vec<String> {
    let (a, b) = (content_value(before), content_value(after));
    let empty = Map::new();
    let (a, b) = (
        a.as_object().unwrap_or(&empty),
        b.as_object().unwrap_or(&empty),
    );
    let mut out = Vec::new();
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort_by_key(|k| part_position(k).unwrap_or(usize::MAX));
    keys.dedup();
    for key in keys {
        let section = part_name(key)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Part \"{}\"", words(key)));
        let (x, y) = (a.get(key.as_str()), b.get(key.as_str()));
        if x == y {
            continue;
        }
        if key == "attachments" {
            attachments(x, y, &mut out);
            continue;
        }
        diff(&section, &[], x, y, &mut out);
    }
    out
}

fn line(section: &str, path: &[String], what: &str) -> String {
    if path.is_empty() {
        format!("{section}: {what}")
    } else {
        format!("{section}: {} {what}", path.join(", "))
    }
}

fn diff(
    section: &str,
    path: &[String],
    x: Option<&Value>,
    y: Option<&Value>,
    out: &mut Vec<String>,
) {
    match (x, y) {
        (Some(Value::Object(p)), Some(Value::Object(q))) => {
            let mut keys: Vec<&String> = p.keys().collect();
            keys.extend(q.keys().filter(|k| !p.contains_key(k.as_str())));
            for k in keys {
                let mut sub = path.to_vec();
                sub.push(words(k));
                diff(section, &sub, p.get(k.as_str()), q.get(k.as_str()), out);
            }
        }
        (Some(Value::Array(p)), Some(Value::Array(q))) => {
            for i in 0..p.len().max(q.len()) {
                let item = format!("{section}, item {}", i + 1);
                match (p.get(i), q.get(i)) {
                    (Some(_), None) => {
                        out.push(line(section, path, &format!("item {} was removed", i + 1)))
                    }
                    (None, Some(_)) => {
                        out.push(line(section, path, &format!("item {} was added", i + 1)))
                    }
                    (u, v) if u != v => diff(&item, path, u, v, out),
                    _ => {}
                }
            }
        }
        (None, Some(_)) => out.push(line(section, path, "was added")),
        (Some(_), None) => out.push(line(section, path, "was removed")),
        (u, v) if u != v => out.push(line(section, path, "changed")),
        _ => {}
    }
}

fn attachments(x: Option<&Value>, y: Option<&Value>, out: &mut Vec<String>) {
    let list = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let (p, q) = (list(x), list(y));
    let id = |v: &Value| v.get("id").and_then(Value::as_str).map(str::to_owned);
    let purpose = |v: &Value| {
        v.get("purpose")
            .and_then(|p| serde_json::from_value::<AttachmentPurpose>(p.clone()).ok())
            .map(|p| format!(" ({})", purpose_in_sentence(Some(p))))
            .unwrap_or_default()
    };
    for (j, new) in q.iter().enumerate() {
        match p.iter().find(|old| id(old).is_some() && id(old) == id(new)) {
            None => out.push(format!("Attachments: a file was added{}", purpose(new))),
            Some(old) if old == new => {}
            Some(old) => {
                let replaced =
                    old.get("sha256") != new.get("sha256") || old.get("size") != new.get("size");
                if replaced {
                    out.push(format!(
                        "Attachments: file {} was replaced{}",
                        j + 1,
                        purpose(new)
                    ));
                } else {
                    diff(
                        &format!("Attachments, file {}", j + 1),
                        &[],
                        Some(old),
                        Some(new),
                        out,
                    );
                }
            }
        }
    }
    for old in &p {
        if !q.iter().any(|new| id(new).is_some() && id(new) == id(old)) {
            out.push(format!("Attachments: a file was removed{}", purpose(old)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Referral {
        crate::json::from_str(include_str!("../../../../fixtures/referrals/complete.json")).unwrap()
    }

    #[test]
    fn consent_and_blanks_do_not_change_the_hash() {
        let r = complete();
        let h = content_sha256(&r);
        assert_eq!(h.len(), 64);
        let mut r2 = r.clone();
        r2.consent.signed = Some(false);
        r2.consent.record = Some(Default::default());
        assert_eq!(content_sha256(&r2), h);
        let mut r3 = r.clone();
        r3.health.condition = Some("Something else".into());
        assert_ne!(content_sha256(&r3), h);
        // An explicit "no" is content; "not answered" is not.
        let mut r4 = r.clone();
        r4.exams = Default::default();
        let mut r5 = r4.clone();
        r5.pupil.electively_home_educated = None;
        assert_ne!(content_sha256(&r4), content_sha256(&r5));
        assert!(!String::from_utf8(content_bytes(&Referral::default()))
            .unwrap()
            .contains("null"));
        assert_eq!(content_bytes(&Referral::default()), b"{}");
    }

    #[test]
    fn changes_name_sections_and_fields_without_content() {
        let before = complete();
        assert!(changes(&before, &before).is_empty());
        let mut after = before.clone();
        after.health.condition = Some("SECRET".into());
        after.medical_evidence[0].date = None;
        after.attachments[0].sha256 = Some("0".repeat(64));
        after.attachments.pop();
        after.pupil.first_name = Some("SECRET".into());
        after.consent.signed = Some(false);
        let c = changes(&before, &after);
        assert_eq!(
            c,
            vec![
                "Pupil: first name changed",
                "Health: the medical condition changed",
                "Medical evidence, item 1: date was removed",
                "Attachments: file 1 was replaced (medical evidence)",
                "Attachments: a file was removed (signed parental consent)",
            ],
        );
        assert!(c.iter().all(|l| !l.contains("SECRET")));
    }
}
