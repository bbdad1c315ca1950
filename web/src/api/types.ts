// The shapes of Depot's /api/cdn and /api/auth answers that the app reads.

export interface User {
  id: string
  email: string
  username: string
  display_name: string | null
  name: string
  image: string | null
  storage_quota: number
}

export interface UserDetail {
  id: string
  username: string
  email: string
  full_name: string
  profile_picture: string | null
}

export interface Folder {
  id: string
  name: string
  parent: string | null
  full_path: string
  is_root: boolean
  is_starred: boolean
  children_count: number
  files_count: number
  created_at: string
  updated_at: string
}

export interface Version {
  id: string
  version_number: number
  file_size: number
  file_size_human: string
  created_at: string
}

export interface FileItem {
  id: string
  filename: string
  folder: string
  folder_detail: Folder | null
  file_size: number
  file_size_human: string
  mime_type: string
  category: string
  sha256: string | null
  cdn_url: string
  thumbnail_url: string | null
  preview_url: string | null
  processing_status: string
  width: number | null
  height: number | null
  taken_at: string | null
  page_count: number | null
  text_preview: string | null
  is_starred: boolean
  created_at: string
  updated_at: string
  last_accessed: string | null
  owner_detail: UserDetail | null
  versions: Version[]
  versions_count: number
}

export interface Page<T> {
  count: number
  next: string | null
  previous: string | null
  results: T[]
}

export interface Root {
  root_folder: Folder
  folders: Folder[]
  files: FileItem[]
}

export interface TrashEntry {
  type: 'file' | 'folder'
  id: string
  name: string
  size: number
  trashed_at: string
  original_path: string | null
  days_until_permanent_delete: number
}

export interface StorageCategory {
  type: string
  name: string
  size: number
  count: number
}

export interface Storage {
  total_used: number
  total_available: number
  percentage_used: number
  categories: StorageCategory[]
  trash_size: number
  trash_count: number
  versions_size: number
}

export interface SearchResult {
  query: string
  results: { files: FileItem[]; folders: Folder[] }
}

/** A row of the file list: a folder or a file. */
export type Entry = { kind: 'folder'; item: Folder } | { kind: 'file'; item: FileItem }

export interface Providers {
  external: { id: string; name: string; login_url: string }[]
}
