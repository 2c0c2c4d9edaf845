"""Cẩm nang khuyến học: domain model, loader, validation and renderers.

The package knows nothing about MkDocs; `hooks/` adapts MkDocs events to it.
"""

__version__ = "0.1.0"
