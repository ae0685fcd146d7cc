//! Where parental consent stands for a draft, told truthfully in one place
//! for the task list, Check your answers and the question pages.
//!
//! Consent is the last step before signing: it cannot start while anything
//! else blocks the referral. Making a request freezes nothing: the school
//! may still change the referral, but every change after a request (or
//! after the parent's answer) means the parent must review it again, and
//! the pages say so where the change is made, naming what changed (by
//! section and field, never the answer: `esma_core::consent::changes`).

use esma_core::consent::{changes, content_sha256, NOTICE_SHA256};
use esma_core::referral::{ConsentDecision, ConsentRecord};
use esma_core::rules::Severity;

use super::questions::Section;
use super::state::{Issue, Wizard};

/// Parental consent for a draft, as it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsentState {
    /// Something else still blocks the referral: put it right first.
    CannotStartYet,
    /// Nothing else blocks; no request made yet.
    NotRequested,
    /// A request was made on `requested_at`; no answer to it yet. If the
    /// referral changed since, `changed` says how (the request is then out
    /// of date: the parent would review an old version).
    Waiting {
        requested_at: String,
        changed: Vec<String>,
    },
    /// The parent or carer consented to the referral as it is now.
    Given(Decided),
    /// The parent or carer refused.
    Refused(Decided),
    /// Consent was given, but the referral (or the consent notice) has
    /// changed since: what changed.
    OutOfDate { changed: Vec<String> },
    /// Recorded from a signed paper form instead; `complete` when nothing
    /// about it blocks.
    OnPaper { complete: bool },
}

/// Who decided, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided {
    pub name: String,
    pub relationship: String,
    /// RFC 3339.
    pub decided_at: String,
}

impl Decided {
    /// From a response (checked when imported); printed, so made safe.
    fn of(record: &ConsentRecord) -> Decided {
        let safe = |s: &Option<String>| {
            esma_core::safe_text::sanitise(s.as_deref().unwrap_or_default()).into_owned()
        };
        Decided {
            name: safe(&record.name),
            relationship: safe(&record.relationship),
            decided_at: safe(&record.decided_at),
        }
    }
}

impl ConsentState {
    /// The status, as the task list and Check your answers word it.
    pub fn label(&self) -> &'static str {
        match self {
            ConsentState::CannotStartYet => "Cannot start yet",
            ConsentState::NotRequested => "Not requested",
            ConsentState::Waiting { changed, .. } if changed.is_empty() => "Requested, waiting",
            ConsentState::Waiting { .. } | ConsentState::OutOfDate { .. } => "Out of date",
            ConsentState::Given(_) => "Given",
            ConsentState::Refused(_) => "Refused",
            ConsentState::OnPaper { complete: true } => "Given on paper",
            ConsentState::OnPaper { complete: false } => "In progress",
        }
    }

    /// Whether consent lets the referral be signed.
    pub fn is_given(&self) -> bool {
        matches!(
            self,
            ConsentState::Given(_) | ConsentState::OnPaper { complete: true }
        )
    }

    /// Whether a parent or carer has been asked in this service, so that a
    /// change to the referral means asking again.
    pub fn asked(&self) -> bool {
        matches!(
            self,
            ConsentState::Waiting { .. } | ConsentState::Given(_) | ConsentState::OutOfDate { .. }
        )
    }

    /// What changed since the parent was asked or answered, if anything.
    pub fn changed(&self) -> &[String] {
        match self {
            ConsentState::Waiting { changed, .. } | ConsentState::OutOfDate { changed } => changed,
            _ => &[],
        }
    }
}

/// The blocking problems outside consent: while there are any, consent
/// cannot start.
pub fn others_blocking(wizard: &Wizard) -> Vec<Issue> {
    wizard
        .issues()
        .into_iter()
        .filter(|i| i.severity == Severity::Blocking)
        .filter(|i| Section::of_field(&i.field) != Section::Consent)
        .collect()
}

