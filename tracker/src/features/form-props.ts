/**
 * A form's identity for `$form_start` / `$form_submit`, from its attributes, never from
 * its fields: not even `form.id`, which a field named "id" would shadow. The action is reduced to
 * its path (no query, no host); '' when the form has none.
 */
export function formProps(form: Pick<Element, 'getAttribute'>, base: string): Record<string, string> {
  const attr = (name: string) => form.getAttribute(name)
  const action = attr('action')
  let path = ''
  try {
    if (action) path = new URL(action, base).pathname
  } catch {}
  return {
    [STEPWISE_PROPS.formId]: attr('id') || '',
    [STEPWISE_PROPS.formName]: attr('name') || '',
    [STEPWISE_PROPS.formAction]: path,
  }
}
