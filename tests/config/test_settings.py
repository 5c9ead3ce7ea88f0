"""Settings come from the environment with safe defaults; production settings pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hetao.config.env import env_bool, env_list, secret_from_env_or_file


def test_env_bool_accepts_known_words(monkeypatch):
    monkeypatch.setenv("HETAO_X", "Yes")
    assert env_bool("HETAO_X", default=False) is True
    monkeypatch.setenv("HETAO_X", "off")
    assert env_bool("HETAO_X", default=True) is False


def test_env_bool_rejects_unknown_word(monkeypatch):
    monkeypatch.setenv("HETAO_X", "maybe")
    with pytest.raises(ValueError, match="HETAO_X must be one of"):
        env_bool("HETAO_X", default=False)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HETAO_HOSTS", " a.example , b.example,, ")
    assert env_list("HETAO_HOSTS", default=[]) == ["a.example", "b.example"]


def test_secret_generated_once_then_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("HETAO_TEST_SECRET", raising=False)
    first = secret_from_env_or_file("HETAO_TEST_SECRET", tmp_path, kind="aes256")
    second = secret_from_env_or_file("HETAO_TEST_SECRET", tmp_path, kind="aes256")
    assert first == second
    assert oct((tmp_path / "secrets" / "hetao_test_secret").stat().st_mode & 0o777) == "0o600"


def test_secret_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("HETAO_TEST_SECRET", "from-env")
    assert secret_from_env_or_file("HETAO_TEST_SECRET", tmp_path, kind="django") == "from-env"


def _hetao(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console entry point
        [sys.executable, "-m", "hetao.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HETAO_")}
    env.update(
        {
            "HETAO_VAR_DIR": str(tmp_path),
            "HETAO_ALLOWED_HOSTS": "hetao.example.org",
            "HETAO_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
        }
    )
    result = _hetao(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_safe(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HETAO_")}
    env.update({"HETAO_VAR_DIR": str(tmp_path), "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")})
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.ALLOWED_HOSTS, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            f"'hetao.config.settings'); django.setup(); {code}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.strip() == "False True True [] 31536000"
