//! Validation: a pure function of the referral, a date and the council
//! settings.
//!
//! `today` is passed in, never read from a clock, so the same referral gives
//! the same findings in the browser, the CLI and the tests. Validation is cheap
//! enough to run on every keystroke (see `benches/validate.rs`).
//!
//! ```
//! use chrono::NaiveDate;
//! use esma_core::{referral::Referral, settings::Settings, validate::validate};
//! let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
//! let report = validate(&Referral::default(), today, &Settings::default());
//! assert!(report.has_blocking());
//! assert_eq!(report.checklist.items.len(), 6);
//! ```

use chrono::NaiveDate;
use serde::Serialize;

use crate::checklist::Checklist;
use crate::referral::Referral;
use crate::rules::{Ctx, Finding, Severity};
use crate::settings::Settings;

/// The result of validation: findings in catalogue order, and the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every finding.
    pub findings: Vec<Finding>,
    /// The Annex 2 checklist derived from the referral and the findings.
    pub checklist: Checklist,
}

impl Report {
    /// Whether anything blocks the referral.
    pub fn has_blocking(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Blocking)
    }

    /// Findings of one severity.
    pub fn with_severity(&self, s: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity == s)
    }
}

/// Validate a referral as of `today`.
pub fn validate(referral: &Referral, today: NaiveDate, settings: &Settings) -> Report {
    let mut ctx = Ctx::new(referral, today, settings);
    crate::rules::run(&mut ctx);
    let checklist = crate::checklist::derive(referral, &ctx.out);
    Report {
        findings: ctx.out,
        checklist,
    }
}

/// A referral that passed validation with nothing blocking. The only way to
/// get one is [`Valid::check`], so code that takes a `Valid<Referral>` (such as
/// pack signing) cannot be handed an incomplete referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid<T> {
    inner: T,
    report: Report,
}

impl Valid<Referral> {
    /// Validate; `Err(report)` when anything blocks.
    pub fn check(
        referral: Referral,
        today: NaiveDate,
        settings: &Settings,
    ) -> Result<Self, Report> {
        let report = validate(&referral, today, settings);
        if report.has_blocking() {
            Err(report)
        } else {
            Ok(Valid {
                inner: referral,
                report,
            })
        }
    }
}

impl<T> Valid<T> {
    /// The validated value.
    pub fn get(&self) -> &T {
        &self.inner
    }

    /// The report made when it was validated (warnings and information remain).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Give the value back, dropping the proof.
    pub fn into_inner(self) -> T {
        self.inner
    }
}
