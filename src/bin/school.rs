//! Schools (`school.html`): the referral wizard and the drafts on this device.
fn main() {
    esma_app::run::<esma_app::app::SchoolJourney>();
}
