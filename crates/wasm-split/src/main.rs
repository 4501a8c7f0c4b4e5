//! `spotdesk-wasm-split`: Trunk's `post_build` hook that splits the SPA's wasm into a main
//! module and lazily loaded chunks (issue 8 row 7: what the first paint downloads must be small).
//!
//! Why a tool of our own: Leptos' code splitting (the `wasm_split` points in src/lazy.rs) needs
//! a step between cargo and wasm-bindgen that only cargo-leptos performs (`--split`); this
//! project builds with Trunk, which has no hook at that point. So after Trunk has built, bound
//! and staged the unsplit wasm (its own wasm-opt pass is off, index.html), this tool
//!
//! 1. reads cargo's raw wasm again (linked with `--emit-relocs`, see the SPA's build.rs),
//! 2. splits it with `wasm_split_cli_support` (the library cargo-leptos uses) into a main
//!    module, one `split_<group>.wasm` per split group, shared `chunk_<n>.wasm` files (one
//!    per combination of groups using the code) and the loader `__wasm_split.js`,
//! 3. runs wasm-bindgen (the CLI Trunk uses, same version as Cargo.lock's wasm-bindgen) on the
//!    main module with `--keep-lld-exports` (the chunks link against those exports),
//! 4. in release builds runs wasm-opt (`-Oz --low-memory-unused`, the flags Trunk used before)
//!    on the main module and every chunk,
//! 5. moves all of it into one folder named by a hash of its contents (`wasm-<hash>/`: the
//!    chunk names are fixed, so the folder is what changes from build to build for caches),
//!    deletes Trunk's unsplit files and points the staged `index.html` at the new files,
//!    with fresh SRI `integrity` hashes, plus a `modulepreload` for the loader.
//!
//! Usage (Trunk.toml): `spotdesk-wasm-split <bin name>`, with Trunk's hook environment
//! (`TRUNK_STAGING_DIR`, `TRUNK_PROFILE`, `TRUNK_SOURCE_DIR`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Name of the loader module the split main module imports (relative to the main JS).
const LINK_NAME: &str = "./__wasm_split.js";

fn main() {
    if let Err(e) = run() {
        eprintln!("spotdesk-wasm-split: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let bin = std::env::args()
        .nth(1)
        .ok_or("usage: spotdesk-wasm-split <bin name> (run as Trunk's post_build hook)")?;
    let staging = PathBuf::from(env("TRUNK_STAGING_DIR")?);
    let release = env("TRUNK_PROFILE")? == "release";
    let raw_wasm = cargo_target_dir()?
        .join("wasm32-unknown-unknown")
        .join(if release { "release" } else { "debug" })
        .join(format!("{bin}.wasm"));

    let (old_js, old_wasm) = staged_files(&staging, &bin)?;
    let tmp = staging.join(".wasm-split-tmp");
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir_all(&tmp)?;

    let clock = std::time::Instant::now();
    let step = |what: &str| {
        eprintln!(
            "spotdesk-wasm-split: {what} done at {:.1} s",
            clock.elapsed().as_secs_f64()
        )
    };
    // (2) split
    let input = fs::read(&raw_wasm).map_err(|e| format!("{}: {e}", raw_wasm.display()))?;
    let main_split = tmp.join("main_split.wasm");
    let main_module = format!("./{bin}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &tmp;
        opts.main_out_path = &main_split;
        opts.main_module = &main_module;
        opts.link_name = LINK_NAME;
        opts
    })
    .map_err(|e| format!("splitting {}: {e:?}", raw_wasm.display()))?;

    step("split");
    // (3) wasm-bindgen on the main module
    let tmp_arg = format!("--out-dir={}", tmp.display());
    let name_arg = format!("--out-name={bin}");
    let mut bindgen = vec![
        "--target=web",
        "--no-typescript",
        "--keep-lld-exports",
        "--no-demangle",
        &tmp_arg,
        &name_arg,
    ];
    let main_split_str = main_split.to_string_lossy().into_owned();
    bindgen.push(&main_split_str);
    run_tool("wasm-bindgen", &bindgen)?;
    fs::remove_file(&main_split)?;

    step("wasm-bindgen");
    // (4) wasm-opt, release only (Trunk skips it for debug builds too)
    let main_wasm = tmp.join(format!("{bin}_bg.wasm"));
    if release {
        let mut all = vec![main_wasm.clone()];
        all.extend(split.split_modules.iter().cloned());
        optimize_all(&wasm_opt()?, &all)?;
    }
    step("wasm-opt");
    // (5) a content-hashed folder, and index.html pointing at it
    let dir_name = format!("wasm-{}", folder_hash(&tmp)?);
    let dest = staging.join(&dir_name);
    if dest.exists() {
        fs::remove_dir_all(&dest)?;
    }
    fs::rename(&tmp, &dest)?;

    let index_path = staging.join("index.html");
    let html = fs::read_to_string(&index_path)?;
    let old = Files {
        js: old_js.clone(),
        js_integrity: sri(&fs::read(staging.join(&old_js))?),
        wasm: old_wasm.clone(),
        wasm_integrity: sri(&fs::read(staging.join(&old_wasm))?),
    };
    let new = Files {
        js: format!("{dir_name}/{bin}.js"),
        js_integrity: sri(&fs::read(dest.join(format!("{bin}.js")))?),
        wasm: format!("{dir_name}/{bin}_bg.wasm"),
        wasm_integrity: sri(&fs::read(dest.join(format!("{bin}_bg.wasm")))?),
    };
    let loader = Loader {
        path: format!("{dir_name}/{}", LINK_NAME.trim_start_matches("./")),
        integrity: sri(&fs::read(dest.join(LINK_NAME.trim_start_matches("./")))?),
    };
    let html = rewrite_index(&html, &old, &new, &loader)?;
    fs::write(&index_path, html)?;
    fs::remove_file(staging.join(&old_js))?;
    fs::remove_file(staging.join(&old_wasm))?;

    let mut names: Vec<_> = fs::read_dir(&dest)?
        .filter_map(|e| e.ok())
        .map(|e| {
            let len = e.metadata().map(|m| m.len()).unwrap_or(0);
            format!("{} ({len} B)", e.file_name().to_string_lossy())
        })
        .collect();
    names.sort();
    eprintln!(
        "spotdesk-wasm-split: {} split point(s) -> {dir_name}/: {}",
        split.prefetch_map.len(),
        names.join(", ")
    );
    Ok(())
}

fn env(name: &str) -> Result<String> {
    std::env::var(name)
        .map_err(|_| format!("{name} is not set (run me as Trunk's post_build hook)").into())
}

/// Cargo's target directory (`CARGO_TARGET_DIR` or the workspace's), as Trunk built into it.
fn cargo_target_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version=1", "--no-deps", "--offline"])
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    meta.get("target_directory")
        .and_then(|d| d.as_str())
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata has no target_directory".into())
}

