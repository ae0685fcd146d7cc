//! The last page before the decision: how the information is used. It is
//! the consent notice, whole and word for word (the text whose version and
//! hash the response records), with what this referral adds beside the part
//! it belongs to, marked apart from the notice: the ISL area and the health
//! professionals by name under "Who receives it", whom to contact under
//! "Questions or complaints". Then what happens next. Each fact is said once
//! (the notice spells out ESMA and ISL itself, so no glossary here).

use std::rc::Rc;

use esma_core::referral::Referral;
use esma_core::settings::Settings;
use yew::prelude::*;

use super::request::{shown, Opened};
use super::{go, neighbours, progress};
use crate::components::back_link::back_link;
use crate::components::summary_list::{SummaryList, SummaryRow};
use crate::route::{ParentStep, ReviewPage};
use crate::settings::use_app_settings;

#[derive(Properties, PartialEq)]
pub struct NoticePageProps {
    pub opened: Rc<Opened>,
}

#[function_component(NoticePage)]
pub fn notice_page(props: &NoticePageProps) -> Html {
    let settings = use_app_settings().settings;
    let o = &props.opened;
    let step = ParentStep::Review(ReviewPage::Notice);
    let (back, next) = neighbours(step);
    let oncontinue = Callback::from(move |_: MouseEvent| go(&next));
    html! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                { back_link(back.href()) }
                { progress(step) }
                <h1 class="govuk-heading-l">{ ReviewPage::Notice.title() }</h1>
                <p class="govuk-body">{ "If you give consent, this notice is what you agree to." }</p>
                <div class="app-notice" id="notice">
                    { for blocks(&o.notice_text).into_iter().enumerate().map(|(i, block)| {
                        let added = match heading(block) {
                            Some("Who receives it") => receivers(&o.referral, &settings),
                            Some("Questions or complaints") => contacts(o, &settings),
                            _ => html! {},
                        };
                        html! { <>{ notice_block(block, i == 0) }{ added }</> }
                    }) }
                    <p class="govuk-body-s govuk-!-margin-bottom-0" id="notice-version">{ format!("Notice version {}", o.notice_version) }</p>
                </div>
                <h2 class="govuk-heading-m">{ "What happens next" }</h2>
                <p class="govuk-body">{ "If you give consent, the school sends the referral to the council. The ESMA Teaching Service looks at referrals every week in term time. It will tell the school whether it can help, and the school will tell you. If it can, it plans your child's teaching with you, the school and your child's health professionals." }</p>
                <button type="button" class="govuk-button" id="continue" onclick={oncontinue}>{ "Continue to your decision" }</button>
            </div>
        </div>
    }
}

/// The notice's sections: blocks separated by a blank line.
fn blocks(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect()
}

/// A block's heading: its first line, when it has no full stop.
fn heading(block: &str) -> Option<&str> {
    block
        .lines()
        .next()
        .filter(|l| is_heading(l))
        .map(str::trim)
}

fn is_heading(line: &str) -> bool {
    !line.contains('.') && !line.ends_with(':') && !line.starts_with("- ")
}

/// What this referral adds to the notice's own words, in an inset so that
/// it reads as about this referral, not as part of the notice.
fn for_this_referral(id: &str, body: Html) -> Html {
    html! {
        <div class="govuk-inset-text app-notice-detail" id={id.to_owned()}>{ body }</div>
    }
}

