from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Attachments are written under a temporary directory, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