/// Trunk's staged `<bin>-<hash>.js` and `<bin>-<hash>_bg.wasm` (exactly one of each).
fn staged_files(staging: &Path, bin: &str) -> Result<(String, String)> {
    let mut js = Vec::new();
    let mut wasm = Vec::new();
    for entry in fs::read_dir(staging)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(rest) = name.strip_prefix(&format!("{bin}-")) {
            if rest.ends_with("_bg.wasm") {
                wasm.push(name);
            } else if rest.ends_with(".js") {
                js.push(name);
            }
        }
    }
    match (js.as_slice(), wasm.as_slice()) {
        ([js], [wasm]) => Ok((js.clone(), wasm.clone())),
        _ => Err(format!(
            "expected one {bin}-*.js and one {bin}-*_bg.wasm in {}, found {js:?} and {wasm:?}",
            staging.display()
        )
        .into()),
    }
}

/// npm's binaryen wasm-opt (package.json, Trunk.toml's `[tools] wasm_opt`), never whatever
/// `wasm-opt` is first on PATH: Debian's binaryen 108 breaks the module at start.
fn wasm_opt() -> Result<String> {
    let root = PathBuf::from(env("TRUNK_SOURCE_DIR")?);
    let bin = root.join("node_modules/.bin/wasm-opt");
    if bin.is_file() {
        Ok(bin.to_string_lossy().into_owned())
    } else {
        Err(format!(
            "{} is missing: run npm ci (scripts/setup.sh)",
            bin.display()
        )
        .into())
    }
}

/// wasm-opt over every module, largest first, on as many threads as there are cores (each
/// run is single-threaded for the small chunks; about 1 s each, so a few dozen add up).
fn optimize_all(wasm_opt: &str, files: &[PathBuf]) -> Result<()> {
    let mut queue: Vec<(u64, String)> = files
        .iter()
        .map(|f| {
            let len = fs::metadata(f).map(|m| m.len()).unwrap_or(0);
            (len, f.to_string_lossy().into_owned())
        })
        .collect();
    queue.sort_by_key(|f| std::cmp::Reverse(f.0));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let errors: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.min(queue.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut errors = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((_, path)) = queue.get(i) else { break };
                        let args = ["-Oz", "--low-memory-unused", path, "-o", path];
                        if let Err(e) = run_tool(wasm_opt, &args) {
                            errors.push(e.to_string());
                        }
                    }
                    errors
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec!["a wasm-opt worker panicked".into()])
            })
            .collect()
    });
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n").into())
    }
}

