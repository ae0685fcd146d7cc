//! `esma-referral sign REFERRAL --key KEY.jwk --out PACK`: sign a referral.
//!
//! Refuses (exit 1) a referral with blocking findings as of `--today`, or
//! one whose attachment files (read from the referral's folder by file name)
//! do not have the size and SHA-256 it records. Exit 2 when a file cannot be
//! read.

use std::path::{Path, PathBuf};

use esma_core::pack::manifest::PackInfo;
use esma_core::pack::sign_pack;
use esma_core::rules::Severity;
use esma_core::signed::jwk::PrivateJwk;
use esma_core::signed::{b64, PackFile};
use esma_core::validate::Valid;

use crate::pack_io::{
    is_plain_file_name, now_utc, read_capped, read_key_text, uuid_v4, write_replacing, P256Signer,
};
use crate::{shown, Day, Fail, Res};

pub fn run(file: &Path, key_path: &Path, out: &Path, day: &Day) -> Res<u8> {
    let key_text = read_key_text(key_path)?;
    let jwk =
        PrivateJwk::from_json(&key_text).map_err(|e| Fail(format!("{}: {e}", shown(key_path))))?;
    let signer =
        P256Signer::from_jwk(&jwk).map_err(|Fail(m)| Fail(format!("{}: {m}", shown(key_path))))?;

    let settings = day.settings()?;
    let referral = crate::read_referral(file)?;
    let today = day.today();
    let valid = match Valid::check(referral, today, &settings) {
        Ok(v) => v,
        Err(report) => {
            eprintln!(
                "esma-referral: not signed: the referral has blocking findings as of {today}:"
            );
            for f in report.with_severity(Severity::Blocking) {
                eprintln!("  - {}. [{}]", f.message.trim_end_matches('.'), f.field);
            }
            eprintln!("Run 'esma-referral check' for the full report.");
            return Ok(1);
        }
    };

    let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let folder = if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder
    };
    let limits = &settings.attachments;
    let mut files = Vec::new();
    for (i, a) in valid.get().attachments.iter().enumerate() {
        let n = i + 1;
        let name = a.name.as_deref().unwrap_or_default();
        if !is_plain_file_name(name) {
            eprintln!("esma-referral: not signed: attachment {n}'s file name is not a plain file name in the referral's folder.");
            return Ok(1);
        }
        let bytes = read_capped(&folder.join(name), limits.max_file_bytes)?;
        let f = PackFile::hash(bytes);
        if Some(f.data.len() as u64) != a.size {
            eprintln!("esma-referral: not signed: attachment {n}'s file is not the size the referral records. Attach the file again.");
            return Ok(1);
        }
        if a.sha256.as_deref() != Some(b64::hex(&f.sha256).as_str()) {
            eprintln!("esma-referral: not signed: attachment {n}'s file does not have the SHA-256 the referral records. Attach the file again.");
            return Ok(1);
        }
        files.push(f);
    }

    let info = PackInfo {
        pack_id: uuid_v4()?,
        created_at: now_utc(),
    };
    let pack = sign_pack(&valid, files, &info, &signer.public(), &signer)
        .map_err(|e| Fail(e.to_string()))?;
    write_replacing(out, pack.to_json().as_bytes())?;
    eprintln!("Signed referral pack written to {}.", shown(out));
    eprintln!("Pack id:      {}", info.pack_id);
    eprintln!("Created at:   {}", info.created_at);
    eprintln!("Attachments:  {}", valid.get().attachments.len());
    eprintln!("Signer key:   {}", signer.public().fingerprint());
    Ok(0)
}
