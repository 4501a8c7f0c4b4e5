//! Links the SPA's wasm with `--emit-relocs`: the post-build split step
//! (`crates/wasm-split`, run by Trunk's `post_build` hook) needs the linker's relocations to
//! move each lazily loaded page (src/lazy.rs) into its own chunk. Only the final link of the
//! wasm binary is affected; natively nothing changes.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
