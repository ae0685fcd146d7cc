//! The names of the files the service saves: a referral pack, a consent
//! request, a consent response, an exported draft and the council's reply
//! to the school. Each carries a label
//! the person recognises (the draft's name, or else the pupil's initials)
//! and the day, so a folder of downloads tells them apart:
//! `JS-Y10-2026-11-30.esma-pack.json`. One place, so every journey names
//! its files alike.
//!
//! The label is the user's own text and ends up in a file system and on
//! screens, so it is sanitised (`safe_text`), then only ASCII letters and
//! digits are kept (common accented letters lose their accent); every other
//! run of characters becomes one hyphen, and the label is cut to
//! [`MAX_LABEL`] characters. No control or bidirectional character, path
//! separator, dot or space can survive.
//!
//! ```
//! use esma_core::file_name::{file_name, label, FileKind};
//! let l = label(Some("JS Y10"), Some("Jo"), Some("Smith"));
//! assert_eq!(file_name(&l, "2026-11-30T09:00:00.000Z", FileKind::Pack), "JS-Y10-2026-11-30.esma-pack.json");
//! assert_eq!(label(None, Some("Jo"), Some("Smith")), "JS");
//! ```

/// The longest label kept, in characters.
pub const MAX_LABEL: usize = 40;

/// The label when there is nothing better: no name, no initials.
pub const FALLBACK: &str = "referral";

/// What a file is, which decides its extension.
use chrono::Datelike;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Pack,
    ConsentRequest,
    ConsentResponse,
    Draft,
    /// The council's reply to the school, as plain text.
    Reply,
}

impl FileKind {
    /// The file's extension, with its leading dot. The one place each is
    /// written: the formats' own `FILE_EXTENSION` constants read it here, so
    /// this module imports none of them (no cycle).
    pub const fn extension(self) -> &'static str {
        match self {
            FileKind::Pack => ".esma-pack.json",
            FileKind::ConsentRequest => ".esma-consent-request.json",
            FileKind::ConsentResponse => ".esma-consent-response.json",
            FileKind::Draft => ".esma-draft.json",
            FileKind::Reply => ".reply-to-school.txt",
        }
    }
}

/// The label for a referral's files: the name the user gave the draft if it
/// leaves anything once made safe, else the pupil's initials, else
/// [`FALLBACK`].
pub fn label(name: Option<&str>, first_name: Option<&str>, last_name: Option<&str>) -> String {
    if let Some(name) = name.map(safe).filter(|n| !n.is_empty()) {
        return name;
    }
    let initial = |n: Option<&str>| n.map(safe).and_then(|n| n.chars().next());
    let initials: String = [initial(first_name), initial(last_name)]
        .into_iter()
        .flatten()
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if initials.is_empty() {
        FALLBACK.to_owned()
    } else {
        initials
    }
}

/// `<label>-<YYYY-MM-DD><extension>`, the day taken from an RFC 3339 time
/// (the UK day, as the person saving it counts days: a file saved at 12:30am
/// BST on 1 July is dated 1 July) or a date (left out if it is neither). The
/// label is made safe here too.
pub fn file_name(label: &str, when: &str, kind: FileKind) -> String {
    let label = Some(safe(label))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| FALLBACK.to_owned());
    // Written out by hand: chrono's `format` brings its whole formatting
    // machinery (about 5 KB gzip) into every page.
    let uk_day = crate::date::uk_date(when)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()));
    let day = uk_day
        .as_deref()
        .or_else(|| when.get(..10).filter(|d| is_day(d)));
    match day {
        Some(day) => format!("{label}-{day}{}", kind.extension()),
        None => format!("{label}{}", kind.extension()),
    }
}

fn is_day(d: &str) -> bool {
    d.char_indices().all(|(i, c)| match i {
        4 | 7 => c == '-',
        _ => c.is_ascii_digit(),
    })
}

