//! Each component's examples, drawn one by one and checked against their
//! props: the markup that GOV.UK Frontend's styles and screen readers expect.
//! Then what the components do: focus, links to fields, choosing a file.

use std::cell::RefCell;
use std::rc::Rc;

use esma_app::components::back_link::{self, back_link_saying};
use esma_app::components::details::{self, Details};
use esma_app::components::error_summary::{self, ErrorSummary};
use esma_app::components::file_upload::{self, FileUpload, FileUploadProps};
use esma_app::components::notification_banner::{self, NotificationBanner};
use esma_app::components::panel::{self, Panel};
use esma_app::components::summary_list::{
    self, ActionTarget, RowValue, SummaryAction, SummaryList, SummaryListProps, SummaryRow,
};
use esma_app::components::warning_text::{self, WarningText};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::{find, mount, wait_until, Show, ShowProps};

/// The element's text, trimmed.
fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default().trim().to_owned()
}

fn one(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn has_class(element: &Element, class: &str) -> bool {
    element.class_name().split_whitespace().any(|c| c == class)
}

/// Each class in `classes`.
fn each(classes: &Classes) -> Vec<String> {
    classes
        .to_string()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn active_id() -> Option<String> {
    gloo::utils::document().active_element().map(|e| e.id())
}

#[wasm_bindgen_test]
async fn back_links_go_where_their_examples_say() {
    for e in back_link::examples() {
        let props = e.props.clone();
        let html = back_link_saying(e.props.href, e.props.text);
        let (root, _handle) = mount::<Show>(ShowProps { html }).await;
        let link = root.first_element_child().unwrap();
        assert_eq!(link.tag_name(), "A", "{}", e.name);
        assert!(has_class(&link, "govuk-back-link"), "{}", e.name);
        assert_eq!(
            link.get_attribute("href").as_deref(),
            Some(&*props.href),
            "{}",
            e.name
        );
        assert_eq!(text(&link), props.text.as_str(), "{}", e.name);
    }
}

#[wasm_bindgen_test]
async fn warning_text_hides_its_icon_and_says_warning_instead() {
    for e in warning_text::examples() {
        let props = e.props.clone();
        let (root, _handle) = mount::<WarningText>(e.props).await;
        let warning = root.first_element_child().unwrap();
        assert!(has_class(&warning, "govuk-warning-text"), "{}", e.name);
        let icon = one(&warning, ".govuk-warning-text__icon").unwrap();
        assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
        assert_eq!(text(&icon), "!");
        let hidden = one(
            &warning,
            "strong.govuk-warning-text__text > .govuk-visually-hidden",
        )
        .expect("the icon's words for screen readers");
        assert_eq!(
            text(&hidden),
            props.icon_fallback_text.as_str(),
            "{}",
            e.name
        );
        // Read as "Warning You cannot…", not "WarningYou cannot…".
        let strong = one(&warning, "strong").unwrap();
        assert!(
            strong
                .text_content()
                .unwrap()
                .starts_with(&format!("{} ", props.icon_fallback_text)),
            "{}",
            e.name
        );
        assert_eq!(
            warning.get_attribute("role"),
            props.role.map(|r| r.to_string())
        );
        assert_eq!(warning.get_attribute("id"), props.id.map(|r| r.to_string()));
    }
}

#[wasm_bindgen_test]
async fn panels_have_their_heading_and_take_focus_when_asked() {
    for e in panel::examples() {
        let props = e.props.clone();
        let (root, _handle) = mount::<Panel>(e.props).await;
        let panel = root.first_element_child().unwrap();
        assert!(has_class(&panel, "govuk-panel"), "{}", e.name);
        assert!(has_class(&panel, "govuk-panel--confirmation"), "{}", e.name);
        let title = one(&panel, ".govuk-panel__title").unwrap();
        assert_eq!(
            title.tag_name(),
            format!("H{}", props.heading_level),
            "{}",
            e.name
        );
        assert_eq!(text(&title), props.title.as_str());
        assert_eq!(
            one(&panel, ".govuk-panel__body").is_some(),
            props.children != Html::default(),
            "{}",
            e.name
        );
        if props.focus {
            assert_eq!(panel.get_attribute("tabindex").as_deref(), Some("-1"));
            assert!(
                wait_until(|| gloo::utils::document().active_element() == Some(panel.clone()))
                    .await,
                "{}: the panel takes focus",
                e.name
            );
        } else {
            assert_eq!(panel.get_attribute("tabindex"), None, "{}", e.name);
        }
    }
}

#[wasm_bindgen_test]
async fn details_open_from_their_summary() {
    for e in details::examples() {
        let props = e.props.clone();
        let (root, _handle) = mount::<Details>(e.props).await;
        let details = root.first_element_child().unwrap();
        assert_eq!(details.tag_name(), "DETAILS", "{}", e.name);
        assert!(has_class(&details, "govuk-details"));
        for class in each(&props.classes) {
            assert!(has_class(&details, &class), "{}: {class}", e.name);
        }
        let summary: HtmlElement = one(
            &details,
            "summary.govuk-details__summary > .govuk-details__summary-text",
        )
        .unwrap()
        .parent_element()
        .unwrap()
        .unchecked_into();
        assert_eq!(text(&summary), props.summary.as_str());
        assert!(one(&details, ".govuk-details__text").is_some());
        assert_eq!(details.has_attribute("open"), props.open, "{}", e.name);
        summary.click();
        assert_eq!(details.has_attribute("open"), !props.open, "{}", e.name);
    }
}

#[wasm_bindgen_test]
async fn notification_banners_are_named_by_their_title() {
    for e in notification_banner::examples() {
        let props = e.props.clone();
        let (root, _handle) = mount::<NotificationBanner>(e.props).await;
        let banner = root.first_element_child().unwrap();
        assert!(
            has_class(&banner, "govuk-notification-banner"),
            "{}",
            e.name
        );
        // News is not printed and is a region; an outcome is announced.
        let (class, role, default_title) = if props.success {
            ("govuk-notification-banner--success", "alert", "Success")
        } else {
            ("app-no-print", "region", "Important")
        };
        assert!(has_class(&banner, class), "{}", e.name);
        assert_eq!(
            has_class(&banner, "app-no-print"),
            !props.success,
            "{}",
            e.name
        );
        assert_eq!(banner.get_attribute("role").as_deref(), Some(role));
        assert_eq!(
            banner.get_attribute("aria-labelledby").as_deref(),
            Some(&*props.title_id)
        );
        let title = one(&banner, &format!("#{}", props.title_id)).expect("the title");
        assert!(has_class(&title, "govuk-notification-banner__title"));
        assert_eq!(title.tag_name(), "H2");
        assert_eq!(
            text(&title),
            props.title.as_deref().unwrap_or(default_title),
            "{}",
            e.name
        );
        assert!(one(&banner, ".govuk-notification-banner__header > h2").is_some());
        assert!(one(&banner, ".govuk-notification-banner__content").is_some());
        assert_eq!(
            one(
                &banner,
                ".govuk-notification-banner__content > p.govuk-notification-banner__heading"
            )
            .is_some(),
            props.heading != Html::default(),
            "{}",
            e.name
        );
    }
}

#[wasm_bindgen_test]
async fn summary_lists_show_each_row_and_name_what_actions_change() {
    for e in summary_list::examples() {
        let props = e.props.clone();
        let (root, _handle) = mount::<SummaryList>(e.props).await;
        let list = match &props.card {
            None => root.first_element_child().unwrap(),
            Some(card) => {
                // The card: its title, its actions, the list inside.
                let outer = root.first_element_child().unwrap();
                assert!(has_class(&outer, "govuk-summary-card"), "{}", e.name);
                assert_eq!(
                    outer.get_attribute("id"),
                    card.id.as_ref().map(|i| i.to_string())
                );
                let title = one(&outer, "h2.govuk-summary-card__title").unwrap();
                assert_eq!(text(&title), card.title.as_str(), "{}", e.name);
                let actions = outer
                    .query_selector_all(
                        ".govuk-summary-card__actions > .govuk-summary-card__action > a",
                    )
                    .unwrap();
                assert_eq!(actions.length() as usize, card.actions.len(), "{}", e.name);
                one(&outer, ".govuk-summary-card__content > dl").unwrap()
            }
        };
        assert_eq!(list.tag_name(), "DL", "{}", e.name);
        assert!(has_class(&list, "govuk-summary-list"));
        assert_eq!(list.get_attribute("id"), props.id.map(|i| i.to_string()));
        let rows = list
            .query_selector_all(":scope > .govuk-summary-list__row")
            .unwrap();
        assert_eq!(rows.length() as usize, props.rows.len(), "{}", e.name);
        let any_actions = props.rows.iter().any(|r| !r.actions.is_empty());
        for (i, want) in props.rows.iter().enumerate() {
            let row: Element = rows.item(i as u32).unwrap().unchecked_into();
            let name = format!("{}, row {i}", e.name);
            assert_eq!(
                text(&one(&row, "dt.govuk-summary-list__key").unwrap()),
                want.key.as_str(),
                "{name}"
            );
            for class in each(&want.classes) {
                assert!(has_class(&row, &class), "{name}: {class}");
            }
            let value = one(&row, "dd.govuk-summary-list__value").unwrap();
            if let RowValue::Answer(answer) = &want.value {
                // Line breaks kept; an empty answer says so, in grey.
                let shown = one(&value, ":scope > span").unwrap();
                if answer.is_empty() {
                    assert!(has_class(&shown, "app-not-answered"), "{name}");
                    assert_eq!(text(&shown), "Not answered", "{name}");
                } else {
                    assert!(has_class(&shown, "app-pre-wrap"), "{name}");
                    assert_eq!(shown.text_content().unwrap(), answer.as_str(), "{name}");
                }
            }
            assert_eq!(
                has_class(&row, "govuk-summary-list__row--no-actions"),
                any_actions && want.actions.is_empty(),
                "{name}: columns line up"
            );
            let actions = match want.actions.len() {
                0 => {
                    assert!(one(&row, ".govuk-summary-list__actions").is_none(), "{name}");
                    continue;
                }
                1 => {
                    assert!(one(&row, "ul").is_none(), "{name}: one action, no list");
                    row.query_selector_all(".govuk-summary-list__actions > a, .govuk-summary-list__actions > button")
                }
                _ => row.query_selector_all(
                    ".govuk-summary-list__actions-list > .govuk-summary-list__actions-list-item > *",
                ),
            }
            .unwrap();
            assert_eq!(actions.length() as usize, want.actions.len(), "{name}");
            for (j, action) in want.actions.iter().enumerate() {
                let got: Element = actions.item(j as u32).unwrap().unchecked_into();
                let hidden = one(&got, ".govuk-visually-hidden").expect("what it acts on");
                assert_eq!(
                    hidden.text_content().unwrap(),
                    format!(" {}", action.context)
                );
                assert_eq!(
                    got.text_content().unwrap(),
                    format!("{} {}", action.label, action.context),
                    "{name}"
                );
                match &action.target {
                    ActionTarget::Link(href) => {
                        assert_eq!(got.tag_name(), "A");
                        assert!(has_class(&got, "govuk-link"));
                        assert_eq!(got.get_attribute("href").as_deref(), Some(&**href));
                    }
                    ActionTarget::Button(_) => {
                        assert_eq!(got.tag_name(), "BUTTON");
                        assert_eq!(got.get_attribute("type").as_deref(), Some("button"));
                    }
                }
            }
        }
    }
}

#[wasm_bindgen_test]
async fn a_summary_list_button_does_what_it_says() {
    let pressed = Rc::new(RefCell::new(Vec::new()));
    let press = |what: &'static str| {
        let pressed = pressed.clone();
        Callback::from(move |()| pressed.borrow_mut().push(what))
    };
    let props = SummaryListProps {
        rows: vec![SummaryRow::new("letter.pdf", "850 KB")
            .action(SummaryAction::button(press("view"), "View", "letter.pdf"))
            .action(SummaryAction::button(
                press("remove"),
                "Remove",
                "letter.pdf",
            ))],
        id: None,
        classes: Classes::new(),
        card: None,
    };
    let (root, _handle) = mount::<SummaryList>(props).await;
    let buttons = root.query_selector_all("button").unwrap();
    buttons
        .item(1)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    buttons
        .item(0)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    assert_eq!(*pressed.borrow(), ["remove", "view"]);
}

#[wasm_bindgen_test]
async fn file_uploads_tie_their_hint_and_error_to_the_input() {
    for e in file_upload::examples() {
        let props = e.props.clone();
        let id = props.id.to_string();
        let (root, _handle) = mount::<FileUpload>(e.props).await;
        let group = root.first_element_child().unwrap();
        assert!(has_class(&group, "govuk-form-group"));
        let error = props.error.is_some();
        assert_eq!(
            has_class(&group, "govuk-form-group--error"),
            error,
            "{}",
            e.name
        );
        let label =
            one(&group, &format!("label.govuk-label[for='{id}']")).expect("a label for the input");
        assert_eq!(text(&label), props.label.as_str());
        for class in each(&props.label_classes) {
            assert!(has_class(&label, &class), "{}: {class}", e.name);
        }
        let input: HtmlInputElement = one(&group, &format!("input#{id}"))
            .unwrap()
            .unchecked_into();
        assert_eq!(input.type_(), "file");
        assert_eq!(input.name(), id);
        assert!(has_class(&input, "govuk-file-upload"));
        assert_eq!(
            has_class(&input, "govuk-file-upload--error"),
            error,
            "{}",
            e.name
        );
        assert_eq!(input.disabled(), props.disabled, "{}", e.name);
        assert_eq!(
            input.get_attribute("accept"),
            props.accept.map(|a| a.to_string())
        );

        let mut described_by = Vec::new();
        let hint = one(&group, &format!("#{id}-hint"));
        assert_eq!(hint.is_some(), props.hint != Html::default(), "{}", e.name);
        if let Some(element) = hint {
            assert!(has_class(&element, "govuk-hint"));
            assert!(!text(&element).is_empty(), "{}", e.name);
            assert_eq!(
                element.get_attribute("aria-live").as_deref(),
                props.live_hint.then_some("polite"),
                "{}",
                e.name
            );
            described_by.push(file_upload::hint_id(&id));
        }
        if let Some(message) = &props.error {
            let element = one(&group, &format!("#{id}-error")).expect("the error message");
            assert!(has_class(&element, "govuk-error-message"));
            assert_eq!(
                text(&one(&element, ".govuk-visually-hidden").unwrap()),
                "Error:"
            );
            assert_eq!(text(&element), format!("Error: {message}"));
            described_by.push(file_upload::error_id(&id));
        }
        let want = (!described_by.is_empty()).then(|| described_by.join(" "));
        assert_eq!(input.get_attribute("aria-describedby"), want, "{}", e.name);
    }
}

/// Chooses `file` in the input, as a person does in the file chooser.
fn choose(input: &HtmlInputElement, file: &web_sys::File) {
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(file).unwrap();
    input.set_files(transfer.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_file_upload_hands_over_the_chosen_file() {
    for clear_after_choice in [false, true] {
        let chosen = Rc::new(RefCell::new(Vec::new()));
        let record = chosen.clone();
        let props = FileUploadProps {
            clear_after_choice,
            onchoose: Callback::from(move |file: web_sys::File| {
                record.borrow_mut().push(file.name())
            }),
            ..file_upload::examples().remove(1).props
        };
        let id = props.id.to_string();
        let (root, _handle) = mount::<FileUpload>(props).await;
        let input: HtmlInputElement = find(&root, &format!("#{id}")).await.unchecked_into();
        let parts = js_sys::Array::of1(&"{}".into());
        let file = web_sys::File::new_with_str_sequence(&parts, "pack.esma-pack.json").unwrap();
        choose(&input, &file);
        assert_eq!(*chosen.borrow(), ["pack.esma-pack.json"]);
        let kept = input.files().map(|f| f.length()).unwrap_or(0);
        assert_eq!(kept, if clear_after_choice { 0 } else { 1 });
    }
}

#[wasm_bindgen_test]
async fn error_summaries_list_their_problems() {
    for e in error_summary::examples() {
        let props = e.props.clone();
        let (root, _handle) = mount::<ErrorSummary>(e.props).await;
        let summary = root.first_element_child().unwrap();
        assert!(has_class(&summary, "govuk-error-summary"), "{}", e.name);
        assert_eq!(summary.id(), props.id.as_str());
        for class in each(&props.classes) {
            assert!(has_class(&summary, &class), "{}: {class}", e.name);
        }
        // The role is on an inner element, so that focus does not race it.
        let inner = one(&summary, ":scope > div").unwrap();
        assert_eq!(
            inner.get_attribute("role"),
            props.role.as_ref().map(|r| r.to_string()),
            "{}",
            e.name
        );
        let title = one(&inner, ":scope > h2.govuk-error-summary__title").unwrap();
        assert_eq!(text(&title), props.title.as_str(), "{}", e.name);
        let has_body = !props.problems.0.is_empty()
            || props.description.is_some()
            || props.children != Html::default();
        assert_eq!(
            one(&summary, ".govuk-error-summary__body").is_some(),
            has_body,
            "{}",
            e.name
        );
        assert_eq!(
            one(&summary, ".govuk-error-summary__body > p:not([class])").map(|p| text(&p)),
            props.description.map(|d| d.to_string()),
            "{}",
            e.name
        );
        let items = summary
            .query_selector_all(
                ".govuk-error-summary__body > ul.govuk-list.govuk-error-summary__list > li",
            )
            .unwrap();
        assert_eq!(
            items.length() as usize,
            props.problems.0.len(),
            "{}",
            e.name
        );
        if props.problems.0.is_empty() {
            assert!(one(&summary, "ul").is_none(), "{}", e.name);
        }
        for (i, problem) in props.problems.0.iter().enumerate() {
            let item: Element = items.item(i as u32).unwrap().unchecked_into();
            assert_eq!(text(&item), problem.message.as_str());
            let link = one(&item, "a");
            assert_eq!(
                link.and_then(|a| a.get_attribute("href")),
                problem
                    .href
                    .as_ref()
                    .map(|h| h.to_string())
                    .or_else(|| problem.field.as_ref().map(|f| format!("#{f}"))),
                "{}",
                e.name
            );
        }
        // The examples have attempt 0: they never take focus.
        assert_ne!(
            active_id().as_deref(),
            Some(props.id.as_str()),
            "{}",
            e.name
        );
    }
}
