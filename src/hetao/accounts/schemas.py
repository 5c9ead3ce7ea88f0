"""What the accounts API reads and writes. A token's hash never leaves the server; its secret is shown
once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from hetao.accounts.enums import Role, Scope, TokenScope
from hetao.accounts.models import ApiToken, RoleAssignment
from hetao.core.api import PageIn, PageOut


class RoleOut(Schema):
    role: Role
    scope: Scope = Field(description="Where the role applies: the whole zone, one park or one organisation")
    park_id: int | None
    organisation_id: int | None

    @classmethod
    def of(cls, assignment: RoleAssignment) -> RoleOut:
        return cls(
            role=Role(assignment.role),
            scope=Scope(assignment.scope),
            park_id=assignment.park_id,
            organisation_id=assignment.organisation_id,
        )


class MeOut(Schema):
    id: int
    username: str
    email: str
    person_id: int | None = Field(description="The caller's record in the zone directory, if linked")
    roles: list[RoleOut]
    token_scopes: list[TokenScope] | None = Field(
        description="The scopes of the token used for this request; null for a browser session"
    )

    @classmethod
    def of(cls, user: Any, *, person_id: int | None, roles: list[RoleAssignment], token: ApiToken | None) -> MeOut:
        return cls(
            id=user.pk,
            username=user.get_username(),
            email=user.email,
            person_id=person_id,
            roles=[RoleOut.of(r) for r in roles],
            token_scopes=list(token.scopes) if token is not None else None,
        )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The characters after 'hetao_', to recognise the token by")
    scopes: list[TokenScope]
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, token: ApiToken) -> TokenOut:
        return cls(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            scopes=list(token.scopes),
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
            last_used_at=token.last_used_at,
            created_at=token.created_at,
        )


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself. It is shown this once and cannot be read again.")


class TokenPage(PageOut):
    items: list[TokenOut]


class TokenQuery(PageIn):
    pass


class TokenCreateIn(Schema):
    name: str = Field(description="To recognise the token by, e.g. the script that uses it")
    scopes: list[TokenScope] = Field([TokenScope.READ], description="'write' implies 'read'")
    days: int | None = Field(None, description="Lifetime in days, 1 to 366; the installation's default if left out")
