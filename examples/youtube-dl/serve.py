#!/usr/bin/env python3
"""The example's download server: the seed chapter's Dockerfile fetches youtube-dl with curl.

No site outside this machine may be reached, so the program is Debian's own `yt-dlp` package
turned into a single executable zipapp, and this server hands it out on 127.0.0.1 only.

    python3 examples/youtube-dl/serve.py            # build the program if needed, then serve
    python3 examples/youtube-dl/serve.py --check    # exit 0 when the server already answers
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipapp
from pathlib import Path

HOST = "127.0.0.1"
PORT = 8765
PROGRAM = "youtube-dl"
CACHE = Path.home() / ".cache" / "layerwise" / "youtube-dl"


def build_program(cache: Path = CACHE) -> Path:
    """Debian's yt-dlp package as one executable file (made once, then reused)."""
    target = cache / PROGRAM
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(["apt-get", "download", "yt-dlp"], cwd=work, check=True, capture_output=True)
        deb = next(work.glob("yt-dlp_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "x")], check=True)
        app = work / "app"
        shutil.copytree(work / "x/usr/lib/python3/dist-packages/yt_dlp", app / "yt_dlp")
        (app / "__main__.py").write_text("import yt_dlp\n\nyt_dlp.main()\n")
        zipapp.create_archive(app, target.with_suffix(".tmp"), interpreter="/usr/bin/env python3", compressed=True)
        target.with_suffix(".tmp").replace(target)
    return target


def answering(port: int = PORT) -> bool:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/{PROGRAM}", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def serve(port: int = PORT) -> None:
    folder = build_program().parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer((HOST, port), handler) as server:
        print(f"serving {folder / PROGRAM} at http://{HOST}:{port}/{PROGRAM}", flush=True)
        server.serve_forever()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--check", action="store_true", help="exit 0 if the server answers, 1 if not")
    parser.add_argument("--build-only", action="store_true", help="make the program and print its path")
    args = parser.parse_args()
    if args.check:
        return 0 if answering(args.port) else 1
    if args.build_only:
        print(build_program())
        return 0
    serve(args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
