//! The result of checking a pack, in the order the council's team uses it:
//! the verdict and who signed; for a valid pack, what stops the referral
//! today and the Annex 2 checklist (or, for an unknown signer, the button
//! that runs today's rules); the reply; then the details (every check, the
//! pack, consent, attachments, today's rules against those at signing, the
//! referral). An invalid or unreadable pack shows the verdict, why, the
//! reply and the checks, and nothing from the pack.
//!
//! Pack content is only ever shown as text (Yew escapes it), and only once
//! the pack is valid; every string from the file is sanitised
//! (`esma_core::safe_text`) as it is printed.

use std::borrow::Cow;

use chrono::NaiveDate;
use esma_core::attachments::format_size;
use esma_core::date::{long, long_time};
use esma_core::pack::manifest::{Manifest, RecordedSeverity, RecordedStatus};
use esma_core::pack::verify::{Check, CheckKind, FindingRef, RulesToday, Verdict, Verification};
use esma_core::rules::Severity;
use esma_core::safe_text::{sanitise, sanitise_lines};
use esma_core::signed::jwk::check_code;
use esma_core::validate::Report;
use yew::prelude::*;

use super::verify::{AttachmentRow, OfflineCopy, Outcome};
use crate::components::details::Details;
use crate::components::error_summary::ErrorSummary;
use crate::components::issues::source;
use crate::components::panel::Panel;
use crate::components::summary_list::{RowValue, SummaryList, SummaryRow};
use crate::components::warning_text::WarningText;
use crate::display::checklist::checklist;
use crate::display::summary::{section_rows, Screener};
use crate::form::questions::Section;

/// The id of the verdict (a panel, a heading and warning, or an error
/// summary), focused as a whole when a result appears.
pub const VERDICT_ID: &str = "verdict";

/// The id of the heading over what stops the referral today, focused when
/// the user has had today's rules run.
pub const WHAT_BLOCKS_ID: &str = "what-blocks";

/// The id of the referral's heading, focused when the user asked to see a
/// long one.
pub const REFERRAL_ID: &str = "the-referral";

/// Whether a pack's creation time is over a day after this device's now.
fn made_in_the_future(created_at: &str) -> bool {
    crate::web::clock::now_utc()
        .is_some_and(|now| esma_core::clock::made_in_the_future(created_at, now))
}

/// The verdict, prominent, with who signed: a green panel ("Signed by" the
/// school the council's list names), a warning with the unknown key's check
/// code, or an error summary. `offline_keys` is set when the trusted keys
/// were the device's saved copy.
pub fn verdict(v: &Verification, offline_keys: Option<&OfflineCopy>) -> Html {
    match &v.verdict {
        Verdict::Trusted => {
            let signed_by = match v.signer.as_ref().and_then(|s| s.name.as_deref()) {
                Some(name) => format!("Signed by {name}"),
                None => "Signed by a key on the council's trusted list (the list gives no school name for it)".to_owned(),
            };
            html! {
                <>
                    <Panel title="Valid and trusted" heading_level={2} id={VERDICT_ID} focus=true>
                        <span id="signed-by">{ signed_by }</span>
                    </Panel>
                    if let Some(copy) = offline_keys {
                        <WarningText id="offline-keys-warning">
                            { format!("This device is offline: the trusted list checked is the copy {}. Check the pack again online before you rely on who signed it.", copy.saved()) }
                        </WarningText>
                    }
                </>
            }
        }
        Verdict::ValidUnknownSigner => {
            let fingerprint = v
                .signer
                .as_ref()
                .map(|s| s.fingerprint.as_str())
                .unwrap_or_default();
            html! {
                <div class="app-verdict" id={VERDICT_ID} tabindex="-1">
                    <h2 class="govuk-heading-l">{ "Valid signature, unknown signer" }</h2>
                    <WarningText>
                        { "Nothing in the pack has changed since it was signed, but its key is not on the council's trusted list, so who signed it is not known. Phone the school and ask them to read you their key's check code (the first 4 groups of its fingerprint). It must match this one exactly." }
                    </WarningText>
                    <p class="govuk-body govuk-!-margin-bottom-1">{ "The signer's check code:" }</p>
                    <p class="govuk-body app-fingerprint" id="signer-check-code">{ check_code(fingerprint) }</p>
                    <Details summary="The key's full fingerprint">
                        <p class="govuk-body app-fingerprint-inline app-break-words" id="signer-fingerprint">{ fingerprint }</p>
                    </Details>
                </div>
            }
        }
        Verdict::Invalid { reasons } => html! {
            <ErrorSummary id={VERDICT_ID} title="Invalid: do not rely on this pack"
                description="The pack has been changed or damaged since it was signed, or was not made properly. Ask the school to send it again."
                problems={reasons.clone()} />
        },
        Verdict::Unreadable { reason } => html! {
            <ErrorSummary id={VERDICT_ID} title="This file cannot be read as a referral pack"
                description="Check you chose the right file: a referral pack's name ends .esma-pack.json."
                problems={vec![reason.clone()]} />
        },
    }
}

