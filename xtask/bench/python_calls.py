"""Completed calls per second of the official OVH Python client against a server.

python_calls.py BASE_URL SECONDS: calls POST /connectivity/eligibility/search/cities
{"zipCode":"91400"} in a loop (unauthenticated, as python-ovh sends noAuthentication routes)
and prints `calls=N seconds=S`.
"""

import sys
import time

import ovh
import ovh.client

base_url, seconds = sys.argv[1], float(sys.argv[2])
ovh.client.ENDPOINTS["bench"] = base_url
client = ovh.Client(endpoint="bench", application_key="bench", application_secret="bench", consumer_key="bench")
started = time.monotonic()
calls = 0
while time.monotonic() - started < seconds:
    answer = client.post("/connectivity/eligibility/search/cities", _need_auth=False, zipCode="91400")
    assert answer["status"] == "ok" and len(answer["result"]) == 3, answer
    calls += 1
print(f"calls={calls} seconds={time.monotonic() - started:.3f}")