fn run_tool(tool: &str, args: &[&str]) -> Result<()> {
    let status = Command::new(tool)
        .args(args)
        .status()
        .map_err(|e| format!("cannot run {tool} (is it on PATH? see scripts/setup.sh): {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{tool} {} failed: {status}", args.join(" ")).into())
    }
}

/// First 16 hex digits of a SHA-256 over the folder's file names and contents.
fn folder_hash(dir: &Path) -> Result<String> {
    let mut names: Vec<_> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<_>>()?;
    names.sort();
    let mut hash = Sha256::new();
    for name in names {
        let bytes = fs::read(dir.join(&name))?;
        hash.update(name.to_string_lossy().as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A Subresource Integrity value, as Trunk writes it.
fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", STANDARD.encode(Sha384::digest(bytes)))
}

/// The main module's files, relative to the site root, and their SRI hashes.
struct Files {
    js: String,
    js_integrity: String,
    wasm: String,
    wasm_integrity: String,
}

/// The split loader, which the main JS imports.
struct Loader {
    path: String,
    integrity: String,
}

/// Points Trunk's `index.html` at the split files: file names and integrity hashes replaced,
/// and a `modulepreload` for the loader next to the main JS's (so it is fetched in parallel).
fn rewrite_index(html: &str, old: &Files, new: &Files, loader: &Loader) -> Result<String> {
    for (what, name) in [("JS", &old.js), ("wasm", &old.wasm)] {
        if !html.contains(name.as_str()) {
            return Err(format!("index.html does not mention Trunk's {what} file {name}").into());
        }
    }
    let mut out = html
        .replace(&old.js, &new.js)
        .replace(&old.wasm, &new.wasm)
        .replace(&old.js_integrity, &new.js_integrity)
        .replace(&old.wasm_integrity, &new.wasm_integrity);
    // Trunk's `<link rel="modulepreload" … href="/<js>" …>`: add one like it for the loader.
    let href = format!("{}\"", new.js);
    if let Some(at) = out.find(&href) {
        let start = out[..at].rfind("<link").unwrap_or(at);
        if let Some(len) = out[start..].find('>') {
            let tag = &out[start..=start + len];
            if tag.contains("modulepreload") {
                let preload = tag
                    .replace(&new.js, &loader.path)
                    .replace(&new.js_integrity, &loader.integrity);
                out.insert_str(start + len + 1, &preload);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<script type="module" nonce="N">
import init, * as bindings from '/app-aa.js';
const wasm = await init({ module_or_path: '/app-bb_bg.wasm' });
</script>
<link rel="modulepreload" nonce="N" href="/app-aa.js" crossorigin="anonymous" integrity="sha384-JS"><link rel="preload" nonce="N" href="/app-bb_bg.wasm" crossorigin="anonymous" integrity="sha384-WASM" as="fetch" type="application/wasm"></head>"#;

    fn files(js: &str, ji: &str, wasm: &str, wi: &str) -> Files {
        Files {
            js: js.into(),
            js_integrity: ji.into(),
            wasm: wasm.into(),
            wasm_integrity: wi.into(),
        }
    }

    #[test]
    fn index_points_at_the_split_files_with_new_integrity() {
        let old = files("app-aa.js", "sha384-JS", "app-bb_bg.wasm", "sha384-WASM");
        let new = files(
            "wasm-1/app.js",
            "sha384-J2",
            "wasm-1/app_bg.wasm",
            "sha384-W2",
        );
        let loader = Loader {
            path: "wasm-1/__wasm_split.js".into(),
            integrity: "sha384-L".into(),
        };
        let out = rewrite_index(TRUNK, &old, &new, &loader).expect("rewrite");
        assert!(out.contains("from '/wasm-1/app.js'"));
        assert!(out.contains("module_or_path: '/wasm-1/app_bg.wasm'"));
        assert!(
            out.contains(r#"href="/wasm-1/app.js" crossorigin="anonymous" integrity="sha384-J2""#)
        );
        assert!(out.contains(
            r#"href="/wasm-1/app_bg.wasm" crossorigin="anonymous" integrity="sha384-W2""#
        ));
        assert!(out.contains(
            r#"<link rel="modulepreload" nonce="N" href="/wasm-1/__wasm_split.js" crossorigin="anonymous" integrity="sha384-L">"#
        ));
        assert!(!out.contains("app-aa") && !out.contains("app-bb") && !out.contains("sha384-JS"));
    }

    #[test]
    fn an_index_without_trunks_files_is_an_error() {
        let old = files("other.js", "x", "other_bg.wasm", "y");
        let loader = Loader {
            path: String::new(),
            integrity: String::new(),
        };
        assert!(rewrite_index(TRUNK, &old, &old, &loader).is_err());
    }

    #[test]
    fn sri_is_sha384_base64() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            sri(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }
}
