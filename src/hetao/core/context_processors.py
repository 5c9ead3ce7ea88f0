from __future__ import annotations

from django.http import HttpRequest


def zone(request: HttpRequest) -> dict[str, object]:
    from hetao.zone.domain.selectors import current_zone

    return {"zone": current_zone()}
