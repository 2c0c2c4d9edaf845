"""Drive a real `camnang serve` process: start it on a free port, save a data file, wait for the text.

Used by tests/test_serve_incremental.py and scripts/bench.py (the preview delay at 300 plans).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What the server adds to a page while serving it (the files it writes are the build's pages).
_BANNER = re.compile(r'<div class="cn-preview"[^>]*>.*?</div>(?:<div class="cn-preview-error".*?</pre></div>)?', re.S)
_LIVERELOAD = re.compile(r"<script>\s*var livereload = function.*?</script>(?=</body>)", re.S)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def without_preview_additions(page: str) -> str:
    """A served page as written to disk: without the preview banner and the live-reload script."""
    return _LIVERELOAD.sub("", _BANNER.sub("", page, count=1), count=1)


def wait_until(condition: Callable[[], bool], timeout: float = 120) -> bool:
    """Whether `condition()` holds within `timeout` seconds, polling every 50 ms."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class Served:
    """`camnang serve --data DATA` in its own process; output goes to files (a pipe could fill up)."""

    def __init__(self, data: Path, log_dir: Path, start_timeout: float = 1800):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.out, self.err = log_dir / "serve.out", log_dir / "serve.err"
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "camnang", "serve", "--data", str(data), "--dia-chi", f"127.0.0.1:{self.port}"],
                cwd=ROOT, stdout=out, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + start_timeout
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"camnang serve không chạy được:\n{self.stderr()[-3000:]}")
            time.sleep(0.2)

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "index.html", timeout=5) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return str(response.read().decode("utf-8"))

    def text_of(self, path: str) -> str:
        """The page at `path`, or "" while the site has no such page (404)."""
        try:
            return self.get(path)
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise
            return ""

    def wait_for(self, path: str, text: str, timeout: float = 300, present: bool = True) -> float:
        """Seconds until `text` is (or is no longer) on the page at `path`; a page the site does
        not have (yet, or any more) holds no text."""
        started = time.monotonic()
        if not wait_until(lambda: (text in self.text_of(path)) == present, timeout):
            raise TimeoutError(f"{path}: sau {timeout:.0f} giây vẫn {'chưa có' if present else 'còn'} “{text}”\n"
                               + self.stderr()[-2000:])
        return time.monotonic() - started

    def wait_for_output(self, text: str, count: int = 1, timeout: float = 300) -> float:
        """Seconds until the server has printed `text` `count` times in all."""
        started = time.monotonic()
        if not wait_until(lambda: self.stdout().count(text) >= count, timeout):
            raise TimeoutError(f"sau {timeout:.0f} giây máy chủ vẫn chưa ghi “{text}” lần thứ {count}\n"
                               + self.stdout()[-2000:] + self.stderr()[-2000:])
        return time.monotonic() - started

    def save_and_wait(self, file: Path, old: str, new: str, path: str, text: str) -> float:
        """Replace `old` by `new` in `file` (one write, as an editor saves) and wait for `text` at `path`."""
        content = file.read_text("utf-8")
        assert content.count(old) >= 1, f"{file}: không có “{old}”"
        file.write_text(content.replace(old, new, 1), "utf-8")
        return self.wait_for(path, text)

    def stdout(self) -> str:
        return self.out.read_text("utf-8", errors="replace")

    def stderr(self) -> str:
        return self.err.read_text("utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl+C: the server removes its temp site
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
