"""A local nginx in front of several gunicorn instances, for the scale-out load bench (loopback only).

The app is stateless (state lives in the URL and the browser's session
store) and the database a read-only file, so instances need no coordination:
any load balancer can spread requests over them. Unlike ``deploy/nginx.conf``
this configuration has no per-client limits (every simulated user shares
127.0.0.1) and keeps its files in a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import Skip, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _config(folder: Path, port: int, upstreams: list[int]) -> str:
    servers = "".join(f"        server 127.0.0.1:{p};\n" for p in upstreams)
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n"
        f"    access_log off;\n    client_body_temp_path {folder}/body;\n    proxy_temp_path {folder}/proxy;\n"
        f"    fastcgi_temp_path {folder}/f;\n    uwsgi_temp_path {folder}/u;\n    scgi_temp_path {folder}/s;\n"
        f"    upstream atlas {{\n        least_conn;\n{servers}        keepalive 64;\n"
        # below gunicorn's keepalive (5 s): nginx must drop an idle upstream connection before gunicorn
        # does, or a POST sent on a connection gunicorn just closed is answered 502 (not retried)
        "        keepalive_timeout 4s;\n    }\n"
        f"    server {{\n        listen 127.0.0.1:{port};\n        client_max_body_size 8m;\n"
        "        location / {\n            proxy_pass http://atlas;\n            proxy_http_version 1.1;\n"
        '            proxy_set_header Connection "";\n            proxy_set_header Host $host;\n'
        "        }\n    }\n}\n"
    )


@contextlib.contextmanager
def nginx(upstreams: list[int]) -> Iterator[int]:
    """Run nginx on 127.0.0.1:<free port> proxying to ``upstreams``; yields the port, stops it on exit."""
    if not Path(NGINX).exists():
        raise Skip("nginx not found (apt-get install nginx)")
    with tempfile.TemporaryDirectory(prefix="atlas-nginx-") as tmp:
        folder, port = Path(tmp), free_port()
        (folder / "nginx.conf").write_text(_config(folder, port, upstreams))
        proc = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            time.sleep(0.5)
            if proc.poll() is not None:
                raise Skip(f"nginx exited: {(proc.stderr.read() if proc.stderr else b'').decode()[:200]}")
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=10)
