//! Schools' pages about this device (`school-device.html`): protecting the
//! drafts with a passphrase, the signing key and deleting everything.
fn main() {
    esma_app::run::<esma_app::app::SchoolDeviceJourney>();
}
