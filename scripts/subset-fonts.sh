#!/usr/bin/env bash
# Writes fonts/: DejaVu Sans (regular, bold, oblique) from the dejavu-fonts-ttf package, cut down
# to the scripts plots use (Latin, Greek, punctuation, arrows, mathematical operators), every
# layout feature kept. resvg shapes each text element of an SVG with the font's tables, which
# takes time in proportion to the font's size: with these a PNG is drawn in about 60% of the time
# and comes out byte for byte the same (render-spec.ts falls back to the full fonts for any text
# they do not cover). Needs fontTools' pyftsubset (Debian: python3-fonttools). Run from the project root.
set -euo pipefail
source_dir=node_modules/dejavu-fonts-ttf/ttf
unicodes='U+0020-007E,U+00A0-017F,U+0370-03FF,U+2000-209F,U+20AC,U+2190-21FF,U+2200-22FF'
for face in DejaVuSans DejaVuSans-Bold DejaVuSans-Oblique; do
  pyftsubset "$source_dir/$face.ttf" --unicodes="$unicodes" --layout-features='*' \
    --name-IDs='*' --name-languages='*' --glyph-names --notdef-outline --output-file="fonts/$face.ttf"
done
cp node_modules/dejavu-fonts-ttf/LICENSE fonts/LICENSE