/// For a valid pack: what stops the referral today and the Annex 2
/// checklist, once today's rules have run; until then (an unknown signer),
/// why they have not and the button that runs them.
pub fn today(o: &Outcome, onrules: Callback<MouseEvent>) -> Html {
    match o.report() {
        Some(report) => html! {
            <>
                { what_blocks(report, o.today) }
                { checklist(&report.checklist) }
            </>
        },
        None => html! {
            <section aria-labelledby="rules-not-run">
                <h2 class="govuk-heading-m" id="rules-not-run">{ "Today's rules have not been run" }</h2>
                <p class="govuk-body">{ o.verification.rules_skipped.clone().unwrap_or_default() }</p>
                <button type="button" class="govuk-button" id="run-rules" onclick={onrules}>
                    { "Check this referral against today's rules" }
                </button>
            </section>
        },
    }
}

/// The findings that stop the referral as the rules stand `today`.
fn what_blocks(report: &Report, today: NaiveDate) -> Html {
    let blocking: Vec<_> = report.with_severity(Severity::Blocking).collect();
    let heading = match blocking.len() {
        0 => "Nothing stops this referral today".to_owned(),
        1 => "1 thing stops this referral today".to_owned(),
        n => format!("{n} things stop this referral today"),
    };
    html! {
        <section aria-labelledby={WHAT_BLOCKS_ID}>
            <h2 class="govuk-heading-m" id={WHAT_BLOCKS_ID} tabindex="-1">{ heading }</h2>
            <p class="govuk-body">{ format!("Checked against the entry criteria and the Annex 2 checklist as they stand today, {}.", long(today)) }</p>
            if !blocking.is_empty() {
                <ul class="govuk-list" id="blocking-today">
                    { for blocking.iter().map(|f| finding(RecordedSeverity::Blocking, &f.message, &f.field, f.rule, false)) }
                </ul>
            }
        </section>
    }
}

fn check_result(c: &Check) -> &'static str {
    match (c.ok, c.not_checked, c.what) {
        (true, ..) => "✓ Passed",
        (false, true, _) => "Not checked",
        (false, false, CheckKind::Signer) => "✗ Not on the trusted list",
        (false, false, _) => "✗ Failed",
    }
}

/// Every check, passed or failed in words.
pub fn checks(v: &Verification) -> Html {
    html! {
        <>
            <h2 class="govuk-heading-m">{ "What was checked" }</h2>
            <SummaryList id="checks" rows={v.checks.iter().map(|c| {
                SummaryRow::new(c.what.label(), html! {
                    <>
                        <strong>{ check_result(c) }</strong>
                        <p class="govuk-body govuk-!-margin-bottom-0">{ &c.detail }</p>
                    </>
                })
                .classes(if c.ok { "app-check-pass" } else if c.not_checked { "app-check-skip" } else { "app-check-fail" })
            }).collect::<Vec<_>>()} />
        </>
    }
}

