// The public side of a link, for visitors without an account: no session is used or made.
import { ApiError, errorOf } from './http'

export interface PublicShare {
  resource_type: 'file' | 'folder'
  permission_level: string
  allow_download: boolean
  expires_at: string | null
  has_password: boolean
  download_limit?: number
  downloads_remaining?: number
  shared_by: string | null
}

export interface PublicFile {
  id: string
  filename: string
  file_size: number
  mime_type: string
  download_url?: string
  thumbnail_url?: string | null
  preview_url?: string | null
  text_preview?: string | null
  page_count?: number | null
}

export interface PublicFolder {
  id: string
  name: string
  parent_id?: string | null
}

export interface PublicView {
  share: PublicShare
  file?: PublicFile
  folder?: PublicFolder
  folders?: PublicFolder[]
  files?: { count: number; next: string | null; results: PublicFile[] }
}

export interface DropTicket {
  upload_url: string
  method: string
  field: string
}

const base = (token: string) => `/api/cdn/shares/public/${encodeURIComponent(token)}`
// The ?token= form: an expired link answers 410 there (404 means none such), so the page can tell which.
const viewUrl = (token: string, folderId: string | undefined, page: number) =>
  `/api/cdn/shares/public/?token=${encodeURIComponent(token)}&page=${page}&page_size=100${folderId ? `&folder_id=${folderId}` : ''}`

async function call<T>(method: string, url: string, password: string): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...(password ? { 'X-Share-Password': password } : {}) },
      // A signed-in visitor's cookies go along (the access log names them); none is ever set here.
      credentials: 'same-origin',
    })
  } catch (e) {
    throw ApiError.offline(e)
  }
  if (!response.ok) throw await errorOf(response)
  return (await response.json()) as T
}

export const publicLink = {
  view: (token: string, password: string, folderId?: string, page = 1) =>
    call<PublicView>('GET', viewUrl(token, folderId, page), password),
  dropTicket: (token: string, password: string) => call<DropTicket>('POST', `${base(token)}/uploads/`, password),
}

/** Sends one file to a drop ticket, reporting progress; XHR because fetch cannot report upload progress. */
export function sendToDrop(ticket: DropTicket, file: File, progress: (sent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(ticket.method || 'POST', ticket.upload_url)
    xhr.withCredentials = false
    xhr.upload.onprogress = (e) => progress(e.loaded)
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve()
      let message = xhr.statusText
      try {
        message = JSON.parse(xhr.responseText).message ?? message
      } catch {
        // not the envelope
      }
      reject(new ApiError(xhr.status, 'Error', message))
    }
    xhr.onerror = () => reject(ApiError.offline('the upload was cut off'))
    const form = new FormData()
    form.append(ticket.field || 'file', file, file.name)
    xhr.send(form)
  })
}
