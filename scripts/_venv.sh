# Shared by scripts/dev and scripts/test: create .venv and install the pinned dependencies.
# Sourced, not run. Expects to be in the repository root. Usage: ensure_venv [test]
ensure_venv() {
  local extras=${1:-}
  if [ ! -x .venv/bin/python ]; then
    echo "» Creating the virtualenv (.venv)…"
    python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
  fi
  local stamp=".venv/.installed${extras:+-$extras}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
    echo "» Installing Python dependencies…"
    .venv/bin/python - "$extras" > .venv/requirements.txt <<'PY'
import sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
deps = list(project["dependencies"])
if sys.argv[1]:
    deps += project["optional-dependencies"][sys.argv[1]]
print("\n".join(deps))
PY
    # requirements.lock freezes every transitive version. setuptools<81 is only for building the
    # XStatic-Bootstrap sdist, whose setup still imports pkg_resources.
    PIP_CONSTRAINT="requirements.lock build-constraints.txt" \
      .venv/bin/pip install -q --disable-pip-version-check -r .venv/requirements.txt
    touch "$stamp"
  fi
}
