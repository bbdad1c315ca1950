import { describe, expect, it } from 'vitest'
import { Selection } from './selection'

const ids = ['a', 'b', 'c', 'd', 'e']
const make = () => new Selection(() => ids)
const chosen = (s: Selection) => [...s.selected].sort()

describe('Selection', () => {
  it('a click selects one, ctrl-click toggles, shift-click takes the range from the anchor', () => {
    const s = make()
    s.click(1)
    expect(chosen(s)).toEqual(['b'])
    s.click(3, { toggle: true })
    expect(chosen(s)).toEqual(['b', 'd'])
    s.click(1, { toggle: true })
    expect(chosen(s)).toEqual(['d'])
    // The anchor is where the last plain or ctrl click was (b), as in file managers.
    s.click(0, { shift: true })
    expect(chosen(s)).toEqual(['a', 'b'])
    s.click(3)
    s.click(1, { shift: true })
    expect(chosen(s)).toEqual(['b', 'c', 'd'])
    s.click(4)
    expect(chosen(s)).toEqual(['e'])
  })

  it('shift with ctrl adds a range to what is selected', () => {
    const s = make()
    s.click(0)
    s.click(2, { toggle: true })
    s.click(4, { shift: true, toggle: true })
    expect(chosen(s)).toEqual(['a', 'c', 'd', 'e'])
  })

  it('arrow keys move the focus, and with shift the range follows it', () => {
    const s = make()
    expect(s.move(1)).toBe(0)
    expect(chosen(s)).toEqual(['a'])
    s.move(1, { shift: true })
    s.move(1, { shift: true })
    expect(chosen(s)).toEqual(['a', 'b', 'c'])
    s.move(-1, { shift: true })
    expect(chosen(s)).toEqual(['a', 'b'])
    expect(s.move(100)).toBe(4)
    expect(chosen(s)).toEqual(['e'])
  })

  it('forgets what is no longer listed', () => {
    const list = ['a', 'b', 'c']
    const s = new Selection(() => list)
    s.selectAll()
    list.splice(1, 1)
    s.retain()
    expect(chosen(s)).toEqual(['a', 'c'])
  })
})
