"""A static feed server for the benchmarks: the files of one folder, with ETag and Last-Modified.

    python bench/feed_server.py FOLDER PORT_FILE

Runs in a process of its own (so it does not share the client's interpreter),
binds to 127.0.0.1 on a free port, writes the port to PORT_FILE and serves
until killed. Files are read on each request, so a benchmark can change a
feed between runs; a conditional request for an unchanged file gets a 304.
"""

from __future__ import annotations

import hashlib
import sys
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class FeedFiles(BaseHTTPRequestHandler):
    folder = Path(".")
    protocol_version = "HTTP/1.1"
    # The head and the body go out in two writes; with Nagle's algorithm the body then waits for the
    # client's delayed ACK of the head, 40 ms a response. Web servers send without that wait.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        path = self.folder / self.path.lstrip("/").split("?")[0]
        if not path.is_file() or path.resolve().parent != self.folder.resolve():
            self._send(404, b"not found\n", "text/plain")
            return
        stat = path.stat()
        etag = '"' + hashlib.sha1(f"{stat.st_mtime_ns}-{stat.st_size}".encode()).hexdigest()[:16] + '"'
        modified = formatdate(stat.st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag or (self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == modified):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(200, path.read_bytes(), "application/atom+xml", {"ETag": etag, "Last-Modified": modified})

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    FeedFiles.folder = Path(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedFiles)
    server.daemon_threads = True
    Path(sys.argv[2]).write_text(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
