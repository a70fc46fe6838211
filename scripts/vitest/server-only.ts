// Stands in for the `server-only` package under Vitest, where no React Server Components
// bundler is there to resolve its conditional exports.
export {};
