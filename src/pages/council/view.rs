//! The result of checking a pack: the verdict, every check, the signer, the
//! attachments, today's rules against the recorded findings, the referral
//! and its checklist. Pack content is only ever shown as text (Yew escapes
//! it); nothing here builds HTML from it.

use esma_core::attachments::format_size;
use esma_core::date::long_time;
use esma_core::pack::manifest::{Manifest, RecordedSeverity};
use esma_core::pack::verify::{Check, CheckKind, FindingRef, RulesToday, Verdict, Verification};
use yew::prelude::*;

use super::verify::{AttachmentRow, OfflineCopy, Outcome};
use crate::components::error_summary::ErrorSummary;
use crate::components::issues::source;
use crate::components::panel::Panel;
use crate::components::summary_list::{SummaryList, SummaryRow};
use crate::components::warning_text::WarningText;
use crate::display::checklist::checklist;
use crate::display::summary::{section_rows, Screener};
use crate::form::questions::Section;

/// The id of the verdict (a panel, a heading and warning, or an error
/// summary), focused as a whole when a result appears.
pub const VERDICT_ID: &str = "verdict";

/// Whether a pack's creation time is over a day after this device's now.
fn made_in_the_future(created_at: &str) -> bool {
    crate::web::clock::now_utc()
        .is_some_and(|now| esma_core::clock::made_in_the_future(created_at, now))
}

/// The verdict, prominent: a green panel, a warning, or an error summary.
/// `offline_keys` is set when the trusted keys were the device's saved copy.
pub fn verdict(v: &Verification, offline_keys: Option<&OfflineCopy>) -> Html {
    match &v.verdict {
        Verdict::Trusted => html! {
            <>
                <Panel title="Valid and trusted" heading_level={2} id={VERDICT_ID} focus=true>
                    { "The pack is intact and signed by a school key on the council's trusted list." }
                </Panel>
                if let Some(copy) = offline_keys {
                    <WarningText id="offline-keys-warning">
                        { format!("This device is offline: the trusted list checked is the copy {}. Check the pack again online before you rely on who signed it.", copy.saved()) }
                    </WarningText>
                }
            </>
        },
        Verdict::ValidUnknownSigner => {
            let fingerprint = v
                .signer
                .as_ref()
                .map(|s| s.fingerprint.clone())
                .unwrap_or_default();
            html! {
                <div class="app-verdict" id={VERDICT_ID} tabindex="-1">
                    <h2 class="govuk-heading-l">{ "Valid signature, unknown signer" }</h2>
                    <WarningText>
                        { "Nothing in the pack has changed since it was signed, but the key that signed it is not on the council's trusted list. Phone the school and ask them to read you their key's fingerprint. It must match this one exactly." }
                    </WarningText>
                    <p class="govuk-body">{ "The signer's fingerprint:" }</p>
                    <p class="govuk-body app-fingerprint" id="signer-fingerprint">{ fingerprint }</p>
                </div>
            }
        }
        Verdict::Invalid { reasons } => error_summary(
            "Invalid: do not rely on this pack",
            "The pack has been changed or damaged since it was signed, or was not made properly. Ask the school to send it again.",
            reasons,
        ),
        Verdict::Unreadable { reason } => error_summary(
            "This file cannot be read as a referral pack",
            "Check you chose the right file: a referral pack's name ends .esma-pack.json.",
            std::slice::from_ref(reason),
        ),
    }
}

fn error_summary(title: &'static str, advice: &'static str, reasons: &[String]) -> Html {
    html! { <ErrorSummary id={VERDICT_ID} {title} description={advice} problems={reasons.to_vec()} /> }
}

fn check_result(c: &Check) -> &'static str {
    match (c.ok, c.what) {
        (true, _) => "✓ Passed",
        (false, CheckKind::Signer) => "✗ Not on the trusted list",
        (false, _) => "✗ Failed",
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
                .classes(if c.ok { "app-check-pass" } else { "app-check-fail" })
            }).collect::<Vec<_>>()} />
        </>
    }
}

