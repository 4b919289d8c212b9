export { compileGoal } from './compile-goal.ts'
export type { CompiledGoal } from './compiled-goal.ts'
export {
  SESSION_COLUMNS,
  SESSION_WINDOW,
  SESSION_WINDOW_NAME,
  withSessionColumns,
} from './session-columns.ts'
