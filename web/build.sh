#!/usr/bin/env bash
# Builds the browser page into a folder (default: target/site): the handout library
# compiled to WebAssembly (web/, the crate handout-web, for wasm32-unknown-unknown) as
# handout.wasm, beside the page's own files from web/site/. Serve the folder from any web
# host (handout.wasm as application/wasm), or open its index.html from the folder: a page
# opened from file:// cannot fetch, so the same bytes are also written as base64 in
# handout-wasm.js, which the page loads only then.
#
#   web/build.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/site}"
cargo build --quiet -p handout-web --lib --target wasm32-unknown-unknown --release
mkdir -p "$out"
cp web/site/index.html web/site/style.css web/site/app.js "$out/"
cp target/wasm32-unknown-unknown/release/handout_web.wasm "$out/handout.wasm"
{
    printf 'globalThis.HANDOUT_WASM_BASE64 = "'
    base64 -w0 "$out/handout.wasm"
    printf '";\n'
} > "$out/handout-wasm.js"
echo "site written to $out"
