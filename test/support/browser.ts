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
  // Media may play without a click, as tests start playback from script.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The user agent for the whole browser too: a beacon sent as a page closes leaves from the
    // browser process, which does not know a page's own user agent.
    args: [
      '--no-sandbox',
      '--autoplay-policy=no-user-gesture-required',
      `--user-agent=${DESKTOP_USER_AGENT}`,
    ],
  })
}

export interface FixtureSite {
  /** e.g. http://127.0.0.1:41234 — another origin than the Stepwise server, as a customer's site is. */
  origin: string
  close(): Promise<void>
}

/** A file of a fixture site other than an HTML page. */
export interface FixtureFile {
  type: string
  body: Buffer
}

/** A tiny static site on 127.0.0.1 serving the given pages (path → HTML, or a file). */
export async function serveFixtures(pages: Record<string, string | FixtureFile>): Promise<FixtureSite> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const page = pages[path]
    if (page === undefined) {
      res.writeHead(404).end('not found')
      return
    }
    if (typeof page === 'string') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
    else res.writeHead(200, { 'content-type': page.type, 'content-length': page.body.length }).end(page.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A silent mono 8 kHz WAV of `seconds`: playable media for a `<video>` without a media file in git. */
export function silentWav(seconds: number): Buffer {
  const samples = Math.round(8000 * seconds)
  const wav = Buffer.alloc(44 + samples * 2)
  wav.write('RIFF', 0)
  wav.writeUInt32LE(36 + samples * 2, 4)
  wav.write('WAVEfmt ', 8)
  wav.writeUInt32LE(16, 16) // fmt chunk size
  wav.writeUInt16LE(1, 20) // PCM
  wav.writeUInt16LE(1, 22) // mono
  wav.writeUInt32LE(8000, 24) // sample rate
  wav.writeUInt32LE(16000, 28) // byte rate
  wav.writeUInt16LE(2, 32) // block align
  wav.writeUInt16LE(16, 34) // bits per sample
  wav.write('data', 36)
  wav.writeUInt32LE(samples * 2, 40)
  return wav
}
