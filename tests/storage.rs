//! Browser tests of the storage layer (IndexedDB, WebCrypto, draft files) in
//! headless Chromium. Each test uses its own database, deleted first, so the
//! tests do not see each other's data.
#![cfg(target_arch = "wasm32")]

use esma_app::draft::Draft;
use esma_app::storage::{delete_database, sealed, ImportError, StorageError, Store};
use esma_app::web::crypto;
use esma_app::web::files;
use esma_core::attachments::{check_attachment_limits, AttachmentProblem};
use esma_core::draft_file::DraftFileError;
use esma_core::referral::{Attachment, AttachmentPurpose};
use esma_core::settings::Settings;
use gloo::timers::future::TimeoutFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2026-11-28T09:00:00.000Z";

async fn fresh(name: &str) -> Store {
    delete_database(name).await.unwrap();
    Store::open_named(name).await.unwrap()
}

fn draft(id: &str) -> Draft {
    let mut d = Draft::new(id.into(), "Year 9 referral", NOW);
    d.referral.pupil.first_name = Some("Sam".into());
    d.referral.pupil.year_group = Some(9);
    d.set_raw_input("pupil.dateOfBirth.month", "Febuary");
    d.page = Some("pupil".into());
    d
}

/// Bytes with every value 0–255, so encoding slips would show.
fn sample_bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 256) as u8).collect()
}

/// Attaches bytes to a draft the way the UI does: hash, store, record in the referral.
async fn attach(store: &Store, d: &mut Draft, bytes: &[u8], purpose: AttachmentPurpose) -> String {
    let id = crypto::random_uuid_v4().unwrap();
    let sha256 = crypto::sha256_hex(bytes).await.unwrap();
    let a = Attachment {
        id: Some(id.clone()),
        name: Some("letter.pdf".into()),
        media_type: Some("application/pdf".into()),
        size: Some(bytes.len() as u64),
        sha256: Some(sha256),
        purpose: Some(purpose),
    };
    let blob = files::blob_from_bytes(bytes, "application/pdf").unwrap();
    store.put_attachment(&d.id, &a, &blob).await.unwrap();
    d.referral.attachments.push(a);
    id
}

async fn blob_bytes(store: &Store, id: &str) -> Vec<u8> {
    let blob = store.attachment_blob(id).await.unwrap().expect("stored");
    files::blob_bytes(&blob).await.unwrap()
}

