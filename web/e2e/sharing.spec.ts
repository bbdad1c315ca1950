// Sharing from the owner's side and the visitor's: public links with a password and a download
// limit, a file drop, a share with another user and its role, the access log; the dashboard,
// activity, analytics and processing pages; API tokens used with curl, and a webhook's deliveries.
import { expect, test, type Browser, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { createServer, type IncomingMessage } from 'node:http'
import { type AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { entry, expectAccessible, png, pngClaiming, register } from './support'

const PASSWORD = 'open sesame'

/** Opens the share dialog of an item in the open folder. */
async function shareDialog(page: Page, name: string) {
  await entry(page, name).click()
  await page.getByRole('button', { name: 'Share', exact: true }).click()
  return page.getByRole('dialog', { name: `Share “${name}”` })
}

async function newLink(page: Page, name: string, settings: { level?: string; password?: string; limit?: string }) {
  const dialog = await shareDialog(page, name)
  if (settings.level) await dialog.getByLabel('Permission', { exact: true }).selectOption(settings.level)
  if (settings.password) await dialog.getByLabel('Password (optional)').fill(settings.password)
  if (settings.limit) await dialog.getByLabel('Download limit').fill(settings.limit)
  await dialog.getByRole('button', { name: 'Create link' }).click()
  const url = await dialog.locator('li[data-link]').first().getAttribute('data-link')
  expect(url).toMatch(/^https?:\/\/[^/]+\/s\/[A-Za-z0-9_-]+$/)
  return { dialog, path: new URL(url!).pathname }
}

async function anonymous(browser: Browser, viewport?: { width: number; height: number }) {
  const context = await browser.newContext(viewport ? { viewport, isMobile: true, hasTouch: true } : {})
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

test('a password-protected link with a download limit, from the owner to a visitor and back', async ({ page, browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await register(page)
  const bytes = Buffer.from('the secret plans\n')
  await page.getByTestId('file-input').setInputFiles([{ name: 'secret.txt', mimeType: 'text/plain', buffer: bytes }])
  await expect(entry(page, 'secret.txt')).toBeVisible()

  const { dialog, path } = await newLink(page, 'secret.txt', { password: PASSWORD, limit: '2' })
  await expect(dialog.getByTestId('link-use')).toHaveText('0 of 2 downloads')
  await dialog.getByRole('button', { name: 'Copy' }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(path)
  await dialog.getByRole('button', { name: 'QR code' }).click()
  await expect(dialog.locator('img.qr')).toBeVisible()
  await expectAccessible(page, 'the share dialog')
  await page.screenshot({ path: 'test-results/screenshots/share.png' })
  await page.keyboard.press('Escape')

  const visitor = await anonymous(browser)
  await visitor.page.goto(path)
  await expect(visitor.page.getByRole('heading', { name: 'This link is protected by a password' })).toBeVisible()
  await expectAccessible(visitor.page, 'the password page')
  await visitor.page.getByLabel('Password').fill('wrong guess')
  await visitor.page.getByRole('button', { name: 'Open' }).click()
  await expect(visitor.page.getByRole('alert')).toContainText('That password is not right.')
  await expect(visitor.page.getByRole('alert')).toContainText('tries left')
  await visitor.page.getByLabel('Password').fill(PASSWORD)
  await visitor.page.getByRole('button', { name: 'Open' }).click()
  const file = visitor.page.getByTestId('public-file')
  await expect(file.getByRole('heading', { name: 'secret.txt' })).toBeVisible()
  await expect(file.locator('pre')).toHaveText('the secret plans')
  await expect(visitor.page.getByTestId('remaining')).toHaveText('2 downloads left')
  await expectAccessible(visitor.page, 'a public file')

  for (const left of ['1 downloads left', null]) {
    const [download] = await Promise.all([visitor.page.waitForEvent('download'), file.getByRole('link', { name: 'Download' }).click()])
    expect(readFileSync((await download.path())!).equals(bytes)).toBe(true)
    if (left) await expect(visitor.page.getByTestId('remaining')).toHaveText(left)
  }
  await expect(visitor.page.getByTestId('link-ended')).toContainText('This link is used up')
  await expectAccessible(visitor.page, 'a spent link')
  expect(await visitor.context.cookies()).toEqual([])
  expect(visitor.errors).toEqual([])
  await visitor.context.close()

  // The owner sees the use: the count, and each visit in the access log.
  const again = await shareDialog(page, 'secret.txt')
  await expect(again.getByTestId('link-use')).toHaveText('2 of 2 downloads')
  await again.getByRole('button', { name: 'Access log' }).click()
  const log = page.getByRole('dialog', { name: /Access log of the link/ })
  // Two downloads, and a view for each time the page read the link (at first, and after each download).
  const rows = log.getByTestId('access-log').locator('tbody tr')
  await expect(rows.filter({ has: page.locator('td:nth-child(2)', { hasText: /^download$/ }) })).toHaveCount(2)
  await expect(rows.filter({ has: page.locator('td:nth-child(2)', { hasText: /^view$/ }) })).toHaveCount(3)
  await expect(log.getByRole('img', { name: 'Uses per day, last 14 days' })).toBeVisible()
  await expectAccessible(page, 'the access log')
})

test('a file drop receives a file that lands in the owner\'s folder, showing nothing of it', async ({ page, browser }) => {
  await register(page)
  await page.getByRole('button', { name: /New folder/ }).click()
  await page.getByLabel('Folder name').fill('Inbox')
  await page.getByRole('button', { name: 'Create' }).click()
  await entry(page, 'Inbox').dblclick()
  await page.getByTestId('file-input').setInputFiles([{ name: 'private.txt', mimeType: 'text/plain', buffer: Buffer.from('mine') }])
  await expect(entry(page, 'private.txt')).toBeVisible()
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My files' }).click()
  const { path } = await newLink(page, 'Inbox', { level: 'upload' })
  await page.keyboard.press('Escape')

  const visitor = await anonymous(browser, { width: 390, height: 844 })
  await visitor.page.goto(path)
  const drop = visitor.page.getByTestId('drop')
  await expect(drop.getByRole('heading', { name: 'Send files to “Inbox”' })).toBeVisible()
  await expect(visitor.page.getByText('private.txt')).toHaveCount(0)
  await expectAccessible(visitor.page, 'a file drop on a phone')
  await visitor.page.getByTestId('drop-input').setInputFiles([{ name: 'from-a-visitor.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }])
  await expect(visitor.page.locator('[data-drop="from-a-visitor.txt"]')).toHaveAttribute('data-state', 'done')
  expect(await visitor.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
  expect(await visitor.context.cookies()).toEqual([])
  expect(visitor.errors).toEqual([])
  await visitor.context.close()

  await entry(page, 'Inbox').dblclick()
  await expect(entry(page, 'from-a-visitor.txt')).toBeVisible()
})

test('a public folder: walk into a subfolder and back, thumbnails and downloads, on a phone', async ({ page, browser }) => {
  await register(page)
  await page.getByTestId('folder-input').setInputFiles(await (async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const dir = test.info().outputPath('Photos')
    mkdirSync(`${dir}/2025`, { recursive: true })
    writeFileSync(`${dir}/blue.png`, png(64, 64, [30, 60, 220]))
    writeFileSync(`${dir}/2025/notes.txt`, 'a year of photos')
    return dir
  })())
  await expect(entry(page, 'Photos')).toBeVisible()
  await entry(page, 'Photos').dblclick()
  await expect(entry(page, 'blue.png').locator('img.thumb')).toBeVisible({ timeout: 60_000 })
  await page.goBack()
  const { path } = await newLink(page, 'Photos', {})
  await page.keyboard.press('Escape')

  const visitor = await anonymous(browser, { width: 390, height: 844 })
  await visitor.page.goto(path)
  const folder = visitor.page.getByTestId('public-folder')
  await expect(folder.locator('li[data-name="blue.png"] img.thumb')).toBeVisible()
  await folder.getByRole('link', { name: '2025' }).tap()
  await expect(folder.locator('li[data-name="notes.txt"]')).toBeVisible()
  await expect(folder.locator('li[data-name="blue.png"]')).toHaveCount(0)
  await expectAccessible(visitor.page, 'a public folder on a phone')
  const [download] = await Promise.all([visitor.page.waitForEvent('download'),
    folder.getByRole('link', { name: 'Download notes.txt' }).tap()])
  expect(readFileSync((await download.path())!, 'utf8')).toBe('a year of photos')
  await folder.getByRole('link', { name: 'Photos' }).tap()
  await expect(folder.locator('li[data-name="blue.png"]')).toBeVisible()
  expect(await visitor.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
  expect(visitor.errors).toEqual([])
  await visitor.page.screenshot({ path: 'test-results/screenshots/public.png' })
  await visitor.context.close()

  // The owner stops downloads: the next visitor sees the files and no download button.
  const dialog = await shareDialog(page, 'Photos')
  await dialog.getByRole('button', { name: 'Change settings' }).click()
  await dialog.getByRole('group', { name: 'Change settings' }).getByLabel('Allow downloads').uncheck()
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.locator('li[data-link]')).toContainText('downloads off')
  const viewer = await anonymous(browser)
  await viewer.page.goto(path)
  await expect(viewer.page.getByTestId('public-folder').locator('li[data-name="blue.png"]')).toBeVisible()
  await expect(viewer.page.getByRole('link', { name: 'Download blue.png' })).toHaveCount(0)
  await viewer.context.close()

  // A link that was deleted says so.
  await dialog.getByRole('button', { name: 'Delete link' }).click()
  await expect(dialog.getByText('No public link yet.')).toBeVisible()
  const late = await anonymous(browser)
  await late.page.goto(path)
  await expect(late.page.getByTestId('link-ended')).toContainText('This link does not exist')
  await expectAccessible(late.page, 'a deleted link')
  await late.context.close()
})

test('an expired link says it expired', async ({ page, browser }) => {
  await register(page)
  await page.getByTestId('file-input').setInputFiles([{ name: 'brief.txt', mimeType: 'text/plain', buffer: Buffer.from('soon gone') }])
  await expect(entry(page, 'brief.txt')).toBeVisible()
  const { path } = await newLink(page, 'brief.txt', {})
  await page.keyboard.press('Escape')
  // The dialog sets whole days; the API takes any future instant: three seconds from now.
  const shares = await (await page.request.get('/api/cdn/shares/')).json()
  const link = shares.results.find((s: { public_url: string }) => s.public_url.endsWith(path))
  const soon = new Date(Date.now() + 3000).toISOString()
  expect((await page.request.patch(`/api/cdn/shares/${link.id}/`, { data: { expires_at: soon } })).status()).toBe(200)
  await page.waitForTimeout(4000)
  const visitor = await anonymous(browser)
  await visitor.page.goto(path)
  await expect(visitor.page.getByTestId('link-ended')).toContainText('This link has expired')
  await expectAccessible(visitor.page, 'an expired link')
  await visitor.context.close()
})

test('a share with another user: it is in their Shared with me, and their role holds in the app', async ({ page, browser }) => {
  const other = await (await browser.newContext()).newPage()
  const grantee = await register(other)
  await register(page)
  await page.getByRole('button', { name: /New folder/ }).click()
  await page.getByLabel('Folder name').fill('Team')
  await page.getByRole('button', { name: 'Create' }).click()
  await entry(page, 'Team').dblclick()
  await page.getByTestId('file-input').setInputFiles([{ name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from('the plan') }])
  await expect(entry(page, 'plan.txt')).toBeVisible()
  await page.goBack()
  const dialog = await shareDialog(page, 'Team')
  await dialog.getByLabel('Username or email').fill(grantee)
  await dialog.getByLabel('Role', { exact: true }).selectOption('view')
  await dialog.getByRole('button', { name: 'Share', exact: true }).click()
  await expect(dialog.locator(`[data-person="${grantee}"]`)).toBeVisible()
  await page.keyboard.press('Escape')

  await other.getByRole('link', { name: 'Shared with me' }).click()
  await expectAccessible(other, 'Shared with me')
  await other.getByRole('link', { name: 'Team' }).click()
  // The grant reaches files-service as an event: the app waits for it (a second or so).
  await expect(entry(other, 'plan.txt')).toBeVisible({ timeout: 20_000 })
  await expect(other.getByText('Shared with you · View')).toBeVisible()
  await expect(other.getByRole('button', { name: /Upload files/ })).toHaveCount(0)
  await entry(other, 'plan.txt').click()
  await expect(other.getByRole('button', { name: 'Preview' })).toBeVisible()
  await expect(other.getByRole('button', { name: 'Rename' })).toHaveCount(0)
  await expect(other.getByRole('button', { name: 'Download' })).toHaveCount(0)
  await expect(other.getByRole('button', { name: 'Move to trash' })).toHaveCount(0)

  // The owner raises the role to edit: renaming is offered, and works.
  await page.getByRole('link', { name: 'Shared by me' }).click()
  await expectAccessible(page, 'Shared by me')
  await page.locator('tr[data-name="Team"]').getByRole('button', { name: 'Manage' }).click()
  await page.getByRole('dialog').getByLabel(`Role of ${grantee}`).selectOption('edit')
  await expect(page.getByText('Saved')).toBeVisible()
  await page.keyboard.press('Escape')
  await other.getByRole('link', { name: 'Shared with me' }).click()
  await other.getByRole('link', { name: 'Team' }).click()
  await entry(other, 'plan.txt').click()
  await other.getByRole('button', { name: 'Rename' }).click()
  await other.getByLabel('New name').fill('our plan.txt')
  await other.getByRole('button', { name: 'Save' }).click()
  await expect(entry(other, 'our plan.txt')).toBeVisible()

  // Removed: it is no longer shared with them.
  await page.locator('tr[data-name="Team"]').getByRole('button', { name: 'Manage' }).click()
  await page.getByRole('dialog').locator(`[data-person="${grantee}"]`).getByRole('button', { name: 'Remove' }).click()
  await expect(page.getByRole('dialog').locator(`[data-person="${grantee}"]`)).toHaveCount(0)
  await other.getByRole('link', { name: 'Shared with me' }).click()
  await expect(other.getByText('Nothing is shared with you yet.')).toBeVisible()
  await other.context().close()
})

test('a webhook gets the upload, its delivery is listed; an API token works with curl until revoked', async ({ page, baseURL }) => {
  const received: IncomingMessage[] = []
  const server = createServer((req, res) => {
    received.push(req)
    req.resume()
    req.on('end', () => res.writeHead(204).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  try {
    await register(page)
    await page.getByRole('link', { name: 'Settings' }).click()
    await page.getByLabel('URL').fill(`http://127.0.0.1:${port}/hook`)
    await page.getByRole('button', { name: 'Create webhook' }).click()
    await expect(page.getByLabel('Signing secret')).toHaveValue(/.{16,}/)

    await page.getByLabel('Name', { exact: true }).fill('cli')
    await page.getByRole('button', { name: 'Create token' }).click()
    const token = await page.getByLabel('New token').inputValue()
    expect(token).toMatch(/^dpt_/)
    await expectAccessible(page, 'settings with a token and a webhook')
    const curl = (t: string) => execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: Bearer ${t}`,
      `${baseURL}/api/cdn/files/`]).toString()
    expect(curl(token)).toBe('200')

    await page.getByRole('link', { name: 'My files' }).click()
    await page.getByTestId('file-input').setInputFiles([{ name: 'hooked.txt', mimeType: 'text/plain', buffer: Buffer.from('hook') }])
    await expect(entry(page, 'hooked.txt')).toBeVisible()
    await expect.poll(() => received.filter((r) => r.headers['x-depot-event'] === 'file.uploaded').length, { timeout: 30_000 }).toBe(1)
    expect(received[0].headers['x-depot-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)

    await page.getByRole('link', { name: 'Settings' }).click()
    await page.locator(`tr[data-hook="http://127.0.0.1:${port}/hook"]`).getByRole('button', { name: 'Deliveries' }).click()
    const deliveries = page.getByTestId('deliveries')
    await expect(deliveries.locator('tr[data-status="succeeded"]')).toHaveCount(1)
    await expect(deliveries).toContainText('204')
    await expectAccessible(page, 'webhook deliveries')
    await page.keyboard.press('Escape')

    await page.locator('tr[data-token="cli"]').getByRole('button', { name: 'Revoke' }).click()
    await expect(page.locator('tr[data-token="cli"]')).toHaveCount(0)
    await expect.poll(() => curl(token), { timeout: 10_000 }).toBe('401')
  } finally {
    server.close()
  }
})

test('dashboard, activity, analytics and processing show what happened', async ({ page }) => {
  await register(page)
  await page.getByTestId('file-input').setInputFiles([
    { name: 'green.png', mimeType: 'image/png', buffer: png(40, 40, [20, 160, 60]) },
    // 40,000 × 40,000 pixels by its header: past the worker's limit, so its job fails.
    { name: 'broken.png', mimeType: 'image/png', buffer: pngClaiming(40_000, 40_000) },
  ])
  await expect(entry(page, 'broken.png')).toBeVisible()
  await entry(page, 'green.png').click()
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()])

  await page.getByRole('link', { name: 'Dashboard' }).click()
  await expect(page.getByTestId('stats')).toContainText('2files')
  await expect(page.getByRole('img', { name: 'Storage by type (KB)' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'green.png' }).first()).toBeVisible()
  await expectAccessible(page, 'the dashboard')

  // Sixty folders: more activity than one page of the timeline (50).
  for (let i = 0; i < 60; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, j) => page.request.post('/api/cdn/folders/', { data: { name: `f${i + j}` } })))
  }
  await expect.poll(async () => (await (await page.request.get('/api/cdn/activity/?action=folder.created&page_size=1')).json()).count,
    { timeout: 30_000 }).toBe(60)
  await page.getByRole('link', { name: 'Activity', exact: true }).click()
  const timeline = page.getByTestId('timeline')
  await expect(timeline.locator('li')).toHaveCount(50)
  await page.locator('.page').evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(timeline.locator('li[data-action="folder.created"]')).toHaveCount(60)
  await expect(timeline.locator('li[data-action="file.uploaded"]')).toHaveCount(2, { timeout: 20_000 })
  await page.getByLabel('Action').selectOption('file.downloaded')
  await expect(timeline.locator('li')).toHaveCount(1, { timeout: 20_000 })
  await expect(timeline.locator('li[data-action="file.downloaded"]')).toContainText('green.png')
  await expectAccessible(page, 'the activity')

  await page.getByRole('link', { name: 'Analytics' }).click()
  await expect(page.locator('tr[data-name="green.png"]')).toBeVisible({ timeout: 20_000 })
  await page.locator('tr[data-name="green.png"]').getByRole('button', { name: 'Per day' }).click()
  await expect(page.getByRole('img', { name: 'Downloads of green.png per day' })).toBeVisible()
  await expectAccessible(page, 'analytics')

  await page.getByRole('link', { name: 'Processing' }).click()
  await expect(page.locator('tr[data-name="broken.png"]')).toBeVisible({ timeout: 60_000 })
  await expectAccessible(page, 'processing')
  await page.locator('tr[data-name="broken.png"]').getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByText('Asked to process “broken.png” again')).toBeVisible()
  await page.getByRole('button', { name: 'Done' }).click()
  await expect(page.locator('tr[data-name="green.png"]')).toBeVisible()
})
