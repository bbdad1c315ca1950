// Sizes, dates and speeds as people read them.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB']

/** 1024-based with one decimal above bytes, as the API's file_size_human: "1.5 MB". */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`
}

export function formatDate(iso: string | null | undefined, locale = 'en'): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return '—'
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
}

/** What a MIME type is, in a word: "PDF", "PNG image", "Text". */
export function typeLabel(mime: string | null | undefined, filename = ''): string {
  if (!mime) return 'File'
  if (mime === 'application/pdf') return 'PDF'
  const [kind, sub = ''] = mime.split('/')
  const ext = filename.includes('.') ? filename.split('.').pop()!.toUpperCase() : sub.toUpperCase()
  switch (kind) {
    case 'image': return `${ext} image`
    case 'video': return `${ext} video`
    case 'audio': return `${ext} audio`
    case 'text': return 'Text'
    default: return ext ? `${ext} file` : 'File'
  }
}

/** Bytes per second over a sliding window of (time, bytes) samples. */
export class SpeedMeter {
  private samples: [number, number][] = []
  constructor(private readonly windowMs = 3000) {}

  add(now: number, totalBytes: number): void {
    this.samples.push([now, totalBytes])
    while (this.samples.length > 2 && now - this.samples[0][0] > this.windowMs) this.samples.shift()
  }

  bytesPerSecond(): number {
    if (this.samples.length < 2) return 0
    const [t0, b0] = this.samples[0]
    const [t1, b1] = this.samples[this.samples.length - 1]
    return t1 > t0 ? ((b1 - b0) * 1000) / (t1 - t0) : 0
  }
}
