//! An optional drawn signature: a `<canvas>` that takes a mouse, a finger or
//! a pen (pointer events), and a "Clear" button.
//!
//! It is never required: the typed full name is the signature, and the page
//! says so, so nobody who cannot draw is shut out. The canvas is not in the
//! tab order (there is nothing a keyboard can do there), so it cannot trap
//! focus; it has an accessible name and is described by its hint. The
//! response records the drawing as a PNG data URL. Coming back to the page
//! (to change an answer) shows the drawing kept, with "Clear" to draw again.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};
use yew::prelude::*;

/// The canvas's drawing size; CSS scales it to the column's width.
pub const WIDTH: u32 = 600;
pub const HEIGHT: u32 = 200;

#[derive(Properties, PartialEq)]
pub struct SignaturePadProps {
    /// A drawing made earlier on this visit, shown instead of an empty box.
    #[prop_or_default]
    pub initial: Option<String>,
    /// Called after each stroke with the drawing as a PNG data URL, and
    /// with `None` after "Clear".
    pub onchange: Callback<Option<String>>,
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// The point under the pointer, in the canvas's coordinates.
fn point(canvas: &HtmlCanvasElement, e: &PointerEvent) -> (f64, f64) {
    let scale_x = f64::from(WIDTH) / f64::from(canvas.client_width().max(1));
    let scale_y = f64::from(HEIGHT) / f64::from(canvas.client_height().max(1));
    let x = (f64::from(e.offset_x()) * scale_x).clamp(0.0, f64::from(WIDTH));
    let y = (f64::from(e.offset_y()) * scale_y).clamp(0.0, f64::from(HEIGHT));
    (x, y)
}

#[function_component(SignaturePad)]
pub fn signature_pad(props: &SignaturePadProps) -> Html {
    let canvas = use_node_ref();
    let last = use_mut_ref(|| None::<(f64, f64)>);
    let drawing = use_mut_ref(|| None::<i32>);
    let has_drawing = use_state(|| false);
    // The drawing kept from before, until cleared.
    let kept = use_state(|| props.initial.clone());

    // The pen: dark, round, a little thick so a finger's line reads well
    // (set again when the box replaces a kept drawing).
    {
        let canvas = canvas.clone();
        use_effect_with(kept.is_none(), move |_| {
            if let Some(ctx) = canvas
                .cast::<HtmlCanvasElement>()
                .as_ref()
                .and_then(context)
            {
                ctx.set_line_width(3.0);
                ctx.set_line_cap("round");
                ctx.set_line_join("round");
                ctx.set_stroke_style_str("#0b0c0c");
            }
        });
    }

    let onpointerdown = {
        let (canvas, last, drawing) = (canvas.clone(), last.clone(), drawing.clone());
        Callback::from(move |e: PointerEvent| {
            // Only the main button of a mouse; any touch or pen contact.
            if e.pointer_type() == "mouse" && e.button() != 0 {
                return;
            }
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            e.prevent_default();
            let _ = c.set_pointer_capture(e.pointer_id());
            *drawing.borrow_mut() = Some(e.pointer_id());
            let p = point(&c, &e);
            *last.borrow_mut() = Some(p);
            if let Some(ctx) = context(&c) {
                // A dot, so a tap shows.
                ctx.begin_path();
                ctx.move_to(p.0, p.1);
                ctx.line_to(p.0 + 0.1, p.1 + 0.1);
                ctx.stroke();
            }
        })
    };
    let onpointermove = {
        let (canvas, last, drawing) = (canvas.clone(), last.clone(), drawing.clone());
        Callback::from(move |e: PointerEvent| {
            if *drawing.borrow() != Some(e.pointer_id()) {
                return;
            }
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let p = point(&c, &e);
            let Some(from) = last.borrow_mut().replace(p) else {
                return;
            };
            if let Some(ctx) = context(&c) {
                ctx.begin_path();
                ctx.move_to(from.0, from.1);
                ctx.line_to(p.0, p.1);
                ctx.stroke();
            }
        })
    };
    let onpointerup = {
        let (canvas, drawing, has_drawing, onchange) = (
            canvas.clone(),
            drawing.clone(),
            has_drawing.clone(),
            props.onchange.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            if drawing
                .borrow_mut()
                .take_if(|id| *id == e.pointer_id())
                .is_none()
            {
                return;
            }
            has_drawing.set(true);
            let png = canvas
                .cast::<HtmlCanvasElement>()
                .and_then(|c| c.to_data_url_with_type("image/png").ok());
            onchange.emit(png);
        })
    };
    let onclear = {
        let (canvas, has_drawing, onchange, kept) = (
            canvas.clone(),
            has_drawing.clone(),
            props.onchange.clone(),
            kept.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            kept.set(None);
            if let Some(ctx) = canvas
                .cast::<HtmlCanvasElement>()
                .as_ref()
                .and_then(context)
            {
                ctx.clear_rect(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT));
            }
            has_drawing.set(false);
            onchange.emit(None);
        })
    };
    // A context menu or a scroll would end a stroke drawn with a finger.
    let oncontextmenu = Callback::from(|e: MouseEvent| e.prevent_default());
    html! {
        <div class="govuk-form-group">
            <fieldset class="govuk-fieldset" aria-describedby="signature-hint">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ "Draw your signature (optional)" }</legend>
                <div class="govuk-hint" id="signature-hint">
                    { "You do not have to draw a signature: your typed full name is enough on its own. If you want to, draw it in the box with a mouse, your finger or a pen." }
                </div>
                if let Some(png) = &*kept {
                    <img class="app-signature" id="signature" src={png.clone()} alt="Your drawn signature" />
                } else {
                    <canvas class="app-signature" id="signature" ref={canvas}
                        width={WIDTH.to_string()} height={HEIGHT.to_string()}
                        role="img" aria-label={if *has_drawing { "Your drawn signature" } else { "Box to draw your signature in (empty)" }}
                        {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup}
                        {oncontextmenu} />
                }
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-top-2 govuk-!-margin-bottom-0" id="signature-clear" onclick={onclear}>
                    { "Clear" }<span class="govuk-visually-hidden">{ " the drawn signature" }</span>
                </button>
            </fieldset>
        </div>
    }
}
