//! Why saving or reading on this device failed, in words for users.

use std::fmt;

use esma_core::draft_file::DraftFileError;

use crate::web::crypto::CryptoError;
use crate::web::files::FileError;
use crate::web::idb::IdbError;

/// Why saving or reading on this device failed. Show [`StorageError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// IndexedDB cannot be used: a private window, storage blocked by the
    /// browser's settings, or the database was deleted in another tab.
    Unavailable,
    /// The device or the browser's share of it is full (QuotaExceededError).
    Full,
    /// A saved record could not be read; it has been kept aside in `damaged`.
    Damaged {
        /// Its key in the `damaged` store.
        key: String,
    },
    /// Another tab holds the database open and would not let go.
    Blocked,
    /// The stored draft has a newer (or the same) revision: another tab or
    /// window changed it. This save was not written.
    Outdated {
        /// The revision already saved.
        stored_revision: u64,
    },
    /// An attachment id is already used by another draft.
    AttachmentIdInUse,
    /// A file attached to the draft is not on this device (export).
    AttachmentMissing,
    /// A chosen file could not be read (moved, deleted or unreadable).
    FileUnreadable,
    /// WebCrypto needs a secure (https) page.
    InsecureContext,
    /// The passphrase does not unlock this device's drafts.
    WrongPassphrase,
    /// The drafts' protection changed in another tab (turned on or off):
    /// this tab must reload before it saves again.
    ProtectionChanged,
    /// The drafts are protected and this tab has not been unlocked.
    Locked,
    /// Drafts or files on this device are sealed, but the protection that
    /// opens them is gone: nothing is written plain until it is on again.
    ProtectionMissing,
    /// Anything else. The text is technical detail for the console, not for users.
    Other(String),
}

impl StorageError {
    /// Plain-English message for users (GOV.UK style).
    pub fn message(&self) -> &'static str {
        match self {
            StorageError::Unavailable => "Your answers cannot be saved on this device. This can happen in a private browsing window or when the browser is set to block site data. Open this service in a normal browser window. Until then, do not close this tab",
            StorageError::Full => "There is not enough space on this device to save your answers. Your latest change has not been saved. Delete drafts or files you no longer need, then try again",
            StorageError::Damaged { .. } => "Some saved data could not be read. It has been kept aside on this device and has not been changed",
            StorageError::Blocked => "Close any other tabs or windows that have this service open, then try again",
            StorageError::Outdated { .. } => "This draft was changed in another tab or window. Your latest change in this tab has not been saved. Save it as a new draft, or reload the page to see the other version",
            StorageError::AttachmentIdInUse => "The file could not be attached. Try again",
            StorageError::AttachmentMissing => "A file attached to this draft is missing from this device. Remove it and attach it again",
            StorageError::FileUnreadable => FileError::Unreadable.message(),
            StorageError::InsecureContext => CryptoError::InsecureContext.message(),
            StorageError::WrongPassphrase => "The passphrase is not right. Check it and try again. Nothing has been changed or deleted",
            StorageError::ProtectionChanged => "The passphrase protection of drafts on this device was changed in another tab or window. Your latest change in this tab has not been saved. Reload the page, then try again",
            StorageError::Locked => "Your drafts on this device are protected with a passphrase. Reload the page and enter it",
            StorageError::ProtectionMissing => "Your drafts on this device were protected with a passphrase, but what is needed to open them is missing, so nothing can be saved without protection. Your latest change has not been saved. Reload the page to see what you can do",
            StorageError::Other(_) => crate::web::SOMETHING_WENT_WRONG,
        }
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Other(detail) => write!(f, "{} ({detail})", self.message()),
            _ => f.write_str(self.message()),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<IdbError> for StorageError {
    fn from(e: IdbError) -> Self {
        match e {
            IdbError::Unavailable => StorageError::Unavailable,
            IdbError::Full => StorageError::Full,
            IdbError::Other(detail) => StorageError::Other(detail),
        }
    }
}

impl From<CryptoError> for StorageError {
    fn from(e: CryptoError) -> Self {
        match e {
            CryptoError::InsecureContext => StorageError::InsecureContext,
            CryptoError::Failed(detail) => StorageError::Other(detail),
        }
    }
}

impl From<FileError> for StorageError {
    fn from(e: FileError) -> Self {
        match e {
            FileError::Unreadable => StorageError::FileUnreadable,
            other => StorageError::Other(other.to_string()),
        }
    }
}

/// Why a draft file was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file is not a usable draft file.
    File(DraftFileError),
    /// It could not be saved on this device.
    Storage(StorageError),
}

impl ImportError {
    /// Plain-English message for users.
    pub fn message(&self) -> String {
        match self {
            ImportError::File(e) => e.message(),
            ImportError::Storage(e) => e.message().to_string(),
        }
    }
}

impl From<StorageError> for ImportError {
    fn from(e: StorageError) -> Self {
        ImportError::Storage(e)
    }
}

impl From<IdbError> for ImportError {
    fn from(e: IdbError) -> Self {
        ImportError::Storage(e.into())
    }
}

impl From<CryptoError> for ImportError {
    fn from(e: CryptoError) -> Self {
        ImportError::Storage(e.into())
    }
}

impl From<FileError> for ImportError {
    fn from(e: FileError) -> Self {
        ImportError::Storage(e.into())
    }
}
