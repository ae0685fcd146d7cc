//! What `keygen`, `sign` and `verify` share: the native ES256 primitives
//! (the `p256` crate behind esma-core's `Signer` and `Verifier` traits), key
//! files, fresh pack ids, and the options only these commands take.
//!

use std::io::Write as _;
use std::path::{Path, PathBuf};

use esma_core::signed::jwk::{PrivateJwk, PublicJwk};
use esma_core::signed::jws::{SignError, Signer, Verifier};
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

use crate::{shown, Fail, Res};

/// ES256 verification with `p256`.
pub struct P256Verifier;

impl Verifier for P256Verifier {
    fn verify(&self, jwk: &PublicJwk, signing_input: &[u8], sig: &[u8; 64]) -> bool {
        let (x, y) = jwk.coordinates();
        let mut sec1 = [0u8; 65];
        sec1[0] = 4;
        sec1[1..33].copy_from_slice(&x);
        sec1[33..].copy_from_slice(&y);
        let Ok(key) = VerifyingKey::from_sec1_bytes(&sec1) else {
            return false;
        };
        let Ok(sig) = Signature::from_slice(sig) else {
            return false;
        };
        key.verify(signing_input, &sig).is_ok()
    }
}

/// ES256 signing with `p256` (RFC 6979 deterministic nonces), low-S.
pub struct P256Signer(SigningKey);

impl P256Signer {
    /// A signer from a private JWK, checking that its public part matches.
    pub fn from_jwk(jwk: &PrivateJwk) -> Res<Self> {
        let key = SigningKey::from_slice(&jwk.d_bytes())
            .map_err(|_| Fail("the key file's private part is not a valid P-256 key".into()))?;
        if public_of(&key) != jwk.public {
            return Err(Fail(
                "the key file's public part (x, y) does not belong to its private part (d)".into(),
            ));
        }
        Ok(P256Signer(key))
    }

    /// A new random key.
    pub fn generate() -> Res<Self> {
        loop {
            let mut d = [0u8; 32];
            getrandom::getrandom(&mut d)
                .map_err(|e| Fail(format!("cannot get random bytes from the system: {e}")))?;
            // Out-of-range scalars (zero, or ≥ the group order) are vanishingly rare; try again.
            if let Ok(key) = SigningKey::from_slice(&d) {
                return Ok(P256Signer(key));
            }
        }
    }

    /// The public JWK.
    pub fn public(&self) -> PublicJwk {
        public_of(&self.0)
    }

    /// The private JWK.
    pub fn private_jwk(&self) -> PrivateJwk {
        PrivateJwk {
            public: self.public(),
            d: esma_core::signed::b64::encode_url(&self.0.to_bytes()),
        }
    }
}

fn public_of(key: &SigningKey) -> PublicJwk {
    let p = key.verifying_key().to_encoded_point(false);
    let mut x = [0u8; 32];
    let mut y = [0u8; 32];
    x.copy_from_slice(p.x().expect("uncompressed point"));
    y.copy_from_slice(p.y().expect("uncompressed point"));
    PublicJwk::from_coordinates(&x, &y)
}

impl Signer for P256Signer {
    /// The low-S form (`p256` returns either): the one verifiers accept.
    fn sign(&self, signing_input: &[u8]) -> Result<[u8; 64], SignError> {
        let sig: Signature = self.0.sign(signing_input);
        Ok(esma_core::signed::jws::low_s(sig.to_bytes().into()))
    }
}

/// A fresh UUID v4 from the system's random source.
pub fn uuid_v4() -> Res<String> {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b)
        .map_err(|e| Fail(format!("cannot get random bytes from the system: {e}")))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = esma_core::signed::b64::hex(&b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}

/// The current time, RFC 3339 UTC to the second.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Read a whole file of at most `max` bytes, refusing a larger one before
/// reading it.
pub fn read_capped(path: &Path, max: u64) -> Res<Vec<u8>> {
    let shown = shown(path);
    let meta = std::fs::metadata(path).map_err(|e| Fail(format!("cannot read {shown}: {e}")))?;
    if meta.is_dir() {
        return Err(Fail(format!(
            "cannot read {shown}: it is a folder, not a file"
        )));
    }
    if meta.len() > max {
        return Err(Fail(format!(
            "cannot read {shown}: the file is {} bytes; the largest allowed is {max} bytes",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Fail(format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(Fail(format!(
            "cannot read {shown}: the file is larger than {max} bytes"
        )));
    }
    Ok(bytes)
}

/// Read a JWK or JWK Set file as text.
pub fn read_key_text(path: &Path) -> Res<String> {
    let bytes = read_capped(path, 1024 * 1024)?;
    String::from_utf8(bytes)
        .map_err(|_| Fail(format!("cannot read {}: it is not UTF-8 text", shown(path))))
}

/// Write a file only its owner can read (mode 0600 on Unix), refusing to
/// replace an existing one.
pub fn write_private(path: &Path, bytes: &[u8]) -> Res<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let shown = shown(path);
    let mut f = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Fail(format!(
                "{shown} already exists; choose another file name (a key is never overwritten)"
            ))
        } else {
            Fail(format!("cannot write {shown}: {e}"))
        }
    })?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| Fail(format!("cannot write {shown}: {e}")))
}

/// Write a file, replacing it atomically (write beside it, then rename).
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Res<()> {
    let shown = shown(path);
    let mut tmp = PathBuf::from(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tmp.set_file_name(format!(".{name}.partial"));
    std::fs::write(&tmp, bytes).map_err(|e| Fail(format!("cannot write {shown}: {e}")))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Fail(format!("cannot write {shown}: {e}"))
    })
}

/// Whether an attachment's name is a plain file name that cannot leave the
/// referral's folder.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.starts_with('~')
        && Path::new(name).components().count() == 1
}
