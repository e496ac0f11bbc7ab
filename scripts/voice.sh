#!/usr/bin/env bash
# voice.sh: make the board's recorded voice, the clips it plays in sequence
# when the browser has no Vietnamese speechSynthesis voice. Reproducible:
# the same espeak-ng and sox give the same bytes (sox -R).
#
#   scripts/voice.sh [out-dir]     (default assets/web/static/sounds)
#
# Needs espeak-ng (its "vi" voice) and sox with Ogg Vorbis; on Debian:
# apt-get install espeak-ng sox libsox-fmt-all. To use better recordings,
# replace the .ogg files with your own under the same names (mono Ogg
# Vorbis; any sample rate) and do not run this script again.
set -euo pipefail

out=${1:-assets/web/static/sounds}
voice=${VOICE:-vi}   # espeak-ng voice: vi (Northern), vi-vn-x-central, vi-vn-x-south
speed=${SPEED:-140}  # words a minute
rate=16000           # Hz: enough for speech, keeps the files small
quality=0            # Ogg Vorbis quality (-1..10)

command -v espeak-ng >/dev/null || { echo "voice.sh: espeak-ng is not installed" >&2; exit 1; }
command -v sox >/dev/null || { echo "voice.sh: sox is not installed" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# say NAME TEXT: speak TEXT into NAME.ogg, mono, silence trimmed at both
# ends (the page puts its own pauses between clips).
say() {
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/$1.wav" "$2"
  sox -R -V1 "$tmp/$1.wav" -r "$rate" -c 1 -C "$quality" "$out/$1.ogg" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse gain -n -1
}

# The two fixed parts of "Mời công dân có số thứ tự A, không, không, năm,
# đến quầy số 2".
say intro "Mời công dân có số thứ tự"
say counter "đến quầy số"

# Digits, read one by one in ticket numbers and as counter numbers 0-9.
digits=(không một hai ba bốn năm sáu bảy tám chín)
for i in "${!digits[@]}"; do
  say "digit-$i" "${digits[$i]}"
done

# The words that make counter numbers 10-99 with the digits: 12 is "mười
# hai", 20 "hai mươi", 21 "hai mươi mốt", 24 "hai mươi tư", 25 "hai mươi
# lăm" (the page composes them).
say ten "mười"
say tens "mươi"
say mot "mốt"
say tu "tư"
say lam "lăm"

# Ticket prefixes A-Z, by their Vietnamese letter names.
letters=(a bê xê dê e ép giê hát i gi ca "e lờ" "em mờ" "en nờ" o pê quy "e rờ"
  "ét xì" tê u vê "vê kép" "ích xì" "i dài" dét)
i=0
for l in {a..z}; do
  say "letter-$l" "${letters[$i]}"
  i=$((i + 1))
done

# The chime: a soft two-note "ding-dong" (E5 then C5), made, not recorded.
sox -R -n -r "$rate" -c 1 "$tmp/ding.wav" synth 0.5 sine 659.25 fade q 0.01 0.5 0.45 vol 0.5
sox -R -n -r "$rate" -c 1 "$tmp/dong.wav" synth 0.8 sine 523.25 fade q 0.01 0.8 0.75 vol 0.5
sox -R "$tmp/ding.wav" "$tmp/dong.wav" -C "$quality" "$out/chime.ogg"

echo "voice.sh: $(ls "$out"/*.ogg | wc -l) clips in $out, $(($(cat "$out"/*.ogg | wc -c) / 1024)) KiB in all"
