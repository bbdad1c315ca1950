// One way to call Depot's API from the browser: same-origin fetch with the HTTP-only session
// cookies (no token is ever visible to scripts), errors as ApiError from the JSON envelope, and
// one silent refresh of the session when an access token has expired.

export interface Envelope {
  success: false
  error: string
  message: string
  details?: Record<string, unknown>
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly retryAfter: number | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** Network failure, not an answer: status 0. */
  static offline(cause: unknown): ApiError {
    return new ApiError(0, 'NetworkError', cause instanceof Error ? cause.message : String(cause))
  }
}

export interface RequestOptions {
  json?: unknown
  body?: BodyInit
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Answers with no JSON body (204, a redirect) come back as null. */
  raw?: boolean
}

type Refresher = () => Promise<boolean>
let refresher: Refresher | null = null
let refreshing: Promise<boolean> | null = null
let onSignedOut: (() => void) | null = null

/** The session store registers how to refresh, and what to do when the session is gone. */
export function configureSession(refresh: Refresher, signedOut: () => void): void {
  refresher = refresh
  onSignedOut = signedOut
}

/** One refresh at a time: every request that hit a 401 meanwhile waits for the same one. */
export function refreshOnce(): Promise<boolean> {
  if (!refresher) return Promise.resolve(false)
  if (!refreshing) {
    refreshing = refresher().finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

/** "?a=1&b=2" of the parameters that have a value ("" when none has). */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const s = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v))
  const text = s.toString()
  return text ? `?${text}` : ''
}

/** Routes where a 401 means "wrong credentials", not "the access token expired". */
const NO_REFRESH = ['/api/auth/login', '/api/auth/register', '/api/auth/refresh', '/api/auth/logout']

/** A read refused by the gateway's rate limit is sent again once, if the wait it names is this short. */
const SHORT_WAIT_SECONDS = 10

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options)
  if (response.status === 429 && method === 'GET') {
    const wait = Number(response.headers.get('Retry-After'))
    if (wait > 0 && wait <= SHORT_WAIT_SECONDS) {
      await new Promise((resolve) => setTimeout(resolve, wait * 1000))
      response = await send(method, path, options)
    }
  }
  if (response.status === 401 && !NO_REFRESH.some((p) => path.startsWith(p))) {
    if (await refreshOnce()) {
      return parse<T>(await send(method, path, options), options)
    }
    onSignedOut?.()
  }
  return parse<T>(response, options)
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  let body = options.body
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  }
  try {
    return await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw ApiError.offline(e)
  }
}

async function parse<T>(response: Response, options: RequestOptions): Promise<T> {
  if (response.ok) {
    if (options.raw || response.status === 204) return null as T
    const text = await response.text()
    return (text ? JSON.parse(text) : null) as T
  }
  throw await errorOf(response)
}

/** The envelope of an error answer, or a generic error when the body is not one. */
export async function errorOf(response: Response): Promise<ApiError> {
  const retry = Number(response.headers.get('Retry-After'))
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null
  try {
    const body = (await response.json()) as Partial<Envelope>
    if (body && typeof body.message === 'string') {
      return new ApiError(response.status, body.error ?? 'Error', body.message, body.details ?? {}, retryAfter)
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, 'Error', response.statusText || `HTTP ${response.status}`, {}, retryAfter)
}
