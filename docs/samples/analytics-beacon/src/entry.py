"""Sample Python Worker: records page-view beacons as Analytics Engine data points.

Routes:
    POST /beacon    {"site", "event", "path", "duration_ms"?}, as sent by navigator.sendBeacon;
                    answers 204 once the data point is written

Each data point has (the column names ``report.py`` queries):
    index1   the site (sampling key: one site's points are sampled together)
    blob1    the event, e.g. "pageview"
    blob2    the path
    blob3    the visitor's country, from request.cf (empty when unknown)
    double1  1 (a count, so SUM(_sample_interval * double1) counts events)
    double2  the duration in milliseconds (0 when not given)
"""

import json
from urllib.parse import urlparse

from workers import Response, WorkerEntrypoint

from cloudflarefs.analytics_engine.runtime import AnalyticsEngineDataset
from cloudflarefs.core import InvalidInputError
from cloudflarefs.workers.runtime import Env

EVENTS = frozenset({"pageview", "click", "signup"})
MAX_PATH = 1024


class BeaconEnv(Env):
    BEACONS: AnalyticsEngineDataset


class BadBeacon(Exception):
    pass


def parse_beacon(text):
    """The beacon's fields, checked; ``BadBeacon`` says what is wrong."""
    try:
        data = json.loads(text)
    except ValueError:
        raise BadBeacon("the body must be JSON") from None
    if not isinstance(data, dict):
        raise BadBeacon("the body must be a JSON object")
    site, event, path = data.get("site"), data.get("event"), data.get("path")
    if not isinstance(site, str) or not site:
        raise BadBeacon("site must be a non-empty string")
    if event not in EVENTS:
        raise BadBeacon(f"event must be one of {', '.join(sorted(EVENTS))}")
    if not isinstance(path, str) or not path.startswith("/") or len(path) > MAX_PATH:
        raise BadBeacon(f"path must start with / and be at most {MAX_PATH} characters")
    duration = data.get("duration_ms", 0)
    if isinstance(duration, bool) or not isinstance(duration, int | float) or duration < 0:
        raise BadBeacon("duration_ms must be a non-negative number")
    return site, event, path, float(duration)


def country_of(request):
    cf = request.js_object.cf
    country = getattr(cf, "country", None) if cf is not None else None
    return country if isinstance(country, str) else ""


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        if urlparse(request.url).path != "/beacon":
            return answer(404, "not found")
        if request.method != "POST":
            return answer(405, "POST a beacon")
        try:
            site, event, path, duration = parse_beacon(await request.text())
            BeaconEnv.from_js(self.env).BEACONS.write_data_point(
                indexes=[site],
                blobs=[event, path, country_of(request)],
                doubles=[1, duration],
            )
        except (BadBeacon, InvalidInputError) as error:  # e.g. a site id over 96 bytes
            return answer(400, str(error))
        return Response(None, status=204)


def answer(status, message):
    return Response(
        json.dumps({"error": message}) + "\n",
        status=status,
        headers={"content-type": "application/json"},
    )