/// Who signed, and the pack's own description (valid packs only).
pub fn about(v: &Verification) -> Html {
    let mut rows = Vec::new();
    if let Some(s) = &v.signer {
        rows.push(SummaryRow::new(
            "Signed by",
            match (&s.name, s.trusted) {
                (Some(name), true) => name.clone(),
                (None, true) => "A key on the council's trusted list".to_owned(),
                (_, false) => "A key not on the council's trusted list".to_owned(),
            },
        ));
        rows.push(SummaryRow::new(
            "Key fingerprint",
            html! { <span class="app-fingerprint-inline app-break-words">{ &s.fingerprint }</span> },
        ));
    }
    if let Some(p) = &v.pack {
        rows.push(SummaryRow::new(
            "Pack id",
            html! { <span class="app-break-words">{ &p.pack_id }</span> },
        ));
        rows.push(SummaryRow::new("Created", html! {
            <>
                { long_time(&p.created_at) }
                if made_in_the_future(&p.created_at) {
                    <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0" id="created-in-future">
                        <strong>{ "This is later than today on this device. The school's clock, or this one, is probably wrong, so ages and dates in the checks may be off." }</strong>
                    </p>
                }
            </>
        }));
        // The app's texts were refused in the manifest check if unclean.
        rows.push(SummaryRow::new(
            "Made with",
            format!(
                "{} {} (rules {})",
                p.app.name, p.app.version, p.app.rules_version
            ),
        ));
    }
    html! {
        <>
            <h2 class="govuk-heading-m">{ "About this pack" }</h2>
            <SummaryList {rows} />
        </>
    }
}

/// The parent's or carer's consent as the pack records it (the "Parental
/// consent" check says if its signature and binding held).
pub fn consent(v: &Verification) -> Html {
    use esma_core::referral::ConsentDecision;
    let Some(c) = v.consent.as_ref() else {
        return html! {};
    };
    let how = match c.route {
        "app" => "In this service: a response tied to the school's request and to what they reviewed, unchanged since it was made (who made it is not verified)",
        "paper" => "On paper: a scanned, signed form (this service cannot check it)",
        _ => "No consent is recorded",
    };
    let yes_no = |b: Option<bool>| if b == Some(true) { "Yes" } else { "No" };
    let text = |s: &Option<String>| sanitise(s.as_deref().unwrap_or_default()).into_owned();
    let mut rows = vec![SummaryRow::new("How", how)];
    if c.route == "app" {
        let decision = match c.decision {
            Some(ConsentDecision::Given) => "Consent given",
            Some(ConsentDecision::Refused) => "Consent refused",
            None => "Not recorded",
        };
        rows.extend([
            SummaryRow::new("Decision", decision),
            SummaryRow::new(
                "By",
                format!("{} ({})", text(&c.name), text(&c.relationship)),
            ),
            SummaryRow::new(
                "When",
                c.decided_at.as_deref().map(long_time).unwrap_or_default(),
            ),
            SummaryRow::new("Consent notice version", text(&c.notice_version)),
            SummaryRow::new(
                "Service Level Agreement acknowledged (separately)",
                yes_no(c.sla_acknowledged),
            ),
            SummaryRow::new(
                "Signature drawn as well as the typed name",
                yes_no(c.drawn_signature),
            ),
        ]);
    }
    html! {
        <section aria-labelledby="pack-consent">
            <h2 class="govuk-heading-m" id="pack-consent">{ "Parental consent" }</h2>
            <SummaryList {rows} />
        </section>
    }
}

