// Multi-selection as file managers do it: click selects one, ctrl/cmd-click toggles, shift-click
// selects the range from the anchor; arrow keys move the focus (with shift, extending the range).

export interface Modifiers {
  shift?: boolean
  toggle?: boolean // ctrl or cmd
}

export class Selection {
  selected = new Set<string>()
  anchor: number | null = null
  focus: number | null = null

  constructor(private ids: () => string[]) {}

  click(index: number, mods: Modifiers = {}): void {
    const ids = this.ids()
    if (index < 0 || index >= ids.length) return
    if (mods.shift && this.anchor !== null) {
      if (!mods.toggle) this.selected.clear()
      const [from, to] = this.anchor < index ? [this.anchor, index] : [index, this.anchor]
      for (let i = from; i <= to; i++) this.selected.add(ids[i])
    } else if (mods.toggle) {
      const id = ids[index]
      if (this.selected.has(id)) this.selected.delete(id)
      else this.selected.add(id)
      this.anchor = index
    } else {
      this.selected.clear()
      this.selected.add(ids[index])
      this.anchor = index
    }
    this.focus = index
  }

  /** Arrow keys: moves the focus by delta; with shift the range from the anchor follows it. */
  move(delta: number, mods: Modifiers = {}): number | null {
    const ids = this.ids()
    if (ids.length === 0) return null
    const from = this.focus ?? (delta > 0 ? -1 : ids.length)
    const to = Math.max(0, Math.min(ids.length - 1, from + delta))
    if (mods.shift) {
      if (this.anchor === null) this.anchor = Math.max(0, from)
      const anchor = this.anchor
      this.click(to, { shift: true })
      this.anchor = anchor
    } else if (!mods.toggle) {
      this.click(to)
    }
    this.focus = to
    return to
  }

  selectAll(): void {
    this.ids().forEach((id) => this.selected.add(id))
  }

  clear(): void {
    this.selected.clear()
    this.anchor = null
  }

  has(id: string): boolean {
    return this.selected.has(id)
  }

  /** Drops ids that are no longer listed (after a move, trash or reload). */
  retain(): void {
    const live = new Set(this.ids())
    for (const id of [...this.selected]) if (!live.has(id)) this.selected.delete(id)
  }
}
