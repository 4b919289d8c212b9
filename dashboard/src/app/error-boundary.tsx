import { Component, type ReactNode } from 'react'
import { ErrorNote } from '../components/states.tsx'

/** A page that fails to render (or whose chunk fails to load) shows the error, not a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override render() {
    if (this.state.error)
      return <ErrorNote error={this.state.error} onRetry={() => this.setState({ error: null })} />
    return this.props.children
  }
}
