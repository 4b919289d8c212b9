/**
 * Public types of the Stepwise browser tracker (`/s.js`). Copy this file into a site's code, or
 * reference it, to type `window.stepwise`.
 *
 * Before the script has loaded, only the function form is there (the snippet queues its calls):
 *   window.stepwise = window.stepwise || function () { (stepwise.q = stepwise.q || []).push(arguments) }
 *   stepwise('track', 'signup', { plan: 'pro' })
 * Once loaded, both `stepwise('track', …)` and `stepwise.track(…)` work.
 */

/** Event properties and user traits: plain JSON values. */
export type StepwiseValue =
  | string
  | number
  | boolean
  | null
  | StepwiseValue[]
  | { [key: string]: StepwiseValue }
export type StepwiseProps = Record<string, StepwiseValue>

export interface StepwiseApi {
  /** A custom event, e.g. `track('signup', { plan: 'pro' })`. */
  track(name: string, props?: StepwiseProps): void
  /** Ties this visitor to your user id (and traits) from now on. */
  identify(userId: string, traits?: StepwiseProps): void
  /** A page view of the current URL (for single-page apps that track page views by hand). */
  page(props?: StepwiseProps): void
  /**
   * `true`: keep a first-party anonymous id in localStorage, so visits on different days are
   * joined; `false`: forget it and go back to cookieless mode.
   */
  consent(granted: boolean): void
}

export interface Stepwise extends StepwiseApi {
  (method: 'track', name: string, props?: StepwiseProps): void
  (method: 'identify', userId: string, traits?: StepwiseProps): void
  (method: 'page', props?: StepwiseProps): void
  (method: 'consent', granted: boolean): void
  /** Calls queued by the snippet before the script loaded. */
  q?: ArrayLike<unknown>[]
  /** The tracker's version, set once it has loaded. */
  v?: string
}

declare global {
  interface Window {
    stepwise?: Stepwise
  }
}
