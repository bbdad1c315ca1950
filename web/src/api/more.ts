// Depot's API beyond the drive itself: shares and public links, activity, analytics, processing,
// personal API tokens and webhooks.
import { api, query as q } from './http'
import type { Page } from './types'


export type ResourceType = 'file' | 'folder'
export type UserRole = 'view' | 'download' | 'edit' | 'admin'
export type LinkLevel = 'view' | 'download' | 'upload'

export interface Share {
  id: string
  resource_type: ResourceType
  resource_id: string
  resource: { name: string; state: string; size: number | null; mime_type: string | null } | null
  shared_with_user: { id: string; username: string } | null
  permission_level: string
  is_public: boolean
  public_token: string | null
  public_url: string | null
  password_protected: boolean
  expires_at: string | null
  allow_download: boolean
  download_limit: number | null
  download_count: number
  is_expired: boolean
  access_logs_count: number
  created_at: string
  created_by: { id: string; username: string } | null
}

export interface ShareStatus {
  share_id: string
  is_public: boolean
  public_url: string | null
  permission_level: string
  your_permission: string
  shared_with: { user_id: string; username: string; permission_level: string }[]
}

export interface WithMe {
  id: string
  resource_type: ResourceType
  resource_id: string
  resource: { name: string; state: string; size: number | null; mime_type: string | null } | null
  shared_by: { id: string; username: string } | null
  permission_level: UserRole
  allow_download: boolean
  expires_at: string | null
  shared_at: string
}

export interface Access {
  id: string
  kind: string
  file_id: string | null
  user_id: string | null
  client_ip: string | null
  user_agent: string | null
  accessed_at: string
}

export interface NewLink {
  permission_level: LinkLevel
  password?: string
  expires_at?: string | null
  download_limit?: number | null
  allow_download: boolean
}

export const shares = {
  status: (type: ResourceType, id: string) =>
    api<ShareStatus[]>('GET', `/api/cdn/shares/status/${q({ resource_type: type, resource_id: id })}`),
  get: (id: string) => api<Share>('GET', `/api/cdn/shares/${id}/`),
  mine: (page = 1) => api<Page<Share>>('GET', `/api/cdn/shares/${q({ page, page_size: 100 })}`),
  withMe: (page = 1) => api<Page<WithMe>>('GET', `/api/cdn/shares/with-me/${q({ page, page_size: 100 })}`),
  createLink: (type: ResourceType, id: string, link: NewLink) =>
    api<Share>('POST', '/api/cdn/shares/', { json: { resource_type: type, resource_id: id, is_public: true, ...link } }),
  shareWith: (type: ResourceType, id: string, who: string, role: UserRole) =>
    api<Share>('POST', '/api/cdn/shares/', {
      json: { resource_type: type, resource_id: id, is_public: false, shared_with_user: who, permission_level: role },
    }),
  update: (id: string, change: Record<string, unknown>) => api<Share>('PATCH', `/api/cdn/shares/${id}/`, { json: change }),
  remove: (id: string) => api<unknown>('DELETE', `/api/cdn/shares/${id}/`),
  accesses: (id: string, page = 1) => api<Page<Access>>('GET', `/api/cdn/shares/${id}/accesses/${q({ page, page_size: 100 })}`),
}

export interface Activity {
  id: string
  action_type: string
  resource_type: string | null
  resource_id: string | null
  resource_name: string | null
  ip_address: string | null
  created_at: string
}

export interface Dashboard {
  stats: { total_files: number; total_folders: number; total_size: number; total_size_human: string }
  recent_activity: Activity[]
  recent_files: { id: string; filename: string; folder: string | null; file_size: number; mime_type: string; created_at: string }[]
  storage_by_type: { mime_type: string; count: number; size: number; type: string; name: string }[]
}

export interface Day {
  date: string
  downloads: number
  share_views: number
  share_downloads: number
  share_uploads?: number
}

export interface DriveAnalytics {
  from: string
  to: string
  totals: { downloads: number; share_views: number; share_downloads: number; share_uploads: number }
  daily: Day[]
  top_files: { file_id: string; filename: string; downloads: number; share_views: number; share_downloads: number; total: number }[]
}

export interface FileAnalytics {
  file_id: string
  filename: string
  downloads: number
  share_views: number
  share_downloads: number
  daily: Day[]
}

export interface Job {
  id: string
  file_id: string
  filename: string | null
  status: string
  runs: number
  reason: string | null
  thumbnail_url: string | null
  finished_at: string | null
  created_at: string
}

export interface ActivityFilter {
  action?: string
  resource_type?: string
  from?: string
  to?: string
}

export const insights = {
  dashboard: () => api<Dashboard>('GET', '/api/cdn/dashboard/'),
  activity: (filter: ActivityFilter, page: number) =>
    api<Page<Activity>>('GET', `/api/cdn/activity/${q({ ...filter, page, page_size: 50 })}`),
  drive: (from?: string, to?: string) => api<DriveAnalytics>('GET', `/api/cdn/analytics/${q({ from, to, page_size: 1 })}`),
  file: (id: string) => api<FileAnalytics>('GET', `/api/cdn/analytics/${id}/`),
  jobs: (status: string, page = 1) => api<Page<Job>>('GET', `/api/cdn/processing/${q({ status, page, page_size: 50 })}`),
  reprocess: (fileId: string) => api<unknown>('POST', `/api/cdn/files/${fileId}/reprocess/`),
}

export interface ApiToken {
  id: string
  name: string
  prefix: string
  token?: string
  created_at: string
  expires_at: string | null
  last_used_at?: string | null
}

export interface Webhook {
  id: string
  url: string
  event_types: string[]
  description: string | null
  is_active: boolean
  disabled_reason: string | null
  secret?: string
  created_at: string
}

export interface Delivery {
  id: string
  event_type: string
  status: string
  attempts: number
  response_status: number | null
  error: string | null
  created_at: string
}

export const settings = {
  tokens: () => api<Page<ApiToken>>('GET', '/api/auth/tokens/?page_size=100'),
  createToken: (name: string, expiresInDays?: number) =>
    api<ApiToken>('POST', '/api/auth/tokens/', { json: { name, expires_in_days: expiresInDays } }),
  revokeToken: (id: string) => api<unknown>('DELETE', `/api/auth/tokens/${id}`),
  webhooks: () => api<Page<Webhook>>('GET', '/api/cdn/webhooks/?page_size=100'),
  createWebhook: (url: string, eventTypes: string[], description: string) =>
    api<Webhook>('POST', '/api/cdn/webhooks/', { json: { url, event_types: eventTypes, description } }),
  deleteWebhook: (id: string) => api<unknown>('DELETE', `/api/cdn/webhooks/${id}/`),
  deliveries: (id: string) => api<Page<Delivery>>('GET', `/api/cdn/webhooks/${id}/deliveries/?page_size=50`),
}

/** The event types a webhook can subscribe to and the activity can be filtered by. */
export const EVENT_TYPES = [
  'file.uploaded', 'file.updated', 'file.moved', 'file.starred', 'file.trashed', 'file.restored', 'file.deleted',
  'file.downloaded', 'folder.created', 'folder.renamed', 'folder.moved', 'folder.trashed', 'folder.restored',
  'folder.deleted', 'share.created', 'share.updated', 'share.revoked', 'share.accessed', 'storage.limit_reached',
  'processing.completed', 'processing.failed',
]
