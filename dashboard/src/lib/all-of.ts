/**
 * A list that must name every member of a union: the compiler refuses one that leaves a member
 * out, so a new goal operator or funnel mode on the server shows up here as a type error.
 */
export const allOf =
  <T extends string>() =>
  <const A extends readonly T[]>(
    list: A & ([T] extends [A[number]] ? unknown : { missing: Exclude<T, A[number]> }),
  ): A =>
    list
