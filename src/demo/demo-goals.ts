import { AUTOCAPTURE_EVENTS, AUTOCAPTURE_PROPS, VIDEO_PROGRESS_STEPS } from '../schema/autocapture.ts'
import type { FunnelInput } from '../schema/funnel.ts'
import type { GoalInput } from '../schema/goal.ts'
import { CHECKOUT_STEPS, LEAD_FORM_ID, SHOP_EVENTS } from './shop-events.ts'

export const DEMO_GOAL_NAMES = {
  newsletter: 'Newsletter sign-up',
  brochure: 'Brochure download',
  zipSearch: 'Zip-code search',
  addToCart: 'Add to cart',
  checkoutShipping: 'Checkout: shipping',
  checkoutPayment: 'Checkout: payment',
  engagedVisit: 'Engaged visit (4+ pages)',
  purchase: 'Purchase',
  lead: 'Lead',
} as const

/** Goal name of a video threshold: `Video 75 %`. */
export const videoGoalName = (percent: number): string => `Video ${percent} %`

/** The demo shop's goals, as a user would import them (`POST /sites/:site/goals/import`). */
export const DEMO_GOALS: readonly GoalInput[] = [
  {
    name: DEMO_GOAL_NAMES.newsletter,
    kind: 'micro',
    description: 'Signed up for the newsletter (footer form).',
    match: { type: 'event', event: SHOP_EVENTS.newsletterSignedUp },
  },
  ...VIDEO_PROGRESS_STEPS.map(
    (percent): GoalInput => ({
      name: videoGoalName(percent),
      kind: 'micro',
      description: `Watched the brand video to at least ${percent} %.`,
      match: { type: 'engagement', metric: 'video_progress', threshold: percent },
    }),
  ),
  {
    name: DEMO_GOAL_NAMES.brochure,
    kind: 'micro',
    description: 'Downloaded the catalogue (PDF).',
    match: {
      type: 'event',
      event: AUTOCAPTURE_EVENTS.fileDownload,
      conditions: [{ property: AUTOCAPTURE_PROPS.fileExtension, op: 'eq', value: 'pdf' }],
    },
  },
  {
    name: DEMO_GOAL_NAMES.zipSearch,
    kind: 'micro',
    description: 'Searched the store finder by zip code.',
    match: { type: 'event', event: SHOP_EVENTS.zipCodeSearched },
  },
  {
    name: DEMO_GOAL_NAMES.addToCart,
    kind: 'micro',
    description: 'Put a product into the cart.',
    match: { type: 'event', event: SHOP_EVENTS.productAdded },
  },
  {
    name: DEMO_GOAL_NAMES.checkoutShipping,
    kind: 'micro',
    description: 'Reached the first checkout step (shipping).',
    match: {
      type: 'event',
      event: SHOP_EVENTS.checkoutStepViewed,
      conditions: [{ property: 'step', op: 'eq', value: CHECKOUT_STEPS.shipping }],
    },
  },
  {
    name: DEMO_GOAL_NAMES.checkoutPayment,
    kind: 'micro',
    description: 'Reached the second checkout step (payment).',
    match: {
      type: 'event',
      event: SHOP_EVENTS.checkoutStepViewed,
      conditions: [{ property: 'step', op: 'eq', value: CHECKOUT_STEPS.payment }],
    },
  },
  {
    name: DEMO_GOAL_NAMES.engagedVisit,
    kind: 'micro',
    description: 'Viewed four or more pages in one visit.',
    match: { type: 'engagement', metric: 'pages_per_session', threshold: 4 },
  },
  {
    name: DEMO_GOAL_NAMES.purchase,
    kind: 'macro',
    description: 'Completed an order; the value is the order revenue.',
    match: { type: 'event', event: SHOP_EVENTS.orderCompleted },
    value: { property: 'revenue', currency: 'EUR' },
    counting: 'every_time',
  },
  {
    name: DEMO_GOAL_NAMES.lead,
    kind: 'macro',
    description: 'Sent the team and club orders form.',
    match: {
      type: 'event',
      event: AUTOCAPTURE_EVENTS.formSubmit,
      conditions: [{ property: AUTOCAPTURE_PROPS.formId, op: 'eq', value: LEAD_FORM_ID }],
    },
  },
]

/** The demo shop's saved funnels (`POST /sites/:site/funnels`). */
export const DEMO_FUNNELS: readonly FunnelInput[] = [
  {
    name: 'Checkout',
    description: 'From the cart through both checkout steps to the purchase, by device.',
    definition: {
      steps: [
        { goal: DEMO_GOAL_NAMES.addToCart },
        { goal: DEMO_GOAL_NAMES.checkoutShipping },
        { goal: DEMO_GOAL_NAMES.checkoutPayment },
        { goal: DEMO_GOAL_NAMES.purchase },
      ],
      window: '7d',
      breakdown: { dimension: 'device' },
    },
  },
]