/// Where consent stands for this draft.
pub fn consent_state(wizard: &Wizard) -> ConsentState {
    let r = &wizard.draft.referral;
    let sent = wizard.draft.consent_request.as_ref();
    let since_request = |sent: &crate::draft::ConsentRequestSent| {
        if sent.content_sha256 == content_sha256(r) {
            Vec::new()
        } else {
            let mut changed = changes(&sent.referral, r);
            if changed.is_empty() {
                changed.push("The referral changed".to_owned());
            }
            changed
        }
    };
    if let Some(record) = &r.consent.record {
        let newer_request =
            sent.is_some_and(|s| record.request_id.as_deref() != Some(&s.request_id));
        return match (record.decision, sent) {
            (_, Some(s)) if newer_request => ConsentState::Waiting {
                requested_at: s.created_at.clone(),
                changed: since_request(s),
            },
            (Some(ConsentDecision::Refused), _) => ConsentState::Refused(Decided::of(record)),
            (Some(ConsentDecision::Given), _) => {
                if record.reviewed_content_sha256.as_deref() != Some(content_sha256(r).as_str()) {
                    let mut changed = sent.map(|s| changes(&s.referral, r)).unwrap_or_default();
                    if changed.is_empty() {
                        changed.push("The referral changed".to_owned());
                    }
                    ConsentState::OutOfDate { changed }
                } else if record.notice_sha256.as_deref() != Some(NOTICE_SHA256) {
                    ConsentState::OutOfDate {
                        changed: vec!["The consent notice was updated".to_owned()],
                    }
                } else {
                    ConsentState::Given(Decided::of(record))
                }
            }
            (None, Some(s)) => ConsentState::Waiting {
                requested_at: s.created_at.clone(),
                changed: since_request(s),
            },
            (None, None) => ConsentState::OutOfDate {
                changed: vec!["The parent's or carer's response is incomplete".to_owned()],
            },
        };
    }
    if let Some(s) = sent {
        return ConsentState::Waiting {
            requested_at: s.created_at.clone(),
            changed: since_request(s),
        };
    }
    let paper = &r.consent;
    if paper.signed.is_some() || paper.attachment_id.is_some() || paper.signed_by.is_some() {
        let complete = !wizard.issues().iter().any(|i| {
            i.severity == Severity::Blocking && Section::of_field(&i.field) == Section::Consent
        });
        return ConsentState::OnPaper { complete };
    }
    if others_blocking(wizard).is_empty() {
        ConsentState::NotRequested
    } else {
        ConsentState::CannotStartYet
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{ConsentRequestSent, Draft};
    use crate::form::state::Action;
    use chrono::NaiveDate;
    use esma_core::referral::Referral;
    use esma_core::settings::Settings;
    use std::rc::Rc;
    use yew::Reducible;

    const NOW: &str = "2026-11-28T10:00:00.000Z";

    fn complete() -> Referral {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/referrals/complete.json"
        ))
        .unwrap();
        let mut r: Referral = esma_core::json::from_str(&text).unwrap();
        // Asked in the service: no paper form.
        r.consent = Default::default();
        r
    }

    fn wizard(r: Referral) -> Rc<Wizard> {
        let mut draft = Draft::new("d".into(), "Test", NOW);
        draft.referral = r;
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        Rc::new(Wizard::new(draft, today, Rc::new(Settings::default())))
    }

    fn request(w: Rc<Wizard>, id: &str) -> Rc<Wizard> {
        let r = w.draft.referral.clone();
        w.reduce(Action::ConsentRequested {
            sent: Box::new(ConsentRequestSent {
                request_id: id.into(),
                created_at: NOW.into(),
                content_sha256: content_sha256(&r),
                referral: r,
                reference: None,
            }),
            now: NOW.into(),
        })
    }

    fn answer(w: Rc<Wizard>, id: &str, decision: ConsentDecision) -> Rc<Wizard> {
        let record = ConsentRecord {
            request_id: Some(id.into()),
            decision: Some(decision),
            name: Some("Chris Taylor".into()),
            relationship: Some("Parent".into()),
            decided_at: Some(NOW.into()),
            notice_sha256: Some(NOTICE_SHA256.into()),
            reviewed_content_sha256: Some(content_sha256(&w.draft.referral)),
            response: Some("{}".into()),
            ..Default::default()
        };
        w.reduce(Action::RecordConsent {
            record: Box::new(record),
            now: NOW.into(),
        })
    }

    fn type_in(w: Rc<Wizard>, path: &str, text: &str) -> Rc<Wizard> {
        w.reduce(Action::Type {
            path: path.into(),
            text: text.into(),
            now: NOW.into(),
        })
    }

    #[test]
    fn consent_cannot_start_while_anything_else_blocks() {
        let mut r = complete();
        r.baseline.english = None;
        assert_eq!(consent_state(&wizard(r)), ConsentState::CannotStartYet);
        assert_eq!(
            consent_state(&wizard(complete())),
            ConsentState::NotRequested
        );
    }

    #[test]
    fn a_request_then_an_answer_and_a_change_after_it() {
        let w = request(wizard(complete()), "req-1");
        assert_eq!(consent_state(&w).label(), "Requested, waiting");
        assert!(consent_state(&w).asked());
        let w = answer(w, "req-1", ConsentDecision::Given);
        let given = consent_state(&w);
        assert!(given.is_given(), "{given:?}");
        assert_eq!(given.label(), "Given");
        assert!(!w.report.has_blocking(), "the rules agree");

        // A change after consent: out of date, naming what changed, not the answer.
        let w = type_in(w, "baseline.english", "Now above the expected standard.");
        let state = consent_state(&w);
        assert_eq!(state.label(), "Out of date");
        assert!(!state.is_given());
        let changed = state.changed().join("\n");
        assert!(changed.contains("Baseline"), "{changed}");
        assert!(
            !changed.contains("above the expected"),
            "never the answer: {changed}"
        );

        // A second request: waiting again, then given.
        let w = request(w, "req-2");
        assert_eq!(consent_state(&w).label(), "Requested, waiting");
        let w = answer(w, "req-2", ConsentDecision::Given);
        assert!(consent_state(&w).is_given());
    }

    #[test]
    fn a_change_after_a_request_makes_it_out_of_date_before_any_answer() {
        let w = request(wizard(complete()), "req-1");
        let w = type_in(w, "health.likelyDuration", "10 weeks");
        let state = consent_state(&w);
        assert_eq!(state.label(), "Out of date");
        assert!(
            state.changed().iter().any(|c| c.starts_with("Health")),
            "{state:?}"
        );
    }

    #[test]
    fn a_refusal_is_told_as_such() {
        let w = answer(
            request(wizard(complete()), "req-1"),
            "req-1",
            ConsentDecision::Refused,
        );
        assert!(matches!(consent_state(&w), ConsentState::Refused(d) if d.name == "Chris Taylor"));
    }

    #[test]
    fn paper_consent_is_its_own_state() {
        let mut r = complete();
        r.consent.signed = Some(true);
        let w = wizard(r);
        assert_eq!(consent_state(&w), ConsentState::OnPaper { complete: false });
        let fixture = wizard({
            let text = std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/referrals/complete.json"
            ))
            .unwrap();
            esma_core::json::from_str(&text).unwrap()
        });
        assert_eq!(consent_state(&fixture).label(), "Given on paper");
    }
}
