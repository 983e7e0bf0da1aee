import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ORIGIN, isTrustedUrl } from '../../../../src/main/app/trust';

const DEV = 'http://localhost:5173';

void describe('isTrustedUrl', () => {
  void test('the app origin is app://ocpp-scope', () => {
    assert.equal(APP_ORIGIN, 'app://ocpp-scope');
  });

  void test('pages of app://ocpp-scope/ are trusted, with or without a dev server', () => {
    for (const url of [
      'app://ocpp-scope/',
      'app://ocpp-scope',
      'app://ocpp-scope/index.html',
      'app://ocpp-scope/assets/app.js?v=1#top',
    ]) {
      assert.equal(isTrustedUrl(url), true, url);
      assert.equal(isTrustedUrl(url, DEV), true, url);
    }
  });

  void test('other hosts and schemes are not', () => {
    for (const url of [
      'app://evil/',
      'app://ocpp-scope.evil.com/',
      'app://ocpp-scope:8080/',
      'app://user@evil/ocpp-scope/',
      'apps://ocpp-scope/',
      'https://ocpp-scope/',
      'http://ocpp-scope/',
      'file:///ocpp-scope/index.html',
      'https://example.com/',
      'http://localhost:5173/',
      'about:blank',
      'data:text/html,<h1>x</h1>',
      'javascript:alert(1)',
    ]) {
      assert.equal(isTrustedUrl(url), false, url);
    }
  });

  void test('the dev server origin is trusted only when given', () => {
    assert.equal(isTrustedUrl('http://localhost:5173/'), false);
    assert.equal(isTrustedUrl('http://localhost:5173/', DEV), true);
    assert.equal(isTrustedUrl('http://localhost:5173/src/main.tsx?t=1', DEV), true);
    assert.equal(isTrustedUrl('http://localhost:5173/', `${DEV}/index.html`), true);
    assert.equal(isTrustedUrl('http://localhost:5174/', DEV), false);
    assert.equal(isTrustedUrl('https://localhost:5173/', DEV), false);
    assert.equal(isTrustedUrl('http://127.0.0.1:5173/', DEV), false);
    assert.equal(isTrustedUrl('http://localhost:5173.evil.com/', DEV), false);
    assert.equal(isTrustedUrl('http://localhost:5173/', ''), false);
  });

  void test('garbage URLs are not trusted', () => {
    for (const url of ['', 'ocpp-scope', '/index.html', '://', 'app:', 'http://', 'not a url', '\u0000']) {
      assert.equal(isTrustedUrl(url), false, JSON.stringify(url));
      assert.equal(isTrustedUrl(url, DEV), false, JSON.stringify(url));
    }
  });

  void test('a garbage dev server URL trusts nothing extra', () => {
    assert.equal(isTrustedUrl('http://localhost:5173/', 'not a url'), false);
    assert.equal(isTrustedUrl('app://ocpp-scope/', 'not a url'), true);
  });

  void test('opaque origins ("null") never match each other', () => {
    // data:, about: and file: URLs all have the opaque origin "null": equal strings, but no
    // origin is the same as another opaque one (HTML "same origin").
    assert.equal(isTrustedUrl('data:text/html,<script>alert(1)</script>', 'file:///app/index.html'), false);
    assert.equal(isTrustedUrl('about:blank', 'file:///app/index.html'), false);
  });
});
