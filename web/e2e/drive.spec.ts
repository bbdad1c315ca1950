// A person's own drive in the browser, against the whole suite through the gateway: one account,
// one page, each step building on the one before (as a person would use it).
import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dropFiles, entry, expectAccessible, png, register } from './support'

test.describe.configure({ mode: 'serial' })

let page: Page
/** The folder tree uploaded in one step, kept on disk for a second upload later. */
let albumDir = ''

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext()).newPage()
})
test.afterAll(async () => {
  await page.context().close()
})

test('register and land in an empty drive', async () => {
  await register(page)
  await expectAccessible(page, 'the empty drive')
})

test('upload files with the picker, and by dropping them', async () => {
  await page.getByTestId('file-input').setInputFiles([
    { name: 'red.png', mimeType: 'image/png', buffer: png(320, 200, [220, 30, 30]) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('first line of the notes\nsecond line\n') },
  ])
  await expect(entry(page, 'red.png')).toBeVisible()
  await expect(entry(page, 'notes.txt')).toBeVisible()
  await expect(page.locator('[data-upload="notes.txt"]')).toHaveAttribute('data-state', 'done')

  await dropFiles(page, '[data-testid="drive"]', [{ name: 'dropped.md', type: 'text/markdown', text: '# dropped here\n' }])
  await expect(entry(page, 'dropped.md')).toBeVisible()
})

test('the thumbnail of an image appears once the worker made it', async () => {
  await expect(entry(page, 'red.png').locator('img.thumb')).toBeVisible({ timeout: 60_000 })
  const src = await entry(page, 'red.png').locator('img.thumb').getAttribute('src')
  const thumb = await page.request.get(src!)
  expect(thumb.status()).toBe(200)
  expect(thumb.headers()['content-type']).toMatch(/^image\//)
})

test('upload a whole folder, its tree made as it was', async () => {
  const dir = (albumDir = test.info().outputPath('album'))
  mkdirSync(`${dir}/2024/summer`, { recursive: true })
  writeFileSync(`${dir}/cover.txt`, 'the cover')
  writeFileSync(`${dir}/2024/summer/beach.txt`, 'sand')
  await page.getByTestId('folder-input').setInputFiles(dir)
  await expect(entry(page, 'album')).toBeVisible()
  await entry(page, 'album').dblclick()
  await expect(entry(page, 'cover.txt')).toBeVisible()
  await entry(page, '2024').dblclick()
  await entry(page, 'summer').dblclick()
  await expect(entry(page, 'beach.txt')).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('My files')
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('album')
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My files' }).click()
  await expect(entry(page, 'album')).toBeVisible()
})

test('rename a file', async () => {
  await entry(page, 'notes.txt').click()
  await page.getByRole('button', { name: 'Rename' }).click()
  await page.getByLabel('New name').fill('meeting notes.txt')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(entry(page, 'meeting notes.txt')).toBeVisible()
  await expect(entry(page, 'notes.txt')).toHaveCount(0)
})

test('make a folder and move into it, by dialog and by dragging', async () => {
  await page.getByRole('button', { name: /New folder/ }).click()
  await page.getByLabel('Folder name').fill('Archive')
  await page.getByRole('button', { name: 'Create' }).click()
  await expect(entry(page, 'Archive')).toBeVisible()

  await entry(page, 'dropped.md').click()
  await page.getByRole('button', { name: 'Move', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: /Archive/ }).click()
  await dialog.getByRole('button', { name: 'Move here' }).click()
  await expect(entry(page, 'dropped.md')).toHaveCount(0)

  await entry(page, 'meeting notes.txt').dragTo(entry(page, 'Archive'))
  await expect(entry(page, 'meeting notes.txt')).toHaveCount(0)
  await entry(page, 'Archive').dblclick()
  await expect(entry(page, 'dropped.md')).toBeVisible()
  await expect(entry(page, 'meeting notes.txt')).toBeVisible()
  await page.goBack()
  await expect(entry(page, 'red.png')).toBeVisible()
})

test('select with the keyboard and star; the Starred view lists it', async () => {
  await entry(page, 'red.png').click()
  await page.getByRole('listbox').press('ArrowUp')
  await page.getByRole('listbox').press('Shift+ArrowDown')
  await expect(page.getByText('2 selected')).toBeVisible()
  await entry(page, 'red.png').click()
  await page.getByRole('button', { name: 'Star', exact: true }).click()
  await expect(entry(page, 'red.png')).toContainText('★')
  await page.getByRole('link', { name: 'Starred' }).click()
  await expect(entry(page, 'red.png')).toBeVisible()
  await expectAccessible(page, 'Starred')
  await page.getByRole('link', { name: 'Recent' }).click()
  await expect(page.getByRole('heading', { name: 'Recent' })).toBeVisible()
  await expectAccessible(page, 'Recent')
})

test('search as you type finds files in every folder', async () => {
  await page.getByRole('searchbox', { name: 'Search' }).fill('beach')
  await expect(page).toHaveURL(/\/search\?q=beach/)
  await expect(entry(page, 'beach.txt')).toBeVisible()
  await expectAccessible(page, 'search results')
  await page.getByRole('searchbox', { name: 'Search' }).fill('')
  await page.getByRole('link', { name: 'My files' }).click()
})

test('preview an image and a text file', async () => {
  await entry(page, 'red.png').dblclick()
  const preview = page.getByTestId('preview')
  await expect(preview.locator('img')).toBeVisible()
  expect(await preview.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
  await expectAccessible(page, 'the preview')
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click()

  await entry(page, 'album').dblclick()
  await entry(page, 'cover.txt').dblclick()
  await expect(page.getByTestId('preview').locator('pre')).toHaveText('the cover')
  await page.keyboard.press('Escape')
  await page.goBack()
})

test('download a file and get the very bytes uploaded', async () => {
  await entry(page, 'red.png').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()])
  expect(download.suggestedFilename()).toBe('red.png')
  const bytes = readFileSync((await download.path())!)
  expect(bytes.equals(png(320, 200, [220, 30, 30]))).toBe(true)
})