#[wasm_bindgen_test]
async fn save_then_load_round_trips() {
    let store = fresh("t-round-trip").await;
    let d = draft("d1");
    store.save_draft(&d).await.unwrap();
    assert_eq!(store.load_draft("d1").await.unwrap(), Some(d));
    assert_eq!(store.load_draft("nope").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_reload_finds_everything_again() {
    let name = "t-reload";
    let store = fresh(name).await;
    let mut d = draft(&crypto::random_uuid_v4().unwrap());
    let att = attach(
        &store,
        &mut d,
        b"%PDF-1.7 letter",
        AttachmentPurpose::MedicalEvidence,
    )
    .await;
    d.touch("2026-11-28T09:01:00.000Z");
    store.save_draft(&d).await.unwrap();
    store.set_meta("lastDraft", &d.id).await.unwrap();
    drop(store);

    // A second connection, as after a reload or a crash.
    let again = Store::open_named(name).await.unwrap();
    assert_eq!(
        again.get_meta("lastDraft").await.unwrap(),
        Some(d.id.clone())
    );
    assert_eq!(again.load_draft(&d.id).await.unwrap(), Some(d.clone()));
    let list = again.list_drafts().await.unwrap();
    assert_eq!(list.drafts.len(), 1);
    assert_eq!(list.drafts[0].name, "Year 9 referral");
    assert_eq!(list.drafts[0].attachment_count, 1);
    assert!(list.damaged.is_empty());
    assert_eq!(blob_bytes(&again, &att).await, b"%PDF-1.7 letter");
}

#[wasm_bindgen_test]
async fn several_drafts_newest_first_and_deleted_with_their_files() {
    let store = fresh("t-several").await;
    let mut a = draft("a");
    let mut b = draft("b");
    b.updated_at = "2026-11-28T10:00:00.000Z".into();
    let att = attach(&store, &mut a, b"aaa", AttachmentPurpose::Apdr).await;
    store.save_draft(&a).await.unwrap();
    store.save_draft(&b).await.unwrap();
    let ids: Vec<String> = store
        .list_drafts()
        .await
        .unwrap()
        .drafts
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, ["b", "a"]);

    b.rename("Renamed");
    b.touch(NOW);
    store.save_draft(&b).await.unwrap();
    assert_eq!(
        store.load_draft("b").await.unwrap().unwrap().name,
        "Renamed"
    );

    store.delete_draft("a").await.unwrap();
    assert_eq!(store.load_draft("a").await.unwrap(), None);
    assert_eq!(store.attachment_blob(&att).await.unwrap(), None);
    assert_eq!(store.list_drafts().await.unwrap().drafts.len(), 1);
}

#[wasm_bindgen_test]
async fn damaged_records_are_kept_aside_and_reported() {
    let store = fresh("t-damaged").await;
    store.save_draft(&draft("good")).await.unwrap();
    store
        .put_raw(
            "drafts",
            "bad",
            &JsValue::from_str("{\"id\": \"bad\", truncated"),
        )
        .await
        .unwrap();
    store
        .put_raw("drafts", "obj", &js_sys::Object::new())
        .await
        .unwrap();

    let list = store.list_drafts().await.unwrap();
    assert_eq!(list.drafts.len(), 1);
    assert_eq!(list.damaged.len(), 2);
    let mut originals: Vec<&str> = list
        .damaged
        .iter()
        .map(|d| d.original_key.as_str())
        .collect();
    originals.sort();
    assert_eq!(originals, ["bad", "obj"]);
    assert!(list
        .damaged
        .iter()
        .all(|d| d.store == "drafts" && !d.kept_at.is_empty()));

    // Listing again neither loses nor duplicates them.
    let again = store.list_drafts().await.unwrap();
    assert_eq!(again.damaged, list.damaged);

    // A damaged record met by load_draft is kept aside too, never overwritten.
    store
        .put_raw("drafts", "late", &JsValue::from_str("not json"))
        .await
        .unwrap();
    let e = store.load_draft("late").await.unwrap_err();
    assert!(matches!(e, StorageError::Damaged { .. }), "{e:?}");
    assert_eq!(store.damaged_records().await.unwrap().len(), 3);

    // And so is one a save would have replaced.
    store
        .put_raw("drafts", "over", &JsValue::from_str("not json"))
        .await
        .unwrap();
    store.save_draft(&draft("over")).await.unwrap();
    assert_eq!(store.damaged_records().await.unwrap().len(), 4);
    assert!(store.load_draft("over").await.unwrap().is_some());
}

#[wasm_bindgen_test]
async fn an_older_revision_never_overwrites_a_newer_one() {
    let store = fresh("t-revision").await;
    let d1 = draft("d");
    let mut d3 = d1.clone();
    d3.touch(NOW);
    d3.touch(NOW);
    d3.referral.pupil.first_name = Some("Alex".into());
    let mut d2 = d1.clone();
    d2.touch(NOW);
    store.save_draft(&d1).await.unwrap();
    store.save_draft(&d3).await.unwrap();
    assert_eq!(
        store.save_draft(&d2).await,
        Err(StorageError::Outdated { stored_revision: 3 })
    );
    // Saving the identical draft again is harmless.
    store.save_draft(&d3).await.unwrap();
    // Another tab's different draft at the same revision is refused.
    let mut other = d3.clone();
    other.referral.pupil.first_name = Some("Kim".into());
    assert_eq!(
        store.save_draft(&other).await,
        Err(StorageError::Outdated { stored_revision: 3 })
    );
    assert_eq!(store.load_draft("d").await.unwrap(), Some(d3));
}

#[wasm_bindgen_test]
async fn saves_started_together_are_applied_in_order() {
    let store = fresh("t-order").await;
    let results = Rc::new(RefCell::new(Vec::new()));
    let mut d = draft("d");
    for i in 0..10 {
        if i > 0 {
            d.touch(NOW);
        }
        d.referral.pupil.first_name = Some(format!("v{i}"));
        let (store, d, results) = (store.clone(), d.clone(), results.clone());
        // Fire and forget, as the UI does on every keystroke.
        wasm_bindgen_futures::spawn_local(async move {
            let r = store.save_draft(&d).await;
            results.borrow_mut().push(r);
        });
    }
    for _ in 0..500 {
        if results.borrow().len() == 10 {
            break;
        }
        TimeoutFuture::new(10).await;
    }
    assert_eq!(results.borrow().len(), 10);
    assert!(
        results.borrow().iter().all(|r| r.is_ok()),
        "{:?}",
        results.borrow()
    );
    let stored = store.load_draft("d").await.unwrap().unwrap();
    assert_eq!(stored.revision, 10);
    assert_eq!(stored.referral.pupil.first_name.as_deref(), Some("v9"));
}

#[wasm_bindgen_test]
async fn attachments_are_blobs_read_back_byte_identical() {
    let store = fresh("t-attach").await;
    let mut d = draft("d");
    let bytes = sample_bytes(300_000);
    let id = attach(&store, &mut d, &bytes, AttachmentPurpose::TreatmentPlan).await;
    let blob = store.attachment_blob(&id).await.unwrap().unwrap();
    assert_eq!(blob.size() as usize, bytes.len());
    assert_eq!(blob.type_(), "application/pdf");
    assert_eq!(files::blob_bytes(&blob).await.unwrap(), bytes);

    let listed = store.attachments_for("d").await.unwrap();
    assert_eq!(listed, d.referral.attachments);
    assert!(store.attachments_for("other").await.unwrap().is_empty());

    // Another draft cannot take over the id.
    let b2 = files::blob_from_bytes(b"x", "text/plain").unwrap();
    assert_eq!(
        store.put_attachment("other", &listed[0], &b2).await,
        Err(StorageError::AttachmentIdInUse)
    );
    assert_eq!(blob_bytes(&store, &id).await, bytes);

    store.delete_attachment(&id).await.unwrap();
    assert_eq!(store.attachment_blob(&id).await.unwrap(), None);
    assert!(store.attachments_for("d").await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn sha256_is_webcrypto_and_correct() {
    let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assert_eq!(crypto::sha256_hex(b"abc").await.unwrap(), abc);
    let buffer = js_sys::Uint8Array::from(&b"abc"[..]).buffer();
    assert_eq!(crypto::sha256_hex_buffer(&buffer).await.unwrap(), abc);
    assert_eq!(
        crypto::sha256_hex(b"").await.unwrap(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let a = crypto::random_uuid_v4().unwrap();
    let b = crypto::random_uuid_v4().unwrap();
    assert_ne!(a, b);
    assert_eq!(a.len(), 36);
    assert_eq!(&a[14..15], "4");
}

#[wasm_bindgen_test]
async fn a_chosen_file_is_read_with_its_type_and_checked() {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&b"hello"[..]));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, "notes.txt").unwrap();
    let (buffer, media_type) = files::read_file(&file).await.unwrap();
    assert_eq!(media_type, "text/plain");
    assert_eq!(js_sys::Uint8Array::new(&buffer).to_vec(), b"hello");
    let s = Settings::default();
    assert_eq!(
        check_attachment_limits(buffer.byte_length() as u64, &media_type, 0, 0, &s),
        Ok(())
    );
    assert_eq!(
        check_attachment_limits(30 * 1024 * 1024, &media_type, 0, 0, &s),
        Err(AttachmentProblem::TooLarge)
    );
}

#[wasm_bindgen_test]
async fn export_then_import_makes_a_new_equal_draft() {
    let store = fresh("t-export").await;
    let mut d = draft("orig");
    let letter = sample_bytes(5000);
    let consent = b"signed consent".to_vec();
    let l = attach(&store, &mut d, &letter, AttachmentPurpose::MedicalEvidence).await;
    let c = attach(&store, &mut d, &consent, AttachmentPurpose::ParentalConsent).await;
    d.referral.medical_evidence.push(Default::default());
    d.referral.medical_evidence[0].attachment_id = Some(l.clone());
    d.referral.consent.attachment_id = Some(c.clone());
    store.save_draft(&d).await.unwrap();

    let json = store.export_draft(&d).await.unwrap();
    assert!(json.contains("\"format\": \"esma-referral-draft\""));
    assert!(json.contains("This is an unsigned draft."));

    let imported = store
        .import_draft(json.as_bytes(), &Settings::default())
        .await
        .unwrap();
    assert_ne!(imported.id, d.id);
    assert_eq!(imported.name, "Year 9 referral (imported)");
    assert_eq!(imported.revision, 1);
    assert_eq!(imported.raw_inputs, d.raw_inputs);
    let new_l = imported.referral.medical_evidence[0]
        .attachment_id
        .clone()
        .unwrap();
    let new_c = imported.referral.consent.attachment_id.clone().unwrap();
    assert!(new_l != l && new_c != c);
    assert_eq!(
        imported.referral.attachments[0].id.as_deref(),
        Some(new_l.as_str())
    );
    assert_eq!(
        imported.referral.attachments[1].id.as_deref(),
        Some(new_c.as_str())
    );

    // Equal apart from the ids.
    let mut back = imported.referral.clone();
    back.medical_evidence[0].attachment_id = Some(l.clone());
    back.consent.attachment_id = Some(c.clone());
    back.attachments[0].id = Some(l.clone());
    back.attachments[1].id = Some(c.clone());
    assert_eq!(back, d.referral);

    assert_eq!(blob_bytes(&store, &new_l).await, letter);
    assert_eq!(blob_bytes(&store, &new_c).await, consent);
    assert_eq!(store.attachments_for(&imported.id).await.unwrap().len(), 2);
    // The original is untouched and both are listed.
    assert_eq!(store.load_draft("orig").await.unwrap(), Some(d));
    assert_eq!(
        store.load_draft(&imported.id).await.unwrap(),
        Some(imported)
    );
    assert_eq!(store.list_drafts().await.unwrap().drafts.len(), 2);
}

#[wasm_bindgen_test]
async fn a_tampered_export_is_refused_and_leaves_nothing() {
    let store = fresh("t-tamper").await;
    let mut d = draft("orig");
    attach(&store, &mut d, &sample_bytes(999), AttachmentPurpose::Other).await;
    store.save_draft(&d).await.unwrap();
    let json = store.export_draft(&d).await.unwrap();

    // Change the bytes but keep the size and valid base64.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let data = v["attachments"][0]["data"].as_str().unwrap().to_string();
    let flipped = if data.starts_with('A') { "B" } else { "A" };
    v["attachments"][0]["data"] = format!("{flipped}{}", &data[1..]).into();
    let tampered = serde_json::to_vec(&v).unwrap();
    let e = store
        .import_draft(&tampered, &Settings::default())
        .await
        .unwrap_err();
    assert_eq!(
        e,
        ImportError::File(DraftFileError::Sha256Mismatch { index: 0 })
    );
    assert!(e.message().contains("damaged or has been changed"));

    // A signed pack opened here is named as one.
    let e = store
        .import_draft(
            br#"{"format":"esma-referral-pack","formatVersion":1}"#,
            &Settings::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e, ImportError::File(DraftFileError::SignedPack));

    assert_eq!(store.list_drafts().await.unwrap().drafts.len(), 1);
}

#[wasm_bindgen_test]
async fn export_reports_a_missing_file() {
    let store = fresh("t-missing").await;
    let mut d = draft("d");
    let id = attach(&store, &mut d, b"x", AttachmentPurpose::Other).await;
    store.delete_attachment(&id).await.unwrap();
    assert_eq!(
        store.export_draft(&d).await,
        Err(StorageError::AttachmentMissing)
    );
}

#[wasm_bindgen_test]
async fn delete_everything_leaves_nothing() {
    let name = "t-delete-all";
    let store = fresh(name).await;
    let mut d = draft("d");
    let id = attach(&store, &mut d, b"x", AttachmentPurpose::Other).await;
    store.save_draft(&d).await.unwrap();
    store.set_meta("lastDraft", "d").await.unwrap();
    store
        .put_raw("drafts", "bad", &JsValue::from_str("{"))
        .await
        .unwrap();
    store.list_drafts().await.unwrap();
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.set_item("esma-test", "1").unwrap();
    local.set_item("other-site", "1").unwrap();

    // A second connection (another component or tab) must not block it.
    let _other = Store::open_named(name).await.unwrap();
    store.delete_everything().await.unwrap();

    let fresh = Store::open_named(name).await.unwrap();
    let list = fresh.list_drafts().await.unwrap();
    assert!(list.drafts.is_empty() && list.damaged.is_empty());
    assert_eq!(fresh.attachment_blob(&id).await.unwrap(), None);
    assert_eq!(fresh.get_meta("lastDraft").await.unwrap(), None);
    assert_eq!(local.get_item("esma-test").unwrap(), None);
    assert_eq!(local.get_item("other-site").unwrap().as_deref(), Some("1"));
    local.remove_item("other-site").unwrap();
    // The old connection was closed by the delete.
    assert_eq!(_other.get_meta("x").await, Err(StorageError::Unavailable));
}

#[wasm_bindgen_test]
async fn space_estimate_and_persistence_do_not_fail() {
    let _ = esma_app::storage::request_persistence().await;
    let space = esma_app::storage::estimate()
        .await
        .expect("Chromium gives an estimate");
    assert!(space.quota > 0.0);
}

// Passphrase protection (shared computers).

const PASSPHRASE: &str = "correct horse battery staple";

/// The raw stored draft: sealed records are objects, never the JSON text.
async fn stored_is_sealed(store: &Store, id: &str) -> bool {
    let raw = store.get_raw("drafts", id).await.unwrap();
    raw.as_string().is_none()
        && js_sys::Reflect::get(&raw, &"sealed".into())
            .unwrap()
            .is_string()
}

#[wasm_bindgen_test]
async fn protected_drafts_and_files_are_sealed_and_open_only_with_the_passphrase() {
    let name = "t-protect";
    let store = fresh(name).await;
    let mut d = draft("p1");
    let bytes = sample_bytes(3000);
    let att = attach(&store, &mut d, &bytes, AttachmentPurpose::MedicalEvidence).await;
    d.touch(NOW);
    store.save_draft(&d).await.unwrap();

    store.protect(PASSPHRASE).await.unwrap();
    assert!(stored_is_sealed(&store, "p1").await);
    let raw_file = store.get_raw("attachments", &att).await.unwrap();
    let sealed_blob: web_sys::Blob = js_sys::Reflect::get(&raw_file, &"blob".into())
        .unwrap()
        .into();
    assert_ne!(files::blob_bytes(&sealed_blob).await.unwrap(), bytes);
    assert!(js_sys::Reflect::get(&raw_file, &"name".into())
        .unwrap()
        .is_undefined());
    // This tab keeps working, and saves stay sealed.
    d.touch(NOW);
    store.save_draft(&d).await.unwrap();
    assert!(stored_is_sealed(&store, "p1").await);
    drop(store);

    // After a reload: nothing reads without the passphrase.
    let again = Store::open_named(name).await.unwrap();
    assert!(again.protection().await.unwrap().is_some());
    assert_eq!(again.load_draft("p1").await, Err(StorageError::Locked));
    assert_eq!(
        again.unlock("wrong horse battery staple").await,
        Err(StorageError::WrongPassphrase)
    );
    assert!(!again.is_unlocked());
    // A wrong passphrase destroyed nothing.
    assert!(stored_is_sealed(&again, "p1").await);
    again.unlock(PASSPHRASE).await.unwrap();
    assert_eq!(again.load_draft("p1").await.unwrap(), Some(d.clone()));
    assert_eq!(again.list_drafts().await.unwrap().drafts.len(), 1);
    assert_eq!(blob_bytes(&again, &att).await, bytes);
    assert_eq!(
        again.attachments_for("p1").await.unwrap(),
        d.referral.attachments
    );
    // Exports are plain: the user chose to save that file.
    let exported = again.export_draft(&d).await.unwrap();
    assert!(exported.contains("\"Sam\""));
}

#[wasm_bindgen_test]
async fn the_passphrase_can_be_changed_and_protection_turned_off() {
    let name = "t-protect-change";
    let store = fresh(name).await;
    let mut d = draft("c1");
    let att = attach(&store, &mut d, b"evidence", AttachmentPurpose::Apdr).await;
    store.save_draft(&d).await.unwrap();
    store.protect(PASSPHRASE).await.unwrap();

    assert_eq!(
        store
            .change_passphrase("not it at all", "a new pass phrase")
            .await,
        Err(StorageError::WrongPassphrase)
    );
    store
        .change_passphrase(PASSPHRASE, "a new pass phrase")
        .await
        .unwrap();
    drop(store);
    let again = Store::open_named(name).await.unwrap();
    assert_eq!(
        again.unlock(PASSPHRASE).await,
        Err(StorageError::WrongPassphrase)
    );
    again.unlock("a new pass phrase").await.unwrap();

    assert_eq!(
        again.unprotect(PASSPHRASE).await,
        Err(StorageError::WrongPassphrase)
    );
    again.unprotect("a new pass phrase").await.unwrap();
    assert_eq!(again.protection().await.unwrap(), None);
    assert!(again.get_raw("drafts", "c1").await.unwrap().is_string());
    drop(again);
    let plain = Store::open_named(name).await.unwrap();
    assert_eq!(plain.load_draft("c1").await.unwrap(), Some(d));
    assert_eq!(blob_bytes(&plain, &att).await, b"evidence");
}

#[wasm_bindgen_test]
async fn a_tab_that_missed_the_protection_cannot_save_plain_text() {
    let name = "t-protect-tabs";
    let first = fresh(name).await;
    let other_tab = Store::open_named(name).await.unwrap();
    let mut d = draft("t1");
    first.save_draft(&d).await.unwrap();
    first.protect(PASSPHRASE).await.unwrap();

    d.touch(NOW);
    assert_eq!(
        other_tab.save_draft(&d).await,
        Err(StorageError::ProtectionChanged)
    );
    assert!(stored_is_sealed(&first, "t1").await);
}

#[wasm_bindgen_test]
async fn protecting_left_half_done_is_finished_at_the_next_unlock() {
    let name = "t-protect-resume";
    let store = fresh(name).await;
    store.protect(PASSPHRASE).await.unwrap();
    // As if the tab closed before this draft was sealed.
    let d = draft("r1");
    store
        .put_raw("drafts", "r1", &JsValue::from_str(&d.to_json()))
        .await
        .unwrap();
    drop(store);
    let again = Store::open_named(name).await.unwrap();
    again.unlock(PASSPHRASE).await.unwrap();
    assert!(stored_is_sealed(&again, "r1").await);
    assert_eq!(again.load_draft("r1").await.unwrap(), Some(d));
}

#[wasm_bindgen_test]
async fn a_sealed_draft_that_does_not_open_is_kept_aside() {
    let store = fresh("t-protect-damaged").await;
    let d = draft("x1");
    store.save_draft(&d).await.unwrap();
    store.protect(PASSPHRASE).await.unwrap();
    // Flip one byte of the ciphertext.
    let raw = store.get_raw("drafts", "x1").await.unwrap();
    let data = js_sys::Uint8Array::new(&js_sys::Reflect::get(&raw, &"data".into()).unwrap());
    data.set_index(0, data.get_index(0) ^ 1);
    js_sys::Reflect::set(&raw, &"data".into(), &data.buffer()).unwrap();
    store.put_raw("drafts", "x1", &raw).await.unwrap();

    assert!(matches!(
        store.load_draft("x1").await,
        Err(StorageError::Damaged { .. })
    ));
    let list = store.list_drafts().await.unwrap();
    assert!(list.drafts.is_empty());
    assert_eq!(list.damaged.len(), 1);
    assert_eq!(list.damaged[0].original_key, "x1");
}

#[wasm_bindgen_test]
async fn a_draft_imported_while_protected_is_sealed_with_its_files() {
    let store = fresh("t-protect-import").await;
    let mut d = draft("src");
    let letter = sample_bytes(2000);
    let l = attach(&store, &mut d, &letter, AttachmentPurpose::MedicalEvidence).await;
    d.referral.medical_evidence.push(Default::default());
    d.referral.medical_evidence[0].attachment_id = Some(l);
    store.save_draft(&d).await.unwrap();
    let json = store.export_draft(&d).await.unwrap();
    store.protect(PASSPHRASE).await.unwrap();

    let imported = store
        .import_draft(json.as_bytes(), &Settings::default())
        .await
        .unwrap();
    assert!(stored_is_sealed(&store, &imported.id).await);
    let new_l = imported.referral.medical_evidence[0]
        .attachment_id
        .clone()
        .unwrap();
    let raw_file = store.get_raw("attachments", &new_l).await.unwrap();
    assert!(js_sys::Reflect::get(&raw_file, &"sealed".into())
        .unwrap()
        .is_string());
    assert_eq!(blob_bytes(&store, &new_l).await, letter);
    assert_eq!(
        store.load_draft(&imported.id).await.unwrap(),
        Some(imported)
    );
}

/// A plain object from pairs, as the store lays out records.
fn record(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

/// A stored record's field.
async fn field(store: &Store, name: &str, key: &str, field: &str) -> JsValue {
    let raw = store.get_raw(name, key).await.unwrap();
    js_sys::Reflect::get(&raw, &field.into()).unwrap()
}

/// Seals `bytes` with the drafts key and `label` as its additional data.
async fn seal(key: &sealed::Unlocked, label: &str, bytes: &[u8]) -> sealed::Sealed {
    key.seal(label, &js_sys::Uint8Array::from(bytes))
        .await
        .unwrap()
}

#[wasm_bindgen_test]
async fn records_sealed_before_the_revision_was_bound_still_open_and_are_resealed_at_unlock() {
    let name = "t-protect-layout-1";
    let store = fresh(name).await;
    store.protect(PASSPHRASE).await.unwrap();
    let protection = store.protection().await.unwrap().unwrap();
    let key = sealed::unlock(&protection, PASSPHRASE).await.unwrap();
    let id: JsValue = protection.id.as_str().into();

    // A draft and its file as the first sealed layout stored them: no `v`,
    // and only the record's id as additional data.
    let bytes = sample_bytes(1500);
    let a = Attachment {
        id: Some("a-old".into()),
        name: Some("letter.pdf".into()),
        media_type: Some("application/pdf".into()),
        size: Some(bytes.len() as u64),
        sha256: Some(crypto::sha256_hex(&bytes).await.unwrap()),
        purpose: Some(AttachmentPurpose::MedicalEvidence),
    };
    let mut d = draft("old");
    d.referral.attachments.push(a.clone());
    d.touch(NOW);
    let text = seal(&key, "draft old", d.to_json().as_bytes()).await;
    let old_draft = record(&[
        ("sealed", id.clone()),
        ("revision", JsValue::from_f64(d.revision as f64)),
        ("iv", text.iv.into()),
        ("data", text.data.into()),
    ]);
    store.put_raw("drafts", "old", &old_draft).await.unwrap();
    let meta = esma_core::json::to_value(&a).to_string();
    let meta = seal(&key, "attachment a-old meta", meta.as_bytes()).await;
    let data = seal(&key, "attachment a-old data", &bytes).await;
    let old_file = record(&[
        ("draftId", "old".into()),
        ("id", "a-old".into()),
        ("sealed", id),
        ("metaIv", meta.iv.into()),
        ("meta", meta.data.into()),
        ("iv", data.iv.into()),
        (
            "blob",
            files::blob_from_buffer(&data.data, "application/octet-stream")
                .unwrap()
                .into(),
        ),
    ]);
    store
        .put_raw("attachments", "a-old", &old_file)
        .await
        .unwrap();

    // They open as they are...
    assert_eq!(store.load_draft("old").await.unwrap(), Some(d.clone()));
    assert_eq!(blob_bytes(&store, "a-old").await, bytes);
    drop(store);

    // ...and the next unlock reseals them in the layout of now.
    let again = Store::open_named(name).await.unwrap();
    again.unlock(PASSPHRASE).await.unwrap();
    for (store_name, key) in [("drafts", "old"), ("attachments", "a-old")] {
        assert_eq!(
            field(&again, store_name, key, "v").await.as_f64(),
            Some(2.0),
            "{store_name} {key} resealed"
        );
    }
    assert_eq!(again.load_draft("old").await.unwrap(), Some(d));
    assert_eq!(blob_bytes(&again, "a-old").await, bytes);
    assert_eq!(again.attachments_for("old").await.unwrap(), vec![a]);
}

#[wasm_bindgen_test]
async fn a_sealed_value_relabelled_or_mixed_with_another_version_does_not_open() {
    let store = fresh("t-protect-labels").await;
    store.protect(PASSPHRASE).await.unwrap();
    let mut d = draft("l1");
    let file = attach(&store, &mut d, &sample_bytes(500), AttachmentPurpose::Apdr).await;
    d.touch(NOW);
    store.save_draft(&d).await.unwrap();
    let older = store.get_raw("drafts", "l1").await.unwrap();
    d.touch(NOW);
    store.save_draft(&d).await.unwrap();

    // An older version made to look newer than the one stored.
    js_sys::Reflect::set(
        &older,
        &"revision".into(),
        &JsValue::from_f64((d.revision + 1) as f64),
    )
    .unwrap();
    store.put_raw("drafts", "l1", &older).await.unwrap();
    assert!(matches!(
        store.load_draft("l1").await,
        Err(StorageError::Damaged { .. })
    ));

    // A file given the bytes of an earlier version of itself.
    let first = store.get_raw("attachments", &file).await.unwrap();
    let a = d.referral.attachments[0].clone();
    let other = files::blob_from_bytes(b"another letter", "application/pdf").unwrap();
    store.put_attachment("l1", &a, &other).await.unwrap();
    let second = store.get_raw("attachments", &file).await.unwrap();
    for part in ["iv", "blob"] {
        let earlier = js_sys::Reflect::get(&first, &part.into()).unwrap();
        js_sys::Reflect::set(&second, &part.into(), &earlier).unwrap();
    }
    store.put_raw("attachments", &file, &second).await.unwrap();
    assert!(matches!(
        store.attachment_blob(&file).await,
        Err(StorageError::Damaged { .. })
    ));

    // A file moved to another draft.
    js_sys::Reflect::set(&first, &"draftId".into(), &"l2".into()).unwrap();
    store.put_raw("attachments", &file, &first).await.unwrap();
    assert!(matches!(
        store.attachment_blob(&file).await,
        Err(StorageError::Damaged { .. })
    ));
}

#[wasm_bindgen_test]
async fn while_sealed_records_remain_without_their_protection_nothing_is_saved_plain() {
    let name = "t-protect-missing";
    let store = fresh(name).await;
    let mut d = draft("m1");
    attach(&store, &mut d, b"evidence", AttachmentPurpose::Apdr).await;
    store.save_draft(&d).await.unwrap();
    store.protect(PASSPHRASE).await.unwrap();
    // The protection's record is deleted (or the site's data partly cleared).
    store.delete_meta("protection").await.unwrap();
    drop(store);

    let tab = Store::open_named(name).await.unwrap();
    assert!(tab.protection_missing().await.unwrap());
    let mut new = draft("m2");
    assert_eq!(
        tab.save_draft(&new).await,
        Err(StorageError::ProtectionMissing)
    );
    let a = Attachment {
        id: Some("a-m2".into()),
        ..Default::default()
    };
    let blob = files::blob_from_bytes(b"plain", "text/plain").unwrap();
    assert_eq!(
        tab.put_attachment("m2", &a, &blob).await,
        Err(StorageError::ProtectionMissing)
    );
    assert!(tab.get_raw("drafts", "m2").await.unwrap().is_undefined());
    assert!(tab
        .get_raw("attachments", "a-m2")
        .await
        .unwrap()
        .is_undefined());

    // The way on: protect again. What the old protection sealed is kept aside.
    tab.protect("a new pass phrase").await.unwrap();
    assert!(!tab.protection_missing().await.unwrap());
    new.touch(NOW);
    tab.save_draft(&new).await.unwrap();
    assert!(stored_is_sealed(&tab, "m2").await);
    let list = tab.list_drafts().await.unwrap();
    assert_eq!(list.drafts.len(), 1);
    assert_eq!(list.damaged.len(), 1);
    assert_eq!(list.damaged[0].original_key, "m1");
}

/// A database as version 1 of the app made it, holding one plain draft.
async fn version_1_database(name: &str, draft_json: &str) {
    let make = js_sys::Function::new_with_args(
        "name, draft",
        r#"return new Promise((resolve, reject) => {
            const open = indexedDB.open(name, 1);
            open.onupgradeneeded = () => {
                const db = open.result;
                for (const store of ['drafts', 'damaged', 'meta', 'keys']) db.createObjectStore(store);
                db.createObjectStore('attachments').createIndex('draftId', 'draftId');
                open.transaction.objectStore('drafts').put(draft, JSON.parse(draft).id);
            };
            open.onsuccess = () => { open.result.close(); resolve(); };
            open.onerror = () => reject(open.error);
        });"#,
    );
    let made = make
        .call2(&JsValue::NULL, &name.into(), &draft_json.into())
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(made))
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_upgraded_in_place_with_its_drafts() {
    let name = "t-upgrade-1";
    delete_database(name).await.unwrap();
    let d = draft("u1");
    version_1_database(name, &d.to_json()).await;

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.load_draft("u1").await.unwrap(), Some(d));
    // The new `sealed` indexes are there and find sealed records.
    assert!(!store.protection_missing().await.unwrap());
    store.protect(PASSPHRASE).await.unwrap();
    assert!(stored_is_sealed(&store, "u1").await);
    store.delete_meta("protection").await.unwrap();
    assert!(store.protection_missing().await.unwrap());
}
