#!/usr/bin/env bash
# Runs a command with a Secret Service available. Inside a desktop session the
# user's own keyring is used; on a headless machine (or with ALHAYAT_PRIVATE_KEYRING
# set, as the tests do) a private D-Bus session and an unlocked gnome-keyring are
# started for the command, keeping their files in $KEYRING_HOME (default: a
# temporary folder removed afterwards).
set -euo pipefail

has_secret_service() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] &&
    dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
      /org/freedesktop/DBus org.freedesktop.DBus.ListActivatableNames 2>/dev/null |
    grep -q org.freedesktop.secrets
}

if has_secret_service && [ -z "${ALHAYAT_PRIVATE_KEYRING:-}" ]; then
  exec "$@"
fi

home="${KEYRING_HOME:-}"
made_home=false
if [ -z "$home" ]; then
  home=$(mktemp -d)
  made_home=true
fi
mkdir -p "$home/run" && chmod 700 "$home/run"
export XDG_DATA_HOME="$home" XDG_RUNTIME_DIR="$home/run"

# dbus-launch keeps the bus daemon's chatter off our output.
eval "$(dbus-launch --sh-syntax)"
cleanup() {
  kill "$DBUS_SESSION_BUS_PID" 2>/dev/null || true
  # Only the keyring daemon started here: the one whose runtime folder is ours.
  for pid in $(pgrep -x gnome-keyring-d 2>/dev/null); do
    { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qx "XDG_RUNTIME_DIR=$home/run" && kill "$pid" 2>/dev/null || true
  done
  if $made_home; then rm -rf "$home"; fi
}
trap cleanup EXIT
echo -n "${KEYRING_PASSWORD:-al-hayat-local}" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
