export { DEMO_FUNNELS, DEMO_GOAL_NAMES, DEMO_GOALS, videoGoalName } from './demo-goals.ts'
export type {
  DemoOptions,
  DemoRun,
  DemoSession,
  DemoShop,
  DemoVisitor,
  DemoVisitorPlan,
} from './demo-shop.ts'
export { DEMO_DEFAULTS, generateDemoShop, PLANTED, resolveDemoRun, streamDemoVisitors } from './demo-shop.ts'
export type { CheckoutTruth, DemoTruth, GoalTruth, RateCount } from './ground-truth.ts'
export { createTruthAccumulator, TRUTH_FORMAT } from './ground-truth.ts'
export { matchesDemoGoal } from './match-demo-goal.ts'
export { DEMO_CHANNELS, DEMO_SITE } from './shop-catalog.ts'
export { CHECKOUT_STEPS, LEAD_FORM_ID, SHOP_EVENTS } from './shop-events.ts'
export type { DemoPeriod } from './traffic-calendar.ts'
export { demoPeriod } from './traffic-calendar.ts'
export type { DemoMessage } from './visit-writer.ts'
