from hetao.core.models.idempotency import IdempotencyRecord

__all__ = ["IdempotencyRecord"]
