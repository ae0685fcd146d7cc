//! The second half of checking a pack: with the signature's result and
//! the files' hashes, match the files against the signed manifest, check
//! the parent's or carer's consent, look the signer up, decide the verdict
//! and run today's rules.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::outcome::{
    Check, CheckKind, ConsentSummary, FindingRef, PackSummary, RulesToday, SignerInfo, Verdict,
    Verification,
};
use super::reply::{reply_for_unusable, reply_to_school, reply_unknown_signer, About};
use super::{Evidence, Parsed};
use crate::consent::response::{record_matches, ConsentCheck, Expect, ParsedResponse};
use crate::pack::manifest::Manifest;
use crate::rules::Severity;
use crate::settings::Settings;
use crate::signed::jwk::JwkSet;
use crate::signed::{file_problems, FileProblem};
use crate::validate::{validate, Report};

impl Parsed {
    /// Finish: record the signature result and the files' hashes, match the
    /// files against the manifest, look the signer up in `trusted`, and
    /// re-run today's rules on the referral.
    pub fn conclude(
        self,
        evidence: &Evidence,
        trusted: &JwkSet,
        today: NaiveDate,
        settings: &Settings,
    ) -> Verification {
        let mut checks = self.checks;
        let fail = |checks: &mut Vec<Check>, what: CheckKind, why: String| {
            checks.push(Check::fail(what, why))
        };

        if evidence.signature_ok {
            checks.push(Check::pass(
                CheckKind::Signature,
                "The signature matches the header and the signed manifest.",
            ));
        } else {
            fail(
                &mut checks,
                CheckKind::Signature,
                "The signature does not match: the signed manifest, the header or the signature has been changed since signing, or the pack was not signed with the key it names.".into(),
            );
        }

        match &self.manifest {
            Ok(_) => checks.push(Check::pass(
                CheckKind::Manifest,
                "The signed manifest is canonical JSON, format version 1, with every part present.",
            )),
            Err(why) => fail(&mut checks, CheckKind::Manifest, why.clone()),
        }

        let listed = self
            .manifest
            .as_ref()
            .ok()
            .map(|m| m.attachments.as_slice());
        let problems = file_problems(&self.files, &evidence.file_sha256, listed);
        for p in &problems {
            fail(&mut checks, CheckKind::Files, file_problem(*p));
        }
        if problems.is_empty() && self.manifest.is_ok() {
            checks.push(Check::pass(
                CheckKind::Files,
                format!(
                    "All {} attached file(s) match the SHA-256 and size recorded in the signed manifest.",
                    self.files.len()
                ),
            ));
        }

        if let Some(m) = self
            .manifest
            .as_ref()
            .ok()
            .filter(|m| m.referral.consent.record.is_some())
        {
            checks.push(consent_check(
                m,
                &self.header.kid,
                self.consent.as_ref(),
                self.consent_signature_ok,
            ));
        }

        // Who signed is only known when the signature holds: a forged pack
        // can name any key in its header, a trusted one included.
        let sig_ok = evidence.signature_ok;
        let fingerprint = self.header.jwk.fingerprint();
        let trusted_key = trusted
            .find(&self.header.kid)
            .filter(|k| sig_ok && k.jwk == self.header.jwk);
        let is_trusted = trusted_key.is_some();
        if !sig_ok {
            checks.push(Check::not_checked(
                CheckKind::Signer,
                "Not checked: the signature does not hold, so who signed the pack cannot be known.",
            ));
        } else if is_trusted {
            checks.push(Check::pass(
                CheckKind::Signer,
                "The signer's key is on the council's trusted list.",
            ));
        } else {
            checks.push(Check::fail(
                CheckKind::Signer,
                format!("The signer's key (fingerprint {fingerprint}) is not on the council's trusted list."),
            ));
        }
        let signer = sig_ok.then(|| SignerInfo {
            kid: self.header.kid.clone(),
            fingerprint: fingerprint.clone(),
            trusted: is_trusted,
            name: trusted_key.and_then(|k| k.name.clone()),
        });

        let reasons: Vec<String> = checks
            .iter()
            .filter(|c| !c.ok && c.what != CheckKind::Signer)
            .map(|c| c.detail.clone())
            .collect();
        let verdict = if !reasons.is_empty() {
            Verdict::Invalid { reasons }
        } else if is_trusted {
            Verdict::Trusted
        } else {
            Verdict::ValidUnknownSigner
        };

        // Nothing from the manifest is shown until the signature holds (and
        // the manifest passed every check of its own).
        let manifest = self.manifest.ok().filter(|_| sig_ok);
        let pack = manifest.as_ref().map(|m| PackSummary {
            pack_id: m.pack_id.clone(),
            created_at: m.created_at.clone(),
            app: m.app.clone(),
            attachments: m.attachments.len(),
        });
        let valid = matches!(verdict, Verdict::Trusted | Verdict::ValidUnknownSigner);
        let consent = match (valid, &manifest) {
            (true, Some(m)) => Some(ConsentSummary::of(
                &m.referral,
                self.consent
                    .as_ref()
                    .and_then(|c| c.as_ref().ok())
                    .and_then(|p| p.payload())
                    .map(|p| p.drawn_signature.is_some()),
            )),
            _ => None,
        };
        let reply = match (&verdict, &manifest) {
            (Verdict::ValidUnknownSigner, Some(m)) => {
                reply_unknown_signer(&About::of(m, signer.as_ref()), &fingerprint, None)
            }
            _ => reply_for_unusable(&verdict),
        };
        let mut v = Verification {
            verdict,
            checks,
            signer,
            pack,
            rules_today: None,
            rules_skipped: None,
            consent,
            reply,
            manifest,
            report: None,
        };
        // Today's rules run on a referral from a trusted school; for an
        // unknown signer only when asked ([`Verification::run_rules`]),
        // since anyone can sign a pack.
        if is_trusted {
            v.run_rules(today, settings);
        } else if valid {
            v.rules_skipped = Some(RULES_SKIPPED.to_owned());
        }
        v
    }
}

