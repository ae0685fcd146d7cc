//! The GOV.UK summary list: pairs of a key and its value ("School", "Oak
//! Primary"), each row with its own actions ("Change", "View", "Remove").
//!
//! Rows are plain data, so that code which knows nothing of the page (the
//! referral's display) can make them: a key, a value (an answer as text, or
//! markup) and any actions. An action is a link to a route, or a button for
//! what a link cannot do (open a file, remove one); either way it names what
//! it acts on for screen readers ("Change<span hidden> school</span>").
//! Actions are never printed: on paper they do nothing. A list may sit in a
//! card, with a title and actions on the whole card.

use yew::html::IntoPropValue;
use yew::prelude::*;

use super::{example, Example};

/// One row: a key, its value, and what can be done to it.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub key: AttrValue,
    pub value: RowValue,
    /// Classes on the row.
    pub classes: Classes,
    pub actions: Vec<SummaryAction>,
}

/// What a row shows as its value.
#[derive(Clone, Debug, PartialEq)]
pub enum RowValue {
    /// An answer as text: its line breaks kept, and "Not answered" when it
    /// is empty. Kept as text, so that a page can read it (to explain the
    /// words in it).
    Answer(AttrValue),
    /// Text or markup, shown as it is.
    Html(Html),
}

impl SummaryRow {
    /// A row with `value` given as text or as markup, with no actions.
    pub fn new(key: impl Into<AttrValue>, value: impl IntoPropValue<Html>) -> Self {
        SummaryRow::with(key, RowValue::Html(value.into_prop_value()))
    }

    /// A row whose value is an answer ([`RowValue::Answer`]).
    pub fn answer(key: impl Into<AttrValue>, text: impl Into<AttrValue>) -> Self {
        SummaryRow::with(key, RowValue::Answer(text.into()))
    }

    fn with(key: impl Into<AttrValue>, value: RowValue) -> Self {
        SummaryRow {
            key: key.into(),
            value,
            classes: Classes::new(),
            actions: Vec::new(),
        }
    }

    pub fn action(mut self, action: SummaryAction) -> Self {
        self.actions.push(action);
        self
    }

    pub fn classes(mut self, classes: impl Into<Classes>) -> Self {
        self.classes = classes.into();
        self
    }
}

/// An answer as a summary shows it: the text with its line breaks, or "Not
/// answered".
pub fn answer(text: &str) -> Html {
    if text.is_empty() {
        html! { <span class="app-not-answered">{ "Not answered" }</span> }
    } else {
        html! { <span class="app-pre-wrap">{ text.to_owned() }</span> }
    }
}

