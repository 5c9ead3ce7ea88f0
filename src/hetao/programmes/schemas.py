"""What the programmes API reads and writes. Times are ISO 8601; a time sent without an offset is zone time
(UTC+8). Amounts are decimal strings. Output schemas are built from the models by their ``of`` constructors."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from hetao.core.api import PageOut
from hetao.core.errors import FieldProblem
from hetao.programmes.domain.selectors import allowed_currencies, proposal_total_in_reference
from hetao.programmes.enums import AttachmentKind, CallStatus, ProposalStatus, TeamRole
from hetao.programmes.models import Attachment, BudgetLine, Call, CallPark, CostCategory, Proposal, RubricCriterion
from hetao.programmes.models import TeamMember as TeamMemberModel

# --- Calls ----------------------------------------------------------------------------------------------


class CallParkIn(Schema):
    park: str = Field(description="Park code, e.g. SZ or HK")
    share_percent: Decimal = Field(gt=0, le=100)
    budget: Decimal = Field(ge=0, description="In the park's currency")
    max_per_project: Decimal | None = Field(None, gt=0, description="In the park's currency; null for no maximum")
    lead_required: bool = Field(True, description="Every proposal needs a principal investigator in this park")


class CostCategoryIn(Schema):
    code: str
    name_en: str
    name_hans: str = ""
    name_hant: str = ""
    cap_percent: Decimal | None = Field(None, description="Cap in percent of a proposal's total; null for none")


class CriterionIn(Schema):
    code: str
    name_en: str
    name_hans: str = ""
    name_hant: str = ""
    weight: Decimal
    scale_min: int = 1
    scale_max: int = 5
    stage: int = 1


class CallFieldsIn(Schema):
    title_hans: str = ""
    title_hant: str = ""
    description_en: str = ""
    description_hans: str = ""
    description_hant: str = ""
    review_deadline: datetime | None = None
    key_areas: list[str] = []
    reference_currency: str = "CNY"
    exchange_rates: dict[str, Decimal] = Field(
        {}, description="Units of the reference currency per unit of each other currency, e.g. {'HKD': '0.92'}"
    )
    max_budget: Decimal | None = Field(None, description="Per project, in the reference currency")
    max_duration_months: int = 36
    allowed_organisation_kinds: list[str] = Field([], description="Empty: any kind")
    max_proposals_led_per_person: int | None = None
    review_stages: int = 1
    reviewers_per_proposal: int = 3
    reviewer_load_min: int = 0
    reviewer_load_max: int = 6
    min_reviewers_outside_parks: int = 0
    max_reviewers_from_lead_park: int | None = None
    coi_window_years: int = 3


class CallCreateIn(CallFieldsIn):
    code: str
    title_en: str
    opens_at: datetime = Field(description="Zone time (UTC+8) when sent without an offset")
    closes_at: datetime = Field(description="Zone time (UTC+8) when sent without an offset")
    parks: list[CallParkIn] = []
    categories: list[CostCategoryIn] = []
    criteria: list[CriterionIn] = []


class CallUpdateIn(Schema):
    """Only the fields sent change; ``parks``, ``categories`` and ``criteria``, when sent, replace the call's."""

    version: int
    code: str | None = None
    title_en: str | None = None
    title_hans: str | None = None
    title_hant: str | None = None
    description_en: str | None = None
    description_hans: str | None = None
    description_hant: str | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    review_deadline: datetime | None = None
    key_areas: list[str] | None = None
    reference_currency: str | None = None
    exchange_rates: dict[str, Decimal] | None = None
    max_budget: Decimal | None = None
    max_duration_months: int | None = None
    allowed_organisation_kinds: list[str] | None = None
    max_proposals_led_per_person: int | None = None
    review_stages: int | None = None
    reviewers_per_proposal: int | None = None
    reviewer_load_min: int | None = None
    reviewer_load_max: int | None = None
    min_reviewers_outside_parks: int | None = None
    max_reviewers_from_lead_park: int | None = None
    coi_window_years: int | None = None
    parks: list[CallParkIn] | None = None
    categories: list[CostCategoryIn] | None = None
    criteria: list[CriterionIn] | None = None


class VersionIn(Schema):
    version: int | None = Field(None, description="The version last read; a newer one on file is a 409")


