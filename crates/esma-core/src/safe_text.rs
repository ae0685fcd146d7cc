//! Text from a file, made safe to print or to put in a file name.
//!
//! A string from a pack, a consent file or a key list can carry terminal
//! escapes (which clear a screen and print a fake verdict), line breaks
//! (which forge a line of output), bidirectional overrides (which make
//! `gpj.exe` read as `exe.jpg`) and invisible characters. [`sanitise`]
//! removes all of them; every string the CLI or the pages print from a file,
//! or put in a file name, goes through it (or [`sanitise_lines`], which keeps
//! line breaks, for multi-line text). [`is_clean`] says whether a string
//! needs it: signed files are refused when a field that is printed is not
//! clean.
//!
//! What is removed ([`is_unsafe`]): C0 controls, DEL and C1 controls;
//! the bidirectional marks, embeddings, overrides and isolates (U+061C,
//! U+200E–F, U+202A–E, U+2066–9); and invisible format characters (U+00AD,
//! U+180E, U+200B, U+2060–4, U+206A–F, U+FEFF, U+FFF9–B, the Hangul fillers
//! and the tag characters U+E0000–7F). Tabs and line breaks (including
//! U+0085, U+2028 and U+2029) become a space. Zero-width joiners (U+200C–D)
//! and variation selectors stay: names in many scripts and emoji need them.
//!
//! ```
//! use esma_core::safe_text::{is_clean, sanitise, sanitise_lines};
//! assert_eq!(sanitise("\u{1b}[2J\rValid: signed"), "[2J Valid: signed");
//! assert_eq!(sanitise("exe.\u{202e}gpj"), "exe.gpj");
//! assert_eq!(sanitise_lines("one\r\ntwo\u{7}"), "one\ntwo");
//! assert!(is_clean("Zoë O'Brien-Smith"));
//! assert!(!is_clean("a\nb"));
//! ```

use std::borrow::Cow;

/// Whether `c` is removed (or, for white space, replaced by a space) by
/// [`sanitise`].
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{ad}'
        | '\u{61c}'
        | '\u{115f}' | '\u{1160}'
        | '\u{180e}'
        | '\u{200b}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}'
        | '\u{3164}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}')
}

/// White space that breaks or moves a line: becomes one space.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `s` has nothing [`sanitise`] would change.
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(is_unsafe)
}

/// `s` on one line with every unsafe character removed (see the module
/// documentation); borrowed when nothing changes.
pub fn sanitise(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Like [`sanitise`], keeping line breaks (`\n`; `\r\n` and lone `\r`
/// become `\n`) and tabs, for multi-line text.
pub fn sanitise_lines(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

fn clean(s: &str, lines: bool) -> Cow<'_, str> {
    if is_clean(s) || (lines && !s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if lines && (c == '\n' || c == '\t') {
            out.push(c);
        } else if lines && c == '\r' {
            if chars.peek() != Some(&'\n') {
                out.push('\n');
            }
        } else if is_break(c) {
            out.push(' ');
        } else if !is_unsafe(c) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_every_kind_of_hidden_character() {
        for c in [
            '\u{0}',
            '\u{7}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{200b}',
            '\u{200e}',
            '\u{200f}',
            '\u{202a}',
            '\u{202b}',
            '\u{202c}',
            '\u{202d}',
            '\u{202e}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{61c}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            let s = format!("a{c}b");
            assert!(!is_clean(&s), "{:04x}", c as u32);
            let out = sanitise(&s);
            assert!(out == "ab" || out == "a b", "{:04x}: {out:?}", c as u32);
            assert!(is_clean(&out));
        }
    }

    #[test]
    fn keeps_what_names_need() {
        for s in [
            "Siân Ó Dónaill",
            "Zoë-Jane",
            "محمد",
            "नमस्ते",
            "می\u{200c}خواهم",
            "👩\u{200d}👧",
            "☺\u{fe0f}",
        ] {
            assert!(is_clean(s), "{s}");
            assert!(matches!(sanitise(s), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn line_breaks_become_spaces_or_stay() {
        assert_eq!(sanitise("a\nb\tc\r\nd\u{2028}e"), "a b c  d e");
        assert_eq!(sanitise_lines("a\nb\tc\r\nd\re\u{1b}"), "a\nb\tc\nd\ne");
    }
}
