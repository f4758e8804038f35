// Parse and check an .ics with ical.js, the parser behind Thunderbird's calendar
// and Nextcloud. Usage: node validate.mjs FILE.ics
// Prints one JSON object: every VEVENT with its UTC start/end as ical.js computes
// them (after resolving TZID through the file's own VTIMEZONE) and, for a
// recurring event, its first occurrences. Exits 1 with a message on any problem.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function fail(message) {
  process.stderr.write(`ical.js: ${message}\n`);
  process.exit(1);
}

const file = process.argv[2];
if (!file) fail("usage: node validate.mjs FILE.ics");
const text = readFileSync(file, "utf8");

let root;
try {
  root = new ICAL.Component(ICAL.parse(text));
} catch (error) {
  fail(`does not parse: ${error.message}`);
}
if (root.name !== "vcalendar") fail(`top component is ${root.name}`);
for (const name of ["prodid", "version"]) {
  if (!root.getFirstPropertyValue(name)) fail(`calendar has no ${name.toUpperCase()}`);
}

const zones = new Set();
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  zones.add(zone.tzid);
}

const iso = (time) => time.toJSDate().toISOString();
const events = [];
for (const vevent of root.getAllSubcomponents("vevent")) {
  const uid = vevent.getFirstPropertyValue("uid");
  for (const name of ["uid", "dtstamp", "dtstart"]) {
    if (!vevent.getFirstPropertyValue(name)) fail(`event ${uid} has no ${name.toUpperCase()}`);
  }
  for (const name of ["dtstart", "dtend"]) {
    const prop = vevent.getFirstProperty(name);
    const tzid = prop && prop.getParameter("tzid");
    if (tzid && !zones.has(tzid)) fail(`event ${uid}: TZID ${tzid} has no VTIMEZONE`);
  }
  const event = new ICAL.Event(vevent);
  if (event.endDate.compare(event.startDate) <= 0) fail(`event ${uid} ends before it starts`);
  const item = {
    uid,
    summary: event.summary,
    allDay: event.startDate.isDate,
    start: event.startDate.isDate ? event.startDate.toString() : iso(event.startDate),
    end: event.endDate.isDate ? event.endDate.toString() : iso(event.endDate),
    occurrences: [],
  };
  if (event.isRecurring()) {
    const iterator = event.iterator();
    for (let n = 0; n < 6; n++) {
      const next = iterator.next();
      if (!next) break;
      item.occurrences.push(next.toString());
    }
  }
  events.push(item);
}
process.stdout.write(`${JSON.stringify({ zones: [...zones].sort(), events }, null, 1)}\n`);
