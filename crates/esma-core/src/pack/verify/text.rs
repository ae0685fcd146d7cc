//! The result as readable text: what `esma-referral verify` prints.

use std::fmt::Write as _;

use super::outcome::{FindingRef, Verification};
use crate::pack::manifest::RecordedSeverity;
use crate::referral::ConsentDecision;

impl Verification {
    /// The result as readable text (what `verify` prints), with every
    /// control and bidirectional character removed
    /// ([`crate::safe_text::sanitise_lines`]) whatever its source.
    pub fn to_text(&self) -> String {
        crate::safe_text::sanitise_lines(&self.text_unchecked()).into_owned()
    }

    fn text_unchecked(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}", self.verdict.headline());
        let _ = writeln!(s);
        for c in &self.checks {
            let _ = writeln!(
                s,
                "  [{}] {}: {}",
                if c.not_checked {
                    "skip"
                } else if c.ok {
                    "pass"
                } else {
                    "FAIL"
                },
                c.what.label(),
                c.detail
            );
        }
        if let Some(p) = &self.pack {
            let _ = writeln!(s);
            let _ = writeln!(s, "Pack id:      {}", p.pack_id);
            let _ = writeln!(s, "Created at:   {}", p.created_at);
            let _ = writeln!(
                s,
                "Made with:    {} {} (rules {})",
                p.app.name, p.app.version, p.app.rules_version
            );
            let _ = writeln!(s, "Attachments:  {}", p.attachments);
        }
        if let Some(k) = &self.signer {
            if let Some(name) = k.name.as_ref().filter(|_| k.trusted) {
                let _ = writeln!(s, "Signed by:    {name}");
            }
            let _ = writeln!(s, "Signer key:   {}", k.fingerprint);
        }
        if let Some(c) = &self.consent {
            let _ = writeln!(s);
            let none = String::new();
            match c.route {
                "app" => {
                    let decision = match c.decision {
                        Some(ConsentDecision::Given) => "given",
                        Some(ConsentDecision::Refused) => "refused",
                        None => "not recorded",
                    };
                    let _ = writeln!(
                        s,
                        "Consent:      {decision} in the app at {}; notice version {}; Service Level Agreement {}acknowledged; {}",
                        c.decided_at.as_ref().unwrap_or(&none),
                        c.notice_version.as_ref().unwrap_or(&none),
                        if c.sla_acknowledged == Some(true) { "" } else { "not " },
                        if c.drawn_signature == Some(true) { "signature drawn and name typed" } else { "name typed" },
                    );
                }
                "paper" => {
                    let _ = writeln!(
                        s,
                        "Consent:      on a scanned paper form, which this service cannot check"
                    );
                }
                _ => {
                    let _ = writeln!(s, "Consent:      none recorded");
                }
            }
        }
        if let Some(why) = &self.rules_skipped {
            let _ = writeln!(s);
            let _ = writeln!(s, "{why}");
        }
        if let Some(r) = &self.rules_today {
            let _ = writeln!(s);
            let _ = writeln!(
                s,
                "Rules on {}: {} blocking finding(s); {} new and {} no longer found since signing (rules {} then, {} now).",
                r.today,
                r.blocking_now,
                r.new_findings.len(),
                r.resolved_findings.len(),
                r.rules_version_recorded,
                r.rules_version_now
            );
            let why = |f: &FindingRef| {
                if r.changed_rules.contains(&f.rule) {
                    ", a rule added or changed since signing"
                } else {
                    ""
                }
            };
            for f in &r.new_findings {
                let _ = writeln!(
                    s,
                    "  new ({}{}): {} [{}]",
                    f.severity_str(),
                    why(f),
                    f.message,
                    f.field
                );
            }
            for f in &r.resolved_findings {
                let _ = writeln!(
                    s,
                    "  no longer found ({}{}): {} [{}]",
                    f.severity_str(),
                    why(f),
                    f.message,
                    f.field
                );
            }
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "Reply to the school:");
        for line in self.reply.lines() {
            let _ = writeln!(s, "  {line}");
        }
        s
    }
}

impl FindingRef {
    fn severity_str(&self) -> &'static str {
        match self.severity {
            RecordedSeverity::Blocking => "blocking",
            RecordedSeverity::Warning => "warning",
            RecordedSeverity::Info => "info",
        }
    }
}
