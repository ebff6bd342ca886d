"""chartkit.rendering.render shares renders between a run's processes
(chartkit.testing.shared_renders): a render another process made is read,
not made again, refusals included; a fresh render (`_render_cached.__wrapped__`)
still runs helm; a run started inside another shares its folder."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from chartkit.rendering import render as r
from chartkit.rendering.render import SHARED_RENDERS_ENV, RenderError
from chartkit.testing import shared_renders
from stalwart_charts.base.scenarios import BASE


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(SHARED_RENDERS_ENV, str(tmp_path))
    r._render_session.cache_clear()
    yield tmp_path
    r._render_session.cache_clear()


def _forget_and_forbid_helm(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """This process forgets its renders and may not run helm: what another worker sees."""
    r._render_session.cache_clear()
    r._render_cached.cache_clear()
    calls: list[tuple] = []
    monkeypatch.setattr(r, "run_helm", lambda *a: calls.append(a) or pytest.fail("helm ran again"))
    return calls


def test_a_render_is_read_from_the_run_folder(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    values = {**BASE, "podLabels": {"shared": "once"}}
    first = r.render(values)
    assert len(list(shared.glob("*.pickle"))) == 1
    _forget_and_forbid_helm(monkeypatch)
    assert r.render(values) == first


def test_a_refusal_is_shared_whole(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    values = {**BASE, "replicaCount": "two"}
    message = r.render_error(values)
    _forget_and_forbid_helm(monkeypatch)
    with pytest.raises(RenderError) as caught:
        r.render(values)
    assert caught.value.stderr == message and caught.value.args_used


def test_a_fresh_render_still_runs_helm(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    values = {**BASE, "podLabels": {"shared": "fresh"}}
    r.render(values)
    ran: list[tuple] = []
    real = r.run_helm
    monkeypatch.setattr(r, "run_helm", lambda *a: ran.append(a) or real(*a))
    r._render_cached.__wrapped__(r._key(values), "helm4", "1.37", (), "stalwart", "mail", "base")
    assert len(ran) == 1


def _claimed(shared: Path, values: dict) -> Path:
    """Where another process's render of `values` (helm4, k8s 1.37) lands, with its claim taken."""
    import hashlib

    args = (r._key(values), "helm4", "1.37", (), "stalwart", "mail", "base", ())
    key = hashlib.sha256(repr((args, str(r.Chart("base").path))).encode()).hexdigest()
    (shared / f"{key}.pickle.claim").touch()
    return shared / f"{key}.pickle"


def test_a_claimed_render_is_waited_for(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle
    import threading

    values = {**BASE, "podLabels": {"shared": "claimed"}}
    path = _claimed(shared, values)
    theirs = ({"kind": "Rendered", "by": "the claimant"},)
    threading.Timer(0.2, lambda: path.write_bytes(pickle.dumps(theirs))).start()
    _forget_and_forbid_helm(monkeypatch)
    assert r.render(values) == list(theirs)


def test_an_unfulfilled_claim_is_rendered_here(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    values = {**BASE, "podLabels": {"shared": "abandoned"}}
    _claimed(shared, values)
    monkeypatch.setattr(r, "CLAIM_WAIT_S", 0.05)
    assert r.find(r.render(values), "Deployment")["spec"]["template"]["metadata"]["labels"]["shared"] == "abandoned"


def test_a_run_started_inside_another_shares_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The nested run (tests/toolkit/test_fresh_clone.py) renders into its parent's folder, and
    leaves that folder, which its parent removes, in place."""
    monkeypatch.setenv(r.SHARED_RENDERS_ENV, str(tmp_path))
    nested = SimpleNamespace()
    shared_renders.start(nested)
    assert os.environ[r.SHARED_RENDERS_ENV] == str(tmp_path)
    shared_renders.finish(nested)
    assert tmp_path.is_dir() and os.environ[r.SHARED_RENDERS_ENV] == str(tmp_path)
    monkeypatch.delenv(r.SHARED_RENDERS_ENV)
    own = SimpleNamespace()
    shared_renders.start(own)
    folder = Path(os.environ[r.SHARED_RENDERS_ENV])
    assert folder.is_dir() and folder != tmp_path
    shared_renders.finish(own)
    assert not folder.exists() and r.SHARED_RENDERS_ENV not in os.environ
