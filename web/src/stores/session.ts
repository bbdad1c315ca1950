// Who is signed in. The session lives in HTTP-only cookies set by auth-service; this store only
// knows the user, refreshes the access token a little before it expires (and on any 401), and
// sends the person to the sign-in page when the session is gone.
import { defineStore } from 'pinia'
import { auth, type Session } from '../api/depot'
import { configureSession, refreshOnce } from '../api/http'
import type { Providers, User } from '../api/types'

let timer: ReturnType<typeof setTimeout> | undefined

export const useSession = defineStore('session', {
  state: () => ({
    user: null as User | null,
    checked: false,
    ended: false,
    providers: { external: [] } as Providers,
  }),
  actions: {
    /** At start: is there a session (cookie) already? */
    async init(): Promise<void> {
      configureSession(() => this.refresh(), () => this.signedOut())
      auth.providers().then((p) => (this.providers = p)).catch(() => undefined)
      try {
        this.user = await auth.me()
        // How old the access token is is unknown here: refresh well before any token could expire.
        this.schedule(300)
      } catch {
        this.user = null
      } finally {
        this.checked = true
      }
    },
    async login(login: string, password: string): Promise<void> {
      this.started(await auth.login(login, password))
    },
    async register(email: string, username: string, password: string): Promise<void> {
      this.started(await auth.register(email, username, password))
    },
    async retrieve(code: string): Promise<void> {
      this.started(await auth.retrieve(code))
    },
    async logout(): Promise<void> {
      try {
        await auth.logout()
      } finally {
        this.clear()
      }
    },
    /** Answers whether the session goes on; used by every request that met a 401. */
    async refresh(): Promise<boolean> {
      try {
        const session = await auth.refresh()
        this.user = session.user ?? this.user
        this.schedule(session.expires_in)
        return true
      } catch {
        return false
      }
    },
    started(session: Session): void {
      this.user = session.user
      this.ended = false
      this.schedule(session.expires_in)
    },
    schedule(expiresInSeconds: number): void {
      clearTimeout(timer)
      // At 80% of the lifetime, so a slow network or a sleeping tab still refreshes in time.
      const ms = Math.max(10, expiresInSeconds * 0.8) * 1000
      timer = setTimeout(() => void refreshOnce(), ms)
    },
    signedOut(): void {
      if (this.user) this.ended = true
      this.clear()
    },
    clear(): void {
      clearTimeout(timer)
      this.user = null
    },
  },
})
