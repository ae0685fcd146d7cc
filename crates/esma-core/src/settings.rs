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

use serde::{Deserialize, Serialize};
use std::fmt;

/// A named officer or contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Officer {
    /// Full name.
    pub name: String,
    /// Role, as the policy gives it.
    pub role: String,
    /// Email address.
    pub email: String,
}

/// An Integrated Services for Learning (ISL) geographical area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IslArea {
    /// The area's name, e.g. "East".
    pub name: String,
    /// The districts in it.
    pub districts: Vec<String>,
    /// Whether the council has confirmed this list (the areas are not published).
    pub confirmed: bool,
}

/// Limits on attachments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AttachmentLimits {
    /// Largest single file, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of all files, in bytes.
    pub max_total_bytes: u64,
    /// Media types the council accepts.
    pub allowed_media_types: Vec<String>,
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        AttachmentLimits {
            max_file_bytes: 20 * 1024 * 1024,
            max_total_bytes: 100 * 1024 * 1024,
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

/// The council's settings. Every key is optional in the file: a key left out
/// takes its default. Unknown keys are an error (they are usually typos).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Settings {
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
    /// Reviews further apart than this many weeks draw a warning.
    pub review_interval_weeks: u32,
    /// Attachment limits.
    pub attachments: AttachmentLimits,
    /// Where the list of trusted school keys is, relative to `index.html`.
    pub trusted_keys_path: String,
}

fn s(v: &str) -> String {
    v.to_string()
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
                    districts: ["Broxbourne", "East Hertfordshire", "North Hertfordshire", "Stevenage", "Welwyn Hatfield"]
                        .map(String::from)
                        .to_vec(),
                    confirmed: false,
                },
                IslArea {
                    name: s("West"),
                    districts: ["Dacorum", "Hertsmere", "St Albans", "Three Rivers", "Watford"]
                        .map(String::from)
                        .to_vec(),
                    confirmed: false,
                },
            ],
            upload_instructions: s("Send the referral and its files through the council's secure file exchange to the ISL area for the school's district. Do not send them by ordinary email."),
            evidence_currency_weeks: 12,
            review_interval_weeks: 6,
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
                let key = d.trim().to_lowercase();
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
        let d = district.trim();
        self.isl_areas
            .iter()
            .find(|a| a.districts.iter().any(|x| x.trim().eq_ignore_ascii_case(d)))
    }
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
    fn finds_area() {
        let s = Settings::default();
        assert_eq!(
            s.area_for_district(" st albans ").map(|a| a.name.as_str()),
            Some("West")
        );
        assert!(s.area_for_district("Luton").is_none());
    }
}
