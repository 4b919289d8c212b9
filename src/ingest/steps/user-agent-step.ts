import type { IngestStep } from '../draft.ts'
import { createUserAgentParser } from '../enrich/index.ts'
import { drop, ok } from '../step-result.ts'

/** Device, browser and OS from the end user's agent; bots dropped unless kept by configuration. */
export function createUserAgentStep(options: { keepBots: boolean }): IngestStep {
  const parse = createUserAgentParser()
  return {
    name: 'user-agent',
    run(draft) {
      if (!draft.userAgent) return ok(draft)
      const info = parse(draft.userAgent)
      if (info.isBot && !options.keepBots) return drop('bot', info.browser || draft.userAgent.slice(0, 80))
      draft.row.device = info.isBot ? 'bot' : info.device
      draft.row.browser = info.browser
      draft.row.browser_version = info.browserVersion
      draft.row.os = info.os
      draft.row.os_version = info.osVersion
      return ok(draft)
    },
  }
}
