//! The GOV.UK confirmation panel: the outcome of a finished task ("Referral
//! pack saved"), with what to know about it.

use yew::prelude::*;

use super::{example, use_focus, Example};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct PanelProps {
    pub title: AttrValue,
    /// The title's heading level: 1 when the panel heads the page.
    #[prop_or(1)]
    pub heading_level: u8,
    /// The body under the title, if any.
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Takes focus when it appears, so that keyboard and screen reader users
    /// learn the outcome of what they just did.
    #[prop_or_default]
    pub focus: bool,
}

#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let panel = use_focus(props.focus.into());
    let title = format!("h{}", props.heading_level.clamp(1, 6));
    html! {
        <div class="govuk-panel govuk-panel--confirmation" id={props.id.clone()}
            tabindex={props.focus.then_some("-1")} ref={panel}>
            <@{title} class="govuk-panel__title">{ &props.title }</@>
            if props.children != Html::default() {
                <div class="govuk-panel__body">{ props.children.clone() }</div>
            }
        </div>
    }
}

pub fn examples() -> Vec<Example<PanelProps>> {
    let props = |title: &'static str, children: Html| PanelProps {
        title: title.into(),
        heading_level: 1,
        children,
        id: None,
        focus: false,
    };
    vec![
        example("title only", props("All data deleted", Html::default())),
        example(
            "with a body",
            props(
                "Referral pack saved",
                html! { <>{ "File: " }<strong>{ "esma-referral-2026-03-05.esma-pack.json" }</strong></> },
            ),
        ),
        example(
            "taking focus, under the page's heading",
            PanelProps {
                heading_level: 2,
                id: Some("pack-saved".into()),
                focus: true,
                ..props(
                    "Valid and trusted",
                    html! { "Signed by a key on the council's list." },
                )
            },
        ),
    ]
}
