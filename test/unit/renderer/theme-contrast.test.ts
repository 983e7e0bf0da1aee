/**
 * The two palettes in src/renderer/styles.css, read from the stylesheet itself (the palette lives in
 * CSS only), checked for WCAG 2.x AA contrast: 4.5:1 for text, 3:1 for UI components (field edges,
 * the focus ring). A colour change that makes a pair unreadable fails here with the pair named.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const CSS = readFileSync(new URL('../../../src/renderer/styles.css', import.meta.url), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

type Palette = ReadonlyMap<string, string>;

function declarations(block: string): Palette {
  return new Map([...block.matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const DARK_BLOCK = /^:root\s*\{([^}]*)\}/m.exec(CSS);
const LIGHT_BLOCK = /@media\s*\(prefers-color-scheme:\s*light\)\s*\{\s*:root\s*\{([^}]*)\}\s*\}/.exec(CSS);
assert.ok(DARK_BLOCK, 'styles.css starts its palette with a top-level :root block (the dark theme)');
assert.ok(LIGHT_BLOCK, 'styles.css has :root inside @media (prefers-color-scheme: light)');
const THEMES: Record<'dark' | 'light', Palette> = {
  dark: declarations(DARK_BLOCK[1]!),
  light: declarations(LIGHT_BLOCK[1]!),
};

/** WCAG 2.x relative luminance of an sRGB colour written #rgb or #rrggbb. */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  assert.ok(m, `${hex} is not #rgb or #rrggbb`);
  const digits = m[1]!.length === 3 ? [...m[1]!].map((d) => d + d).join('') : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(digits.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The names the feature stylesheets were written against: they keep their meaning in both themes. */
const FEATURE_NAMES = [
  'bg',
  'bg-2',
  'bg-3',
  'line',
  'fg',
  'muted',
  'accent',
  'to-csms',
  'to-station',
  'error',
  'warning',
  'info',
  'selected',
];

const TEXT = 4.5;
const UI = 3;

interface Pair {
  fg: string;
  bg: string;
  min: number;
}

const SURFACES = ['bg', 'bg-2', 'bg-3', 'selected'];
const pairs: Pair[] = [
  // Every text colour appears as small text (10-13px) on every surface: rows sit on --bg, turn
  // --bg-3 under the pointer and --selected when chosen; panels, the inspector and dialogs are
  // --bg-2. Direction arrows, message types, error codes, flags (--injected), finding seqs and
  // links (--accent) all live in those rows and lists.
  ...['fg', 'muted', 'accent', 'error', 'warning', 'info', 'to-csms', 'to-station', 'injected'].flatMap(
    (fg) => SURFACES.map((bg) => ({ fg, bg, min: TEXT })),
  ),
  // The count inside a finding badge and the glyph in a severity icon, on the severity's fill.
  { fg: 'on-severity', bg: 'error', min: TEXT },
  { fg: 'on-severity', bg: 'warning', min: TEXT },
  { fg: 'on-severity', bg: 'info', min: TEXT },
  // Error notices and the danger button; the inspector's problem box keeps the body text colour.
  { fg: 'error-fg', bg: 'error-bg', min: TEXT },
  { fg: 'fg', bg: 'error-bg', min: TEXT },
  // Form warnings (TLS verification off, ...), info notices.
  { fg: 'warning-fg', bg: 'warning-bg', min: TEXT },
  { fg: 'fg', bg: 'info-bg', min: TEXT },
  // The "live" badge of a recording session.
  { fg: 'to-csms', bg: 'ok-bg', min: TEXT },
  // The primary button's label.
  { fg: 'fg', bg: 'primary-bg', min: TEXT },
  // The edge of a text field or select is all that says "type here": on the field's own fill and
  // on the panel or dialog around it.
  { fg: 'control-line', bg: 'bg', min: UI },
  { fg: 'control-line', bg: 'bg-2', min: UI },
  // The keyboard focus ring (--accent) is drawn inset, so it sits on the focused control's own
  // fill: plain and tinted buttons as well as the surfaces above.
  { fg: 'accent', bg: 'primary-bg', min: UI },
  { fg: 'accent', bg: 'error-bg', min: UI },
];

void describe('theme palettes', () => {
  void test('the contrast formula gives the WCAG reference values', () => {
    assert.equal(contrast('#000000', '#ffffff'), 21);
    assert.equal(contrast('#fff', '#ffffff'), 1);
    // #777 on white is the classic near miss: 4.48:1, just under AA.
    assert.equal(Math.round(contrast('#777777', '#ffffff') * 100) / 100, 4.48);
    assert.equal(contrast('#0a5cad', '#ffffff'), contrast('#ffffff', '#0a5cad'));
  });

  void test('both themes define the same names, including the ones feature stylesheets use', () => {
    const dark = [...THEMES.dark.keys()].sort();
    const light = [...THEMES.light.keys()].sort();
    assert.deepEqual(light, dark, 'a name missing from one theme would keep the other theme’s colour');
    for (const name of FEATURE_NAMES) assert.ok(THEMES.dark.has(name), `--${name} is defined`);
  });

  void test('each theme tells the browser its scheme, so native controls and scrollbars match', () => {
    assert.match(DARK_BLOCK[1]!, /color-scheme:\s*dark;/);
    assert.match(LIGHT_BLOCK[1]!, /color-scheme:\s*light;/);
  });

  for (const [theme, palette] of Object.entries(THEMES)) {
    void test(`${theme}: text and controls meet WCAG AA on the surfaces they sit on`, () => {
      const failures = pairs.flatMap(({ fg, bg, min }) => {
        const a = palette.get(fg);
        const b = palette.get(bg);
        assert.ok(a && b, `--${fg} and --${bg} are defined in the ${theme} theme`);
        const ratio = contrast(a, b);
        return ratio >= min ? [] : [`--${fg} ${a} on --${bg} ${b}: ${ratio.toFixed(2)}:1, needs ${min}:1`];
      });
      assert.deepEqual(failures, []);
    });
  }

  void test('outside the two palettes, styles.css names variables, not colours', () => {
    const rest = CSS.replace(DARK_BLOCK[0], '').replace(LIGHT_BLOCK[0], '');
    const literals = rest.match(
      /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|(?<![\w-])(?:white|black)(?![\w-])/gi,
    );
    assert.equal(literals, null, `hard-coded colours: ${literals?.join(', ')}`);
  });
});
