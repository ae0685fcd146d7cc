//! Council settings: what the council changes without a rebuild.
//!
//! One `settings.json` is served beside `index.html` (and read by the CLI with
//! `--settings FILE`). [`Settings::from_json`] parses **and validates** it and
//! explains every problem; when the file is missing or broken the app says so
//! and uses [`Settings::default`], the safe defaults compiled in. The shipped
//! `assets/settings.json` is tested to equal `Settings::default()`, so the two
//! never drift.
//!
//! ```
//! use esma_core::settings::Settings;
//! let s = Settings::from_json(r#"{"evidenceCurrencyWeeks": 24}"#).unwrap();
//! assert_eq!(s.evidence_currency_weeks, 24);
//! assert_eq!(s.review_interval_weeks, Settings::default().review_interval_weeks);
//! assert!(Settings::from_json(r#"{"evidenceCurrencyWeeks": 0}"#).is_err());
//! ```

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

use crate::referral::read::{read_into, Key};

// Each struct is read by one shared strict reader (`read_by_members!`) rather
// than serde's derive, which cost about 14 KB of every journey page's wasm.
// The JSON form is the derive's with `deny_unknown_fields`: camelCase
// names, an unknown member refused; a `default` struct takes its
// `Default` for a member left out, a `required` one refuses it.
macro_rules! settings {
    ($(#[$m:meta])* $kind:ident pub struct $name:ident { $($(#[$fm:meta])* pub $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name { $($(#[$fm])* pub $field : $ty),* }

        settings!(@read $kind $name $($field)*);
    };
    (@read default $name:ident $($field:ident)*) => {
        crate::read_by_members! {
            impl<'de> for $name {
                required: [],
                others_skipped: false,
                blank: <$name as Default>::default(),
                members: { $($field: read_into),* },
            }
        }
    };
    (@read required $name:ident $($field:ident)*) => {
        crate::read_by_members! {
            impl<'de> for $name {
                required: [$($field),*],
                others_skipped: false,
                blank: $name { $($field: Default::default()),* },
                members: { $($field: read_into),* },
            }
        }
    };
}

settings! {
    /// A named officer or contact.
    required pub struct Officer {
        /// Full name.
        pub name: String,
        /// Role, as the policy gives it.
        pub role: String,
        /// Email address.
        pub email: String,
    }
}

settings! {
    /// An Integrated Services for Learning (ISL) geographical area.
    required pub struct IslArea {
        /// The area's name, e.g. "East".
        pub name: String,
        /// The districts in it.
        pub districts: Vec<District>,
        /// Whether the council has confirmed this area (the areas are not published).
        pub confirmed: bool,
    }
}

/// One district of an ISL area: where the mapping comes from and whether the
/// council has confirmed it. In the file, a plain string is a district with
/// no source given, not confirmed (the form older settings files use);
/// otherwise an object with `name` and, optionally, `source` and `confirmed`,
/// and nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct District {
    /// The district's name, e.g. "Stevenage".
    pub name: String,
    /// Where the district-to-area mapping comes from.
    pub source: String,
    /// Whether the council has confirmed it.
    pub confirmed: bool,
}

impl<'de> Deserialize<'de> for District {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The whole value is read first and judged after, as serde's untagged
        // enum (the form this replaces) did, so a refusal has the same line,
        // column, path and kind: not allowed, for any wrong part.
        match DistrictForm.deserialize(d)? {
            Loose::Text(name) => Ok(District {
                name,
                source: String::new(),
                confirmed: false,
            }),
            Loose::District(district) => Ok(district),
            _ => Err(de::Error::custom(
                "not a district: a name, or an object with name, source and confirmed",
            )),
        }
    }
}

/// A JSON value as far as a district needs it; reading one never fails.
enum Loose {
    Text(String),
    Flag(bool),
    District(District),
    Other,
}

struct DistrictForm;

