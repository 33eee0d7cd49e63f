"""`python -m pipeline docs`: the Great Expectations Data Docs, served over http on 127.0.0.1, because a browser
that shows the Dagster UI over http does not open file:// links. Each check's metadata links to its page here."""

import contextlib
import functools
import http.server
import sys
from pathlib import Path


def serve(host: str, port: int) -> int:
    from pipeline.warehouse import Warehouse

    warehouse = Warehouse.from_settings()
    if not (Path(warehouse.gx_project) / "gx" / "uncommitted" / "validations").is_dir():
        print(f"error: no validations yet beside {warehouse.spec.describe()}: run the pipeline first "
              "(python -m pipeline run)", file=sys.stderr)
        return 2
    print("Rendering the Data Docs of every validation so far…", flush=True)
    from pipeline.quality.gx_suites import build_docs

    site = build_docs(warehouse.gx_project)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"Data Docs of {warehouse.spec.describe()} at http://{host}:{server.server_address[1]}/ "
              "(Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0