/// Why today's rules were not run on a valid pack.
pub(super) const RULES_SKIPPED: &str = "Today's rules were not run, because the signer is not on the council's trusted list and anyone can sign a pack. Run them on request once you have decided to look at this referral.";

/// What today's rules found on a valid pack's referral, and the reply they
/// make: what [`Verification::run_rules`] records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesRun {
    pub rules_today: RulesToday,
    pub report: Report,
    pub reply: String,
}

impl Verification {
    /// Run today's rules on a valid pack's referral (for an unknown signer,
    /// when the user asks), compare them with the findings recorded at
    /// signing, and draft the reply from them. Does nothing for an invalid
    /// or unreadable pack, or when the rules have run already.
    pub fn run_rules(&mut self, today: NaiveDate, settings: &Settings) {
        if self.rules_today.is_some() {
            return;
        }
        if let Some(run) = self.rules(today, settings) {
            self.rules_today = Some(run.rules_today);
            self.rules_skipped = None;
            self.reply = run.reply;
            self.report = Some(run.report);
        }
    }

    /// What [`Verification::run_rules`] would record, leaving `self` as it
    /// is (for a caller that shares the verification, like the council's
    /// page); `None` for an invalid or unreadable pack.
    pub fn rules(&self, today: NaiveDate, settings: &Settings) -> Option<RulesRun> {
        let valid = matches!(self.verdict, Verdict::Trusted | Verdict::ValidUnknownSigner);
        let m = self.manifest.as_ref().filter(|_| valid)?;
        let report = validate(&m.referral, today, settings);
        let rules_today = compare(m, &report, today);
        let about = About::of(m, self.signer.as_ref());
        let mut reply = reply_to_school(&about, &report, today);
        if self.verdict == Verdict::ValidUnknownSigner {
            let fingerprint = self
                .signer
                .as_ref()
                .map(|s| s.fingerprint.as_str())
                .unwrap_or_default();
            reply = reply_unknown_signer(&about, fingerprint, Some(&reply));
        }
        Some(RulesRun {
            rules_today,
            report,
            reply,
        })
    }
}

/// A problem with the pack's files, in words.
fn file_problem(p: FileProblem) -> String {
    match p {
        FileProblem::NotHashed => {
            "The files were not all hashed, so they could not be checked.".into()
        }
        FileProblem::Changed(i) => format!(
            "File {} in the pack has been changed: its content does not match its SHA-256.",
            i + 1
        ),
        FileProblem::Repeated(i) => format!("File {} appears more than once in the pack.", i + 1),
        FileProblem::NotCarried { index, of } => format!(
            "Attachment {} of {of} is listed in the signed manifest, but the pack does not carry its file (or carries a changed one).",
            index + 1
        ),
        FileProblem::WrongSize { index, of } => format!(
            "Attachment {} of {of}'s file is not the size recorded in the signed manifest.",
            index + 1
        ),
        FileProblem::NotListed(i) => format!(
            "File {} in the pack is not listed in the signed manifest.",
            i + 1
        ),
    }
}

