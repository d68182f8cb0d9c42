#!/usr/bin/env bash
# Measures the real window of Al-Hayat Clinic: how long a start takes to show the
# sign-in screen, and how much memory the idle window holds.
#
#   scripts/measure-window.sh [BINARY]      (default: target/debug/al-hayat-clinic)
#
# The binary must serve the bundled UI: build it with
#   (cd ui && npm run build) && cargo build --features custom-protocol
#
# What is measured, exactly
#   Everything runs on a private virtual display (Xvfb, 1280x1024, no window manager,
#   no GPU: WebKit renders in software) with the Secret Service of the D-Bus session.
#   A fresh data folder is seeded once with the demo clinic (ALHAYAT_DEMO=1), the app
#   is stopped, and every measured start then opens that existing encrypted store
#   with the key from the keyring, as on a clinic's computer.
#
#   1. Start to sign-in screen (the headline figure). Each start is driven through
#      WebKitWebDriver, the WebDriver server of WebKitGTK (tauri-driver runs the same
#      program with the same TAURI_WEBVIEW_AUTOMATION=true): the clock starts just
#      before the "new session" request, which makes the driver launch the binary, and
#      stops when the sign-in page's user-name field ([data-testid=signin-username])
#      is in the page. It therefore includes process start, keyring and store open,
#      window and webview creation, loading the bundled UI, the status call and
#      React's first render of the sign-in screen, plus the driver's own overhead
#      (its launch handshake, and polling every ~20 ms: up to ~30 ms in all).
#   2. Start to window mapped: the app is started directly (no WebDriver) and the
#      clock stops when its top-level window is mapped (xdotool). This is earlier than
#      the sign-in screen (the page is still loading) and shows the driver's share.
#   Starts are warm: the OS file cache still holds the binary and libraries from the
#   previous start. DROP_CACHES=1 (root only) empties the page cache before every
#   start for a true cold start; it slows the whole machine down for a moment.
#
#   3. Memory of the idle window: proportional set size (PSS, from
#      /proc/<pid>/smaps_rollup, so shared libraries are split fairly between
#      processes) summed over the app and every process below it (WebKitWebProcess,
#      WebKitNetworkProcess, ...). Taken once the process tree has stopped using CPU
#      (under 5 % of a core over a second) and then stayed idle IDLE_SECONDS more.
#      Measured on the last plain start (what a clinic runs) and, as a cross-check
#      with the sign-in screen confirmed on screen, on the last WebDriver start.
#   Both are done twice: with WebKit's defaults, and with
#   WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1.
#
# Settings (environment): RUNS (5), IDLE_SECONDS (5), TIMEOUT_SECONDS (60 a start),
# KEEP=1 keeps the work folder (logs, screenshots), DROP_CACHES=1 (see above).
#
# D-Bus and keyring: run it inside a desktop session or under dbus-run-session with an
# unlocked gnome-keyring. With no D-Bus session at all, the script starts a private
# one with a throw-away keyring (in a temporary folder) and removes it afterwards.
# Keyring entries use the service name "al-hayat-clinic-measure", never the real one.
#
# Everything started here is stopped at the end, by process id (trap on EXIT).
set -euo pipefail

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  private=$(mktemp -d -t alhayat-measure-session.XXXXXX)
  mkdir -p "$private/data" "$private/run"
  chmod 700 "$private/run"
  export XDG_DATA_HOME="$private/data" XDG_RUNTIME_DIR="$private/run" MEASURE_PRIVATE_SESSION="$private"
  # The session's bus and the services it starts chatter on its output: keep that in
  # a log, and hand this script's own stdout and stderr on as descriptors 4 and 3.
  exec 3>&2 4>&1
  # shellcheck disable=SC2016 # $0 and $@ are the inner shell's
  exec dbus-run-session -- bash -c \
    'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"' "$0" "$@" \
    >"$private/session.log" 2>&1
