//! The shipped `assets/settings.json` parses, validates and equals the
//! compiled-in defaults, so the two never drift.

use esma_core::settings::Settings;

#[test]
fn shipped_settings_equal_defaults() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/settings.json");
    let text = std::fs::read_to_string(&path).expect("assets/settings.json");
    let parsed = Settings::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed, Settings::default());
}

#[test]
fn defaults_name_the_policy_officers() {
    let s = Settings::default();
    let emails: Vec<&str> = s.named_officers.iter().map(|o| o.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "Richard.woodard@hertfordshire.gov.uk",
            "Carli.sutton@hertfordshire.gov.uk",
            "Tracy.haase@hertfordshire.gov.uk"
        ]
    );
    let policy = include_str!("../policy/esma-policy.txt");
    for o in &s.named_officers {
        assert!(
            policy.contains(&o.email) && policy.contains(&o.name) && policy.contains(&o.role),
            "{}",
            o.name
        );
    }
    assert!(s.isl_areas.iter().all(|a| !a.confirmed));
}
