import { afterEach, describe, expect, it, vi } from 'vitest'
import { api, ApiError, configureSession, query } from './http'

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

afterEach(() => vi.unstubAllGlobals())

describe('api', () => {
  it('turns the error envelope into an ApiError with its details and Retry-After', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(429, { success: false, error: 'TooManyRequests', message: 'slow down', details: { limit: 10 } }, { 'Retry-After': '60' })))
    const error = await api('GET', '/api/cdn/search/?q=x').catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 429, error: 'TooManyRequests', message: 'slow down', details: { limit: 10 }, retryAfter: 60 })
  })

  it('refreshes once for every request that met a 401 at the same time, then retries each', async () => {
    let fresh = false
    const fetch = vi.fn(async () => (fresh ? answer(200, { ok: true }) : answer(401, { success: false, error: 'Unauthorized', message: 'expired' })))
    vi.stubGlobal('fetch', fetch)
    const refresh = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 10))
      fresh = true
      return true
    })
    configureSession(refresh, () => undefined)
    const results = await Promise.all([api('GET', '/api/cdn/files/'), api('GET', '/api/cdn/folders/root/'), api('GET', '/api/auth/me')])
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }])
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(fetch).toHaveBeenCalledTimes(6)
  })

  it('signs out when the refresh fails, and never refreshes for a failed sign-in', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(401, { success: false, error: 'Unauthorized', message: 'no' })))
    const signedOut = vi.fn()
    const refresh = vi.fn(async () => false)
    configureSession(refresh, signedOut)
    await expect(api('GET', '/api/cdn/files/')).rejects.toMatchObject({ status: 401 })
    expect(signedOut).toHaveBeenCalledTimes(1)
    await expect(api('POST', '/api/auth/login', { json: {} })).rejects.toMatchObject({ status: 401 })
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('waits out a short rate limit on a read and asks again once; a write is never sent twice', async () => {
    vi.useFakeTimers()
    let calls = 0
    vi.stubGlobal('fetch', vi.fn(async () => (++calls === 1
      ? answer(429, { success: false, error: 'TooManyRequests', message: 'wait' }, { 'Retry-After': '2' })
      : answer(200, { ok: calls }))))
    const read = api('GET', '/api/cdn/trash/')
    await vi.advanceTimersByTimeAsync(2000)
    expect(await read).toEqual({ ok: 2 })
    calls = 0
    await expect(api('POST', '/api/cdn/trash/empty/')).rejects.toMatchObject({ status: 429 })
    expect(calls).toBe(1)
    vi.useRealTimers()
  })

  it('sends JSON with the session cookies of this origin only', async () => {
    const fetch = vi.fn(async () => answer(201, { id: 1 }))
    vi.stubGlobal('fetch', fetch)
    await api('POST', '/api/cdn/folders/', { json: { name: 'a' } })
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(init.credentials).toBe('same-origin')
    expect(init.body).toBe('{"name":"a"}')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
  })
})

describe('query', () => {
  it('keeps the parameters that have a value, encoded', () => {
    expect(query({ q: 'a b&c', page: 2, empty: '', none: null, off: false })).toBe('?q=a+b%26c&page=2&off=false')
    expect(query({ gone: undefined })).toBe('')
  })
})
