#!/usr/bin/env bash
# Makes sure the system tools the tests run are present: Dovecot (a throwaway IMAP
# server per test file), Cyrus and Courier unpacked beside it, Debian's Chromium (e2e) and openssl (test certificates).
# Installs what is missing when root on Debian; otherwise says what to install.
set -euo pipefail

missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

have dovecot || missing+=(dovecot-imapd)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
have openssl || missing+=(openssl)
have setpriv || missing+=(util-linux) # test/support/dovecot.ts starts Dovecot under setpriv

# Cyrus IMAP and Courier IMAP run beside Dovecot in the contract suite. Their packages
# conflict with dovecot-imapd (Conflicts: imap-server), so they are never installed: the
# .debs are downloaded and unpacked into a cache folder, and test/support/imap-servers.ts
# runs the daemons from there inside a private mount namespace (nothing in /etc or /run
# is touched). Same folder as TEST_SERVERS_DIR in test/support/imap-servers.ts.
servers_dir="${POSTBODE_TEST_SERVERS:-${XDG_CACHE_HOME:-$HOME/.cache}/postbode/test-servers}"
server_debs=(cyrus-imapd cyrus-common sasl2-bin libxapian30 libpcre3 libical3
  courier-imap courier-base courier-authlib courier-authdaemon courier-authlib-userdb
  libcourier-unicode4 libltdl7 libidn12 libgamin0 gamin libsasl2-modules)
stamp="$servers_dir/.unpacked-v2"
if [ ! -e "$stamp" ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1; then
  echo "test-prerequisites: unpacking Cyrus and Courier into $servers_dir" >&2
  download=$(mktemp -d)
  chmod 755 "$download" # apt's _apt user writes there
  (cd "$download" && apt-get download -qq "${server_debs[@]}" >/dev/null 2>&1) || {
    apt-get update -qq && (cd "$download" && apt-get download -qq "${server_debs[@]}" >/dev/null)
  }
  rm -rf "$servers_dir/root"
  mkdir -p "$servers_dir/root"
  for deb in "$download"/*.deb; do dpkg-deb -x "$deb" "$servers_dir/root"; done
  # Debian is usr-merged: what the .debs put in /lib belongs in /usr/lib.
  if [ -d "$servers_dir/root/lib" ]; then
    cp -a "$servers_dir/root/lib/." "$servers_dir/root/usr/lib/"
    rm -rf "$servers_dir/root/lib"
  fi
  rm -rf "$download"
  touch "$stamp"
fi

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test-prerequisites: missing system packages: ${missing[*]}" >&2
  echo "Install them, e.g.: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "test-prerequisites: installing ${missing[*]}" >&2

# The tests start their own Dovecot instances; keep the package from starting the
# system service (invoke-rc.d honours policy-rc.d; 101 = "action forbidden").
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# Under systemd the package also enables the service; the tests don't need it.
if [ -d /run/systemd/system ] && [[ " ${missing[*]} " == *" dovecot-imapd "* ]]; then
  systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
fi
echo "test-prerequisites: installed ${missing[*]}" >&2