/// Text made safe for a file name: first [`crate::safe_text::sanitise`]
/// (as every string from a person or a file that is printed or named), then
/// ASCII letters and digits only, runs of anything else as one hyphen, none
/// at either end, at most [`MAX_LABEL`].
pub fn safe(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in crate::safe_text::sanitise(text).chars().map(fold) {
        if c.is_ascii_alphanumeric() {
            let hyphen = gap && !out.is_empty();
            if out.len() + usize::from(hyphen) + 1 > MAX_LABEL {
                break;
            }
            if hyphen {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// A common accented Latin letter as its plain letter, in its case; others
/// unchanged.
fn fold(c: char) -> char {
    // Each letter's accented forms in lower and in upper case, listed rather
    // than found with `char::to_lowercase`, whose Unicode tables would add
    // about 6 KB gzip to the parent's wasm. The same letters as lowering
    // would find (`fold_matches_lowering_for_every_character`), the Angstrom
    // sign (U+212B, which lowers to "å") included.
    const LETTERS: &[(&str, &str, char)] = &[
        ("àáâãäåā", "ÀÁÂÃÄÅĀ\u{212B}", 'a'),
        ("çćč", "ÇĆČ", 'c'),
        ("èéêëēę", "ÈÉÊËĒĘ", 'e'),
        ("ìíîïī", "ÌÍÎÏĪ", 'i'),
        ("ł", "Ł", 'l'),
        ("ñń", "ÑŃ", 'n'),
        ("òóôõöøō", "ÒÓÔÕÖØŌ", 'o'),
        ("śš", "ŚŠ", 's'),
        ("ùúûüū", "ÙÚÛÜŪ", 'u'),
        ("ýÿ", "ÝŸ", 'y'),
        ("źżž", "ŹŻŽ", 'z'),
    ];
    for (lower, upper, plain) in LETTERS {
        if lower.contains(c) {
            return *plain;
        }
        if upper.contains(c) {
            return plain.to_ascii_uppercase();
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold` as it was written with Unicode lower case: the reference the
    /// listed letters must match.
    fn fold_by_lowering(c: char) -> char {
        const LETTERS: &[(&str, char)] = &[
            ("àáâãäåā", 'a'),
            ("çćč", 'c'),
            ("èéêëēę", 'e'),
            ("ìíîïī", 'i'),
            ("ł", 'l'),
            ("ñń", 'n'),
            ("òóôõöøō", 'o'),
            ("śš", 's'),
            ("ùúûüū", 'u'),
            ("ýÿ", 'y'),
            ("źżž", 'z'),
        ];
        let lower = c.to_lowercase().next().unwrap_or(c);
        match LETTERS.iter().find(|(from, _)| from.contains(lower)) {
            Some((_, plain)) if c.is_uppercase() => plain.to_ascii_uppercase(),
            Some((_, plain)) => *plain,
            None => c,
        }
    }

    #[test]
    fn fold_matches_lowering_for_every_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(fold(c), fold_by_lowering(c), "U+{:04X}", u32::from(c));
        }
        assert_eq!(safe("ZOË Łukasz \u{212B}ngström"), "ZOE-Lukasz-Angstrom");
    }

    #[test]
    fn each_kind_has_its_extension_and_the_day() {
        let when = "2026-11-30T15:05:00.000Z";
        assert_eq!(
            file_name("JS-Y10", when, FileKind::Pack),
            "JS-Y10-2026-11-30.esma-pack.json"
        );
        assert_eq!(
            file_name("JS-Y10", when, FileKind::ConsentRequest),
            "JS-Y10-2026-11-30.esma-consent-request.json"
        );
        assert_eq!(
            file_name("JS-Y10", when, FileKind::ConsentResponse),
            "JS-Y10-2026-11-30.esma-consent-response.json"
        );
        assert_eq!(
            file_name("JS-Y10", "2026-11-30", FileKind::Draft),
            "JS-Y10-2026-11-30.esma-draft.json"
        );
        assert_eq!(
            file_name("JS", "2026-11-30", FileKind::Reply),
            "JS-2026-11-30.reply-to-school.txt"
        );
        assert_eq!(
            file_name("JS", "2026-06-30T23:30:00Z", FileKind::ConsentResponse),
            "JS-2026-07-01.esma-consent-response.json",
            "the UK day, not the UTC one"
        );
        assert_eq!(
            file_name("JS", "not a time", FileKind::Pack),
            "JS.esma-pack.json"
        );
    }

    #[test]
    fn the_label_is_the_draft_name_else_the_initials_else_referral() {
        assert_eq!(label(Some("  JS  Y10 "), None, None), "JS-Y10");
        assert_eq!(label(Some("!!!"), Some("robin"), Some("Taylor")), "RT");
        assert_eq!(label(None, Some("Élodie"), None), "E");
        assert_eq!(label(None, None, Some("  ")), FALLBACK);
        assert_eq!(label(None, None, None), FALLBACK);
    }

    #[test]
    fn nothing_unsafe_survives() {
        for hostile in [
            "../../etc/passwd",
            "a/b\\c",
            "evil\u{202e}gpj.exe",
            "tab\there\nnew\u{0}line",
            ".hidden",
            "CON:",
            "名前",
            "\u{200f}\u{2066}x\u{2069}",
        ] {
            let l = safe(hostile);
            assert!(
                l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "{hostile:?} gave {l:?}"
            );
            assert!(!l.starts_with('-') && !l.ends_with('-'), "{l:?}");
            let name = file_name(hostile, "2026-11-30", FileKind::Pack);
            assert!(
                !name.contains(['/', '\\', ' ']) && !name.starts_with('.'),
                "{name:?}"
            );
        }
        assert_eq!(safe("evil\u{202e}gpj.exe"), "evilgpj-exe");
        assert_eq!(safe("Zoë O'Neil"), "Zoe-O-Neil");
    }

    #[test]
    fn long_labels_are_cut() {
        let long = "a".repeat(100);
        assert_eq!(safe(&long).len(), MAX_LABEL);
        let words = safe(&"ab ".repeat(40));
        assert!(words.len() <= MAX_LABEL && !words.ends_with('-'), "{words}");
    }
}
