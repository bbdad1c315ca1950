// What the app does to files and folders, shared by every view that lists them.
import { files, folders } from '../api/depot'
import { ApiError } from '../api/http'
import type { Entry, Folder } from '../api/types'
import { planFolderUpload } from './folderPlan'
import type { DroppedFile } from './dropped'

export const keyOf = (e: Entry): string => (e.kind === 'folder' ? 'd:' : 'f:') + e.item.id
export const nameOf = (e: Entry): string => (e.kind === 'folder' ? e.item.name : e.item.filename)

export async function rename(entry: Entry, name: string): Promise<void> {
  if (entry.kind === 'folder') await folders.update(entry.item.id, { name })
  else await files.update(entry.item.id, { filename: name })
}

export async function move(entry: Entry, folderId: string): Promise<void> {
  if (entry.kind === 'folder') await folders.update(entry.item.id, { parent: folderId })
  else await files.update(entry.item.id, { folder: folderId })
}

export async function trash(entry: Entry): Promise<void> {
  if (entry.kind === 'folder') await folders.trash(entry.item.id)
  else await files.trash(entry.item.id)
}

export async function star(entry: Entry): Promise<boolean> {
  const answer = entry.kind === 'folder' ? await folders.star(entry.item.id) : await files.star(entry.item.id)
  return answer.starred
}

/** Downloads through the signed /cdn URL, so the browser saves it with its name. */
export async function download(fileId: string): Promise<void> {
  const link = await files.download(fileId)
  const a = document.createElement('a')
  a.href = link.download_url
  a.download = link.filename
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/**
 * Runs work again while it answers 404, a second apart, a few times: a share just made reaches
 * files-service as an event, usually within a second, and until then its folder is not found.
 */
export async function whileNotFound<T>(work: () => Promise<T>, tries = 8, pauseMs = 1000): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work()
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404 || i >= tries) throw e
      await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  }
}

/** Puts text on the clipboard and says so. */
export async function copyText(text: string, done: (message: string) => void, message: string): Promise<void> {
  await navigator.clipboard.writeText(text)
  done(message)
}

/** The folder named so in parent, made if it is not there yet. */
export async function ensureFolder(parent: string, name: string): Promise<Folder> {
  try {
    return await folders.create(name, parent)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 409) throw e
    for (let page = 1; ; page++) {
      const found = await folders.children(parent, page)
      const match = found.results.find((f) => f.name === name)
      if (match) return match
      if (!found.next) throw e
    }
  }
}

/** Makes the folders of a dropped or picked tree in target; answers each file with its folder. */
export async function prepareTree(target: string, picked: DroppedFile[]): Promise<{ file: File; folderId: string; name: string }[]> {
  const plan = planFolderUpload(picked.map((p) => ({ path: p.path, file: p.file })))
  const ids = new Map<string, string>([['', target]])
  for (const dir of plan.folders) {
    const cut = dir.lastIndexOf('/')
    const parent = ids.get(cut < 0 ? '' : dir.slice(0, cut))!
    ids.set(dir, (await ensureFolder(parent, dir.slice(cut + 1))).id)
  }
  return plan.files.map((f) => ({ file: f.file, folderId: ids.get(f.dir)!, name: f.name }))
}
