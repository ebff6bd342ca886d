"""`make crds` (chartkit.crds): the released CRDs REFERENCE_DATA lacks, from Go
modules pinned in tools/crds/ (go.mod, go.sum), checked by go.sum, copied into
.cache/crds/<operator>/ and found there after REFERENCE_DATA."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from chartkit import crds
from chartkit.reference import ReferenceMissing, crd_dir
from chartkit.rendering.render import YamlLoader
from chartkit.validation import crd as crd_module

OBJECT_STORE = {"apiVersion": "barmancloud.cnpg.io/v1", "kind": "ObjectStore", "metadata": {"name": "s"},
                "spec": {"configuration": {"destinationPath": "s3://b/p"}}}


def _go() -> None:
    if shutil.which("go") is None:
        pytest.skip("`go` is not on PATH: `make crds` needs it")


def test_every_module_is_pinned_with_its_hashes() -> None:
    """go.sum holds both hashes (the module's files and its go.mod) of every version go.mod requires."""
    gosum = (crds.MODULE / "go.sum").read_text()
    for source in crds.sources():
        prefix = f"{source.module} {source.version}"
        assert re.search(rf"^{re.escape(prefix)} h1:\S+=$", gosum, re.M), prefix
        assert re.search(rf"^{re.escape(prefix)}/go.mod h1:\S+=$", gosum, re.M), prefix


def test_fetched_files_are_the_named_crds_of_their_groups() -> None:
    absent = crds.missing()
    if absent:
        pytest.skip(crds.how_to_fetch(absent[0]))
    for source in crds.sources():
        files = sorted(p.name for p in source.folder.glob("*.yaml"))
        assert len(files) == len(source.files)
        for name in files:
            doc = yaml.load((source.folder / name).read_text(), Loader=YamlLoader)
            assert doc["kind"] == "CustomResourceDefinition" and doc["spec"]["group"] in source.groups
            assert name == f"{doc['spec']['group']}_{doc['spec']['names']['plural']}.yaml"
        assert (source.folder / "SOURCE.txt").read_text().startswith(source.stamp())


def test_a_hash_that_differs_from_go_sum_fails_the_fetch(tmp_path: Path, monkeypatch) -> None:
    _go()
    module = tmp_path / "crds"
    shutil.copytree(crds.MODULE, module)
    source = next(s for s in crds.sources() if s.operator == "barman-cloud")
    gosum = (module / "go.sum").read_text()
    line = re.search(rf"^{re.escape(source.module)} {source.version} h1:(\S)", gosum, re.M)
    assert line
    wrong = "A" if line.group(1) != "A" else "B"
    tampered = gosum[:line.start(1)] + wrong + gosum[line.end(1):]
    (module / "go.sum").write_text(tampered)
    monkeypatch.setattr(crds, "MODULE", module)
    with pytest.raises(RuntimeError, match="checksum mismatch|SECURITY ERROR|verifying"):
        crds._download([source.module])
    assert (module / "go.sum").read_text() == tampered  # -mod=readonly: go.sum is never rewritten


def test_reference_data_first_then_the_cache(tmp_path: Path, monkeypatch) -> None:
    reference, cache = tmp_path / "ref", tmp_path / "cache"
    (cache / "barman-cloud").mkdir(parents=True)
    monkeypatch.setenv("REFERENCE_DATA", str(reference))
    monkeypatch.setattr(crds, "cache_root", lambda: cache)
    assert crd_dir("barman-cloud") == cache / "barman-cloud"
    (reference / "crds" / "barman-cloud").mkdir(parents=True)
    assert crd_dir("barman-cloud") == reference / "crds" / "barman-cloud"
    assert crd_dir("nobody") == reference / "crds" / "nobody"


def test_a_fetched_group_without_its_crd_skips_naming_make_crds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REFERENCE_DATA", str(tmp_path / "ref"))
    monkeypatch.setattr(crds, "cache_root", lambda: tmp_path / "cache")
    crd_module._schema.cache_clear()
    crd_module.validator.cache_clear()
    try:
        with pytest.raises(ReferenceMissing, match=r"make crds.*plugin-barman-cloud@v0\.15\.0"):
            crd_module.crd_errors(OBJECT_STORE, "1.37")
    finally:
        crd_module._schema.cache_clear()
        crd_module.validator.cache_clear()


def test_the_fetched_object_store_crd_validates_strictly() -> None:
    try:
        assert crd_module.crd_errors(OBJECT_STORE, "1.37") == []
        broken = {**OBJECT_STORE, "spec": {"configuration": {"destinationPath": "s3://b/p", "endpointUrl": "x"}}}
        errors = crd_module.crd_errors(broken, "1.37")
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
    assert any("'endpointUrl' was unexpected" in e for e in errors), errors


def test_a_render_with_a_fetched_kind_and_no_crd_skips_even_beside_reference_data(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    """REFERENCE_DATA holds the operators' CRDs but `make crds` never ran (no go): an ObjectStore
    is neither passed unvalidated nor reported as a kind nothing knows; the render's check raises
    ReferenceMissing naming `make crds`, which the renderer turns into a skip."""
    from chartkit.validation.invariants import resource_errors

    (tmp_path / "ref" / "crds").mkdir(parents=True)
    monkeypatch.setenv("REFERENCE_DATA", str(tmp_path / "ref"))
    monkeypatch.setattr(crds, "cache_root", lambda: tmp_path / "cache")
    crd_module._schema.cache_clear()
    try:
        with pytest.raises(ReferenceMissing, match="make crds"):
            resource_errors([OBJECT_STORE], "1.37")
    finally:
        crd_module._schema.cache_clear()
