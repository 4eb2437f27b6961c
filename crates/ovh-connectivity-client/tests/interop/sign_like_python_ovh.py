"""Signs requests with the official OVH Python client (python-ovh), without sending them.

Reads on stdin a JSON list of cases:
  {"applicationKey", "applicationSecret", "consumerKey", "endpoint", "method", "path",
   "query": {...}, "body": {...} or null, "timestamp": int}
and prints one JSON line per case with what python-ovh would have sent:
  {"url", "body", "timestamp", "signature"}
The request goes through python-ovh's own code (Client.get/post/put/delete -> raw_call);
only the HTTP session is replaced, and the clock is pinned to the case's timestamp.
"""

import json
import sys
import time

import ovh
import ovh.client


class Captured(Exception):
    pass


class CapturingSession:
    def request(self, method, url, headers=None, data=None, timeout=None):
        raise Captured({"url": url, "body": data, "headers": headers})


for case in json.load(sys.stdin):
    ovh.client.ENDPOINTS["interop"] = case["endpoint"]
    client = ovh.Client(
        endpoint="interop",
        application_key=case["applicationKey"],
        application_secret=case["applicationSecret"],
        consumer_key=case["consumerKey"],
    )
    client._session = CapturingSession()
    client._time_delta = 0
    time.time = lambda: float(case["timestamp"])
    method = case["method"]
    try:
        if method == "GET":
            client.get(case["path"], **case["query"])
        elif method == "DELETE":
            client.delete(case["path"], **case["query"])
        elif method == "POST":
            client.post(case["path"], **(case["body"] or {}))
        else:
            client.put(case["path"], **(case["body"] or {}))
    except ovh.exceptions.HTTPError as wrapped:
        captured = wrapped.args[1] if len(wrapped.args) > 1 else None
        raise SystemExit(f"unexpected HTTP error: {wrapped!r} {captured!r}")
    except Captured as captured:
        sent = captured.args[0]
        print(json.dumps({
            "url": sent["url"],
            "body": sent["body"],
            "timestamp": sent["headers"]["X-Ovh-Timestamp"],
            "signature": sent["headers"]["X-Ovh-Signature"],
        }), flush=True)
