#!/usr/bin/env bash
# Builds the browser page into a folder (default: target/site): the handout library
# compiled to WebAssembly (web/, the crate handout-web, for wasm32-unknown-unknown) as
# handout.wasm, beside the page's own files from web/site/. Serve the folder from any web
# host (handout.wasm as application/wasm).
#
#   web/build.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/site}"
cargo build --quiet -p handout-web --lib --target wasm32-unknown-unknown --release
mkdir -p "$out"
cp web/site/index.html web/site/style.css web/site/app.js "$out/"
cp target/wasm32-unknown-unknown/release/handout_web.wasm "$out/handout.wasm"
echo "site written to $out"
