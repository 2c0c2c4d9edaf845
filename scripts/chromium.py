"""Debian's Chromium as the tests and the benchmarks launch it (one list of flags for both)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CAMNANG_CHROMIUM", "/usr/bin/chromium")
# No GPU, sandbox or QUIC in a container; nothing fetched in the background that would count
# against a page's requests or its network budget.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
