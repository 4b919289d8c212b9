export { compileGoal, propertyText } from './compile-goal.ts'
export type { CompiledGoal } from './compiled-goal.ts'
