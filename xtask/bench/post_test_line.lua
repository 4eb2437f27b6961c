-- wrk: POST the guide's test/line request (its answer is the ~4 KB eligibility test).
wrk.method = "POST"
wrk.body = '{"lineNumber":"0123456789","status":"active"}'
wrk.headers["Content-Type"] = "application/json"
