// The upload queue. Every file goes through tus (resumable): a few at a time, each with its
// progress, speed and a cancel button. A name already taken in the folder is refused by the
// server before any byte is sent (409); the person then chooses to keep both, replace (a new
// version) or skip. A file picked again after a reload or a dropped network resumes where it
// stopped (tus-js-client remembers the upload's URL by the file's fingerprint).
import { defineStore } from 'pinia'
import * as tus from 'tus-js-client'
import { refreshOnce } from '../api/http'
import { SpeedMeter } from '../lib/format'

export type UploadState = 'queued' | 'waiting' | 'uploading' | 'done' | 'error' | 'cancelled' | 'conflict' | 'skipped'
export type ConflictChoice = 'fail' | 'rename' | 'replace'

export interface UploadItem {
  key: number
  name: string
  size: number
  folderId: string
  sent: number
  speed: number
  state: UploadState
  message: string
  choice: ConflictChoice
  resumed: boolean
  fileId: string | null
}

const CONCURRENCY = 3
const CHUNK = 8 * 1024 * 1024
/** Answers a retry cannot change. */
const FINAL = new Set([400, 403, 404, 409, 412, 413, 429])

// Not reactive: File objects and tus uploads stay out of the store's state.
const files = new Map<number, File>()
const running = new Map<number, tus.Upload>()
const meters = new Map<number, SpeedMeter>()
let nextKey = 1

export const useUploads = defineStore('uploads', {
  state: () => ({
    items: [] as UploadItem[],
    /** Set by "do this for every conflict". */
    everyConflict: null as ConflictChoice | 'skip' | null,
    /** Bumped when a file lands, so the open folder reloads. */
    landed: 0,
  }),
  getters: {
    active: (s) => s.items.filter((i) => ['uploading', 'queued', 'waiting'].includes(i.state)).length,
    conflicts: (s) => s.items.filter((i) => i.state === 'conflict'),
  },
  actions: {
    add(batch: { file: File; folderId: string; name?: string }[]): void {
      for (const { file, folderId, name } of batch) {
        const key = nextKey++
        files.set(key, file)
        this.items.push({
          key, name: name ?? file.name, size: file.size, folderId, sent: 0, speed: 0, state: 'queued',
          message: '', choice: 'fail', resumed: false, fileId: null,
        })
      }
      this.pump()
    },
    pump(): void {
      let busy = this.items.filter((i) => i.state === 'uploading').length
      for (const item of this.items) {
        if (busy >= CONCURRENCY) break
        if (item.state !== 'queued') continue
        busy++
        void this.start(item)
      }
    },
    async start(item: UploadItem): Promise<void> {
      const file = files.get(item.key)
      if (!file) return
      item.state = 'uploading'
      item.message = ''
      const meter = new SpeedMeter()
      meters.set(item.key, meter)
      const upload = new tus.Upload(file, {
        endpoint: '/api/cdn/uploads/',
        chunkSize: CHUNK,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        removeFingerprintOnSuccess: true,
        metadata: { filename: item.name, folder_id: item.folderId, conflict: item.choice },
        // The fingerprint names the target too: the same file sent to two folders is two uploads.
        fingerprint: async (f: File) => ['depot', item.folderId, item.name, f.size, f.lastModified].join(':'),
        onProgress: (sent) => {
          item.sent = sent
          meter.add(performance.now(), sent)
          item.speed = meter.bytesPerSecond()
        },
        onShouldRetry: (err) => {
          const status = (err as tus.DetailedError).originalResponse?.getStatus() ?? 0
          if (status === 401) {
            // The access token expired during a long upload: refresh, then go on.
            void refreshOnce()
            return true
          }
          return !FINAL.has(status)
        },
        onAfterResponse: (_req, res) => {
          const id = res.getHeader('Depot-File-Id')
          if (id) item.fileId = id
        },
        onSuccess: () => {
          running.delete(item.key)
          files.delete(item.key)
          item.state = 'done'
          item.sent = item.size
          item.speed = 0
          this.landed++
          this.pump()
        },
        onError: (err) => {
          running.delete(item.key)
          this.failed(item, err)
          this.pump()
        },
      })
      running.set(item.key, upload)
      const previous = await upload.findPreviousUploads()
      if (previous.length > 0) {
        upload.resumeFromPreviousUpload(previous[0])
        item.resumed = true
      }
      upload.start()
    },
    failed(item: UploadItem, err: Error): void {
      const response = (err as tus.DetailedError).originalResponse
      const status = response?.getStatus() ?? 0
      let message = err.message
      let details: Record<string, unknown> = {}
      try {
        const body = JSON.parse(response?.getBody() ?? '')
        if (typeof body.message === 'string') message = body.message
        details = body.details ?? {}
      } catch {
        // not the envelope
      }
      item.speed = 0
      if (status === 429) {
        // The gateway's upload rate limit: wait as long as it says, then go on by itself.
        const seconds = Number(response?.getHeader('Retry-After')) || 10
        item.state = 'waiting'
        item.message = String(seconds)
        setTimeout(() => {
          if (item.state === 'waiting') {
            item.state = 'queued'
            this.pump()
          }
        }, seconds * 1000)
        return
      }
      if (status === 409 && !('existing_file_id' in details) && item.choice === 'fail') {
        item.message = message
        const every = this.everyConflict
        if (every) this.resolve(item, every)
        else item.state = 'conflict'
        return
      }
      item.state = 'error'
      item.message = status === 409 ? 'same-content' : status === 413 ? `quota:${message}` : message
    },
    resolve(item: UploadItem, choice: ConflictChoice | 'skip', forEvery = false): void {
      if (forEvery) this.everyConflict = choice
      if (choice === 'skip') {
        item.state = 'skipped'
        files.delete(item.key)
      } else {
        item.choice = choice
        item.state = 'queued'
      }
      if (forEvery) for (const other of this.conflicts) this.resolve(other, choice)
      this.pump()
    },
    cancel(item: UploadItem): void {
      const upload = running.get(item.key)
      running.delete(item.key)
      files.delete(item.key)
      item.state = 'cancelled'
      item.speed = 0
      // Terminates the upload on the server too: its partial bytes go at once.
      if (upload) void upload.abort(true).catch(() => undefined)
      this.pump()
    },
    retry(item: UploadItem): void {
      if (files.has(item.key)) {
        item.state = 'queued'
        this.pump()
      }
    },
    clearFinished(): void {
      this.items = this.items.filter((i) => ['uploading', 'queued', 'waiting', 'conflict'].includes(i.state))
      if (this.items.every((i) => i.state !== 'conflict')) this.everyConflict = null
    },
  },
})
