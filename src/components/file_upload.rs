//! The GOV.UK file upload: a labelled file input with its hint and error
//! message, both tied to it by `aria-describedby` so that screen readers
//! read them with it. Nothing is uploaded: the chosen file is handed to the
//! page, which reads it on this device.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{example, Example};

#[derive(Properties, PartialEq, Clone, Debug)]
pub struct FileUploadProps {
    /// The input's id and name; the hint's and error's ids derive from it.
    pub id: AttrValue,
    pub label: AttrValue,
    /// Classes added to the label's (`govuk-label--s`).
    #[prop_or_default]
    pub label_classes: Classes,
    /// What to choose: text, or markup that changes (which files are in use).
    #[prop_or_default]
    pub hint: Html,
    /// Screen readers read the hint again when it changes (it says what
    /// happened to a file chosen, or found, after the page opened).
    #[prop_or_default]
    pub live_hint: bool,
    /// The problem with the file chosen, shown as a GOV.UK error message.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// File types to offer (`.json,application/json`).
    #[prop_or_default]
    pub accept: Option<AttrValue>,
    /// Set while a chosen file is being read, so that no other is chosen.
    #[prop_or_default]
    pub disabled: bool,
    /// Clear the input once a file is chosen, so that the same file can be
    /// chosen again (after a problem, say). The page then shows the choice.
    #[prop_or_default]
    pub clear_after_choice: bool,
    /// Shown under the input: what is happening to the chosen file.
    #[prop_or_default]
    pub children: Html,
    pub onchoose: Callback<web_sys::File>,
}

/// The id of a file upload's hint.
pub fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

/// The id of a file upload's error message.
pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}

#[function_component(FileUpload)]
pub fn file_upload(props: &FileUploadProps) -> Html {
    let id = &props.id;
    let has_hint = props.hint != Html::default();
    let described_by = [
        has_hint.then(|| hint_id(id)),
        props.error.as_ref().map(|_| error_id(id)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let onchange = {
        let (onchoose, clear) = (props.onchoose.clone(), props.clear_after_choice);
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                onchoose.emit(file);
                if clear {
                    input.set_value("");
                }
            }
        })
    };
    let error = props.error.is_some();
    html! {
        <div class={classes!("govuk-form-group", error.then_some("govuk-form-group--error"))}>
            <label class={classes!("govuk-label", props.label_classes.clone())} for={id}>{ &props.label }</label>
            if has_hint {
                <div id={hint_id(id)} class="govuk-hint" aria-live={props.live_hint.then_some("polite")}>{ props.hint.clone() }</div>
            }
            if let Some(message) = &props.error {
                <p id={error_id(id)} class="govuk-error-message">
                    <span class="govuk-visually-hidden">{ "Error:" }</span>{ " " }{ message }
                </p>
            }
            <input class={classes!("govuk-file-upload", error.then_some("govuk-file-upload--error"))}
                id={id} name={id} type="file" accept={props.accept.clone()} disabled={props.disabled}
                aria-describedby={(!described_by.is_empty()).then_some(described_by)} {onchange} />
            { props.children.clone() }
        </div>
    }
}

pub fn examples() -> Vec<Example<FileUploadProps>> {
    let props = |id: &'static str, label: &'static str| FileUploadProps {
        id: id.into(),
        label: label.into(),
        label_classes: classes!("govuk-label--s"),
        hint: Html::default(),
        live_hint: false,
        error: None,
        accept: Some(".json,application/json".into()),
        disabled: false,
        clear_after_choice: false,
        children: Html::default(),
        onchoose: Callback::noop(),
    };
    vec![
        example("label only", props("upload-plain", "Referral pack")),
        example(
            "with hint",
            FileUploadProps {
                hint: html! { "The file the school sent, ending .esma-pack.json" },
                ..props("pack-file", "Referral pack")
            },
        ),
        example(
            "with hint and error",
            FileUploadProps {
                hint: html! { "No list of trusted keys is in use, so every signer shows as unknown." },
                live_hint: true,
                error: Some("The file cannot be used as a list of trusted keys.".into()),
                ..props("keys-file", "Trusted school keys (optional)")
            },
        ),
        example(
            "with error only",
            FileUploadProps {
                error: Some("Choose a file smaller than 20 MB.".into()),
                accept: Some(".pdf,.docx,.jpg,.png".into()),
                ..props("evidence-file", "Medical evidence")
            },
        ),
        example(
            "busy, chosen again after",
            FileUploadProps {
                hint: html! { "A file ending .esma-draft.json" },
                disabled: true,
                clear_after_choice: true,
                label_classes: Classes::new(),
                children: html! { <p class="govuk-body" role="status">{ "Checking the file…" }</p> },
                ..props(
                    "import-draft",
                    "Open a draft file exported from this service",
                )
            },
        ),
    ]
}
