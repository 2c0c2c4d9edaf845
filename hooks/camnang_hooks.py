"""MkDocs hooks: a thin adapter from MkDocs events to the `camnang` core.

No domain logic lives here; see ARCHITECTURE.md.
"""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from camnang.diagnostics import DataError
from camnang.loader import load_cached
from camnang.pdf import PDF_DIR, PdfError, start_pdfs
from camnang.preview import PREVIEW_ENV
from camnang.render.lists import abbreviation_marker
from camnang.search import document_keywords, unreferenced_plans
from camnang.searchentries import SearchEntries, page_entries
from camnang.searchindex import write_site_index
from camnang.site import edit_paths, generated_pages, navigation

_state: dict = {"timings": {}}


def _timed(event):
    """Accumulate each event's time in _state["timings"] (read by scripts/bench.py)."""
    @functools.wraps(event)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return event(*args, **kwargs)
        finally:
            timings = _state["timings"]
            timings[event.__name__] = timings.get(event.__name__, 0.0) + time.perf_counter() - started
    return wrapper


@_timed
def on_config(config):
    root = Path(config.config_file_path).parent
    data_dir = Path(os.environ.get("CAMNANG_DATA") or root / "data")
    try:
        result = load_cached(data_dir)
    except DataError as error:
        raise PluginError(error.report()) from None
    _state["handbook"] = result.handbook
    _state["abbr"] = abbreviation_marker(result.handbook)
    _state["search"] = SearchEntries()
    # Typst worker processes run while MkDocs renders HTML; none in `camnang serve`'s preview.
    _state["pdfs"] = None if os.environ.get(PREVIEW_ENV) else start_pdfs(result.handbook)
    config.nav = navigation(result.handbook, config.nav or [])
    if data_dir.resolve() not in (Path(p).resolve() for p in config.watch):
        config.watch.append(str(data_dir))
    return config


@_timed
def on_files(files: Files, config) -> Files:
    hb = _state["handbook"]
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"
    edits = edit_paths(hb)
    edit_base = f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/" if config.repo_url else None
    for uri, content in generated_pages(hb, edit_base).items():
        files.append(generated_file(config, uri, content, edits.get(uri)))
    _state["files"] = files
    return files


def generated_file(config, uri: str, content: str, edit_path: str | None) -> File:
    """A generated page's file (also for a page `camnang serve` adds); "Sửa trang này" opens the
    YAML file behind the page."""
    file = File.generated(config, uri, content=content)
    if edit_path:
        root = Path(config.config_file_path).parent.resolve()
        file.edit_uri = Path(os.path.relpath(Path(edit_path).resolve(), root)).as_posix()
    return file


@_timed
def on_page_content(html: str, page, config, files) -> str:
    html = _state["abbr"].mark(html)
    # The search entries are the core's (camnang.searchentries), not Material's search plugin's:
    # marked excluded for it until on_page_context, a page costs it nothing (front matter
    # `search: exclude` is honoured).
    search = page.meta.get("search")
    if not (search or {}).get("exclude"):
        _state["search"].put(page.url, page_entries(html, page.url, page.title or ""))
    page.meta["search"] = {**(search or {}), "exclude": True, _OWN_SEARCH: search}
    return html


_OWN_SEARCH = "camnang"  # page.meta["search"] as the page had it


@event_priority(-100)  # after the search plugin's: the template sees the page's own meta
def on_page_context(context, page, config, nav):
    marked = page.meta.get("search")
    if isinstance(marked, dict) and _OWN_SEARCH in marked:
        if marked[_OWN_SEARCH] is None:
            del page.meta["search"]
        else:
            page.meta["search"] = marked[_OWN_SEARCH]
    return context


@event_priority(-100)  # last: the page is written right after this event
def on_post_page(output: str, page, config) -> str:
    """Nothing reads a page's Markdown or HTML body again once it is rendered (anchor checks keep
    their own ids, search its own entries): dropping them keeps a national build's memory to the
    pages in flight instead of every page's three copies (`camnang.preview` sets them again)."""
    page.markdown = page.content = None
    if page.file.generated_by:
        page.file.content_string = ""
    return output


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin inlines it
@_timed
def on_post_build(config):
    _write_pdfs(config)
    search_dir = Path(config.site_dir) / "search"
    if (search_dir / "search_index.json").is_file():  # the search plugin is on: Material's search box shows
        keywords, cold = search_inputs(_state["handbook"], _state["files"])
        _state["index_report"] = write_site_index(search_dir, _state["search"], keywords, cold)


def search_inputs(hb, files: Files) -> tuple[dict[str, str], frozenset[str]]:
    """What the sharded index takes besides the entries (also for `camnang serve`): page URL →
    a document's keywords (its pages are the boosted ones), and the cold pages' URLs."""
    keywords = {file.url: text for uri, text in document_keywords(hb).items()
                if (file := files.get_file_from_path(uri))}
    cold = frozenset(file.url for doc in unreferenced_plans(hb) if (file := files.get_file_from_path(doc.url)))
    return keywords, cold


@_timed
def _write_pdfs(config) -> None:
    """Topic handouts and the handbook's volumes into site/pdf/ (one progress line per file).

    Its time is only the wait for what the threads started in on_config have not finished.
    """
    if (pending := _state.pop("pdfs", None)) is None:
        return
    try:
        _state["pdf_report"] = pending.write(Path(config.site_dir) / PDF_DIR, progress=print)
    except PdfError as error:
        raise PluginError(str(error)) from None


def on_build_error(error) -> None:
    if pending := _state.pop("pdfs", None):
        pending.cancel()
