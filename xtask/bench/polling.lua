-- wrk: many distinct search/cities requests, each sent twice in a row: the first answer is
-- `pending`, the second `ok` (the mock's default for requests no fixture covers).
local counter = 0
request = function()
  counter = counter + 1
  local zip = string.format("%05d", math.floor(counter / 2) % 100000)
  return wrk.format("POST", "/1.0/connectivity/eligibility/search/cities",
    { ["Content-Type"] = "application/json" }, '{"zipCode":"' .. zip .. '"}')
end
