// Independent reference for schedc's fire-time engine (compiler/schedule/fire.hpp).
//
// For every case (cron expression, IANA zone, start instant) this computes the next N fire times in UTC with
// croner (https://github.com/Hexagon/croner, pinned in package.json) and writes expected.json, which
// tests/unit/fire_test.cpp compares with the engine. Run `npm ci && node gen-expected.mjs` in this folder after
// changing the cases; the tests never run npm. See README.md for croner's known differences from the source
// semantics and how they are handled (`domAndDow`, `reference_differs` + hand-verified fires).
import { readFileSync, writeFileSync } from "node:fs";
import { Cron } from "croner";

const here = new URL(".", import.meta.url);
const cronerVersion = JSON.parse(readFileSync(new URL("node_modules/croner/package.json", here))).version;
const pinned = JSON.parse(readFileSync(new URL("package.json", here))).dependencies.croner;
if (cronerVersion !== pinned) {
  throw new Error(`croner ${cronerVersion} is installed but package.json pins ${pinned}; run npm ci`);
}

// Options shared by every case. `fixedTimeRule: "no-wildcard"` is croner's closest setting to Vixie's fixed-time
// jobs, `sloppyRanges` accepts Vixie's `a/n` (= `a-max/n`), and `mode: "5-part"` rejects seconds fields.
const baseOptions = { mode: "5-part", fixedTimeRule: "no-wildcard", sloppyRanges: true };

const macros = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

// Vixie: when a day field starts with `*`, the day rule is AND; croner's default is OR whenever a day field is
// restricted, so it is told explicitly (difference 1 in README.md).
function domAndDow(cron) {
  const fields = (macros[cron.trim().toLowerCase()] ?? cron).trim().split(/\s+/);
  return fields[2].startsWith("*") || fields[4].startsWith("*");
}

const cases = [];
const ids = new Set();

