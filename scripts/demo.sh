#!/usr/bin/env bash
# Runs Al-Hayat Clinic on the demo clinic, in an encrypted store under .demo-data/.
# Installs what is missing, builds the UI and the app, then opens the window.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"

(cd ui && npm run --silent build)
cargo build --release --features custom-protocol

export ALHAYAT_DATA_DIR="$PWD/.demo-data" ALHAYAT_DEMO=1
mkdir -p "$ALHAYAT_DATA_DIR"
echo "Demo data: $ALHAYAT_DATA_DIR (delete the folder to start again)."
echo "Sign in as admin / reception / physio / psych / pharmacist / privacy, password demo-clinic-2026."

run=(target/release/al-hayat-clinic)
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running under a virtual display (Xvfb)."
  run=(xvfb-run -a "${run[@]}")
fi
# Without a desktop keyring, keep a private one beside the demo data so the key
# survives between runs.
export KEYRING_HOME="$ALHAYAT_DATA_DIR/.keyring"
exec scripts/with-keyring.sh "${run[@]}"
