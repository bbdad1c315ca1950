// Days as charts show them: every day of a range (none skipped), the count of each.

/** "2026-12-01" of a Date, in UTC (the API's days are UTC days). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10)

/** The last n days up to today, oldest first. */
export function lastDays(n: number, today = new Date()): string[] {
  const out: string[] = []
  for (let i = n - 1; i >= 0; i--) out.push(isoDay(new Date(today.getTime() - i * 86_400_000)))
  return out
}

/** Counts of timestamps per day, for each of the given days (0 where there were none). */
export function perDay(days: string[], timestamps: string[]): { label: string; value: number }[] {
  const counts = new Map<string, number>()
  for (const t of timestamps) {
    const day = isoDay(new Date(t))
    counts.set(day, (counts.get(day) ?? 0) + 1)
  }
  return days.map((d) => ({ label: d.slice(5), value: counts.get(d) ?? 0 }))
}
