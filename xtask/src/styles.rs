//! The pages' styles: GOV.UK Frontend's Sass compiled once (`styles/`), then
//! every rule that names a class no page can ever set left out.
//!
//! GOV.UK Frontend's components come with many classes the app never uses
//! (the spacing and width overrides alone are hundreds of rules). A class
//! can only be set by text the pages carry: the HTML template or a string in
//! a page's wasm. So a rule is kept when every class it names appears, as
//! text, in one of them. That test keeps some rules it need not (a class that
//! is part of a longer one, or text that is not a class), never drops one a
//! page can use, as long as class names are written whole in the code, never
//! built from parts (`tidy` checks for `govuk-` and `app-` prefixes that end
//! in a placeholder). Classes inside a pseudo-class's parentheses
//! (`:not(.a)`) do not count, so such a rule stays. Measured on 30 November
//! 2026, one stylesheet for every page: 111 KB of styles became 64 KB (13.6
//! KB gzip to 8.3); one for each page, 3.5 (start) to 8.0 KB gzip (school).

use std::path::Path;

use crate::process::run;
use crate::{root, tools, Result};

/// Where a page's styles are written, for the page's `<link>`: the start
/// page's are `app.css`, which `index.html` names, and each other page's
/// carries its own name (`school.css`).
pub fn path_for(page: &str) -> String {
    match page {
        "index.html" => TEMPLATE_STYLES.to_owned(),
        _ => format!("target/styles/{}.css", page.trim_end_matches(".html")),
    }
}

/// The styles `index.html` names.
pub const TEMPLATE_STYLES: &str = "target/styles/app.css";

/// Compiles `styles/main.scss` once, then writes each page's styles
/// ([`path_for`]), keeping the classes in that page's text: `pages` pairs a
/// page with its corpus (the template and the page's wasm). Each page has
/// its own, as people mostly open one page: the parent's phone does not
/// download the school's task list styles.
pub fn build(pages: &[(&str, Vec<u8>)]) -> Result<()> {
    let full = root().join("target/styles/app.full.css");
    run(
        "Compiling the styles",
        tools::command("node")
            .arg("tools/node_modules/sass/sass.js")
            .args([
                "--load-path=tools/node_modules",
                "--no-source-map",
                "--style=compressed",
                "--quiet-deps",
                "styles/main.scss",
                "target/styles/app.full.css",
            ]),
    )?;
    let css = read(&full)?;
    for (page, corpus) in pages {
        let path = path_for(page);
        std::fs::write(root().join(&path), purge(&css, &Corpus::new(corpus)))
            .map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The text the pages carry: runs of printable ASCII, which is where class
/// names live in a wasm's data or an HTML file.
pub struct Corpus(String);

impl Corpus {
    pub fn new(bytes: &[u8]) -> Corpus {
        let mut text = String::new();
        for run in bytes.split(|b| !(b' '..=b'~').contains(b)) {
            if run.len() >= 3 {
                text.push_str(std::str::from_utf8(run).expect("ASCII"));
                text.push('\n');
            }
        }
        Corpus(text)
    }

    fn has(&self, class: &str) -> bool {
        self.0.contains(class)
    }
}

/// `css` without the rules no page can match (see the module's comment).
/// The CSS is Sass's compressed output: no comments but `/*! … */`, which
/// are kept.
pub fn purge(css: &str, corpus: &Corpus) -> String {
    let mut out = String::with_capacity(css.len());
    purge_block(css, corpus, &mut out);
    out
}

/// Writes what to keep of a list of statements and rules.
fn purge_block(mut css: &str, corpus: &Corpus, out: &mut String) {
    while !css.is_empty() {
        let Some(open) = find_top(css, &['{', ';']) else {
            out.push_str(css); // a trailing statement or comment
            return;
        };
        let prelude = &css[..open];
        if css.as_bytes()[open] == b';' {
            out.push_str(&css[..=open]); // `@charset`, `@import`, …
            css = &css[open + 1..];
            continue;
        }
        let close = matching_brace(css, open);
        let body = &css[open + 1..close];
        let at = prelude.trim_start();
        if ["@media", "@supports", "@layer", "@container"]
            .iter()
            .any(|name| at.starts_with(name))
        {
            let mut inner = String::new();
            purge_block(body, corpus, &mut inner);
            if !inner.is_empty() {
                out.push_str(prelude);
                out.push('{');
                out.push_str(&inner);
                out.push('}');
            }
        } else if at.starts_with('@') {
            out.push_str(&css[..=close]); // `@font-face`, `@keyframes`, …
        } else {
            let kept: Vec<&str> = split_top(prelude, ',')
                .into_iter()
                .filter(|selector| classes(selector).iter().all(|c| corpus.has(c)))
                .collect();
            if !kept.is_empty() {
                out.push_str(&kept.join(","));
                out.push('{');
                out.push_str(body);
                out.push('}');
            }
        }
        css = &css[close + 1..];
    }
}

/// The index of the first of `wanted` outside strings, brackets and
/// parentheses.
fn find_top(css: &str, wanted: &[char]) -> Option<usize> {
    let mut depth = 0;
    let mut chars = css.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' | '\'' => skip_string(&mut chars, c),
            '\\' => {
                chars.next();
            }
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ if depth == 0 && wanted.contains(&c) => return Some(i),
            _ => {}
        }
    }
    None
}

