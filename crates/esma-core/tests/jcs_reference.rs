//! RFC 8785 conformance: every reference input canonicalises to its output
//! file byte for byte, and number formatting matches node's
//! `Number.prototype.toString` on 4,000 doubles.

use esma_core::signed::jcs;
use std::path::PathBuf;

fn dir(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/jcs")
        .join(rel)
}

#[test]
fn reference_files_canonicalise_byte_for_byte() {
    let mut n = 0;
    for entry in std::fs::read_dir(dir("input")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        let input = std::fs::read_to_string(&path).unwrap();
        let want = std::fs::read(dir("output").join(&name)).unwrap();
        let got = jcs::canonicalize(&input).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert_eq!(got.as_bytes(), want.as_slice(), "{name:?}");
        // Canonical output is a fixed point.
        assert_eq!(jcs::canonicalize(&got).unwrap(), got, "{name:?}");
        n += 1;
    }
    assert_eq!(n, 6, "all six reference cases ran");
}

#[test]
fn numbers_match_ecmascript() {
    let text = std::fs::read_to_string(dir("es-numbers.txt")).unwrap();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (bits, want) = line.split_once(' ').unwrap();
        let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
        let mut got = String::new();
        jcs::write_number(x, &mut got);
        assert_eq!(got, want, "bits {bits}");
        // And reading the ECMAScript form back gives the same canonical text.
        assert_eq!(jcs::canonicalize(want).unwrap(), want);
        n += 1;
    }
    assert!(n > 4000);
}
