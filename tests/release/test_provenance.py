"""`make release SIGN_KEY=…`: each released archive gets a Helm provenance
file that `helm verify` accepts under both helms with the public key, and
refuses once the archive changes. The key is a throwaway RSA key generated
in the test with gpg."""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from chartkit.charts import Chart
from chartkit.release.package import archive_name, members, package_bytes
from chartkit.release.provenance import SigningError, sign
from chartkit.rendering.helm import HELMS, run_helm

pytestmark = pytest.mark.skipif(shutil.which("gpg") is None, reason="signing needs gpg, which is not installed")

KEY_PARAMS = """%no-protection
Key-Type: RSA
Key-Length: 2048
Name-Real: chartkit test signer
Name-Email: signer@example.invalid
Expire-Date: 1d
%commit
"""


@pytest.fixture(scope="module")
def gnupg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(gpg home holding a fresh secret key, that key's exported public keyring); the
    gpg-agent that key generation starts is stopped afterwards, not left running."""
    home = tmp_path_factory.mktemp("gnupg")
    home.chmod(0o700)
    subprocess.run(["gpg", "--homedir", str(home), "--batch", "--gen-key"], input=KEY_PARAMS.encode(),
                   check=True, capture_output=True)
    keyring = home / "public.gpg"
    keyring.write_bytes(subprocess.run(["gpg", "--homedir", str(home), "--export", "signer@example.invalid"],
                                       check=True, capture_output=True).stdout)
    yield str(home), keyring
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"], check=False, capture_output=True)


@pytest.fixture(scope="module")
def signed(gnupg: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    chart = Chart("base")
    archive = tmp_path_factory.mktemp("release") / archive_name(chart)
    archive.write_bytes(package_bytes(chart))
    sign(archive, members(archive)["Chart.yaml"], "signer@example.invalid", gnupg[0])
    return archive


@pytest.mark.parametrize("helm_id", list(HELMS))
def test_helm_verifies_the_signed_release(helm_id: str, signed: Path, gnupg: tuple[str, Path]) -> None:
    proc = run_helm(helm_id, "verify", "--keyring", str(gnupg[1]), str(signed))
    assert proc.returncode == 0, proc.stderr
    assert "signer@example.invalid" in proc.stdout + proc.stderr


@pytest.mark.parametrize("helm_id", list(HELMS))
def test_helm_refuses_an_archive_changed_after_signing(helm_id: str, signed: Path, gnupg: tuple[str, Path],
                                                       tmp_path: Path) -> None:
    tampered = tmp_path / signed.name
    tampered.write_bytes(signed.read_bytes() + b"\0")
    shutil.copy(signed.with_name(signed.name + ".prov"), tmp_path)
    proc = run_helm(helm_id, "verify", "--keyring", str(gnupg[1]), str(tampered))
    assert proc.returncode != 0
    assert "sha256" in proc.stderr.lower() or "digest" in proc.stderr.lower(), proc.stderr


def test_an_unknown_key_is_a_clear_error(signed: Path, gnupg: tuple[str, Path]) -> None:
    with pytest.raises(SigningError, match="nobody@example.invalid"):
        sign(signed, members(signed)["Chart.yaml"], "nobody@example.invalid", gnupg[0])
