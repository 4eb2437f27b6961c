-- wrk: POST test/line for lines no fixture covers: the world computes each answer (the line's
-- address, sections, attenuation, offers, and its HMAC-signed reference). 64 numbers in turn.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local count = 0
request = function()
  count = count + 1
  local number = string.format("0145%06d", (count % 64) * 7919)
  return wrk.format(nil, nil, nil, '{"lineNumber":"' .. number .. '","status":"active"}')
end
