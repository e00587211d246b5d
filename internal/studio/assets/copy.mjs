// copy.mjs copies the parts of nhsuk-frontend the content studio serves into
// ../static, where go:embed picks them up. Run it after `npm ci`:
//
//   npm ci && npm run copy
//
// It strips the @font-face rules (Frutiger is licensed to NHS services only
// and is fetched from assets.nhs.uk, which the studio's Content-Security-Policy
// does not allow), so pages fall back to the design system's own stack:
// Arial, then the system sans-serif. It also drops source map comments, since
// the maps are not shipped.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const pkg = join(here, 'node_modules', 'nhsuk-frontend')
const dist = join(pkg, 'dist', 'nhsuk')
const out = join(here, '..', 'static')
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version

mkdirSync(join(out, 'images'), { recursive: true })

const noMap = (s) => s.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '').replace(/\/\/# sourceMappingURL=\S*\s*$/, '')

let css = noMap(readFileSync(join(dist, 'nhsuk-frontend.min.css'), 'utf8'))
const fonts = css.match(/@font-face\{[^}]*\}/g) || []
css = css.replace(/@font-face\{[^}]*\}/g, '')
if (/url\(https?:/.test(css)) throw new Error('the CSS still loads something from another site')
writeFileSync(join(out, 'nhsuk-frontend.min.css'), css)

const images = [...new Set([...css.matchAll(/url\(\/assets\/images\/([\w.-]+)\)/g)].map((m) => m[1]))].sort()
for (const name of images) copyFileSync(join(dist, 'assets', 'images', name), join(out, 'images', name))

writeFileSync(join(out, 'nhsuk-frontend.min.js'), noMap(readFileSync(join(dist, 'nhsuk-frontend.min.js'), 'utf8')))

writeFileSync(join(out, 'NHSUK-FRONTEND.txt'), `nhsuk-frontend ${version} (https://github.com/nhsuk/nhsuk-frontend), MIT Licence.
Copied by internal/studio/assets/copy.mjs: nhsuk-frontend.min.css (without its
${fonts.length} @font-face rules), nhsuk-frontend.min.js and images/ (${images.join(', ')}).
`)
console.log(`nhsuk-frontend ${version}: css (${fonts.length} @font-face rules removed), js, ${images.length} images -> ${out}`)
