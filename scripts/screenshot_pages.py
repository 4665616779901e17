"""Screenshots of every page in headless Chromium, for looking at what users see.

    python scripts/screenshot_pages.py --base-url http://127.0.0.1:8050 --out artifacts/screenshots
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"overview": "/", "borough": "/borough/camden", "trends": "/trends",
         "compare": "/compare", "stands-out": "/stands-out", "about": "/about"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8050")
    parser.add_argument("--out", default="artifacts/screenshots")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    parser.add_argument("--query", default="", help="query string added to every page, e.g. '?strand=race'")
    parser.add_argument("--page", action="append", help="only these pages (names or paths)")
    parser.add_argument("--greyscale", action="store_true",
                        help="drop colour, to check every series still reads as on a greyscale printout")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = {name: path for name, path in PAGES.items() if not args.page or name in args.page}
    for extra in args.page or []:
        if extra.startswith("/"):
            pages[extra.strip("/").replace("/", "_") or "root"] = extra
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        for name, path in pages.items():
            page.goto(args.base_url + path + args.query, wait_until="networkidle")
            # Dash marks components whose callbacks are still running.
            page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')",
                                   timeout=30_000)
            if args.greyscale:
                page.add_style_tag(content="html { filter: grayscale(1); }")
            page.wait_for_timeout(500)
            target = out / f"{name}_{args.width}x{args.height}{'_grey' if args.greyscale else ''}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()
    for error in errors:
        print("console error:", error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