fi
if [ -n "${MEASURE_PRIVATE_SESSION:-}" ] && { true >&3 && true >&4; } 2>/dev/null; then
  exec 1>&4 2>&3 3>&- 4>&-
fi

BIN=${1:-target/debug/al-hayat-clinic}
RUNS=${RUNS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-5}
TIMEOUT_SECONDS=${TIMEOUT_SECONDS:-60}
SELECTOR='[data-testid=signin-username]'
MEMORY_GOAL_MB=250
export ALHAYAT_KEYRING_SERVICE=al-hayat-clinic-measure

say() { printf '%s\n' "$*" >&2; }
die() {
  say "measure-window: $*"
  exit 1
}

# ---- what is needed

if [ ! -x "$BIN" ]; then
  die "no executable at $BIN. Build it with: (cd ui && npm run build) && cargo build --features custom-protocol"
fi
BIN=$(realpath "$BIN")

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
command -v WebKitWebDriver >/dev/null || need+=(webkit2gtk-driver)
command -v curl >/dev/null || need+=(curl)
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
if [ ${#need[@]} -gt 0 ]; then
  say "Installing: ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---- bookkeeping: everything started here is stopped by its process id

WORK=$(mktemp -d -t alhayat-measure.XXXXXX)
DATA="$WORK/data"
mkdir -p "$DATA"
started_pids=()
xvfb_pid=""
driver_pid=""
app_pid=""

# The process ids at and below $1 (from ps, one snapshot).
tree_pids() {
  ps -eo pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2; all[NR] = $1 }
    END {
      keep[root] = 1; changed = 1
      while (changed) {
        changed = 0
        for (i in all) { p = all[i]; if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
      }
      for (p in keep) print p
    }'
}

# True while $1 runs (a zombie waiting to be reaped does not count).
alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

# Stops $1 and everything below it: TERM, then KILL after 5 s.
stop_tree() {
  local root=$1 pids
  [ -n "$root" ] && alive "$root" || return 0
  pids=$(tree_pids "$root")
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 50); do
    alive "$root" || break
    sleep 0.1
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  wait "$root" 2>/dev/null || true
}

cleanup() {
  local status=$?
  set +e
  [ -n "$app_pid" ] && stop_tree "$app_pid"
  [ -n "$driver_pid" ] && stop_tree "$driver_pid"
  for p in "${started_pids[@]}"; do stop_tree "$p"; done
  [ -n "$xvfb_pid" ] && stop_tree "$xvfb_pid"
  # The keyring entry written in the caller's own keyring, if that is where it went.
  if [ -z "${MEASURE_PRIVATE_SESSION:-}" ] && command -v secret-tool >/dev/null; then
    secret-tool clear service "$ALHAYAT_KEYRING_SERVICE" username "database-key:$DATA" 2>/dev/null
  fi
  # A private session started above: its keyring daemon and the services D-Bus
  # activated for the app (portals, accessibility bus) carry our runtime folder.
  if [ -n "${MEASURE_PRIVATE_SESSION:-}" ]; then
    local mine="XDG_RUNTIME_DIR=$MEASURE_PRIVATE_SESSION/run" pid
    for pid in $(ps -eo pid=); do
      # Not this script nor dbus-run-session above it; the session's own bus is
      # dbus-run-session's to stop, once this script has ended.
      [ "$pid" = "$$" ] || [ "$pid" = "$PPID" ] && continue
      [ "$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$PPID" ] && continue
      { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "$mine" && kill "$pid" 2>/dev/null
    done
    sleep 0.5
    command -v fusermount3 >/dev/null && fusermount3 -u -q "$MEASURE_PRIVATE_SESSION/run/doc" 2>/dev/null
    rm -rf "$MEASURE_PRIVATE_SESSION" 2>/dev/null
  fi
  if [ "${KEEP:-}" = 1 ] || [ "$status" -ne 0 ]; then
    say "Work folder kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

median() { # numbers on stdin
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

drop_caches() {
  if [ "${DROP_CACHES:-}" = 1 ]; then
    sync
    echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || die "DROP_CACHES=1 needs root"
  fi
}

# ---- the virtual display

start_xvfb() {
  local fd_file="$WORK/display"
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$fd_file" 2>"$WORK/xvfb.log" &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [ -s "$fd_file" ] && break
    sleep 0.05
  done
  [ -s "$fd_file" ] || die "Xvfb did not start (see $WORK/xvfb.log)"
  DISPLAY=":$(tr -d '\n' <"$fd_file")"
  export DISPLAY
}

screenshot() { import -window root "$WORK/$1.png" 2>/dev/null || true; }

# ---- memory and CPU of a process tree

# Total CPU ticks (user + system) of the tree at $1.
tree_ticks() {
  local total=0 p t
  for p in $(tree_pids "$1"); do
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null) || continue
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# Waits until the tree at $1 uses under 5 % of a core over one second (at most 60 s),
# then IDLE_SECONDS more. Prints how long it waited for quiet.
wait_idle() {
  local root=$1 hz before after waited=0
  hz=$(getconf CLK_TCK)
  before=$(tree_ticks "$root")
  while [ "$waited" -lt 60 ]; do
    sleep 1
    waited=$((waited + 1))
    after=$(tree_ticks "$root")
    [ $((after - before)) -le $((hz / 20)) ] && break
    before=$after
  done
  sleep "$IDLE_SECONDS"
  echo "$waited"
}

# PSS of the tree at $1: prints "total_MB<TAB>per-process breakdown".
tree_pss() {
  local total=0 parts="" p kb name
  for p in $(tree_pids "$1"); do
    kb=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null) || continue
    [ -n "$kb" ] || continue
    name=$(basename "$(readlink "/proc/$p/exe" 2>/dev/null || cat "/proc/$p/comm" 2>/dev/null || echo "?")")
    total=$((total + kb))
    parts+="$name $((kb / 1024)) MB, "
  done
  printf '%s\t%s\n' "$(awk -v k="$total" 'BEGIN { printf "%.0f", k / 1024 }')" "${parts%, }"
}

# ---- plain starts: the app on its own

launch_app() { # extra environment as arguments
  env "$@" ALHAYAT_DATA_DIR="$DATA" "$BIN" >>"$WORK/app.log" 2>&1 &
  app_pid=$!
}

# Prints the milliseconds from $1 until a window of $app_pid is mapped.
wait_window_mapped() {
  local t0=$1 deadline=$(($(now_ms) + TIMEOUT_SECONDS * 1000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    alive "$app_pid" || die "the app exited during start (see $WORK/app.log)"
    if xdotool search --onlyvisible --pid "$app_pid" --name 'Al-Hayat' >/dev/null 2>&1; then
      echo $(($(now_ms) - t0))
      return 0
    fi
    sleep 0.01
  done
  screenshot "timeout-window"
  die "no window after ${TIMEOUT_SECONDS}s (screenshot and log in $WORK)"
}

seed() {
  say "Seeding the demo clinic in a fresh data folder..."
  launch_app ALHAYAT_DEMO=1
  local t0
  t0=$(now_ms)
  wait_window_mapped "$t0" >/dev/null
  # Seeding finishes before the window is created; the head file is its last write.
  for _ in $(seq 100); do
    [ -s "$DATA/audit-head" ] && break
    sleep 0.1
  done
  [ -s "$DATA/audit-head" ] || die "the demo clinic was not created (see $WORK/app.log and $DATA/logs)"
  sleep 1
  stop_tree "$app_pid"
  app_pid=""
}

# ---- WebDriver starts

DRIVER_URL=""

free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || {
      echo "$p"
      return 0
    }
  done
  die "no free TCP port found"
}

start_driver() { # extra environment as arguments, passed on to the app it launches
  local port
  port=$(free_port)
  env "$@" ALHAYAT_DATA_DIR="$DATA" TAURI_WEBVIEW_AUTOMATION=true \
    WebKitWebDriver --port="$port" --host=127.0.0.1 >"$WORK/driver.log" 2>&1 &
  driver_pid=$!
  DRIVER_URL="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fs "$DRIVER_URL/status" 2>/dev/null | grep -q '"ready" *: *true' && return 0
    sleep 0.05
  done
  die "WebKitWebDriver did not start (see $WORK/driver.log)"
}

stop_driver() {
  stop_tree "$driver_pid"
  driver_pid=""
}

wd() { # method path [json]
  curl -s -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "$DRIVER_URL$2"
}

# The app process the driver launched for the current session.
driver_app_pid() {
  local p
  for p in $(tree_pids "$driver_pid"); do
    [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$BIN" ] && {
      echo "$p"
      return 0
    }
  done
  return 1
}

# One start through WebDriver; prints the milliseconds to the sign-in screen.
# With "measure" as $1, also prints the idle memory on a second line.
webdriver_start() {
  local caps session t0 elapsed reply deadline pid memory=""
  caps=$(printf '{"capabilities":{"alwaysMatch":{"webkitgtk:browserOptions":{"binary":"%s","args":[]}}}}' "$BIN")
  drop_caches
  t0=$(now_ms)
  reply=$(wd POST /session "$caps")
  session=$(printf '%s' "$reply" | sed -n 's/.*"sessionId" *: *"\([^"]*\)".*/\1/p')
  [ -n "$session" ] || die "WebDriver could not start the app: $reply"
  deadline=$((t0 + TIMEOUT_SECONDS * 1000))
  elapsed=""
  local polls=0
  while [ "$(now_ms)" -lt "$deadline" ]; do
    reply=$(wd POST "/session/$session/element" "{\"using\":\"css selector\",\"value\":\"$SELECTOR\"}")
    if printf '%s' "$reply" | grep -q 'element-6066-11e4-a52e-4f735466cecf'; then
      elapsed=$(($(now_ms) - t0))
      break
    fi
    polls=$((polls + 1))
    # A build without the custom-protocol feature loads the Vite dev server instead.
    if [ $((polls % 25)) -eq 0 ] && wd GET "/session/$session/url" | grep -q 'localhost:5173'; then
      screenshot "dev-build"
      die "$BIN loads the Vite dev server (http://localhost:5173), not the bundled UI: build it with --features custom-protocol"
    fi
    sleep 0.02
  done
  if [ -z "$elapsed" ]; then
    screenshot "timeout-signin"
    die "the sign-in screen did not appear within ${TIMEOUT_SECONDS}s; last reply: $reply (screenshot in $WORK)"
  fi
  if [ "${1:-}" = measure ]; then
    pid=$(driver_app_pid) || die "could not find the app process under WebKitWebDriver"
    wait_idle "$pid" >/dev/null
    screenshot "signin-idle-$RANDOM"
    memory=$(tree_pss "$pid")
  fi
  wd DELETE "/session/$session" >/dev/null || true
  # The driver closes the app; make sure nothing of it is left for the next start.
  pid=$(driver_app_pid) && stop_tree "$pid"
  echo "$elapsed"
  [ -z "$memory" ] || echo "$memory"
}

# ---- one configuration: RUNS WebDriver starts, RUNS plain starts, memory of both

declare -A RESULT

measure_mode() { # name, then extra environment
  local name=$1
  shift
  local times=() maps=() out t i idle_wait memory_wd memory_plain
  say "[$name] $RUNS starts to the sign-in screen (WebDriver)..."
  start_driver "$@"
  for i in $(seq "$RUNS"); do
    if [ "$i" -eq "$RUNS" ]; then
      out=$(webdriver_start measure)
      memory_wd=$(printf '%s\n' "$out" | sed -n 2p)
    else
      out=$(webdriver_start)
    fi
    t=$(printf '%s\n' "$out" | sed -n 1p)
    times+=("$t")
    say "  start $i: sign-in screen after $t ms"
  done
  stop_driver

  say "[$name] $RUNS plain starts to the mapped window..."
  for i in $(seq "$RUNS"); do
    drop_caches
    local t0
    t0=$(now_ms)
    launch_app "$@"
    t=$(wait_window_mapped "$t0")
    maps+=("$t")
    say "  start $i: window mapped after $t ms"
    if [ "$i" -eq "$RUNS" ]; then
      idle_wait=$(wait_idle "$app_pid")
      screenshot "plain-idle-$name"
      memory_plain=$(tree_pss "$app_pid")
      say "  quiet after ${idle_wait}s, then ${IDLE_SECONDS}s idle"
    else
      sleep 1
    fi
    stop_tree "$app_pid"
    app_pid=""
  done

  RESULT[$name.signin]=$(printf '%s\n' "${times[@]}" | median)
  RESULT[$name.signin_all]="${times[*]}"
  RESULT[$name.map]=$(printf '%s\n' "${maps[@]}" | median)
  RESULT[$name.map_all]="${maps[*]}"
  RESULT[$name.pss_plain]=$(printf '%s' "$memory_plain" | cut -f1)
  RESULT[$name.pss_plain_parts]=$(printf '%s' "$memory_plain" | cut -f2)
  RESULT[$name.pss_wd]=$(printf '%s' "$memory_wd" | cut -f1)
  RESULT[$name.pss_wd_parts]=$(printf '%s' "$memory_wd" | cut -f2)
}

# ---- run

start_xvfb
say "Binary: $BIN"
if [ -n "${MEASURE_PRIVATE_SESSION:-}" ]; then session="a private D-Bus session and keyring"; else session="the caller's D-Bus session"; fi
say "Display $DISPLAY (Xvfb), $session, work folder $WORK"
seed
measure_mode default
measure_mode no-dmabuf WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1

verdict() { # value goal
  awk -v v="$1" -v g="$2" 'BEGIN { if (v == "" || v == "n/a") print "n/a"; else if (v + 0 <= g + 0) print "PASS"; else print "FAIL" }'
}

row() { printf '%-58s %-10s %-11s %s\n' "$@"; }
echo
echo "Al-Hayat Clinic window: $BIN"
echo "$RUNS starts each, Xvfb (software rendering), $([ "${DROP_CACHES:-}" = 1 ] && echo 'page cache dropped before each start' || echo 'warm file cache'); load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cpus"
row "measure" "median" "goal" ""
for mode in default no-dmabuf; do
  label="as the app starts itself (it turns GPU compositing off unless the variables are set)"
  [ "$mode" = no-dmabuf ] && label="with WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 set by hand"
  echo "-- $label"
  row "start -> sign-in screen shown (WebDriver)" "${RESULT[$mode.signin]} ms" "-" ""
  echo "     each start: ${RESULT[$mode.signin_all]} ms"
  row "start -> window mapped (plain start)" "${RESULT[$mode.map]} ms" "-" ""
  echo "     each start: ${RESULT[$mode.map_all]} ms"
  row "idle window, PSS of app + children (plain start)" "${RESULT[$mode.pss_plain]} MB" "<= $MEMORY_GOAL_MB MB" \
    "$(verdict "${RESULT[$mode.pss_plain]}" "$MEMORY_GOAL_MB")"
  echo "     ${RESULT[$mode.pss_plain_parts]}"
  row "idle sign-in screen, PSS of app + children (WebDriver)" "${RESULT[$mode.pss_wd]} MB" "<= $MEMORY_GOAL_MB MB" \
    "$(verdict "${RESULT[$mode.pss_wd]}" "$MEMORY_GOAL_MB")"
  echo "     ${RESULT[$mode.pss_wd_parts]}"
done