/// The index of the `}` that closes the `{` at `open` (or the end).
fn matching_brace(css: &str, open: usize) -> usize {
    let mut depth = 0;
    let mut chars = css[open..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' | '\'' => skip_string(&mut chars, c),
            '\\' => {
                chars.next();
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    css.len() - 1
}

fn skip_string(chars: &mut std::str::CharIndices, quote: char) {
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            _ if c == quote => return,
            _ => {}
        }
    }
}

/// `text` split at each `sep` outside strings, brackets and parentheses.
fn split_top(mut text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    while let Some(at) = find_top(text, &[sep]) {
        parts.push(&text[..at]);
        text = &text[at + 1..];
    }
    parts.push(text);
    parts
}

/// The classes a selector requires of an element: those outside brackets
/// and parentheses, with CSS escapes read (`.govuk-\!-width-full`).
fn classes(selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut chars = selector.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                while let Some(d) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == c {
                        break;
                    }
                }
            }
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '.' if depth == 0 => {
                let mut name = String::new();
                while let Some(&d) = chars.peek() {
                    if d == '\\' {
                        chars.next();
                        name.extend(chars.next());
                    } else if d.is_ascii_alphanumeric() || d == '-' || d == '_' || !d.is_ascii() {
                        name.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !name.is_empty() {
                    out.push(name);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purged(css: &str, text: &str) -> String {
        purge(css, &Corpus::new(text.as_bytes()))
    }

    #[test]
    fn keeps_the_rules_whose_classes_the_pages_carry() {
        let css = ".govuk-body{margin:0}.govuk-tag--pink{color:pink}p{color:red}";
        // Class names sit side by side in a wasm's data.
        assert_eq!(
            purged(css, "\0\x01govuk-headinggovuk-body\0"),
            ".govuk-body{margin:0}p{color:red}"
        );
    }

    #[test]
    fn a_selector_list_keeps_only_the_selectors_that_can_match() {
        assert_eq!(purged(".a-x,.b-y .c-z,h1{x:1}", "a-x b-y"), ".a-x,h1{x:1}");
        // Every class of a compound or descendant selector is needed.
        assert_eq!(purged(".b-y .c-z{x:1}", "b-y"), "");
    }

    #[test]
    fn classes_inside_parentheses_and_brackets_do_not_count() {
        let css = ".a-x:not(.gone-y){x:1}.a-x:is(.gone-y,.gone-z){x:2}[data-x=\".gone-w\"]{x:3}";
        assert_eq!(purged(css, "a-x"), css);
    }

    #[test]
    fn escaped_class_names_are_read() {
        let css = ".govuk-\\!-margin-bottom-0{margin:0!important}.govuk-\\!-margin-top-9{x:1}";
        assert_eq!(
            purged(css, "govuk-!-margin-bottom-0"),
            ".govuk-\\!-margin-bottom-0{margin:0!important}"
        );
    }

    #[test]
    fn media_queries_keep_what_is_used_and_go_when_empty() {
        let css = "@media(min-width:40em){.a-x{x:1}.gone-y{x:2}}@media print{.gone-y{x:3}}";
        assert_eq!(purged(css, "a-x"), "@media(min-width:40em){.a-x{x:1}}");
    }

    #[test]
    fn other_at_rules_statements_and_strings_are_kept_whole() {
        let css = "@charset \"UTF-8\";@font-face{font-family:x;src:url(\"a}.woff2\")}\
                   .gone-y::before{content:\"}{\"}:root{--x:1}";
        assert_eq!(
            purged(css, ""),
            "@charset \"UTF-8\";@font-face{font-family:x;src:url(\"a}.woff2\")}:root{--x:1}"
        );
    }

    #[test]
    fn the_corpus_is_the_printable_text() {
        let corpus = Corpus::new(b"ab\0govuk-body\x80\xffapp-x");
        assert!(corpus.has("govuk-body") && corpus.has("app-x"));
        assert!(!corpus.has("ab"), "runs under 3 characters are not text");
        assert!(!corpus.has("bodyapp"), "runs do not join");
    }
}