/// Who signed, and the pack's own description (only once the signature
/// shows the manifest is as signed).
pub fn about(o: &Outcome) -> Html {
    let v = &o.verification;
    let pack = v.pack.as_ref().filter(|_| o.signature_ok);
    let mut rows = Vec::new();
    if let Some(s) = &v.signer {
        rows.push(SummaryRow::new(
            "Signer's key fingerprint",
            html! { <span class="app-fingerprint-inline app-break-words">{ &s.fingerprint }</span> },
        ));
        rows.push(SummaryRow::new(
            "Signer",
            if s.trusted {
                "On the council's trusted list"
            } else {
                "Not on the council's trusted list"
            },
        ));
    }
    if let Some(p) = pack {
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
        rows.push(SummaryRow::new(
            "Made with",
            format!(
                "{} {} (rules {})",
                p.app.name, p.app.version, p.app.rules_version
            ),
        ));
    }
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h2 class="govuk-heading-m">{ "About this pack" }</h2>
            <SummaryList {rows} />
        </>
    }
}

/// The parent's or carer's consent as the pack records it, with whether it
/// could be checked (the "Parental consent" check above says if its
/// signature and binding held).
pub fn consent(o: &Outcome) -> Html {
    use esma_core::referral::ConsentDecision;
    let Some(c) = o.verification.consent.as_ref().filter(|_| o.signature_ok) else {
        return html! {};
    };
    let how = match c.route {
        "app" => "In this service: a response tied to the school's request and to what they reviewed, unchanged since it was made (who made it is not verified)",
        "paper" => "On paper: a scanned, signed form (this service cannot check it)",
        _ => "No consent is recorded",
    };
    let yes_no = |b: Option<bool>| if b == Some(true) { "Yes" } else { "No" };
    let mut rows = vec![SummaryRow::new("How", how)];
    if c.route == "app" {
        let decision = match c.decision {
            Some(ConsentDecision::Given) => "Consent given",
            Some(ConsentDecision::Refused) => "Consent refused",
            None => "Not recorded",
        };
        let by = format!(
            "{} ({})",
            c.name.clone().unwrap_or_default(),
            c.relationship.clone().unwrap_or_default()
        );
        rows.extend([
            SummaryRow::new("Decision", decision),
            SummaryRow::new("By", by),
            SummaryRow::new(
                "When",
                c.decided_at.as_deref().map(long_time).unwrap_or_default(),
            ),
            SummaryRow::new(
                "Consent notice version",
                c.notice_version.clone().unwrap_or_default(),
            ),
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
    if !o.signature_ok || o.verification.manifest.is_none() {
        return html! {};
    }
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
                if a.blob.is_some() {
                    <strong>{ "✓ Matches" }</strong>
                } else {
                    <strong>{ "✗ Does not match" }</strong>
                }
                <br/>
                <span class="govuk-body-s app-break-words">{ &a.sha256 }</span>
            </td>
            <td class="govuk-table__cell">
                if a.blob.is_some() {
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

fn finding(f: &FindingRef) -> Html {
    html! {
        <li class="app-finding">
            <p class="govuk-body govuk-!-margin-bottom-1">
                <strong>{ severity_words(f.severity) }{ ": " }</strong>
                { &f.message }
                <span class="govuk-body-s">{ format!(" ({})", Section::of_field(&f.field).title()) }</span>
            </p>
            { source(&f.rule) }
        </li>
    }
}

/// A finding in the comparison, marked when its rule changed since signing.
fn finding_since(f: &FindingRef, r: &RulesToday) -> Html {
    if !r.changed_rules.contains(&f.rule) {
        return finding(f);
    }
    html! {
        <li class="app-finding">
            <p class="govuk-body govuk-!-margin-bottom-1">
                <strong>{ severity_words(f.severity) }{ ": " }</strong>
                { &f.message }
                <span class="govuk-body-s">{ format!(" ({}; rule added or changed since signing)", Section::of_field(&f.field).title()) }</span>
            </p>
            { source(&f.rule) }
        </li>
    }
}

/// Today's rules against the findings recorded at signing.
pub fn rules_today(r: &RulesToday, m: &Manifest, o: &Outcome) -> Html {
    let today = esma_core::date::long(o.today);
    let checklist_changes: Vec<String> = o
        .report
        .iter()
        .flat_map(|report| {
            m.checklist.iter().filter_map(move |then| {
                let now = report.checklist.item(then.item)?;
                let then_status = esma_core::json::to_value(&then.status);
                let now_status = esma_core::json::to_value(&now.status);
                (then_status != now_status).then(|| {
                    format!(
                        "Item {}, {}: {} at signing, {} today.",
                        then.item,
                        then.title,
                        status_words(then_status.as_str()),
                        status_words(now_status.as_str())
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
            if r.blocking_now > 0 {
                <WarningText>
                    { format!("{} {} would stop this referral today.", r.blocking_now, if r.blocking_now == 1 { "finding" } else { "findings" }) }
                </WarningText>
            }
            if !r.changed {
                <p class="govuk-body" id="rules-unchanged">{ "No difference from the findings and checklist recorded when the pack was signed." }</p>
            }
            if !r.new_findings.is_empty() {
                <h3 class="govuk-heading-s">{ "Found today, not at signing" }</h3>
                <ul class="govuk-list" id="new-findings">{ for r.new_findings.iter().map(|f| finding_since(f, r)) }</ul>
            }
            if !r.resolved_findings.is_empty() {
                <h3 class="govuk-heading-s">{ "Found at signing, no longer today" }</h3>
                <ul class="govuk-list" id="resolved-findings">{ for r.resolved_findings.iter().map(|f| finding_since(f, r)) }</ul>
            }
            if !checklist_changes.is_empty() {
                <h3 class="govuk-heading-s">{ "Annex 2 checklist changes" }</h3>
                <ul class="govuk-list govuk-list--bullet">{ for checklist_changes.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
            }
        </section>
    }
}

fn status_words(status: Option<&str>) -> &'static str {
    match status {
        Some("complete") => "complete",
        Some("missing") => "missing",
        Some("not-applicable") => "not applicable",
        _ => "unknown",
    }
}

/// The findings recorded at signing.
pub fn recorded_findings(m: &Manifest) -> Html {
    let findings: Vec<FindingRef> = m.findings.iter().map(FindingRef::recorded).collect();
    html! {
        <section aria-labelledby="recorded-findings">
            <h2 class="govuk-heading-m" id="recorded-findings">{ "Findings recorded at signing" }</h2>
            if findings.is_empty() {
                <p class="govuk-body">{ "None." }</p>
            } else {
                <ul class="govuk-list">{ for findings.iter().map(finding) }</ul>
            }
        </section>
    }
}

/// The referral's answers by section, and the Annex 2 checklist as it
/// stands today.
pub fn referral(m: &Manifest, o: &Outcome) -> Html {
    let referral = &m.referral;
    // A pack carries the referral only: no text that did not fit, no screener.
    let no_raw = Default::default();
    html! {
        <>
            <h2 class="govuk-heading-l" id="the-referral">{ "The referral" }</h2>
            { for Section::ALL.into_iter().filter(|s| s.applies(referral)).map(|section| html! {
                <>
                    <h3 class="govuk-heading-m">{ section.title() }</h3>
                    { for section_rows(referral, &no_raw, section, Screener::Leave, |_| None).into_iter().map(|g| html! {
                        <>
                            if let Some(heading) = &g.heading {
                                <h4 class="govuk-heading-s">{ heading }</h4>
                            }
                            <SummaryList rows={g.rows} />
                        </>
                    }) }
                </>
            }) }
            if let Some(report) = &o.report {
                { checklist(&report.checklist) }
                <p class="govuk-body-s">{ format!("As the rules stand today, {}.", esma_core::date::long(o.today)) }</p>
            }
        </>
    }
}
