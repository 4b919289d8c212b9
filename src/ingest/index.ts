export type { DedupRegistry } from './dedup-registry.ts'
export { createDedupRegistry, DEDUP_WINDOW_MS } from './dedup-registry.ts'
export type { IngestPipeline } from './ingest-pipeline.ts'
export { createIngestPipeline } from './ingest-pipeline.ts'
export type {
  CollectInput,
  CollectResult,
  IngestDeps,
  IngestService,
  RejectedEvent,
} from './ingest-service.ts'
export { createIngestService } from './ingest-service.ts'
export type { SessionSeed, SessionTracker } from './session-tracker.ts'
export { createSessionTracker, SESSION_TIMEOUT_MS } from './session-tracker.ts'
export type { DropReason } from './step-result.ts'
export { DROP_REASONS } from './step-result.ts'
export { createCampaignStep } from './steps/campaign-step.ts'
export { createIdentityStep } from './steps/identity-step.ts'
export { createPiiStep } from './steps/pii-step.ts'
export { createSessionStep } from './steps/session-step.ts'
export { createUserAgentStep } from './steps/user-agent-step.ts'
export type { SaltCache } from './visitor-id.ts'
export { cookielessVisitorId, createSaltCache, saltDay } from './visitor-id.ts'