// Adds a case. `options.hand` (with `options.differs`) replaces croner's result by hand-verified fires.
function add(id, cron, zone, after, count, note, options = {}) {
  if (ids.has(id)) throw new Error(`duplicate case id ${id}`);
  ids.add(id);
  cases.push({ id, cron, zone, after, count, note, ...options });
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Syntax: steps, lists, ranges, names, macros (UTC and zones without a transition nearby)
// ---------------------------------------------------------------------------------------------------------------
const jan = "2026-01-01T00:00:00Z";
add("every-minute", "* * * * *", "UTC", jan, 5, "every minute");
add("every-5-minutes", "*/5 * * * *", "UTC", jan, 5, "step dividing the hour");
add("every-7-minutes", "*/7 * * * *", "UTC", "2026-01-01T00:50:00Z", 5, "steps are sets: 56 then 0");
add("every-45-minutes", "*/45 * * * *", "UTC", jan, 5, "*/45 is 0 and 45");
add("minute-range-step", "5-20/5 * * * *", "UTC", jan, 5, "a-b/n");
add("minute-value-step", "5/15 * * * *", "UTC", jan, 5, "Vixie a/n means a-max/n");
add("minute-list", "0,15,45 * * * *", "UTC", jan, 6, "list");
add("minute-list-of-ranges", "0-4,30-32 12 * * *", "UTC", jan, 9, "list of ranges");
add("hourly-macro", "@hourly", "UTC", jan, 3, "@hourly");
add("daily-macro", "@daily", "UTC", jan, 3, "@daily");
add("midnight-macro", "@midnight", "Asia/Kolkata", jan, 3, "@midnight in +05:30");
add("weekly-macro", "@weekly", "UTC", jan, 3, "@weekly is Sunday");
add("monthly-macro", "@monthly", "UTC", jan, 3, "@monthly");
add("yearly-macro", "@yearly", "UTC", jan, 3, "@yearly");
add("annually-macro", "@annually", "Europe/Amsterdam", jan, 3, "@annually in Amsterdam");
add("daily-0630", "30 6 * * *", "UTC", jan, 3, "daily");
add("hours-list", "0 6,12,18 * * *", "UTC", jan, 5, "hours list");
add("hours-range", "0 9-17 * * *", "UTC", jan, 10, "working hours");
add("hours-step", "0 */6 * * *", "UTC", jan, 5, "every 6 hours");
add("hours-range-step", "30 8-18/3 * * *", "UTC", jan, 5, "8,11,14,17");
add("cartesian", "15,45 1,13 * * *", "UTC", jan, 6, "hours x minutes");
add("weekdays-numbers", "0 9 * * 1-5", "UTC", jan, 7, "Mon-Fri by number");
add("weekdays-names", "0 9 * * MON-FRI", "UTC", jan, 7, "Mon-Fri by name");
add("weekend", "0 10 * * SAT,SUN", "UTC", jan, 5, "weekend by name");
add("sunday-as-7", "0 0 * * 7", "UTC", jan, 3, "7 is Sunday");
add("sunday-range-to-7", "0 0 * * 5-7", "UTC", jan, 6, "Fri-Sun via 7");
add("dow-step", "0 0 * * */2", "UTC", jan, 6, "Sun, Tue, Thu, Sat");
add("lowercase-names", "0 8 * jan,jul mon", "UTC", jan, 4, "lower-case names");
add("month-names-range", "0 0 1 MAR-MAY *", "UTC", jan, 4, "month name range");
add("month-step", "0 0 1 */3 *", "UTC", jan, 4, "quarterly");
add("month-list", "0 12 15 2,8 *", "Europe/Amsterdam", jan, 4, "two months");
add("dom-list", "0 0 1,15 * *", "UTC", jan, 4, "1st and 15th");
add("dom-range", "0 0 1-3 * *", "UTC", jan, 6, "first three days");
add("dom-step", "0 0 */10 * *", "UTC", jan, 6, "1, 11, 21, 31");
add("leading-zeros", "05 07 01 01 *", "UTC", jan, 2, "leading zeros");
add("whitespace", "  0   12  *  *   * ", "UTC", jan, 2, "extra whitespace");
add("extremes", "59 23 31 12 6", "UTC", jan, 4, "extreme values, OR rule");

// ---------------------------------------------------------------------------------------------------------------
// 2. The two day-field rules
// ---------------------------------------------------------------------------------------------------------------
add("or-13th-or-friday", "0 0 13 * 5", "UTC", jan, 8, "OR: the 13th or any Friday");
add("or-1st-or-monday", "0 0 1 * MON", "America/New_York", jan, 8, "OR in New York");
add("or-list-and-range", "30 4 1,15 * 1-2", "UTC", jan, 10, "OR with lists");
add("or-last-or-friday", "0 0 L * 5", "UTC", jan, 8, "OR with L");
add("or-nth", "0 0 1 * MON#1", "UTC", jan, 6, "OR with DOW#k");
add("or-dom-covers-all", "0 0 1-31 * 5", "UTC", jan, 4, "OR with every day = every day");
add("or-dow-covers-all", "0 0 13 * 0-6", "UTC", jan, 4, "OR with every weekday = every day");
add("and-dom-star-step", "0 0 */2 * MON", "UTC", jan, 6, "AND: */2 counts as unrestricted (odd days that are Mondays)");
add("and-dow-star-step", "0 0 1-7 * */2", "UTC", jan, 6, "AND: days 1-7 that are Sun/Tue/Thu/Sat");
add("and-both-star-steps", "0 0 */3 * */3", "UTC", jan, 6, "AND of two star steps");
add("and-star-dom-plain-dow", "0 0 * * 3", "UTC", jan, 4, "`*` day-of-month: only Wednesdays");
add("and-dom-star-1", "0 0 */1 * 1-5", "Asia/Kolkata", jan, 6, "*/1 day-of-month: weekdays only");

// ---------------------------------------------------------------------------------------------------------------
// 3. L, #, month ends, leap days
// ---------------------------------------------------------------------------------------------------------------
add("last-day", "0 0 L * *", "UTC", jan, 14, "last day of every month, through Feb 2027");
add("last-day-leap", "0 0 L 2 *", "UTC", jan, 4, "Feb 28/29: 2028 is a leap year");
add("last-day-list", "0 0 1,L * *", "UTC", jan, 6, "1st and last");
add("last-day-sydney", "0 23 L * *", "Australia/Sydney", jan, 14, "month ends across both Sydney transitions");
add("31st", "0 0 31 * *", "UTC", jan, 8, "only months with 31 days");
add("30th", "0 12 30 * *", "UTC", jan, 6, "February skipped");
add("29th", "0 12 29 * *", "UTC", jan, 14, "Feb 29 only in 2028");
add("leap-day", "0 0 29 2 *", "UTC", jan, 3, "Feb 29: 2028, 2032, 2036");
add("leap-day-auckland", "30 9 29 2 *", "Pacific/Auckland", jan, 2, "Feb 29 in Auckland (NZDT)");
add("leap-day-or-monday", "0 0 29 2 1", "UTC", "2027-12-31T00:00:00Z", 8, "OR: Feb 29 or Mondays in February");
add("feb-29-monday-and", "0 0 29 2 */1", "UTC", jan, 2, "AND with */1 weekday = every Feb 29");
add("first-monday", "0 6 * * MON#1", "UTC", jan, 6, "DOW#1");
add("third-friday", "0 6 * * 5#3", "UTC", jan, 6, "DOW#3 by number");
add("fifth-friday", "0 6 * * 5#5", "UTC", jan, 6, "DOW#5: only months with 5 Fridays");
add("fifth-monday-feb", "0 0 * 2 MON#5", "UTC", jan, 2,
  "five Mondays in February: leap years whose February starts on a Monday (2044, 2072)");
add("sunday-7-nth", "0 0 * * 7#2", "UTC", jan, 3, "7#2 = second Sunday");
add("nth-list", "0 0 * * MON#1,MON#3", "UTC", jan, 6, "two nth weekdays");
add("nth-and-plain", "0 0 * * MON#1,FRI", "UTC", jan, 8, "nth weekday and plain weekday");
add("new-year", "0 0 1 1 *", "Pacific/Auckland", jan, 3, "New Year in Auckland (NZDT)");
add("month-end-new-york", "59 23 L * *", "America/New_York", jan, 13, "month ends in New York");
add("kolkata-half-hour", "30 5 * * *", "Asia/Kolkata", jan, 3, "+05:30: 00:00Z");
add("kolkata-every-20", "*/20 * * * *", "Asia/Kolkata", jan, 4, "+05:30 offsets");
add("kolkata-march", "0 2 * * *", "Asia/Kolkata", "2026-03-27T00:00:00Z", 4, "no DST in Kolkata");
add("utc-march", "30 2 * * *", "UTC", "2026-03-28T00:00:00Z", 3, "no DST in UTC");
add("utc-october", "30 2 * * *", "UTC", "2026-10-24T00:00:00Z", 3, "no DST in UTC");

// ---------------------------------------------------------------------------------------------------------------
// 4. DST gaps and overlaps
// ---------------------------------------------------------------------------------------------------------------
// The transitions of 2026 (local time before -> after):
//   Europe/Amsterdam    gap 2026-03-29 02:00 -> 03:00 (01:00Z)     overlap 2026-10-25 03:00 -> 02:00 (01:00Z)
//   America/New_York    gap 2026-03-08 02:00 -> 03:00 (07:00Z)     overlap 2026-11-01 02:00 -> 01:00 (06:00Z)
//   Australia/Sydney    gap 2026-10-04 02:00 -> 03:00 (10-03 16:00Z) overlap 2026-04-05 03:00 -> 02:00 (04-04 16:00Z)
//   Australia/Lord_Howe gap 2026-10-04 02:00 -> 02:30 (10-03 15:30Z) overlap 2026-04-05 02:00 -> 01:30 (04-04 15:00Z)
//   Pacific/Auckland    gap 2026-09-27 02:00 -> 03:00 (09-26 14:00Z) overlap 2026-04-05 03:00 -> 02:00 (04-04 14:00Z)
const transitions = [
  { zone: "Europe/Amsterdam", tag: "ams", gap: "2026-03-28T00:00:00Z", overlap: "2026-10-24T00:00:00Z",
    gapHour: 2, overlapHour: 2 },
  { zone: "America/New_York", tag: "nyc", gap: "2026-03-07T05:00:00Z", overlap: "2026-10-31T04:00:00Z",
    gapHour: 2, overlapHour: 1 },
  { zone: "Australia/Sydney", tag: "syd", gap: "2026-10-02T14:00:00Z", overlap: "2026-04-03T14:00:00Z",
    gapHour: 2, overlapHour: 2 },
  { zone: "Pacific/Auckland", tag: "akl", gap: "2026-09-25T12:00:00Z", overlap: "2026-04-03T12:00:00Z",
    gapHour: 2, overlapHour: 2 },
];
for (const t of transitions) {
  const g = t.gapHour;
  const o = t.overlapHour;
  add(`${t.tag}-gap-fixed`, `30 ${g} * * *`, t.zone, t.gap, 4, "fixed time in the gap: runs at the gap's end");
  add(`${t.tag}-gap-fixed-start`, `0 ${g} * * *`, t.zone, t.gap, 4, "fixed time at the gap's start");
  add(`${t.tag}-gap-fixed-merge`, `0,30 ${g},${g + 1} * * *`, t.zone, t.gap, 8,
    "gap times and the gap's end run once");
  add(`${t.tag}-gap-fixed-before`, `59 ${g - 1} * * *`, t.zone, t.gap, 3, "just before the gap");
  add(`${t.tag}-gap-wild-minutes`, "*/15 * * * *", t.zone, t.gap, 120, "wildcard: gap times do not occur");
  add(`${t.tag}-gap-wild-hour`, `30 * * * *`, t.zone, t.gap, 30, "hour `*`: wildcard job");
  add(`${t.tag}-gap-wild-range`, `*/30 ${g}-${g + 1} * * *`, t.zone, t.gap, 8, "minute `*/30`: wildcard job");
  add(`${t.tag}-gap-every-2h`, "0 */2 * * *", t.zone, t.gap, 16, "hour `*/2`: wildcard job");
  add(`${t.tag}-overlap-fixed`, `30 ${o} * * *`, t.zone, t.overlap, 4, "fixed time twice: first occurrence only");
  add(`${t.tag}-overlap-fixed-list`, `0,30 ${o} * * *`, t.zone, t.overlap, 6, "fixed list in the overlap");
  add(`${t.tag}-overlap-fixed-hours`, `15 ${o - 1},${o},${o + 1} * * *`, t.zone, t.overlap, 9,
    "around the overlap");
  add(`${t.tag}-overlap-wild-minutes`, "*/20 * * * *", t.zone, t.overlap, 110, "wildcard: both passes");
  add(`${t.tag}-overlap-wild-hour`, "45 * * * *", t.zone, t.overlap, 40, "hour `*`: both passes");
  add(`${t.tag}-overlap-wild-range`, `*/30 ${o} * * *`, t.zone, t.overlap, 6, "minute `*/30` in the repeated hour");
}
// Lord Howe: 30-minute shifts.
add("lhi-gap-fixed", "15 2 * * *", "Australia/Lord_Howe", "2026-10-02T12:00:00Z", 4, "02:15 in a 30-minute gap");
add("lhi-gap-fixed-merge", "0,15,30,45 2 * * *", "Australia/Lord_Howe", "2026-10-02T12:00:00Z", 8,
  "02:00 and 02:15 run once at 02:30");
add("lhi-gap-every-15", "*/15 * * * *", "Australia/Lord_Howe", "2026-10-03T13:00:00Z", 20,
  "wildcard through a 30-minute gap");
add("lhi-gap-daily-2", "0 2 * * *", "Australia/Lord_Howe", "2026-10-02T12:00:00Z", 3, "02:00 at the gap's start");
add("lhi-overlap-fixed", "45 1 * * *", "Australia/Lord_Howe", "2026-04-03T12:00:00Z", 4,
  "01:45 occurs twice (30-minute overlap)");
add("lhi-overlap-every-15", "*/15 * * * *", "Australia/Lord_Howe", "2026-04-04T13:00:00Z", 20,
  "wildcard through a 30-minute overlap");
add("lhi-overlap-hourly", "@hourly", "Australia/Lord_Howe", "2026-04-04T12:00:00Z", 8,
  "@hourly: 01:00 and 02:00 only once each (01:30-02:00 repeats)");
add("lhi-overlap-half-past", "30 * * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00Z", 8,
  "01:30 occurs twice");
add("lhi-daily-0130", "30 1 * * *", "Australia/Lord_Howe", "2026-03-20T00:00:00Z", 200, "daily 01:30 across both transitions");
// Transitions at local midnight: the gap or the repeated hour crosses the date line of the local calendar.
add("scl-gap-midnight", "30 0 * * *", "America/Santiago", "2026-09-05T12:00:00Z", 3,
  "00:00-00:59 on 6 September do not exist: 00:30 runs at 01:00");
add("scl-overlap-midnight", "30 23 * * *", "America/Santiago", "2026-04-03T12:00:00Z", 3,
  "23:00-23:59 on 4 April occur twice: first occurrence");
add("scl-gap-every-20", "*/20 * * * *", "America/Santiago", "2026-09-06T03:00:00Z", 6, "wildcard through a midnight gap");
add("hav-gap-midnight", "30 0 * * *", "America/Havana", "2026-03-07T12:00:00Z", 2, "Havana springs forward at 00:00");
add("bei-overlap-midnight", "15 23 * * *", "Asia/Beirut", "2026-10-24T12:00:00Z", 3, "Beirut falls back at 00:00");
add("bei-overlap-every-30", "*/30 23 * * *", "Asia/Beirut", "2026-10-24T19:00:00Z", 6, "both passes of 23:xx");
// Whole years and weekly/monthly schedules across transitions.
add("ams-daily-0230-year", "30 2 * * *", "Europe/Amsterdam", "2026-03-20T00:00:00Z", 230, "daily 02:30 for months");
add("nyc-weekly-sunday-0130", "30 1 * * SUN", "America/New_York", "2026-10-01T00:00:00Z", 8, "Sundays 01:30 across fall back");
add("nyc-weekly-sunday-0230", "30 2 * * 0", "America/New_York", "2026-03-01T00:00:00Z", 4, "Sundays 02:30 across spring forward");
add("syd-first-sunday", "30 2 * * SUN#1", "Australia/Sydney", "2026-03-01T00:00:00Z", 9, "first Sundays: both transitions");
add("akl-last-sunday-sep", "0 2 * 9 0", "Pacific/Auckland", "2026-09-01T00:00:00Z", 4, "Sundays in September 02:00");
add("ams-last-sunday", "30 2 * 3,10 SUN", "Europe/Amsterdam", "2026-03-01T00:00:00Z", 10, "Sundays of March/October");
add("ams-monthly-l", "30 2 L * *", "Europe/Amsterdam", "2026-01-15T00:00:00Z", 14, "last day of month at 02:30");

// ---------------------------------------------------------------------------------------------------------------
// 5. Known differences (README.md): croner's result is recorded as `reference_fires`, the case expects the
//    hand-verified `fires`.
// ---------------------------------------------------------------------------------------------------------------
const stepFixed =
  "Vixie counts a job as fixed-time unless its minute or hour field starts with `*`; croner (fixedTimeRule " +
  "'no-wildcard') treats a step without `*` (e.g. `0-23/2`) as an interval job, so it skips gap times and runs " +
  "repeated times twice (README.md, difference 2)";
add("ams-gap-fixed-step", "0 0-23/2 * * *", "Europe/Amsterdam", "2026-03-28T20:00:00Z", 4,
  "non-star step in the hour field: fixed-time job", {
    differs: stepFixed,
    // 22:00 CET, 00:00 CET, 02:00 (gap) -> 03:00 CEST, 04:00 CEST
    hand: ["2026-03-28T21:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"],
  });
add("ams-overlap-fixed-step", "0 0-23/2 * * *", "Europe/Amsterdam", "2026-10-24T21:00:00Z", 4,
  "non-star step in the hour field: fixed-time job", {
    differs: stepFixed,
    // 00:00 CEST, 02:00 CEST (first of two), 04:00 CET, 06:00 CET
    hand: ["2026-10-24T22:00:00Z", "2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z", "2026-10-25T05:00:00Z"],
  });
add("nyc-gap-fixed-step", "0-59/30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 4,
  "non-star step in the minute field: fixed-time job", {
    differs: stepFixed,
    // 02:00 and 02:30 on 8 March are in the gap -> once at 03:00 EDT; then 02:00/02:30 EDT
    hand: ["2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:00:00Z"],
  });
add("nyc-overlap-fixed-step", "0-59/30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 4,
  "non-star step in the minute field: fixed-time job", {
    differs: stepFixed,
    // 01:00 and 01:30 EDT (first occurrences) on 1 November, then 01:00/01:30 EST on 2 November
    hand: ["2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:00:00Z", "2026-11-02T06:30:00Z"],
  });
add("lhi-gap-fixed-step", "15-59/30 2 * * *", "Australia/Lord_Howe", "2026-10-03T00:00:00Z", 3,
  "non-star step in the minute field: fixed-time job", {
    differs: stepFixed,
    // 02:15 (gap) -> 02:30 +11:00 = 15:30Z, 02:45 +11:00 = 15:45Z, then 02:15 +11:00 on 5 October
    hand: ["2026-10-03T15:30:00Z", "2026-10-03T15:45:00Z", "2026-10-04T15:15:00Z"],
  });
add("dow-value-step-to-sunday", "0 0 * * 3/2", "UTC", jan, 6,
  "Vixie a/n in the day-of-week field runs to 7 (Sunday)", {
    differs: "schedc's `a/n` means `a-max/n` with day-of-week max 7 (= Sunday), so `3/2` is Wed, Fri, Sun; " +
      "croner's `3/2` stops at 6 (Wed, Fri) (README.md, difference 3)",
    // Wed 7, Fri 2, Sun 4 January 2026 ...
    hand: ["2026-01-02T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-07T00:00:00Z", "2026-01-09T00:00:00Z",
      "2026-01-11T00:00:00Z", "2026-01-14T00:00:00Z"],
  });

// ---------------------------------------------------------------------------------------------------------------
// 5. Past 2037 (2040-2045): the zone files store transitions up to 2037; schedc applies their POSIX TZ footer
//    (CCTZ), croner Node's ICU data. Every DST date below comes from the zones' current rules.
//   Europe/Amsterdam: last Sunday of March 02:00 -> 03:00, of October 03:00 -> 02:00 (01:00Z both)
//   America/New_York: second Sunday of March 02:00 -> 03:00, first Sunday of November 02:00 -> 01:00
//   Australia/Sydney: first Sunday of October 02:00 -> 03:00, of April 03:00 -> 02:00
//   Australia/Lord_Howe: first Sunday of October 02:00 -> 02:30, of April 02:00 -> 01:30
//   America/Santiago: first Sunday of September 00:00 -> 01:00 (the clock skips local midnight), first Sunday of
//   April 00:00 -> 23:00 the day before
// ---------------------------------------------------------------------------------------------------------------
add("ams-2040-gap-fixed", "30 2 * * *", "Europe/Amsterdam", "2040-03-23T00:00:00Z", 4, "2040-03-25: 02:30 in the gap");
add("ams-2040-overlap-fixed", "30 2 * * *", "Europe/Amsterdam", "2040-10-26T00:00:00Z", 4,
  "2040-10-28: 02:30 twice, runs at the first");
add("ams-2040-overlap-every-30", "*/30 * * * *", "Europe/Amsterdam", "2040-10-27T23:00:00Z", 8,
  "wildcard: both passes of 02:00-03:00");
add("ams-2040-2045-sunday-0230", "30 2 * * SUN", "Europe/Amsterdam", "2040-01-01T00:00:00Z", 313,
  "every Sunday 02:30 over six years: every spring gap and autumn overlap 2040-2045");
add("nyc-2042-gap-fixed", "30 2 * * *", "America/New_York", "2042-03-08T00:00:00Z", 3, "2042-03-09: 02:30 in the gap");
add("nyc-2043-overlap-hourly", "@hourly", "America/New_York", "2043-11-01T03:00:00Z", 6,
  "2043-11-01: 01:00 twice, wildcard runs both");
add("nyc-2040-2045-sunday-every-6-hours", "0 */6 * * SUN", "America/New_York", "2040-01-01T00:00:00Z", 1252,
  "Sundays every 6 hours over six years (transitions are on Sundays)");
add("syd-2044-gap-fixed", "0 2 * * *", "Australia/Sydney", "2044-10-01T00:00:00Z", 3, "2044-10-02: 02:00 starts the gap");
add("syd-2045-overlap-fixed", "30 2 * * *", "Australia/Sydney", "2045-03-31T00:00:00Z", 3,
  "2045-04-02: 02:30 twice, runs at the first");
add("lhi-2041-gap-fixed", "15 2 * * *", "Australia/Lord_Howe", "2041-10-04T12:00:00Z", 3, "2041-10-06: 30-minute gap");
add("scl-2040-gap-midnight", "30 0 * * *", "America/Santiago", "2040-09-01T12:00:00Z", 3,
  "2040-09-02: 00:30 in the midnight gap");
add("utc-2044-leap-day", "0 0 29 2 *", "UTC", "2040-03-01T00:00:00Z", 2, "29 February 2044 and 2048");

// ---------------------------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------------------------
function reference(c) {
  const job = new Cron(c.cron, { ...baseOptions, timezone: c.zone, domAndDow: domAndDow(c.cron) });
  return job.nextRuns(c.count, new Date(c.after)).map((d) => d.toISOString().replace(".000Z", "Z"));
}

const out = [];
for (const c of cases) {
  const croner = reference(c);
  const entry = { id: c.id, cron: c.cron, zone: c.zone, after: c.after, count: c.count, note: c.note };
  if (c.hand) {
    if (c.hand.length !== c.count) throw new Error(`${c.id}: ${c.hand.length} hand-verified fires, count ${c.count}`);
    if (JSON.stringify(c.hand) === JSON.stringify(croner)) {
      throw new Error(`${c.id}: croner agrees with the hand-verified fires; drop reference_differs`);
    }
    entry.reference_differs = c.differs;
    entry.fires = c.hand;
    entry.reference_fires = croner;
  } else {
    if (croner.length !== c.count) throw new Error(`${c.id}: croner found ${croner.length} of ${c.count} fires`);
    entry.fires = croner;
  }
  out.push(entry);
}

const document = {
  generator: "tests/schedule/gen-expected.mjs",
  reference: { library: "croner", version: cronerVersion, options: baseOptions },
  cases: out,
};
// One case per line keeps diffs readable.
const lines = out.map((entry) => "    " + JSON.stringify(entry));
const text =
  "{\n" +
  `  "generator": ${JSON.stringify(document.generator)},\n` +
  `  "reference": ${JSON.stringify(document.reference)},\n` +
  `  "cases": [\n${lines.join(",\n")}\n  ]\n}\n`;
JSON.parse(text);  // well-formed
writeFileSync(new URL("expected.json", here), text);
const differing = out.filter((c) => c.reference_differs).length;
console.log(`wrote expected.json: ${out.length} cases (${differing} with hand-verified fires), croner ${cronerVersion}`);
