from hetao.audit.models.ledger import AuditCheckpoint, AuditEvent, LedgerHead

__all__ = ["AuditCheckpoint", "AuditEvent", "LedgerHead"]
