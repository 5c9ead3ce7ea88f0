"""Who may screen and read screening results. Screening, deciding and importing lists is for zone-wide park
administrators, customs officers and data regulators; auditors of the zone may read everything too."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def may_screen(user: Any) -> bool:
    from hetao.screening.domain.selectors import may_screen as check

    return check(user)


@rules.predicate
def may_read_screening(user: Any) -> bool:
    from hetao.screening.domain.selectors import may_read_screening as check

    return check(user)


rules.add_perm("screening.view", rules.is_authenticated & may_read_screening)
rules.add_perm("screening.screen", rules.is_authenticated & may_screen)
rules.add_perm("screening.decide", rules.is_authenticated & may_screen)
rules.add_perm("screening.manage_lists", rules.is_authenticated & may_screen)
