const PROP_PREFIX = 'data-stepwise-prop-'

/**
 * The custom event a click on an element with `data-stepwise-event="name"` sends: that name, with
 * a property for each `data-stepwise-prop-<key>="value"` attribute (key as written, e.g. `plan-id`).
 */
export function taggedClick(
  attributes: Iterable<{ name: string; value: string }>,
): [name: string, props: Record<string, string>] | undefined {
  let name = ''
  const props: Record<string, string> = {}
  for (const a of attributes) {
    if (a.name === 'data-stepwise-event') name = a.value
    else if (a.name.startsWith(PROP_PREFIX)) props[a.name.slice(PROP_PREFIX.length)] = a.value
  }
  return name ? [name, props] : undefined
}
