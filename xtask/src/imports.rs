//! Short names for what each page's wasm imports from its glue.
//!
//! wasm-bindgen names every function the glue gives the wasm after the
//! function and a hash (`__wbg_addEventListener_f2d27251d333a631`), and each
//! name is written twice: in the wasm's import section and as a key of the
//! glue's imports object. The hashes do not compress. After Trunk's build,
//! the names become `a`, `b`, … `ba`, … in both files. Measured on 30
//! November 2026 (97–228 imports a page), first loads: 5.7–7.8 KB gzip less
//! on each journey page, 3.8 KB on the start page.
//!
//! The exports the glue calls (`__wbindgen_malloc`, closures' long
//! mangled names) are shortened the same way where the glue reads them as
//! properties (`wasm.__wbindgen_malloc(…)`); `memory` keeps its name, which
//! the tests read.
//!
//! Only the import and export sections change, byte for byte elsewhere, so
//! nothing needs optimising again. Every import must be found exactly once in
//! the glue, as a key, or the build fails: a glue of another shape is never
//! half renamed. Every page then starts in the end-to-end tests.

use std::path::Path;

use crate::scripts::{page_scripts, set_integrity};
use crate::Result;

/// Renames the imports of every page script in `dist` and its wasm, and
/// updates the pages' integrity hashes for both.
pub fn shorten(dist: &Path) -> Result<()> {
    let mut changed = Vec::new();
    for script in page_scripts(dist)? {
        let wasm_name = format!("{}_bg.wasm", script.trim_end_matches(".js"));
        let (js_path, wasm_path) = (dist.join(&script), dist.join(&wasm_name));
        let js =
            std::fs::read_to_string(&js_path).map_err(|e| format!("{}: {e}", js_path.display()))?;
        let wasm =
            std::fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
        let (wasm, names) = rename_imports(&wasm).map_err(|e| format!("{wasm_name}: {e}"))?;
        let js = rename_keys(&js, &names).map_err(|e| format!("{script}: {e}"))?;
        let (wasm, js) = shorten_exports(&wasm, &js).map_err(|e| format!("{script}: {e}"))?;
        let wasm = without_custom_sections(&wasm).map_err(|e| format!("{wasm_name}: {e}"))?;
        std::fs::write(&js_path, &js).map_err(|e| format!("{}: {e}", js_path.display()))?;
        std::fs::write(&wasm_path, &wasm).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
        changed.push((script, js.into_bytes()));
        changed.push((wasm_name, wasm));
    }
    set_integrity(dist, &changed)
}

/// Each import's name before and after, in the import section's order.
type Renames = Vec<(String, String)>;

/// The `n`th short name: `a` … `z`, `A` … `Z`, then `ba`, `bb`, … (letters
/// only, so each is a plain key in JavaScript and none is `__proto__`).
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// The wasm and its glue with each export the glue uses renamed, but
/// `memory`.
fn shorten_exports(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String)> {
    let names = export_names(wasm)?;
    let mut renames = Renames::new();
    for name in names {
        if name != "memory" && !property_at(js, &name).is_empty() {
            renames.push((name, short_name(renames.len())));
        }
    }
    let wasm = with_sections(wasm, EXPORT_SECTION, |body| {
        renamed_export_section(body, &renames).map(Some)
    })?;
    let mut js = js.to_owned();
    for (old, new) in &renames {
        for at in property_at(&js, old).into_iter().rev() {
            js.replace_range(at..at + old.len(), new);
        }
    }
    Ok((wasm, js))
}

const EXPORT_SECTION: u8 = 7;

/// Where `name` is read as a property (`wasm.name`) in `js`. The glue also
/// has functions of its own named as the exports they call: those Terser
/// renames anyway.
fn property_at(js: &str, name: &str) -> Vec<usize> {
    word_at(js, name)
        .into_iter()
        .filter(|&at| js[..at].ends_with('.'))
        .collect()
}

/// Where `word` stands whole in `text` (not inside a longer name).
fn word_at(text: &str, word: &str) -> Vec<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    text.match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
        .collect()
}

fn export_names(wasm: &[u8]) -> Result<Vec<String>> {
    let mut names = Vec::new();
    with_sections(wasm, EXPORT_SECTION, |body| {
        let (count, mut at) = read_leb(body, 0)?;
        for _ in 0..count {
            let (name, next) = read_bytes(body, at)?;
            let (_index, next) = read_leb(body, next + 1)?;
            at = next;
            names
                .push(String::from_utf8(name.to_vec()).map_err(|_| "an export name not in UTF-8")?);
        }
        Ok(Some(body.to_vec()))
    })?;
    Ok(names)
}

