// Files and folders dropped from the desktop, with their paths: a dropped folder is walked with
// the File System entries API (webkitGetAsEntry), which every current browser has.

export interface DroppedFile {
  file: File
  /** "photos/2024/a.jpg" for a file in a dropped folder; the name alone for a dropped file. */
  path: string
}

export async function droppedFiles(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items]
    .filter((i) => i.kind === 'file')
    .map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null))
  if (entries.some((e) => e === null)) {
    return [...data.files].map((file) => ({ file, path: file.name }))
  }
  const out: DroppedFile[] = []
  for (const entry of entries) await walk(entry!, '', out)
  return out
}

async function walk(entry: FileSystemEntry, dir: string, out: DroppedFile[]): Promise<void> {
  const path = dir ? `${dir}/${entry.name}` : entry.name
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))
    out.push({ file, path })
    return
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader()
  // readEntries answers in batches (100 in Chromium) until it answers an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (batch.length === 0) break
    for (const child of batch) await walk(child, path, out)
  }
}

/** Files from an <input type="file" webkitdirectory>: each knows its path. */
export function pickedFiles(list: FileList): DroppedFile[] {
  return [...list].map((file) => ({ file, path: file.webkitRelativePath || file.name }))
}
