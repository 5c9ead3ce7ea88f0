from hetao.accounts.models.access import ApiToken, LoginAttempt, RoleAssignment

__all__ = ["ApiToken", "LoginAttempt", "RoleAssignment"]
