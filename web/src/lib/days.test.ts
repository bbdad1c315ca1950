import { describe, expect, it } from 'vitest'
import { lastDays, perDay } from './days'

describe('days', () => {
  it('lists every day of the range, oldest first, across a month end', () => {
    expect(lastDays(3, new Date('2026-12-01T10:00:00Z'))).toEqual(['2026-11-29', '2026-11-30', '2026-12-01'])
  })
  it('counts per UTC day, with the empty days as 0', () => {
    const days = ['2026-11-29', '2026-11-30', '2026-12-01']
    const points = perDay(days, ['2026-11-29T23:59:00Z', '2026-12-01T00:00:01Z', '2026-12-01T12:00:00Z', '2026-10-01T00:00:00Z'])
    expect(points).toEqual([{ label: '11-29', value: 1 }, { label: '11-30', value: 0 }, { label: '12-01', value: 2 }])
  })
})
