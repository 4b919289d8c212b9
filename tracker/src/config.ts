/** What the script tag's `data-` attributes ask for (see tracker/README.md); `_`: see Tracker. */
export interface Config {
  /** The site's write key (`data-key`). */
  key_: string
  /** Where events are posted (`data-api`, default `/v1/e` on the script's origin). */
  api_: string
  /** `data-consent="granted"`: start in consent mode (first-party id in localStorage). */
  consent_: boolean
  /** `data-respect-dnt="true"`: send nothing when Do Not Track or Global Privacy Control is on. */
  respectDnt_: boolean
  /** `data-auto`: the autocapture features switched on; undefined means all the build has. */
  auto_: string[] | undefined
  /** Reads any other attribute of the script tag (a feature's own settings). */
  attr_: (name: string) => string | null
}

/** `"a, b c"` → `['a', 'b', 'c']`: names separated by commas and/or spaces. */
export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean)
}

/**
 * Reads the configuration from the script tag. `attr` reads one attribute, `src` is the script's
 * own URL (the default endpoint is on its origin). Undefined when there is no write key: the
 * tracker then stays silent.
 */
export function readConfig(attr: (name: string) => string | null, src: string): Config | undefined {
  const key = attr('data-key')
  const auto = attr('data-auto')
  if (!key) return undefined
  return {
    key_: key,
    api_: attr('data-api') || new URL('/v1/e', src).href,
    consent_: attr('data-consent') === 'granted',
    respectDnt_: attr('data-respect-dnt') === 'true',
    auto_: auto === null ? undefined : splitList(auto),
    attr_: attr,
  }
}

/** Whether autocapture feature `name` is on. */
export function isOn(config: Config, name: string): boolean {
  return !config.auto_ || config.auto_.includes(name)
}
