//! How the council's settings are read (`esma_core::settings`, by the
//! strict reader in `referral::read` rather than serde's derive): every
//! member is read, no unknown member is accepted at any level, a required
//! member is never left out, and each refusal is placed and classed as
//! serde's derive placed it (line, column, path with `error-paths`, kind).

use esma_core::json::{from_str_within, ParseError, Problem, Problem::*};
use esma_core::limits::CAPS;
use esma_core::settings::{
    AnswerChecks, AttachmentLimits, District, IslArea, Officer, PostcodeDistricts, Settings,
};
use serde_json::{json, Value};

fn read(text: &str) -> Result<Settings, ParseError> {
    from_str_within(text, CAPS)
}

/// Where (line, column, path with `error-paths`) and what.
type Refusal = (usize, usize, &'static str, Problem);

/// Each case and what serde's derive made of it (recorded from the derive
/// before it was replaced): `None` for accepted, else line, column, path
/// (with `error-paths`) and kind. The only change: an array is no longer
/// read as a struct's members in order, which the derive allowed (`[]` was
/// the default settings); no settings file of ours held one.
const CASES: &[(&str, Option<Refusal>)] = &[
    (r#"{"evidenceCurrencyWeek": 3}"#, Some((1, 23, "evidenceCurrencyWeek", Unknown))),
    (r#"{"answerChecks":{"placeholder":[]}}"#, Some((1, 30, "answerChecks.placeholder", Unknown))),
    (r#"{"hertfordshirePostcodes":{"x":1}}"#, Some((1, 30, "hertfordshirePostcodes.x", Unknown))),
    (r#"{"attachments":{"maxFile":1}}"#, Some((1, 25, "attachments.maxFile", Unknown))),
    (r#"{"namedOfficers":[{"name":"A","role":"B","email":"a@b.c","phone":"1"}]}"#, Some((1, 64, "namedOfficers[0].phone", Unknown))),
    (r#"{"namedOfficers":[{"name":"A","role":"B"}]}"#, Some((1, 41, "namedOfficers[0]", Missing))),
    (r#"{"namedOfficers":[{"role":"B","email":"a@b.c"}]}"#, Some((1, 46, "namedOfficers[0]", Missing))),
    (r#"{"namedOfficers":[{"name":"A","role":"B","email":null}]}"#, Some((1, 53, "namedOfficers[0].email", WrongType))),
    (r#"{"namedOfficers":[{"name":"A","role":5,"email":"e"}]}"#, Some((1, 38, "namedOfficers[0].role", WrongType))),
    (r#"{"namedOfficers":null}"#, Some((1, 21, "namedOfficers", WrongType))),
    (r#"{"namedOfficers":[["A","B","e"]]}"#, Some((1, 18, "namedOfficers[0]", WrongType))),
    (r#"{"islAreas":[{"name":"A","districts":["X"]}]}"#, Some((1, 43, "islAreas[0]", Missing))),
    (r#"{"islAreas":[{"name":"A","districts":["X"],"confirmed":true,"extra":1}]}"#, Some((1, 67, "islAreas[0].extra", Unknown))),
    (r#"{"islAreas":[{"name":"A","districts":[5],"confirmed":true}]}"#, Some((1, 40, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[null],"confirmed":true}]}"#, Some((1, 43, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[true],"confirmed":true}]}"#, Some((1, 43, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[[]],"confirmed":true}]}"#, Some((1, 41, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[["X"]],"confirmed":true}]}"#, Some((1, 44, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[{"name":"X","x":1}],"confirmed":true}]}"#, Some((1, 57, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[{"source":"s"}],"confirmed":true}]}"#, Some((1, 53, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[{"name":5}],"confirmed":true}]}"#, Some((1, 49, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[{"name":"X","confirmed":"yes"}],"confirmed":true}]}"#, Some((1, 69, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[{"name":"X","source":null}],"confirmed":true}]}"#, Some((1, 65, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[{"name":"X","source":{"a":[1]},"confirmed":true}],"confirmed":true}]}"#, Some((1, 87, "islAreas[0].districts[0]", NotAllowed))),
    (r#"{"islAreas":[{"name":"A","districts":[{"name":"X"},"Y",{"name":"Z","confirmed":1}],"confirmed":true}]}"#, Some((1, 82, "islAreas[0].districts[2]", NotAllowed))),
    (r#"{"islAreas":{}}"#, Some((1, 12, "islAreas", WrongType))),
    (r#"{"evidenceCurrencyWeeks":"3"}"#, Some((1, 28, "evidenceCurrencyWeeks", WrongType))),
    (r#"{"evidenceCurrencyWeeks":-1}"#, Some((1, 27, "evidenceCurrencyWeeks", NotAllowed))),
    (r#"{"evidenceCurrencyWeeks":3.5}"#, Some((1, 28, "evidenceCurrencyWeeks", WrongType))),
    (r#"{"evidenceCurrencyWeeks":4294967296}"#, Some((1, 35, "evidenceCurrencyWeeks", NotAllowed))),
    (r#"{"notes":"x"}"#, Some((1, 12, "notes", WrongType))),
    (r#"{"notes":[1]}"#, Some((1, 11, "notes[0]", WrongType))),
    (r#"{"settingsVersion":null}"#, Some((1, 23, "settingsVersion", WrongType))),
    (r#"{"attachments":{"maxFiles":1e3}}"#, Some((1, 30, "attachments.maxFiles", WrongType))),
    (r#"{"attachments":{"maxFiles":-2}}"#, Some((1, 29, "attachments.maxFiles", NotAllowed))),
    (r#"{"attachments":null}"#, Some((1, 19, "attachments", WrongType))),
    (r#"{"answerChecks":"x"}"#, Some((1, 19, "answerChecks", WrongType))),
    (r#"{"answerChecks":[]}"#, Some((1, 16, "answerChecks", WrongType))),
    (r#"{"answerChecks":[["a"],5]}"#, Some((1, 16, "answerChecks", WrongType))),
    (r#"[]"#, Some((1, 0, "", WrongType))),
    (r#"5"#, Some((1, 1, "", WrongType))),
    (r#"null"#, Some((1, 4, "", WrongType))),
    ("{\n  \"notes\": [],\n  \"namedOfficers\": [\n    {\"name\": \"A\",\n     \"role\": \"B\"}\n  ],\n  \"bad\": 1\n}", Some((5, 17, "namedOfficers[0]", Missing))),
    ("{\n  \"islAreas\": [{\"name\": \"A\", \"confirmed\": false,\n    \"districts\": [\n      {\"name\": \"X\",\n       \"wrong\": true}\n    ]}]\n}", Some((6, 5, "islAreas[0].districts[0]", NotAllowed))),
];

#[test]
fn refusals_are_placed_and_classed_as_before() {
    for (text, expected) in CASES {
        match (read(text), expected) {
            (Ok(_), None) => {}
            (Err(e), Some((line, column, path, problem))) => {
                assert_eq!(
                    (e.line, e.column, e.problem),
                    (*line, *column, *problem),
                    "{text}"
                );
                if cfg!(feature = "error-paths") {
                    assert_eq!(e.path, *path, "{text}");
                }
            }
            (got, _) => panic!("{text}: {:?}, expected {expected:?}", got.map(|_| ())),
        }
    }
}

/// Settings in which every member, at every level, differs from the
/// default's: read back from their JSON, they are equal only if the reader
/// reads every member.
fn every_member_changed() -> Settings {
    let d = Settings::default();
    Settings {
        settings_version: 2,
        notes: vec!["A note".into()],
        named_officers: vec![Officer {
            name: "Ann Other".into(),
            role: "Lead".into(),
            email: "ann@example.org".into(),
        }],
        isl_areas: vec![IslArea {
            name: "North".into(),
            districts: vec![District {
                name: "Somewhere".into(),
                source: "The council's list".into(),
                confirmed: true,
            }],
            confirmed: true,
        }],
        upload_instructions: "Post it.".into(),
        evidence_currency_weeks: d.evidence_currency_weeks + 1,
        evidence_max_age_months: d.evidence_max_age_months + 1,
        consent_max_age_months: d.consent_max_age_months + 1,
        review_interval_weeks: d.review_interval_weeks + 1,
        not_senior_roles: vec!["intern".into()],
        answer_checks: AnswerChecks {
            placeholders: vec!["meh".into()],
            description_min_words: d.answer_checks.description_min_words + 1,
        },
        hertfordshire_postcodes: PostcodeDistricts {
            districts: vec!["SG99".into()],
            border_districts: vec!["LU99".into()],
            source: "A list".into(),
            confirmed: true,
        },
        attachments: AttachmentLimits {
            max_file_bytes: d.attachments.max_file_bytes + 1,
            max_total_bytes: d.attachments.max_total_bytes + 1,
            max_files: d.attachments.max_files + 1,
            allowed_media_types: vec!["text/csv".into()],
        },
        trusted_keys_path: "keys.json".into(),
    }
}

/// Every member of every object in `changed` differs from the same member
/// in `default` (objects compared member by member, the rest as a whole).
fn assert_all_differ(changed: &Value, default: &Value, path: &str) {
    let (Value::Object(c), Value::Object(d)) = (changed, default) else {
        assert_ne!(changed, default, "{path} is unchanged");
        return;
    };
    assert_eq!(
        c.keys().collect::<Vec<_>>(),
        d.keys().collect::<Vec<_>>(),
        "{path}"
    );
    for (k, v) in c {
        assert_all_differ(v, &d[k], &format!("{path}.{k}"));
    }
}

#[test]
fn every_member_is_read() {
    let changed = every_member_changed();
    let written = serde_json::to_value(&changed).unwrap();
    let default = serde_json::to_value(Settings::default()).unwrap();
    assert_all_differ(&written, &default, "settings");
    let text = serde_json::to_string_pretty(&changed).unwrap();
    assert_eq!(read(&text).unwrap(), changed);
    // And the district's and officer's members, which the top level holds
    // only inside lists.
    let d = &written["islAreas"][0]["districts"][0];
    assert_eq!(
        d,
        &json!({"name": "Somewhere", "source": "The council's list", "confirmed": true})
    );
    let text = serde_json::to_string(&Settings::default()).unwrap();
    assert_eq!(Settings::from_json(&text).unwrap(), Settings::default());
}

#[test]
fn the_shipped_file_reads_and_writes_back_every_member() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/settings.json");
    let text = std::fs::read_to_string(path).expect("assets/settings.json");
    let original: Value = serde_json::from_str(&text).unwrap();
    let written = serde_json::to_value(Settings::from_json(&text).unwrap()).unwrap();
    assert_eq!(written, original);
}

/// Every object in `v`, with its path.
fn objects<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(m) => {
            out.push((path.clone(), v));
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                objects(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                objects(x, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The JSON pointer of a path as `objects` names it (`islAreas[0].name`).
fn pointer_of(path: &str) -> String {
    path.split('.')
        .filter(|p| !p.is_empty())
        .flat_map(|p| p.split('['))
        .map(|p| format!("/{}", p.trim_end_matches(']')))
        .collect()
}

fn pointer<'a>(root: &'a Value, path: &str) -> &'a Value {
    root.pointer(&pointer_of(path)).unwrap()
}

/// The JSON of `root` with the object at `path` changed.
fn edit(
    root: &Value,
    path: &str,
    change: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> String {
    let mut root = root.clone();
    change(
        root.pointer_mut(&pointer_of(path))
            .unwrap()
            .as_object_mut()
            .unwrap(),
    );
    root.to_string()
}

fn is_district(path: &str) -> bool {
    path.contains(".districts[")
}

#[test]
fn an_unknown_member_is_refused_at_every_level() {
    let default = serde_json::to_value(Settings::default()).unwrap();
    let mut all = Vec::new();
    objects(&default, String::new(), &mut all);
    assert!(all.len() > 10, "{}", all.len());
    for (path, _) in &all {
        let text = edit(&default, path, |m| {
            m.insert("surplus".into(), json!(1));
        });
        let e = read(&text).unwrap_err();
        if is_district(path) {
            // A district was an untagged enum: any wrong part is not allowed.
            assert_eq!(e.problem, NotAllowed, "{path}");
        } else {
            assert_eq!(e.problem, Unknown, "{path}");
            if cfg!(feature = "error-paths") {
                let expected = if path.is_empty() {
                    "surplus".to_owned()
                } else {
                    format!("{path}.surplus")
                };
                assert_eq!(e.path, expected);
            }
        }
    }
    // A name differing only in case or spelling is unknown too.
    for wrong in [
        "SettingsVersion",
        "settings_version",
        "settingsversion",
        "settingsVersion2",
        "",
    ] {
        assert_eq!(
            read(&format!(r#"{{"{wrong}": 1}}"#)).unwrap_err().problem,
            Unknown,
            "{wrong}"
        );
    }
}

#[test]
fn a_required_member_is_never_left_out() {
    let default = serde_json::to_value(Settings::default()).unwrap();
    let mut all = Vec::new();
    objects(&default, String::new(), &mut all);
    for (path, object) in &all {
        for name in object.as_object().unwrap().keys() {
            let text = edit(&default, path, |m| {
                m.remove(name);
            });
            let result = read(&text);
            let required = path.starts_with("namedOfficers[") && !is_district(path)
                || path.starts_with("islAreas[") && !is_district(path);
            if required {
                assert_eq!(result.unwrap_err().problem, Missing, "{path}.{name}");
            } else if is_district(path) {
                // A district's name is required; its source is then empty
                // and it is not confirmed.
                match (name.as_str(), result) {
                    ("name", Err(e)) => assert_eq!(e.problem, NotAllowed, "{path}"),
                    ("source" | "confirmed", Ok(s)) => {
                        let read = serde_json::to_value(s).unwrap();
                        let blank = if name == "source" {
                            json!("")
                        } else {
                            json!(false)
                        };
                        assert_eq!(pointer(&read, path)[name], blank, "{path}.{name}");
                    }
                    (_, r) => panic!("{path}.{name}: {:?}", r.map(|_| ())),
                }
            } else {
                // Left out, a member takes its default: here, the same value.
                assert!(result.unwrap() == Settings::default(), "{path}.{name}");
            }
        }
    }
}