/// The consent check, for a referral with a consent record (a paper-route
/// pack has no consent check, so packs without a record keep their seven
/// checks; [`ConsentSummary`] says "paper"). A record must carry a readable response whose signature holds,
/// which answers the record's request, gives consent, to the content of the
/// signed referral, and says what the record says.
fn consent_check(
    m: &Manifest,
    pack_kid: &str,
    parsed: Option<&Result<ParsedResponse, String>>,
    signature_ok: Option<bool>,
) -> Check {
    let c = &m.referral.consent;
    let Some(rec) = &c.record else {
        return Check::pass(
            CheckKind::Consent,
            "The referral records no consent response.",
        );
    };
    let fail = |why: &str| Check::fail(CheckKind::Consent, why);
    let parsed = match parsed {
        Some(Ok(p)) => p,
        Some(Err(why)) => return fail(why),
        None => return fail("The consent record could not be checked."),
    };
    let Some(sig_ok) = signature_ok else {
        return fail("The consent response's signature was not checked.");
    };
    // The response must answer the record's request, made by the school
    // whose key signed the pack (a version 1 response names only the id).
    let expect = Expect {
        request_id: rec.request_id.as_deref().unwrap_or_default(),
        request_sha256: None,
        school_kid: pack_kid,
        check_notice: false,
    };
    let content = crate::consent::content_sha256(&m.referral);
    match parsed.conclude_with(sig_ok, &expect, &content) {
        ConsentCheck::Valid { .. } => {}
        ConsentCheck::SignatureInvalid => return fail("The consent response's signature does not match: it has been changed since it was made."),
        ConsentCheck::Malformed { reason } => return fail(&format!("The consent response cannot be used: {reason}")),
        ConsentCheck::OtherRequest | ConsentCheck::Unbound => return fail("The consent response answers a different consent request from the one the record names, or one made by another school's key."),
        ConsentCheck::Refused { .. } => return fail("The parent or carer refused consent."),
        ConsentCheck::ContentChanged { .. } => return fail("The parent's or carer's consent is for different content: the signed referral is not what they reviewed."),
        ConsentCheck::NoticeChanged { .. } => {}
    }
    match parsed.payload() {
        Some(p) if record_matches(rec, p) => Check::pass(
            CheckKind::Consent,
            if p.format_version == 1 {
                "The consent response is unchanged since it was made (who made it is not verified), gives consent, and was made for exactly the content of this referral. It was made before responses named the school's key, so only its request id was checked."
            } else {
                "The consent response is unchanged since it was made (who made it is not verified), answers this school's request, gives consent, and was made for exactly the content of this referral."
            },
        ),
        _ => fail("The consent record does not say what the signed consent response says."),
    }
}

fn compare(m: &Manifest, report: &Report, today: NaiveDate) -> RulesToday {
    let now: Vec<FindingRef> = report
        .findings
        .iter()
        .map(|f| FindingRef {
            rule: f.rule.into(),
            severity: f.severity.into(),
            field: f.field.clone(),
            message: f.message.to_string(),
        })
        .collect();
    let then: Vec<FindingRef> = m.findings.iter().map(FindingRef::recorded).collect();
    let key = |f: &FindingRef| (f.rule.clone(), f.field.clone(), f.severity);
    let then_keys: HashSet<_> = then.iter().map(key).collect();
    let now_keys: HashSet<_> = now.iter().map(key).collect();
    let new_findings: Vec<FindingRef> = now
        .iter()
        .filter(|f| !then_keys.contains(&key(f)))
        .cloned()
        .collect();
    let resolved_findings: Vec<FindingRef> = then
        .iter()
        .filter(|f| !now_keys.contains(&key(f)))
        .cloned()
        .collect();
    let checklist_changed = m.checklist.len() != report.checklist.items.len()
        || m.checklist
            .iter()
            .zip(&report.checklist.items)
            .any(|(a, b)| a.item != b.item || a.status != b.status.into());
    let since = crate::rules::changed_since(&m.app.rules_version);
    let mut changed_rules: Vec<String> = Vec::new();
    for f in new_findings.iter().chain(&resolved_findings) {
        if since.contains(&f.rule.as_str()) && !changed_rules.contains(&f.rule) {
            changed_rules.push(f.rule.clone());
        }
    }
    RulesToday {
        changed_rules,
        today: today.to_string(),
        rules_version_recorded: m.app.rules_version.clone(),
        rules_version_now: crate::rules::RULES_VERSION.into(),
        changed: !new_findings.is_empty() || !resolved_findings.is_empty() || checklist_changed,
        new_findings,
        resolved_findings,
        blocking_now: report.with_severity(Severity::Blocking).count(),
    }
}
