//! Presence is not substance: whether a free-text answer could satisfy the
//! policy, and whether an email address or UK phone number has a usable form.
//!
//! A required answer is refused when it is blank, when it is only
//! placeholders ("n/a", "tbc", "see attached", "-", in any mix, with
//! punctuation), when it repeats one character ("xxxx", "...."), or, where the
//! policy asks the school to describe, state or explain, when it has fewer
//! words than the council's setting. The placeholder list and the minimum are
//! settings ([`crate::settings::AnswerChecks`]). Where "none" is a true answer
//! ([`Need::AnswerOrNone`]), "none", "nil" and "nothing" are accepted.
//!
//! Nothing here repeats what was typed: callers get a [`Problem`] and word
//! the finding from their rule's table.

use crate::case::{lower, same_ignoring_case};
use crate::settings::{words, AnswerChecks};

/// What a text field needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// A short answer: a name, a role, a condition, a duration.
    Answer,
    /// A short answer where "none" is true (e.g. access arrangements).
    AnswerOrNone,
    /// A description, statement or plan: at least the minimum words.
    Description,
}

/// Why a text answer does not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    Blank,
    Placeholder,
    TooShort,
}

/// Answers that are true where "none" is a real answer.
const NONE_ANSWERS: &[&str] = &["none", "nil", "nothing", "no"];

/// The council's placeholder phrases, each as its tokens: made once per
/// check of a referral ([`super::Ctx`]), not once per answer.
pub(crate) struct Placeholders<'a> {
    phrases: Vec<Vec<&'a str>>,
    min_words: usize,
}

impl<'a> Placeholders<'a> {
    pub fn of(checks: &'a AnswerChecks) -> Self {
        Placeholders {
            phrases: checks
                .placeholders
                .iter()
                .map(|p| tokens(p).collect::<Vec<_>>())
                .filter(|p| !p.is_empty())
                .collect(),
            min_words: checks.description_min_words as usize,
        }
    }
}

/// The problem with `text` as an answer that needs `need`, if any.
pub(crate) fn problem(
    text: Option<&str>,
    need: Need,
    placeholders: &Placeholders,
) -> Option<Problem> {
    let text = text.unwrap_or("").trim();
    if text.is_empty() {
        return Some(Problem::Blank);
    }
    if is_placeholder(text, need, placeholders) {
        return Some(Problem::Placeholder);
    }
    if need == Need::Description && word_count(text) < placeholders.min_words {
        return Some(Problem::TooShort);
    }
    None
}

/// Words with a letter or digit in them.
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A token as compared with the placeholder list: without punctuation at
/// either end ("N/A." and "(tbc)" read as "n/a" and "tbc"), compared in
/// lower case ([`same_ignoring_case`]).
fn token(t: &str) -> &str {
    t.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '\'')
        .trim_matches(|c: char| c == '\'')
}

/// A text's or a phrase's tokens, empty ones left out.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().map(token).filter(|t| !t.is_empty())
}

fn is_placeholder(text: &str, need: Need, placeholders: &Placeholders) -> bool {
    // One character over and over ("xxxx", "....", "a"), spaces aside.
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    if let Some(first) = chars.next() {
        if chars.all(|c| lower(c) == lower(first)) {
            return true;
        }
    }
    // Where "none" is a true answer, "none" alone is not a placeholder.
    let counts = |p: &&Vec<&str>| {
        !(need == Need::AnswerOrNone
            && p.len() == 1
            && NONE_ANSWERS.iter().any(|n| same_ignoring_case(n, p[0])))
    };
    // Strip placeholder phrases (longest first) and see whether anything
    // with a letter or digit is left: the first such token decides.
    let words: Vec<&str> = tokens(text).collect();
    let mut i = 0;
    while i < words.len() {
        let best = placeholders
            .phrases
            .iter()
            .filter(counts)
            .filter(|p| {
                p.len() <= words.len() - i
                    && p.iter()
                        .zip(&words[i..])
                        .all(|(a, b)| same_ignoring_case(a, b))
            })
            .map(|p| p.len())
            .max()
            .unwrap_or(0);
        if best > 0 {
            i += best;
        } else if words[i].chars().any(char::is_alphanumeric) {
            return false;
        } else {
            i += 1;
        }
    }
    true
}

