'use client';

import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** A new key (another layout, another graph) tries drawing again. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | undefined;
  key: string;
}

/**
 * Keeps a canvas failure (a layout that overflows the stack on a huge graph, a renderer
 * error) inside the canvas: the toolbar, the side panel and the URL stay usable, and the
 * message says what to try.
 */
export class CanvasErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: undefined, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('graph canvas failed', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="graph-message" role="alert">
        <p>
          The graph could not be drawn: {error.message}. Try another layout, fewer namespaces, or
          hiding part of the graph (Hide).
        </p>
      </div>
    );
  }
}
