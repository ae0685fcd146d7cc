//! Print the compiled-in council settings as JSON. Regenerate the shipped file with
//! `cargo run -p esma-core --example default_settings > assets/settings.json`.
fn main() {
    let s = esma_core::settings::Settings::default();
    println!(
        "{}",
        serde_json::to_string_pretty(&s).expect("settings serialise")
    );
}
