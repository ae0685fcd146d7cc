//! Reading and writing a referral's answers by field path.
//!
//! The rules name fields by dotted camelCase paths that follow the JSON form
//! (`pupil.dateOfBirth`, `medicalEvidence[0].date`); the wizard uses the very
//! same paths for its questions, so a finding always lands on its question.
//! Access goes through the referral's JSON form: one generic mechanism instead
//! of a setter per field, cheap enough per keystroke for a referral this size.
//! It goes through `esma_core::json`, the one way the model is read, so the
//! wasm carries one copy of each type's deserialiser.

use esma_core::referral::Referral;
use esma_core::referral::ToJson;
use serde_json::Value;

/// The JSON pointer (`/medicalEvidence/0/date`) for a field path.
pub fn pointer(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for part in path.split('.') {
        match part.split_once('[') {
            Some((name, index)) => {
                out.push('/');
                out.push_str(name);
                out.push('/');
                out.push_str(index.trim_end_matches(']'));
            }
            None => {
                out.push('/');
                out.push_str(part);
            }
        }
    }
    out
}

/// The HTML id of the input for a field path, stable and valid as a fragment:
/// `medicalEvidence[0].date` → `f-medicalEvidence-0-date`.
pub fn input_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        match c {
            '.' | '[' => id.push('-'),
            ']' => {}
            c => id.push(c),
        }
    }
    id
}

/// A referral's answers in JSON form, made once per render and read by path.
pub struct Answers(Value);

impl Answers {
    pub fn of(referral: &Referral) -> Answers {
        Answers(referral.to_json())
    }

    /// The answer at `path`, or `Value::Null` when there is none.
    pub fn get(&self, path: &str) -> &Value {
        self.0.pointer(&pointer(path)).unwrap_or(&Value::Null)
    }

    /// The answer at `path` as text ("" when blank).
    pub fn text(&self, path: &str) -> String {
        match self.get(path) {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        }
    }

    /// The answer at `path` as yes/no, `None` when not answered.
    pub fn bool(&self, path: &str) -> Option<bool> {
        self.get(path).as_bool()
    }
}

/// Sets the answer at `path`. Returns `false`, leaving the referral as it
/// was, when the path does not exist or the value does not fit the model
/// (the caller then keeps the typed text aside, so nothing is lost).
pub fn set(referral: &mut Referral, path: &str, value: Value) -> bool {
    let mut json = referral.to_json();
    let Some(slot) = json.pointer_mut(&pointer(path)) else {
        return false;
    };
    *slot = value;
    match esma_core::json::from_value(&json) {
        Ok(updated) => {
            *referral = updated;
            true
        }
        Err(_) => false,
    }
}

/// Text typed into a field: blank becomes "not answered" (`null`).
pub fn text_value(text: &str) -> Value {
    if text.trim().is_empty() {
        Value::Null
    } else {
        Value::String(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use esma_core::referral::MedicalEvidence;

    #[test]
    fn paths_become_pointers_and_ids() {
        assert_eq!(pointer("pupil.dateOfBirth"), "/pupil/dateOfBirth");
        assert_eq!(
            pointer("medicalEvidence[2].date"),
            "/medicalEvidence/2/date"
        );
        assert_eq!(
            input_id("medicalEvidence[2].date"),
            "f-medicalEvidence-2-date"
        );
        assert_eq!(
            input_id("funding.ehcp.statement"),
            "f-funding-ehcp-statement"
        );
    }

    #[test]
    fn set_then_get_round_trips_text_bools_numbers_and_choices() {
        let mut r = Referral::default();
        assert!(set(&mut r, "pupil.firstName", text_value("Amira")));
        assert!(set(
            &mut r,
            "pupil.hertfordshireResident",
            Value::Bool(true)
        ));
        assert!(set(&mut r, "absence.schoolDaysMissed", Value::from(17)));
        assert!(set(&mut r, "health.kind", Value::from("mental-health")));
        assert_eq!(r.pupil.first_name.as_deref(), Some("Amira"));
        let answers = Answers::of(&r);
        assert_eq!(answers.bool("pupil.hertfordshireResident"), Some(true));
        assert_eq!(answers.text("absence.schoolDaysMissed"), "17");
        assert_eq!(answers.text("health.kind"), "mental-health");
    }

    #[test]
    fn blank_text_clears_the_answer() {
        let mut r = Referral::default();
        set(&mut r, "pupil.firstName", text_value("A"));
        set(&mut r, "pupil.firstName", text_value("  "));
        assert_eq!(r.pupil.first_name, None);
    }

    #[test]
    fn values_that_do_not_fit_leave_the_referral_unchanged() {
        let mut r = Referral::default();
        assert!(!set(&mut r, "absence.schoolDaysMissed", Value::from("ten")));
        assert!(!set(&mut r, "pupil.noSuchField.deeper", Value::from("x")));
        assert!(!set(
            &mut r,
            "medicalEvidence[0].date",
            Value::from("2026-01-01")
        ));
        assert_eq!(r, Referral::default());
    }

    #[test]
    fn repeated_items_are_reached_by_index() {
        let mut r = Referral::default();
        r.medical_evidence.push(MedicalEvidence::default());
        assert!(set(
            &mut r,
            "medicalEvidence[0].professionalName",
            text_value("Dr A")
        ));
        assert_eq!(
            Answers::of(&r).text("medicalEvidence[0].professionalName"),
            "Dr A"
        );
    }
}