/// The attachments the signed manifest lists, each with what was found and
/// an "Open" button once its bytes matched.
pub fn attachments(o: &Outcome, onopen: Callback<usize>) -> Html {
    html! {
        <>
            <h2 class="govuk-heading-m">{ "Attachments" }</h2>
            if o.attachments.is_empty() {
                <p class="govuk-body">{ "The pack has no attachments." }</p>
            } else {
                <table class="govuk-table" id="attachments">
                    <caption class="govuk-table__caption govuk-visually-hidden">{ "The pack's attachments" }</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">{ "File" }</th>
                            <th scope="col" class="govuk-table__header">{ "Size" }</th>
                            <th scope="col" class="govuk-table__header">{ "SHA-256" }</th>
                            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">{ "Action" }</span></th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        { for o.attachments.iter().enumerate().map(|(i, a)| attachment_row(i, a, &onopen)) }
                    </tbody>
                </table>
            }
        </>
    }
}

fn attachment_row(i: usize, a: &AttachmentRow, onopen: &Callback<usize>) -> Html {
    let onclick = onopen.reform(move |_: MouseEvent| i);
    html! {
        <tr class="govuk-table__row">
            <td class="govuk-table__cell app-break-words">
                { &a.name }
                <br/>
                <span class="govuk-body-s">{ &a.media_type }</span>
            </td>
            <td class="govuk-table__cell">{ format!("{} ({} bytes)", format_size(a.size), a.size) }</td>
            <td class="govuk-table__cell">
                if a.bytes.is_some() {
                    <strong>{ "✓ Matches" }</strong>
                } else {
                    <strong>{ "✗ Does not match" }</strong>
                }
                <br/>
                <span class="govuk-body-s app-break-words">{ &a.sha256 }</span>
            </td>
            <td class="govuk-table__cell">
                if a.bytes.is_some() {
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" {onclick}>
                        { "Open" }<span class="govuk-visually-hidden">{ format!(" {}", a.name) }</span>
                    </button>
                }
            </td>
        </tr>
    }
}

fn severity_words(s: RecordedSeverity) -> &'static str {
    match s {
        RecordedSeverity::Blocking => "Stops the referral",
        RecordedSeverity::Warning => "Warning",
        RecordedSeverity::Info => "Information",
    }
}

/// One finding: its severity, message and section, marked when its rule
/// changed since signing, with the policy it comes from.
fn finding(
    severity: RecordedSeverity,
    message: &str,
    field: &str,
    rule: &str,
    rule_changed: bool,
) -> Html {
    let changed = if rule_changed {
        "; rule added or changed since signing"
    } else {
        ""
    };
    html! {
        <li class="app-finding">
            <p class="govuk-body govuk-!-margin-bottom-1">
                <strong>{ severity_words(severity) }{ ": " }</strong>
                { message.to_owned() }
                <span class="govuk-body-s">{ format!(" ({}{changed})", Section::of_field(field).title()) }</span>
            </p>
            { source(rule) }
        </li>
    }
}

fn finding_ref(f: &FindingRef, r: Option<&RulesToday>) -> Html {
    let changed = r.is_some_and(|r| r.changed_rules.contains(&f.rule));
    finding(f.severity, &f.message, &f.field, &f.rule, changed)
}

