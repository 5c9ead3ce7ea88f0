"""Reading settings from the environment, and secrets generated once into var/ when absent."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _generate(kind: str) -> str:
    if kind == "django":
        return secrets.token_urlsafe(64)
    if kind == "aes256":
        return base64.b64encode(secrets.token_bytes(32)).decode()
    if kind == "ed25519":
        from hetao.engines.ledger import generate_signing_key

        return generate_signing_key()
    raise ValueError(f"unknown secret kind {kind!r}")


def secret_from_env_or_file(name: str, var_dir: Path, *, kind: str) -> str:
    """The secret from the environment, else from ``var/secrets/<name>``, generating that file once."""
    value = os.environ.get(name)
    if value:
        return value
    path = var_dir / "secrets" / name.lower()
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = _generate(kind)
    # O_EXCL: two processes starting at once must not write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value
