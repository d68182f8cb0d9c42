#!/usr/bin/env bash
# Installs what this project needs and is missing on Debian 12 / Ubuntu 22.04+:
# system packages, the UI's npm packages and, with --test, the end-to-end tools.
# Safe to run again: it only installs what is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

packages=(
  build-essential pkg-config libssl-dev            # SQLCipher is built with OpenSSL's libcrypto
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev   # Tauri 2
  gnome-keyring dbus-daemon dbus-x11 libsecret-tools   # the OS keyring (Secret Service)
  xvfb xauth                                       # a display when there is none
)
# Node may come from elsewhere (NodeSource ships npm inside nodejs): only ask apt
# when the commands are missing.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
if $want_test; then
  packages+=(webkit2gtk-driver poppler-utils qpdf python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust (cargo) is needed: install it with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi

# The UI's packages, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "Installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

if $want_test; then
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v tauri-driver >/dev/null; then
    echo "Installing tauri-driver (WebDriver for the real window)"
    cargo install tauri-driver --locked --quiet
  fi
  # Again whenever the requirements change (the stamp is older than them).
  if [ ! -x .venv-e2e/bin/pytest ] || [ tests/e2e/requirements.txt -nt .venv-e2e/.requirements-installed ]; then
    echo "Installing the test clients (selenium, pytest; fhir.resources for the FHIR validator)"
    [ -x .venv-e2e/bin/python ] || python3 -m venv .venv-e2e
    .venv-e2e/bin/pip install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
    touch .venv-e2e/.requirements-installed
  fi
fi
