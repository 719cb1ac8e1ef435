#!/usr/bin/env bash
# Installs what Checkup needs on this machine, idempotently and quickly when all is present:
#   system packages (redis-server, chromium, a CJK font; for tests poppler-utils, prometheus's promtool,
#   libfaketime, logrotate and systemd-journal-remote, and openssh-server/-client, sudo and rsyslog for
#   the security tests),
#   npm dependencies (npm ci), the build (dist/), and a running Redis for the tests.
# --for-benches (npm run bench:collect runs it first) adds prometheus-node-exporter, the peer the
#   agent is measured against, and builds dist/ (the bench runs the compiled agent); CI never needs it.
# As root on Debian/Ubuntu it installs with apt-get; otherwise it prints the command and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=run
for arg in "$@"; do
  case "$arg" in
    --for-tests) mode=tests ;;
    --for-benches) mode=benches ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { [ "${CHECKUP_SETUP_QUIET:-}" = 1 ] || echo "setup: $*" >&2; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
{ command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ]; } || missing+=(chromium)
{ command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null; } || missing+=(fonts-noto-cjk)
{ command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep 'DejaVu Sans' >/dev/null; } || missing+=(fonts-dejavu-core)
if [ "$mode" = tests ]; then
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  # promtool checks the /metrics exposition in the web tests.
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  # The fault tests move one process's clock with libfaketime.
  ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1 || missing+=(libfaketime)
  # The security tests run a real sshd, ssh client, sudo, su and rsyslogd in a private mount
  # namespace (test/utils/auth-sandbox.ts); the packages' own services are not started (below).
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
  command -v sshpass >/dev/null 2>&1 || missing+=(sshpass)
  command -v sudo >/dev/null 2>&1 || missing+=(sudo)
  [ -x /usr/sbin/rsyslogd ] || missing+=(rsyslog)
  # The log-source tests rotate files with the real logrotate and build real .journal files with
  # systemd-journal-remote (its binary is not on PATH); journalctl reads them.
  command -v logrotate >/dev/null 2>&1 || [ -x /usr/sbin/logrotate ] || missing+=(logrotate)
  [ -x /lib/systemd/systemd-journal-remote ] || [ -x /usr/lib/systemd/systemd-journal-remote ] || missing+=(systemd-journal-remote)
  command -v journalctl >/dev/null 2>&1 || missing+=(systemd)
fi

if [ "$mode" = benches ]; then
  command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    # Installing openssh-server or rsyslog must not start a system sshd on port 22 or a second
    # syslog daemon: a policy-rc.d that forbids starting services, for the install only.
    temp_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && temp_policy=1
      trap '[ -n "$temp_policy" ] && rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ -n "$temp_policy" ]; then rm -f /usr/sbin/policy-rc.d; temp_policy=; fi
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them with:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# Puppeteer must use the system Chromium; never download a browser (see .puppeteerrc.cjs).
export PUPPETEER_SKIP_DOWNLOAD=1
lock_stamp=node_modules/.package-lock.json
if [ ! -f "$lock_stamp" ] || [ package-lock.json -nt "$lock_stamp" ]; then
  say "installing npm dependencies (npm ci)"
  if ! npm ci --no-audit --no-fund --loglevel=error >/tmp/checkup-npm-ci.log 2>&1; then
    # Some registry mirrors lack other platforms' optional binaries (e.g. @rollup/rollup-darwin-x64),
    # so the lock cannot list them and `npm ci` calls it out of sync. `npm install --no-save`
    # installs the same locked versions and leaves package-lock.json untouched.
    if grep -q 'Missing: .* from lock file' /tmp/checkup-npm-ci.log; then
      say "npm ci: lock lists no optional binaries for other platforms; installing the locked versions with npm install --no-save"
      npm install --no-save --no-audit --no-fund --loglevel=error >&2
    else
      cat /tmp/checkup-npm-ci.log >&2
      exit 1
    fi
  fi
fi

if [ "$mode" = run ] || [ "$mode" = benches ]; then
  if [ ! -f dist/src/cli/main.js ] || [ -n "$(find src jobs -newer dist/src/cli/main.js -name '*.ts' -print -quit)" ]; then
    say "building (tsc)"
    npm run --silent build >&2
  fi
fi

if [ "$mode" = tests ]; then
  url="${REDIS_URL:-redis://127.0.0.1:6379}"
  hostport="${url#redis://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"
  host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=6379
  if ! redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1; then
    say "Redis is not answering at $host:$port; starting redis-server"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save '' --appendonly no >/dev/null
    for _ in $(seq 1 50); do redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
fi
