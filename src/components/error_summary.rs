//! The GOV.UK error summary: a title ("There is a problem"), perhaps a few
//! words on what to do, and the problems, each a link to its field when
//! there is one. A form's summary takes focus each time the person tries to
//! continue, so that screen readers announce it. Each link moves focus to
//! its field, with the field's label or legend scrolled into view, instead
//! of changing the address (the app routes by the address's `#` part).

use yew::html::IntoPropValue;
use yew::prelude::*;

use super::{example, use_focus, Example};
use crate::web::dom;

pub const SUMMARY_ID: &str = "error-summary";

/// One problem: a link to the field it is about (on this page, or on the
/// page that asks it), or plain text when there is no field to go to (a
/// file that could not be read).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorItem {
    /// The id of the field's input, on this page.
    pub field: Option<AttrValue>,
    /// The address of the page that asks about it, when that is another
    /// page (Check your answers links to each question page).
    pub href: Option<AttrValue>,
    pub message: AttrValue,
}

impl ErrorItem {
    pub fn field(id: impl Into<AttrValue>, message: impl Into<AttrValue>) -> Self {
        ErrorItem {
            field: Some(id.into()),
            href: None,
            message: message.into(),
        }
    }

    /// A problem whose field is on another page, at `href`.
    pub fn link(href: impl Into<AttrValue>, message: impl Into<AttrValue>) -> Self {
        ErrorItem {
            field: None,
            href: Some(href.into()),
            message: message.into(),
        }
    }

    pub fn text(message: impl Into<AttrValue>) -> Self {
        ErrorItem {
            field: None,
            href: None,
            message: message.into(),
        }
    }
}

/// (input id, message), as the forms list their problems.
impl From<(String, String)> for ErrorItem {
    fn from((id, message): (String, String)) -> Self {
        ErrorItem::field(id, message)
    }
}

/// A problem with no field to go to.
impl From<String> for ErrorItem {
    fn from(message: String) -> Self {
        ErrorItem::text(message)
    }
}

/// The summary's problems. Pages give a list of anything that makes an
/// [`ErrorItem`]: `(input id, message)` pairs, plain messages, or items.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems(pub Vec<ErrorItem>);

impl<T: Into<ErrorItem>> IntoPropValue<Problems> for Vec<T> {
    fn into_prop_value(self) -> Problems {
        Problems(self.into_iter().map(Into::into).collect())
    }
}

/// The title a form's summary has: it shows only when there are problems.
pub const TITLE: &str = "There is a problem";

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ErrorSummaryProps {
    #[prop_or(AttrValue::Static(TITLE))]
    pub title: AttrValue,
    /// A few words before the list, as GOV.UK's description.
    #[prop_or_default]
    pub description: Option<AttrValue>,
    /// More than words before the list (choices, a list of changes).
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub problems: Problems,
    /// Takes focus when it appears, and again each time this changes, if it
    /// is above 0. Forms bump it each time the person tries to continue; 0
    /// (the default) never takes focus: the page moves focus itself, or the
    /// summary is not news to the person.
    #[prop_or_default]
    pub attempt: u32,
    /// Its id, when a page has more than one (ids must be unique).
    #[prop_or(AttrValue::Static(SUMMARY_ID))]
    pub id: AttrValue,
    /// How screen readers learn of it when it appears: `alert` (at once, the
    /// default), `status` (when they finish what they are reading), or
    /// `None` for a summary that is part of the page, not news.
    #[prop_or(Some(AttrValue::Static("alert")))]
    pub role: Option<AttrValue>,
    /// Classes added to GOV.UK's (`app-must-not-miss`).
    #[prop_or_default]
    pub classes: Classes,
}

/// Whether the summary has anything to say: problems, words of its own, or
/// a title of its own. A form's summary ("There is a problem") with no
/// problems draws nothing, so forms can always draw it.
fn has_something_to_say(props: &ErrorSummaryProps) -> bool {
    !props.problems.0.is_empty()
        || props.description.is_some()
        || props.children != Html::default()
        || props.title.as_str() != TITLE
}

