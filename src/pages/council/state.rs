//! The council page's state and every change to it, through one pure
//! [`Council::reduce`], like the form's: choose a pack, load keys, start a
//! check, finish a check, run today's rules on an unknown signer's pack.
//!
//! Checking a pack is asynchronous (WebCrypto). Each check started gets the
//! next number; a result is shown only if no newer check has started since,
//! so a slow check of an old pack or old keys can never replace a newer one.

use std::rc::Rc;

use chrono::NaiveDate;
use esma_core::settings::Settings;
use esma_core::signed::jwk::JwkSet;
use yew::Reducible;

use super::verify::{OfflineCopy, Outcome, SiteKeys};

/// Where the trusted keys in use came from.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum KeysStatus {
    /// Looking for the council's file beside the site.
    #[default]
    Looking,
    Site {
        path: String,
        count: usize,
        /// Set when it is the copy saved on this device (offline).
        offline_copy: Option<OfflineCopy>,
    },
    SiteMissing {
        path: String,
    },
    SiteProblem {
        path: String,
        why: String,
    },
    /// The settings name no file beside the site.
    NoSitePath,
    File {
        name: String,
        count: usize,
    },
    FileProblem {
        name: String,
        why: String,
    },
}

impl KeysStatus {
    /// Set when the keys in use are the device's saved copy of the site's list.
    pub fn offline_copy(&self) -> Option<OfflineCopy> {
        match self {
            KeysStatus::Site { offline_copy, .. } => *offline_copy,
            _ => None,
        }
    }
}

/// What a check needs: the pack, the keys, and where the keys came from.
pub struct ToCheck {
    pub pack: Rc<Vec<u8>>,
    pub keys: Rc<JwkSet>,
    pub offline_keys: Option<OfflineCopy>,
    /// The check's number: its result shows only if it is still the newest.
    pub run: u32,
}

/// Everything the council's page shows, and what the next check needs.
#[derive(Clone, Default)]
pub struct Council {
    pub keys_status: KeysStatus,
    /// Why the chosen pack could not be read.
    pub pack_problem: Option<String>,
    /// The newest result.
    pub outcome: Option<Rc<Outcome>>,
    /// Whether the newest check is still running.
    pub checking: bool,
    /// The number of the check whose result is shown; 0 before any.
    pub shown: u32,
    /// Why an attachment could not be opened.
    pub open_problem: Option<String>,
    /// The chosen pack's bytes.
    pub pack: Option<Rc<Vec<u8>>>,
    /// The trusted keys in use.
    pub keys: Rc<JwkSet>,
    /// Once a keys file is chosen, the site's keys no longer apply.
    keys_from_file: bool,
    /// The number of the newest check started.
    pub run: u32,
    /// The number of the result on which the user last had today's rules
    /// run; 0 before any.
    pub rules_run: u32,
    /// The number of the result whose long referral the user asked to see.
    pub referral_shown: u32,
}

/// Everything that can happen on the council's page.
pub enum Action {
    /// A pack file was chosen and is being read: any earlier problem goes.
    ChoosePack,
    /// The chosen pack's bytes: check them.
    PackRead(Rc<Vec<u8>>),
    /// The chosen pack could not be read.
    PackUnreadable,
    /// The chosen pack is over the size limit: refused, never read.
    PackTooLarge { size: u64, today: NaiveDate },
    /// The settings name no trusted-keys file beside the site.
    NoSiteKeys,
    /// What the page found beside the site. Ignored once a file is chosen.
    SiteKeys { path: String, found: SiteKeys },
    /// A trusted-keys file was chosen; it is being read.
    ChooseKeys,
    /// The keys from the chosen file (empty when it cannot be used).
    LoadKeys { keys: JwkSet, status: KeysStatus },
    /// A check finished.
    FinishCheck { run: u32, outcome: Rc<Outcome> },
    /// An attachment was opened, or why it could not be.
    Opened(Option<String>),
    /// The user asked for today's rules on result `run` (an unknown
    /// signer's pack, whose rules do not run until asked). Dropped if a
    /// newer result has replaced it.
    RunRules {
        run: u32,
        today: NaiveDate,
        settings: Rc<Settings>,
    },
    /// The user asked to see result `run`'s long referral.
    ShowReferral { run: u32 },
}

