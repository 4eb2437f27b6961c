-- wrk: POST the guide's search/cities request (with the mock at --pending 0: the ok answer).
wrk.method = "POST"
wrk.body = '{"zipCode":"91400"}'
wrk.headers["Content-Type"] = "application/json"
