import { describe, expect, it } from 'vitest'
import { planFolderUpload, splitParent } from './folderPlan'

describe('planFolderUpload', () => {
  it('makes each folder once, parents before children, and puts each file in its folder', () => {
    const plan = planFolderUpload([
      { path: 'photos/2024/b.jpg', file: 2 },
      { path: 'photos/a.jpg', file: 1 },
      { path: 'photos/2024/summer/c.jpg', file: 3 },
      { path: 'top.txt', file: 4 },
    ])
    expect(plan.folders).toEqual(['photos', 'photos/2024', 'photos/2024/summer'])
    expect(plan.files).toEqual([
      { file: 2, dir: 'photos/2024', name: 'b.jpg' },
      { file: 1, dir: 'photos', name: 'a.jpg' },
      { file: 3, dir: 'photos/2024/summer', name: 'c.jpg' },
      { file: 4, dir: '', name: 'top.txt' },
    ])
  })

  it('never climbs out of the target with dot segments', () => {
    const plan = planFolderUpload([{ path: '../../etc/./passwd', file: 1 }])
    expect(plan.folders).toEqual(['etc'])
    expect(plan.files[0]).toEqual({ file: 1, dir: 'etc', name: 'passwd' })
  })

  it('splits a path at its last slash', () => {
    expect(splitParent('a/b/c')).toEqual(['a/b', 'c'])
    expect(splitParent('c')).toEqual(['', 'c'])
  })
})
