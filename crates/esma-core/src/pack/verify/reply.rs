//! The reply to the school: built only from the rule and checklist tables,
//! the pack id and the dates (checked to be a UUID and an RFC 3339 time
//! before any of this runs), never from what the school wrote, so a
//! hostile pack cannot put words in the council's mouth.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::outcome::Verdict;
use crate::pack::manifest::Manifest;
use crate::rules::Severity;
use crate::validate::Report;

/// The text of a reply to the school for a pack whose signature checked out:
/// either that the referral meets the entry criteria and the checklist is
/// complete, or which entry criteria and checklist items are not met as of
/// `today`. Built only from the rule and checklist tables, the pack id and the
/// dates, never from what the school wrote.
pub fn reply_to_school(m: &Manifest, report: &Report, today: NaiveDate) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Referral pack {} (created {})", m.pack_id, m.created_at);
    let _ = writeln!(s);
    let _ = writeln!(s, "Thank you for your referral to the Education Support for Medical Absence (ESMA) Teaching Service.");
    let _ = writeln!(s);
    let blocking: Vec<_> = report.with_severity(Severity::Blocking).collect();
    if blocking.is_empty() {
        let _ = write!(
            s,
            "We have checked it against the entry criteria and the Annex 2 checklist as they stand on {today}. It meets the entry criteria, and every checklist item is complete or does not apply. We will be in touch about the next steps."
        );
        return s;
    }
    let _ = writeln!(
        s,
        "We have checked it against the entry criteria and the Annex 2 checklist as they stand on {today}. We cannot accept it yet, for the reasons below."
    );
    let entry: Vec<&str> = dedup(
        blocking
            .iter()
            .filter(|f| f.rule.starts_with("entry-"))
            .map(|f| f.message.as_ref()),
    );
    if !entry.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Entry criteria not met:");
        for msg in entry {
            let _ = writeln!(s, "- {}", sentence(msg));
        }
    }
    let missing: Vec<_> = report
        .checklist
        .items
        .iter()
        .filter(|i| i.status == crate::checklist::ItemStatus::Missing)
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Annex 2 checklist items missing:");
        for i in missing {
            let _ = writeln!(s, "- Item {}, {}: {}", i.item, i.title, i.reason);
        }
    }
    let other: Vec<&str> = dedup(
        blocking
            .iter()
            .filter(|f| !f.rule.starts_with("entry-") && f.checklist_item.is_none())
            .map(|f| f.message.as_ref()),
    );
    if !other.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Also to put right:");
        for msg in other {
            let _ = writeln!(s, "- {}", sentence(msg));
        }
    }
    let _ = writeln!(s);
    let _ = write!(
        s,
        "Please put these right and send us a new signed referral pack."
    );
    s
}

fn dedup<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for m in it {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

fn sentence(msg: &str) -> String {
    let t = msg.trim_end();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

/// The reply for a valid pack whose signer is not on the trusted list:
/// `rules` (the reply from today's rules) when they were run on request,
/// then a request for the school's key. Only checked fields of the pack
/// (its UUID and creation time) appear.
pub(super) fn reply_unknown_signer(m: &Manifest, fingerprint: &str, rules: Option<&str>) -> String {
    let ask = format!("We could not confirm who signed this pack: the key that signed it (fingerprint {fingerprint}) is not registered with us. Please send us your school's public key file and confirm its fingerprint by phone.");
    match rules {
        Some(reply) => format!("{reply}\n\n{ask}"),
        None => format!(
            "Referral pack {} (created {})\n\nThank you for your referral to the Education Support for Medical Absence (ESMA) Teaching Service.\n\n{ask} We will check the referral once we know it comes from your school.",
            m.pack_id, m.created_at
        ),
    }
}

pub(super) fn reply_for_unusable(verdict: &Verdict) -> String {
    let mut s = String::from("Thank you for sending a referral pack. We could not accept it, because it did not pass our checks:\n");
    match verdict {
        Verdict::Invalid { reasons } => {
            for r in reasons {
                let _ = writeln!(s, "- {r}");
            }
        }
        Verdict::Unreadable { reason } => {
            let _ = writeln!(s, "- {reason}");
        }
        _ => {}
    }
    s.push_str("\nPlease make the pack again from the referral in the ESMA referral checker and send the new file, unchanged.");
    s
}
