// The dashboard of ovh-connectivity-mock. Plain JavaScript, no build step, no dependency.
//
// Every text shown comes from the mock, and request bodies come from anyone who can reach it:
// the page only ever sets `textContent` (through `el`), never HTML.
"use strict";

const ADMIN = "/__admin";
const API = location.origin + "/1.0";
const ELIGIBILITY = "/connectivity/eligibility";
const POLL_MS = 1000;

// The fragment names the panel (`#world`) and may carry the admin token, from the link printed
// at start-up (`#token=...`): both join with `&` in any order (`#world&token=...`). A fragment
// is never sent to the server. The token is kept for this tab only and dropped from the URL.

/** The parts of the fragment: `#world&token=abc` gives ["world", "token=abc"]. */
function fragmentParts() {
  return location.hash.replace(/^#/, "").split("&").filter(Boolean);
}

function keepToken() {
  const parts = fragmentParts();
  const token = parts.find((part) => part.startsWith("token="));
  if (token === undefined) return;
  sessionStorage.setItem("adminToken", decodeURIComponent(token.slice("token=".length)));
  const rest = parts.filter((part) => !part.startsWith("token="));
  history.replaceState(null, "", location.pathname + location.search + (rest.length ? "#" + rest.join("&") : ""));
}

keepToken();

/** An element with attributes and children; strings become text nodes. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "text") node.textContent = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }
  return node;
}

/** Replaces the children of `node`; `null` and `undefined` are left out. */
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined));
}

/**
 * Replaces the rows of a live table, keeping the keyboard focus on the same control of the
 * same row (rows are named by `attribute`, controls by their class): a refresh every second
 * must not throw a keyboard user back to the top of the page.
 */
function replaceRows(body, rows, attribute) {
  labelCells(body.closest("table"), rows);
  const focused = document.activeElement;
  const row = focused && body.contains(focused) ? focused.closest("tr") : null;
  const key = row ? row.getAttribute(attribute) : null;
  const control = key === null ? null : focused.className;
  body.replaceChildren(...rows);
  if (key === null) return;
  for (const candidate of body.querySelectorAll("tr")) {
    if (candidate.getAttribute(attribute) !== key) continue;
    const again = Array.from(candidate.querySelectorAll("button")).find((b) => b.className === control);
    if (again) again.focus();
  }
}

/**
 * Gives each cell of `rows` its column's header as `data-label`: narrow screens show a table
 * row as a card of labelled lines (app.css).
 */
function labelCells(table, rows) {
  const headers = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent);
  for (const row of rows) {
    Array.from(row.children).forEach((cell, index) => {
      if (!cell.hasAttribute("colspan") && headers[index] !== undefined) cell.setAttribute("data-label", headers[index]);
    });
  }
}

function $(selector) {
  return document.querySelector(selector);
}

function pretty(text) {
  if (text === null || text === undefined) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (_) {
    return String(text);
  }
}

/** Calls the admin API; the answer's JSON, or an Error with the mock's message. */
async function admin(path, options = {}) {
  const headers = Object.assign({}, options.headers);
  const token = sessionStorage.getItem("adminToken");
  if (token && options.method && options.method !== "GET") headers["X-Mock-Admin-Token"] = token;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(ADMIN + path, {
    method: options.method || "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    cache: "no-store",
  });
  const text = await response.text();
  let value = null;
  try {
    value = text ? JSON.parse(text) : null;
  } catch (_) {
    value = text;
  }
  if (!response.ok) throw new Error((value && value.message) || `HTTP ${response.status}`);
  return value;
}

function say(message, isError) {
  const status = $("#status");
  status.textContent = message;
  status.classList.toggle("error", Boolean(isError));
}

// ---------------------------------------------------------------------------------------
// Tabs: arrow keys move between them, as the WAI-ARIA tabs pattern says; each has a link
// (`#world`), kept in the address bar as tabs are chosen.

const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
const panels = tabs.map((tab) => tab.getAttribute("aria-controls"));
let current = "fixtures";

