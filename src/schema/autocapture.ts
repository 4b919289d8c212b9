/**
 * Names and properties of the events Stepwise captures by itself. Defined once here and used
 * alike by the browser tracker, the demo generator and engagement goals, so a goal written
 * against them matches what the tracker sends.
 *
 * The `$` prefix keeps them apart from a site's own event names.
 */
export const AUTOCAPTURE_EVENTS = {
  /** Sent when a page is left or hidden: how long it was engaged with and how far it was scrolled. */
  pageLeave: '$page_leave',
  videoPlay: '$video_play',
  /** Sent once per video and threshold when playback passes 25, 50, 75 and 100 %. */
  videoProgress: '$video_progress',
  outboundClick: '$outbound_click',
  fileDownload: '$file_download',
  /** First interaction with a form's fields; field values are never sent. */
  formStart: '$form_start',
  formSubmit: '$form_submit',
} as const

export type AutocaptureEvent = (typeof AUTOCAPTURE_EVENTS)[keyof typeof AUTOCAPTURE_EVENTS]

/** Property keys of the autocaptured events. */
export const AUTOCAPTURE_PROPS = {
  /** `$page_leave`: seconds the page was visible and interacted with (number). */
  engagedSeconds: 'engaged_seconds',
  /** `$page_leave`: deepest scroll reached, percent of the page height 0–100 (number). */
  scrollDepth: 'scroll_depth',
  /** `$video_progress`: the threshold passed, one of VIDEO_PROGRESS_STEPS (number). */
  videoPercent: 'percent',
  /** `$video_play`, `$video_progress`: the video's source URL. */
  videoSrc: 'video_src',
  /** `$video_play`, `$video_progress`: the video's title attribute or nearest heading. */
  videoTitle: 'video_title',
  /** `$video_play`, `$video_progress`: length in seconds when known (number). */
  videoDuration: 'duration_seconds',
  /** `$outbound_click`, `$file_download`: the target URL. */
  targetUrl: 'url',
  /** `$outbound_click`: the target host. */
  targetHost: 'host',
  /** `$file_download`: the file's extension, lower case, without the dot. */
  fileExtension: 'extension',
  /** `$file_download`: the file name from the URL path. */
  fileName: 'file_name',
  /** `$form_start`, `$form_submit`: the form's id attribute, or '' */
  formId: 'form_id',
  /** `$form_start`, `$form_submit`: the form's name attribute, or '' */
  formName: 'form_name',
  /** `$form_start`, `$form_submit`: the path the form posts to, or '' */
  formAction: 'form_action',
} as const

export const VIDEO_PROGRESS_STEPS = [25, 50, 75, 100] as const
