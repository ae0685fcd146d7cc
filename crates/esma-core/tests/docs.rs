//! The published format document lists every rule in the catalogue.

#[test]
fn format_doc_lists_every_rule() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/referral-format.md");
    let doc = std::fs::read_to_string(path).expect("docs/referral-format.md");
    for r in esma_core::rules::catalogue() {
        let row = format!("| `{}` | {} |", r.id, r.severity.as_str());
        assert!(
            doc.contains(&row),
            "docs/referral-format.md lacks the row for {} ({row})",
            r.id
        );
    }
}
