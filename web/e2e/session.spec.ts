// Signing in and out, the silent refresh of the session, and a changed password.
import { expect, test } from '@playwright/test'
import { expectAccessible, PASSWORD, register } from './support'

test('the sign-in and register pages are accessible, and a bad password says so', async ({ page }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/login/)
  await expectAccessible(page, 'sign-in')
  await page.getByLabel('Email or username').fill('nobody-here')
  await page.getByLabel('Password').fill('wrong password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  // External login shows only where the server has it (the test suite has none configured).
  await expect(page.getByText(/Sign in with/)).toHaveCount(0)
  await page.getByRole('link', { name: 'Create account' }).click()
  await expectAccessible(page, 'register')
})

test('a deep link survives signing in, and a signed-out app goes back to sign-in', async ({ page }) => {
  const name = await register(page)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)
  await page.goto('/trash')
  await expect(page).toHaveURL(/\/login\?next=(%2F|\/)trash$/)
  await page.getByLabel('Email or username').fill(name)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/trash$/)
  await expect(page.getByText('The trash is empty.')).toBeVisible()
})

test('an expired access token is refreshed silently; no token is readable by scripts', async ({ page, context }) => {
  await register(page)
  const cookies = await context.cookies()
  expect(cookies.find((c) => c.name === 'access_token')?.httpOnly).toBe(true)
  expect(cookies.find((c) => c.name === 'refresh_token')?.httpOnly).toBe(true)
  expect(await page.evaluate(() => document.cookie)).not.toContain('token')
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/eyJ|token/i)
  // As if the 15 minutes had passed: the access cookie is gone, the refresh cookie is not.
  await context.clearCookies({ name: 'access_token' })
  await page.getByRole('link', { name: 'Starred' }).click()
  await expect(page.getByText('Nothing is starred yet.')).toBeVisible()
  await expect(page).toHaveURL(/\/starred$/)
  expect((await context.cookies()).some((c) => c.name === 'access_token')).toBe(true)
})

test('change the password, then sign in with the new one only', async ({ page }) => {
  const name = await register(page)
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByLabel('Current password').fill(PASSWORD)
  await page.getByLabel('New password').fill('an even longer password 2')
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByText('Password changed.')).toBeVisible()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByLabel('Email or username').fill(name)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await page.getByLabel('Password').fill('an even longer password 2')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/drive$/)
})