/// Whether `email` has the form of an email address: one `@` with text either
/// side, a dot in the domain, no spaces.
pub(crate) fn email_ok(email: &str) -> bool {
    crate::settings::looks_like_email(email)
}

/// Whether `phone` has the form of a UK phone number: 10 or 11 digits
/// starting 0 (or +44 / 0044 for the 0), spaces, hyphens and brackets aside;
/// a landline, mobile, non-geographic or freephone number.
pub(crate) fn uk_phone_ok(phone: &str) -> bool {
    let t = phone.trim();
    if t.is_empty() || t.len() > 30 {
        return false;
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+'))
    {
        return false;
    }
    let plus = t.starts_with('+');
    if t[1..].contains('+') {
        return false;
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let national = if plus {
        match digits.strip_prefix("44") {
            Some(rest) => format!("0{}", rest.strip_prefix('0').unwrap_or(rest)),
            None => return false,
        }
    } else if let Some(rest) = digits.strip_prefix("0044") {
        format!("0{rest}")
    } else {
        digits
    };
    let b = national.as_bytes();
    (b.len() == 11 || b.len() == 10)
        && b[0] == b'0'
        && matches!(b[1], b'1' | b'2' | b'3' | b'5' | b'7' | b'8')
}

/// Whether a job title names a role in `not_senior` (whole words, any case):
/// "Teaching assistant" does, "Assistant headteacher" does not.
pub(crate) fn names_role(title: &str, not_senior: &[String]) -> bool {
    let have = words(title);
    not_senior.iter().any(|r| {
        let want = words(r);
        !want.is_empty() && have.windows(want.len()).any(|w| w == want.as_slice())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str, need: Need) -> Option<Problem> {
        problem(Some(t), need, &Placeholders::of(&AnswerChecks::default()))
    }

    #[test]
    fn placeholders_are_refused_in_any_case_or_mix() {
        for t in [
            "n/a",
            "N/A.",
            "NA",
            "none",
            "TBC",
            "-",
            ".",
            "see attached",
            "As above.",
            "n/a - see attached",
            "(tbc)",
            "xxxx",
            "....",
            "a",
            "  ?  ",
            "Not known",
        ] {
            assert_eq!(p(t, Need::Answer), Some(Problem::Placeholder), "{t}");
        }
        for t in [
            "Asthma",
            "8 weeks",
            "Jo Brown",
            "Pending a CAMHS review",
            "None known yet",
        ] {
            assert_eq!(p(t, Need::Answer), None, "{t}");
        }
        assert_eq!(p("", Need::Answer), Some(Problem::Blank));
        assert_eq!(p("   ", Need::Answer), Some(Problem::Blank));
    }

    #[test]
    fn none_is_an_answer_where_it_is_true() {
        assert_eq!(p("None", Need::AnswerOrNone), None);
        assert_eq!(p("nil.", Need::AnswerOrNone), None);
        assert_eq!(p("n/a", Need::AnswerOrNone), Some(Problem::Placeholder));
    }

    #[test]
    fn descriptions_need_a_few_words() {
        assert_eq!(p("Rest breaks", Need::Description), Some(Problem::TooShort));
        assert_eq!(p("Rest breaks daily.", Need::Description), None);
        assert_eq!(p("- - - -", Need::Description), Some(Problem::Placeholder));
    }

    #[test]
    fn phones_and_emails() {
        for ok in [
            "01438 000001",
            "07700 900000",
            "+44 7700 900000",
            "+44 (0)1438 000001",
            "0044 20 7946 0000",
            "020-7946-0000",
            "0800 123 4567",
        ] {
            assert!(uk_phone_ok(ok), "{ok}");
        }
        for bad in [
            "123",
            "alex morgan",
            "014380000",
            "+1 555 123 4567",
            "07700 900000 0",
            "9438 000001",
            "01438+000001",
            "",
        ] {
            assert!(!uk_phone_ok(bad), "{bad}");
        }
        assert!(email_ok("a@b.example"));
        assert!(!email_ok("alex morgan"));
        assert!(!email_ok("123"));
    }

    #[test]
    fn roles() {
        let list = crate::settings::Settings::default().not_senior_roles;
        assert!(names_role("Teaching assistant", &list));
        assert!(names_role("HLTA (Year 9)", &list));
        assert!(!names_role("Assistant Headteacher", &list));
        assert!(!names_role("Deputy Headteacher", &list));
        assert!(!names_role("SENCo", &list));
    }
}
