"""`camnang serve`: a live preview that re-renders only the pages a saved file changed.

The serving process keeps what a full build computed: the MkDocs config, files, navigation and
theme environment, and every generated page's Markdown. When a data file is saved:

1. the data is loaded again, reading and schema-checking only the files whose lstat changed
   (`load_handbook(reuse=…)`); model, integrity and citation checks run on the whole handbook,
   so an error anywhere is found exactly as `camnang check` finds it;
2. every generated page's Markdown is rendered again (linear, no MkDocs involved) and compared
   with the previous one: the pages whose Markdown differs — the record's own page, the pages of
   its relations, list pages, topics quoting it, whatever it reaches — are the pages to rebuild;
3. MkDocs turns only those pages into HTML (the same page events, theme and navigation as a full
   build) and writes them over the served site; the browser reloads.

A record added (a plan imported) or removed is a page added or removed: it gets its MkDocs file
and page (or leaves the site) and the comparison rebuilds the pages listing it; the navigation
holds no document, so the other pages stay as they are. An abbreviation added, removed or explained
anew changes the marks on the pages that use it: those are found in the served files and rebuilt
too. Anything the page comparison cannot see
falls back to a full build in the same process: the navigation changed (a kind's first or last
document), a page's YAML file moved, a file under docs/ saved, or mkdocs.yml changed (noticed at the next save in data/ or docs/:
mkdocs.yml itself is not watched). So a preview page
is the page `camnang build` writes (tested byte for byte). The search index follows the pages:
each rebuilt page's entries (the hooks read them, `camnang.searchentries`) take the place of its
old ones, and the sharded index is written again from all entries (linear) by a worker
process once saves pause for SEARCH_DELAY. Not done during the preview: PDFs (their buttons lead to a missing file); a
banner on every page says so. An error is printed in the terminal and shown at the top of every
page until it is fixed; the last good pages stay served.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import html
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .vntext import number

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from .loader import FileMemo, LoadResult
    from .model import Document, Handbook, Organisation
    from .searchentries import SearchEntries

SEARCH_DELAY = 1.0  # seconds without a save before the search index is written again
HEAD_START_PAGES = 8  # at most this many saved records' pages are rendered and shown before the rest
_ESCAPED = re.compile(r"[&<>\"']")  # characters a page's HTML may hold as entities (TermMarker reads them unescaped)
PREVIEW_ENV = "CAMNANG_PREVIEW"  # set while previewing: the hooks start no PDF workers
HOOKS = "hooks/camnang_hooks.py"

NOTICE = ("Bản xem trước (make serve): trang và chỉ mục tìm kiếm tự cập nhật khi lưu tệp dữ liệu. Không dựng PDF "
          "khi xem trước; chạy <code>make build</code> để có bản đầy đủ.")


@dataclass
class Update:
    """What one save did: pages rebuilt (or a full build), how long, or the error shown."""
    pages: list[str] = field(default_factory=list)
    full: str | None = None  # why a full build was needed
    error: str | None = None
    seconds: float = 0.0

    def summary(self) -> str:
        if self.error:
            return f"Dữ liệu có lỗi (xem trên); trang cũ vẫn được phục vụ ({number(self.seconds, 1)} giây)."
        if self.full:
            return f"Đã dựng lại toàn bộ vì {self.full} ({number(self.seconds, 1)} giây)."
        if not self.pages:
            return f"Không trang nào thay đổi ({number(self.seconds, 1)} giây)."
        shown = ", ".join(self.pages[:5]) + (f" và {len(self.pages) - 5} trang khác" if len(self.pages) > 5 else "")
        return f"Đã cập nhật {len(self.pages)} trang trong {number(self.seconds, 1)} giây: {shown}."


class _Capture:
    """A plugin-shaped object that keeps the build's files, navigation and theme environment."""

    def __init__(self) -> None:
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav, self.files = nav, files
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.env = env
        return env


