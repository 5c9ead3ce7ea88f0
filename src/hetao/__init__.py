"""Hetao: software for a cross-border science and technology cooperation zone."""

__version__ = "0.1.0"