impl Council {
    /// The state after `action`.
    pub fn apply(mut self, action: Action) -> Council {
        match action {
            Action::ChoosePack => self.pack_problem = None,
            Action::PackRead(bytes) => {
                self.pack = Some(bytes);
                return self.start_check();
            }
            Action::PackUnreadable => {
                self.pack_problem = Some("The file could not be read. Choose it again.".into());
            }
            Action::PackTooLarge { size, today } => {
                // The newest "check" is this refusal: any check running is stale.
                self.pack = None;
                self.run += 1;
                self.checking = false;
                self.outcome = Some(Rc::new(Outcome::too_large(size, today)));
                self.shown = self.run;
            }
            Action::NoSiteKeys => self.keys_status = KeysStatus::NoSitePath,
            Action::SiteKeys { .. } if self.keys_from_file => {}
            Action::SiteKeys { path, found } => match found {
                SiteKeys::Found { set, offline_copy } => {
                    self.keys_status = KeysStatus::Site {
                        path,
                        count: set.keys.len(),
                        offline_copy,
                    };
                    self.keys = Rc::new(set);
                    return self.start_check();
                }
                SiteKeys::NotFound => self.keys_status = KeysStatus::SiteMissing { path },
                SiteKeys::Problem(why) => self.keys_status = KeysStatus::SiteProblem { path, why },
            },
            Action::ChooseKeys => self.keys_from_file = true,
            Action::LoadKeys { keys, status } => {
                self.keys = Rc::new(keys);
                self.keys_status = status;
                return self.start_check();
            }
            Action::FinishCheck { run, outcome } => {
                if run == self.run {
                    self.outcome = Some(outcome);
                    self.checking = false;
                    self.shown = run;
                }
            }
            Action::Opened(problem) => self.open_problem = problem,
            Action::RunRules {
                run,
                today,
                settings,
            } => {
                let shown = self.outcome.as_ref().filter(|_| run == self.shown);
                if let Some(shown) = shown.filter(|o| o.report().is_none()) {
                    let mut outcome = (**shown).clone();
                    outcome.asked = shown.verification.rules(today, &settings).map(Rc::new);
                    self.outcome = Some(Rc::new(outcome));
                    self.rules_run = run;
                }
            }
            Action::ShowReferral { run } if run == self.shown => self.referral_shown = run,
            Action::ShowReferral { .. } => {}
        }
        self
    }

    /// Starts a check of the pack against the keys, if there is a pack:
    /// the page runs it (see `mod.rs`) and finishes it with this `run`.
    fn start_check(mut self) -> Council {
        self.run += 1;
        if self.pack.is_some() {
            self.checking = true;
            self.open_problem = None;
        }
        self
    }

    /// What the newest check needs, while it is running.
    pub fn check_to_run(&self) -> Option<ToCheck> {
        let pack = self.pack.clone().filter(|_| self.checking)?;
        Some(ToCheck {
            pack,
            keys: self.keys.clone(),
            offline_keys: self.keys_status.offline_copy(),
            run: self.run,
        })
    }
}

