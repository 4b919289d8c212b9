/**
 * Who is one person: visitor ids linked to the same user id (by an identify call, an event that
 * carries both ids, or an alias) are one person; a visitor without a link is a person alone.
 *
 * The person key is a UInt64: sipHash64('u', user id) for identified people, the visitor key
 * (sipHash64 of the visitor id) otherwise. A visitor linked to several user ids (a shared device)
 * belongs to the smallest of them.
 */

/**
 * A LEFT JOIN that gives each event row (aliased `e`) the user id its visitor is linked to, as
 * `<alias>.link_user` ('' when none). Needs the `site` String parameter.
 */
export function personLinksJoinSql(alias: string): string {
  return `LEFT JOIN (
      SELECT sipHash64(left_id) AS link_vk, min(right_id) AS link_user
      FROM identity_links
      WHERE site_id = {site:String} AND left_kind IN ('visitor', 'previous_id') AND right_kind = 'user'
      GROUP BY link_vk
    ) AS ${alias} ON ${alias}.link_vk = e.visitor_key`
}

/** The person key of an event row `e` joined with personLinksJoinSql's `l`. */
export function personKeySql(events: string, links: string): string {
  return `multiIf(${events}.user_id != '', sipHash64('u', ${events}.user_id), ${links}.link_user != '', sipHash64('u', ${links}.link_user), ${events}.visitor_key)`
}

/** The person key of a user id, 0 for none: half of personKeyOfKeysSql's input. */
export function userKeySql(userId: string): string {
  return `if(${userId} != '', sipHash64('u', ${userId}), 0)`
}

/**
 * Like personLinksJoinSql, for rows already narrowed to keys: gives each row whose visitor key is
 * `visitorKey` the person key of the user id its visitor is linked to, as `<alias>.link_pk` (0
 * when none). Carrying keys rather than ids keeps the joined rows small. Needs `site`.
 */
export function personLinkKeysJoinSql(alias: string, visitorKey: string): string {
  return `ANY LEFT JOIN (
      SELECT sipHash64(left_id) AS link_vk, sipHash64('u', min(right_id)) AS link_pk
      FROM identity_links
      WHERE site_id = {site:String} AND left_kind IN ('visitor', 'previous_id') AND right_kind = 'user'
      GROUP BY link_vk
      HAVING min(right_id) != ''
    ) AS ${alias} ON ${alias}.link_vk = ${visitorKey}`
}

/** The person key from userKeySql's key, the visitor key and personLinkKeysJoinSql's `links`. */
export function personKeyOfKeysSql(userKey: string, visitorKey: string, links: string): string {
  return `multiIf(${userKey} != 0, ${userKey}, ${links}.link_pk != 0, ${links}.link_pk, ${visitorKey})`
}
