import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/http.ts'
import { fieldErrors } from './field-errors.ts'

const FIELDS = ['currentPassword', 'newPassword'] as const

describe('fieldErrors', () => {
  it("puts each reason of a 400 beside the field it names, the first one a field's", () => {
    const error = new ApiError(400, 'invalid_body', 'newPassword must be at least 10 characters', [
      { field: 'newPassword', reason: 'must be at least 10 characters' },
      { field: 'newPassword', reason: 'a second reason' },
      { field: 'currentPassword', reason: 'is not your current password' },
    ])
    expect(fieldErrors(error, FIELDS)).toEqual({
      byField: {
        newPassword: 'must be at least 10 characters',
        currentPassword: 'is not your current password',
      },
      other: null,
    })
  })

  it('keeps the whole error when a reason names no field of the form', () => {
    const error = new ApiError(400, 'invalid_body', 'body has an unknown key', [
      { field: 'newPassword', reason: 'must be at least 10 characters' },
      { field: 'extra', reason: 'is not allowed' },
    ])
    const split = fieldErrors(error, FIELDS)
    expect(split.byField).toEqual({ newPassword: 'must be at least 10 characters' })
    expect(split.other).toBe(error)
  })

  it('leaves other failures whole', () => {
    const limited = new ApiError(429, 'rate_limited', 'Too many attempts')
    expect(fieldErrors(limited, FIELDS)).toEqual({ byField: {}, other: limited })
    expect(fieldErrors('boom', FIELDS).other?.message).toBe('boom')
  })
})
