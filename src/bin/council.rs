//! The council's team (`council.html`): check a signed referral pack.
fn main() {
    esma_app::run::<esma_app::app::CouncilJourney>();
}