/// Today's rules against the findings recorded at signing.
pub fn rules_today(r: &RulesToday, m: &Manifest, o: &Outcome) -> Html {
    let today = long(o.today);
    let checklist_changes: Vec<String> = o
        .report()
        .into_iter()
        .flat_map(|report| {
            m.checklist.iter().filter_map(move |then| {
                let now = report.checklist.item(then.item)?;
                let now_status = RecordedStatus::from(now.status);
                (then.status != now_status).then(|| {
                    format!(
                        "Item {}, {}: {} at signing, {} today.",
                        then.item,
                        now.title,
                        status_words(then.status),
                        status_words(now_status)
                    )
                })
            })
        })
        .collect();
    html! {
        <section aria-labelledby="rules-today">
            <h2 class="govuk-heading-m" id="rules-today">{ format!("The rules re-run today, {today}") }</h2>
            <p class="govuk-body">{ format!("Rules version {} at signing; {} today.", r.rules_version_recorded, r.rules_version_now) }</p>
            if !r.changed_rules.is_empty() {
                <p class="govuk-body" id="rules-changed-since">
                    { "The pack was signed under earlier rules. Findings marked “rule added or changed since signing” come from today's rules, not from a change to the referral." }
                </p>
            }
            if !r.changed {
                <p class="govuk-body" id="rules-unchanged">{ "No difference from the findings and checklist recorded when the pack was signed." }</p>
            }
            if !r.new_findings.is_empty() {
                <h3 class="govuk-heading-s">{ "Found today, not at signing" }</h3>
                <ul class="govuk-list" id="new-findings">{ for r.new_findings.iter().map(|f| finding_ref(f, Some(r))) }</ul>
            }
            if !r.resolved_findings.is_empty() {
                <h3 class="govuk-heading-s">{ "Found at signing, no longer today" }</h3>
                <ul class="govuk-list" id="resolved-findings">{ for r.resolved_findings.iter().map(|f| finding_ref(f, Some(r))) }</ul>
            }
            if !checklist_changes.is_empty() {
                <h3 class="govuk-heading-s">{ "Annex 2 checklist changes" }</h3>
                <ul class="govuk-list govuk-list--bullet">{ for checklist_changes.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
            }
        </section>
    }
}

fn status_words(status: RecordedStatus) -> &'static str {
    match status {
        RecordedStatus::Complete => "complete",
        RecordedStatus::Missing => "missing",
        RecordedStatus::NotApplicable => "not applicable",
    }
}

/// The findings recorded at signing, worded from this checker's rule table.
pub fn recorded_findings(m: &Manifest) -> Html {
    let findings: Vec<FindingRef> = m.findings.iter().map(FindingRef::recorded).collect();
    html! {
        <section aria-labelledby="recorded-findings">
            <h2 class="govuk-heading-m" id="recorded-findings">{ "Findings recorded at signing" }</h2>
            if findings.is_empty() {
                <p class="govuk-body">{ "None." }</p>
            } else {
                <ul class="govuk-list">{ for findings.iter().map(|f| finding_ref(f, None)) }</ul>
            }
        </section>
    }
}

/// In place of a referral too long to draw at once: its size, and the
/// button that shows it.
pub fn long_referral(o: &Outcome, onshow: Callback<MouseEvent>) -> Html {
    html! {
        <section aria-labelledby="long-referral">
            <h2 class="govuk-heading-l" id="long-referral">{ "The referral" }</h2>
            <p class="govuk-body">{ format!("This referral is unusually long ({}), so it is shown only when you ask: showing it takes this device a lot of memory.", format_size(o.signed_bytes as u64 * 3 / 4)) }</p>
            <button type="button" class="govuk-button govuk-button--secondary" id="show-referral" onclick={onshow}>{ "Show the referral" }</button>
        </section>
    }
}

/// The referral's answers by section, each made safe to print.
pub fn referral(v: &Verification) -> Html {
    let Some(referral) = v.manifest.as_ref().map(|m| &m.referral) else {
        return html! {};
    };
    // A pack carries the referral only: no text that did not fit, no screener.
    let no_raw = Default::default();
    let rows = |section| {
        let mut groups = section_rows(referral, &no_raw, section, Screener::Leave, |_| None);
        for row in groups.iter_mut().flat_map(|g| g.rows.iter_mut()) {
            if let RowValue::Answer(text) = &row.value {
                if let Cow::Owned(clean) = sanitise_lines(text) {
                    row.value = RowValue::Answer(clean.into());
                }
            }
        }
        groups
    };
    html! {
        <>
            <h2 class="govuk-heading-l" id={REFERRAL_ID} tabindex="-1">{ "The referral" }</h2>
            { for Section::ALL.into_iter().filter(|s| s.applies(referral)).map(|section| html! {
                <>
                    <h3 class="govuk-heading-m">{ section.title() }</h3>
                    { for rows(section).into_iter().map(|g| html! {
                        <>
                            if let Some(heading) = &g.heading {
                                <h4 class="govuk-heading-s">{ heading }</h4>
                            }
                            <SummaryList rows={g.rows} />
                        </>
                    }) }
                </>
            }) }
        </>
    }
}
