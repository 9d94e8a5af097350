#!/usr/bin/env bash
# Builds the browser page into a folder (default: target/site): the handout library
# compiled to WebAssembly (web/, the crate handout-web, for wasm32-unknown-unknown, with the
# size-first `web` profile of Cargo.toml) as handout.wasm, beside the page's own files from
# web/site/. Serve the folder from any web host (handout.wasm as application/wasm), or open
# its index.html from the folder: a page opened from file:// cannot fetch, so the same
# bytes are also written as base64 in handout-wasm.js, which the page loads only then.
#
# When binaryen's wasm-opt is installed (Debian: `apt-get install binaryen`; .ci/run
# installs it), it shrinks handout.wasm further (figures in the README). Without it the
# site is still built, and works the same, only larger: a note on stderr says so.
#
#   web/build.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/site}"
cargo build --quiet -p handout-web --lib --target wasm32-unknown-unknown --profile web
mkdir -p "$out"
cp web/site/index.html web/site/style.css web/site/app.js "$out/"
built=target/wasm32-unknown-unknown/web/handout_web.wasm
if command -v wasm-opt >/dev/null; then
    # -Os: for size, as the profile; --strip-debug drops the names section rustc leaves in.
    wasm-opt -Os --strip-debug "$built" -o "$out/handout.wasm"
else
    echo "web/build.sh: wasm-opt not found (Debian package binaryen): handout.wasm is left as rustc wrote it, larger than it could be" >&2
    cp "$built" "$out/handout.wasm"
fi
{
    printf 'globalThis.HANDOUT_WASM_BASE64 = "'
    base64 -w0 "$out/handout.wasm"
    printf '";\n'
} > "$out/handout-wasm.js"
echo "site written to $out"
