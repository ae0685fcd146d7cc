//! The wizard's question fields: label, hint and messages tied to the input,
//! and each kind of question bound to its field path.

use esma_app::components::question::{Input, QuestionField, QuestionFieldProps, Shown};
use esma_app::form::questions::{questions, Kind, Section};
use esma_app::form::state::Issue;
use esma_core::referral::Referral;
use esma_core::rules::Severity;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{find, root};

fn question(path: &str) -> esma_app::form::questions::Question {
    let r = Referral::default();
    Section::ALL
        .into_iter()
        .flat_map(|s| questions(s, &r))
        .find(|q| q.path == path)
        .expect("the question exists")
}

#[wasm_bindgen_test]
async fn a_question_with_a_problem_ties_hint_and_message_to_its_input() {
    let root = root();
    let props = QuestionFieldProps {
        question: question("pupil.upn"),
        shown: Shown::Text("A12".into()),
        issues: vec![Issue {
            field: "pupil.upn".into(),
            severity: Severity::Blocking,
            message: "Enter the pupil's UPN".into(),
            rule: Some("pupil-upn"),
        }],
        districts: vec![],
        accept: String::new(),
        busy: false,
        remove_href: None,
        oninput: Callback::noop(),
    };
    yew::Renderer::<QuestionField>::with_root_and_props(root.clone(), props).render();
    let input = find(&root, "#f-pupil-upn").await;
    let described = input.get_attribute("aria-describedby").unwrap();
    assert!(described.contains("f-pupil-upn-hint"), "{described}");
    assert!(described.contains("f-pupil-upn-messages"), "{described}");
    assert!(root
        .query_selector(".govuk-form-group--error")
        .unwrap()
        .is_some());
    let message = find(&root, "#f-pupil-upn-messages .govuk-error-message").await;
    assert!(message
        .text_content()
        .unwrap()
        .contains("Error: Enter the pupil's UPN"));
    // The policy sentence behind it is one click away, after the input:
    // nothing focusable comes between the label and the input.
    let details = root
        .query_selector("details.app-source")
        .unwrap()
        .expect("the source");
    assert!(details.query_selector("blockquote").unwrap().is_some());
    let after = input.compare_document_position(&details);
    assert_ne!(
        after & web_sys::Node::DOCUMENT_POSITION_FOLLOWING,
        0,
        "the source follows the input"
    );
    let focusable = root
        .query_selector_all("input, select, textarea, summary, a, button")
        .unwrap();
    let first: web_sys::Element = focusable.item(0).unwrap().unchecked_into();
    assert_eq!(first.id(), "f-pupil-upn", "the input is the first stop");
    assert_eq!(input.unchecked_into::<HtmlInputElement>().value(), "A12");
}

#[wasm_bindgen_test]
async fn a_warning_is_not_styled_as_an_error() {
    let root = root();
    let props = QuestionFieldProps {
        question: question("baseline.pupilVoice"),
        shown: Shown::Text(String::new()),
        issues: vec![Issue {
            field: "baseline.pupilVoice".into(),
            severity: Severity::Warning,
            message: "Record the pupil's views".into(),
            rule: Some("baseline-pupil-voice"),
        }],
        districts: vec![],
        accept: String::new(),
        busy: false,
        remove_href: None,
        oninput: Callback::noop(),
    };
    yew::Renderer::<QuestionField>::with_root_and_props(root.clone(), props).render();
    find(&root, ".app-warning-message").await;
    assert!(root
        .query_selector(".govuk-error-message")
        .unwrap()
        .is_none());
    assert!(root
        .query_selector(".govuk-form-group--error")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_date_question_reports_each_box_and_the_day_takes_the_questions_id() {
    let root = root();
    let seen: Rc<RefCell<Vec<(String, Input)>>> = Rc::default();
    let record = seen.clone();
    let props = QuestionFieldProps {
        question: question("pupil.dateOfBirth"),
        shown: Shown::Date("5".into(), String::new(), "2013".into()),
        issues: vec![],
        districts: vec![],
        accept: String::new(),
        busy: false,
        remove_href: None,
        oninput: Callback::from(move |event| record.borrow_mut().push(event)),
    };
    yew::Renderer::<QuestionField>::with_root_and_props(root.clone(), props).render();
    let day = find(&root, "#f-pupil-dateOfBirth").await;
    assert_eq!(day.unchecked_ref::<HtmlInputElement>().value(), "5");
    let month: HtmlInputElement = find(&root, "#f-pupil-dateOfBirth-month")
        .await
        .unchecked_into();
    month.set_value("3");
    month
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    let events = seen.borrow();
    assert!(matches!(
        events.last(),
        Some((path, Input::DatePart(esma_app::form::state::DatePart::Month, text)))
            if path == "pupil.dateOfBirth" && text == "3"
    ));
    assert!(root
        .query_selector("fieldset[role=group] legend")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn every_question_kind_renders_with_its_field_path() {
    let r = Referral::default();
    for section in Section::ALL {
        for q in questions(section, &r) {
            let root = root();
            let shown = match q.kind {
                Kind::YesNo => Shown::Bool(None),
                Kind::Date => Shown::Date(String::new(), String::new(), String::new()),
                Kind::Attachment(_) => Shown::File(None),
                _ => Shown::Text(String::new()),
            };
            let props = QuestionFieldProps {
                question: q.clone(),
                shown,
                issues: vec![],
                districts: vec![("Stevenage".into(), "Stevenage (East area)".into())],
                accept: String::new(),
                busy: false,
                remove_href: None,
                oninput: Callback::noop(),
            };
            yew::Renderer::<QuestionField>::with_root_and_props(root.clone(), props).render();
            find(&root, &format!("[data-field=\"{}\"]", q.path)).await;
            // Something focusable carries the id that problem links point at.
            let id = esma_app::form::fields::input_id(&q.path);
            assert!(
                root.query_selector(&format!("#{id}")).unwrap().is_some(),
                "{}",
                q.path
            );
        }
    }
}
