import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent } from '../src/reports/events-list/shape-events-list.ts'
import {
  DESKTOP_USER_AGENT,
  type FixtureSite,
  launchBrowser,
  serveFixtures,
  silentWav,
} from './support/browser.ts'
import { cleanupServers, type FreshServer, sleep, startFreshServer } from './support/server-process.ts'

/*
 * The tracker in Debian's Chromium, on a customer's page (another origin than Stepwise), sending
 * to the real server: what it stores, and what it leaves in the browser.
 */

// Page-side code is given as text: this file is type-checked without the DOM library.
const TRACKER_READY = "typeof window.stepwise?.track === 'function'"

let stepwise: FreshServer
let site: FixtureSite
let browser: Browser

const page = (body: string, attrs = '') => `<!doctype html><html><head><title>Fixture</title>
<script>window.stepwise=window.stepwise||function(){(stepwise.q=stepwise.q||[]).push(arguments)}</script>
<script>stepwise('track', 'Queued Before Load', { plan: 'pro' })</script>
<script async src="${stepwise.server.baseUrl}/s.js" data-key="${stepwise.writeKey}" data-api="${stepwise.server.baseUrl}/v1/e" ${attrs}></script>
</head><body>${body}</body></html>`

beforeAll(async () => {
  stepwise = await startFreshServer()
  site = await serveFixtures({
    '/landing': page('<h1>Landing</h1><button id="go">Go</button>'),
    '/consent': page('<h1>Consent</h1>', 'data-consent="granted"'),
    '/auto': page(`<h1>Auto</h1>
      <a id="out" href="https://partner.example.org/offer" onclick="event.preventDefault()">Partner</a>
      <a id="pdf" href="/files/Brochure-2026.PDF" onclick="event.preventDefault()">Brochure</a>
      <button id="tag" data-stepwise-event="CTA Clicked" data-stepwise-prop-position="hero">Buy</button>
      <form id="lead" name="leadform" action="/thanks" onsubmit="event.preventDefault()">
        <input id="email" name="email"><button id="send" type="submit">Send</button>
      </form>
      <div style="height: 4000px"></div><p>end</p>`),
    '/dnt': page('<h1>DNT</h1>', 'data-respect-dnt="true"'),
    '/some': page(
      `<h1>Some</h1>
      <a id="out" href="https://partner.example.org/offer" onclick="event.preventDefault()">Partner</a>
      <a id="pdf" href="/files/terms.pdf" onclick="event.preventDefault()">Terms</a>
      <a id="zip" href="/files/kit.zip" onclick="event.preventDefault()">Kit</a>
      <button id="tag" data-stepwise-event="CTA Clicked">Buy</button>
      <form id="lead" onsubmit="event.preventDefault()"><input id="email"><button id="send">Send</button></form>`,
      'data-auto="downloads, forms clicks" data-extensions="zip, dmg"',
    ),
    '/gpc': page('<h1>GPC</h1>', 'data-respect-dnt="true"'),
    '/gpc-ignored': page('<h1>GPC ignored</h1>'),
    // A script in <head> without async runs before the page has its height.
    '/long': page('<h1>Long</h1><div style="height: 5000px"></div>').replace('<script async ', '<script '),
    '/elsewhere': page('<h1>Elsewhere</h1>', 'data-auto=""'),
    '/media/clip.wav': { type: 'audio/wav', body: silentWav(2) },
    '/video': page('<h1>Video</h1><video id="film" title="Brand film" src="/media/clip.wav"></video>'),
    // The script is served, but events go to a port where nothing listens.
    '/down': page('<h1>Down</h1>', '').replace(
      `data-api="${stepwise.server.baseUrl}/v1/e"`,
      'data-api="http://127.0.0.1:9/v1/e"',
    ),
  })
  browser = await launchBrowser()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await cleanupServers()
})

