//! The reply to the school: built only from the rule and checklist tables
//! and checked content ([`About`]: the pupil's initials, letters only; the
//! school's name from the council's own trusted list; the day the pack was
//! made, from its checked `createdAt`), never from what the school wrote, so
//! a hostile pack cannot put words in the council's mouth.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::outcome::{SignerInfo, Verdict, Verification};
use crate::date::{long, uk_date};
use crate::file_name::{file_name, label, FileKind, FALLBACK};
use crate::pack::manifest::Manifest;
use crate::rules::Severity;
use crate::safe_text::sanitise_lines;
use crate::signed::jwk::check_code;
use crate::validate::Report;

/// What a reply says about the referral and who sent it: checked content only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About<'a> {
    /// The pupil's initials ([`crate::referral::Pupil::initials`]).
    pub initials: String,
    /// The school's name from the council's trusted list (a trusted signer
    /// the list names); `None` for an unknown signer.
    pub school: Option<&'a str>,
    /// The day the pack was made, in the UK.
    pub made_on: Option<NaiveDate>,
}

impl<'a> About<'a> {
    /// For a manifest whose signature holds, signed by `signer`.
    pub fn of(m: &Manifest, signer: Option<&'a SignerInfo>) -> Self {
        About {
            initials: m.referral.pupil.initials(),
            school: signer.filter(|s| s.trusted).and_then(|s| s.name.as_deref()),
            made_on: uk_date(&m.created_at),
        }
    }

    /// "Dear colleagues at …," and the thanks naming the referral.
    fn opening(&self, s: &mut String) {
        match self.school {
            Some(school) => {
                let _ = writeln!(s, "Dear colleagues at {school},");
            }
            None => {
                let _ = writeln!(s, "Dear colleagues,");
            }
        }
        let _ = writeln!(s);
        let made = match self.made_on {
            Some(day) => format!("the referral you made on {}", long(day)),
            None => "your referral".to_owned(),
        };
        let pupil = if self.initials.is_empty() {
            "your pupil".to_owned()
        } else {
            format!("the pupil with the initials {}", self.initials)
        };
        let _ = write!(s, "Thank you for {made} to the Education Support for Medical Absence (ESMA) Teaching Service for {pupil}.");
    }
}

/// The text of a reply to the school for a pack whose signature checked out:
/// either that the referral meets the entry criteria and the checklist is
/// complete, or which entry criteria and checklist items are not met as of
/// `today`. Built only from the rule and checklist tables and `about`.
pub fn reply_to_school(about: &About, report: &Report, today: NaiveDate) -> String {
    let mut s = String::new();
    about.opening(&mut s);
    let _ = writeln!(s);
    let _ = writeln!(s);
    let today = long(today);
    let blocking: Vec<_> = report.with_severity(Severity::Blocking).collect();
    if blocking.is_empty() {
        let _ = write!(
            s,
            "We have checked it against the entry criteria and the Annex 2 checklist as they stand on {today}. It meets the entry criteria, and every checklist item is complete or does not apply. We will be in touch about the next steps."
        );
        return sanitise_lines(&s).into_owned();
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
    sanitise_lines(&s).into_owned()
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
/// then a request for the school's key, with its check code and
/// fingerprint.
pub(super) fn reply_unknown_signer(
    about: &About,
    fingerprint: &str,
    rules: Option<&str>,
) -> String {
    let ask = format!(
        "We could not confirm who signed it: the key that signed it is not registered with us. Its check code is {} (the full fingerprint is {fingerprint}). Please send us your school's public key file, and phone us so that we can check the code with you.",
        check_code(fingerprint)
    );
    match rules {
        Some(reply) => format!("{reply}\n\n{ask}"),
        None => {
            let mut s = String::new();
            about.opening(&mut s);
            let _ = write!(
                s,
                "\n\n{ask} We will check the referral once we know it comes from your school."
            );
            sanitise_lines(&s).into_owned()
        }
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

impl Verification {
    /// The name of the file the reply is saved as: for a valid pack, the
    /// pupil's initials and the day it was made
    /// (`JS-2026-03-05.reply-to-school.txt`); otherwise `referral` and
    /// `today`. Only checked content, made safe by [`crate::file_name`].
    pub fn reply_file_name(&self, today: NaiveDate) -> String {
        let valid = matches!(self.verdict, Verdict::Trusted | Verdict::ValidUnknownSigner);
        match self.manifest.as_ref().filter(|_| valid) {
            Some(m) => {
                let p = &m.referral.pupil;
                let day = uk_date(&m.created_at).unwrap_or(today);
                file_name(
                    &label(None, p.first_name.as_deref(), p.last_name.as_deref()),
                    &day.to_string(),
                    FileKind::Reply,
                )
            }
            None => file_name(FALLBACK, &today.to_string(), FileKind::Reply),
        }
    }
}
