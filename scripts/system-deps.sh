#!/usr/bin/env bash
# Install the system packages the test suite needs, when they are missing:
# Debian's Chromium (real-browser tests), Graphviz (the `dot` program that lays out
# flows) and the fonts the SVG map is measured with (Liberation Sans) or falls back to
# (Noto CJK and emoji, DejaVu). PNG and PDF images (the `images` extra, Typst) need no
# system library: they bundle Liberation Sans and take CJK and emoji from the Noto fonts.
# Installs only when running as root with apt-get; otherwise says what is missing.
set -euo pipefail

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v dot >/dev/null 2>&1 || packages+=(graphviz)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf ] || packages+=(fonts-liberation2)
[ -d /usr/share/fonts/opentype/noto ] || packages+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || packages+=(fonts-noto-color-emoji)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
else
  echo "missing system packages: ${packages[*]}" >&2
  echo "install them (Debian/Ubuntu: sudo apt-get install ${packages[*]}) and rerun" >&2
  exit 1
fi
