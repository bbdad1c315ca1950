// Short messages for the person (aria-live), and the theme.
import { defineStore } from 'pinia'

export interface Toast {
  id: number
  text: string
  kind: 'info' | 'error'
}

let nextId = 1

export const useUi = defineStore('ui', {
  state: () => ({
    toasts: [] as Toast[],
    theme: (localStorage.getItem('depot.theme') as 'light' | 'dark' | null) ?? null,
    storageVersion: 0,
  }),
  actions: {
    say(text: string, kind: Toast['kind'] = 'info'): void {
      const id = nextId++
      this.toasts.push({ id, text, kind })
      setTimeout(() => this.dismiss(id), kind === 'error' ? 8000 : 4000)
    },
    dismiss(id: number): void {
      this.toasts = this.toasts.filter((t) => t.id !== id)
    },
    /** Light or dark by choice; without one, as the system says. */
    toggleTheme(): void {
      const dark = this.theme ? this.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches
      this.theme = dark ? 'light' : 'dark'
      localStorage.setItem('depot.theme', this.theme)
      this.apply()
    },
    /** Folders were made, renamed, moved or trashed: the tree reloads. */
    foldersChanged(): void {
      this.storageVersion++
    },
    apply(): void {
      if (this.theme) document.documentElement.dataset.theme = this.theme
      else delete document.documentElement.dataset.theme
    },
  },
})
