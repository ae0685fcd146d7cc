//! `esma-referral keygen --out KEY.jwk`: make a school signing key.
//!
//! Writes the private JWK (mode 0600, never overwriting), prints the public
//! JWK (with its `kid`) on standard output for registering with the council,
//! and the fingerprint to read aloud on standard error.

use std::path::Path;

use crate::pack_io::{write_private, P256Signer};
use crate::{shown, Res};

pub fn run(out: &Path) -> Res<u8> {
    let key = P256Signer::generate()?;
    let private =
        serde_json::to_string_pretty(&key.private_jwk().to_json()).unwrap_or_default() + "\n";
    write_private(out, private.as_bytes())?;
    let public = key.public();
    println!(
        "{}",
        serde_json::to_string_pretty(&public.to_json_with_kid()).unwrap_or_default()
    );
    eprintln!(
        "Wrote the private key to {} (readable only by you). Keep it secret; never send it.",
        shown(out)
    );
    eprintln!("Key id (kid):  {}", public.thumbprint());
    eprintln!("Fingerprint:   {}", public.fingerprint());
    eprintln!("Send the public key printed above to the council, and read them the fingerprint.");
    Ok(0)
}
