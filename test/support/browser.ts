import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium, as `.ci/run` installs it; never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * Headless Chromium says "HeadlessChrome" in its user agent, which the ingest rightly drops as a
 * bot; pages open with the user agent of the same browser as people run it.
 */
export const DESKTOP_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] })
}

export interface FixtureSite {
  /** e.g. http://127.0.0.1:41234 — another origin than the Stepwise server, as a customer's site is. */
  origin: string
  close(): Promise<void>
}

/** A tiny static site on 127.0.0.1 serving the given pages (path → HTML). */
export async function serveFixtures(pages: Record<string, string>): Promise<FixtureSite> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const html = pages[path]
    if (html === undefined) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
