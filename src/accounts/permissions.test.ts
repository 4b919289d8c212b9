import { describe, expect, it } from 'vitest'
import { KEY_KINDS, SITE_ROLES } from '../schema/choices.ts'
import { keyKindsFor, keyMay, roleMay, rolesFor, SITE_ACTIONS } from './permissions.ts'

describe('permissions', () => {
  it('gives each role the actions of the roles below it and one more', () => {
    const table = Object.fromEntries(
      SITE_ROLES.map((role) => [role, SITE_ACTIONS.filter((action) => roleMay(role, action))]),
    )
    expect(table).toEqual({
      viewer: ['read'],
      editor: ['read', 'edit'],
      admin: ['read', 'edit', 'manage'],
    })
  })

  it('keeps the rights keys had: read keys read, admin keys do everything, sending keys nothing', () => {
    const table = Object.fromEntries(
      KEY_KINDS.map((kind) => [kind, SITE_ACTIONS.filter((action) => keyMay(kind, action))]),
    )
    expect(table).toEqual({
      write: [],
      server: [],
      read: ['read'],
      admin: ['read', 'edit', 'manage'],
    })
  })

  it('names who may do an action, for error messages', () => {
    expect(rolesFor('edit')).toEqual(['editor', 'admin'])
    expect(rolesFor('manage')).toEqual(['admin'])
    expect(keyKindsFor('read')).toEqual(['read', 'admin'])
    expect(keyKindsFor('edit')).toEqual(['admin'])
  })
})