fn renamed_export_section(body: &[u8], renames: &Renames) -> Result<Vec<u8>> {
    let (count, mut at) = read_leb(body, 0)?;
    let mut out = Vec::new();
    write_leb(&mut out, count);
    for _ in 0..count {
        let (name, next) = read_bytes(body, at)?;
        let kind = *body.get(next).ok_or("an export runs past the end")?;
        let (index, next) = read_leb(body, next + 1)?;
        at = next;
        let name = renames
            .iter()
            .find(|(old, _)| old.as_bytes() == name)
            .map_or(name, |(_, new)| new.as_bytes());
        write_leb(&mut out, name.len() as u64);
        out.extend(name);
        out.push(kind);
        write_leb(&mut out, index);
    }
    if at != body.len() {
        return Err("the export section has bytes after its exports".into());
    }
    Ok(out)
}

/// The wasm with each section of kind `id` replaced by what `change` makes
/// of its body, or left out where it makes `None`.
fn with_sections(
    wasm: &[u8],
    id: u8,
    mut change: impl FnMut(&[u8]) -> Result<Option<Vec<u8>>>,
) -> Result<Vec<u8>> {
    const HEADER: usize = 8;
    if wasm.len() < HEADER || &wasm[..4] != b"\0asm" {
        return Err("not a WebAssembly module".into());
    }
    let mut out = wasm[..HEADER].to_vec();
    let mut at = HEADER;
    while at < wasm.len() {
        let (size, body_at) = read_leb(wasm, at + 1)?;
        let end = body_at
            .checked_add(size as usize)
            .filter(|&end| end <= wasm.len())
            .ok_or("a section runs past the end")?;
        if wasm[at] == id {
            if let Some(body) = change(&wasm[body_at..end])? {
                out.push(id);
                write_leb(&mut out, body.len() as u64);
                out.extend(body);
            }
        } else {
            out.extend(&wasm[at..end]);
        }
        at = end;
    }
    Ok(out)
}

/// The wasm without its custom sections (`producers`, `target_features`):
/// notes for tools that browsers skip. 0.2 KB gzip.
fn without_custom_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    const CUSTOM_SECTION: u8 = 0;
    with_sections(wasm, CUSTOM_SECTION, |_| Ok(None))
}

/// The wasm with each function import renamed to a short name, and the
/// renames (old, new) in order.
fn rename_imports(wasm: &[u8]) -> Result<(Vec<u8>, Renames)> {
    const IMPORT_SECTION: u8 = 2;
    let mut renames = Vec::new();
    let wasm = with_sections(wasm, IMPORT_SECTION, |body| {
        renamed_import_section(body, &mut renames).map(Some)
    })?;
    Ok((wasm, renames))
}

fn renamed_import_section(body: &[u8], renames: &mut Renames) -> Result<Vec<u8>> {
    const FUNCTION: u8 = 0;
    let (count, mut at) = read_leb(body, 0)?;
    let mut out = Vec::new();
    write_leb(&mut out, count);
    for _ in 0..count {
        let (module, next) = read_bytes(body, at)?;
        let (name, next) = read_bytes(body, next)?;
        if body.get(next) != Some(&FUNCTION) {
            // Tables, memories and globals are not the glue's to give.
            return Err("an import that is not a function".into());
        }
        let (type_index, next) = read_leb(body, next + 1)?;
        at = next;
        let old = String::from_utf8(name.to_vec()).map_err(|_| "an import name not in UTF-8")?;
        let new = short_name(renames.len());
        write_leb(&mut out, module.len() as u64);
        out.extend(module);
        write_leb(&mut out, new.len() as u64);
        out.extend(new.as_bytes());
        out.push(FUNCTION);
        write_leb(&mut out, type_index);
        renames.push((old, new));
    }
    if at != body.len() {
        return Err("the import section has bytes after its imports".into());
    }
    Ok(out)
}

/// `js` with each old name, found exactly once as an object key
/// (`name:`), renamed.
fn rename_keys(js: &str, renames: &[(String, String)]) -> Result<String> {
    let mut js = js.to_owned();
    for (old, new) in renames {
        let found = word_at(&js, old);
        let [at] = found[..] else {
            return Err(format!(
                "the import {old} is named {} times in the glue, not once",
                found.len()
            ));
        };
        if !js[at + old.len()..].trim_start().starts_with(':') {
            return Err(format!("the import {old} is not a key in the glue"));
        }
        js.replace_range(at..at + old.len(), new);
    }
    Ok(js)
}

