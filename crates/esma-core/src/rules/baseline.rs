//! The baseline: attainment in English, Maths and Science, engagement,
//! current emotional wellbeing, and the pupil's voice.

use super::sources::*;
use super::Ctx;
use super::{msg, Rule, Severity::*};
use crate::rules::answers::Need;

pub(crate) const ATTAINMENT: Rule = Rule {
    id: "hsr-baseline-attainment",
    severity: Blocking,
    summary: "Baseline attainment in English, Maths and Science is given.",
    fields: &["baseline.english", "baseline.maths", "baseline.science"],
    checklist_item: Some(1),
    messages: &[
        msg("english", "Enter the pupil’s current attainment in English"),
        msg("maths", "Enter the pupil’s current attainment in Maths"),
        msg("science", "Enter the pupil’s current attainment in Science"),
    ],
    sources: &[HSR_BASELINE, SLA_BASELINE],
};

pub(crate) const ENGAGEMENT: Rule = Rule {
    id: "hsr-baseline-engagement",
    severity: Blocking,
    summary: "The pupil's engagement with learning is described.",
    fields: &["baseline.engagement"],
    checklist_item: Some(1),
    messages: &[msg("", "Describe the pupil’s engagement with learning")],
    sources: &[HSR_BASELINE],
};

pub(crate) const WELLBEING: Rule = Rule {
    id: "hsr-baseline-wellbeing",
    severity: Blocking,
    summary: "The pupil's current emotional wellbeing is described.",
    fields: &["baseline.emotionalWellbeing"],
    checklist_item: Some(1),
    messages: &[msg("", "Describe the pupil’s current emotional wellbeing")],
    sources: &[HSR_BASELINE],
};

pub(crate) const PUPIL_VOICE: Rule = Rule {
    id: "baseline-pupil-voice",
    severity: Warning,
    summary: "The pupil's own views are captured.",
    fields: &["baseline.pupilVoice"],
    checklist_item: None,
    messages: &[msg("", "Record the pupil’s views in their own words")],
    sources: &[WORKING_VOICE, SLA_VOICE],
};

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let b = &ctx.r.baseline;
    for (key, v) in [
        ("english", &b.english),
        ("maths", &b.maths),
        ("science", &b.science),
    ] {
        ctx.need_text(&ATTAINMENT, format!("baseline.{key}"), key, v, Need::Answer);
    }
    ctx.need_text(
        &ENGAGEMENT,
        "baseline.engagement",
        "",
        &b.engagement,
        Need::Description,
    );
    ctx.need_text(
        &WELLBEING,
        "baseline.emotionalWellbeing",
        "",
        &b.emotional_wellbeing,
        Need::Description,
    );
    ctx.need_text(
        &PUPIL_VOICE,
        "baseline.pupilVoice",
        "",
        &b.pupil_voice,
        Need::Answer,
    );
}
