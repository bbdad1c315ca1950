// A folder of 1,000 files: how long it takes to open (printed), and that only what is in view is
// in the page, so 10,000 scroll the same way.
import { expect, test } from '@playwright/test'
import { entry, register } from './support'

test('a folder of 1,000 files opens quickly and scrolls to its end', async ({ page }) => {
  test.setTimeout(300_000)
  await register(page)
  const folder = await (await page.request.post('/api/cdn/folders/', { data: { name: 'many' } })).json()
  const names = Array.from({ length: 1000 }, (_, i) => `file-${String(i).padStart(4, '0')}.txt`)
  for (let i = 0; i < names.length; i += 8) {
    await Promise.all(names.slice(i, i + 8).map(async (name) => {
      const r = await page.request.post('/api/cdn/files/upload/', {
        multipart: { folder_id: folder.id, file: { name, mimeType: 'text/plain', buffer: Buffer.from(name) } },
      })
      expect(r.status(), await r.text()).toBe(201)
    }))
  }
  await page.goto('/drive')
  await entry(page, 'many').dblclick()
  const timing = page.getByTestId('render-ms')
  await expect(timing).toHaveAttribute('data-ms', /^\d+$/)
  const ms = Number(await timing.getAttribute('data-ms'))
  console.log(`timing: a folder of 1,000 files rendered in ${ms} ms (target 300 ms, ratio ${(ms / 300).toFixed(2)})`)
  expect(ms).toBeLessThan(3000)
  await expect(page.getByText('1000 items')).toBeVisible()
  // Virtualised: a screenful of rows, not a thousand.
  expect(await page.locator('[role="option"]').count()).toBeLessThan(80)
  await page.getByRole('listbox').focus()
  await page.keyboard.press('End')
  await expect(entry(page, 'file-0999.txt')).toBeVisible()
  await expect(entry(page, 'file-0000.txt')).toHaveCount(0)
})
