#!/usr/bin/env bash
# Makes sure the system tools the tests run are present: Dovecot (a throwaway IMAP
# server per test file), Debian's Chromium (e2e) and openssl (test certificates).
# Installs what is missing when root on Debian; otherwise says what to install.
set -euo pipefail

missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

have dovecot || missing+=(dovecot-imapd)
[ -x /usr/bin/chromium ] || missing+=(chromium)
have openssl || missing+=(openssl)
have setpriv || missing+=(util-linux) # test/support/dovecot.ts starts Dovecot under setpriv

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
