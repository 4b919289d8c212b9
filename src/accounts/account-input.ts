import { z } from 'zod'
import { checkInput } from '../schema/check-input.ts'
import { SITE_ROLES } from '../schema/choices.ts'
import { invalidBody } from '../sites/admin-checks.ts'

export const MIN_PASSWORD_LENGTH = 10
/** scrypt accepts any length; the cap only keeps a request from hashing megabytes. */
export const MAX_PASSWORD_LENGTH = 1024

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`)

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be an e-mail address such as ada@example.com' }))

const nameSchema = z.string().trim().max(200, 'must be at most 200 characters').default('')

export const roleSchema = z.enum(SITE_ROLES, { error: `must be one of ${SITE_ROLES.join(', ')}` })

/** `POST /users` (instance administrator). */
export const newUserSchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  instanceAdmin: z.boolean().default(false),
})

/** `POST /sites/:site/users`: a new user with a role on that site. */
export const newSiteUserSchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  role: roleSchema,
})

export const roleInputSchema = z.strictObject({ role: roleSchema })

/** The password rules are not checked at sign-in: a wrong password gets the one sign-in error. */
export const loginSchema = z.strictObject({
  email: z.string().trim().max(254, 'must be at most 254 characters'),
  password: z.string().max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
})

export const setupSchema = z.strictObject({
  token: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
})

export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
  newPassword: passwordSchema,
})

/** Parses a request body; a problem is a 400 naming its field (`password must be at least 10 characters`). */
export function parseAccountInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const check = checkInput(schema, input)
  if (check.ok) return check.data
  throw invalidBody(check.details)
}
