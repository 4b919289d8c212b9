import { isOn } from '../config.ts'
import type { Tracker } from '../core.ts'
import { newSteps } from './video-steps.ts'

/**
 * `video`: `$video_play` at a video's first play, `$video_progress` once per step. Media events do
 * not bubble but are seen in the capture phase on window, so videos added later are covered too.
 */
export function video(t: Tracker): void {
  if (!isOn(t.config_, 'video')) return
  // Per video: the steps sent; 0 stands for the play event.
  const sent = new WeakMap<HTMLVideoElement, number[]>()
  const on = (e: Event) => {
    const v = e.target as HTMLVideoElement
    if (v.tagName !== 'VIDEO') return
    const done = sent.get(v) || []
    sent.set(v, done)
    const props: Record<string, unknown> = {
      [STEPWISE_PROPS.videoSrc]: v.currentSrc || v.src,
      [STEPWISE_PROPS.videoTitle]: v.title || v.getAttribute('aria-label') || '',
    }
    if (v.duration < Infinity) props[STEPWISE_PROPS.videoDuration] = Math.round(v.duration)
    if (e.type === 'play') {
      if (!done.includes(0)) t.send_(STEPWISE_EVENTS.videoPlay, props)
      done.push(0)
    }
    for (const step of newSteps(e.type === 'ended' ? 100 : (v.currentTime / v.duration) * 100, done)) {
      done.push(step)
      t.send_(STEPWISE_EVENTS.videoProgress, Object.assign({ [STEPWISE_PROPS.videoPercent]: step }, props))
    }
  }
  for (const type of ['play', 'timeupdate', 'ended']) addEventListener(type, on, true)
}
