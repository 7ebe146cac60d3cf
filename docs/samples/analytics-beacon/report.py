"""Report on the analytics-beacon sample's data over the Analytics Engine SQL API.

Usage:
    CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ACCOUNT_ID=... python report.py [--days N] [--site SITE]

Prints page views and mean duration per path, and events per country, for the last N days
(default 7). Counts weight each row by ``_sample_interval``, as Analytics Engine's sampling
requires. Needs ``cloudflarefs-analytics-engine-management`` and a token with
"Account Analytics: Read". ``--base-url`` points it at another API root (tests use a local one).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence

from cloudflarefs.analytics_engine.management import AnalyticsEngineClient
from cloudflarefs.core import CloudflareError

DATASET = "beacons"
SITE = re.compile(r"^[\w.-]{1,96}$")  # inlined into SQL, so only these characters


def top_paths_sql(days: int, site: str | None) -> str:
    return (
        "SELECT blob2 AS path, SUM(_sample_interval) AS views, "
        "SUM(_sample_interval * double2) / SUM(_sample_interval) AS mean_ms "
        f"FROM {DATASET} WHERE blob1 = 'pageview' AND {_window(days, site)} "
        "GROUP BY path ORDER BY views DESC LIMIT 10"
    )


def countries_sql(days: int, site: str | None) -> str:
    return (
        "SELECT blob3 AS country, SUM(_sample_interval * double1) AS events "
        f"FROM {DATASET} WHERE {_window(days, site)} "
        "GROUP BY country ORDER BY events DESC LIMIT 10"
    )


def _window(days: int, site: str | None) -> str:
    where = f"timestamp > NOW() - INTERVAL '{days}' DAY"
    return f"{where} AND index1 = '{site}'" if site else where


def report(client: AnalyticsEngineClient, days: int, site: str | None) -> str:
    """The report's text."""
    lines = [f"Page views, last {days} days" + (f", site {site}" if site else "")]
    paths = client.sql.query(top_paths_sql(days, site))
    for row in paths.data:
        lines.append(f"  {row['path']:<24} {int(row['views']):>8}  {float(row['mean_ms']):8.1f} ms")
    lines.append("Events by country")
    for row in client.sql.query(countries_sql(days, site)).data:
        lines.append(f"  {row['country'] or '??':<4} {int(row['events']):>8}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report on the analytics-beacon sample's data.")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--site")
    parser.add_argument("--base-url", help="API root (default: Cloudflare's)")
    args = parser.parse_args(argv)
    if not 1 <= args.days <= 90:  # Analytics Engine keeps three months
        parser.error("--days must be between 1 and 90")
    if args.site is not None and not SITE.match(args.site):
        parser.error("--site may only hold letters, digits, '_', '.' and '-' (at most 96)")
    missing = [
        n for n in ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID") if not os.environ.get(n)
    ]
    if missing:
        parser.error(f"set {' and '.join(missing)}")
    options = {"base_url": args.base_url} if args.base_url else {}
    try:
        with AnalyticsEngineClient(
            api_token=os.environ["CLOUDFLARE_API_TOKEN"],
            account_id=os.environ["CLOUDFLARE_ACCOUNT_ID"],
            **options,
        ) as client:
            print(report(client, args.days, args.site))
    except CloudflareError as error:  # its message never includes the token
        print(f"report failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
