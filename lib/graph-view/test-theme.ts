/**
 * The canvas theme for headless tests, read from the design tokens in app/globals.css (the
 * light theme's text and surfaces): a token the canvas names but the sheet lacks fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphColors, type GraphTheme } from './graph-style';

const SHEET = readFileSync(join(__dirname, '../../app/globals.css'), 'utf8');

/** A token's value in the sheet; of `light-dark(light, dark)`, the light one. */
export function tokenValue(token: string): string {
  const match = new RegExp(`${token}:\\s*([^;]+);`).exec(SHEET);
  if (!match?.[1]) throw new Error(`app/globals.css defines no ${token}`);
  const value = match[1].trim();
  return /^light-dark\(([^,]+),/.exec(value)?.[1]?.trim() ?? value;
}

export function testTheme(): GraphTheme {
  return {
    text: tokenValue('--text'),
    surface: tokenValue('--surface'),
    box: tokenValue('--bg'),
    colors: graphColors(tokenValue),
  };
}
