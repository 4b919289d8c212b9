import { isbot } from 'isbot'
import { UAParser } from 'ua-parser-js'
import { createLruCache } from '../lru-cache.ts'

export type DeviceType =
  | 'desktop'
  | 'mobile'
  | 'tablet'
  | 'tv'
  | 'console'
  | 'wearable'
  | 'embedded'
  | 'unknown'

export type UserAgentInfo = {
  readonly device: DeviceType
  readonly browser: string
  /** Major version only ('124'): finer versions split reports without telling anyone anything. */
  readonly browserVersion: string
  readonly os: string
  readonly osVersion: string
  readonly isBot: boolean
}

export type UserAgentParser = ((ua: string) => UserAgentInfo) & {
  /** How many user agents are cached right now. */
  readonly size: () => number
}

export type UserAgentParserOptions = {
  /** Most recently used user agents kept parsed; 0 turns the cache off. Default 10,000. */
  cacheSize?: number
}

const DEFAULT_CACHE_SIZE = 10_000

// Real user agents stay well under this; longer ones are parsed but not cached, so a client sending
// huge random strings cannot make the cache hold megabytes per entry.
const MAX_CACHED_UA_LENGTH = 1024

// Automation tools that real visitors never use; isbot misses a bare "Lighthouse" token.
const EXTRA_BOT_PATTERN = /headlesschrome|phantomjs|lighthouse/i

const DEVICE_TYPES: Readonly<Record<string, DeviceType>> = {
  mobile: 'mobile',
  tablet: 'tablet',
  smarttv: 'tv',
  console: 'console',
  wearable: 'wearable',
  embedded: 'embedded',
}

const UNKNOWN: UserAgentInfo = Object.freeze({
  device: 'unknown',
  browser: '',
  browserVersion: '',
  os: '',
  osVersion: '',
  isBot: false,
})

/**
 * Returns a parser that turns a User-Agent header into device, browser, OS and a bot flag.
 * Parsing costs tens of microseconds and real traffic repeats a small set of user agents, so
 * results sit in a bounded least-recently-used cache: a repeated user agent is one Map lookup.
 * Results are frozen because the same object is handed to every caller.
 */
export function createUserAgentParser(options: UserAgentParserOptions = {}): UserAgentParser {
  const cache = createLruCache<UserAgentInfo>({
    maxEntries: options.cacheSize ?? DEFAULT_CACHE_SIZE,
    maxKeyLength: MAX_CACHED_UA_LENGTH,
  })
  const parser = new UAParser()
  const parse = (ua: string): UserAgentInfo => cache.get(ua, () => parseUncached(parser, ua))

  return Object.assign(parse, { size: cache.size })
}

function parseUncached(parser: UAParser, ua: string): UserAgentInfo {
  if (ua.trim() === '') return UNKNOWN
  const result = parser.setUA(ua).getResult()
  const isBot = isbot(ua) || EXTRA_BOT_PATTERN.test(ua)
  const browser = result.browser.name ?? ''
  return Object.freeze({
    device: deviceOf(result.device.type, browser, isBot),
    browser,
    browserVersion: majorOf(result.browser.version),
    os: result.os.name ?? '',
    osVersion: result.os.version ?? '',
    isBot,
  })
}

function deviceOf(parsedType: string | undefined, browser: string, isBot: boolean): DeviceType {
  if (parsedType !== undefined) return DEVICE_TYPES[parsedType] ?? 'unknown'
  // The parser names no device type for desktops. A bot or a tool (curl, a crawler) is not a
  // desktop visitor even when it claims a browser engine, so it stays 'unknown'.
  return browser !== '' && !isBot ? 'desktop' : 'unknown'
}

function majorOf(version: string | undefined): string {
  if (version === undefined) return ''
  const dot = version.indexOf('.')
  return dot === -1 ? version : version.slice(0, dot)
}
