"""Every change to the zone directory. Each service validates, writes in one transaction and appends
its event to the audit ledger."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hetao.audit.domain.services import audit_append
from hetao.core.errors import Conflict, DomainError, ProblemCollector, ValidationFailed, full_clean
from hetao.zone.domain import crypto
from hetao.zone.domain.identifiers import check_document_number, check_organisation_identifier
from hetao.zone.domain.names import organisation_search_keys, person_search_keys, search_text
from hetao.zone.enums import Currency, IdentityDocumentKind, Jurisdiction, OrganisationKind, Romanisation
from hetao.zone.models import (
    Affiliation,
    IdentityDocument,
    Organisation,
    OrganisationIdentifier,
    Park,
    Person,
    PersonalDataPurpose,
    Zone,
)

# ---------------------------------------------------------------------------------------------------------
# Helpers


def _snapshot(obj: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        if isinstance(value, Decimal | date):
            value = str(value)
        out[name] = value
    return out


def _check_version(obj: Person | Organisation, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(
            "stale_version",
            _(
                "Someone else changed this record since you opened it (your version %(yours)d, now "
                "%(current)d). Reload it and apply your changes again."
            )
            % {"yours": expected_version, "current": obj.version},
            field="version",
        )


# ---------------------------------------------------------------------------------------------------------
# The zone definition file


@dataclass(frozen=True)
class ZoneSyncResult:
    zone: Zone
    created_parks: list[str]
    updated_parks: list[str]


_ZONE_FIELDS = ("code", "name_en", "name_hans", "name_hant", "short_en", "short_hans", "short_hant")
_PARK_FIELDS = ("code", "name_en", "name_hans", "name_hant", "jurisdiction", "currency", "area_ha")
_PURPOSE_FIELDS = (
    "category",
    "title_en",
    "title_hans",
    "title_hant",
    "purpose_en",
    "purpose_hans",
    "purpose_hant",
    "legal_basis_pipl_en",
    "legal_basis_pipl_hans",
    "legal_basis_pipl_hant",
    "legal_basis_pdpo_en",
    "legal_basis_pdpo_hans",
    "legal_basis_pdpo_hant",
    "retention_en",
    "retention_hans",
    "retention_hant",
)


def _read_zone_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DomainError("zone_file_missing", _("The zone file %(path)s does not exist.") % {"path": path}) from None
    except tomllib.TOMLDecodeError as exc:
        raise DomainError(
            "zone_file_syntax",
            _("The zone file %(path)s is not valid TOML: %(error)s") % {"path": path, "error": exc},
        ) from None


def _require(table: Mapping[str, Any], keys: Sequence[str], where: str, collector: ProblemCollector) -> None:
    for key in keys:
        value = table.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            collector.add(f"{where}.{key}", "required", _("%(where)s needs %(key)s.") % {"where": where, "key": key})


# One pass over the file that validates everything before writing anything.
def zone_sync_from_file(*, path: Path | str, actor: object | None = None) -> ZoneSyncResult:  # noqa: PLR0912, PLR0915
    """Create or update the zone, its parks and its personal-data register from the zone file."""
    data = _read_zone_file(Path(path))
    collector = ProblemCollector()
    zone_table = data.get("zone") or {}
    _require(zone_table, _ZONE_FIELDS, "zone", collector)
    park_tables = data.get("parks") or []
    if len(park_tables) < 2:
        collector.add(
            "parks",
            "too_few_parks",
            _("A zone needs at least two parks; the file has %(n)d.") % {"n": len(park_tables)},
        )
    seen_codes: set[str] = set()
    for index, park in enumerate(park_tables):
        where = f"parks[{index}]"
        _require(park, _PARK_FIELDS, where, collector)
        code = str(park.get("code", ""))
        if code in seen_codes:
            collector.add(f"{where}.code", "duplicate", _("Park code %(code)s appears twice.") % {"code": code})
        seen_codes.add(code)
        if park.get("jurisdiction") and park["jurisdiction"] not in Jurisdiction.values:
            collector.add(
                f"{where}.jurisdiction",
                "unknown_jurisdiction",
                _("Unknown jurisdiction %(value)s; use one of %(allowed)s.")
                % {"value": park["jurisdiction"], "allowed": ", ".join(Jurisdiction.values)},
            )
        if park.get("currency") and park["currency"] not in Currency.values:
            collector.add(
                f"{where}.currency",
                "unknown_currency",
                _("Unknown currency %(value)s; use one of %(allowed)s.")
                % {"value": park["currency"], "allowed": ", ".join(Currency.values)},
            )
        try:
            if Decimal(str(park.get("area_ha", "0"))) <= 0:
                raise InvalidOperation
        except InvalidOperation:
            collector.add(f"{where}.area_ha", "invalid_area", _("The area must be a positive number of hectares."))
    for index, purpose in enumerate(data.get("personal_data") or []):
        _require(purpose, _PURPOSE_FIELDS, f"personal_data[{index}]", collector)
    collector.raise_if_any()

    with transaction.atomic():
        zone = Zone.objects.filter(code=zone_table["code"]).first() or Zone(code=zone_table["code"])
        creating_zone = zone.pk is None
        for key in _ZONE_FIELDS:
            setattr(zone, key, zone_table[key])
        zone.time_zone = zone_table.get("time_zone", "Asia/Hong_Kong")
        for key in ("river_en", "river_hans", "river_hant"):
            setattr(zone, key, zone_table.get(key, ""))
        full_clean(zone)
        zone.save()
        created: list[str] = []
        updated: list[str] = []
        for index, park_table in enumerate(park_tables):
            park = Park.objects.filter(code=park_table["code"]).first() or Park(code=park_table["code"], zone=zone)
            is_new = park.pk is None
            before = None if is_new else _snapshot(park, _PARK_FIELDS)
            for key in _PARK_FIELDS:
                setattr(park, key, park_table[key])
            park.area_ha = Decimal(str(park_table["area_ha"])).quantize(Decimal("0.01"))
            park.order = int(park_table.get("order", index + 1))
            park.zone = zone
            full_clean(park)
            park.save()
            after = _snapshot(park, _PARK_FIELDS)
            if is_new or before != after:
                (created if is_new else updated).append(park.code)
                audit_append(actor=actor, action="park.create" if is_new else "park.update", obj=park, payload=after)
        for purpose_table in data.get("personal_data") or []:
            purpose, _created = PersonalDataPurpose.objects.get_or_create(
                category=purpose_table["category"], defaults={k: purpose_table[k] for k in _PURPOSE_FIELDS}
            )
            for key in (*_PURPOSE_FIELDS, "sensitive", "fields"):
                if key in purpose_table:
                    setattr(purpose, key, purpose_table[key])
            full_clean(purpose)
            purpose.save()
        if creating_zone or created or updated:
            audit_append(
                actor=actor,
                action="zone.sync",
                obj=zone,
                payload={"zone": _snapshot(zone, _ZONE_FIELDS), "created": created, "updated": updated},
            )
    return ZoneSyncResult(zone=zone, created_parks=created, updated_parks=updated)


# ---------------------------------------------------------------------------------------------------------
# Organisations

_ORG_FIELDS = (
    "kind",
    "park",
    "country",
    "name_en",
    "name_hans",
    "name_hant",
    "aliases",
    "website",
    "is_active",
)


def _organisation_search_text(org: Organisation) -> str:
    return search_text(organisation_search_keys([org.name_en, org.name_hans, org.name_hant, *org.aliases]))


def _clean_aliases(aliases: Sequence[str] | None) -> list[str]:
    out: list[str] = []
    for raw in aliases or []:
        alias = raw.strip()
        if alias and alias not in out:
            out.append(alias)
    return out


def _resolve_park(park: Park | str | None, collector: ProblemCollector) -> Park | None:
    if park is None or park == "":
        return None
    if isinstance(park, Park):
        return park
    found = Park.objects.filter(code=park).first()
    if found is None:
        collector.add("park", "unknown_park", _("There is no park with code %(code)s.") % {"code": park})
    return found


def _check_org_fields(*, kind: str, country: str, park: Park | None, collector: ProblemCollector) -> None:
    if kind not in OrganisationKind.values:
        collector.add("kind", "unknown_kind", _("Unknown organisation kind %(kind)s.") % {"kind": kind})
    if park is not None and country and park.jurisdiction != country:
        collector.add(
            "country",
            "country_park_mismatch",
            _("An organisation in %(park)s must be in %(jurisdiction)s, not %(country)s.")
            % {"park": park.name, "jurisdiction": park.jurisdiction, "country": country},
        )


def _apply_identifiers(
    *, organisation: Organisation, identifiers: Mapping[str, str], collector: ProblemCollector
) -> dict[str, str]:
    """Validate identifiers (kind -> value, empty value removes) and return the canonical forms."""
    canonical: dict[str, str] = {}
    for kind, value in identifiers.items():
        if not value:
            canonical[kind] = ""
            continue
        normalised = check_organisation_identifier(kind, value, field=f"identifiers.{kind}", collector=collector)
        if normalised is None:
            continue
        taken = OrganisationIdentifier.objects.filter(kind=kind, value=normalised)
        if organisation.pk:
            taken = taken.exclude(organisation=organisation)
        holder = taken.select_related("organisation").first()
        if holder is not None:
            collector.add(
                f"identifiers.{kind}",
                "identifier_taken",
                _("%(value)s is already registered to %(organisation)s.")
                % {"value": normalised, "organisation": holder.organisation.name},
            )
            continue
        canonical[kind] = normalised
    return canonical


def _save_identifiers(organisation: Organisation, canonical: Mapping[str, str]) -> None:
    for kind, value in canonical.items():
        if value:
            OrganisationIdentifier.objects.update_or_create(
                organisation=organisation, kind=kind, defaults={"value": value}
            )
        else:
            OrganisationIdentifier.objects.filter(organisation=organisation, kind=kind).delete()


def organisation_create(
    *,
    actor: object | None,
    kind: str,
    name_en: str,
    country: str,
    park: Park | str | None = None,
    name_hans: str = "",
    name_hant: str = "",
    aliases: Sequence[str] | None = None,
    website: str = "",
    identifiers: Mapping[str, str] | None = None,
) -> Organisation:
    collector = ProblemCollector()
    park_obj = _resolve_park(park, collector)
    country = (country or (park_obj.jurisdiction if park_obj else "")).strip().upper()
    _check_org_fields(kind=kind, country=country, park=park_obj, collector=collector)
    org = Organisation(
        kind=kind,
        park=park_obj,
        country=country,
        name_en=name_en.strip(),
        name_hans=name_hans.strip(),
        name_hant=name_hant.strip(),
        aliases=_clean_aliases(aliases),
        website=website.strip(),
    )
    canonical = _apply_identifiers(organisation=org, identifiers=identifiers or {}, collector=collector)
    try:
        full_clean(org, exclude=["search_text"])
    except ValidationFailed as exc:
        collector.problems.extend(exc.problems)
    collector.raise_if_any()
    with transaction.atomic():
        org.search_text = _organisation_search_text(org)
        org.save()
        _save_identifiers(org, canonical)
        audit_append(
            actor=actor,
            action="organisation.create",
            obj=org,
            payload={**_snapshot(org, _ORG_FIELDS), "identifiers": {k: v for k, v in canonical.items() if v}},
        )
    return org


def organisation_update(
    *,
    actor: object | None,
    organisation: Organisation,
    expected_version: int | None = None,
    identifiers: Mapping[str, str] | None = None,
    **changes: Any,
) -> Organisation:
    unknown = set(changes) - set(_ORG_FIELDS)
    if unknown:
        raise TypeError(f"organisation_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _check_version(org, expected_version)
        collector = ProblemCollector()
        before = _snapshot(org, _ORG_FIELDS)
        if "park" in changes:
            changes["park"] = _resolve_park(changes["park"], collector)
        if "aliases" in changes:
            changes["aliases"] = _clean_aliases(changes["aliases"])
        if "country" in changes:
            changes["country"] = (changes["country"] or "").strip().upper()
        for key, value in changes.items():
            setattr(org, key, value.strip() if isinstance(value, str) and key != "country" else value)
        _check_org_fields(kind=org.kind, country=org.country, park=org.park, collector=collector)
        canonical = _apply_identifiers(organisation=org, identifiers=identifiers or {}, collector=collector)
        try:
            full_clean(org, exclude=["search_text"])
        except ValidationFailed as exc:
            collector.problems.extend(exc.problems)
        collector.raise_if_any()
        after = _snapshot(org, _ORG_FIELDS)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        old_ids = dict(org.identifiers.values_list("kind", "value"))
        id_changes = {k: v for k, v in canonical.items() if old_ids.get(k, "") != v}
        if not changed and not id_changes:
            return org
        org.version += 1
        org.search_text = _organisation_search_text(org)
        org.save()
        _save_identifiers(org, id_changes)
        audit_append(
            actor=actor,
            action="organisation.update",
            obj=org,
            payload={
                "changed": changed,
                "before": {k: before[k] for k in changed},
                "identifiers": id_changes,
                "version": org.version,
            },
        )
    return org


# ---------------------------------------------------------------------------------------------------------
# People

_PERSON_FIELDS = (
    "family_name_hans",
    "given_name_hans",
    "family_name_hant",
    "given_name_hant",
    "family_name_latin",
    "given_name_latin",
    "romanisation",
    "english_name",
    "other_names",
    "home_region",
    "birth_date",
    "email",
    "listed_in_directory",
)


def _clean_person_fields(values: dict[str, Any]) -> dict[str, Any]:
    for key in (
        "family_name_hans",
        "given_name_hans",
        "family_name_hant",
        "given_name_hant",
        "family_name_latin",
        "given_name_latin",
        "english_name",
        "email",
    ):
        if key in values and isinstance(values[key], str):
            values[key] = " ".join(values[key].split())
    if "home_region" in values and isinstance(values["home_region"], str):
        values["home_region"] = values["home_region"].strip().upper()
    if "other_names" in values:
        values["other_names"] = _clean_aliases(values["other_names"])
    return values


def _check_person(person: Person, collector: ProblemCollector) -> None:
    if person.romanisation not in Romanisation.values:
        collector.add(
            "romanisation",
            "unknown_romanisation",
            _("Unknown romanisation system %(value)s.") % {"value": person.romanisation},
        )
    has_hans = bool(person.family_name_hans or person.given_name_hans)
    has_hant = bool(person.family_name_hant or person.given_name_hant)
    if person.given_name_hans and not person.family_name_hans:
        collector.add("family_name_hans", "required", _("Give the family name in Simplified Chinese too."))
    if person.given_name_hant and not person.family_name_hant:
        collector.add("family_name_hant", "required", _("Give the family name in Traditional Chinese too."))
    if person.romanisation in {
        Romanisation.PINYIN,
        Romanisation.HK_GOVERNMENT,
        Romanisation.JYUTPING,
    } and not (has_hans or has_hant):
        collector.add(
            "family_name_hant",
            "chinese_name_required",
            _("A name romanised from Chinese needs its Chinese characters (Simplified or Traditional)."),
        )
    if person.birth_date and person.birth_date > timezone.localdate():
        collector.add("birth_date", "birth_date_future", _("The date of birth cannot be in the future."))


def _person_search_text(person: Person) -> str:
    return search_text(person_search_keys(person))


def person_create(*, actor: object | None, **fields: Any) -> Person:
    unknown = set(fields) - set(_PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_create got unknown fields: {sorted(unknown)}")
    person = Person(**_clean_person_fields(dict(fields)))
    collector = ProblemCollector()
    _check_person(person, collector)
    try:
        full_clean(person, exclude=["search_text", "user"])
    except ValidationFailed as exc:
        collector.problems.extend(exc.problems)
    collector.raise_if_any()
    with transaction.atomic():
        person.search_text = _person_search_text(person)
        person.save()
        audit_append(actor=actor, action="person.create", obj=person, payload=_snapshot(person, _PERSON_FIELDS))
    return person


def person_update(
    *, actor: object | None, person: Person, expected_version: int | None = None, **changes: Any
) -> Person:
    unknown = set(changes) - set(_PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        _check_version(current, expected_version)
        before = _snapshot(current, _PERSON_FIELDS)
        for key, value in _clean_person_fields(dict(changes)).items():
            setattr(current, key, value)
        collector = ProblemCollector()
        _check_person(current, collector)
        try:
            full_clean(current, exclude=["search_text", "user"])
        except ValidationFailed as exc:
            collector.problems.extend(exc.problems)
        collector.raise_if_any()
        after = _snapshot(current, _PERSON_FIELDS)
        changed = {k: after[k] for k in after if after[k] != before[k]}
        if not changed:
            return current
        current.version += 1
        current.search_text = _person_search_text(current)
        current.save()
        audit_append(
            actor=actor,
            action="person.update",
            obj=current,
            payload={
                "changed": changed,
                "before": {k: before[k] for k in changed},
                "version": current.version,
            },
        )
    return current


def person_link_user(*, actor: object | None, person: Person, user: Any) -> Person:
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        if Person.objects.filter(user=user).exclude(pk=current.pk).exists():
            raise Conflict("user_taken", _("This account is already linked to another person."), field="user")
        current.user = user
        current.save(update_fields=["user", "updated_at"])
        audit_append(actor=actor, action="person.link_user", obj=current, payload={"user": user.pk})
    return current


def affiliation_add(
    *,
    actor: object | None,
    person: Person,
    organisation: Organisation,
    start_date: date,
    end_date: date | None = None,
    title: str = "",
    is_primary: bool = False,
) -> Affiliation:
    affiliation = Affiliation(
        person=person,
        organisation=organisation,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        is_primary=is_primary,
    )
    collector = ProblemCollector()
    if end_date is not None and end_date < start_date:
        collector.add("end_date", "dates_reversed", _("The end date is before the start date."))
    try:
        full_clean(affiliation)
    except ValidationFailed as exc:
        collector.problems.extend(p for p in exc.problems if p.field is not None)
    collector.raise_if_any()
    with transaction.atomic():
        if is_primary:
            Affiliation.objects.filter(person=person, is_primary=True).update(is_primary=False)
        affiliation.save()
        audit_append(
            actor=actor,
            action="affiliation.add",
            obj=affiliation,
            payload={
                "person": person.pk,
                "organisation": organisation.pk,
                "title": affiliation.title,
                "start_date": start_date,
                "end_date": end_date,
                "is_primary": is_primary,
            },
        )
    return affiliation


def affiliation_end(*, actor: object | None, affiliation: Affiliation, end_date: date) -> Affiliation:
    with transaction.atomic():
        current = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
        if end_date < current.start_date:
            raise DomainError("dates_reversed", _("The end date is before the start date."), field="end_date")
        current.end_date = end_date
        current.save(update_fields=["end_date", "updated_at"])
        audit_append(actor=actor, action="affiliation.end", obj=current, payload={"end_date": end_date})
    return current


def identity_document_add(
    *,
    actor: object | None,
    person: Person,
    kind: str,
    number: str,
    issuing_country: str = "",
    expiry_date: date | None = None,
) -> IdentityDocument:
    """Record an identity document. The number is validated with its check rules, encrypted, masked, and
    refused if another person already holds it (found through the keyed hash)."""
    collector = ProblemCollector()
    if kind not in IdentityDocumentKind.values:
        collector.add("kind", "unknown_kind", _("Unknown identity document kind %(kind)s.") % {"kind": kind})
        collector.raise_if_any()
    issuing_country = (issuing_country or _default_issuer(kind)).strip().upper()
    checked = check_document_number(kind, number, country=issuing_country, field="number", collector=collector)
    collector.raise_if_any()
    assert checked is not None  # noqa: S101 - the collector raised otherwise
    normalised, masked = checked
    context = f"identity_document:{kind}:{issuing_country}"
    lookup = crypto.lookup_hash(normalised, context=context)
    existing = IdentityDocument.objects.filter(kind=kind, issuing_country=issuing_country, number_lookup=lookup).first()
    if existing is not None:
        if existing.person_id == person.pk:
            raise Conflict("document_exists", _("This person already has this document on file."), field="number")
        raise Conflict(
            "document_held_by_another",
            _(
                "This document number is already on file for another person; the two records may be one "
                "person. Ask an administrator to merge them."
            ),
            field="number",
        )
    document = IdentityDocument(
        person=person,
        kind=kind,
        issuing_country=issuing_country,
        number_encrypted=crypto.encrypt(normalised, context=context),
        number_lookup=lookup,
        number_masked=masked,
        expiry_date=expiry_date,
    )
    try:
        with transaction.atomic():
            document.save()
            audit_append(
                actor=actor,
                action="identity_document.add",
                obj=document,
                # The ledger is permanent: it keeps the mask, never the number.
                payload={
                    "person": person.pk,
                    "kind": kind,
                    "issuing_country": issuing_country,
                    "masked": masked,
                },
            )
    except IntegrityError:
        raise Conflict(
            "document_held_by_another", _("This document number is already on file."), field="number"
        ) from None
    return document


def _default_issuer(kind: str) -> str:
    return {"cn_ric": "CHN", "hkid": "HKG", "hk_mtp": "CHN", "cn_eep": "CHN"}.get(kind, "")


def identity_document_number(*, actor: object | None, document: IdentityDocument, reason: str) -> str:
    """Decrypt a document number for someone entitled to see it; every reading is audited."""
    number = crypto.decrypt(
        document.number_encrypted, context=f"identity_document:{document.kind}:{document.issuing_country}"
    )
    with transaction.atomic():
        audit_append(actor=actor, action="identity_document.read", obj=document, payload={"reason": reason})
    return number


def person_export(*, actor: object | None, person: Person) -> dict[str, Any]:
    """Everything held about a person, for a subject access request (PIPL art. 45, PDPO s.18).

    The person's own document numbers are included in full: the export goes to them. The export itself is
    recorded in the audit ledger.
    """
    from hetao.audit.domain.selectors import events_for_object

    documents = []
    for doc in person.identity_documents.all():
        context = f"identity_document:{doc.kind}:{doc.issuing_country}"
        documents.append(
            {
                "kind": doc.kind,
                "issuing_country": doc.issuing_country,
                "number": crypto.decrypt(doc.number_encrypted, context=context),
                "valid_until": doc.expiry_date.isoformat() if doc.expiry_date else None,
                "recorded_at": doc.created_at.isoformat(),
            }
        )
    affiliations = [
        {
            "organisation": a.organisation.name_en,
            "title": a.title,
            "from": a.start_date.isoformat(),
            "until": a.end_date.isoformat() if a.end_date else None,
            "primary": a.is_primary,
        }
        for a in person.affiliations.select_related("organisation").order_by("start_date")
    ]
    profile = _snapshot(person, _PERSON_FIELDS)
    roles: list[dict[str, Any]] = []
    if person.user_id:
        from hetao.accounts.domain.selectors import role_assignments

        roles = [
            {"role": r.role, "scope": r.scope, "park": r.park_id, "organisation": r.organisation_id}
            for r in role_assignments(person.user)
        ]
    history = [
        {"sequence": e.sequence, "at": e.occurred_at.isoformat(), "actor": e.actor, "action": e.action}
        for e in events_for_object(object_type="zone.person", object_id=str(person.pk))
    ]
    register = [
        {
            "category": p.category,
            "title": p.title,
            "purpose": p.purpose,
            "legal_basis_pipl": p.legal_basis_pipl,
            "legal_basis_pdpo": p.legal_basis_pdpo,
            "sensitive": p.sensitive,
            "retention": p.retention,
        }
        for p in PersonalDataPurpose.objects.all()
    ]
    with transaction.atomic():
        audit_append(actor=actor, action="person.export", obj=person, payload={"documents": len(documents)})
    return {
        "person": {"id": person.pk, **profile, "created_at": person.created_at.isoformat()},
        "affiliations": affiliations,
        "identity_documents": documents,
        "roles": roles,
        "history": history,
        "purposes_and_legal_bases": register,
    }
