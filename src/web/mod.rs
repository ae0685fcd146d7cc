//! Browser adapters: the app's only direct use of browser APIs beyond Yew.
//!
//! - [`clock`]: the time now and today's date;
//! - [`crypto`]: WebCrypto hashing and random ids;
//! - [`es256`]: ES256 key pairs, signing and verifying in WebCrypto;
//! - [`fetch`]: reading a static file beside the page;
//! - [`files`]: reading chosen files, Blobs, saving and opening files;
//! - [`dom`]: the few direct touches of the page;
//! - [`idb`]: a small future over IndexedDB's events, for `storage`.

pub mod clock;
pub mod crypto;
pub mod dom;
pub mod es256;
pub mod fetch;
pub mod files;
pub(crate) mod idb;
