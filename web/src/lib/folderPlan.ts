// A dropped or picked folder arrives as files with relative paths ("photos/2024/a.jpg"). Before
// the files are uploaded, the folders they go into are made, parents before children.

export interface PlannedFile<T> {
  file: T
  /** Folder path relative to the target folder, "" for the target itself. */
  dir: string
  name: string
}

export interface FolderPlan<T> {
  /** Each folder to create, parents first; "a/b" is created in "a". */
  folders: string[]
  files: PlannedFile<T>[]
}

export function planFolderUpload<T>(entries: { path: string; file: T }[]): FolderPlan<T> {
  const folders = new Set<string>()
  const files: PlannedFile<T>[] = []
  for (const { path, file } of entries) {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.' && p !== '..')
    if (parts.length === 0) continue
    const name = parts.pop()!
    for (let i = 1; i <= parts.length; i++) folders.add(parts.slice(0, i).join('/'))
    files.push({ file, dir: parts.join('/'), name })
  }
  const ordered = [...folders].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
  return { folders: ordered, files }
}

/** "a/b/c" → ["a/b", "c"]; "c" → ["", "c"]. */
export function splitParent(path: string): [string, string] {
  const i = path.lastIndexOf('/')
  return i < 0 ? ['', path] : [path.slice(0, i), path.slice(i + 1)]
}
