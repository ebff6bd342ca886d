"""Helm provenance for a released chart archive: `<archive>.prov`, the
clearsigned document `helm verify` and `helm install --verify` check.

`helm package --sign` signs the archive helm writes, but the release archive
is repacked afterwards for reproducibility (chartkit.release.repack), so the
provenance is written here for the final bytes, in helm's format: the chart's
Chart.yaml, a line `...`, then `files:` with the archive's sha256, clearsigned
with SHA-512 by GnuPG. Helm reads OpenPGP keys with Go's openpgp package:
use an RSA key (`helm verify` cannot read EdDSA keys)."""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import yaml


class SigningError(RuntimeError):
    """gpg refused to sign; the message holds its stderr."""


def provenance_body(archive: Path, chart_yaml: bytes) -> str:
    """What gets signed: the chart's metadata, `...`, and the archive's digest."""
    files = {"files": {archive.name: "sha256:" + hashlib.sha256(archive.read_bytes()).hexdigest()}}
    metadata = chart_yaml.decode().rstrip("\n")
    return f"{metadata}\n\n...\n{yaml.safe_dump(files, sort_keys=False)}"


def sign(archive: Path, chart_yaml: bytes, key: str, gnupg_home: str | None = None) -> Path:
    """Write `<archive>.prov`, clearsigned by `key` (a gpg key id, fingerprint or user id)."""
    args = ["gpg", "--batch", "--yes", "--armor", "--digest-algo", "SHA512", "--local-user", key, "--clearsign"]
    if gnupg_home:
        args[1:1] = ["--homedir", gnupg_home]
    proc = subprocess.run(args, input=provenance_body(archive, chart_yaml).encode(), capture_output=True)
    if proc.returncode != 0:
        raise SigningError(f"gpg could not sign {archive.name} with key {key!r}:\n{proc.stderr.decode()}")
    prov = archive.with_name(archive.name + ".prov")
    prov.write_bytes(proc.stdout)
    return prov