/** The panel the fragment names, if any. */
function panelInFragment() {
  return fragmentParts().find((part) => panels.includes(part));
}

function show(name) {
  current = name;
  for (const tab of tabs) {
    const selected = tab.getAttribute("aria-controls") === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  refresh();
}

/** Shows a panel the user chose, and names it in the address bar (a link to copy). */
function choose(name) {
  if (panelInFragment() !== name) history.replaceState(null, "", location.pathname + location.search + "#" + name);
  show(name);
}

tabs.forEach((tab, index) => {
  tab.addEventListener("click", () => choose(tab.getAttribute("aria-controls")));
  tab.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length];
    next.focus();
    choose(next.getAttribute("aria-controls"));
  });
});

// A link followed within the page, or a fragment typed in the address bar.
window.addEventListener("hashchange", () => {
  keepToken();
  const named = panelInFragment();
  if (named && named !== current) show(named);
});

// ---------------------------------------------------------------------------------------
// Requests as an application sends them: the same request again while the task is pending.

let sessions = 0;

/** A fresh session header value: each send from the dashboard starts at the first phase. */
function newSession() {
  sessions += 1;
  return `dashboard-${Date.now().toString(36)}-${sessions}`;
}

function curlFor(method, path, body) {
  const quote = (text) => "'" + text.replace(/'/g, "'\\''") + "'";
  let command = `curl -X ${method} ${quote(API + path)}`;
  if (body !== undefined) command += ` -H 'Content-Type: application/json' -d ${quote(JSON.stringify(body))}`;
  return command;
}

function fetchFor(method, path, body) {
  const options = [`method: ${JSON.stringify(method)}`];
  if (body !== undefined) {
    options.push(`headers: { "Content-Type": "application/json" }`);
    options.push(`body: JSON.stringify(${JSON.stringify(body)})`);
  }
  return `const answer = await fetch(${JSON.stringify(API + path)}, { ${options.join(", ")} });\n` +
    `// eligibility calls answer {"status":"pending"} first: send the same request again until it is "ok" or "error"`;
}

function snippets(method, path, body) {
  return el("details", { class: "snippets" },
    el("summary", {}, "Request to copy (curl, fetch)"),
    copyable("curl", "curl command", curlFor(method, path, body)),
    copyable("fetch", "fetch call", fetchFor(method, path, body)));
}

/** A snippet with its copy button. */
function copyable(kind, what, text) {
  const pre = el("pre", { class: kind }, text);
  const button = el("button", { type: "button", class: "copy", "aria-label": `Copy the ${what}`, "aria-live": "polite" }, "Copy");
  let timer = null;
  button.addEventListener("click", async () => {
    const copied = await copyText(text, pre);
    button.textContent = copied ? "Copied" : "Selected: press Ctrl+C";
    button.classList.toggle("copied", copied);
    clearTimeout(timer);
    timer = setTimeout(() => {
      button.textContent = "Copy";
      button.classList.remove("copied");
    }, 2500);
  });
  return el("div", { class: "snippet" }, button, pre);
}

/**
 * Copies `text` with the asynchronous clipboard (secure pages only: localhost, 127.0.0.1,
 * HTTPS), else by selecting `pre` and the copy command. Whether it was copied; when it was
 * not, the text is left selected for the user to copy.
 */
async function copyText(text, pre) {
  if (window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (_) {
      // Refused (no focus, no permission): the selection below may still work.
    }
  }
  const selection = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(pre);
  selection.removeAllRanges();
  selection.addRange(range);
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch (_) {
    copied = false;
  }
  if (copied) selection.removeAllRanges();
  return copied;
}

/**
 * Sends a request until its task is no longer pending; `onStep` sees every answer:
 * { poll, status, ms, body }. Resolves to the last answer.
 */
async function runTask(method, path, query, body, onStep) {
  const session = newSession();
  const url = API + path + (query && Object.keys(query).length ? "?" + new URLSearchParams(query) : "");
  for (let poll = 1; poll <= 60; poll += 1) {
    const started = performance.now();
    let step;
    try {
      const response = await fetch(url, {
        method,
        headers: Object.assign({ "X-Mock-Session": session }, body === undefined ? {} : { "Content-Type": "application/json" }),
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
      const text = await response.text();
      let json = null;
      try { json = JSON.parse(text); } catch (_) { json = null; }
      step = { poll, status: response.status, ms: Math.round(performance.now() - started), text, json };
    } catch (error) {
      step = { poll, status: 0, ms: Math.round(performance.now() - started), text: String(error), json: null };
    }
    onStep(step);
    const pending = step.status === 200 && step.json && step.json.status === "pending";
    if (!pending) return step;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}

function phaseOf(step) {
  if (step.status === 0) return "network error";
  if (step.status >= 400) return `HTTP ${step.status}`;
  if (step.json && typeof step.json === "object" && !Array.isArray(step.json) && "status" in step.json) return step.json.status;
  return "value";
}

function stepItem(step) {
  return el("li", { class: "step-" + phaseOf(step).replace(/\W+/g, "-") },
    `poll ${step.poll}: `, el("strong", {}, phaseOf(step)), ` · HTTP ${step.status} · ${step.ms} ms`);
}

// ---------------------------------------------------------------------------------------
// Fixtures

let fixtures = [];

async function loadFixtures() {
  fixtures = await admin("/fixtures");
  renderFixtureList();
}

function renderFixtureList() {
  const filter = $("#fixture-filter").value.trim().toLowerCase();
  const list = $("#fixture-list");
  list.replaceChildren();
  for (const fixture of fixtures) {
    const haystack = `${fixture.id} ${fixture.path} ${fixture.description}`.toLowerCase();
    if (filter && !haystack.includes(filter)) continue;
    list.append(el("li", {}, el("button", { type: "button", "data-fixture": fixture.id, onclick: () => openFixture(fixture) },
      el("span", { class: "id" }, fixture.id), el("span", { class: "muted" }, fixture.description))));
  }
  if (!list.children.length) list.append(el("li", { class: "hint" }, "No fixture matches."));
}

function openFixture(fixture) {
  const path = fixture.path;
  const steps = el("ol", { id: "fixture-steps", class: "answers" });
  const final = el("pre", { id: "fixture-answer" });
  const send = el("button", { id: "fixture-send", type: "button" }, "Send");
  send.addEventListener("click", async () => {
    send.disabled = true;
    steps.replaceChildren();
    final.textContent = "";
    const last = await runTask(fixture.method, path, fixture.query, fixture.body === null ? undefined : fixture.body,
      (step) => steps.append(stepItem(step)));
    if (last) final.textContent = pretty(last.text);
    send.disabled = false;
  });
  const phases = el("table", {},
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Phase"), el("th", { scope: "col" }, "Times"), el("th", { scope: "col" }, "HTTP"))),
    el("tbody", {}, fixture.phases.map((phase) => el("tr", {}, el("td", {}, phase.kind), el("td", {}, phase.times), el("td", {}, phase.status)))));
  const query = fixture.query && Object.keys(fixture.query).length ? "?" + new URLSearchParams(fixture.query) : "";
  fill($("#fixture-detail"),
    el("h3", {}, fixture.id),
    el("p", {}, fixture.description),
    el("p", {}, el("code", {}, `${fixture.method} /1.0${path}${query}`)),
    fixture.body === null ? null : el("pre", {}, JSON.stringify(fixture.body, null, 2)),
    phases,
    snippets(fixture.method, path + query, fixture.body === null ? undefined : fixture.body),
    send,
    steps,
    final);
}

$("#fixture-filter").addEventListener("input", renderFixtureList);

// ---------------------------------------------------------------------------------------
// World explorer: zip code → cities → streets → numbers → buildings → test.

function worldStep(title, method, path, body, render) {
  const item = el("li", {}, el("h3", {}, title), snippets(method, path, body));
  const progress = el("ol", { class: "answers" });
  const result = el("div", { class: "result" });
  item.append(progress, result);
  $("#world-steps").append(item);
  runTask(method, path, undefined, body, (step) => progress.append(stepItem(step))).then((last) => {
    if (!last) return;
    if (last.status !== 200 || !last.json || last.json.status !== "ok") {
      result.append(el("p", { class: "error" }, (last.json && (last.json.error || last.json.message)) || `HTTP ${last.status}`));
      return;
    }
    render(last.json.result, result);
  });
  item.scrollIntoView({ block: "nearest" });
}

/** Drops the steps after `item` (a new choice replaces what followed the old one). */
function truncateAfter(item) {
  while (item.nextSibling) item.nextSibling.remove();
}

let filters = 0;

function picks(values, label, choose) {
  if (!values.length) return el("p", { class: "hint" }, "Nothing found.");
  const list = el("ul", { class: "picks" }, values.map((value) => el("li", {},
    el("button", { type: "button", onclick: (event) => {
      for (const other of event.target.closest("ul").querySelectorAll("button")) other.removeAttribute("aria-pressed");
      event.target.closest("button").setAttribute("aria-pressed", "true");
      truncateAfter(event.target.closest("ol > li"));
      choose(value);
    } }, label(value)))));
  if (values.length <= 12) return list;
  // Long lists (a city's streets) get a filter.
  filters += 1;
  const id = `pick-filter-${filters}`;
  const filter = el("input", { id, type: "search", class: "pick-filter", autocomplete: "off", placeholder: `${values.length} to choose from` });
  filter.addEventListener("input", () => {
    const wanted = filter.value.trim().toLowerCase();
    for (const item of list.children) item.hidden = Boolean(wanted) && !item.textContent.toLowerCase().includes(wanted);
  });
  return el("div", {}, el("label", { for: id }, "Filter"), filter, list);
}

function searchCities(zipCode) {
  $("#world-steps").replaceChildren();
  worldStep(`Cities of ${zipCode}`, "POST", ELIGIBILITY + "/search/cities", { zipCode }, (cities, out) =>
    out.append(picks(cities, (c) => `${c.locality || c.city} (${c.inseeCode})`, (city) =>
      worldStep(`Streets of ${city.locality || city.city}`, "POST", ELIGIBILITY + "/search/streets", { inseeCode: city.inseeCode }, (streets, out) =>
        out.append(picks(streets, (s) => s.streetName, (street) =>
          worldStep(`Numbers in ${street.streetName}`, "POST", ELIGIBILITY + "/search/streetNumbers", { streetCode: street.streetCode }, (numbers, out) =>
            out.append(picks(numbers, (n) => n, (number) => chooseNumber(city, street, number))))))))));
}

function chooseNumber(city, street, number) {
  const address = { streetCode: street.streetCode, streetNumber: number };
  worldStep(`Buildings at ${number} ${street.streetName}`, "POST", ELIGIBILITY + "/search/buildings", address, (buildings, out) => {
    out.append(picks(buildings, (b) => `${b.name} (${b.reference})`, (building) =>
      worldStep(`Eligibility of building ${building.reference}`, "POST", ELIGIBILITY + "/test/building", { building: building.reference }, offersOf)));
    out.append(el("button", { type: "button", class: "secondary", onclick: (event) => {
      truncateAfter(event.target.closest("ol > li"));
      worldStep(`Eligibility of the copper line at ${number} ${street.streetName}`, "POST", ELIGIBILITY + "/test/address", address, offersOf);
    } }, "Test the copper line at this address instead"));
  });
}

/**
 * A rate in Mb/s as the command line writes it: to a tenth at most, without a needless
 * `.0` (`13 Mb/s` for 13.005, `8.2 Mb/s` for 8.1738, `1000 Mb/s`). Rounding is Rust's: the
 * nearest tenth to the exact value, and a tie (1.25, exact in binary) to the even tenth.
 */
function rate(value) {
  if (value === null || value === undefined) return "—";
  let tenths = value.toFixed(1);
  // toFixed takes the larger of two equally near tenths; ties are quarters (k + .25, k + .75).
  if (Number.isInteger(value * 4) && !Number.isInteger(value * 2)) {
    const below = Math.floor(value * 10);
    tenths = ((below % 2 === 0 ? below : below + 1) / 10).toFixed(1);
  }
  return `${tenths.replace(/\.0$/, "")} Mb/s`;
}

function offersOf(test, out) {
  const endpoint = test.endpoint || {};
  const address = endpoint.address || {};
  out.append(el("p", {}, `Reference ${test.eligibilityReference} · ${address.streetNumber || ""} ${address.streetName || ""}, ${address.zipCode || ""} ${address.city || ""}`));
  if (endpoint.copperInfo) {
    const length = (endpoint.copperInfo.sectionsLengths || []).reduce((sum, section) => sum + section.length, 0);
    out.append(el("p", {}, `Copper line: ${length} m, ${endpoint.copperInfo.availablePairs} pair(s) available`));
  }
  if (endpoint.fiberInfo) out.append(el("p", {}, `Fibre: building ${endpoint.fiberInfo.buildingReference}, operator ${endpoint.fiberInfo.operatorName}`));
  const offers = (test.offers || []).slice().sort((a, b) => Number(b.eligibility.eligible) - Number(a.eligibility.eligible));
  const table = el("table", { class: "offers cards" },
    el("caption", {}, `${offers.filter((o) => o.eligibility.eligible).length} of ${offers.length} offers eligible`),
    el("thead", {}, el("tr", {}, ["Offer", "Type", "Eligible", "Down", "Up", "Estimated down", "Estimated up", "Reasons"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, offers.map((offer) => el("tr", { class: offer.eligibility.eligible ? "eligible" : "ineligible" },
      el("td", {}, offer.product.name), el("td", {}, offer.product.type),
      el("td", {}, offer.eligibility.eligible ? "yes" : "no"),
      el("td", {}, rate(offer.product.downloadRate)), el("td", {}, rate(offer.product.uploadRate)),
      el("td", {}, rate(offer.eligibility.estimatedDownloadRate)), el("td", {}, rate(offer.eligibility.estimatedUploadRate)),
      el("td", {}, (offer.eligibility.reasons || []).concat(offer.eligibility.underConditions || []).map((r) => r.message).join(" · "))))));
  labelCells(table, table.tBodies[0].rows);
  out.append(table);
}

$("#world-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const zip = $("#world-zip").value.trim();
  if (/^\d{5}$/.test(zip)) searchCities(zip);
});

// ---------------------------------------------------------------------------------------
// Tasks, live

function age(ms) {
  return ms < 1000 ? `${ms} ms` : ms < 60000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60000)} min`;
}

async function taskAction(path, options) {
  try {
    await admin(path, options);
    await refresh();
  } catch (error) {
    say(error.message, true);
  }
}

async function loadTasks() {
  const tasks = await admin("/tasks");
  const body = $("#task-table tbody");
  replaceRows(body, tasks.map((task) => el("tr", { "data-task": task.id },
    el("td", {}, task.id),
    el("td", { class: "key" }, task.key),
    el("td", {}, task.session || "—"),
    el("td", {}, task.fixture || "—"),
    el("td", { class: "phase" }, task.forced ? `${task.phase} (forced ${task.forced})` : task.phase),
    el("td", { class: "polls" }, task.polls),
    el("td", {}, age(task.ageMs)),
    el("td", { class: "actions" },
      el("button", { type: "button", class: "force-ok", "aria-label": `Force task ${task.id} to ok`,
        onclick: () => taskAction(`/tasks/${task.id}/force`, { method: "POST", body: { outcome: "final" } }) }, "Force ok"),
      el("button", { type: "button", class: "force-error", "aria-label": `Force task ${task.id} to error`,
        onclick: () => taskAction(`/tasks/${task.id}/force`, { method: "POST", body: { outcome: "error", message: $("#force-message").value || "Forced from the dashboard" } }) }, "Force error"),
      el("button", { type: "button", class: "reset", "aria-label": `Reset task ${task.id}`,
        onclick: () => taskAction(`/tasks/${task.id}`, { method: "DELETE" }) }, "Reset")))), "data-task");
  if (!tasks.length) body.append(el("tr", {}, el("td", { colspan: 8, class: "hint" }, "No task yet: send an eligibility request.")));
}

$("#tasks-reset-all").addEventListener("click", () => taskAction("/tasks", { method: "DELETE" }));

// ---------------------------------------------------------------------------------------
// Requests, live

let requests = [];
let openRequest = null;

function statusClass(status) {
  return status === 0 ? "dropped" : status >= 500 ? "s5" : status >= 400 ? "s4" : "s2";
}

async function loadRequests() {
  requests = await admin("/requests");
  renderRequests();
}

function renderRequests() {
  const path = $("#request-path").value.trim().toLowerCase();
  const status = $("#request-status").value;
  const body = $("#request-table tbody");
  const rows = [];
  for (const request of requests.slice().reverse()) {
    if (path && !request.path.toLowerCase().includes(path)) continue;
    if (status === "0" ? request.status !== 0 : status && String(request.status)[0] !== status) continue;
    const answeredBy = request.fixture ? `fixture ${request.fixture}` : request.source;
    rows.push(el("tr", { class: statusClass(request.status), "data-query-id": request.queryId, "aria-selected": String(request.queryId === openRequest) },
      el("td", {}, new Date(request.unixMs).toLocaleTimeString([], { hour12: false })),
      el("td", {}, request.method),
      el("td", { class: "path" }, el("button", { type: "button", class: "link", onclick: () => openDetail(request.queryId) }, request.path)),
      el("td", {}, request.status === 0 ? "dropped" : request.status),
      el("td", { class: "source" }, answeredBy),
      el("td", { class: "note", title: request.note }, request.note),
      el("td", {}, request.elapsedMs)));
  }
  replaceRows(body, rows, "data-query-id");
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: 7, class: "hint" }, "No request matches.")));
}

async function openDetail(queryId) {
  openRequest = queryId;
  renderRequests();
  const out = $("#request-detail");
  try {
    const detail = await admin(`/requests/${encodeURIComponent(queryId)}`);
    const cut = (truncated) => (truncated ? el("p", { class: "hint" }, "Cut to its first 16 KiB.") : null);
    fill(out,
      el("h3", {}, `${detail.method} ${detail.path}`),
      el("p", {}, `HTTP ${detail.status === 0 ? "— (dropped)" : detail.status} · ${detail.fixture ? "fixture " + detail.fixture : detail.source} · ${detail.elapsedMs} ms · ${detail.queryId}`),
      el("p", { class: "note" }, detail.note),
      detail.query ? el("p", {}, "Query: ", el("code", {}, detail.query)) : null,
      el("h4", {}, "Request body"),
      detail.requestBody === null || detail.requestBody === undefined ? el("p", { class: "hint" }, "Not kept (admin and token requests).") : el("pre", { class: "request-body" }, pretty(detail.requestBody) || "(empty)"),
      cut(detail.requestBodyTruncated),
      el("h4", {}, "Answer body"),
      detail.answerBody === null || detail.answerBody === undefined ? el("p", { class: "hint" }, "Not kept.") : el("pre", { class: "answer-body" }, pretty(detail.answerBody) || "(empty)"),
      cut(detail.answerBodyTruncated));
  } catch (error) {
    out.replaceChildren(el("p", { class: "error" }, error.message));
  }
}

$("#request-path").addEventListener("input", renderRequests);
$("#request-status").addEventListener("change", renderRequests);

// ---------------------------------------------------------------------------------------
// Settings

function showSettings(answer) {
  const now = answer.current;
  const latency = now.latencyMs;
  $("#set-latency").value = latency === null ? "" : Array.isArray(latency) ? `${latency[0]}..${latency[1]}` : String(latency);
  $("#set-pending").value = now.pending === null ? "" : String(now.pending);
  $("#set-fault").value = now.fault === null ? "" : String(now.fault);
  $("#set-fault-percent").value = String(now.faultPercent);
  $("#set-strict").checked = now.strict;
  $("#set-world").checked = now.world;
  $("#world-off").hidden = now.world && !now.strict;
}

function readSettings() {
  const latencyText = $("#set-latency").value.trim();
  let latencyMs = null;
  if (latencyText) {
    const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(latencyText);
    latencyMs = range ? [Number(range[1]), Number(range[2])] : Number(latencyText);
  }
  const pending = $("#set-pending").value.trim();
  const fault = $("#set-fault").value;
  return {
    latencyMs,
    pending: pending === "" ? null : Number(pending),
    fault: fault === "" ? null : /^\d+$/.test(fault) ? Number(fault) : fault,
    faultPercent: Number($("#set-fault-percent").value || 100),
    strict: $("#set-strict").checked,
    world: $("#set-world").checked,
  };
}

async function saveSettings(path, options) {
  const message = $("#settings-message");
  try {
    const answer = await admin(path, options);
    showSettings(answer);
    message.textContent = `Applied: ${answer.changed}`;
    message.classList.remove("error");
  } catch (error) {
    message.textContent = error.message;
    message.classList.add("error");
  }
}

$("#settings-form").addEventListener("submit", (event) => {
  event.preventDefault();
  saveSettings("/settings", { method: "PUT", body: readSettings() });
});
$("#settings-reset").addEventListener("click", () => saveSettings("/settings/reset", { method: "POST" }));

// ---------------------------------------------------------------------------------------
// Recorded: what --proxy --record wrote, and the drift of each answer from the wire types.

function driftText(item) {
  if (item.kind === "unknown-field") return `unknown field ${item.path}`;
  if (item.kind === "unknown-value") return `unknown ${item.enum} value “${item.value}”${item.path ? ` at ${item.path}` : ""}`;
  if (item.kind === "decode-failure") return `does not decode: ${item.message}`;
  return JSON.stringify(item);
}

async function loadRecorded() {
  const recorded = await admin("/recordings");
  $("#recorded-summary").textContent = recorded.recording
    ? `Recording into ${recorded.folder}: ${recorded.written} written, ${recorded.failed} not written, ${recorded.withDrift} with drift.`
    : "Not recording: start the mock with --proxy URL --record DIR to keep what the real API answers as fixtures.";
  const body = $("#recorded-table tbody");
  replaceRows(body, recorded.files.map((file) => el("tr", { "data-file": `${file.file} ${file.unixMs}` },
    el("td", { class: "file" }, file.file),
    el("td", {}, file.operation),
    el("td", {}, file.status),
    el("td", { class: "outcome" }, file.error ? `${file.outcome}: ${file.error}` : file.outcome),
    el("td", { class: "drift" }, file.drift.length
      ? el("ul", {}, ...file.drift.map((item) => el("li", {}, driftText(item))))
      : "none"))), "data-file");
  if (!recorded.files.length) body.append(el("tr", {}, el("td", { colspan: 5, class: "hint" }, "Nothing recorded yet.")));
}

// ---------------------------------------------------------------------------------------
// Live updates: the visible panel is read again every second (short polling: no connection
// is held open, and a restarted mock is picked up by the next read).

async function refresh() {
  try {
    if (current === "tasks") await loadTasks();
    else if (current === "requests") await loadRequests();
    else if (current === "recorded") await loadRecorded();
    const health = await admin("/health");
    $("#world-off").hidden = health.world;
    say(`${health.fixtures} fixtures · ${health.tasks} tasks · world ${health.world ? "on" : "off"} · up ${age(health.uptimeSeconds * 1000)}`);
  } catch (error) {
    say(`The mock does not answer: ${error.message}`, true);
  }
}

async function start() {
  try {
    await loadFixtures();
    showSettings(await admin("/settings"));
  } catch (error) {
    say(error.message, true);
  }
  show(panelInFragment() || "fixtures");
  setInterval(refresh, POLL_MS);
  document.body.dataset.ready = "true";
}

start();
