"""A local static server for tests and benchmarks: files gzip-compressed when the browser asks,
as a production web server sends them (sizes and timings then mean what they mean on the web)."""

from __future__ import annotations

import functools
import gzip
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class GzipHandler(SimpleHTTPRequestHandler):
    cache_seconds = 3600

    def log_message(self, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        data = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", f"max-age={self.cache_seconds}")
        self.end_headers()
        return io.BytesIO(data)


def serve_static(site: Path) -> ThreadingHTTPServer:
    """`site` served on 127.0.0.1 at a free port, in a daemon thread; `.shutdown()` stops it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
