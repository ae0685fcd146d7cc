//! What the error summary does: it takes focus when it appears and at each
//! attempt, and each link moves focus to its field with the field's label or
//! legend in view, without changing the address.

use esma_app::components::error_summary::{self, ErrorItem, ErrorSummary, ErrorSummaryProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::{find, mount, root, wait_until, Show, ShowProps};

fn active_id() -> Option<String> {
    gloo::utils::document().active_element().map(|e| e.id())
}

fn summary_of(id: &'static str, problems: Vec<ErrorItem>, attempt: u32) -> ErrorSummaryProps {
    ErrorSummaryProps {
        id: id.into(),
        attempt,
        problems: error_summary::Problems(problems),
        ..error_summary::examples().remove(0).props
    }
}

#[wasm_bindgen_test]
async fn an_error_summary_takes_focus_when_it_appears_and_at_each_attempt() {
    let problems = vec![ErrorItem::field("f-somewhere", "Enter something")];
    let (_root, mut mounted) =
        mount::<ErrorSummary>(summary_of("focus-summary", problems.clone(), 1)).await;
    assert!(wait_until(|| active_id().as_deref() == Some("focus-summary")).await);

    // Focus moves on; the next attempt brings it back.
    gloo::utils::document().body().unwrap().focus().unwrap();
    mounted.update(summary_of("focus-summary", problems.clone(), 2));
    assert!(wait_until(|| active_id().as_deref() == Some("focus-summary")).await);

    // Attempt 0 never takes focus.
    let (_root, _handle) = mount::<ErrorSummary>(summary_of("quiet-summary", problems, 0)).await;
    assert_eq!(active_id().as_deref(), Some("focus-summary"));
}

#[wasm_bindgen_test]
async fn an_error_summary_with_nothing_to_say_draws_nothing() {
    let props = summary_of("empty-summary", vec![], 1);
    let (root, _handle) = mount::<Show>(ShowProps {
        html: html! { <div class="wrapper"><ErrorSummary ..props /></div> },
    })
    .await;
    let wrapper = find(&root, ".wrapper").await;
    assert!(wrapper.first_element_child().is_none());
}

#[wasm_bindgen_test]
async fn an_error_summary_with_a_title_of_its_own_is_drawn_with_nothing_more() {
    let props = ErrorSummaryProps {
        title: "2 problems must be put right".into(),
        ..summary_of("titled-summary", vec![], 0)
    };
    let (root, _handle) = mount::<ErrorSummary>(props).await;
    let summary = find(&root, "#titled-summary").await;
    assert_eq!(
        summary.text_content().unwrap_or_default().trim(),
        "2 problems must be put right"
    );
}

/// A field far down the page, with more page below it.
fn far_field(markup: &str) -> Element {
    let field = root();
    field.set_inner_html(&format!(
        "<div style=\"height: 3000px\"></div>{markup}<div style=\"height: 3000px\"></div>"
    ));
    field
}

fn in_top_half(element: &Element) -> bool {
    let top = element.get_bounding_client_rect().top();
    let screen = web_sys::window()
        .unwrap()
        .inner_height()
        .unwrap()
        .as_f64()
        .unwrap();
    // Scrolled to the top, an element can sit a fraction of a pixel above
    // it: the page scrolls by whole pixels, and what is above it (other
    // tests' content) can be a fractional height.
    (-1.0..screen / 2.0).contains(&top)
}

async fn click_problem(summary_id: &'static str, field: &'static str) {
    let (root, _handle) = mount::<ErrorSummary>(summary_of(
        summary_id,
        vec![ErrorItem::field(field, "Answer this")],
        0,
    ))
    .await;
    let hash_before = web_sys::window().unwrap().location().hash().unwrap();
    let link: HtmlElement = find(&root, &format!("a[href='#{field}']"))
        .await
        .unchecked_into();
    link.click();
    assert_eq!(
        web_sys::window().unwrap().location().hash().unwrap(),
        hash_before,
        "the address does not change (the app routes by it)"
    );
}

#[wasm_bindgen_test]
async fn an_error_summary_link_focuses_its_field_with_the_label_in_view() {
    let field = far_field(
        // The label on a line of its own above the input, styles or not.
        "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"far-name\" id=\"far-name-label\" style=\"display: block\">Your full name</label>\
         <input class=\"govuk-input\" id=\"far-name\" type=\"text\"></div>",
    );
    click_problem("name-summary", "far-name").await;
    assert_eq!(active_id().as_deref(), Some("far-name"));
    let label = gloo::utils::document()
        .get_element_by_id("far-name-label")
        .unwrap();
    assert!(in_top_half(&label), "the label is in view, above its input");
    field.remove();
}

#[wasm_bindgen_test]
async fn an_error_summary_link_to_a_radio_brings_its_legend_into_view() {
    let field = far_field(
        "<fieldset class=\"govuk-fieldset\"><legend id=\"far-consent-legend\">Do you give consent?</legend>\
         <p style=\"height: 200px\">Some words about it.</p>\
         <input type=\"radio\" id=\"far-consent\" name=\"far-consent\" value=\"yes\"><label for=\"far-consent\">Yes</label>\
         <input type=\"radio\" id=\"far-consent-2\" name=\"far-consent\" value=\"no\"><label for=\"far-consent-2\">No</label></fieldset>",
    );
    click_problem("consent-summary", "far-consent").await;
    assert_eq!(active_id().as_deref(), Some("far-consent"));
    let legend = gloo::utils::document()
        .get_element_by_id("far-consent-legend")
        .unwrap();
    assert!(in_top_half(&legend), "the question is in view");
    field.remove();
}

#[wasm_bindgen_test]
async fn an_error_summary_link_to_a_part_of_a_field_focuses_the_field() {
    // Rules can name a part of a field that has no input of its own
    // (an attachment's size): the nearest enclosing field takes focus.
    let field = far_field("<div id=\"f-attachments-0\" tabindex=\"-1\"><p>letter.pdf</p></div>");
    click_problem("part-summary", "f-attachments-0-size").await;
    assert_eq!(active_id().as_deref(), Some("f-attachments-0"));
    field.remove();
}
