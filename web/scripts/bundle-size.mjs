// Prints what the first page load costs: index.html's scripts and styles (and what they import
// statically), gzipped. The bar is 200 KB of JavaScript; over it, the build fails.
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const LIMIT = 200 * 1024
const dist = new URL('../dist/', import.meta.url).pathname
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]))
// Static imports of the entry chunk load with it; the lazily loaded views do not.
for (const file of [...initial]) {
  if (!file.endsWith('.js')) continue
  const code = readFileSync(join(dist, file), 'utf8')
  for (const m of code.matchAll(/from\s*"\.\/([^"]+\.js)"/g)) initial.add(`assets/${m[1]}`)
}
let js = 0
let css = 0
for (const file of initial) {
  const size = gzipSync(readFileSync(join(dist, file))).length
  if (file.endsWith('.js')) js += size
  else css += size
}
const all = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'))
  .reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, 'assets', f))).length, 0)
const kb = (n) => (n / 1024).toFixed(1)
console.log(`bundle: initial JavaScript ${kb(js)} KB gzipped (limit ${kb(LIMIT)} KB, ratio ${(js / LIMIT).toFixed(2)}), `
  + `initial CSS ${kb(css)} KB, all JavaScript ${kb(all)} KB`)
if (js > LIMIT) {
  console.error('bundle: the initial JavaScript is over the limit')
  process.exit(1)
}
