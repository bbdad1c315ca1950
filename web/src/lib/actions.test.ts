import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api/http'
import { whileNotFound } from './actions'

describe('whileNotFound', () => {
  it('tries again while the answer is 404, and gives the first other answer', async () => {
    let calls = 0
    const work = vi.fn(async () => {
      if (++calls < 3) throw new ApiError(404, 'ResourceNotFound', 'folder')
      return 'found'
    })
    expect(await whileNotFound(work, 5, 1)).toBe('found')
    expect(work).toHaveBeenCalledTimes(3)
  })
  it('gives up after its tries, and never retries another error', async () => {
    const missing = vi.fn(async () => { throw new ApiError(404, 'ResourceNotFound', 'gone') })
    await expect(whileNotFound(missing, 3, 1)).rejects.toMatchObject({ status: 404 })
    expect(missing).toHaveBeenCalledTimes(3)
    const refused = vi.fn(async () => { throw new ApiError(403, 'Forbidden', 'no') })
    await expect(whileNotFound(refused, 3, 1)).rejects.toMatchObject({ status: 403 })
    expect(refused).toHaveBeenCalledTimes(1)
  })
})
