import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useUploads, type UploadItem } from './uploads'

// tus is not reached here: these tests hand the store the errors tus-js-client would.
vi.mock('tus-js-client', () => ({ Upload: class {} }))

/** An error as tus-js-client reports an answer: its status, body and headers. */
function answered(status: number, body: unknown, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`status ${status}`), {
    originalResponse: {
      getStatus: () => status,
      getBody: () => JSON.stringify(body),
      getHeader: (name: string) => headers[name] ?? null,
    },
  })
}

function item(store: ReturnType<typeof useUploads>, name: string): UploadItem {
  store.items.push({ key: store.items.length + 100, name, size: 10, folderId: 'f', sent: 0, speed: 0, state: 'uploading',
    message: '', choice: 'fail', resumed: false, fileId: null })
  return store.items[store.items.length - 1]
}

describe('the upload queue', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.useFakeTimers()
  })

  it('a taken name waits for the person; "for every conflict" answers the others too', () => {
    const store = useUploads()
    vi.spyOn(store, 'pump').mockImplementation(() => undefined)
    const a = item(store, 'a.txt')
    const b = item(store, 'b.txt')
    const taken = answered(409, { message: "a folder or file named 'a.txt' already exists here", details: { name: 'a.txt' } })
    store.failed(a, taken)
    store.failed(b, taken)
    expect([a.state, b.state]).toEqual(['conflict', 'conflict'])
    store.resolve(a, 'rename', true)
    expect([a.state, a.choice, b.state, b.choice]).toEqual(['queued', 'rename', 'queued', 'rename'])
    // Later conflicts of the batch follow the same answer without asking.
    const c = item(store, 'c.txt')
    store.failed(c, taken)
    expect([c.state, c.choice]).toEqual(['queued', 'rename'])
  })

  it('the same content already there, or a full quota, is a failure with its reason', () => {
    const store = useUploads()
    const same = item(store, 'same.png')
    store.failed(same, answered(409, { message: 'the same file is already in this folder', details: { existing_file_id: 'x' } }))
    expect([same.state, same.message]).toEqual(['error', 'same-content'])
    const big = item(store, 'big.bin')
    store.failed(big, answered(413, { message: 'this upload would exceed the storage quota' }))
    expect([big.state, big.message]).toEqual(['error', 'quota:this upload would exceed the storage quota'])
  })

  it('a rate limit (429) waits as long as Retry-After says, then queues the file again', () => {
    const store = useUploads()
    const pump = vi.spyOn(store, 'pump').mockImplementation(() => undefined)
    const slow = item(store, 'slow.txt')
    store.failed(slow, answered(429, { message: 'too many requests' }, { 'Retry-After': '7' }))
    expect([slow.state, slow.message]).toEqual(['waiting', '7'])
    vi.advanceTimersByTime(6900)
    expect(slow.state).toBe('waiting')
    vi.advanceTimersByTime(200)
    expect(slow.state).toBe('queued')
    expect(pump).toHaveBeenCalled()
  })

  it('a cancelled file does not come back when its wait ends', () => {
    const store = useUploads()
    vi.spyOn(store, 'pump').mockImplementation(() => undefined)
    const x = item(store, 'x.txt')
    store.failed(x, answered(429, { message: 'slow down' }, { 'Retry-After': '1' }))
    store.cancel(x)
    vi.advanceTimersByTime(2000)
    expect(x.state).toBe('cancelled')
  })
})