class CallParkOut(Schema):
    park: str
    park_name: str
    currency: str
    share_percent: Decimal
    budget: Decimal
    max_per_project: Decimal | None
    lead_required: bool

    @classmethod
    def of(cls, row: CallPark) -> CallParkOut:
        return cls(
            park=row.park.code,
            park_name=row.park.name,
            currency=row.currency,
            share_percent=row.share_percent,
            budget=row.budget,
            max_per_project=row.max_per_project,
            lead_required=row.lead_required,
        )


class CostCategoryOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    name_hans: str
    name_hant: str
    cap_percent: Decimal | None

    @classmethod
    def of(cls, row: CostCategory) -> CostCategoryOut:
        return cls(
            id=row.pk,
            code=row.code,
            name=row.name,
            name_en=row.name_en,
            name_hans=row.name_hans,
            name_hant=row.name_hant,
            cap_percent=row.cap_percent,
        )


class CriterionOut(Schema):
    id: int
    code: str
    name: str
    weight: Decimal
    scale_min: int
    scale_max: int
    stage: int

    @classmethod
    def of(cls, row: RubricCriterion) -> CriterionOut:
        return cls(
            id=row.pk,
            code=row.code,
            name=row.name,
            weight=row.weight,
            scale_min=row.scale_min,
            scale_max=row.scale_max,
            stage=row.stage,
        )


class CallOut(Schema):
    id: int
    code: str
    title: str
    title_en: str
    title_hans: str
    title_hant: str
    status: CallStatus
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    reference_currency: str
    max_budget: Decimal | None
    max_duration_months: int
    parks: list[CallParkOut]
    version: int

    @classmethod
    def of(cls, call: Call, *, is_open: bool) -> CallOut:
        return cls(
            id=call.pk,
            code=call.code,
            title=call.title,
            title_en=call.title_en,
            title_hans=call.title_hans,
            title_hant=call.title_hant,
            status=CallStatus(call.status),
            opens_at=call.opens_at,
            closes_at=call.closes_at,
            is_open=is_open,
            reference_currency=call.reference_currency,
            max_budget=call.max_budget,
            max_duration_months=call.max_duration_months,
            parks=[CallParkOut.of(p) for p in call.parks.all()],
            version=call.version,
        )


class CallDetailOut(CallOut):
    description: str
    description_en: str
    description_hans: str
    description_hant: str
    review_deadline: datetime | None
    key_areas: list[str]
    exchange_rates: dict[str, Decimal]
    allowed_organisation_kinds: list[str]
    max_proposals_led_per_person: int | None
    review_stages: int
    reviewers_per_proposal: int
    reviewer_load_min: int
    reviewer_load_max: int
    min_reviewers_outside_parks: int
    max_reviewers_from_lead_park: int | None
    coi_window_years: int
    categories: list[CostCategoryOut]
    criteria: list[CriterionOut]

    @classmethod
    def detail(cls, call: Call, *, is_open: bool) -> CallDetailOut:
        base = CallOut.of(call, is_open=is_open)
        return cls(
            **base.model_dump(exclude={"parks"}),
            parks=base.parks,
            description=call.description,
            description_en=call.description_en,
            description_hans=call.description_hans,
            description_hant=call.description_hant,
            review_deadline=call.review_deadline,
            key_areas=list(call.key_areas or []),
            exchange_rates={k: Decimal(str(v)) for k, v in (call.exchange_rates or {}).items()},
            allowed_organisation_kinds=list(call.allowed_organisation_kinds or []),
            max_proposals_led_per_person=call.max_proposals_led_per_person,
            review_stages=call.review_stages,
            reviewers_per_proposal=call.reviewers_per_proposal,
            reviewer_load_min=call.reviewer_load_min,
            reviewer_load_max=call.reviewer_load_max,
            min_reviewers_outside_parks=call.min_reviewers_outside_parks,
            max_reviewers_from_lead_park=call.max_reviewers_from_lead_park,
            coi_window_years=call.coi_window_years,
            categories=[CostCategoryOut.of(c) for c in call.cost_categories.all()],
            criteria=[CriterionOut.of(c) for c in call.criteria.all()],
        )


class CallPage(PageOut):
    items: list[CallOut]


# --- Proposals ------------------------------------------------------------------------------------------


class ProposalFieldsIn(Schema):
    title_en: str | None = None
    title_zh: str | None = None
    abstract_en: str | None = None
    abstract_zh: str | None = None
    keywords_en: list[str] | None = None
    keywords_zh: list[str] | None = None
    key_area: str | None = None
    duration_months: int | None = Field(None, ge=1)
    language: str | None = Field(None, description="Language for letters: en, zh-hans or zh-hant")


class ProposalCreateIn(ProposalFieldsIn):
    call: int = Field(description="The call's id")


