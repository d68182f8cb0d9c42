#!/usr/bin/env bash
# Runs every test: formatting and lints, Rust unit and integration tests (real
# SQLCipher files, a real Secret Service), the UI's type-check, lint and unit tests,
# the drift check of the generated TypeScript types, and the end-to-end tests that
# drive the real window under Xvfb. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
export ALHAYAT_KEYRING_SERVICE=al-hayat-clinic-test CARGO_TERM_COLOR=never
# Both crates (the core and the window), one set of features: every step reuses one build.
features=(--workspace --features al-hayat-clinic/custom-protocol)

step() { printf '\n== %s\n' "$*"; }

step "UI: type-check, lint, unit tests, build"
(cd ui && npm run --silent typecheck && npm run --silent lint && npm test --silent && npm run --silent build)

step "Rust: formatting and lints"
cargo fmt --all -- --check
cargo clippy --all-targets "${features[@]}" -- -D warnings

step "The core crate links no window: no Tauri, no WebKit (the clinic server runs headless)"
if cargo tree -p al-hayat-core -e normal --prefix none | grep -iE '^(tauri|wry|webkit|gtk)'; then
  echo "al-hayat-core depends on a window crate (above): keep it in the window's crate." >&2
  exit 1
fi

step "Rust: unit and integration tests (real keyring)"
ALHAYAT_PRIVATE_KEYRING=1 scripts/with-keyring.sh cargo test "${features[@]}"

step "Generated TypeScript types match the Rust types"
if ! git diff --exit-code --stat -- ui/src/bindings || [ -n "$(git ls-files --others --exclude-standard ui/src/bindings)" ]; then
  echo "ui/src/bindings changed when regenerated from Rust: commit the regenerated files." >&2
  exit 1
fi

step "Bundle: the .deb package builds"
ui/node_modules/.bin/tauri build --bundles deb

step "End to end: the real window under Xvfb"
cargo build "${features[@]}"
ALHAYAT_PRIVATE_KEYRING=1 scripts/with-keyring.sh .venv-e2e/bin/pytest -q tests/e2e
