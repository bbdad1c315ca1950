// Depot's API, one function per call the app makes (through the gateway, same origin).
import { api, query as q } from './http'
import type {
  FileItem, Folder, Page, Providers, Root, SearchResult, Storage, TrashEntry, User, Version,
} from './types'


export interface Session {
  expires_in: number
  user: User
}

export const auth = {
  login: (login: string, password: string) => api<Session>('POST', '/api/auth/login', { json: { login, password } }),
  register: (email: string, username: string, password: string) =>
    api<Session>('POST', '/api/auth/register', { json: { email, username, password } }),
  refresh: () => api<Session>('POST', '/api/auth/refresh'),
  logout: () => api<unknown>('POST', '/api/auth/logout'),
  me: () => api<User>('GET', '/api/auth/me'),
  retrieve: (authCode: string) => api<Session>('POST', '/api/auth/retrieve', { json: { auth_code: authCode } }),
  changePassword: (oldPassword: string, newPassword: string) =>
    api<unknown>('POST', '/api/auth/reset_password', { json: { old_password: oldPassword, new_password: newPassword } }),
  providers: () => api<Providers>('GET', '/api/auth/providers'),
}

export type Ordering = 'name' | '-name' | 'created_at' | '-created_at' | 'file_size' | '-file_size'

export const folders = {
  root: () => api<Root>('GET', '/api/cdn/folders/root/'),
  get: (id: string) => api<Folder>('GET', `/api/cdn/folders/${id}/`),
  /** Everything in a folder at once, for whoever may see it (a folder shared with the caller too). */
  contents: (id: string) => api<{ folder: Folder; folders: Folder[]; files: FileItem[] }>('GET', `/api/cdn/folders/${id}/contents/`),
  children: (parent: string, page = 1, pageSize = 100) =>
    api<Page<Folder>>('GET', `/api/cdn/folders/${q({ parent, page, page_size: pageSize })}`),
  create: (name: string, parent: string | null) =>
    api<Folder>('POST', '/api/cdn/folders/', { json: { name, parent } }),
  update: (id: string, change: { name?: string; parent?: string }) =>
    api<Folder>('PATCH', `/api/cdn/folders/${id}/`, { json: change }),
  trash: (id: string) => api<unknown>('DELETE', `/api/cdn/folders/${id}/`),
  star: (id: string) => api<{ starred: boolean }>('POST', `/api/cdn/folders/${id}/star/`),
  starred: () => api<Page<Folder>>('GET', `/api/cdn/folders/${q({ starred: true, page_size: 100 })}`),
}

export const files = {
  page: (folderId: string, ordering: Ordering, page: number, pageSize = 100) =>
    api<Page<FileItem>>('GET', `/api/cdn/files/${q({ folder_id: folderId, ordering, page, page_size: pageSize })}`),
  get: (id: string) => api<FileItem>('GET', `/api/cdn/files/${id}/`),
  update: (id: string, change: { filename?: string; folder?: string }) =>
    api<FileItem>('PATCH', `/api/cdn/files/${id}/`, { json: change }),
  trash: (id: string) => api<unknown>('DELETE', `/api/cdn/files/${id}/`),
  star: (id: string) => api<{ starred: boolean }>('POST', `/api/cdn/files/${id}/star/`),
  starred: () => api<FileItem[]>('GET', '/api/cdn/files/starred/'),
  recent: () => api<FileItem[]>('GET', '/api/cdn/files/recent/'),
  versions: (id: string) => api<{ versions: Version[] }>('GET', `/api/cdn/files/${id}/versions/`),
  restoreVersion: (id: string, n: number) => api<unknown>('POST', `/api/cdn/files/${id}/versions/${n}/restore/`),
  download: (id: string) => api<{ download_url: string; filename: string }>('GET', `/api/cdn/files/${id}/download/`),
  contentUrl: (id: string) => `/api/cdn/files/${id}/content`,
}

export const trash = {
  list: (page = 1) => api<Page<TrashEntry>>('GET', `/api/cdn/trash/${q({ page, page_size: 100 })}`),
  restore: (id: string) => api<unknown>('POST', `/api/cdn/trash/${id}/restore/`),
  remove: (id: string) => api<unknown>('DELETE', `/api/cdn/trash/${id}/`),
  empty: () => api<unknown>('POST', '/api/cdn/trash/empty/'),
}

export const search = (query: string, signal?: AbortSignal) =>
  api<SearchResult>('GET', `/api/cdn/search/${q({ q: query })}`, { signal })

export const storage = () => api<Storage>('GET', '/api/cdn/storage/')
