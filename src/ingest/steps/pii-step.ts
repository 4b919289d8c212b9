import type { CountryCode } from 'libphonenumber-js'
import type { IngestStep } from '../draft.ts'
import { hashPii } from '../hash-pii.ts'
import { ok } from '../step-result.ts'

/**
 * Raw e-mail, phone, names and address never reach the store: traits and properties are
 * rewritten with SHA-256 hashes of the normalised values before the row is built.
 */
export function createPiiStep(options: { defaultCountry: string }): IngestStep {
  const defaultCountry = options.defaultCountry as CountryCode
  return {
    name: 'pii',
    run(draft) {
      const { input } = draft
      const source = input.type === 'identify' || input.type === 'group' ? input.traits : input.properties
      const contextTraits = draft.context.traits
      const merged: Record<string, unknown> = {
        ...(typeof contextTraits === 'object' && contextTraits !== null && input.type === 'identify'
          ? (contextTraits as Record<string, unknown>)
          : {}),
        ...(source ?? {}),
      }
      const { value, hashed } = hashPii(merged, { defaultCountry })
      draft.row.properties = JSON.stringify(value)
      draft.emailSha256 = hashed.email ?? ''
      draft.phoneSha256 = hashed.phone ?? ''
      return ok(draft)
    },
  }
}