test('details show the file, its hash and dimensions', async () => {
  await entry(page, 'red.png').click()
  await page.getByRole('button', { name: 'Details' }).click()
  const details = page.getByTestId('details')
  await expect(details).toContainText('320 × 200')
  await expect(details).toContainText('image/png')
  const { createHash } = await import('node:crypto')
  await expect(details).toContainText(createHash('sha256').update(png(320, 200, [220, 30, 30])).digest('hex'))
  await page.keyboard.press('Escape')
})

test('trash and restore', async () => {
  await entry(page, 'red.png').click()
  await page.getByRole('button', { name: 'Move to trash' }).click()
  await expect(entry(page, 'red.png')).toHaveCount(0)
  await page.getByRole('link', { name: 'Trash' }).click()
  const row = page.locator('tr[data-name="red.png"]')
  await expect(row).toBeVisible()
  await expectAccessible(page, 'the trash')
  await row.getByRole('button', { name: 'Restore' }).click()
  await expect(row).toHaveCount(0)
  await page.getByRole('link', { name: 'My files' }).click()
  await expect(entry(page, 'red.png')).toBeVisible()
})

test('delete for good, and empty the trash', async () => {
  await entry(page, 'album').click()
  await page.getByRole('button', { name: 'Move to trash' }).click()
  await entry(page, 'Archive').click()
  await page.getByRole('button', { name: 'Move to trash' }).click()
  await page.getByRole('link', { name: 'Trash' }).click()
  await page.locator('tr[data-name="album"]').getByRole('button', { name: 'Delete forever' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete forever' }).click()
  await expect(page.locator('tr[data-name="album"]')).toHaveCount(0)
  await expect(page.locator('tr[data-name="Archive"]')).toBeVisible()
  await page.getByRole('button', { name: 'Empty trash' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete forever' }).click()
  await expect(page.getByText('The trash is empty.')).toBeVisible()
  const answer = await page.request.get('/api/cdn/trash/')
  const trash = await answer.json()
  expect(answer.status(), JSON.stringify(trash)).toBe(200)
  expect(trash.count).toBe(0)
  await page.getByRole('link', { name: 'My files' }).click()
  await expect(entry(page, 'Archive')).toHaveCount(0)
  await page.getByTestId('folder-input').setInputFiles(albumDir)
  await expect(entry(page, 'album')).toBeVisible()
})

test('grid view, settings and storage', async () => {
  await page.getByRole('listbox').press('Escape') // nothing selected: the view's own tools show
  await page.getByRole('button', { name: 'Grid view' }).click()
  await expect(page.locator('.cell[data-name="red.png"]')).toBeVisible()
  await expectAccessible(page, 'the grid view')
  await page.getByRole('button', { name: 'List view' }).click()
  await page.getByRole('link', { name: 'Settings' }).click()
  await expect(page.getByText(/of .* used/).first()).toBeVisible()
  await expectAccessible(page, 'settings')
})

test('a screenshot of the drive for the README', async () => {
  await page.setViewportSize({ width: 1100, height: 620 })
  await page.getByRole('link', { name: 'My files' }).click()
  await expect(entry(page, 'red.png').locator('img.thumb')).toBeVisible()
  await page.getByRole('button', { name: 'Clear finished' }).click()
  await entry(page, 'album').click()
  await expect(page.locator('.toast')).toHaveCount(0) // they go by themselves within seconds
  await page.screenshot({ path: 'test-results/screenshots/drive.png' })
})
