//! Keeps the linker from merging the WebAssembly's read-only data into one segment: merged (as an
//! optimised build does, sharing the tails of strings), the splitter cannot tell which page's
//! strings and tables are whose, and leaves all of them in the first download.
fn main() {
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if arch.starts_with("wasm") {
        println!("cargo:rustc-link-arg-cdylib=--no-merge-data-segments");
    }
}