impl<'de> DeserializeSeed<'de> for DistrictForm {
    type Value = Loose;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DistrictForm {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a district")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::Flag(v))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Loose, E> {
        Ok(Loose::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Loose, E> {
        Ok(Loose::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Loose, E> {
        Ok(Loose::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::Other)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        let (mut name, mut source, mut confirmed, mut fits) = (None, None, None, true);
        while let Some(Key(key)) = map.next_key()? {
            match (&*key, map.next_value_seed(DistrictForm)?) {
                ("name", Loose::Text(t)) if name.is_none() => name = Some(t),
                ("source", Loose::Text(t)) if source.is_none() => source = Some(t),
                ("confirmed", Loose::Flag(f)) if confirmed.is_none() => confirmed = Some(f),
                _ => fits = false,
            }
        }
        Ok(match name {
            Some(name) if fits => Loose::District(District {
                name,
                source: source.unwrap_or_default(),
                confirmed: confirmed.unwrap_or(false),
            }),
            _ => Loose::Other,
        })
    }
}

settings! {
    /// Checks that a free-text answer says something ("presence is not
    /// substance").
    default pub struct AnswerChecks {
        /// Words and phrases that say nothing ("n/a", "tbc", "see attached").
        /// Compared without case, outer punctuation or extra spaces; an answer
        /// made only of these (and punctuation) is refused. Where "none" is a
        /// true answer the rules accept "none", "nil" and "nothing".
        pub placeholders: Vec<String>,
        /// The fewest words a description may have, where the policy asks the
        /// school to describe, state or explain something.
        pub description_min_words: u32,
    }
}

impl Default for AnswerChecks {
    fn default() -> Self {
        AnswerChecks {
            placeholders: [
                "n/a",
                "na",
                "n.a.",
                "not applicable",
                "none",
                "nil",
                "nothing",
                "no",
                "unknown",
                "not known",
                "don't know",
                "tbc",
                "tba",
                "tbd",
                "to be confirmed",
                "to follow",
                "pending",
                "see attached",
                "see attachment",
                "see attachments",
                "attached",
                "see above",
                "as above",
                "same as above",
                "see below",
                "see apdr",
                "see plan",
                "see letter",
                "see report",
                "-",
                ".",
                "?",
                "x",
                "test",
                "etc",
                "ditto",
            ]
            .map(String::from)
            .to_vec(),
            description_min_words: 3,
        }
    }
}

settings! {
    /// The postcode districts of Hertfordshire, to check a resident's postcode.
    default pub struct PostcodeDistricts {
        /// Districts (outward codes such as `SG13`) inside the county.
        pub districts: Vec<String>,
        /// Districts that straddle the county boundary: a warning, not a block.
        pub border_districts: Vec<String>,
        /// Where the lists come from.
        pub source: String,
        /// Whether the council has confirmed them.
        pub confirmed: bool,
    }
}

impl Default for PostcodeDistricts {
    fn default() -> Self {
        let list = |v: &[&str]| v.iter().map(|d| d.to_string()).collect();
        PostcodeDistricts {
            districts: list(&[
                "AL1", "AL2", "AL3", "AL4", "AL5", "AL6", "AL7", "AL8", "AL9", "AL10", "CM21",
                "EN6", "EN7", "EN8", "EN10", "EN11", "HP1", "HP2", "HP3", "HP4", "SG1", "SG2",
                "SG3", "SG4", "SG6", "SG9", "SG10", "SG11", "SG12", "SG13", "SG14", "WD4", "WD5",
                "WD7", "WD17", "WD18", "WD24", "WD25",
            ]),
            border_districts: list(&[
                "CM20", "CM22", "CM23", "EN5", "HA6", "HP23", "LU2", "SG5", "SG7", "SG8", "WD3",
                "WD6", "WD19", "WD23",
            ]),
            source: s("Royal Mail postcode districts and the local authority areas each covers, as listed in Wikipedia's articles on the AL, CM, EN, HA, HP, LU, SG and WD postcode areas. A district shared with a neighbouring county is a border district. To be confirmed by the council."),
            confirmed: false,
        }
    }
}

settings! {
    /// Limits on attachments.
    default pub struct AttachmentLimits {
        /// Largest single file, in bytes.
        pub max_file_bytes: u64,
        /// Largest total of all files, in bytes.
        pub max_total_bytes: u64,
        /// The most files one referral may carry (at most the format's limit,
        /// [`crate::limits::MAX_ATTACHMENTS`]).
        pub max_files: usize,
        /// Media types the council accepts.
        pub allowed_media_types: Vec<String>,
    }
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        AttachmentLimits {
            max_file_bytes: 20 * 1024 * 1024,
            max_total_bytes: 100 * 1024 * 1024,
            max_files: 30,
            allowed_media_types: [
                "application/pdf",
                "image/jpeg",
                "image/png",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "text/plain",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

settings! {
    /// The council's settings. Every key is optional in the file: a key left out
    /// takes its default. Unknown keys are an error (they are usually typos).
    default pub struct Settings {
        /// The version of this file's format; `1`.
        pub settings_version: u32,
        /// Notes for whoever maintains the file (not shown to users).
        pub notes: Vec<String>,
        /// Named officers and contacts.
        pub named_officers: Vec<Officer>,
        /// ISL areas and the districts in each.
        pub isl_areas: Vec<IslArea>,
        /// How to send the referral and its files.
        pub upload_instructions: String,
        /// Medical evidence older than this many weeks draws a warning.
        pub evidence_currency_weeks: u32,
        /// Medical evidence older than this many months blocks the referral.
        pub evidence_max_age_months: u32,
        /// A paper consent form signed more than this many months ago blocks
        /// the referral.
        pub consent_max_age_months: u32,
        /// Reviews further apart than this many weeks draw a warning.
        pub review_interval_weeks: u32,
        /// Job titles that are not a senior member of staff able to make
        /// decisions, so cannot chair reviews (whole words, any case).
        pub not_senior_roles: Vec<String>,
        /// Checks that free-text answers say something.
        pub answer_checks: AnswerChecks,
        /// Hertfordshire's postcode districts.
        pub hertfordshire_postcodes: PostcodeDistricts,
        /// Attachment limits.
        pub attachments: AttachmentLimits,
        /// Where the list of trusted school keys is, relative to `index.html`.
        pub trusted_keys_path: String,
    }
}

fn s(v: &str) -> String {
    v.to_string()
}

/// The default districts: the ten districts of Hertfordshire, split between
/// the policy's East and West lead teachers, not confirmed.
fn unconfirmed(names: &[&str]) -> Vec<District> {
    names
        .iter()
        .map(|n| District {
            name: s(n),
            source: s("Not published. Follows the policy's East and West lead teachers (Named officers); to be confirmed by the council."),
            confirmed: false,
        })
        .collect()
}

impl Default for Settings {
    /// The safe defaults compiled in. Officers are exactly as the policy lists
    /// them; the ISL areas follow the policy's East and West lead teachers and
    /// are marked unconfirmed.
    fn default() -> Self {
        Settings {
            settings_version: 1,
            notes: vec![
                s("The ISL areas and their districts are not published. These follow the policy's East and West lead teachers and are to be confirmed by the council."),
                s("Evidence currency: the policy says termly, 12 weeks and 24 weeks in different places. 12 weeks is the default."),
                s("Reviews: the policy says half-termly and every 6 weeks. 6 weeks is the default."),
                s("Evidence older than evidenceMaxAgeMonths (default 12) blocks a referral: Annex 2 asks for the current evidence. Paper consent older than consentMaxAgeMonths (default 6) blocks."),
                s("The postcode districts are not published by the council; see hertfordshirePostcodes.source."),
            ],
            named_officers: vec![
                Officer {
                    name: s("Richard Woodard"),
                    role: s("County Lead for Access, Inclusion and Alternative Provision"),
                    email: s("Richard.woodard@hertfordshire.gov.uk"),
                },
                Officer {
                    name: s("Carli Sutton"),
                    role: s("ESMA Teaching Service Lead Teacher West"),
                    email: s("Carli.sutton@hertfordshire.gov.uk"),
                },
                Officer {
                    name: s("Tracy Haase"),
                    role: s("ESMA Teaching Service Lead Teacher East"),
                    email: s("Tracy.haase@hertfordshire.gov.uk"),
                },
            ],
            isl_areas: vec![
                IslArea {
                    name: s("East"),
                    districts: unconfirmed(&["Broxbourne", "East Hertfordshire", "North Hertfordshire", "Stevenage", "Welwyn Hatfield"]),
                    confirmed: false,
                },
                IslArea {
                    name: s("West"),
                    districts: unconfirmed(&["Dacorum", "Hertsmere", "St Albans", "Three Rivers", "Watford"]),
                    confirmed: false,
                },
            ],
            upload_instructions: s("Send the referral and its files through the council's secure file exchange to the ISL area for the school's district. Do not send them by ordinary email."),
            evidence_currency_weeks: 12,
            evidence_max_age_months: 12,
            consent_max_age_months: 6,
            review_interval_weeks: 6,
            not_senior_roles: [
                "teaching assistant", "higher level teaching assistant", "hlta", "ta",
                "learning support assistant", "lsa", "cover supervisor", "receptionist",
                "administrator", "office manager", "school office", "midday supervisor",
                "volunteer", "trainee", "student", "apprentice",
            ]
            .map(String::from)
            .to_vec(),
            answer_checks: AnswerChecks::default(),
            hertfordshire_postcodes: PostcodeDistricts::default(),
            attachments: AttachmentLimits::default(),
            trusted_keys_path: s("trusted-keys.json"),
        }
    }
}

/// One problem found in a settings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsProblem {
    /// Where: a dotted camelCase path such as `islAreas[0].districts`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Why a settings file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// The file is not valid JSON for these settings.
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde's explanation.
        message: String,
    },
    /// The file parsed but some values are not allowed.
    Invalid(Vec<SettingsProblem>),
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::Parse {
                line,
                column,
                message,
            } => {
                write!(f, "the settings file could not be read at line {line}, column {column}: {message}")
            }
            SettingsError::Invalid(problems) => {
                write!(f, "the settings file has {} problem(s):", problems.len())?;
                for p in problems {
                    write!(f, " {}: {}.", p.path, p.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SettingsError {}

/// The largest integer a JSON number can carry exactly (2^53 - 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

impl Settings {
    /// Parse and validate a settings file.
    pub fn from_json(text: &str) -> Result<Settings, SettingsError> {
        let settings: Settings =
            crate::json::from_str_within(text, crate::limits::CAPS).map_err(|e| {
                SettingsError::Parse {
                    line: e.line,
                    column: e.column,
                    message: e.to_string(),
                }
            })?;
        let problems = settings.problems();
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(SettingsError::Invalid(problems))
        }
    }

    /// Every problem with these settings (empty when they are usable).
    pub fn problems(&self) -> Vec<SettingsProblem> {
        let mut p = Vec::new();
        let mut add = |path: String, message: &str| {
            p.push(SettingsProblem {
                path,
                message: message.to_string(),
            })
        };
        if self.settings_version != 1 {
            add("settingsVersion".into(), "must be 1");
        }
        if self.named_officers.is_empty() {
            add("namedOfficers".into(), "must list at least one officer");
        }
        for (i, o) in self.named_officers.iter().enumerate() {
            if o.name.trim().is_empty() {
                add(format!("namedOfficers[{i}].name"), "must not be empty");
            }
            if !looks_like_email(&o.email) {
                add(
                    format!("namedOfficers[{i}].email"),
                    "must be an email address",
                );
            }
        }
        if self.isl_areas.is_empty() {
            add("islAreas".into(), "must list at least one area");
        }
        let mut seen: Vec<String> = Vec::new();
        for (i, a) in self.isl_areas.iter().enumerate() {
            if a.name.trim().is_empty() {
                add(format!("islAreas[{i}].name"), "must not be empty");
            }
            if a.districts.is_empty() {
                add(
                    format!("islAreas[{i}].districts"),
                    "must list at least one district",
                );
            }
            for (j, d) in a.districts.iter().enumerate() {
                // The same sameness as `district`'s look-up (ASCII case and
                // outer spaces): a name is refused exactly when a look-up
                // could not tell it from an earlier one.
                let key = d.name.trim().to_ascii_lowercase();
                if key.is_empty() {
                    add(format!("islAreas[{i}].districts[{j}]"), "must not be empty");
                } else if seen.contains(&key) {
                    add(
                        format!("islAreas[{i}].districts[{j}]"),
                        "is already in an area",
                    );
                } else {
                    seen.push(key);
                }
            }
        }
        if self.upload_instructions.trim().is_empty() {
            add("uploadInstructions".into(), "must not be empty");
        }
        if !(1..=52).contains(&self.evidence_currency_weeks) {
            add(
                "evidenceCurrencyWeeks".into(),
                "must be a whole number of weeks from 1 to 52",
            );
        }
        if !(1..=60).contains(&self.evidence_max_age_months) {
            add(
                "evidenceMaxAgeMonths".into(),
                "must be a whole number of months from 1 to 60",
            );
        } else if u64::from(self.evidence_max_age_months) * 31
            < u64::from(self.evidence_currency_weeks) * 7
        {
            add(
                "evidenceMaxAgeMonths".into(),
                "must not be shorter than evidenceCurrencyWeeks",
            );
        }
        if !(1..=60).contains(&self.consent_max_age_months) {
            add(
                "consentMaxAgeMonths".into(),
                "must be a whole number of months from 1 to 60",
            );
        }
        for (i, r) in self.not_senior_roles.iter().enumerate() {
            // Whether there is a word, not which: lowering never empties
            // one, and without it the pages that only load the settings (the
            // parent's) carry no Unicode case tables.
            if words_as_written(r).next().is_none() {
                add(
                    format!("notSeniorRoles[{i}]"),
                    "must have at least one word",
                );
            }
        }
        let c = &self.answer_checks;
        for (i, p) in c.placeholders.iter().enumerate() {
            if p.trim().is_empty() {
                add(
                    format!("answerChecks.placeholders[{i}]"),
                    "must not be empty",
                );
            }
        }
        if !(1..=20).contains(&c.description_min_words) {
            add(
                "answerChecks.descriptionMinWords".into(),
                "must be a whole number of words from 1 to 20",
            );
        }
        let pc = &self.hertfordshire_postcodes;
        let mut seen_pc: Vec<String> = Vec::new();
        for (name, list) in [
            ("districts", &pc.districts),
            ("borderDistricts", &pc.border_districts),
        ] {
            for (i, d) in list.iter().enumerate() {
                let path = format!("hertfordshirePostcodes.{name}[{i}]");
                if !is_outward_code(d) {
                    add(path, "must be a postcode district such as SG13");
                } else if seen_pc.contains(&d.to_ascii_uppercase()) {
                    add(path, "is listed twice");
                } else {
                    seen_pc.push(d.to_ascii_uppercase());
                }
            }
        }
        if pc.districts.is_empty() {
            add(
                "hertfordshirePostcodes.districts".into(),
                "must list at least one postcode district",
            );
        }
        if !(1..=52).contains(&self.review_interval_weeks) {
            add(
                "reviewIntervalWeeks".into(),
                "must be a whole number of weeks from 1 to 52",
            );
        }
        let a = &self.attachments;
        if a.max_file_bytes == 0 || a.max_file_bytes > MAX_SAFE_INTEGER {
            add(
                "attachments.maxFileBytes".into(),
                "must be more than 0 and less than 2^53",
            );
        }
        if a.max_total_bytes == 0 || a.max_total_bytes > MAX_SAFE_INTEGER {
            add(
                "attachments.maxTotalBytes".into(),
                "must be more than 0 and less than 2^53",
            );
        }
        if a.max_file_bytes > a.max_total_bytes {
            add(
                "attachments.maxFileBytes".into(),
                "must not be more than maxTotalBytes",
            );
        }
        if a.max_files == 0 || a.max_files > crate::limits::MAX_ATTACHMENTS {
            add(
                "attachments.maxFiles".into(),
                "must be from 1 to 100 (the format's limit)",
            );
        }
        if a.allowed_media_types.is_empty() {
            add(
                "attachments.allowedMediaTypes".into(),
                "must list at least one media type",
            );
        }
        for (i, m) in a.allowed_media_types.iter().enumerate() {
            if !m.contains('/') || m.trim() != m || m.is_empty() {
                add(
                    format!("attachments.allowedMediaTypes[{i}]"),
                    "must be a media type such as application/pdf",
                );
            }
        }
        let t = &self.trusted_keys_path;
        if t.trim().is_empty()
            || t.starts_with('/')
            || t.contains("..")
            || t.contains("://")
            || t.contains('\\')
        {
            add(
                "trustedKeysPath".into(),
                "must be a relative path beside index.html, such as trusted-keys.json",
            );
        }
        p
    }

    /// The ISL area a district belongs to (case and outer spaces ignored).
    pub fn area_for_district(&self, district: &str) -> Option<&IslArea> {
        self.district(district).map(|(a, _)| a)
    }

    /// A district and its area (case and outer spaces ignored).
    pub fn district(&self, district: &str) -> Option<(&IslArea, &District)> {
        let d = district.trim();
        self.isl_areas.iter().find_map(|a| {
            a.districts
                .iter()
                .find(|x| x.name.trim().eq_ignore_ascii_case(d))
                .map(|x| (a, x))
        })
    }

    /// The ISL area a referral goes to: the school's district's, or the
    /// pupil's home district's when the school has none in the council's list
    /// (see [`crate::referral::Referral::area_district`]).
    pub fn area_for_referral(&self, r: &crate::referral::Referral) -> Option<&IslArea> {
        r.area_district().and_then(|d| self.area_for_district(d))
    }

    /// Every district name, area by area, for a list to choose from.
    pub fn district_names(&self) -> Vec<String> {
        self.isl_areas
            .iter()
            .flat_map(|a| a.districts.iter().map(|d| d.name.clone()))
            .collect()
    }
}

impl PostcodeDistricts {
    /// Where a postcode district (an outward code such as `SG13`, any case)
    /// lies: inside Hertfordshire, on its border, or outside.
    pub fn place(&self, outward: &str) -> CountyPostcode {
        let outward = outward.trim();
        let has = |list: &[String]| list.iter().any(|d| d.trim().eq_ignore_ascii_case(outward));
        if has(&self.districts) {
            CountyPostcode::Inside
        } else if has(&self.border_districts) {
            CountyPostcode::Border
        } else {
            CountyPostcode::Outside
        }
    }
}

/// Where a postcode's district lies relative to Hertfordshire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountyPostcode {
    /// A district inside the county.
    Inside,
    /// A district that straddles the county boundary.
    Border,
    /// Any other district.
    Outside,
}

fn is_outward_code(d: &str) -> bool {
    let b = d.as_bytes();
    (2..=4).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b.iter().any(u8::is_ascii_digit)
}

/// Lower-case words of `text`: letters and digits, everything else a break.
pub fn words(text: &str) -> Vec<String> {
    words_as_written(text).map(crate::case::lowercase).collect()
}

/// The words of `text` in the case they were written.
fn words_as_written(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A light check: one `@` with text either side and a dot in the domain.
pub fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert!(Settings::default().problems().is_empty());
    }

    #[test]
    fn explains_problems() {
        let e = Settings::from_json(r#"{"islAreas":[{"name":"A","districts":["X","x"],"confirmed":true}],"trustedKeysPath":"../k"}"#)
            .unwrap_err();
        let text = e.to_string();
        assert!(text.contains("islAreas[0].districts[1]"), "{text}");
        assert!(text.contains("trustedKeysPath"), "{text}");
        let e = Settings::from_json(r#"{"evidenceCurrencyWeek": 3}"#).unwrap_err();
        assert!(matches!(e, SettingsError::Parse { line: 1, .. }), "{e}");
        assert!(Settings::from_json("[").is_err());
    }

    #[test]
    fn a_district_is_listed_twice_exactly_when_the_look_up_cannot_tell_them_apart() {
        for (first, second, twice) in [
            ("Watford", " watford ", true),
            ("Welwyn Hatfield", "WELWYN HATFIELD", true),
            // Unicode case differs and `district` tells them apart: both kept.
            ("Épping", "épping", false),
            ("\u{212A}ings Langley", "kings langley", false),
        ] {
            let json = format!(
                r#"{{"islAreas":[{{"name":"A","districts":["{first}"],"confirmed":true}},{{"name":"B","districts":["{second}"],"confirmed":true}}]}}"#
            );
            let refused = Settings::from_json(&json)
                .err()
                .is_some_and(|e| e.to_string().contains("islAreas[1].districts[0]"));
            assert_eq!(refused, twice, "{first} / {second}");
            if !twice {
                let s = Settings::from_json(&json).unwrap();
                assert_eq!(s.area_for_district(first).unwrap().name, "A");
                assert_eq!(s.area_for_district(second).unwrap().name, "B");
            }
        }
    }

    #[test]
    fn districts_may_be_plain_names() {
        let s = Settings::from_json(
            r#"{"islAreas":[{"name":"A","districts":["X",{"name":"Y","source":"council list","confirmed":true}],"confirmed":true}]}"#,
        )
        .unwrap();
        let (_, x) = s.district("x").unwrap();
        assert!(!x.confirmed && x.source.is_empty());
        let (_, y) = s.district("Y").unwrap();
        assert!(y.confirmed && y.source == "council list");
    }

    #[test]
    fn postcodes_by_district() {
        let pc = Settings::default().hertfordshire_postcodes;
        assert_eq!(pc.place("sg13"), CountyPostcode::Inside);
        assert_eq!(pc.place("SG5"), CountyPostcode::Border);
        assert_eq!(pc.place("M1"), CountyPostcode::Outside);
        assert!(
            Settings::from_json(r#"{"hertfordshirePostcodes":{"districts":["SG 13"]}}"#).is_err()
        );
    }

    #[test]
    fn finds_area() {
        let s = Settings::default();
        assert_eq!(
            s.area_for_district(" st albans ").map(|a| a.name.as_str()),
            Some("West")
        );
        assert!(s.area_for_district("Luton").is_none());
    }
}