class Preview:
    """The site in `site_dir` and what is needed to rebuild single pages of it."""

    def __init__(self, config_file: Path, data_dir: Path, site_dir: Path):
        self.config_file, self.data_dir, self.site_dir = config_file, data_dir.resolve(), site_dir
        self.memo: FileMemo = {}
        self.error: str | None = None
        self._docs_stamp: tuple[tuple[str, int], ...] = ()
        self._config: MkDocsConfig | None = None
        self._capture = _Capture()
        self._pages: dict[str, str] = {}
        self._nav_key: Any = None
        self._edit_paths: dict[str, str] = {}
        self._abbreviations: dict[str, str] = {}  # what the pages' <abbr> marks say (term → explanation)
        self.show: Callable[[], None] | None = None  # serve these pages now (the server's reload)
        self._search_changed = False  # a page rendered or removed since the index was last written
        self._search_pool: concurrent.futures.ProcessPoolExecutor | None = None  # writes the search index
        # What the next write takes (_update_search): search folder, entries, keywords, cold pages.
        self._search_next: tuple[Path, list[dict[str, Any]], dict[str, str], frozenset[str]] | None = None
        self._search_timer: threading.Timer | None = None
        self._search_lock = threading.Lock()

    # -- full build --------------------------------------------------------------------------

    def build_all(self, result: LoadResult | None = None) -> None:
        """A full build, as `camnang build` does it, minus PDFs; keeps what single pages need."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        from .loader import load_handbook

        # The hooks load through load_cached; warm it with this load (or the caller's, just made)
        # so the data is read and checked once.
        if result is None:
            result = load_handbook(self.data_dir, self.memo)
        _prime_cache(self.data_dir, result)
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir), strict=False)
        self._capture = _Capture()
        config.plugins["camnang-preview"] = self._capture  # type: ignore[assignment]  # duck-typed plugin
        self._drain_search()
        build(config)
        self._search_changed = False  # the build wrote the whole index
        self._config = config
        self._docs_stamp = self._docs_state()
        self._remember(result.handbook)

    def _remember(self, hb: Handbook) -> None:
        from .site import edit_paths, generated_pages, navigation

        self._pages = generated_pages(hb, self._edit_base())
        self._nav_key = repr(navigation(hb, []))  # the hand-written part is mkdocs.yml's: watched apart
        self._edit_paths = edit_paths(hb)
        self._abbreviations = _abbreviations(hb)

    # -- one save ----------------------------------------------------------------------------

    def update(self) -> Update:
        """Bring the served site up to date with the data; never raises for bad data."""
        started = time.perf_counter()
        self._hold_search()  # a save is being handled: the index waits until saves pause
        try:
            return self._update(started)
        finally:
            self._release_search()

    def _update(self, started: float) -> Update:
        from .diagnostics import DataError
        from .loader import load_handbook
        from .site import edit_paths

        outcome = Update()
        before = {path: hit[0] for path, hit in self.memo.items()}
        try:
            result = load_handbook(self.data_dir, self.memo)
        except DataError as error:
            self.error = outcome.error = error.report()
            print(outcome.error, file=sys.stderr)
            outcome.seconds = time.perf_counter() - started
            return outcome
        for warning in result.warnings:
            print(warning.format(), file=sys.stderr)
        self.error = None
        hb = result.handbook
        edits = edit_paths(hb)  # page → its YAML file, once per save
        reason = self._full_build_reason(hb, edits)
        if reason:
            outcome.full = reason
            self.build_all(result)
        else:
            saved = [path for path, hit in self.memo.items() if before.get(path) != hit[0]]
            first = self._saved_documents_first(hb, saved, edits)
            outcome.pages = self._rebuild_changed(hb, edits, first, self._pages_marking(hb))
            self._update_search(hb)  # in another process: the next save need not wait for it
        outcome.seconds = time.perf_counter() - started
        return outcome

    def _update_search(self, hb: Handbook) -> None:
        """The sharded search index written again with the changed pages' entries, as the build
        writes it (from all entries: linear, ≈2 s at 300 plans): by a worker process, once saves
        pause for SEARCH_DELAY, so that quick saves are not slowed by it; swapped in whole."""
        changed, self._search_changed = self._search_changed, False
        config, files = self._config, self._capture.files
        if not changed or files is None or config is None:
            return
        hooks: Any = config.hooks  # path → the loaded hooks module
        entries = list(self._search_entries())  # every page's, the rebuilt ones in their place
        keywords, cold = hooks[HOOKS].search_inputs(hb, files)
        search_dir = self.site_dir / "search"
        with self._search_lock:  # the latest save's index is the whole index: it replaces any waiting one
            self._search_next = (search_dir, entries, keywords, cold)

    def _search_entries(self) -> SearchEntries:
        """Every page's search entries, as the hooks keep them (each rendered page puts its own)."""
        assert self._config is not None
        hooks: Any = self._config.hooks  # path → the loaded hooks module
        entries: SearchEntries = hooks[HOOKS]._state["search"]
        return entries

    def _hold_search(self) -> None:
        with self._search_lock:
            if self._search_timer is not None:
                self._search_timer.cancel()

    def _release_search(self) -> None:
        """The waiting index write starts once no save has come for SEARCH_DELAY."""
        with self._search_lock:
            if self._search_next is not None:
                self._search_timer = threading.Timer(SEARCH_DELAY, self._submit_search)
                self._search_timer.daemon = True
                self._search_timer.start()

    def _drain_search(self) -> None:
        """No index write waiting or running (before a full build writes the index itself)."""
        with self._search_lock:
            if self._search_timer is not None:
                self._search_timer.cancel()
            self._search_next = None
            pool, self._search_pool = self._search_pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    def _submit_search(self) -> None:
        with self._search_lock:
            job, self._search_next = self._search_next, None
            if job is None:
                return
            if self._search_pool is None:
                # spawn: a fresh interpreter (this one runs threads); one worker: writes come in order
                self._search_pool = concurrent.futures.ProcessPoolExecutor(1, multiprocessing.get_context("spawn"))
            self._search_pool.submit(_write_search_index, *job).add_done_callback(_report_search)

    def close(self) -> None:
        self._drain_search()  # a write in progress ends before its folder is removed

    def _saved_documents_first(self, hb: Handbook, saved: list[str], edits: dict[str, str]) -> dict[str, str]:
        """Render the saved records' own pages and show them at once (`self.show`): a saved
        document's page; a saved organisation's page and those of the documents it issued (its
        name is on them). The full comparison that follows rebuilds every page that changed,
        these again if they differ.

        `site.record_pages` renders them as the build does; any failure here only skips the head start.
        """
        from .site import record_pages

        docs, orgs = self._saved_records(hb, saved)
        if not (docs or orgs) or self.show is None or len(docs) + len(orgs) > HEAD_START_PAGES:
            return {}
        try:
            pages = record_pages(hb, docs, orgs)
            self._add_files(pages, edits)  # a new document (an imported plan): shown first too
            self._render(hb, pages)
        except Exception as error:  # a head start only; the full comparison follows
            print(f"(bỏ qua bước xem nhanh: {error})", file=sys.stderr)
            return {}
        self.show()
        return pages

    @staticmethod
    def _saved_records(hb: Handbook, saved: list[str]) -> tuple[list[Document], list[Organisation]]:
        """The documents and organisations whose files were saved, and the documents those
        organisations issued. Records are keyed by their file's stem: no walk over every record."""
        docs: dict[str, Document] = {}
        orgs: list[Organisation] = []
        for path in map(Path, saved):
            if "van-ban" in path.parts and (doc := hb.documents.get(path.stem)):
                docs[doc.id] = doc
            elif "co-quan" in path.parts and (org := hb.organisations.get(path.stem)):
                orgs.append(org)
                docs.update((d.id, d) for d in hb.by_issuer.get(org.id, []))
        return list(docs.values()), orgs

    def _full_build_reason(self, hb: Handbook, edits: dict[str, str]) -> str | None:
        from .site import navigation

        if self._docs_state() != self._docs_stamp:
            return "tệp trong docs/ hoặc mkdocs.yml thay đổi"
        if any(self._edit_paths.get(uri, path) != path for uri, path in edits.items()):
            return "tệp dữ liệu của một trang đổi chỗ"
        if repr(navigation(hb, [])) != self._nav_key:
            return "thanh điều hướng thay đổi"
        return None

    def _rebuild_changed(self, hb: Handbook, edits: dict[str, str], done: dict[str, str] | None = None,
                         marked: frozenset[str] = frozenset()) -> list[str]:
        """Rebuild every page whose Markdown changed (but those `done` already wrote as they are),
        and the pages `marked` (whose abbreviations' marks changed: their Markdown may not have)."""
        from .site import generated_pages

        pages = generated_pages(hb, self._edit_base())
        self._add_and_remove(pages, edits)
        changed = sorted(uri for uri, text in pages.items() if text != self._pages.get(uri))
        redo: dict[str, str | None] = {uri: pages[uri] for uri in changed if (done or {}).get(uri) != pages[uri]}
        files = self._capture.files
        assert files is not None
        redo.update({uri: pages.get(uri) for uri in sorted(marked - redo.keys()) if files.get_file_from_path(uri)})
        self._render(hb, redo)
        self._pages = pages
        return sorted(set(changed) | marked)

    def _pages_marking(self, hb: Handbook) -> frozenset[str]:
        """The pages (source URIs) whose served HTML holds an abbreviation added, removed or
        explained anew: its <abbr> marks change on them, not their Markdown. Read from the served
        files (a substring test: whole-word matching is the marker's), so one glossary entry costs
        the pages that use it, not a full build."""
        now = _abbreviations(hb)
        changed = {term for term in now.keys() | self._abbreviations.keys()
                   if now.get(term) != self._abbreviations.get(term)}
        self._abbreviations = now
        files = self._capture.files
        if not changed or files is None:
            return frozenset()
        plain = [term for term in changed if not _ESCAPED.search(term)]
        escaped = [term for term in changed if _ESCAPED.search(term)]  # written as entities in HTML
        out = set()
        for file in files.documentation_pages():
            with contextlib.suppress(OSError):
                text = Path(file.abs_dest_path).read_text("utf-8")
                if any(term in text for term in plain) or (escaped and any(term in html.unescape(text) for term in escaped)):
                    out.add(file.src_uri)
        return frozenset(out)

    def _add_and_remove(self, pages: dict[str, str], edits: dict[str, str]) -> None:
        """A page the data now makes gets its MkDocs file and page, as the build's on_files and
        navigation make them (outside the navigation, like every record's page); a page it no
        longer makes leaves the files and the served site."""
        files = self._capture.files
        assert files is not None
        added, removed = pages.keys() - self._pages.keys(), self._pages.keys() - pages.keys()
        self._add_files({uri: pages[uri] for uri in sorted(added)}, edits)
        for uri in sorted(removed):
            if (file := files.get_file_from_path(uri)) is not None:
                files.remove(file)
                Path(file.abs_dest_path).unlink(missing_ok=True)
                if file.page is not None:
                    self._search_entries().drop(file.page.url)  # its entries leave the index
                    self._search_changed = True
        self._edit_paths = edits

    def _add_files(self, pages: dict[str, str], edits: dict[str, str]) -> None:
        """MkDocs files and pages for the pages that have none yet (see _add_and_remove)."""
        from mkdocs.structure.pages import Page

        config, files = self._config, self._capture.files
        assert config is not None and files is not None
        hooks: Any = config.hooks  # path → the loaded hooks module
        for uri in [uri for uri in pages if files.get_file_from_path(uri) is None]:
            file = hooks[HOOKS].generated_file(config, uri, pages[uri], edits.get(uri))
            files.append(file)
            Page(None, file, config)

    def _render(self, hb: Handbook, pages: Mapping[str, str | None]) -> None:
        """MkDocs turns these pages' Markdown into HTML in the served site (None: a page under
        docs/, read from its file)."""
        from mkdocs.commands.build import _build_page, _populate_page

        from .render.lists import abbreviation_marker

        config, files, nav, env = self._config, self._capture.files, self._capture.nav, self._capture.env
        assert config is not None and files is not None and nav is not None and env is not None
        hooks: Any = config.hooks  # path → the loaded hooks module
        state: dict[str, Any] = hooks[HOOKS]._state
        state["handbook"], state["abbr"] = hb, abbreviation_marker(hb)  # what the page events read
        doc_files = files.documentation_pages()
        for uri, text in pages.items():  # each page's search entries replace its old ones (on_page_content)
            file = files.get_file_from_path(uri)
            assert file is not None and file.page is not None
            if text is not None:
                file.content_string = text
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, nav, env)
        self._search_changed = self._search_changed or bool(pages)
        level = config.validation.links.anchors
        for file in doc_files:  # links into a changed page may have lost their anchor
            if file.page is not None:
                file.page.validate_anchor_links(files=files, log_level=level)

    # -- helpers -----------------------------------------------------------------------------

    def _edit_base(self) -> str | None:
        config = self._config
        if config is None or not config.repo_url:
            return None
        return f"{config.repo_url.rstrip('/')}/{(config.edit_uri or '').strip('/')}/"

    def _docs_state(self) -> tuple[tuple[str, int], ...]:
        """lstat of mkdocs.yml and every file under docs/: a change there needs a full build."""
        root = self.config_file.parent
        docs = root / "docs"
        entries = [(str(self.config_file), self.config_file.stat().st_mtime_ns)]
        for path in sorted(docs.rglob("*")) if docs.is_dir() else ():
            if path.is_file():
                entries.append((str(path), path.stat().st_mtime_ns))
        return tuple(entries)


