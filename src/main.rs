//! Starts the ESMA referral checker in the browser.
fn main() {
    esma_app::run();
}
