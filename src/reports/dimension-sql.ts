/** Dimensions every event row carries a value of (campaign values of the session's landing). */
export type EventDimension =
  | 'channel'
  | 'source'
  | 'medium'
  | 'campaign'
  | 'device'
  | 'browser'
  | 'os'
  | 'country'

/**
 * The value of a dimension on one row of `events`, '' where it has none. Source is the UTM
 * source, else the referrer's host.
 */
export function eventDimensionSql(dimension: EventDimension): string {
  switch (dimension) {
    case 'source':
      return `if(utm_source != '', utm_source, referrer_host)`
    case 'medium':
      return 'utm_medium'
    case 'campaign':
      return 'utm_campaign'
    default:
      return dimension
  }
}
