//! Attachments: each described completely (id, name, media type, size,
//! SHA-256, purpose), within the council's limits, and every reference to an
//! attachment pointing at one that exists; and, for the council, each
//! document the school says it sends separately.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::attachments::{format_size, type_allowed};
use crate::referral::{blank, Referral};
use crate::settings::MAX_SAFE_INTEGER;

pub(crate) const REFERENCE: Rule = Rule {
    id: "attachment-reference",
    severity: Blocking,
    summary: "Every attachment id the referral mentions is in the attachments list.",
    fields: &[
        "medicalEvidence[].attachmentId",
        "treatmentPlan.attachmentId",
        "support.apdr.attachmentId",
        "absence.reintegrationPlan.attachmentId",
        "funding.ehcp.planAttachmentId",
        "funding.localHighNeedsFunding.planAttachmentId",
        "funding.pupilPremiumGrant.planAttachmentId",
        "safeguarding.homeRiskAssessment.attachmentId",
        "consent.attachmentId",
    ],
    checklist_item: None,
    messages: &[msg(
        "",
        "The file this points to is not attached. Attach the file again",
    )],
    sources: &[A2_1, A2_1_DELAY],
};

pub(crate) const METADATA: Rule = Rule {
    id: "attachment-metadata",
    severity: Blocking,
    summary: "Each attachment has a unique id, a file name, a media type, a size and a SHA-256.",
    fields: &["attachments[].id", "attachments[].name", "attachments[].mediaType", "attachments[].size", "attachments[].sha256"],
    checklist_item: Some(1),
    messages: &[
        msg("id", "The attachment has no id. Attach the file again"),
        msg("duplicate", "Two attachments have the same id. Remove one and attach the file again"),
        msg("name", "The attachment has no file name. Attach the file again"),
        msg("media-type", "The attachment has no file type. Attach the file again"),
        msg("size", "The attachment has no size, or an impossible one. Attach the file again"),
        msg("sha256", "The attachment’s SHA-256 fingerprint is missing or not 64 lower-case hexadecimal characters. Attach the file again"),
    ],
    sources: &[A2_1, A2_1_DELAY],
};

pub(crate) const SIZE: Rule = Rule {
    id: "attachment-size",
    severity: Blocking,
    summary: "Each attachment, and all of them together, are within the council's size limits, and there are no more files than it accepts.",
    fields: &["attachments[].size", "attachments"],
    checklist_item: Some(1),
    messages: &[
        msg(
            "file",
            "The file must be smaller than {max}",
        ),
        msg(
            "total",
            "The files together must be smaller than {max}. Remove or shrink some files",
        ),
        msg(
            "count",
            "You can attach up to {max} files. Remove some files",
        ),
    ],
    sources: &[A2_1],
};

pub(crate) const MEDIA_TYPE: Rule = Rule {
    id: "attachment-media-type",
    severity: Warning,
    summary: "Each attachment is a file type the council accepts.",
    fields: &["attachments[].mediaType"],
    checklist_item: None,
    messages: &[msg("",
        "The council may not be able to open this type of file. Send a PDF, Word document, JPEG, PNG or text file")],
    sources: &[A2_1],
};

pub(crate) const PURPOSE: Rule = Rule {
    id: "attachment-purpose",
    severity: Warning,
    summary: "Each attachment says what it is for.",
    fields: &["attachments[].purpose"],
    checklist_item: None,
    messages: &[msg(
        "",
        "Select what the file is, for example medical evidence or APDR",
    )],
    sources: &[A2_1],
};

pub(crate) const SENT_SEPARATELY: Rule = Rule {
    id: "document-sent-separately",
    severity: Info,
    summary: "A document the school says it sends separately through the secure file exchange, not attached: the council checks it has arrived.",
    fields: &[
        "medicalEvidence[].sentSeparately",
        "support.apdr.sentSeparately",
        "absence.reintegrationPlan.sentSeparately",
        "treatmentPlan.sentSeparately",
    ],
    checklist_item: None,
    messages: &[msg(
        "",
        "The school says this document is sent separately through the secure file exchange, not attached. Check it has arrived",
    )],
    sources: &[A2_1, A2_4],
};

