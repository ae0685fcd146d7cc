//! Parents and carers (`parent.html`): review a referral and give or refuse consent.
fn main() {
    esma_app::run::<esma_app::app::ParentJourney>();
}
