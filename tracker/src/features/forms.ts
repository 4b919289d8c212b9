import { isOn } from '../config.ts'
import type { Tracker } from '../core.ts'
import { formProps } from './form-props.ts'

/**
 * `forms`: `$form_start` at the first input into a form's fields (not on focus, which autofocus
 * fakes), `$form_submit` when it is submitted. Field values are never read.
 */
export function forms(t: Tracker): void {
  if (!isOn(t.config_, 'forms')) return
  const started = new WeakSet<HTMLFormElement>()
  const send = (name: string, form: HTMLFormElement) => t.send_(name, formProps(form, location.href))
  addEventListener(
    'input',
    (e) => {
      const form = (e.target as HTMLInputElement).form
      if (form && !started.has(form)) {
        started.add(form)
        send(STEPWISE_EVENTS.formStart, form)
      }
    },
    true,
  )
  addEventListener('submit', (e) => send(STEPWISE_EVENTS.formSubmit, e.target as HTMLFormElement), true)
}