/// Every place the referral refers to an attachment, with its field path.
pub fn references(r: &Referral) -> Vec<(String, &str)> {
    let mut v: Vec<(String, &Option<String>)> = vec![
        (
            "treatmentPlan.attachmentId".into(),
            &r.treatment_plan.attachment_id,
        ),
        (
            "support.apdr.attachmentId".into(),
            &r.support.apdr.attachment_id,
        ),
        (
            "absence.reintegrationPlan.attachmentId".into(),
            &r.absence.reintegration_plan.attachment_id,
        ),
        (
            "safeguarding.homeRiskAssessment.attachmentId".into(),
            &r.safeguarding.home_risk_assessment.attachment_id,
        ),
        ("consent.attachmentId".into(), &r.consent.attachment_id),
    ];
    for (i, e) in r.medical_evidence.iter().enumerate() {
        v.push((
            format!("medicalEvidence[{i}].attachmentId"),
            &e.attachment_id,
        ));
    }
    for (key, _, s) in r.funding.streams() {
        v.push((
            format!("funding.{key}.planAttachmentId"),
            &s.plan_attachment_id,
        ));
    }
    v.into_iter()
        .filter_map(|(p, id)| {
            id.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|id| (p, id))
        })
        .collect()
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn sent_separately(ctx: &mut Ctx<'_>) {
    let r = ctx.r;
    let mut docs: Vec<(String, &Option<String>, Option<bool>)> = r
        .medical_evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            (
                format!("medicalEvidence[{i}].sentSeparately"),
                &e.attachment_id,
                e.sent_separately,
            )
        })
        .collect();
    docs.push((
        "support.apdr.sentSeparately".into(),
        &r.support.apdr.attachment_id,
        r.support.apdr.sent_separately,
    ));
    // Plans count only where they are asked for.
    for (path, d, asked) in [
        (
            "absence.reintegrationPlan",
            &r.absence.reintegration_plan,
            r.absence.reduced_timetable == Some(true),
        ),
        (
            "treatmentPlan",
            &r.treatment_plan,
            r.health.long_term_or_recurring == Some(true),
        ),
    ] {
        if asked {
            docs.push((
                format!("{path}.sentSeparately"),
                &d.attachment_id,
                d.sent_separately,
            ));
        }
    }
    for (path, attachment, sent) in docs {
        if sent == Some(true) && blank(attachment) {
            ctx.flag(&SENT_SEPARATELY, path);
        }
    }
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    sent_separately(ctx);
    let r = ctx.r;
    let limits = &ctx.settings.attachments;
    let mut total: u64 = 0;
    for (i, a) in r.attachments.iter().enumerate() {
        let at = |f: &str| format!("attachments[{i}].{f}");
        match a.id.as_deref().map(str::trim) {
            None | Some("") => ctx.flag_key(&METADATA, at("id"), "id"),
            Some(id) => {
                if r.attachments[..i]
                    .iter()
                    .any(|b| b.id.as_deref().map(str::trim) == Some(id))
                {
                    ctx.flag_key(&METADATA, at("id"), "duplicate");
                }
            }
        }
        if blank(&a.name) {
            ctx.flag_key(&METADATA, at("name"), "name");
        }
        match a.media_type.as_deref().map(str::trim) {
            None | Some("") => ctx.flag_key(&METADATA, at("mediaType"), "media-type"),
            Some(m) => {
                if !type_allowed(&limits.allowed_media_types, m) {
                    ctx.flag(&MEDIA_TYPE, at("mediaType"));
                }
            }
        }
        match a.size {
            None => ctx.flag_key(&METADATA, at("size"), "size"),
            Some(s) if s == 0 || s > MAX_SAFE_INTEGER => {
                ctx.flag_key(&METADATA, at("size"), "size")
            }
            Some(s) => {
                total = total.saturating_add(s);
                if s > limits.max_file_bytes {
                    let max = format_size(limits.max_file_bytes);
                    ctx.flag_args(&SIZE, at("size"), "file", &[("max", &max)]);
                }
            }
        }
        if !a.sha256.as_deref().is_some_and(is_sha256) {
            ctx.flag_key(&METADATA, at("sha256"), "sha256");
        }
        if a.purpose.is_none() {
            ctx.flag(&PURPOSE, at("purpose"));
        }
    }
    if total > limits.max_total_bytes {
        let max = format_size(limits.max_total_bytes);
        ctx.flag_args(&SIZE, "attachments", "total", &[("max", &max)]);
    }
    if r.attachments.len() > limits.max_files {
        let max = limits.max_files.to_string();
        ctx.flag_args(&SIZE, "attachments", "count", &[("max", &max)]);
    }
    for (path, id) in references(r) {
        if !r
            .attachments
            .iter()
            .any(|a| a.id.as_deref().map(str::trim) == Some(id))
        {
            ctx.flag(&REFERENCE, path);
        }
    }
}
