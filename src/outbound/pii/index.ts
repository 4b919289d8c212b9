export { normaliseGoogleEmail, normaliseGoogleName, normaliseGooglePhone } from './normalise-google.ts'
export {
  normaliseMetaCity,
  normaliseMetaCountry,
  normaliseMetaDateOfBirth,
  normaliseMetaEmail,
  normaliseMetaExternalId,
  normaliseMetaGender,
  normaliseMetaName,
  normaliseMetaPhone,
  normaliseMetaState,
  normaliseMetaZip,
} from './normalise-meta.ts'
export { toE164 } from './phone-e164.ts'
export { isSha256Hex, sha256Base64, sha256Hex } from './sha256.ts'
