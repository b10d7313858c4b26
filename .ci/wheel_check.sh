#!/usr/bin/env bash
# The wheel a user installs must work on its own: build it, install it into a venv that cannot see this
# checkout, and run `lida demo` and `draco check` from another folder. Catches data files missing from
# the package (the bundled examples, the knowledge base's .lp and weights files, the prompts).
#
# Usage: .ci/wheel_check.sh PYTHON   (PYTHON: the project venv's interpreter, with every dependency)
#
# Speed: installing the dependencies into a fresh venv takes minutes even from pip's cache, so the test
# venv reuses the project venv's installed packages: a .pth line puts that site-packages folder on
# sys.path. A path line in a .pth file does not run the .pth files inside that folder, so the editable
# install of this checkout (an __editable__ .pth hook there) stays inactive; the script checks that
# lida, draco, summarizer and prompts are imported from the wheel and that the checkout is not on sys.path.
set -euo pipefail
PY=${1:?usage: wheel_check.sh PYTHON}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vizsmith-wheel.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
start=$(date +%s)

# Build from a copy of what the wheel is made of, so the build leaves no build/ or egg-info here.
mkdir "$TMP/src"
tar -C "$ROOT" --exclude=__pycache__ -cf - pyproject.toml README.md LICENSE summarizer draco lida prompts \
  | tar -C "$TMP/src" -xf -
"$PY" -m pip wheel --quiet --no-deps --wheel-dir "$TMP/dist" "$TMP/src"
WHEEL=$(ls "$TMP"/dist/vizsmith-*.whl)
built=$(date +%s)
"$PY" -m zipfile -l "$WHEEL" > "$TMP/wheel-files.txt"
for f in lida/examples/cars.json lida/examples/README.md draco/asp/weights.json draco/asp/soft.lp \
         draco/data/kim2018.json prompts/; do
  grep -q "^$f" "$TMP/wheel-files.txt" || { echo "wheel check: $f missing from $(basename "$WHEEL")"; exit 1; }
done

"$PY" -m venv --without-pip "$TMP/venv"   # the project venv's pip installs into it (pip --python)
VPY="$TMP/venv/bin/python"
"$PY" -c 'import sysconfig; print("\n".join(dict.fromkeys(sysconfig.get_path(k) for k in ("purelib", "platlib"))))' \
  > "$("$VPY" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/project-deps.pth"
"$PY" -m pip --python "$VPY" install --quiet --no-deps --no-index "$WHEEL"

installed=$(date +%s)
mkdir "$TMP/run"
cd "$TMP/run"
unset PYTHONPATH
"$VPY" - "$TMP/venv" "$ROOT" <<'EOF'
import sys
from pathlib import Path

venv, root = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
import draco, lida, prompts, summarizer  # noqa: E401

for mod in (lida, draco, summarizer, prompts):
    where = Path(mod.__file__).resolve()
    if venv not in where.parents:
        sys.exit(f"wheel check: {mod.__name__} imported from {where}, not from the installed wheel")
if any(Path(p or ".").resolve() == root for p in sys.path):
    sys.exit(f"wheel check: the checkout {root} is on sys.path")
EOF

"$TMP/venv/bin/lida" demo -n 2 --out demo > demo.log 2>&1 || { cat demo.log; echo "wheel check: lida demo failed"; exit 1; }
pngs=$(find demo -name '*.png' | wc -l)
[ -f demo/index.html ] && [ "$pngs" -ge 3 ] || { cat demo.log; echo "wheel check: lida demo drew $pngs charts"; exit 1; }

cat > chart.vl.json <<'EOF'
{"data": {"values": [{"a": "x", "b": 3}, {"a": "y", "b": 5}, {"a": "z", "b": 1}]},
 "mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}}
EOF
"$TMP/venv/bin/draco" check chart.vl.json --indent 0 | tr -d '\n' | grep -q '"valid": *true' \
  || { echo "wheel check: draco check on a bare Vega-Lite spec failed"; exit 1; }

end=$(date +%s)
echo "wheel check: $(basename "$WHEEL") installed outside the checkout: lida demo drew $pngs charts," \
     "draco check ok ($((end - start)) s: build $((built - start)), venv and install $((installed - built))," \
     "demo and check $((end - installed)))"
