#!/usr/bin/env bash
# Rebuild assets/plotly-dashboard.min.js: plotly.js with only the trace types the
# dashboard draws (entry.js), so a cold browser parses ~1.4 MB instead of ~4.8 MB.
#     scripts/plotly_bundle/build.sh
# Needs node and npm (Debian: apt-get install nodejs npm). Versions are pinned in
# package.json; plotly.js must stay the version plotly.py ships
# (python -c "import plotly.offline; print(plotly.offline.get_plotlyjs_version())").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/entry.js" "$work/"
cd "$work"
npm install --no-audit --no-fund --silent
version="$(node -p 'require("plotly.js/package.json").version')"
banner="/*! plotly.js v$version (dashboard bundle: scatter, bar, choropleth, scattergeo). Copyright 2012-2026, Plotly, Inc. Licensed under the MIT license (assets/plotly-dashboard.LICENSE.txt). Built by scripts/plotly_bundle/build.sh */"
# maplibre's stylesheet is required by plotly's registry for map traces, which this
# bundle leaves out: loaded as nothing.
npx esbuild entry.js --bundle --minify --format=iife --target=es2016 \
    --define:global=window --define:define.amd=false --loader:.css=empty \
    --legal-comments=external --banner:js="$banner" --log-level=warning \
    --outfile=plotly-dashboard.min.js
cp plotly-dashboard.min.js "$project/assets/plotly-dashboard.min.js"
{
    cat node_modules/plotly.js/LICENSE
    echo
    echo "Licence notices of the libraries bundled into plotly-dashboard.min.js:"
    echo
    cat plotly-dashboard.min.js.LEGAL.txt
} > "$project/assets/plotly-dashboard.LICENSE.txt"
ls -l "$project/assets/plotly-dashboard.min.js" node_modules/plotly.js/dist/plotly.min.js
