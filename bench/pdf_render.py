"""PDF render time of a ~10-page request vs a bare WeasyPrint render of the same HTML.

    python bench/pdf_render.py [--pages 10] [--runs 5] [--lang en]

The tool's path: the request document → context → Jinja template (documents domain
translations) → WeasyPrint with the static-only URL fetcher and a shared font configuration.
The bare path: WeasyPrint alone on the very HTML the tool produced, with its default fetcher
reading the same stylesheet from disk. Both run in the same process, interleaved; medians are
compared. Goal: ratio <= 1.2. Prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _app import sqlite_bench_app
from _result import result

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()

    from weasyprint import HTML

    from mla_tool.extensions import db
    from mla_tool.forms import documents
    from mla_tool.forms.samples import long_request

    app, folder = sqlite_bench_app("mla-bench-pdf-", {"TESTING": True})
    with app.app_context():
        db.create_all()
        data = long_request(args.pages)
        data["language"] = args.lang
        html = documents.render_html(1, data, args.lang)
        bare_html = html.replace(
            documents.DOCUMENT_ORIGIN + "/static/", documents.STATIC_DIR.as_uri() + "/"
        )
        pdf = documents.render_pdf(1, data, args.lang)  # warm both paths once
        HTML(string=bare_html).write_pdf()
        path = folder / "bench.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages = next(
            (line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?"
        )

        tool, bare = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            documents.render_pdf(1, data, args.lang)
            tool.append(time.perf_counter() - start)
            start = time.perf_counter()
            HTML(string=bare_html).write_pdf()
            bare.append(time.perf_counter() - start)
    tool_median, bare_median = statistics.median(tool), statistics.median(bare)
    print(f"document: {pages} pages, language {args.lang}, {args.runs} runs each")
    print(f"mla_tool render (template + WeasyPrint): median {tool_median * 1000:.0f} ms")
    print(f"bare WeasyPrint on the same HTML:        median {bare_median * 1000:.0f} ms")
    print(f"ratio: {tool_median / bare_median:.2f}x (goal <= 1.2x)")
    result(
        f"PDF render ({pages} pages, {args.lang}) / bare WeasyPrint",
        tool_median / bare_median,
        "<=1.2",
    )


if __name__ == "__main__":
    main()