/// Who receives it, for this referral: the ISL team by area, the health
/// professionals by name, whether the hospital school is involved now.
fn receivers(r: &Referral, settings: &Settings) -> Html {
    let area = settings.area_for_referral(r).map(|a| a.name.clone());
    let professionals: Vec<String> = r
        .medical_evidence
        .iter()
        .filter_map(|e| {
            let name = e.professional_name.as_deref()?;
            let rest: Vec<&str> = [e.role.as_deref(), e.service.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            Some(shown(&if rest.is_empty() {
                name.to_owned()
            } else {
                format!("{name} ({})", rest.join(", "))
            }))
        })
        .collect();
    let hospital = r.health.hospital.inpatient == Some(true);
    for_this_referral(
        "receivers",
        html! {
            <>
                <p class="govuk-body">{ "For this referral:" }</p>
                <ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
                    if let Some(area) = area {
                        <li>{ format!("the ISL team for the {area} area") }</li>
                    }
                    if professionals.is_empty() {
                        <li>{ "the referral names no health professional" }</li>
                    } else {
                        <li>
                            { "the health professionals named are:" }
                            <ul class="govuk-list govuk-list--bullet">
                                { for professionals.iter().map(|p| html! { <li>{ p }</li> }) }
                            </ul>
                        </li>
                    }
                    if hospital {
                        <li>{ "the referral says your child is in hospital, so the hospital school receives it" }</li>
                    }
                </ul>
            </>
        },
    )
}

/// Whom to contact: the person at the school who asked, and the council's
/// named officers, if the council lists them.
fn contacts(o: &Opened, settings: &Settings) -> Html {
    let contact = &o.referral.school.referrer;
    for_this_referral(
        "contacts",
        html! {
            <>
                <p class="govuk-body">{ "Your child's school first:" }</p>
                <SummaryList id="school-contact" classes="govuk-!-margin-bottom-0" rows={vec![
                    SummaryRow::new("School", o.school_name.clone()),
                    SummaryRow::new("Who asked for your consent", html! {
                        <>
                            { &o.referrer }
                            if let Some(email) = &contact.email { <br/><span class="app-break-words">{ shown(email) }</span> }
                            if let Some(phone) = &contact.phone { <br/>{ shown(phone) } }
                        </>
                    }),
                ]} />
                if !settings.named_officers.is_empty() {
                    <p class="govuk-body govuk-!-margin-top-4">{ "At the council's ESMA Teaching Service:" }</p>
                    <ul class="govuk-list govuk-!-margin-bottom-0" id="officers">
                        { for settings.named_officers.iter().map(|officer| html! {
                            <li>
                                <strong>{ &officer.name }</strong>{ format!(", {}", officer.role) }<br/>
                                <a class="govuk-link app-break-words" href={format!("mailto:{}", officer.email)}>{ &officer.email }</a>
                            </li>
                        }) }
                    </ul>
                }
            </>
        },
    )
}

/// One block of the notice as core holds it: a line with no full stop is a
/// heading, "- " starts a list item, any other line is a paragraph.
fn notice_block(block: &str, first: bool) -> Html {
    let mut out = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let flush = |items: &mut Vec<String>, out: &mut Vec<Html>| {
        if !items.is_empty() {
            out.push(html! {
                <ul class="govuk-list govuk-list--bullet">{ for items.drain(..).map(|i| html! { <li>{ i }</li> }) }</ul>
            });
        }
    };
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.to_owned());
            continue;
        }
        flush(&mut items, &mut out);
        out.push(match (is_heading(line), first) {
            // The notice's own title sits under the page's heading.
            (true, true) => html! { <h2 class="govuk-heading-m">{ line.to_owned() }</h2> },
            (true, false) => html! { <h3 class="govuk-heading-s">{ line.to_owned() }</h3> },
            _ => html! { <p class="govuk-body">{ line.to_owned() }</p> },
        });
    }
    flush(&mut items, &mut out);
    html! { <>{ for out }</> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use esma_core::consent::NOTICE_TEXT;

    /// The page's notice is the whole text, in order, each line once: the
    /// blocks rejoined are the notice.
    #[test]
    fn the_notice_is_shown_whole_and_in_order() {
        assert_eq!(blocks(NOTICE_TEXT).join("\n\n"), NOTICE_TEXT);
        let headings: Vec<&str> = blocks(NOTICE_TEXT)
            .into_iter()
            .filter_map(heading)
            .collect();
        // What this referral adds hangs off these two headings.
        assert!(headings.contains(&"Who receives it"));
        assert!(headings.contains(&"Questions or complaints"));
        assert_eq!(headings[0], "Consent to share information about your child");
    }
}
