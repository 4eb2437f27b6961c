"""Walks the mock's world with the official OVH Python client, as a frontend's backend would:
zip code -> cities -> streets -> street numbers -> buildings -> fiber test, and a copper line
test, each task polled by re-sending the identical call; then the test by its reference.

Reads {"endpoint": "http://127.0.0.1:PORT/1.0", "zipCodes": [...], "lineNumbers": [...]} on
stdin and writes one JSON line per flow on stdout.
"""

import json
import sys

import ovh
import ovh.client

request = json.load(sys.stdin)
ovh.client.ENDPOINTS["ovh-connectivity-mock"] = request["endpoint"]
# Public routes need no credentials; python-ovh still wants an application key to send.
client = ovh.Client(endpoint="ovh-connectivity-mock", application_key="world", application_secret="world")


def task(path, **body):
    for polls in range(1, 21):
        answer = client.post(path, _need_auth=False, **body)
        if answer["status"] != "pending":
            return answer, polls
    raise RuntimeError(f"{path} still pending after 20 polls")


for zip_code in request["zipCodes"]:
    flow = {"zipCode": zip_code}
    cities, _ = task("/connectivity/eligibility/search/cities", zipCode=zip_code)
    city = cities["result"][0]
    streets, _ = task("/connectivity/eligibility/search/streets", inseeCode=city["inseeCode"])
    street = streets["result"][0]
    numbers, _ = task("/connectivity/eligibility/search/streetNumbers", streetCode=street["streetCode"])
    number = numbers["result"][0]
    buildings, _ = task("/connectivity/eligibility/search/buildings", streetCode=street["streetCode"], streetNumber=number)
    building = buildings["result"][0]
    test, polls = task("/connectivity/eligibility/test/building", building=building["reference"])
    again = client.get("/connectivity/eligibility/test", _need_auth=False,
                       eligibilityReference=test["result"]["eligibilityReference"])
    flow.update(city=city, street=street, number=number, building=building, test=test, polls=polls, again=again)
    print(json.dumps(flow), flush=True)

for line_number in request["lineNumbers"]:
    test, polls = task("/connectivity/eligibility/test/line", lineNumber=line_number, status="active")
    print(json.dumps({"lineNumber": line_number, "test": test, "polls": polls}), flush=True)
