import { describe, expect, it } from 'vitest'
import { humanSize, SpeedMeter, typeLabel } from './format'

describe('humanSize', () => {
  it('is 1024-based with one decimal, as the API says it', () => {
    expect(humanSize(0)).toBe('0 B')
    expect(humanSize(1023)).toBe('1023 B')
    expect(humanSize(1536)).toBe('1.5 KB')
    expect(humanSize(1.5 * 1024 * 1024)).toBe('1.5 MB')
    expect(humanSize(5 * 1024 ** 4)).toBe('5.0 TB')
  })
  it('says nothing sensible of nonsense', () => {
    expect(humanSize(-1)).toBe('—')
    expect(humanSize(Number.NaN)).toBe('—')
  })
})

describe('typeLabel', () => {
  it('names types in a word', () => {
    expect(typeLabel('application/pdf')).toBe('PDF')
    expect(typeLabel('image/png', 'cat.png')).toBe('PNG image')
    expect(typeLabel('text/plain', 'notes.txt')).toBe('Text')
    expect(typeLabel(null)).toBe('File')
  })
})

describe('SpeedMeter', () => {
  it('measures over its window only', () => {
    const m = new SpeedMeter(1000)
    m.add(0, 0)
    m.add(500, 500_000)
    m.add(1000, 1_000_000)
    expect(m.bytesPerSecond()).toBe(1_000_000)
    // A stall: the old fast samples leave the window and the speed falls.
    m.add(3000, 1_000_000)
    m.add(3500, 1_000_000)
    expect(m.bytesPerSecond()).toBe(0)
  })
})