/// "Change", "View"…: its words, then what it acts on, which only screen
/// readers hear (GOV.UK's visually hidden text).
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryAction {
    pub label: AttrValue,
    pub context: AttrValue,
    pub target: ActionTarget,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ActionTarget {
    /// A link: a route's `href`.
    Link(AttrValue),
    /// A button styled as a link, for what a link cannot do.
    Button(Callback<()>),
}

impl SummaryAction {
    pub fn link(
        href: impl Into<AttrValue>,
        label: impl Into<AttrValue>,
        context: impl Into<AttrValue>,
    ) -> Self {
        SummaryAction::new(ActionTarget::Link(href.into()), label, context)
    }

    pub fn button(
        onclick: Callback<()>,
        label: impl Into<AttrValue>,
        context: impl Into<AttrValue>,
    ) -> Self {
        SummaryAction::new(ActionTarget::Button(onclick), label, context)
    }

    fn new(
        target: ActionTarget,
        label: impl Into<AttrValue>,
        context: impl Into<AttrValue>,
    ) -> Self {
        SummaryAction {
            label: label.into(),
            context: context.into(),
            target,
        }
    }
}

/// A summary card: the list under a title, with actions on the whole of it
/// (GOV.UK's summary card, for one of several things of a kind, such as an
/// item of medical evidence).
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryCard {
    pub title: AttrValue,
    /// The card's id, to move focus to it.
    pub id: Option<AttrValue>,
    pub actions: Vec<SummaryAction>,
}

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SummaryListProps {
    pub rows: Vec<SummaryRow>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Classes added to GOV.UK's (`govuk-summary-list--no-border`).
    #[prop_or_default]
    pub classes: Classes,
    /// Draws the list in a card with this title and these actions.
    #[prop_or_default]
    pub card: Option<SummaryCard>,
}

#[function_component(SummaryList)]
pub fn summary_list(props: &SummaryListProps) -> Html {
    let list = list(props);
    let Some(card) = &props.card else {
        return list;
    };
    html! {
        <div class="govuk-summary-card" id={card.id.clone()} tabindex={card.id.as_ref().map(|_| "-1")}>
            <div class="govuk-summary-card__title-wrapper">
                <h2 class="govuk-summary-card__title">{ &card.title }</h2>
                if !card.actions.is_empty() {
                    <ul class="govuk-summary-card__actions">
                        { for card.actions.iter().map(|a| html! {
                            <li class="govuk-summary-card__action">{ action(a) }</li>
                        }) }
                    </ul>
                }
            </div>
            <div class="govuk-summary-card__content">{ list }</div>
        </div>
    }
}

fn list(props: &SummaryListProps) -> Html {
    // Rows without actions are marked when others have them, so that the
    // columns line up (as GOV.UK Frontend's template does).
    let any_actions = props.rows.iter().any(|row| !row.actions.is_empty());
    html! {
        <dl class={classes!("govuk-summary-list", props.classes.clone())} id={props.id.clone()}>
            { for props.rows.iter().map(|row| html! {
                <div class={classes!(
                    "govuk-summary-list__row",
                    (any_actions && row.actions.is_empty()).then_some("govuk-summary-list__row--no-actions"),
                    row.classes.clone(),
                )}>
                    <dt class="govuk-summary-list__key">{ &row.key }</dt>
                    <dd class="govuk-summary-list__value">{ value(&row.value) }</dd>
                    { actions(&row.actions) }
                </div>
            }) }
        </dl>
    }
}

fn value(value: &RowValue) -> Html {
    match value {
        RowValue::Answer(text) => answer(text),
        RowValue::Html(html) => html.clone(),
    }
}

fn actions(actions: &[SummaryAction]) -> Html {
    match actions {
        [] => html! {},
        [one] => html! { <dd class="govuk-summary-list__actions">{ action(one) }</dd> },
        many => html! {
            <dd class="govuk-summary-list__actions">
                <ul class="govuk-summary-list__actions-list">
                    { for many.iter().map(|a| html! {
                        <li class="govuk-summary-list__actions-list-item">{ action(a) }</li>
                    }) }
                </ul>
            </dd>
        },
    }
}

fn action(action: &SummaryAction) -> Html {
    let words = html! {
        <>
            { &action.label }
            if !action.context.is_empty() {
                <span class="govuk-visually-hidden">{ " " }{ &action.context }</span>
            }
        </>
    };
    match &action.target {
        ActionTarget::Link(href) => html! { <a class="govuk-link" {href}>{ words }</a> },
        ActionTarget::Button(onclick) => {
            let onclick = onclick.reform(|_: MouseEvent| ());
            html! { <button type="button" class="app-link-button" {onclick}>{ words }</button> }
        }
    }
}

pub fn examples() -> Vec<Example<SummaryListProps>> {
    let props = |rows: Vec<SummaryRow>| SummaryListProps {
        rows,
        id: None,
        classes: Classes::new(),
        card: None,
    };
    let change =
        |href: &'static str, context: &'static str| SummaryAction::link(href, "Change", context);
    vec![
        example(
            "keys and values",
            props(vec![
                SummaryRow::new("School", "Oak Primary School"),
                SummaryRow::new("Made on", "5 March 2026"),
            ]),
        ),
        example(
            "with change links",
            SummaryListProps {
                id: Some("check-pupil".into()),
                ..props(vec![
                    SummaryRow::new("Full name", "Sam Taylor")
                        .action(change("school.html#/d/1/pupil?f=pupil-name", "full name")),
                    SummaryRow::answer(
                        "Medical needs",
                        "Long-term fatigue.\nCannot attend mornings.",
                    )
                    .action(change("school.html#/d/1/health?f=needs", "medical needs")),
                ])
            },
        ),
        example(
            "some rows without actions",
            props(vec![
                SummaryRow::new("Pack id", "7f3c…"),
                SummaryRow::new(
                    "Signer",
                    html! { <span class="app-fingerprint-inline">{ "AB12 CD34 EF56" }</span> },
                )
                .action(SummaryAction::link(
                    "council.html#/keys",
                    "View",
                    "trusted keys",
                )),
            ]),
        ),
        example(
            "two actions, as buttons",
            SummaryListProps {
                classes: classes!("govuk-summary-list--no-border"),
                ..props(vec![SummaryRow::new("consultant-letter.pdf", "850 KB")
                    .action(SummaryAction::button(
                        Callback::noop(),
                        "View",
                        "consultant-letter.pdf",
                    ))
                    .action(SummaryAction::button(
                        Callback::noop(),
                        "Remove",
                        "consultant-letter.pdf",
                    ))])
            },
        ),
        example(
            "in a card, with actions on the card",
            SummaryListProps {
                card: Some(SummaryCard {
                    title: "Medical evidence 1".into(),
                    id: Some("evidence-1".into()),
                    actions: vec![
                        change(
                            "school.html#/d/1/health/evidence-1-who",
                            "medical evidence 1",
                        ),
                        SummaryAction::link(
                            "school.html#/d/1/remove-evidence/1",
                            "Remove",
                            "medical evidence 1",
                        ),
                    ],
                }),
                ..props(vec![
                    SummaryRow::answer("Name of the health professional", "Dr Sam Example"),
                    SummaryRow::answer("Date of the evidence", "10 November 2026"),
                ])
            },
        ),
        example(
            "an answer not given, and row classes",
            props(vec![
                SummaryRow::answer("Attendance this term", ""),
                SummaryRow::new("Signature", html! { <strong>{ "✓ Passed" }</strong> })
                    .classes("app-check-pass"),
            ]),
        ),
    ]
}
