import { z } from 'zod'

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** A site's domain is kept as a bare host: scheme, path and `www.` are stripped. */
export function normaliseDomain(input: string): string {
  let d = input.trim().toLowerCase()
  d = d.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
  d = d.split(/[/?#]/)[0] ?? ''
  return d.replace(/^www\./, '')
}

export const siteInputSchema = z.object({
  domain: z
    .string({ error: 'is required' })
    .transform(normaliseDomain)
    .pipe(
      z
        .string()
        .min(1, 'is required')
        .max(253)
        .regex(/^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:\d{1,5})?$/, {
          message: 'must be a host name such as shop.example.com',
        }),
    ),
  name: z.string().trim().max(200).optional(),
  timezone: z
    .string()
    .trim()
    .default('UTC')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' }),
})

export type SiteInput = z.input<typeof siteInputSchema>
