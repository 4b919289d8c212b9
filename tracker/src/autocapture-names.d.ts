import type {
  AUTOCAPTURE_EVENTS,
  AUTOCAPTURE_PROPS,
  VIDEO_PROGRESS_STEPS,
} from '../../src/schema/autocapture.ts'

// The autocapture names of src/schema/autocapture.ts, put in as literals by the build (esbuild
// `define`, see autocaptureDefines in tracker/build.ts) so no lookup object ships in the script.
declare global {
  const STEPWISE_EVENTS: typeof AUTOCAPTURE_EVENTS
  const STEPWISE_PROPS: typeof AUTOCAPTURE_PROPS
  const STEPWISE_VIDEO_STEPS: typeof VIDEO_PROGRESS_STEPS
}
