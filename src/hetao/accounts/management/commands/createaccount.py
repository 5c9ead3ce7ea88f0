"""``hetao createaccount``: create a user through the domain services (password rules and audit included),
optionally granting one role."""

from __future__ import annotations

import getpass
import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hetao.accounts.domain.services import role_grant, user_create
from hetao.accounts.enums import Role, Scope
from hetao.core.errors import DomainError

PASSWORD_ENV = "HETAO_ACCOUNT_PASSWORD"  # noqa: S105 - the name of a variable, not a password


class Command(BaseCommand):
    help = (
        "Create a user account, optionally with one role. The password is asked for twice, or read from "
        f"the environment variable {PASSWORD_ENV} (never from the command line, where others could see it)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--staff", action="store_true", help="May sign in to the admin site.")
        parser.add_argument("--role", choices=Role.values, help="Grant this role.")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--park", help="Code of the park the role covers (default: the whole zone).")
        where.add_argument("--organisation", type=int, help="Id of the organisation the role covers.")

    def handle(self, *args: Any, **options: Any) -> None:
        if (options["park"] or options["organisation"]) and not options["role"]:
            raise CommandError("--park and --organisation need --role.")
        password = self._password()
        try:
            with transaction.atomic():
                user = user_create(
                    actor=None,
                    username=options["username"],
                    password=password,
                    email=options["email"],
                    is_staff=options["staff"],
                )
                if options["role"]:
                    park, organisation, scope = self._scope(options)
                    role_grant(
                        actor=None,
                        user=user,
                        role=options["role"],
                        scope=scope,
                        park=park,
                        organisation=organisation,
                    )
        except DomainError as exc:
            details = "\n".join(f"  {p.field or '-'}: {p.message}" for p in exc.problems)
            raise CommandError(f"No account was created:\n{details}") from exc
        role = f" with role {options['role']}" if options["role"] else ""
        self.stdout.write(self.style.SUCCESS(f"Created account {user.get_username()}{role}."))

    def _password(self) -> str:
        from_env = os.environ.get(PASSWORD_ENV)
        if from_env:
            return from_env
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first

    @staticmethod
    def _scope(options: dict[str, Any]) -> tuple[Any, Any, str]:
        from hetao.zone.domain.selectors import parks
        from hetao.zone.models import Organisation

        if options["park"]:
            park = parks().filter(code__iexact=options["park"]).first()
            if park is None:
                raise CommandError(f"No park with code {options['park']}.")
            return park, None, Scope.PARK.value
        if options["organisation"]:
            organisation = Organisation.objects.filter(pk=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation with id {options['organisation']}.")
            return None, organisation, Scope.ORGANISATION.value
        return None, None, Scope.ZONE.value