/** The site's stored events, polled until `until` holds (beacons arrive on their own time). */
async function storedEvents(until: (events: ApiEvent[]) => boolean): Promise<ApiEvent[]> {
  let events: ApiEvent[] = []
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${stepwise.server.baseUrl}/api/v1/sites/${stepwise.siteId}/events?limit=1000`, {
      headers: { authorization: `Bearer ${stepwise.secretKey}` },
    })
    events = ((await res.json()) as { events: ApiEvent[] }).events
    if (until(events)) return events
    await sleep(100)
  }
  return events
}

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const p = await browser.newPage({ userAgent: DESKTOP_USER_AGENT })
  const errors: string[] = []
  p.on('pageerror', (err) => errors.push(err.message))
  await p.goto(`${site.origin}${path}?utm_source=Newsletter&utm_medium=email`)
  await p.waitForFunction(TRACKER_READY)
  return { page: p, errors }
}

describe('the tracker in Chromium', () => {
  it('sends the landing page view with its campaign, the queued call, and SPA navigations; stores nothing in the browser', async () => {
    const { page: p, errors } = await open('/landing')
    await p.evaluate("history.pushState({}, '', '/app/step-2')")
    const events = await storedEvents(
      (e) => e.filter((x) => x.type === 'page').length >= 2 && e.some((x) => x.name === 'Queued Before Load'),
    )
    const pages = events
      .filter((e) => e.type === 'page')
      .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    expect(pages.map((e) => e.path)).toEqual(['/landing', '/app/step-2'])
    expect(pages[0]).toMatchObject({
      channel: 'Email',
      utm: { source: 'newsletter', medium: 'email' },
      source: 'browser',
    })
    // The SPA page keeps the landing campaign, and the visit stays one session.
    expect(pages[1]?.utm.source).toBe('newsletter')
    expect(new Set(pages.map((e) => e.sessionId)).size).toBe(1)
    const queued = events.find((e) => e.name === 'Queued Before Load')
    expect(queued?.properties).toMatchObject({ plan: 'pro' })
    const left = await p.evaluate(
      '({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length })',
    )
    expect(left).toEqual({ cookie: '', local: 0, session: 0 })
    expect(errors).toEqual([])
    await p.close()
  })

  it('keeps one first-party id across page loads in consent mode', async () => {
    const first = await open('/consent')
    const id = await first.page.evaluate("localStorage.getItem('stepwise_id')")
    expect(id).toBeTruthy()
    await first.page.reload()
    await first.page.waitForFunction(TRACKER_READY)
    const events = await storedEvents(
      (e) => e.filter((x) => x.path === '/consent' && x.type === 'page').length >= 2,
    )
    const views = events.filter((x) => x.path === '/consent' && x.type === 'page')
    expect(views.map((v) => v.visitorId)).toEqual([id, id])
    await first.page.close()
  })

  it('keeps the page working without an uncaught error when the server cannot be reached', async () => {
    const { page: p, errors } = await open('/down')
    await p.evaluate(
      "stepwise.track('Clicked', { n: 1 }); stepwise.page(); history.pushState({}, '', '/down/2')",
    )
    await p.click('h1')
    await sleep(300)
    expect(errors).toEqual([])
    expect(await p.evaluate('document.querySelector("h1").textContent')).toBe('Down')
    await p.close()
  })

  it('captures outbound links, downloads, tagged clicks, forms without their values, and scroll and engaged time on leave', async () => {
    const { page: p, errors } = await open('/auto')
    await p.click('#out')
    await p.click('#pdf')
    await p.click('#tag')
    await p.fill('#email', 'secret-person@example.com')
    await p.click('#send')
    await p.evaluate('window.scrollTo(0, document.body.scrollHeight)')
    await sleep(1300)
    // An SPA navigation ends the page view: its totals go out with its URL.
    await p.evaluate("history.pushState({}, '', '/auto/next')")
    const names = [
      '$outbound_click',
      '$file_download',
      'CTA Clicked',
      '$form_start',
      '$form_submit',
      '$page_leave',
    ]
    const events = await storedEvents((e) =>
      names.every((n) => e.some((x) => x.name === n && x.path.startsWith('/auto'))),
    )
    const byName = (n: string) => events.find((x) => x.name === n && x.path.startsWith('/auto'))
    expect(byName('$outbound_click')?.properties).toMatchObject({
      url: 'https://partner.example.org/offer',
      host: 'partner.example.org',
    })
    expect(byName('$file_download')?.properties).toMatchObject({
      extension: 'pdf',
      file_name: 'Brochure-2026.PDF',
    })
    expect(byName('CTA Clicked')?.properties).toMatchObject({ position: 'hero' })
    expect(byName('$form_start')?.properties).toMatchObject({ form_id: 'lead', form_name: 'leadform' })
    expect(byName('$form_submit')?.properties).toMatchObject({ form_id: 'lead' })
    expect(JSON.stringify(events)).not.toContain('secret-person')
    const leave = byName('$page_leave')
    expect(leave?.path).toBe('/auto')
    expect(leave?.properties.scroll_depth).toBe(100)
    expect(Number(leave?.properties.engaged_seconds)).toBeGreaterThanOrEqual(1)
    expect(errors).toEqual([])
    await p.close()
  })

  it('captures only the features data-auto lists, and downloads only of the extensions data-extensions lists', async () => {
    const { page: p, errors } = await open('/some')
    for (const id of ['#out', '#pdf', '#zip', '#tag']) await p.click(id)
    await p.fill('#email', 'x')
    await p.click('#send')
    await p.evaluate(
      "window.scrollTo(0, 100); history.pushState({}, '', '/some/next'); stepwise.track('After Navigation')",
    )
    await sleep(300)
    await p.close({ runBeforeUnload: true })
    const events = await storedEvents((e) => e.some((x) => x.name === 'After Navigation'))
    await sleep(500)
    const mine = (await storedEvents(() => true)).filter((x) => x.path.startsWith('/some'))
    expect(events.length).toBeGreaterThan(0)
    expect(mine.map((x) => x.name).sort()).toEqual([
      '$file_download',
      '$form_start',
      '$form_submit',
      'After Navigation',
      'CTA Clicked',
      'Queued Before Load',
    ])
    expect(mine.find((x) => x.name === '$file_download')?.properties.file_name).toBe('kit.zip')
    // `utm` is off: the landing URL's campaign does not follow the visitor to the next URL.
    expect(mine.find((x) => x.name === 'After Navigation')?.utm.source).toBe('')
    expect(errors).toEqual([])
  })

  it('sends the scroll depth and engaged time when the page is hidden by a navigation and when the tab is closed', async () => {
    const leaves = (e: ApiEvent[], path: string) =>
      e.filter((x) => x.name === '$page_leave' && x.path === path)
    for (const how of ['navigation', 'close'] as const) {
      const path = `/long?how=${how}`
      const p = await browser.newPage({ userAgent: DESKTOP_USER_AGENT })
      await p.goto(`${site.origin}${path}`)
      await p.waitForFunction(TRACKER_READY)
      await p.evaluate('window.scrollTo(0, 1500)')
      // The depth the page shows now: the bottom of the viewport over the page height.
      const depth = await p.evaluate(
        'Math.round((scrollY + innerHeight) / document.documentElement.scrollHeight * 100)',
      )
      expect(depth).toBeGreaterThan(20)
      expect(depth).toBeLessThan(100)
      await sleep(1200)
      if (how === 'navigation') await p.goto(`${site.origin}/elsewhere`)
      await p.close({ runBeforeUnload: true })
      const events = await storedEvents((e) => leaves(e, '/long').some((x) => x.url.endsWith(`how=${how}`)))
      const mine = leaves(events, '/long').filter((x) => x.url.endsWith(`how=${how}`))
      expect(mine, how).toHaveLength(1)
      expect(mine[0]?.properties.scroll_depth, how).toBe(depth)
      expect(Number(mine[0]?.properties.engaged_seconds), how).toBeGreaterThanOrEqual(1)
    }
  })

  it('reports video play and progress at 25, 50, 75 and 100 %, also for a video added after load', async () => {
    const { page: p, errors } = await open('/video')
    const playToEnd = (find: string) =>
      p.evaluate(
        `new Promise((done) => { const v = ${find}; v.playbackRate = 4; v.onended = done; v.play() })`,
      )
    await playToEnd("document.getElementById('film')")
    await playToEnd(
      "(() => { const v = document.createElement('video'); v.src = '/media/clip.wav'; v.setAttribute('aria-label', 'Added later'); document.body.append(v); return v })()",
    )
    const progress = (title: string, e: ApiEvent[]) =>
      e
        .filter((x) => x.name === '$video_progress' && x.properties.video_title === title)
        .map((x) => x.properties.percent)
    const events = await storedEvents(
      (e) => progress('Brand film', e).length >= 4 && progress('Added later', e).length >= 4,
    )
    for (const title of ['Brand film', 'Added later']) {
      expect(
        progress(title, events)
          .map(Number)
          .sort((a, b) => a - b),
        title,
      ).toEqual([25, 50, 75, 100])
      const plays = events.filter((x) => x.name === '$video_play' && x.properties.video_title === title)
      expect(plays, title).toHaveLength(1)
      expect(String(plays[0]?.properties.video_src)).toContain('/media/clip.wav')
      // At play the duration may not be known yet (metadata still loading); at progress it is.
      const steps = events.filter((x) => x.name === '$video_progress' && x.properties.video_title === title)
      expect(
        steps.every((x) => x.properties.duration_seconds === 2),
        title,
      ).toBe(true)
    }
    expect(errors).toEqual([])
    await p.close()
  })

  it('identifies a user with hashed e-mail, and sends nothing under Do Not Track when asked to honour it', async () => {
    const { page: p } = await open('/landing')
    await p.evaluate("stepwise.identify('user-42', { email: ' Ada@Example.com ', plan: 'pro' })")
    const dnt = await browser.newPage({ userAgent: DESKTOP_USER_AGENT })
    await dnt.addInitScript("Object.defineProperty(navigator, 'doNotTrack', { get: () => '1' })")
    await dnt.goto(`${site.origin}/dnt`)
    await dnt.waitForFunction(TRACKER_READY)
    await dnt.evaluate("stepwise.track('Under DNT'); stepwise.page()")
    const events = await storedEvents((e) => e.some((x) => x.type === 'identify' && x.userId === 'user-42'))
    const identify = events.find((x) => x.type === 'identify' && x.userId === 'user-42')
    expect(identify?.properties).toMatchObject({ plan: 'pro' })
    expect(JSON.stringify(identify)).not.toContain('Ada@Example.com')
    expect(String(identify?.properties.email_sha256)).toMatch(/^[0-9a-f]{64}$/)
    await sleep(500)
    const after = await storedEvents(() => true)
    expect(after.filter((x) => x.path === '/dnt' || x.name === 'Under DNT')).toEqual([])
    await p.close()
    await dnt.close()
  })

  it('sends nothing under Global Privacy Control when asked to honour it, and counts as usual when not', async () => {
    const open = async (path: string) => {
      const gpc = await browser.newPage({ userAgent: DESKTOP_USER_AGENT })
      await gpc.addInitScript("Object.defineProperty(navigator, 'globalPrivacyControl', { get: () => true })")
      await gpc.goto(`${site.origin}${path}`)
      await gpc.waitForFunction(TRACKER_READY)
      await gpc.evaluate(`stepwise.track('Clicked on ${path}')`)
      return gpc
    }
    const honoured = await open('/gpc')
    const ignored = await open('/gpc-ignored')
    const events = await storedEvents((e) => e.some((x) => x.name === 'Clicked on /gpc-ignored'))
    expect(
      events
        .filter((x) => x.path === '/gpc-ignored')
        .map((x) => x.type)
        .sort(),
    ).toEqual(['page', 'track', 'track'])
    await sleep(500)
    const after = await storedEvents(() => true)
    expect(after.filter((x) => x.path === '/gpc')).toEqual([])
    await honoured.close()
    await ignored.close()
  })
})
