//! The GOV.UK summary list: pairs of a key and its value ("School", "Oak
//! Primary"), each row with its own actions ("Change", "View", "Remove").
//!
//! Rows are plain data, so that code which knows nothing of the page (the
//! referral's display) can make them: a key, a value (text or markup) and
//! any actions. An action is a link to a route, or a button for what a link
//! cannot do (open a file, remove one); either way it names what it acts on
//! for screen readers ("Change<span hidden> school</span>").

use yew::html::IntoPropValue;
use yew::prelude::*;

use super::{example, Example};

/// One row: a key, its value, and what can be done to it.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub key: AttrValue,
    pub value: Html,
    /// Classes on the value (`app-pre-wrap` for text typed on several lines).
    pub value_classes: Classes,
    /// Classes on the row.
    pub classes: Classes,
    pub actions: Vec<SummaryAction>,
}

impl SummaryRow {
    /// A row with `value` given as text or as markup, with no actions.
    pub fn new(key: impl Into<AttrValue>, value: impl IntoPropValue<Html>) -> Self {
        SummaryRow {
            key: key.into(),
            value: value.into_prop_value(),
            value_classes: Classes::new(),
            classes: Classes::new(),
            actions: Vec::new(),
        }
    }

    pub fn action(mut self, action: SummaryAction) -> Self {
        self.actions.push(action);
        self
    }

    pub fn value_classes(mut self, classes: impl Into<Classes>) -> Self {
        self.value_classes = classes.into();
        self
    }

    pub fn classes(mut self, classes: impl Into<Classes>) -> Self {
        self.classes = classes.into();
        self
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

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SummaryListProps {
    pub rows: Vec<SummaryRow>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Classes added to GOV.UK's (`govuk-summary-list--no-border`).
    #[prop_or_default]
    pub classes: Classes,
}

#[function_component(SummaryList)]
pub fn summary_list(props: &SummaryListProps) -> Html {
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
                    <dd class={classes!("govuk-summary-list__value", row.value_classes.clone())}>{ row.value.clone() }</dd>
                    { actions(&row.actions) }
                </div>
            }) }
        </dl>
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
                    SummaryRow::new(
                        "Medical needs",
                        "Long-term fatigue.\nCannot attend mornings.",
                    )
                    .value_classes("app-pre-wrap")
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
            "a value not answered",
            props(vec![SummaryRow::new(
                "Attendance this term",
                html! { <span class="app-not-answered">{ "Not answered" }</span> },
            )]),
        ),
    ]
}
