// Working-day arithmetic (pure). Dates are ISO calendar days ("2026-03-03")
// in UK local terms; weekends and the given bank holidays are not working days.

export type IsoDate = string;

const DAY_MS = 86_400_000;

// Made once: building a DateTimeFormat costs far more than using one.
const LONDON_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

// London's clocks change on the hour (01:00 UTC), so every instant of a UTC
// hour falls on the same London day: the day is worked out once an hour. The
// measures and the monthly reports ask for it tens of thousands of times a page.
const HOUR_MS = 3_600_000;
const dayOfHour = new Map<number, IsoDate>();

export function toIsoDate(date: Date): IsoDate {
  const hour = Math.floor(date.getTime() / HOUR_MS);
  if (Number.isNaN(hour)) return LONDON_DAY.format(date);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    if (dayOfHour.size >= 100_000) dayOfHour.clear();
    day = LONDON_DAY.format(new Date(hour * HOUR_MS));
    dayOfHour.set(hour, day);
  }
  return day;
}

function parse(day: IsoDate): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not an ISO date: ${day}`);
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || format(ms) !== day) throw new RangeError(`not a calendar date: ${day}`);
  return ms;
}

function format(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addCalendarDays(day: IsoDate, days: number): IsoDate {
  return format(parse(day) + days * DAY_MS);
}

export function isWeekend(day: IsoDate): boolean {
  const weekday = new Date(parse(day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function isWorkingDay(day: IsoDate, bankHolidays: ReadonlySet<IsoDate>): boolean {
  return !isWeekend(day) && !bankHolidays.has(day);
}

/** The working day `days` working days after `day` (day itself not counted). */
export function addWorkingDays(day: IsoDate, days: number, bankHolidays: ReadonlySet<IsoDate>): IsoDate {
  if (!Number.isInteger(days) || days < 0) throw new RangeError("days must be a whole number ≥ 0");
  let current = day;
  let remaining = days;
  while (remaining > 0) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, bankHolidays)) remaining -= 1;
  }
  return current;
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: IsoDate, to: IsoDate, bankHolidays: ReadonlySet<IsoDate>): number {
  let count = 0;
  for (let ms = parse(from) + DAY_MS; ms <= parse(to); ms += DAY_MS) {
    if (isWorkingDay(format(ms), bankHolidays)) count += 1;
  }
  return count;
}

// England and Wales bank holidays, seeded into the editable bank_holidays table.
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: ReadonlyArray<{ day: IsoDate; name: string }> = [
  { day: "2025-01-01", name: "New Year’s Day" },
  { day: "2025-04-18", name: "Good Friday" },
  { day: "2025-04-21", name: "Easter Monday" },
  { day: "2025-05-05", name: "Early May bank holiday" },
  { day: "2025-05-26", name: "Spring bank holiday" },
  { day: "2025-08-25", name: "Summer bank holiday" },
  { day: "2025-12-25", name: "Christmas Day" },
  { day: "2025-12-26", name: "Boxing Day" },
  { day: "2026-01-01", name: "New Year’s Day" },
  { day: "2026-04-03", name: "Good Friday" },
  { day: "2026-04-06", name: "Easter Monday" },
  { day: "2026-05-04", name: "Early May bank holiday" },
  { day: "2026-05-25", name: "Spring bank holiday" },
  { day: "2026-08-31", name: "Summer bank holiday" },
  { day: "2026-12-25", name: "Christmas Day" },
  { day: "2026-12-28", name: "Boxing Day (substitute day)" },
  { day: "2027-01-01", name: "New Year’s Day" },
  { day: "2027-03-26", name: "Good Friday" },
  { day: "2027-03-29", name: "Easter Monday" },
  { day: "2027-05-03", name: "Early May bank holiday" },
  { day: "2027-05-31", name: "Spring bank holiday" },
  { day: "2027-08-30", name: "Summer bank holiday" },
  { day: "2027-12-27", name: "Christmas Day (substitute day)" },
  { day: "2027-12-28", name: "Boxing Day (substitute day)" },
  { day: "2028-01-03", name: "New Year’s Day (substitute day)" },
  { day: "2028-04-14", name: "Good Friday" },
  { day: "2028-04-17", name: "Easter Monday" },
  { day: "2028-05-01", name: "Early May bank holiday" },
  { day: "2028-05-29", name: "Spring bank holiday" },
  { day: "2028-08-28", name: "Summer bank holiday" },
  { day: "2028-12-25", name: "Christmas Day" },
  { day: "2028-12-26", name: "Boxing Day" },
];
