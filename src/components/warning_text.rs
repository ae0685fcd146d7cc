//! GOV.UK warning text: something the person must know before they act, such
//! as a step that cannot be undone. The "!" icon is hidden from screen
//! readers, which hear "Warning" instead.

use yew::prelude::*;

use super::{example, Example};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct WarningTextProps {
    /// What to say: text, or text with a list under it.
    pub children: Html,
    /// What screen readers hear in place of the icon.
    #[prop_or(AttrValue::Static("Warning"))]
    pub icon_fallback_text: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// `alert` when the warning appears in answer to something the person
    /// did, so that screen readers announce it at once.
    #[prop_or_default]
    pub role: Option<AttrValue>,
}

#[function_component(WarningText)]
pub fn warning_text(props: &WarningTextProps) -> Html {
    html! {
        <div class="govuk-warning-text" id={props.id.clone()} role={props.role.clone()}>
            <span class="govuk-warning-text__icon" aria-hidden="true">{ "!" }</span>
            <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">{ &props.icon_fallback_text }</span>
                { " " }{ props.children.clone() }
            </strong>
        </div>
    }
}

pub fn examples() -> Vec<Example<WarningTextProps>> {
    let props = |children: Html| WarningTextProps {
        children,
        icon_fallback_text: "Warning".into(),
        id: None,
        role: None,
    };
    vec![
        example(
            "default",
            props(html! { "You cannot undo this. Export any draft you want to keep first." }),
        ),
        example(
            "with a list",
            props(html! {
                <>
                    { "The referral has changed since the parent or carer consented." }
                    <ul class="govuk-list govuk-list--bullet">
                        <li>{ "Medical evidence" }</li>
                        <li>{ "Attendance" }</li>
                    </ul>
                </>
            }),
        ),
        example(
            "announced when it appears",
            WarningTextProps {
                id: Some("delete-warning".into()),
                role: Some("alert".into()),
                ..props(html! { "Deleting removes the draft and its files from this device." })
            },
        ),
        example(
            "other fallback text",
            WarningTextProps {
                icon_fallback_text: "Important".into(),
                ..props(html! { "The key is kept only in this browser." })
            },
        ),
    ]
}
