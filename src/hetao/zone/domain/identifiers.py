"""The identifier engine, applied to the directory: canonical forms, masks, and problems in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hetao.core.errors import ProblemCollector
from hetao.engines import identifiers as engine


def problem_message(problem: engine.IdentifierProblem) -> str:
    """The engine's problem as a sentence in the active language.

    The engine speaks English and gives every value it used in ``params``; sentences for the common codes are
    translated here. The sentence always names the character position or the rule that failed.
    """
    params = dict(problem.params)
    if problem.position is not None:
        params.setdefault("position", str(problem.position))
    birth_reasons = {
        "not_a_date": _("Characters 7 to 14 '%(found)s' are not a real calendar date (YYYYMMDD)."),
        "too_early": _("Characters 7 to 14 '%(found)s' give a birth date before 1900."),
        "in_future": _("Characters 7 to 14 '%(found)s' give a birth date in the future."),
    }
    templates: dict[str, str] = {
        "empty": _("Enter a number."),
        "length": _("The number must have %(expected)s characters; it has %(found)s."),
        "check_character": _(
            "Character %(position)s should be the check character '%(expected)s', but it is '%(found)s'. "
            "A character has probably been mistyped."
        ),
        "organisation_code_check": _(
            "Character %(position)s should be '%(expected)s', the check character of the organisation code "
            "(characters 9 to 17), but it is '%(found)s'."
        ),
        "charset": _("Character %(position)s '%(found)s' never appears in this kind of number."),
        "format": _("Character %(position)s '%(found)s' is not allowed at this position."),
        "region": _("'%(found)s' at character %(position)s is not a valid region code."),
        "birth_date": birth_reasons.get(params.get("reason", ""), birth_reasons["not_a_date"]),
    }
    template = templates.get(problem.code)
    if template is not None:
        try:
            return template % params
        except (KeyError, TypeError, ValueError):
            pass
    return problem.message


def _report(result: engine.IdentifierResult, field: str, collector: ProblemCollector) -> None:
    for problem in result.problems:
        collector.add(field, f"identifier_{problem.code}", problem_message(problem))


def check_organisation_identifier(kind: str, value: str, *, field: str, collector: ProblemCollector) -> str | None:
    """The canonical form, or None after recording what is wrong."""
    if kind not in {"cn_uscc", "hk_br", "hk_cr"}:
        collector.add(field, "unknown_identifier_kind", _("Unknown identifier kind %(kind)s.") % {"kind": kind})
        return None
    result = engine.validate(kind, value)
    if not result.valid:
        _report(result, field, collector)
        return None
    return result.normalised


def check_document_number(
    kind: str, number: str, *, country: str, field: str, collector: ProblemCollector
) -> tuple[str, str] | None:
    """(canonical number, masked number), or None after recording what is wrong."""
    result = engine.validate(kind, number, country=country or None)
    if not result.valid or result.normalised is None:
        _report(result, field, collector)
        return None
    return result.normalised, engine.mask(kind, result.normalised)