def _abbreviations(hb: Handbook) -> dict[str, str]:
    """Term → explanation as the pages' <abbr> marks show them (render.lists.abbreviation_marker)."""
    from .render.lists import abbreviation_marker

    return abbreviation_marker(hb).terms


def _write_search_index(search_dir: Path, entries: list[dict[str, Any]], keywords: dict[str, str],
                        cold: frozenset[str]) -> float:
    """In the worker process: the shards beside the served ones, then swapped in (a browser never
    reads a half-written index). Returns the seconds taken."""
    from .searchindex import DIR, write_site_index

    started = time.perf_counter()
    served = search_dir / DIR
    written, old = served.with_name(f"{served.name}.moi"), served.with_name(f"{served.name}.cu")
    write_site_index(search_dir, entries, keywords, cold, out=written)
    shutil.rmtree(old, ignore_errors=True)  # left by a write cut short
    served.rename(old)
    written.rename(served)
    shutil.rmtree(old)
    return time.perf_counter() - started


def _report_search(job: concurrent.futures.Future[float]) -> None:
    if job.cancelled():
        return
    if (error := job.exception()) is not None:
        print(f"Không ghi lại được chỉ mục tìm kiếm: {error}", file=sys.stderr, flush=True)
    else:
        print(f"Đã ghi lại chỉ mục tìm kiếm trong {number(job.result(), 1)} giây.", flush=True)