impl Reducible for Council {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()
    }

    /// A finished check's result; which one does not matter here.
    fn result() -> Rc<Outcome> {
        Rc::new(Outcome::too_large(1, today()))
    }

    fn pack() -> Action {
        Action::PackRead(Rc::new(b"{}".to_vec()))
    }

    fn keys(name: &str) -> Action {
        Action::LoadKeys {
            keys: JwkSet::empty(),
            status: KeysStatus::File {
                name: name.into(),
                count: 0,
            },
        }
    }

    #[test]
    fn a_chosen_pack_is_checked_and_its_result_shown() {
        let c = Council::default().apply(Action::ChoosePack).apply(pack());
        assert!(c.checking);
        let run = c.check_to_run().expect("a check to run").run;
        let c = c.apply(Action::FinishCheck {
            run,
            outcome: result(),
        });
        assert!(!c.checking);
        assert_eq!(c.shown, run);
        assert!(c.outcome.is_some());
        assert!(c.check_to_run().is_none());
    }

    #[test]
    fn the_newest_check_wins_and_a_stale_result_is_dropped() {
        let c = Council::default().apply(pack());
        let first = c.run;
        let c = c.apply(keys("keys.json"));
        let second = c.run;
        assert!(second > first);
        let c = c.apply(Action::FinishCheck {
            run: first,
            outcome: result(),
        });
        assert!(c.outcome.is_none(), "the older check's result is dropped");
        assert!(c.checking, "the newer check is still running");
        let c = c.apply(Action::FinishCheck {
            run: second,
            outcome: result(),
        });
        assert_eq!(c.shown, second);
        assert!(!c.checking);
    }

    #[test]
    fn keys_before_any_pack_start_no_check_but_are_used_for_the_pack() {
        let c = Council::default()
            .apply(Action::ChooseKeys)
            .apply(keys("keys.json"));
        assert!(!c.checking);
        assert!(c.check_to_run().is_none());
        assert_eq!(
            c.keys_status,
            KeysStatus::File {
                name: "keys.json".into(),
                count: 0
            }
        );
        let c = c.apply(pack());
        assert!(c.check_to_run().is_some());
    }

    #[test]
    fn the_site_keys_are_ignored_once_a_file_is_chosen() {
        let site = || Action::SiteKeys {
            path: "trusted-keys.json".into(),
            found: SiteKeys::NotFound,
        };
        let c = Council::default().apply(site());
        assert_eq!(
            c.keys_status,
            KeysStatus::SiteMissing {
                path: "trusted-keys.json".into()
            }
        );
        let c = Council::default().apply(Action::ChooseKeys).apply(site());
        assert_eq!(c.keys_status, KeysStatus::Looking);
    }

    #[test]
    fn the_sites_keys_from_the_offline_copy_are_marked_so_for_the_check() {
        let saved = OfflineCopy {
            saved_on: NaiveDate::from_ymd_opt(2026, 11, 28),
        };
        let site = |offline_copy| Action::SiteKeys {
            path: "trusted-keys.json".into(),
            found: SiteKeys::Found {
                set: JwkSet::empty(),
                offline_copy,
            },
        };
        let c = Council::default().apply(pack()).apply(site(Some(saved)));
        assert_eq!(c.keys_status.offline_copy(), Some(saved));
        assert_eq!(c.check_to_run().unwrap().offline_keys, Some(saved));
        // Online, or a file the user chose: not an offline copy.
        let c = Council::default().apply(pack()).apply(site(None));
        assert_eq!(c.check_to_run().unwrap().offline_keys, None);
        let c = Council::default()
            .apply(pack())
            .apply(site(Some(saved)))
            .apply(Action::ChooseKeys)
            .apply(keys("keys.json"));
        assert_eq!(c.check_to_run().unwrap().offline_keys, None);
    }

    #[test]
    fn an_offline_copy_says_when_it_was_saved_in_words() {
        let dated = OfflineCopy {
            saved_on: NaiveDate::from_ymd_opt(2026, 3, 5),
        };
        assert_eq!(dated.saved(), "saved on this device on 5 March 2026");
        let undated = OfflineCopy { saved_on: None };
        assert_eq!(undated.saved(), "saved on this device on an earlier visit");
    }

    #[test]
    fn a_pack_too_large_is_refused_at_once_and_outruns_any_check() {
        let c = Council::default().apply(pack());
        let running = c.run;
        let c = c.apply(Action::PackTooLarge {
            size: 1 << 40,
            today: today(),
        });
        assert!(c.pack.is_none());
        assert!(!c.checking);
        assert_eq!(c.shown, c.run);
        let shown = c.shown;
        let c = c.apply(Action::FinishCheck {
            run: running,
            outcome: result(),
        });
        assert_eq!(c.shown, shown, "the older check's result is dropped");
    }

    /// A valid pack from a key nobody trusts: today's rules not yet run.
    fn unknown_signer() -> Rc<Outcome> {
        use esma_core::pack::manifest::{AppInfo, Manifest};
        use esma_core::pack::verify::{SignerInfo, Verdict, Verification};
        let manifest = Manifest {
            format_version: 1,
            pack_id: "3b241101-e2bb-4255-8caf-4136c566a962".into(),
            created_at: "2026-03-05T10:00:00Z".into(),
            app: AppInfo {
                name: "ESMA referral checker".into(),
                version: "0.1.0".into(),
                rules_version: esma_core::rules::RULES_VERSION.into(),
            },
            referral: Default::default(),
            findings: Vec::new(),
            checklist: Vec::new(),
            attachments: Vec::new(),
        };
        let verification = Verification {
            verdict: Verdict::ValidUnknownSigner,
            checks: Vec::new(),
            signer: Some(SignerInfo {
                kid: "k".into(),
                fingerprint: "E370 FD5D D159 ADAF 88BD".into(),
                trusted: false,
                name: None,
            }),
            pack: None,
            rules_today: None,
            rules_skipped: Some("not run".into()),
            consent: None,
            reply: String::new(),
            manifest: Some(manifest),
            report: None,
        };
        Rc::new(Outcome::new(verification, today()))
    }

    fn run_rules(run: u32) -> Action {
        Action::RunRules {
            run,
            today: today(),
            settings: Rc::new(Settings::default()),
        }
    }

    #[test]
    fn todays_rules_run_on_the_shown_result_only_when_asked() {
        let c = Council::default().apply(pack());
        let run = c.run;
        let c = c.apply(Action::FinishCheck {
            run,
            outcome: unknown_signer(),
        });
        let shown = c.outcome.clone().unwrap();
        assert!(shown.report().is_none(), "not run until asked");
        let c = c.apply(run_rules(run));
        let o = c.outcome.as_ref().unwrap();
        assert!(o.report().is_some() && o.rules_today().is_some());
        assert!(o.reply().contains("We could not confirm who signed it"));
        assert_eq!(c.rules_run, run);
    }

    #[test]
    fn asking_for_the_rules_on_a_replaced_result_does_nothing() {
        let c = Council::default().apply(pack());
        let old = c.run;
        let c = c.apply(Action::FinishCheck {
            run: old,
            outcome: unknown_signer(),
        });
        // New keys: a newer check, whose result replaces the old one.
        let c = c.apply(keys("keys.json"));
        let new = c.run;
        let c = c.apply(Action::FinishCheck {
            run: new,
            outcome: unknown_signer(),
        });
        let c = c.apply(run_rules(old));
        assert!(c.outcome.as_ref().unwrap().report().is_none());
        assert_eq!(c.rules_run, 0);
        let c = c.apply(run_rules(new));
        assert!(c.outcome.as_ref().unwrap().report().is_some());
    }

    #[test]
    fn a_long_referral_is_shown_for_the_result_it_was_asked_for() {
        let c = Council::default().apply(pack());
        let run = c.run;
        let c = c.apply(Action::FinishCheck {
            run,
            outcome: unknown_signer(),
        });
        let stale = c.clone().apply(Action::ShowReferral { run: run - 1 });
        assert_eq!(stale.referral_shown, 0);
        assert_eq!(c.apply(Action::ShowReferral { run }).referral_shown, run);
    }

    #[test]
    fn an_unreadable_pack_says_so_until_another_is_chosen() {
        let c = Council::default()
            .apply(Action::ChoosePack)
            .apply(Action::PackUnreadable);
        assert!(c.pack_problem.is_some());
        assert!(c.apply(Action::ChoosePack).pack_problem.is_none());
    }
}
