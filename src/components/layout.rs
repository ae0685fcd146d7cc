//! The page frame every route shares: skip link, header, phase banner and
//! footer, in GOV.UK Frontend markup.

use yew::prelude::*;

use crate::route::Route;
use crate::web::dom::{self, MAIN_ID};

/// The frame around `page`. A plain function (see [`super`]).
pub fn layout(page: Html) -> Html {
    // The app routes by hash, so the skip link must not change it: it moves
    // focus instead (as GOV.UK Frontend's skip link script does).
    let onskip = Callback::from(|event: MouseEvent| {
        event.prevent_default();
        dom::focus(MAIN_ID);
    });
    html! {
        <>
            <a href={format!("#{MAIN_ID}")} class="govuk-skip-link" onclick={onskip}>
                { "Skip to main content" }
            </a>
            <header class="govuk-template__header">
                <div class="govuk-generic-header">
                    <div class="govuk-generic-header__container govuk-width-container">
                        <div class="govuk-generic-header__logo">
                            <a href={Route::Start.href()} class="govuk-generic-header__homepage-link">
                                { "Hertfordshire County Council" }
                            </a>
                        </div>
                    </div>
                </div>
                <section aria-label="Service information" class="govuk-service-navigation">
                    <div class="govuk-width-container">
                        <div class="govuk-service-navigation__container">
                            <span class="govuk-service-navigation__service-name">
                                <a href={Route::Start.href()} class="govuk-service-navigation__link">
                                    { "ESMA referrals" }
                                </a>
                            </span>
                        </div>
                    </div>
                </section>
                <div class="govuk-phase-banner govuk-width-container app-no-print">
                    <p class="govuk-phase-banner__content">
                        <strong class="govuk-tag govuk-phase-banner__content__tag">{ "Beta" }</strong>
                        <span class="govuk-phase-banner__text">
                            { "This is a new service. Everything you enter stays on this device." }
                        </span>
                    </p>
                </div>
            </header>
            <div class="govuk-width-container">
                <main class="govuk-main-wrapper" id={MAIN_ID} tabindex="-1">
                    { page }
                </main>
                // What pages say of an action's outcome (`dom::announce`).
                <div id={dom::ANNOUNCER_ID} class="govuk-visually-hidden" role="status" aria-live="polite"></div>
            </div>
            <footer class="govuk-footer app-no-print">
                <div class="govuk-width-container">
                    <div class="govuk-footer__meta">
                        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                            <p class="govuk-body-s">
                                { "Education Support for Medical Absence (ESMA) Teaching Service, Hertfordshire County Council." }
                            </p>
                            <p class="govuk-body-s">
                                { "Version " }{ esma_core::APP_VERSION }{ ". This service runs in your browser. It sends nothing to any server." }
                            </p>
                        </div>
                    </div>
                </div>
            </footer>
        </>
    }
}
