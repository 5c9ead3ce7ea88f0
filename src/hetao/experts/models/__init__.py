from hetao.experts.models.experts import Declaration, Expert, Publication

__all__ = ["Declaration", "Expert", "Publication"]
