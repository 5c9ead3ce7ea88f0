"""Projects over HTTP: budget. Mounted on the projects router (api.py)."""

from __future__ import annotations

from ninja import Router

router = Router()
