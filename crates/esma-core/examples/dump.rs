//! Print the findings for each fixture (a development aid).
fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/referrals");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("expected.json"))
        .collect();
    names.sort();
    for p in names {
        let r: esma_core::referral::Referral =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let rep =
            esma_core::validate::validate(&r, today, &esma_core::settings::Settings::default());
        println!("== {}", p.file_name().unwrap().to_string_lossy());
        for f in &rep.findings {
            println!("  {:?} {} {} — {}", f.severity, f.rule, f.field, f.message);
        }
        for i in &rep.checklist.items {
            println!("  [{}] {:?} {}", i.item, i.status, i.reason);
        }
    }
}
