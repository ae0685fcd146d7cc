//! The start page (`index.html`): what the service is for and its three ways in.
fn main() {
    esma_app::run::<esma_app::app::StartPages>();
}
