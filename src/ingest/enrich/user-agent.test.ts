import { describe, expect, it } from 'vitest'
import { createUserAgentParser, type UserAgentInfo } from './user-agent.ts'

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51',
  samsungTv:
    'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36',
  playstation:
    'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  googlebotSmartphone:
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.118 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  gptbot:
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  headlessChrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
  phantomjs:
    'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
  lighthouse:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Lighthouse',
  curl: 'curl/8.5.0',
} as const

describe('createUserAgentParser', () => {
  const parse = createUserAgentParser()

  it.each<[string, string, UserAgentInfo]>([
    [
      'Chrome on Windows',
      UA.chromeWindows,
      {
        device: 'desktop',
        browser: 'Chrome',
        browserVersion: '124',
        os: 'Windows',
        osVersion: '10',
        isBot: false,
      },
    ],
    [
      'Safari on iPhone',
      UA.safariIphone,
      {
        device: 'mobile',
        browser: 'Mobile Safari',
        browserVersion: '17',
        os: 'iOS',
        osVersion: '17.4.1',
        isBot: false,
      },
    ],
    [
      'Chrome on an Android phone',
      UA.chromeAndroid,
      {
        device: 'mobile',
        browser: 'Chrome',
        browserVersion: '124',
        os: 'Android',
        osVersion: '14',
        isBot: false,
      },
    ],
    [
      'Safari on iPad',
      UA.ipad,
      {
        device: 'tablet',
        browser: 'Mobile Safari',
        browserVersion: '17',
        os: 'iOS',
        osVersion: '17.4',
        isBot: false,
      },
    ],
    [
      'Firefox on Linux',
      UA.firefoxLinux,
      {
        device: 'desktop',
        browser: 'Firefox',
        browserVersion: '125',
        os: 'Linux',
        osVersion: '',
        isBot: false,
      },
    ],
    [
      'Edge (not reported as the Chrome it embeds)',
      UA.edge,
      {
        device: 'desktop',
        browser: 'Edge',
        browserVersion: '124',
        os: 'Windows',
        osVersion: '10',
        isBot: false,
      },
    ],
    [
      'a smart TV',
      UA.samsungTv,
      {
        device: 'tv',
        browser: 'Samsung Internet',
        browserVersion: '4',
        os: 'Tizen',
        osVersion: '6.0',
        isBot: false,
      },
    ],
    [
      'a games console',
      UA.playstation,
      {
        device: 'console',
        browser: 'Safari',
        browserVersion: '13',
        os: 'PlayStation',
        osVersion: '5',
        isBot: false,
      },
    ],
    [
      'an empty user agent (server-side sources send none)',
      '',
      { device: 'unknown', browser: '', browserVersion: '', os: '', osVersion: '', isBot: false },
    ],
  ])('parses %s', (_name, ua, expected) => {
    expect(parse(ua)).toEqual(expected)
  })

  it.each([
    ['Googlebot', UA.googlebot],
    ['Googlebot smartphone', UA.googlebotSmartphone],
    ['GPTBot', UA.gptbot],
    ['HeadlessChrome', UA.headlessChrome],
    ['PhantomJS', UA.phantomjs],
    ['Lighthouse', UA.lighthouse],
    ['curl', UA.curl],
  ])('flags %s as a bot', (_name, ua) => {
    expect(parse(ua).isBot).toBe(true)
  })

  it('does not call a bot without a device type a desktop', () => {
    expect(parse(UA.googlebot).device).toBe('unknown')
    expect(parse(UA.gptbot).device).toBe('unknown')
    expect(parse(UA.curl)).toEqual({
      device: 'unknown',
      browser: '',
      browserVersion: '',
      os: '',
      osVersion: '',
      isBot: true,
    })
  })

  it('keeps the device a bot declares', () => {
    expect(parse(UA.googlebotSmartphone)).toMatchObject({ device: 'mobile', isBot: true })
  })

  it('returns the cached result for a repeated user agent', () => {
    const cachedParse = createUserAgentParser({ cacheSize: 10 })
    const first = cachedParse(UA.chromeWindows)
    const second = cachedParse(UA.chromeWindows)
    expect(second).toBe(first)
    expect(cachedParse.size()).toBe(1)
  })

  it('hands out results that callers cannot corrupt for each other', () => {
    const info = createUserAgentParser()(UA.chromeWindows)
    expect(Object.isFrozen(info)).toBe(true)
  })

  it('evicts the least recently used user agent when full', () => {
    const small = createUserAgentParser({ cacheSize: 2 })
    const chrome = small(UA.chromeWindows)
    const firefox = small(UA.firefoxLinux)
    small(UA.chromeWindows) // Chrome is now the most recently used.
    small(UA.edge) // Evicts Firefox, not Chrome.
    expect(small.size()).toBe(2)
    expect(small(UA.chromeWindows)).toBe(chrome)
    const firefoxAgain = small(UA.firefoxLinux)
    expect(firefoxAgain).not.toBe(firefox)
    expect(firefoxAgain).toEqual(firefox)
    expect(small.size()).toBe(2)
  })

  it('caches nothing when the cache size is 0', () => {
    const uncached = createUserAgentParser({ cacheSize: 0 })
    expect(uncached(UA.edge)).toEqual(parse(UA.edge))
    expect(uncached.size()).toBe(0)
  })

  it('does not cache absurdly long user agents, so junk cannot fill memory', () => {
    const small = createUserAgentParser({ cacheSize: 10 })
    const junk = `${UA.chromeWindows} ${'x'.repeat(5000)}`
    expect(small(junk).browser).toBe('Chrome')
    expect(small.size()).toBe(0)
  })

  it('rejects a cache size that is not a whole number', () => {
    expect(() => createUserAgentParser({ cacheSize: -1 })).toThrow(RangeError)
    expect(() => createUserAgentParser({ cacheSize: 1.5 })).toThrow(RangeError)
  })
})