class ProposalUpdateIn(ProposalFieldsIn):
    """Only the fields sent change. ``version`` is the one last read; a newer one on file is a 409."""

    version: int


class TeamMemberIn(Schema):
    person: int
    organisation: int
    role: TeamRole


class TeamMemberOut(Schema):
    id: int
    person: int
    person_name: str
    organisation: int
    organisation_name: str
    park: str | None
    role: TeamRole

    @classmethod
    def of(cls, member: TeamMemberModel) -> TeamMemberOut:
        park = member.organisation.park
        return cls(
            id=member.pk,
            person=member.person_id,
            person_name=member.person.name,
            organisation=member.organisation_id,
            organisation_name=member.organisation.name,
            park=park.code if park is not None else None,
            role=TeamRole(member.role),
        )


class BudgetLineIn(Schema):
    category: str = Field(description="The code of one of the call's cost categories")
    year: int = Field(ge=1)
    currency: str
    amount: Decimal
    justification: str = ""


class BudgetLineUpdateIn(Schema):
    category: str | None = None
    year: int | None = Field(None, ge=1)
    currency: str | None = None
    amount: Decimal | None = None
    justification: str | None = None


class BudgetLineOut(Schema):
    id: int
    category: str
    year: int
    currency: str
    amount: Decimal
    justification: str

    @classmethod
    def of(cls, line: BudgetLine) -> BudgetLineOut:
        return cls(
            id=line.pk,
            category=line.category.code,
            year=line.year,
            currency=line.currency,
            amount=line.amount,
            justification=line.justification,
        )


class AttachmentOut(Schema):
    id: int
    kind: AttachmentKind
    name: str
    size: int
    sha256: str
    created_at: datetime

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        return cls(
            id=attachment.pk,
            kind=AttachmentKind(attachment.kind),
            name=attachment.original_name,
            size=attachment.size,
            sha256=attachment.sha256,
            created_at=attachment.created_at,
        )


class ProposalSummaryOut(Schema):
    id: int
    reference: str
    call: int
    call_code: str
    status: ProposalStatus
    title: str
    submitted_at: datetime | None
    version: int

    @classmethod
    def of(cls, proposal: Proposal) -> ProposalSummaryOut:
        return cls(
            id=proposal.pk,
            reference=proposal.reference,
            call=proposal.call_id,
            call_code=proposal.call.code,
            status=ProposalStatus(proposal.status),
            title=proposal.title,
            submitted_at=proposal.submitted_at,
            version=proposal.version,
        )


class ProposalOut(ProposalSummaryOut):
    title_en: str
    title_zh: str
    abstract_en: str
    abstract_zh: str
    keywords_en: list[str]
    keywords_zh: list[str]
    key_area: str
    duration_months: int | None
    language: str
    withdrawn_at: datetime | None
    team: list[TeamMemberOut]
    budget_lines: list[BudgetLineOut]
    attachments: list[AttachmentOut]
    allowed_currencies: list[str]
    reference_currency: str
    total_in_reference: Decimal

    @classmethod
    def detail(cls, proposal: Proposal) -> ProposalOut:
        base = ProposalSummaryOut.of(proposal)
        return cls(
            **base.model_dump(),
            title_en=proposal.title_en,
            title_zh=proposal.title_zh,
            abstract_en=proposal.abstract_en,
            abstract_zh=proposal.abstract_zh,
            keywords_en=list(proposal.keywords_en or []),
            keywords_zh=list(proposal.keywords_zh or []),
            key_area=proposal.key_area,
            duration_months=proposal.duration_months,
            language=proposal.language,
            withdrawn_at=proposal.withdrawn_at,
            team=[TeamMemberOut.of(m) for m in proposal.team.all()],
            budget_lines=[BudgetLineOut.of(line) for line in proposal.budget_lines.all()],
            attachments=[AttachmentOut.of(a) for a in proposal.attachments.all()],
            allowed_currencies=allowed_currencies(proposal.call),
            reference_currency=proposal.call.reference_currency,
            total_in_reference=proposal_total_in_reference(proposal),
        )


class ProposalPage(PageOut):
    items: list[ProposalSummaryOut]


class ProblemOut(Schema):
    field: str | None
    code: str
    message: str

    @classmethod
    def of(cls, problem: FieldProblem) -> ProblemOut:
        return cls(field=problem.field, code=problem.code, message=problem.message)


class EligibilityOut(Schema):
    eligible: bool
    problems: list[ProblemOut]