#[function_component(ErrorSummary)]
pub fn error_summary(props: &ErrorSummaryProps) -> Html {
    let summary = use_focus(props.attempt);
    if !has_something_to_say(props) {
        return html! {};
    }
    let has_body = !props.problems.0.is_empty()
        || props.description.is_some()
        || props.children != Html::default();
    html! {
        <div class={classes!("govuk-error-summary", props.classes.clone())} id={&props.id} tabindex="-1" ref={summary}>
            // The role on an inner element, as GOV.UK Frontend has it, so
            // that taking focus does not race the alert's announcement.
            <div role={props.role.clone()}>
                <h2 class="govuk-error-summary__title">{ &props.title }</h2>
                if has_body {
                    <div class="govuk-error-summary__body">
                        if let Some(description) = &props.description {
                            <p>{ description }</p>
                        }
                        { props.children.clone() }
                        if !props.problems.0.is_empty() {
                            <ul class="govuk-list govuk-error-summary__list">
                                { for props.problems.0.iter().map(item) }
                            </ul>
                        }
                    </div>
                }
            </div>
        </div>
    }
}

fn item(problem: &ErrorItem) -> Html {
    if let Some(href) = &problem.href {
        return html! { <li><a href={href}>{ &problem.message }</a></li> };
    }
    let Some(field) = &problem.field else {
        return html! { <li>{ &problem.message }</li> };
    };
    let target = field.clone();
    let onclick = Callback::from(move |event: MouseEvent| {
        event.prevent_default();
        dom::focus_field(&target);
    });
    html! { <li><a href={format!("#{field}")} {onclick}>{ &problem.message }</a></li> }
}

pub fn examples() -> Vec<Example<ErrorSummaryProps>> {
    let props = |id: &'static str, problems: Vec<ErrorItem>| ErrorSummaryProps {
        title: TITLE.into(),
        description: None,
        children: Html::default(),
        problems: Problems(problems),
        attempt: 0,
        id: id.into(),
        role: Some("alert".into()),
        classes: Classes::new(),
    };
    vec![
        example(
            "linked to fields",
            props(
                "error-summary",
                vec![
                    ErrorItem::field("f-pupil-upn", "Enter the pupil's unique pupil number (UPN)"),
                    ErrorItem::field("f-pupil-dateOfBirth", "Enter the pupil's date of birth"),
                ],
            ),
        ),
        example(
            "linked to other pages",
            ErrorSummaryProps {
                title: "There is a problem".into(),
                ..props(
                    "check-error-summary",
                    vec![
                        ErrorItem::link(
                            "school.html#/d/1/funding/funding?focus=f-funding-ehcp-statement&return=/d/1/check",
                            "Say how the EHCP funding supports the pupil's access to education",
                        ),
                        ErrorItem::link("school.html#/d/1/health/evidence?return=/d/1/check", "Add medical evidence"),
                    ],
                )
            },
        ),
        example(
            "with a description",
            ErrorSummaryProps {
                description: Some("Check the passphrase and try again.".into()),
                ..props(
                    "change-error-summary",
                    vec![ErrorItem::field("current-passphrase", "Enter your current passphrase")],
                )
            },
        ),
        example(
            "a file refused, with reasons",
            ErrorSummaryProps {
                title: "This file is not a consent request".into(),
                description: Some("Do not rely on this file. Ask the school to send it again, or phone the school.".into()),
                ..props(
                    "refusal",
                    vec![
                        ErrorItem::text("It is not signed."),
                        ErrorItem::text("A document in it has changed since it was made."),
                    ],
                )
            },
        ),
        example(
            "title and description only",
            ErrorSummaryProps {
                title: "The referral could not be signed".into(),
                description: Some("This browser could not use the signing key. Try again.".into()),
                ..props("sign-failure", vec![])
            },
        ),
        example(
            "with more than words",
            ErrorSummaryProps {
                title: "Your latest changes are not saved on this device".into(),
                children: html! {
                    <>
                        <p class="govuk-body">{ "This draft was changed in another tab." }</p>
                        <div class="govuk-button-group">
                            <button type="button" class="govuk-button">{ "Keep this version as a new draft" }</button>
                        </div>
                    </>
                },
                ..props("save-problem", vec![])
            },
        ),
        example(
            "part of the page, title only",
            ErrorSummaryProps {
                title: "2 problems must be put right before you send this referral".into(),
                role: None,
                classes: classes!("app-must-not-miss"),
                ..props("blocking-count", vec![])
            },
        ),
        example(
            "announced politely",
            ErrorSummaryProps {
                title: "This referral is unlikely to be accepted".into(),
                role: Some("status".into()),
                classes: classes!("app-verdict"),
                children: html! {
                    <p class="govuk-body">{ "From your answers, the pupil does not meet these entry criteria:" }</p>
                },
                ..props("eligibility-verdict", vec![])
            },
        ),
    ]
}
