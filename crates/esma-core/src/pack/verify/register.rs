//! The council's register of packs: one row per pack checked, for a
//! spreadsheet (`esma-referral verify --register FILE.csv`).
//!
//! A row carries only what the checks established: the verdict always; the
//! signer, pupil's initials, year group and creation time only for a pack
//! whose signature holds (the signer's name from the council's own trusted
//! list, never from the pack); the counts of findings and the Annex 2 items
//! missing only when today's rules have run. Every cell is made safe for a
//! spreadsheet by [`csv_line`]: control and bidirectional characters
//! removed, and a cell that a spreadsheet would read as a formula (starting
//! `=`, `+`, `-` or `@`) turned into text.
//!
//! ```
//! use esma_core::pack::verify::register::csv_line;
//! assert_eq!(csv_line(&["a", "=1+1", "say \"hi\""]), "\"a\",\"'=1+1\",\"say \"\"hi\"\"\"\r\n");
//! ```

use super::outcome::{Verdict, Verification};
use crate::checklist::ItemStatus;
use crate::rules::Severity;
use crate::safe_text::sanitise;

/// The register's columns.
pub const HEADER: [&str; 9] = [
    "File",
    "Verdict",
    "Signer",
    "Pupil initials",
    "Year group",
    "Created at",
    "Blocking findings",
    "Warnings",
    "Annex 2 items missing",
];

/// One row of the register (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterRow {
    /// The pack's file name, as the caller gives it.
    pub file: String,
    /// `trusted`, `valid-unknown-signer`, `invalid` or `unreadable`.
    pub verdict: String,
    /// The school's name from the trusted list (or the key's fingerprint
    /// when the list gives no name); for an unknown signer, "unknown"
    /// and the fingerprint.
    pub signer: String,
    /// The pupil's initials.
    pub initials: String,
    /// The pupil's year group (0 is Reception).
    pub year_group: String,
    /// When the pack was made (RFC 3339, UTC).
    pub created_at: String,
    /// Findings that block the referral today.
    pub blocking: String,
    /// Warnings today.
    pub warnings: String,
    /// The Annex 2 items missing today, e.g. `2; 4`.
    pub missing_items: String,
}

impl RegisterRow {
    /// The row for a pack checked as `v` (the signer's name is the one the
    /// council's trusted list gives, [`super::SignerInfo::name`]).
    pub fn of(file: &str, v: &Verification) -> Self {
        let mut row = RegisterRow {
            file: file.to_owned(),
            verdict: match v.verdict {
                Verdict::Trusted => "trusted",
                Verdict::ValidUnknownSigner => "valid-unknown-signer",
                Verdict::Invalid { .. } => "invalid",
                Verdict::Unreadable { .. } => "unreadable",
            }
            .to_owned(),
            ..Default::default()
        };
        let valid = matches!(v.verdict, Verdict::Trusted | Verdict::ValidUnknownSigner);
        if let (true, Some(s)) = (valid, &v.signer) {
            row.signer = match (&s.name, s.trusted) {
                (Some(name), true) => name.clone(),
                (None, true) => s.fingerprint.clone(),
                (_, false) => format!("unknown ({})", s.fingerprint),
            };
        }
        if let (true, Some(m)) = (valid, &v.manifest) {
            let p = &m.referral.pupil;
            row.initials = p.initials();
            row.year_group = p.year_group.map(|y| y.to_string()).unwrap_or_default();
            row.created_at = m.created_at.clone();
        }
        if let (true, Some(r)) = (valid, &v.report) {
            row.blocking = r.with_severity(Severity::Blocking).count().to_string();
            row.warnings = r.with_severity(Severity::Warning).count().to_string();
            row.missing_items = r
                .checklist
                .items
                .iter()
                .filter(|i| i.status == ItemStatus::Missing)
                .map(|i| i.item.to_string())
                .collect::<Vec<_>>()
                .join("; ");
        }
        row
    }

    /// The cells, in [`HEADER`]'s order.
    pub fn cells(&self) -> [&str; 9] {
        [
            &self.file,
            &self.verdict,
            &self.signer,
            &self.initials,
            &self.year_group,
            &self.created_at,
            &self.blocking,
            &self.warnings,
            &self.missing_items,
        ]
    }
}

/// One CSV line (RFC 4180, with CR LF): each cell sanitised, a cell a
/// spreadsheet would read as a formula prefixed with `'`, every cell
/// quoted.
pub fn csv_line(cells: &[&str]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let clean = sanitise(cell);
        let text = if clean.starts_with(['=', '+', '-', '@']) {
            format!("'{clean}")
        } else {
            clean.into_owned()
        };
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_be_formulas_or_break_lines() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)"] {
            let line = csv_line(&[bad]);
            assert!(line.starts_with("\"'"), "{line}");
        }
        assert_eq!(csv_line(&["a\r\nb\u{1b}[2J"]), "\"a  b[2J\"\r\n");
        assert_eq!(csv_line(&["\u{202e}=1"]), "\"'=1\"\r\n");
        assert_eq!(csv_line(&HEADER).matches(',').count(), 8);
    }
}
