// Previews of the kinds the worker does not make images of, or makes one page of: audio streamed
// with Range requests, and a PDF's first page. And the dark theme, checked for accessibility too.
import { expect, test } from '@playwright/test'
import { entry, expectAccessible, pdf, register, wav } from './support'

test('audio plays from the content URL with Range requests; a PDF shows its first page', async ({ page }) => {
  await register(page)
  await page.getByTestId('file-input').setInputFiles([
    { name: 'tone.wav', mimeType: 'audio/wav', buffer: wav(2) },
    { name: 'letter.pdf', mimeType: 'application/pdf', buffer: pdf('Hello from Depot') },
  ])
  await expect(entry(page, 'tone.wav')).toBeVisible()

  const ranged = page.waitForRequest((r) => r.url().includes('/content') && !!r.headers()['range'])
  await entry(page, 'tone.wav').dblclick()
  const audio = page.getByTestId('preview').locator('audio')
  await expect(audio).toBeVisible()
  await ranged
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeCloseTo(2, 0)
  await page.keyboard.press('Escape')

  // The worker renders the first page; the list polls until it has.
  await expect(entry(page, 'letter.pdf').locator('img.thumb')).toBeVisible({ timeout: 60_000 })
  await entry(page, 'letter.pdf').dblclick()
  const page1 = page.getByTestId('preview').locator('img')
  await expect(page1).toBeVisible()
  await expect.poll(() => page1.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100)
  await expect(page.getByTestId('preview')).toContainText('First page of 1')
})

test('the dark theme follows the system and stays readable', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await register(page)
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(background).toBe('rgb(17, 19, 24)')
  await page.getByTestId('file-input').setInputFiles([{ name: 'night.txt', mimeType: 'text/plain', buffer: Buffer.from('dark') }])
  await expect(entry(page, 'night.txt')).toBeVisible()
  await entry(page, 'night.txt').click()
  await expectAccessible(page, 'the drive in the dark theme')
  // The person's own choice wins over the system's, and is remembered.
  await page.getByRole('button', { name: 'Switch theme' }).click()
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(247, 248, 250)')
  await page.reload()
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(247, 248, 250)')
})
