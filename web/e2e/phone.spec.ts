// The drive on a phone-sized touch screen.
import { expect, test } from '@playwright/test'
import { entry, expectAccessible, register } from './support'

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

test('the drive works on a phone: menu, upload, tap to open, nothing wider than the screen', async ({ page }) => {
  await register(page)
  await expect(page.getByRole('link', { name: 'Starred' })).not.toBeInViewport()
  await page.getByTestId('file-input').setInputFiles([{ name: 'phone.txt', mimeType: 'text/plain', buffer: Buffer.from('from a phone') }])
  await expect(entry(page, 'phone.txt')).toBeVisible()
  await page.getByRole('button', { name: 'Clear finished' }).tap()
  await entry(page, 'phone.txt').tap()
  await expect(page.getByTestId('preview').locator('pre')).toHaveText('from a phone')
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().tap()
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
  await expectAccessible(page, 'the drive on a phone')
  await page.getByRole('button', { name: 'Menu' }).tap()
  await expect(page.getByRole('link', { name: 'Starred' })).toBeInViewport()
  await page.getByRole('link', { name: 'Trash' }).tap()
  await expect(page).toHaveURL(/\/trash$/)
  await expect(page.getByRole('link', { name: 'Starred' })).not.toBeInViewport()
})
