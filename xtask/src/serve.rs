//! A small static file server for `dist/`, on loopback only. It serves the app
//! for `cargo xtask serve` and for the end-to-end tests and benchmarks, the
//! same way a council's static host would: files only, no rewrites.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

use crate::{build, root, Result};

/// `cargo xtask serve`: build the release app and serve it until stopped.
pub fn run(port: u16) -> Result<()> {
    build::release()?;
    let listener = bind(port)?;
    println!("\nServing the app on http://127.0.0.1:{port}/  (press Ctrl+C to stop)");
    serve_forever(listener, root().join("dist"));
    Ok(())
}

/// Binds a loopback port; 0 picks a free one.
pub fn bind(port: u16) -> Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e}. Try another port with --port N")
    })
}

/// Serves `dir` in a background thread; returns the base URL.
pub fn spawn(dir: PathBuf) -> Result<String> {
    let listener = bind(0)?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    thread::spawn(move || serve_forever(listener, dir));
    Ok(format!("http://127.0.0.1:{port}/"))
}

fn serve_forever(listener: TcpListener, dir: PathBuf) {
    for stream in listener.incoming().map_while(std::result::Result::ok) {
        let dir = dir.clone();
        thread::spawn(move || {
            // A client that goes away mid-request is not our problem.
            let _ = handle(stream, &dir);
        });
    }
}

fn handle(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Of the headers, only If-None-Match matters.
    let mut header = String::new();
    let mut if_none_match = None;
    while reader.read_line(&mut header)? > 2 {
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_owned());
            }
        }
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            None,
            true,
        );
    }
    match resolve(dir, target).and_then(|path| Some((std::fs::read(&path).ok()?, path))) {
        Some((body, path)) => {
            let tag = etag(&body);
            if if_none_match.as_deref() == Some(tag.as_str()) {
                respond(&mut stream, "304 Not Modified", "", &[], Some(&tag), false)
            } else {
                let get = method == "GET";
                respond(
                    &mut stream,
                    "200 OK",
                    content_type(&path),
                    &body,
                    Some(&tag),
                    get,
                )
            }
        }
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"Not found",
            None,
            true,
        ),
    }
}

/// The site is also served under this path, as a council's host might put it
/// (`https://host/services/esma/`), so the end-to-end tests prove that every
/// link and file in the build is relative.
pub const ALSO_UNDER: &str = "/services/esma/";

/// The file for a request target, or `None` for anything outside `dir`.
fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let path = path
        .strip_prefix(ALSO_UNDER.trim_end_matches('/'))
        .unwrap_or(path);
    let mut file = dir.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "ico" => "image/x-icon",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The headers the README's "Deploying" section asks the council's host to
/// add to every response: what the page's own meta CSP cannot set. This
/// server sends them too, so the tests run the site as it is deployed.
pub const HOST_HEADERS: [(&str, &str); 3] = [
    // Refuse to be shown inside another site's frame (clickjacking).
    ("Content-Security-Policy", "frame-ancestors 'none'"),
    // Files are only ever what their Content-Type says.
    ("X-Content-Type-Options", "nosniff"),
    // Also in the page's meta tag; the header covers every file.
    ("Referrer-Policy", "no-referrer"),
];

/// A file's entity tag: any static host sends one (or a Last-Modified date),
/// so a browser, or the service worker keeping a journey for offline use,
/// can check a file it has without downloading it again (`304 Not Modified`).
fn etag(body: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    etag: Option<&str>,
    send_body: bool,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    // A 304 has no body, so it says nothing of one.
    if !status.starts_with("304") {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    if let Some(tag) = etag {
        head.push_str(&format!("ETag: {tag}\r\n"));
    }
    head.push_str("Cache-Control: no-cache\r\nConnection: close\r\n");
    for (name, value) in HOST_HEADERS {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if send_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::{resolve, HOST_HEADERS};
    use std::path::Path;

    #[test]
    fn the_readme_asks_the_host_for_every_header_this_server_sends() {
        let readme = std::fs::read_to_string(crate::root().join("README.md")).unwrap();
        let deploying = readme
            .split("\n## ")
            .find(|section| section.starts_with("Deploying"))
            .expect("README.md has a Deploying section");
        for (name, value) in HOST_HEADERS {
            assert!(
                deploying.contains(&format!("`{name}: {value}`")),
                "README's Deploying section does not ask for `{name}: {value}`"
            );
        }
    }

    fn get(base: &str, path: &str, header: &str) -> String {
        use std::io::{Read, Write};
        let address = base.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n{header}\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn a_file_the_browser_has_is_checked_not_sent_again() {
        let base = super::spawn(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let first = get(&base, "/Cargo.toml", "");
        assert!(first.starts_with("HTTP/1.1 200 OK\r\n"), "{first}");
        let etag = first
            .lines()
            .find_map(|l| l.strip_prefix("ETag: "))
            .expect("an ETag")
            .to_owned();
        let again = get(&base, "/Cargo.toml", &format!("If-None-Match: {etag}\r\n"));
        assert!(
            again.starts_with("HTTP/1.1 304 Not Modified\r\n"),
            "{again}"
        );
        assert!(again.ends_with("\r\n\r\n"), "no body: {again}");
        let changed = get(&base, "/Cargo.toml", "If-None-Match: \"0\"\r\n");
        assert!(changed.starts_with("HTTP/1.1 200 OK\r\n"), "{changed}");
    }

    #[test]
    fn paths_outside_the_folder_are_refused() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(resolve(dir, "/../Cargo.toml").is_none());
        assert!(resolve(dir, "/src/../../Cargo.toml").is_none());
        assert_eq!(
            resolve(dir, "/Cargo.toml?x=1"),
            Some(dir.join("Cargo.toml"))
        );
    }
}
