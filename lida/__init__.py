"""lida: goals, chart code, sandboxed execution, repair and ranking over a Summary."""

__version__ = "0.1.0"
