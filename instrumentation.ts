/**
 * Runs once when the server starts. A bad configuration stops the process here with one line
 * naming the variable, instead of failing later on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { exitOnBadConfig } = await import('./lib/server/startup');
    exitOnBadConfig();
  }
}
