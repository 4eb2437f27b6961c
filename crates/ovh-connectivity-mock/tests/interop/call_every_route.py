"""Calls every fixture's route on the mock through the official OVH Python client.

Reads a JSON request on stdin:
  {"endpoint": "http://127.0.0.1:PORT/1.0", "applicationKey": ..., "applicationSecret": ...,
   "consumerKey": ..., "calls": [{"id", "method", "path", "query", "body", "auth", "async"}]}
or, for a service account (OAuth2), "clientId", "clientSecret" and "tokenUrl" instead of the
three keys.
and writes one JSON line per call on stdout:
  {"id": ..., "polls": N, "answer": <decoded JSON>}  or  {"id": ..., "error": <exception class>,
  "message": ..., "status": <HTTP status>}

Polling is what a caller of python-ovh has to write: re-send the identical call while the
task is pending.
"""

import json
import os
import sys

import ovh
import ovh.client

request = json.load(sys.stdin)
# python-ovh only takes endpoint names: register the mock as one, as a user would.
ovh.client.ENDPOINTS["ovh-connectivity-mock"] = request["endpoint"]
if "clientId" in request:
    # A service account: python-ovh fetches its token from the endpoint's token URL, which
    # oauthlib refuses over plain HTTP unless told that this is a local test.
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    ovh.client.OAUTH2_TOKEN_URLS["ovh-connectivity-mock"] = request["tokenUrl"]
    client = ovh.Client(
        endpoint="ovh-connectivity-mock",
        client_id=request["clientId"],
        client_secret=request["clientSecret"],
    )
else:
    client = ovh.Client(
        endpoint="ovh-connectivity-mock",
        application_key=request["applicationKey"],
        application_secret=request["applicationSecret"],
        consumer_key=request["consumerKey"],
    )

for call in request["calls"]:
    method, path, auth = call["method"], call["path"], call["auth"]
    polls = 0
    try:
        while True:
            polls += 1
            if method == "GET":
                answer = client.get(path, _need_auth=auth, **call["query"])
            elif method == "POST":
                answer = client.post(path, _need_auth=auth, **call["body"])
            elif method == "PUT":
                answer = client.put(path, _need_auth=auth, **call["body"])
            else:
                answer = client.delete(path, _need_auth=auth)
            if not (call["async"] and isinstance(answer, dict) and answer.get("status") == "pending") or polls >= 20:
                break
        print(json.dumps({"id": call["id"], "polls": polls, "answer": answer}), flush=True)
    except ovh.exceptions.APIError as error:
        status = error.response.status_code if getattr(error, "response", None) is not None else None
        print(json.dumps({"id": call["id"], "error": type(error).__name__, "message": str(error), "status": status}), flush=True)
