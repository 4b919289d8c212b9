export {
  emailSchema,
  MIN_PASSWORD_LENGTH,
  passwordSchema,
} from './account-input.ts'
export {
  createLoginLimiter,
  DEFAULT_LOGIN_LIMITS,
  type LoginLimiter,
  type LoginLimits,
} from './login-limiter.ts'
export { DEFAULT_SCRYPT, hashPassword, verifyPassword } from './password-hash.ts'
export { keyKindsFor, keyMay, roleMay, rolesFor, SITE_ACTIONS, type SiteAction } from './permissions.ts'
export { type FirstStart, prepareFirstStart, SETUP_TOKEN_TTL_MS } from './prepare-first-start.ts'
export {
  type ActiveSession,
  createSessionService,
  SESSION_TTL_MS,
  type SessionService,
  type SignedIn,
} from './session-service.ts'
export { createUserAdmin, type SiteAccess, type UserAdmin, type UserWithRoles } from './user-admin.ts'
