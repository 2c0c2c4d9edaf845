"""`camnang import`: bring a Word file, pasted text or text PDF into the handbook as a record."""

from .core import ImportFailure, Outcome, import_file

__all__ = ["ImportFailure", "Outcome", "import_file"]