def _prime_cache(data_dir: Path, result: Any) -> None:
    """Hand a fresh load to loader.load_cached, so the hooks' on_config does not load again."""
    from . import loader

    root = Path(data_dir)
    stamp = tuple((p.relative_to(root).as_posix(), st.st_mtime_ns, st.st_size, st.st_mode)
                  for p, st in loader._walk(root))
    loader._cache[str(root.resolve())] = (stamp, result)


def banner(error: str | None) -> bytes:
    """What every served page shows on top: the preview notice, and the data error if there is one."""
    parts = [f'<div class="cn-preview" role="status" style="padding:.6em 1em;background:#fff8e1;'
             f'border-bottom:1px solid #e0c060;font:14px/1.4 sans-serif">{NOTICE}</div>']
    if error:
        parts.append('<div class="cn-preview-error" role="alert" style="padding:.8em 1em;background:#fdecea;'
                     'border-bottom:2px solid #b00020;font:14px/1.4 sans-serif;color:#5f0010">'
                     '<strong>Dữ liệu có lỗi; trang dưới đây là bản trước khi sửa.</strong>'
                     f'<pre style="white-space:pre-wrap;margin:.5em 0 0">{html.escape(error)}</pre></div>')
    return "".join(parts).encode()


def serve(config_file: Path, data_dir: Path, host: str, port: int, allow_warnings: bool = False) -> int:
    """Build once, serve on host:port, update on every save until Ctrl+C. 1 when it cannot start."""
    import errno

    import watchdog.observers
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import LiveReloadServer

    from .diagnostics import DataError

    os.environ[PREVIEW_ENV] = "1"
    site_dir = Path(tempfile.mkdtemp(prefix="camnang-preview-"))
    preview = Preview(config_file, data_dir, site_dir)

    class Server(LiveReloadServer):
        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            page: bytes = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]  # MkDocs' own, unannotated
            at = page.find(b">", page.find(b"<body")) + 1
            return page[:at] + banner(preview.error) + page[at:] if at > 0 else banner(preview.error) + page

        def show_now(self) -> None:
            """Serve what is written so far and reload the browsers, while the update goes on."""
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch
                self._epoch_cond.notify_all()

        def next_epoch(self) -> None:
            """A new version for the loop to publish when the update returns (one more reload)."""
            self._wanted_epoch = max(self._wanted_epoch + 1, int(time.monotonic() * 1000))

    def builder() -> None:
        print(_guarded(preview).summary(), flush=True)
        server.next_epoch()  # browsers shown the head start reload once more

    server = Server(builder=builder, host=host, port=port, root=str(site_dir))
    preview.show = server.show_now
    # inotify where there is one: no polling delay (MkDocs declares its PollingObserver)
    server.observer = watchdog.observers.Observer()  # type: ignore[assignment]
    server.build_delay = 0.05  # a save is one event or a few within milliseconds
    try:
        started = time.perf_counter()
        loaded = _first_load(preview, allow_warnings)
        if loaded is None:
            return 1
        preview.build_all(loaded)
        print(f"Đã dựng bản xem trước trong {number(time.perf_counter() - started, 1)} giây (không dựng PDF).", flush=True)
        # Folders only: watching mkdocs.yml would watch the whole repository (watchdog watches its folder).
        for path in (data_dir, config_file.parent / "docs"):
            server.watch(str(path))
        print(f"Cẩm nang đang chạy tại {server.url} (Ctrl+C để dừng); mỗi lần lưu tệp trong "
              f"{data_dir} chỉ các trang đổi được dựng lại.", flush=True)
        server.serve()  # type: ignore[no-untyped-call]  # MkDocs' own, unannotated
    except DataError as error:
        print(error.report(), file=sys.stderr)
        print("Sửa các lỗi trên rồi chạy lại `make serve`.", file=sys.stderr)
        return 1
    except MkDocsException as error:
        print(f"mkdocs: lỗi: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print(f"camnang serve: lỗi: cổng {port} trên {host} đang được chương trình khác dùng",
              file=sys.stderr)
        print("    gợi ý: dừng chương trình đó, hoặc chọn cổng khác: camnang serve --dia-chi 127.0.0.1:8001",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.close()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def port_problem(host: str, port: int) -> str | None:
    """Why host:port cannot be served (checked before the long first build), or None."""
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return (f"không mở được {host}:{port} ({error.strerror or error}); cổng có thể đang được chương trình "
                "khác dùng — chọn cổng khác, ví dụ --dia-chi 127.0.0.1:8001")
    return None


def _first_load(preview: Preview, allow_warnings: bool) -> LoadResult | None:
    """Load before the first build, as `camnang build` would: errors raise, warnings refuse unless allowed."""
    from .loader import load_handbook

    result = load_handbook(preview.data_dir, preview.memo)
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    if result.warnings and not allow_warnings:
        print(f"Dữ liệu có {len(result.warnings)} cảnh báo; sửa chúng hoặc chạy với --cho-phep-canh-bao.",
              file=sys.stderr)
        return None
    return result


def _guarded(preview: Preview) -> Update:
    """One update; MkDocs' own failure is shown."""
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    try:
        return preview.update()
    except MkDocsException as error:
        preview.error = f"mkdocs: lỗi: {error}"
        print(preview.error, file=sys.stderr)
        return Update(error=preview.error, seconds=time.perf_counter() - started)

