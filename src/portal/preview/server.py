"""The preview's web server and its watcher (`make serve`, `python -m portal preview`).

The server never builds: a worker process (portal.preview.worker) builds the site into a folder
of its own and keeps it current as practices are saved, writing each page atomically; the
server, on threads of its own, answers every request from the last complete folder at once,
whatever the worker is doing. When anything but a practice changes (package code, templates,
interface text, vocabularies, the schema, mkdocs.yml, docs/, overrides/), or a practice file
is added or removed, a new worker builds everything into a new folder while the old one is
still served, and the server switches to it when it is complete.

The problems banner is the worker's file of each language, put by the server in place of the
marker overrides/main.html writes in preview pages: a save that breaks or fixes a file changes
it on every page without re-rendering them.
"""

from __future__ import annotations

import html
import http.server
import json
import mimetypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import portal
from portal.i18n import message
from portal.pages.generated import OWNED
from portal.preview.worker import BANNERS

WATCH_EVERY = 0.3  # seconds between looks at the inputs that need a whole new build
BANNER = re.compile(rb"<!-- portal-preview:banner ([a-z]{2,3}) -->")


def _stamp(root: Path) -> tuple:
    """(path, size, mtime) of every input but the practice files: any change rebuilds all."""
    package = Path(portal.__file__).parent
    paths = [root / "mkdocs.yml", root / "redirects.yaml", root / "permalinks.txt",
             root / "scripts" / "hooks.py", root / "practices" / "schema.json"]
    for folder, skip in ((root / "practices" / "vocabularies", ()), (root / "overrides", ()),
                         (package, ("__pycache__",)), (root / "docs", OWNED)):
        for dirpath, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")
                       and not (Path(dirpath) == folder and folder.name == "docs" and d in OWNED)]
            paths += [Path(dirpath, n) for n in names if not n.startswith(".")]
    out = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def _practices_stamp(root: Path) -> tuple:
    out = []
    for path in sorted((root / "practices").glob("*.y*ml")):
        try:
            st = os.stat(path)
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


class Worker:
    """One worker process and the folder it builds into."""

    def __init__(self, preview: Preview, reason: str):
        self.folder = Path(tempfile.mkdtemp(prefix="site-", dir=preview.base))
        self.reason = reason
        self.process = subprocess.Popen(
            [sys.executable, "-m", "portal.preview.worker", "--root", str(preview.root),
             "--site", str(self.folder), "--parent", str(os.getpid())],
            stdout=subprocess.PIPE, text=True, cwd=Path.cwd())
        threading.Thread(target=preview.listen, args=(self,), daemon=True).start()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class Preview:
    def __init__(self, root: Path):
        self.root = root
        self.base = Path(tempfile.mkdtemp(prefix="portal-preview-"))
        self.lock = threading.Lock()
        self.served: Worker | None = None  # the worker whose complete folder is served
        self.building: Worker | None = None  # a new worker, until its first build is complete
        self.failure: str | None = None  # why the last build failed, while none is complete

    @property
    def folder(self) -> Path | None:
        served = self.served
        return served.folder if served else None

    def rebuild(self, reason: str) -> None:
        """A new worker builds everything; the current folder is served until it is done."""
        with self.lock:
            if self.building is not None:
                self.building.stop()
            self.building = Worker(self, reason)

    def listen(self, worker: Worker) -> None:
        """The worker's events, one JSON object a line, until it ends."""
        for line in worker.process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if "ready" in event:
                with self.lock:
                    if self.building is not worker:
                        continue
                    old, self.served, self.building = self.served, worker, None
                    self.failure = None
                if old is not None:
                    old.stop()
                print(message("preview.ready", seconds=event["ready"]), file=sys.stderr, flush=True)
            elif "updated" in event:
                print(message("preview.updated", file=event["updated"], pages=event["pages"],
                              seconds=event["seconds"]), file=sys.stderr, flush=True)
            elif "restart" in event:
                print(message("preview.rebuild", file=f"practices/{event['restart']}"),
                      file=sys.stderr, flush=True)
                self.rebuild(event["restart"])
            elif "failed" in event:
                print(f"{event['failed']}\n{message('preview.failed')}", file=sys.stderr, flush=True)
                with self.lock:
                    if self.building is worker:
                        self.building = None
                        self.failure = event["failed"]
                        worker.stop()

    def _orphaned(self) -> bool:
        """No worker watches practices/: the last build failed (a docs/ page's marker...)."""
        served = self.served
        return self.building is None and (served is None or served.process.poll() is not None)

    def watch(self) -> None:
        stamp, practices = _stamp(self.root), None
        while True:
            time.sleep(WATCH_EVERY)
            now = _stamp(self.root)
            if self._orphaned():  # then a save of a practice must start a build too
                current = _practices_stamp(self.root)
                if practices is not None and current != practices:
                    now = (*now, *current)
                practices = current
            else:
                practices = None
            if now != stamp:
                changed = sorted(set(now) ^ set(stamp))[0][0]
                stamp = _stamp(self.root)
                shown = os.path.relpath(changed, self.root)
                print(message("preview.rebuild", file=shown), file=sys.stderr, flush=True)
                self.rebuild(shown)

    def banner(self, folder: Path, match: re.Match) -> bytes:
        try:
            return (folder / BANNERS / f"banner.{match[1].decode()}.html").read_bytes()
        except OSError:
            return b""

    def stop(self) -> None:
        for worker in (self.building, self.served):
            if worker is not None:
                worker.stop()
        shutil.rmtree(self.base, ignore_errors=True)


class Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview  # set on the subclass made by serve()

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        folder = self.preview.folder
        if folder is None:  # the first build is not complete yet, or it failed
            failure = self.preview.failure
            text = html.escape(f"{failure}\n{message('preview.failed')}" if failure
                               else message("preview.building"))
            page = (f'<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" '
                    f'content="1"><title>{text}</title></head><body><pre>{text}</pre></body></html>')
            return self._send(503, page.encode("utf-8"), "text/html; charset=utf-8", body,
                              {"Retry-After": "1"})
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") for p in parts):
            return self._not_found(folder, parts, body)
        target = folder.joinpath(*parts)
        if target.is_dir():
            if not path.endswith("/"):
                return self._send(301, b"", "text/plain", body, {"Location": path + "/"})
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(folder, parts, body)
        self._file(folder, target, 200, body)

    def _not_found(self, folder: Path, parts: list[str], body: bool) -> None:
        # The nearest 404.html up the path, as the hosts serve it: /en/x gets en/404.html.
        for n in range(len(parts) - 1, -1, -1):
            page = folder.joinpath(*parts[:n], "404.html")
            if page.is_file():
                return self._file(folder, page, 404, body)
        self._send(404, b"", "text/plain", body)

    def _file(self, folder: Path, target: Path, code: int, body: bool) -> None:
        try:
            data = target.read_bytes()
        except OSError:
            return self._send(404, b"", "text/plain", body)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = BANNER.sub(lambda m: self.preview.banner(folder, m), data)
            kind += "; charset=utf-8"
        self._send(code, data, kind, body)

    def _send(self, code: int, data: bytes, kind: str, body: bool, headers: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a reload always shows the last save
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)


def serve(root: Path, host: str, port: int) -> int:
    preview = Preview(root)
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    # Stopped by Ctrl+C or SIGTERM alike: the workers and their folders go with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(message("preview.serving", url=f"http://{host}:{server.server_address[1]}/"),
          file=sys.stderr, flush=True)
    preview.rebuild("")
    threading.Thread(target=preview.watch, daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        preview.stop()
    return 0
