//! `cargo xtask dist`: the release build in `dist/`, ready for any static web
//! host, with precompressed `.gz` and `.br` copies beside each file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{build, root, Result};

pub fn run() -> Result<()> {
    build::release()?;
    let dist = root().join("dist");
    let mut files = Vec::new();
    collect_files(&dist, &mut files)?;
    println!(
        "\n{:<48} {:>10} {:>10} {:>10}",
        "file", "bytes", "gzip", "brotli"
    );
    let (mut total, mut total_gz, mut total_br) = (0, 0, 0);
    for file in files {
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let gz = gzip(&bytes);
        let br = brotli(&bytes);
        write_beside(&file, "gz", &gz)?;
        write_beside(&file, "br", &br)?;
        let name = file
            .strip_prefix(&dist)
            .unwrap_or(&file)
            .display()
            .to_string();
        println!(
            "{name:<48} {:>10} {:>10} {:>10}",
            bytes.len(),
            gz.len(),
            br.len()
        );
        total += bytes.len();
        total_gz += gz.len();
        total_br += br.len();
    }
    println!("{:<48} {total:>10} {total_gz:>10} {total_br:>10}", "total");
    println!("\nCopy everything in {} to the web host.", dist.display());
    Ok(())
}

/// Every file below `dir` except earlier compressed copies.
fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_files(&path, files)?;
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("gz" | "br")) {
            files.push(path);
        }
    }
    Ok(())
}

fn write_beside(file: &Path, extension: &str, bytes: &[u8]) -> Result<()> {
    let mut name = file.as_os_str().to_owned();
    name.push(format!(".{extension}"));
    std::fs::write(&name, bytes).map_err(|e| format!("{}: {e}", Path::new(&name).display()))
}

/// Gzip at the highest level, as the `.gz` copies are made once and served often.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("compressing in memory cannot fail");
    out
}
