//! The reply to the school: read-only text with "Copy reply" and "Download reply".

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::web::{dom, files};

#[derive(Properties, PartialEq)]
pub struct ReplyBoxProps {
    pub reply: String,
    /// The name to save it as (`Verification::reply_file_name`: checked
    /// content only).
    pub file_name: String,
}

/// The reply to the school, read-only, with "Copy reply" and "Download reply".
#[function_component(ReplyBox)]
pub fn reply_box(props: &ReplyBoxProps) -> Html {
    let textarea = use_node_ref();
    let status = use_state(|| None::<String>);
    let oncopy = {
        let textarea = textarea.clone();
        let status = status.clone();
        let reply = props.reply.clone();
        Callback::from(move |_: MouseEvent| {
            let (textarea, status, reply) = (textarea.clone(), status.clone(), reply.clone());
            spawn_local(async move {
                match dom::write_clipboard(&reply).await {
                    Ok(()) => status.set(Some(
                        "Reply copied. Paste it into your email to the school.".into(),
                    )),
                    Err(_) => {
                        // No clipboard access: select the text so Ctrl+C copies it.
                        if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                            let _ = t.focus();
                            t.select();
                        }
                        status.set(Some("Your browser did not let the service copy. The reply is selected: press Ctrl and C (or Cmd and C on a Mac) to copy it.".into()));
                    }
                }
            });
        })
    };
    let ondownload = {
        let status = status.clone();
        let reply = props.reply.clone();
        let name = props.file_name.clone();
        Callback::from(move |_: MouseEvent| {
            if files::download(&name, "text/plain;charset=utf-8", reply.as_bytes()).is_err() {
                status.set(Some(
                    "The reply could not be saved. Copy it instead.".into(),
                ));
            }
        })
    };
    let rows = (props.reply.lines().count() + 2).clamp(6, 30).to_string();
    html! {
        <section aria-labelledby="reply-heading">
            <h2 class="govuk-heading-m" id="reply-heading">{ "Reply to the school" }</h2>
            <div class="govuk-form-group">
                <label class="govuk-label" for="reply-text">{ "The text of a reply explaining the result. Check it before you send it." }</label>
                <textarea class="govuk-textarea" id="reply-text" rows={rows} readonly=true ref={textarea} value={props.reply.clone()} />
            </div>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" onclick={oncopy}>{ "Copy reply" }</button>
                <button type="button" class="govuk-button govuk-button--secondary" onclick={ondownload}>{ "Download reply" }</button>
            </div>
            <p class="govuk-body" aria-live="polite" id="reply-status">{ status.as_deref().unwrap_or_default() }</p>
        </section>
    }
}