fn read_leb(bytes: &[u8], mut at: usize) -> Result<(u64, usize)> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    Err("a number too long".into())
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn read_bytes(bytes: &[u8], at: usize) -> Result<(&[u8], usize)> {
    let (len, at) = read_leb(bytes, at)?;
    let end = at
        .checked_add(len as usize)
        .filter(|&end| end <= bytes.len())
        .ok_or("a name runs past the end")?;
    Ok((&bytes[at..end], end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one type, two function imports and a custom section
    /// after them, as wasm-bindgen writes (section sizes by hand).
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // type section: () -> ()
        let mut imports = vec![2];
        for name in [
            "__wbg_alert_0123456789abcdef",
            "__wbindgen_init_externref_table",
        ] {
            imports.push(6);
            imports.extend(b"./x.js");
            imports.push(name.len() as u8);
            imports.extend(name.as_bytes());
            imports.extend([0, 0]);
        }
        wasm.push(2);
        wasm.push(imports.len() as u8);
        wasm.extend(imports);
        wasm.extend([0, 3, 1, b'n', 7]); // a custom section "n"
        wasm
    }

    #[test]
    fn imports_get_short_names_and_the_rest_is_unchanged() {
        let (wasm, renames) = rename_imports(&module()).unwrap();
        assert_eq!(
            renames,
            [
                ("__wbg_alert_0123456789abcdef".to_owned(), "a".to_owned()),
                ("__wbindgen_init_externref_table".to_owned(), "b".to_owned()),
            ]
        );
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        expected.extend([1, 4, 1, 0x60, 0, 0]);
        expected.extend([2, 23, 2, 6]);
        expected.extend(b"./x.js");
        expected.extend([1, b'a', 0, 0, 6]);
        expected.extend(b"./x.js");
        expected.extend([1, b'b', 0, 0]);
        expected.extend([0, 3, 1, b'n', 7]);
        assert_eq!(wasm, expected);
    }

    #[test]
    fn the_glue_keys_follow_and_nothing_else_changes() {
        let js = "const i={__proto__:null,__wbg_alert_0123456789abcdef: function(a){alert(a)},\
                  __wbindgen_init_externref_table:function(){}};x.__wbg_init_once=1;";
        let (_, renames) = rename_imports(&module()).unwrap();
        assert_eq!(
            rename_keys(js, &renames).unwrap(),
            "const i={__proto__:null,a: function(a){alert(a)},b:function(){}};x.__wbg_init_once=1;"
        );
    }

    #[test]
    fn a_name_not_found_once_as_a_key_stops_the_build() {
        let (_, renames) = rename_imports(&module()).unwrap();
        let missing = "const i={__wbindgen_init_externref_table:1}";
        assert!(rename_keys(missing, &renames)
            .unwrap_err()
            .contains("0 times"));
        let twice = "const i={__wbg_alert_0123456789abcdef:1,__wbindgen_init_externref_table:1};\
                     f(__wbg_alert_0123456789abcdef)";
        assert!(rename_keys(twice, &renames)
            .unwrap_err()
            .contains("2 times"));
        let not_a_key = "f(__wbg_alert_0123456789abcdef);g(__wbindgen_init_externref_table)";
        assert!(rename_keys(not_a_key, &renames)
            .unwrap_err()
            .contains("not a key"));
    }

    /// A module with only an export section: `memory`, and two functions.
    fn exporting() -> Vec<u8> {
        let mut exports = vec![3];
        for (name, kind) in [("memory", 2), ("__wbindgen_malloc", 0), ("__unused", 0)] {
            exports.push(name.len() as u8);
            exports.extend(name.as_bytes());
            exports.extend([kind, 0]);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(7);
        wasm.push(exports.len() as u8);
        wasm.extend(exports);
        wasm
    }

    #[test]
    fn exports_the_glue_calls_get_short_names_but_memory() {
        let js = "A.memory.buffer;A.__wbindgen_malloc(1),A.__wbindgen_malloc(2)";
        let (wasm, js) = shorten_exports(&exporting(), js).unwrap();
        assert_eq!(js, "A.memory.buffer;A.a(1),A.a(2)");
        assert_eq!(export_names(&wasm).unwrap(), ["memory", "a", "__unused"]);
    }

    #[test]
    fn the_glues_own_functions_of_the_same_name_are_left_to_terser() {
        let js = "function __wbindgen_malloc(n){return A.__wbindgen_malloc(n)}";
        let (_, js) = shorten_exports(&exporting(), js).unwrap();
        assert_eq!(js, "function __wbindgen_malloc(n){return A.a(n)}");
    }

    #[test]
    fn custom_sections_are_left_out_and_nothing_else() {
        let wasm = without_custom_sections(&module()).unwrap();
        let mut custom = module();
        assert_eq!(custom.split_off(wasm.len()), [0, 3, 1, b'n', 7]);
        assert_eq!(wasm, custom);
    }

    #[test]
    fn short_names_are_letters_and_never_repeat() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(
            (names[0].as_str(), names[51].as_str(), names[52].as_str()),
            ("a", "Z", "ba")
        );
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_alphabetic())));
    }

    #[test]
    fn damaged_modules_are_refused() {
        assert!(rename_imports(b"not wasm").is_err());
        let mut cut = module();
        cut.truncate(cut.len() - 2);
        assert!(rename_imports(&cut).is_err());
    }
}
